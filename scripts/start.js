#!/usr/bin/env node
'use strict';
/**
 * `npm start` — try the package in a real n8n with a local 8x8 sandbox, no 8x8 account needed.
 *
 *   npm start                  n8n 2.x (2.41.1) on http://localhost:5678 (or the next free port)
 *   npm start -- --n8n=1       n8n 1.x (1.123.81)
 *   npm start -- --build       rebuild even if dist/ looks up to date (default: only when sources changed)
 *   npm start -- --reset       forget the n8n data of this version (owner, workflows, executions) first
 *   npm start -- --quiet       do not stream the n8n and sandbox logs to the terminal
 *   npm start -- --queue       n8n in queue mode: PostgreSQL + Redis (Debian packages postgresql and
 *                              redis-server) + n8n main, one worker and one webhook processor, as you
 *                              would deploy it (scripts/lib/n8n-queue.js); fresh data on every start
 *   env: N8N_PORT (default 5678), SANDBOX_PORT (default 8088), N8N_8X8_EXAMPLES_DIR (default examples/)
 *
 * What it does: builds the package if needed; installs Node 24 and the pinned n8n into the cache
 * ($N8N_8X8_CACHE or ~/.cache/n8n-nodes-8x8-whatsapp; one time, ~5 min); starts the 8x8 sandbox
 * (sandbox/index.js, port 8088 or a free one); starts n8n with the editor UI and a PERSISTENT user
 * folder (<cache>/start/n8n-v<major>), the package installed as a community package, the credential
 * "8x8 Sandbox" (id 8x8SandboxCred01, region Custom URL -> the sandbox) and the workflows in
 * examples/*.json imported (again only when they or the sandbox URL changed) and activated; creates the
 * owner account; points the sandbox's MSG / CADR / CABM webhooks at the first example trigger workflow
 * (manual registration; an "automatic" trigger registers itself). Then prints what to open and how to
 * simulate a WhatsApp message. Ctrl-C stops n8n and the sandbox.
 * With --queue: the same, but the database is a throwaway PostgreSQL (examples imported on every
 * start), the editor is on main, every production URL (webhooks, Send and Wait resume URLs) is on the
 * webhook processor, and a worker runs the executions; what runs where is printed. Ctrl-C stops all
 * five processes. Missing PostgreSQL or Redis binaries: a message naming them and the apt-get command.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { repoRoot, cacheRoot, log, freePort, portFree, fmtSeconds, pidAlive } = require('./lib/util');
const { buildPackage } = require('./lib/build');
const { ensureNode24 } = require('./lib/node24');
const { ensureN8n } = require('./lib/n8n-install');
const { startN8n, queryDbFile, OWNER_EMAIL, OWNER_PASSWORD } = require('./lib/n8n-instance');
const { startQueue, queueRequirements, INSTALL_ALL } = require('./lib/n8n-queue');

const CREDENTIAL_ID = '8x8SandboxCred01';
const CREDENTIAL_NAME = '8x8 Sandbox';
const TRIGGER_TYPE = 'n8n-nodes-8x8-whatsapp.eightByEightWhatsAppTrigger';
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 8088);
const N8N_PORT = Number(process.env.N8N_PORT || 5678);
const WEBHOOK_PORT = Number(process.env.N8N_WEBHOOK_PORT || N8N_PORT + 2); // --queue: the webhook processor

function parseArgs(argv) {
	const opts = { n8n: 2, build: false, reset: false, quiet: false, queue: false };
	for (const arg of argv) {
		if (arg.startsWith('--n8n=')) opts.n8n = Number(arg.slice('--n8n='.length));
		else if (arg === '--build') opts.build = true;
		else if (arg === '--reset') opts.reset = true;
		else if (arg === '--quiet') opts.quiet = true;
		else if (arg === '--queue') opts.queue = true;
		else if (arg === '--help' || arg === '-h') opts.help = true;
		else throw new Error(`Unknown option ${arg} (try --help)`);
	}
	if (![1, 2].includes(opts.n8n)) throw new Error('--n8n must be 1 or 2');
	return opts;
}

/** examples/*.json: each file one workflow (or an array). A workflow without "id" gets a stable one. */
function loadExamples() {
	const dir = process.env.N8N_8X8_EXAMPLES_DIR ? path.resolve(process.env.N8N_8X8_EXAMPLES_DIR) : path.join(repoRoot, 'examples');
	if (!fs.existsSync(dir)) return { workflows: [], files: [] };
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	const workflows = [];
	for (const file of files) {
		let parsed;
		try {
			parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		} catch (err) {
			throw new Error(`examples/${file} is not valid JSON: ${err.message}`);
		}
		[].concat(parsed).forEach((wf, i) => {
			if (!wf || !Array.isArray(wf.nodes)) return log(`skipping examples/${file}${i ? ` [${i}]` : ''}: not a workflow (no "nodes")`);
			const id = wf.id || `ex${crypto.createHash('sha1').update(`${file}#${i}`).digest('hex').slice(0, 14)}`;
			workflows.push({ ...wf, id, active: false, __file: file });
		});
	}
	return { workflows, files };
}

