#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots` — regenerate examples/img/<example>.png: every workflow in examples/*.json
 * opened in a real n8n 2.41.1 editor (Chromium via puppeteer-core, the browser code of the UI suite),
 * the canvas fitted to the window (1400 × 800), one PNG per example.
 *
 *   npm run screenshots                 build if sources changed, then all examples
 *   npm run screenshots -- 06 04        only examples whose file name contains one of these
 *
 * Runs itself on the Node 24 runtime (scripts/lib/node24.js) when the current Node is older.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot, log } = require('../lib/util');
const { ensureNode24, runtimeEnv } = require('../lib/node24');

const IMG_DIR = path.join(repoRoot, 'examples', 'img');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function reexecOnNode24() {
	const runtime = await ensureNode24();
	const child = spawnSync(runtime.node, [__filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: runtimeEnv(runtime, { N8N_8X8_SCREENSHOTS_CHILD: '1' }),
	});
	return child.status ?? 1;
}

async function main() {
	if (Number(process.versions.node.split('.')[0]) < 22 && !process.env.N8N_8X8_SCREENSHOTS_CHILD) return reexecOnNode24();
	const { buildPackage } = require('../lib/build');
	const { startN8n } = require('../lib/n8n-instance');
	const { launchBrowser } = require('../lib/browser');
	const { sandboxCredential, loadSandbox } = require('../../test/e2e/support');
	const filters = process.argv.slice(2);
	const files = fs
		.readdirSync(path.join(repoRoot, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.filter((file) => !filters.length || filters.some((f) => file.includes(f)))
		.sort();
	if (!files.length) throw new Error(`no example matches ${filters.join(', ')}`);
	await buildPackage({ ifStale: true });
	const examples = files.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8')) }));
	const sandbox = await loadSandbox().startSandbox({});
	const n8n = await startN8n({
		version: 2,
		ui: true,
		credentials: [sandboxCredential(sandbox)],
		workflows: examples.map((e) => e.workflow),
		activate: false,
	});
	const browser = await launchBrowser({ shotsDir: IMG_DIR, width: 1400, height: 800 });
	try {
		const page = await browser.newEditorPage(n8n);
		for (const { file, workflow } of examples) {
			await page.openWorkflow(workflow.id);
			const fit = await page.$('[data-test-id="zoom-to-fit"]');
			if (fit) await fit.click();
			await page.mouse.move(5, 795);
			await sleep(1200);
			const target = path.join(IMG_DIR, file.replace(/\.json$/, '.png'));
			await page.screenshot({ path: target });
			log(`${path.relative(repoRoot, target)}`);
		}
	} finally {
		await browser.close();
		await n8n.stop();
		await sandbox.close();
	}
	return 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`screenshots failed: ${err.stack || err.message}`);
		process.exit(1);
	});
