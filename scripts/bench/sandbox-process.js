'use strict';
/**
 * The 8x8 sandbox in its own process for the send benchmark, so it has its own event loop (and core)
 * and neither the load client nor the benchmark's bookkeeping shares its thread.
 *
 *   const sb = await startSandboxProcess();   // { url, credentials, reset(), stats(), close() }
 *
 * Options used: receipts off, request/message bodies not recorded (the load-test settings from
 * sandbox/index.js). Counting uses the control API: GET /__sandbox/health -> messages, counters.
 */
const path = require('path');
const { fork } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');

if (require.main === module) {
	// child side
	const { startSandbox } = require(path.join(repoRoot, 'sandbox'));
	startSandbox({ receipts: false, recordBodies: false, maxRequestLog: 100, maxMessages: 200_000 })
		.then((sb) => {
			process.send({ ready: true, url: sb.url, credentials: sb.credentials });
			process.on('disconnect', () => sb.close().finally(() => process.exit(0)));
			process.on('SIGTERM', () => sb.close().finally(() => process.exit(0)));
		})
		.catch((err) => {
			process.send({ error: err.message });
			process.exit(1);
		});
} else {
	module.exports = { startSandboxProcess };
}

async function control(url, method, route, body) {
	const res = await fetch(`${url}/__sandbox/${route}`, {
		method,
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (!res.ok)
		throw new Error(
			`sandbox ${method} /__sandbox/${route}: HTTP ${res.status} ${text.slice(0, 200)}`,
		);
	return text ? JSON.parse(text) : {};
}

function startSandboxProcess() {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, [], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: [],
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error('the sandbox process did not start within 15 s'));
		}, 15_000);
		child.once('error', reject);
		child.once('exit', (code) =>
			reject(new Error(`the sandbox process exited (${code}) before it was ready`)),
		);
		child.once('message', (msg) => {
			clearTimeout(timer);
			if (msg.error) return reject(new Error(`sandbox: ${msg.error}`));
			child.removeAllListeners('exit');
			const onParentExit = () => child.kill('SIGKILL');
			process.on('exit', onParentExit);
			resolve({
				url: msg.url,
				credentials: msg.credentials,
				pid: child.pid,
				reset: () => control(msg.url, 'POST', 'reset', {}),
				stats: () => control(msg.url, 'GET', 'health'),
				close: () =>
					new Promise((done) => {
						process.off('exit', onParentExit);
						if (child.exitCode !== null) return done();
						child.once('exit', () => done());
						child.kill('SIGTERM');
						setTimeout(() => child.kill('SIGKILL'), 5000).unref();
					}),
			});
		});
	});
}
