#!/usr/bin/env node
'use strict';
/**
 * `npm run test:ui` — the browser suite: Debian's Chromium, driven by puppeteer-core, against a real
 * n8n 2.41.1 with the editor UI, the 8x8 sandbox and its credential (test/ui/*.test.js).
 *
 *   npm run test:ui                 build, then run test/ui/*.test.js
 *   npm run test:ui -- --no-build   skip `npm run build` (dist/ must exist; .ci/run built it already)
 *   npm run test:ui -- credential   only test names containing "credential" (node --test-name-pattern)
 *   npm run test:ui -- --keep       keep the n8n user folder (N8N_E2E_KEEP=1)
 *
 * Screenshots of every check go to .cache/ui/ (kept as CI artifacts; the folder is emptied first).
 * Runs on the Node 24 runtime (puppeteer-core needs >= 22.12; n8n 2.x needs 24). Chromium:
 * /usr/bin/chromium or CHROMIUM_PATH (`apt-get install -y chromium`; .ci/run does it when missing).
 * The last line is "ui: N passed, N failed"; exit code 1 if anything failed or nothing ran.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { repoRoot, log, fmtSeconds } = require('../lib/util');
const { ensureNode24, runtimeEnv } = require('../lib/node24');
const { buildPackage } = require('../lib/build');
const { ensureN8n } = require('../lib/n8n-install');
const { chromiumPath } = require('../lib/browser');

const SHOTS_DIR = path.join(repoRoot, '.cache', 'ui');
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function parseArgs(argv) {
	const opts = { build: true, keep: false, names: [] };
	for (const arg of argv) {
		if (arg === '--no-build') opts.build = false;
		else if (arg === '--keep') opts.keep = true;
		else if (arg === '--help' || arg === '-h') opts.help = true;
		else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg} (see scripts/ui/run.js)`);
		else opts.names.push(arg);
	}
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
		return 0;
	}
	const started = Date.now();
	chromiumPath(); // fail early, with the install command, when there is no browser
	if (opts.build) await buildPackage();
	else if (!fs.existsSync(path.join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run without --no-build');
	const runtime = await ensureNode24();
	await ensureN8n(2, { runtime });
	fs.rmSync(SHOTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(SHOTS_DIR, { recursive: true });

	const files = fs
		.readdirSync(path.join(repoRoot, 'test', 'ui'))
		.filter((f) => f.endsWith('.test.js'))
		.sort()
		.map((f) => path.join('test', 'ui', f));
	const env = runtimeEnv(runtime, { N8N_E2E_VERSION: '2', N8N_UI_SHOTS: SHOTS_DIR, NODE_NO_WARNINGS: '1' });
	if (opts.keep) env.N8N_E2E_KEEP = '1';
	const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000'];
	for (const name of opts.names) args.push(`--test-name-pattern=${name}`);
	args.push(...files);
	const result = await new Promise((resolve, reject) => {
		const child = spawn(runtime.node, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (c) => {
			out += c.toString();
			process.stdout.write(c);
		});
		child.stderr.on('data', (c) => process.stderr.write(c));
		child.on('error', reject);
		child.on('close', (code) => {
			const count = (name) => {
				const matches = [...stripAnsi(out).matchAll(new RegExp(`^\\S*\\s*${name} (\\d+)\\s*$`, 'gm'))];
				return matches.length ? Number(matches[matches.length - 1][1]) : 0;
			};
			resolve({ code: code ?? 1, pass: count('pass'), fail: count('fail') + count('cancelled'), tests: count('tests') });
		});
	});
	const shots = fs.readdirSync(SHOTS_DIR).filter((f) => f.endsWith('.png')).length;
	log(`ui finished in ${fmtSeconds(Date.now() - started)}; ${shots} screenshots in ${path.relative(repoRoot, SHOTS_DIR)}/`);
	process.stdout.write(`ui: ${result.pass} passed, ${result.fail} failed\n`);
	return result.code !== 0 || result.fail || !result.pass ? 1 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`ui failed: ${err.message}`);
		process.stdout.write('ui: 0 passed, 1 failed\n');
		process.exit(1);
	});