function triggerNodes(wf) {
	return (wf.nodes || []).filter((n) => n.type === TRIGGER_TYPE && !n.disabled);
}

async function sandboxApi(sandbox, method, apiPath, body) {
	const res = await fetch(`${sandbox.url}${apiPath}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.credentials.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${apiPath}: HTTP ${res.status} ${text.slice(0, 300)}`);
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
		return;
	}
	const started = Date.now();
	if (opts.queue) {
		const missing = queueRequirements();
		if (missing.length) {
			log(`npm start -- --queue needs PostgreSQL and Redis on this machine:\n  ${missing.join('\n  ')}\n  Both at once: ${INSTALL_ALL}`);
			process.exit(1);
		}
	}
	const userFolder = path.join(cacheRoot(), 'start', `n8n-v${opts.n8n}`);
	const pidFile = opts.queue ? path.join(cacheRoot(), 'start', `queue-v${opts.n8n}.pid`) : `${userFolder}.pid`;
	try {
		const other = Number(fs.readFileSync(pidFile, 'utf8'));
		if (other && other !== process.pid && pidAlive(other)) {
			throw new Error(`Another \`npm start${opts.queue ? ' -- --queue' : ''}\` (pid ${other}) is already running n8n ${opts.n8n}.x${opts.queue ? ' in queue mode' : ` from ${userFolder}`}. Stop it first (Ctrl-C there).`);
		}
	} catch (err) {
		if (err.code !== 'ENOENT') throw err;
	}
	fs.mkdirSync(path.dirname(userFolder), { recursive: true });
	fs.writeFileSync(pidFile, String(process.pid));

	let sandbox = null;
	let n8n = null;
	let shuttingDown = false;
	const shutdown = async (code, why) => {
		if (shuttingDown) return;
		shuttingDown = true;
		if (why) log(why);
		if (n8n) await n8n.stop().catch((err) => log(`stopping n8n: ${err.message}`));
		if (sandbox) await sandbox.close().catch(() => undefined);
		try {
			if (Number(fs.readFileSync(pidFile, 'utf8')) === process.pid) fs.rmSync(pidFile);
		} catch {
			/* gone */
		}
		log('Stopped. Bye.');
		process.exit(code);
	};
	process.on('SIGINT', () => shutdown(0, 'Ctrl-C: stopping n8n and the sandbox…'));
	process.on('SIGTERM', () => shutdown(0, 'SIGTERM: stopping n8n and the sandbox…'));
	process.on('SIGHUP', () => shutdown(0, 'SIGHUP: stopping n8n and the sandbox…'));

	try {
		await buildPackage({ ifStale: !opts.build });
		const runtime = await ensureNode24();
		const inst = await ensureN8n(opts.n8n, { runtime });

		if (opts.reset && !opts.queue && fs.existsSync(userFolder)) {
			log(`--reset: removing ${userFolder}`);
			fs.rmSync(userFolder, { recursive: true, force: true });
		}

		// 1. sandbox
		const { startSandbox } = require(path.join(repoRoot, 'sandbox'));
		const sandboxPort = (await portFree(SANDBOX_PORT)) ? SANDBOX_PORT : await freePort();
		if (sandboxPort !== SANDBOX_PORT) log(`port ${SANDBOX_PORT} is busy: the sandbox uses ${sandboxPort}`);
		sandbox = await startSandbox({
			port: sandboxPort,
			logger: opts.quiet ? undefined : (line) => process.stderr.write(`  [sandbox] ${line}\n`),
		});
		log(`8x8 sandbox on ${sandbox.url}`);

		// 2. what to import (again only when it changed)
		const credential = {
			id: CREDENTIAL_ID,
			name: CREDENTIAL_NAME,
			type: 'eightByEightApi',
			data: {
				apiKey: sandbox.credentials.apiKey,
				subAccountId: sandbox.credentials.subAccountId,
				accountId: sandbox.credentials.accountId,
				channelId: sandbox.credentials.channelId || '',
				region: 'custom',
				baseUrl: sandbox.url,
				webhookSecret: '',
			},
		};
		const { workflows } = loadExamples();
		const importable = workflows.map(({ __file, ...wf }) => wf);
		const stateFile = path.join(userFolder, 'npm-start-state.json');
		const hash = crypto
			.createHash('sha1')
			.update(JSON.stringify({ credential, importable, n8n: inst.version }))
			.digest('hex');
		let state = {};
		try {
			state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
		} catch {
			/* first start */
		}
		const dbFile = path.join(userFolder, '.n8n', 'database.sqlite');
		const present = new Set(
			opts.queue
				? [] // a fresh PostgreSQL every time
				: [
						...(await queryDbFile(runtime, dbFile, 'SELECT id FROM workflow_entity')),
						...(await queryDbFile(runtime, dbFile, 'SELECT id FROM credentials_entity')),
					].map((r) => String(r.id)),
		);
		const missing = [credential, ...importable].filter((item) => !present.has(String(item.id)));
		const fresh = opts.queue || state.hash !== hash || missing.length > 0;
		if (!fresh) log('Credential and examples unchanged since the last start: nothing to import.');
		else if (!workflows.length) log('No examples/*.json found: importing only the credential.');

		// 3. n8n
		const activate = importable.filter((wf) => (wf.nodes || []).some((n) => /trigger$|\.webhook$/i.test(n.type) && !/manualTrigger$/i.test(n.type))).map((wf) => wf.id);
		const expectWebhooks = activate.filter((id) => importable.find((wf) => wf.id === id && wf.nodes.some((n) => n.webhookId)));
		if (opts.queue) {
			n8n = await startQueue({
				version: opts.n8n,
				port: N8N_PORT,
				webhookPort: WEBHOOK_PORT,
				ui: true,
				credentials: [credential],
				workflows: importable,
				activate,
				expectWebhooks,
				readyTimeoutMs: 240_000,
			});
		} else n8n = await startN8n({
			version: opts.n8n,
			userFolder,
			port: N8N_PORT,
			brokerPort: N8N_PORT + 1,
			ui: true,
			credentials: fresh ? [credential] : [],
			workflows: fresh ? importable : [],
			activate: fresh ? activate : false,
			expectWebhooks,
			readyTimeoutMs: 240_000,
		});
		if (fresh && !opts.queue) fs.writeFileSync(stateFile, JSON.stringify({ hash, importedAt: new Date().toISOString(), workflows: activate }, null, 2));
		const processes = opts.queue ? n8n.processes : [n8n];
		for (const proc of processes) {
			proc.child.on('exit', (code, signal) => {
				if (!shuttingDown) {
					process.stderr.write(`\n${proc.logTail(40)}\n`);
					shutdown(1, `${proc.name()} exited unexpectedly (${signal || `exit ${code}`}); log: ${path.join(proc.userFolder, 'n8n.log')}`);
				}
			});
		}
		const editor = opts.queue ? n8n.main : n8n;

		// 4. owner account
		let ownerNote = `${OWNER_EMAIL} / ${OWNER_PASSWORD}`;
		try {
			await n8n.restLogin();
		} catch (err) {
			ownerNote = `${OWNER_EMAIL} (the default password did not work: changed in the UI? --reset starts over)`;
			log(err.message);
		}

		// 5. point the sandbox's webhooks at the first example trigger (manual registration)
		const hooks = await n8n.query('SELECT "workflowId", "webhookPath", node FROM webhook_entity');
		let wired = null;
		for (const wf of workflows) {
			for (const node of triggerNodes(wf)) {
				const row = hooks.find((h) => String(h.workflowId) === String(wf.id) && h.node === node.name);
				if (!row || wired) continue;
				const url = n8n.webhookUrl(row.webhookPath);
				const automatic = node.parameters && node.parameters.registration === 'automatic';
				if (!automatic) {
					await sandboxApi(sandbox, 'POST', `/api/v1/accounts/${encodeURIComponent(sandbox.credentials.accountId)}/webhooks`, [
						{ type: 'MSG', subAccountId: sandbox.credentials.subAccountId, url },
						{ type: 'CADR', subAccountId: sandbox.credentials.subAccountId, url },
						{ type: 'CABM', subAccountId: sandbox.credentials.subAccountId, url },
					]);
				}
				wired = { wf, node, url, automatic };
			}
		}

		// 6. tell the user
		const examples = await n8n.query('SELECT id, name, active FROM workflow_entity ORDER BY name');
		const uiUrl = `http://localhost:${editor.port}`;
		const lines = [
			'',
			`  n8n ${inst.version} with n8n-nodes-8x8-whatsapp is running${opts.queue ? ' in QUEUE MODE' : ''} (up in ${fmtSeconds(Date.now() - started)})`,
			'',
			...(opts.queue ? ['  What runs where', ...n8n.describe().map((l) => `    ${l}`), ''] : []),
			`  Open         ${uiUrl}   (or ${editor.url})`,
			`  Log in       ${ownerNote}`,
			`  Credential   "${CREDENTIAL_NAME}" (id ${CREDENTIAL_ID}) -> 8x8 sandbox ${sandbox.url}`,
			`  Workflows    ${examples.length ? '' : 'none (add examples/*.json and restart)'}`,
			...examples.map((w) => `                 ${w.active ? '[active]  ' : '[inactive]'} ${w.name} (${uiUrl}/workflow/${w.id})`),
			'',
		];
		if (wired) {
			lines.push(
				`  8x8 webhooks (MSG, CADR, CABM) -> "${wired.wf.name}" ${wired.automatic ? '(registered by the trigger itself)' : ''}`,
				`                 ${wired.url}`,
				'',
				'  Simulate an inbound WhatsApp message (the trigger workflow runs; see Executions in the UI):',
				`    curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'content-type: application/json' -d '{"text":"Hello from the sandbox"}'`,
			);
		} else {
			lines.push(
				'  No example workflow with the 8x8 WhatsApp Trigger is active, so the sandbox has no webhook to call.',
				'  Simulate an inbound message to any URL (e.g. the production URL of a trigger you create):',
				`    curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'content-type: application/json' -d '{"text":"Hello","url":"${n8n.url}/webhook/<webhookId>/webhook"}'`,
			);
		}
		lines.push(
			'  Messages your workflows sent to 8x8:',
			`    curl -s ${sandbox.url}/__sandbox/messages`,
			'',
			opts.queue
				? `  n8n data: PostgreSQL, thrown away on Ctrl-C; logs: ${n8n.runDir}/{main,worker,webhook}/n8n.log   Stop: Ctrl-C (stops all five processes)`
				: `  n8n data: ${userFolder} (log: n8n.log)   Stop: Ctrl-C`,
			'',
		);
		process.stdout.write(`${lines.join('\n')}\n`);
		for (const proc of processes) proc.echo = !opts.quiet;
	} catch (err) {
		log(`npm start failed: ${err.message}`);
		await shutdown(1);
	}
}

main().catch((err) => {
	log(err.message);
	process.exit(1);
});
