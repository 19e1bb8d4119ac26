'use strict';
/**
 * e2e fixtures (node:test, plain CommonJS; the files run on Node 24 via `npm run test:e2e`).
 *
 *   const { it } = require('node:test');
 *   const assert = require('node:assert/strict');
 *   const { withN8n, sandboxCredential, SANDBOX_CREDENTIAL_ID, NODE_TYPES } = require('./support');
 *
 *   withN8n(
 *     {
 *       sandbox: true,                                   // or sandbox options ({ receiptDelayMs: 0 }), or false
 *       credentials: (ctx) => [sandboxCredential(ctx.sandbox)],   // array, or a function of ctx
 *       workflows: (ctx) => [myWorkflow],                // each with an "id"; activated if it has a trigger
 *       // activate, webhookPaths, env, readyTimeoutMs: passed to startN8n (scripts/lib/n8n-instance.js)
 *     },
 *     (ctx) => {
 *       it('does something', async () => {
 *         const res = await ctx.n8n.postWebhook('my-path', { hello: 1 });
 *         const [exec] = await ctx.n8n.waitForExecutions('wfId', 1);
 *         assert.equal(exec.nodes['8x8 Trigger'].outputs[0].length, 1);
 *       });
 *     },
 *   );
 *
 * One n8n (and one sandbox) is booted per withN8n block (in `before`) and shared by its tests; both
 * are stopped in `after`. The n8n major version comes from N8N_E2E_VERSION (1 or 2, set by
 * scripts/e2e/run.js). ctx = { version, n8n, sandbox } (n8n/sandbox are set once `before` ran).
 * N8N_E2E_PACKAGE_DIR overrides the package folder that is loaded (default: the repo root).
 */
const path = require('path');
const { describe, before, after } = require('node:test');
const { startN8n } = require('../../scripts/lib/n8n-instance');

const repoRoot = path.resolve(__dirname, '..', '..');
const E2E_VERSION = Number(process.env.N8N_E2E_VERSION || 1);
const PACKAGE_DIR = process.env.N8N_E2E_PACKAGE_DIR ? path.resolve(process.env.N8N_E2E_PACKAGE_DIR) : repoRoot;

/** The credential id used by e2e tests, `npm start` and the examples in examples/*.json. */
const SANDBOX_CREDENTIAL_ID = '8x8SandboxCred01';
const SANDBOX_CREDENTIAL_NAME = '8x8 Sandbox';
const CREDENTIAL_TYPE = 'eightByEightApi';
const NODE_TYPES = {
	action: 'n8n-nodes-8x8-whatsapp.eightByEightWhatsApp',
	trigger: 'n8n-nodes-8x8-whatsapp.eightByEightWhatsAppTrigger',
};

function loadSandbox() {
	try {
		return require(path.join(repoRoot, 'sandbox'));
	} catch (err) {
		throw new Error(`The 8x8 sandbox (sandbox/index.js) could not be loaded: ${err.message}`);
	}
}

/**
 * The "8x8 Sandbox" credential for import (n8n import:credentials shape). `sandbox` is the object
 * startSandbox resolved with (or a URL string); `overrides` replaces data fields.
 */
function sandboxCredential(sandbox, overrides = {}, { id = SANDBOX_CREDENTIAL_ID, name = SANDBOX_CREDENTIAL_NAME } = {}) {
	const url = typeof sandbox === 'string' ? sandbox : sandbox.url;
	const values = (typeof sandbox === 'object' && sandbox.credentials) || {};
	return {
		id,
		name,
		type: CREDENTIAL_TYPE,
		data: {
			apiKey: values.apiKey || 'sandbox-api-key',
			subAccountId: values.subAccountId || 'SandboxSub',
			accountId: values.accountId || 'SandboxAccount',
			channelId: values.channelId || '',
			region: 'custom',
			baseUrl: url,
			webhookSecret: '',
			...overrides,
		},
	};
}

const resolve = (value, ctx) => (typeof value === 'function' ? value(ctx) : value);

function withN8n(setup, fn) {
	const ctx = { version: E2E_VERSION, n8n: null, sandbox: null };
	describe(setup.title || `n8n ${E2E_VERSION}.x`, () => {
		before(async () => {
			if (setup.sandbox) {
				const { startSandbox } = loadSandbox();
				ctx.sandbox = await startSandbox(setup.sandbox === true ? {} : setup.sandbox);
			}
			ctx.n8n = await startN8n({
				version: E2E_VERSION,
				packageDir: PACKAGE_DIR,
				credentials: resolve(setup.credentials, ctx) || [],
				workflows: resolve(setup.workflows, ctx) || [],
				activate: setup.activate,
				webhookPaths: resolve(setup.webhookPaths, ctx),
				env: setup.env,
				readyTimeoutMs: setup.readyTimeoutMs,
			});
		});
		after(async () => {
			if (ctx.n8n) await ctx.n8n.stop();
			if (ctx.sandbox) await ctx.sandbox.close();
		});
		fn(ctx);
	});
	return ctx;
}

module.exports = {
	withN8n,
	sandboxCredential,
	loadSandbox,
	E2E_VERSION,
	PACKAGE_DIR,
	SANDBOX_CREDENTIAL_ID,
	SANDBOX_CREDENTIAL_NAME,
	CREDENTIAL_TYPE,
	NODE_TYPES,
};
