#!/usr/bin/env node
'use strict';
/**
 * `npm run sandbox` — start the local 8x8 sandbox and keep it running until Ctrl-C.
 * Options: --port N (or env SANDBOX_PORT), --host H (or SANDBOX_HOST), --receipt-delay MS,
 * --no-receipts, --auto-approve MS, --api-key KEY, --quiet, --help.
 */
const { startSandbox, OUTCOMES_BY_LAST_DIGIT } = require('./index');

const HELP = `Local 8x8 Chat Apps sandbox (no 8x8 account needed)

Usage: npm run sandbox -- [options]
  --port N             listen on port N (default: env SANDBOX_PORT, else a free port)
  --host H             listen address (default: env SANDBOX_HOST, else 127.0.0.1;
                       use 0.0.0.0 when n8n runs in Docker)
  --receipt-delay MS   pause before each delivery receipt (default 150)
  --no-receipts        accept messages but send no delivery receipts
  --auto-approve MS    new templates become APPROVED after MS milliseconds (default: stay PENDING)
  --api-key KEY        the API key to accept (default sandbox-api-key)
  --quiet              do not log requests and webhook calls
  --help               show this text
`;

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		const next = () => (value !== undefined ? value : argv[++i]);
		switch (arg) {
			case '--port':
				out.port = next();
				break;
			case '--host':
				out.host = next();
				break;
			case '--receipt-delay':
				out.receiptDelayMs = next();
				break;
			case '--no-receipts':
				out.receipts = false;
				break;
			case '--auto-approve':
				out.autoApproveMs = next();
				break;
			case '--api-key':
				out.apiKey = next();
				break;
			case '--quiet':
				out.quiet = true;
				break;
			case '--help':
			case '-h':
				out.help = true;
				break;
			default:
				throw new Error(`Unknown option ${arg} (see --help)`);
		}
	}
	return out;
}

function toNumber(value, name) {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0)
		throw new Error(`${name} must be a non-negative number, got "${value}"`);
	return n;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
	if (args.help) {
		process.stdout.write(HELP);
		return;
	}
	let options;
	try {
		options = {
			port:
				toNumber(
					args.port !== undefined ? args.port : process.env.SANDBOX_PORT || undefined,
					'--port',
				) || 0,
			host: args.host || process.env.SANDBOX_HOST || '127.0.0.1',
			receiptDelayMs: toNumber(args.receiptDelayMs, '--receipt-delay'),
			receipts: args.receipts,
			autoApproveMs: toNumber(args.autoApproveMs, '--auto-approve'),
			apiKey: args.apiKey,
			logger: args.quiet
				? undefined
				: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
		};
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}

	let sandbox;
	try {
		sandbox = await startSandbox(options);
	} catch (error) {
		const hint =
			error && error.code === 'EADDRINUSE'
				? ` (port ${options.port} is in use; pick another with --port)`
				: '';
		process.stderr.write(`Could not start the 8x8 sandbox: ${error.message}${hint}\n`);
		process.exit(1);
	}

	const c = sandbox.credentials;
	const outcomes = Object.entries(OUTCOMES_BY_LAST_DIGIT)
		.map(([digit, o]) => {
			const steps = o.sequence
				.map((step) => (step.detail ? `${step.state} (${step.detail})` : step.state))
				.join(' → ');
			const codes = o.errorCode
				? ` (${o.errorCode}${o.providerErrorCode ? ` / Meta ${o.providerErrorCode}` : ''})`
				: '';
			return `    ${digit}  ${o.description}${codes}\n         ${steps}`;
		})
		.join('\n');
	process.stdout.write(
		[
			'',
			`8x8 sandbox listening on ${sandbox.url}`,
			'',
			'n8n credential "8x8 Connect API":',
			`  API Key               ${c.apiKey}`,
			`  Sub-Account ID        ${c.subAccountId}`,
			`  Account ID            ${c.accountId}`,
			`  WhatsApp Channel ID   ${c.channelId}`,
			'  Region                Custom URL (Proxy or Local Sandbox)',
			`  Base URL              ${sandbox.url}`,
			`  (key "${c.wrongRegionKey}" answers like a wrong-region key: 403 / 1201)`,
			'',
			'Delivery outcome by the last digit of the recipient number:',
			outcomes,
			'',
			`Control API: ${sandbox.url}/__sandbox/health, /__sandbox/messages, /__sandbox/webhook-deliveries,`,
			'  POST /__sandbox/inbound (simulate a customer message), /__sandbox/receipts (play a sequence),',
			'  /__sandbox/faults, /__sandbox/reset; the full list is at the top of sandbox/index.js',
			'',
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);

	let stopping = false;
	const stop = (signal) => {
		if (stopping) process.exit(130);
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the sandbox…\n`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack}\n`);
	process.exit(1);
});
