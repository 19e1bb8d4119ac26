'use strict';
/**
 * Queue-mode e2e fixtures (node:test, plain CommonJS, run on Node 24 by `npm run test:e2e -- --queue`).
 *
 *   const { withQueue, sandboxApi } = require('./support');
 *   withQueue(
 *     {
 *       sandboxes: { auto: {}, wait: { receiptDelayMs: 300 } },  // named 8x8 sandboxes (options of startSandbox)
 *       credentials: (ctx) => [...],                              // array or function of ctx
 *       workflows: (ctx) => [...],                                // each with an "id"
 *       // activate, env, mainEnv, workerEnv, webhookEnv, workerConcurrency: passed to startQueue
 *     },
 *     (ctx) => { it('...', async () => { await ctx.q.postWebhook(path, body, headers); }); },
 *   );
 *
 * One topology (PostgreSQL, Redis, n8n main, worker and webhook processor: scripts/lib/n8n-queue.js)
 * and the sandboxes are started per withQueue block (in `before`) and stopped in `after`.
 * ctx = { version, q, sandboxes: { name: sandbox } }. The n8n line comes from N8N_E2E_VERSION.
 */
const { describe, before, after } = require('node:test');
const { startQueue } = require('../../scripts/lib/n8n-queue');
const { E2E_VERSION, PACKAGE_DIR, loadSandbox } = require('../e2e/support');

const resolve = (value, ctx) => (typeof value === 'function' ? value(ctx) : value);

function withQueue(setup, fn) {
	const ctx = { version: E2E_VERSION, q: null, sandboxes: {} };
	describe(setup.title || `queue mode, n8n ${E2E_VERSION}.x`, () => {
		before(async () => {
			const { startSandbox } = loadSandbox();
			for (const [name, options] of Object.entries(setup.sandboxes || {})) {
				ctx.sandboxes[name] = await startSandbox(options || {});
			}
			ctx.q = await startQueue({
				version: E2E_VERSION,
				packageDir: PACKAGE_DIR,
				credentials: resolve(setup.credentials, ctx) || [],
				workflows: resolve(setup.workflows, ctx) || [],
				activate: setup.activate,
				env: setup.env,
				mainEnv: setup.mainEnv,
				workerEnv: setup.workerEnv,
				webhookEnv: setup.webhookEnv,
				workerConcurrency: setup.workerConcurrency,
			});
		});
		after(async () => {
			if (ctx.q) await ctx.q.stop();
			for (const sandbox of Object.values(ctx.sandboxes)) await sandbox.close();
		});
		fn(ctx);
	});
	return ctx;
}

/** A call to a sandbox's HTTP API (/api routes with its key, /__sandbox control routes). */
async function sandboxApi(sandbox, method, route, body) {
	const res = await fetch(`${sandbox.url}${route}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.credentials.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json = text;
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	if (!res.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
	return json;
}

/** Point a sandbox's MSG, CADR and CABM webhooks at `url` (optionally signed with `httpAuthorization`). */
function setWebhooks(sandbox, url, httpAuthorization) {
	const sub = sandbox.credentials.subAccountId;
	const hook = (type) => ({ type, subAccountId: sub, url, ...(httpAuthorization ? { httpAuthorization } : {}) });
	return sandboxApi(sandbox, 'POST', `/api/v1/accounts/${sandbox.credentials.accountId}/webhooks`, [hook('MSG'), hook('CADR'), hook('CABM')]);
}

/** Log lines of one process mentioning an execution id as n8n's scaling code logs it. */
function executionLines(proc, id) {
	const re = new RegExp(`(Enqueued execution|Worker started execution|Worker finished execution|Execution) ${id} \\(job`);
	return proc
		.logText()
		.split('\n')
		.filter((l) => re.test(l))
		.map((l) => l.trim());
}

module.exports = { withQueue, sandboxApi, setWebhooks, executionLines, E2E_VERSION };
