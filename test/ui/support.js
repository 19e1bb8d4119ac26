'use strict';
/**
 * Browser-suite fixtures: one 8x8 sandbox, one real n8n 2.x with the editor UI (the e2e harness,
 * scripts/lib/n8n-instance.js, with ui: true), and one Chromium (scripts/lib/browser.js), shared by
 * the tests of a file and stopped in `after`.
 *
 *   const ctx = withEditor({ workflows: (ctx) => [...], credentials: (ctx) => [...] }, (ctx) => {
 *     it('...', async () => { const page = ctx.page; await page.openWorkflow(id); ... });
 *   });
 *   ctx = { sandbox, n8n, browser, page, shotsDir }
 *
 * check(page, name, fn): runs fn, always saves a screenshot `<nn>-<name>.png` into .cache/ui (or
 * N8N_UI_SHOTS), and on failure appends "screenshot: <file>" to the error message.
 */
const fs = require('fs');
const path = require('path');
const { before, after, describe } = require('node:test');
const { startN8n } = require('../../scripts/lib/n8n-instance');
const { launchBrowser } = require('../../scripts/lib/browser');
const { sandboxCredential, loadSandbox, SANDBOX_CREDENTIAL_ID } = require('../e2e/support');

const repoRoot = path.resolve(__dirname, '..', '..');
const SHOTS_DIR = process.env.N8N_UI_SHOTS || path.join(repoRoot, '.cache', 'ui');

function example(file) {
	return JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8'));
}

const resolve = (value, ctx) => (typeof value === 'function' ? value(ctx) : value);

function withEditor(setup, fn) {
	const ctx = { sandbox: null, n8n: null, browser: null, page: null, shotsDir: SHOTS_DIR };
	describe(setup.title || 'the editor in Chromium (n8n 2.x)', () => {
		before(async () => {
			const { startSandbox } = loadSandbox();
			ctx.sandbox = await startSandbox({ receiptDelayMs: 0 });
			ctx.n8n = await startN8n({
				version: 2,
				ui: true,
				credentials: [sandboxCredential(ctx.sandbox), ...(resolve(setup.credentials, ctx) || [])],
				workflows: resolve(setup.workflows, ctx) || [],
				activate: false,
			});
			ctx.browser = await launchBrowser({ shotsDir: SHOTS_DIR });
			ctx.page = await ctx.browser.newEditorPage(ctx.n8n);
		});
		after(async () => {
			if (ctx.browser) await ctx.browser.close();
			if (ctx.n8n) await ctx.n8n.stop();
			if (ctx.sandbox) await ctx.sandbox.close();
		});
		fn(ctx);
	});
	return ctx;
}

async function check(page, name, fn) {
	let failure;
	try {
		return await fn();
	} catch (err) {
		failure = err;
		throw err;
	} finally {
		const file = await page.shot(name).catch(() => null);
		if (failure && file) failure.message += `\n  screenshot: ${path.relative(repoRoot, file)}`;
	}
}

module.exports = { withEditor, check, example, SANDBOX_CREDENTIAL_ID, SHOTS_DIR };
