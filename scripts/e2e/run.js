#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e` — end-to-end tests against a real n8n, once on 1.x and once on 2.x.
 *
 *   npm run test:e2e                       build, install what is missing, run test/e2e/*.test.js on n8n 1 and 2
 *   npm run test:e2e -- --only=2           one n8n version (1 or 2)
 *   npm run test:e2e -- credential         only test files whose name contains "credential"
 *   npm run test:e2e -- --no-build         skip `npm run build` (dist/ must exist)
 *   npm run test:e2e -- --keep             keep the n8n user folders (N8N_E2E_KEEP=1) for inspection
 *   npm run test:e2e -- --echo             stream the n8n logs (N8N_E2E_ECHO=1)
 *   npm run test:e2e -- --queue            the queue-mode suite instead (test/e2e-queue/*.test.js: PostgreSQL,
 *                                          Redis, n8n main + worker + webhook processor; needs the Debian
 *                                          packages postgresql and redis-server, see scripts/lib/n8n-queue.js)
 *
 * Steps: `npm run build` (always: quick, and dist/ is then never stale) → Node 24 and the pinned n8n
 * installs in the cache ($N8N_8X8_CACHE or ~/.cache/n8n-nodes-8x8-whatsapp; first time ~10 min) →
 * `node --test --test-concurrency=1` on Node 24 with N8N_E2E_VERSION=1, then =2 (one n8n at a time).
 * The runner's own summary lines are printed as they come; the last line is "e2e: N passed, N failed".
 * Exit code 1 if anything failed (or nothing ran).
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { repoRoot, log, fmtSeconds } = require('../lib/util');
const { ensureNode24, runtimeEnv } = require('../lib/node24');
const { buildPackage } = require('../lib/build');
const { ensureN8n, VERSIONS } = require('../lib/n8n-install');
const { queueRequirements, INSTALL_ALL } = require('../lib/n8n-queue');

function parseArgs(argv) {
	const opts = { only: null, build: true, keep: false, echo: false, queue: false, filters: [] };
	for (const arg of argv) {
		if (arg.startsWith('--only=')) opts.only = arg.slice('--only='.length);
		else if (arg === '--no-build') opts.build = false;
		else if (arg === '--keep') opts.keep = true;
		else if (arg === '--echo') opts.echo = true;
		else if (arg === '--queue') opts.queue = true;
		else if (arg === '--help' || arg === '-h') opts.help = true;
		else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg} (see scripts/e2e/run.js)`);
		else opts.filters.push(arg);
	}
	if (opts.only && !VERSIONS[opts.only]) throw new Error(`--only must be one of ${Object.keys(VERSIONS).join(', ')}`);
	return opts;
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function testFiles(filters, suite = 'e2e') {
	const dir = path.join(repoRoot, 'test', suite);
	const files = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.test.js'))
		.filter((f) => !filters.length || filters.some((flt) => f.includes(flt)))
		.sort()
		.map((f) => path.join('test', suite, f));
	if (!files.length) throw new Error(`No e2e test files match ${filters.join(', ') || `test/${suite}/*.test.js`}`);
	return files;
}

/** Run the files with node:test on the Node 24 runtime; resolves the counts from the summary lines. */
function runTests(runtime, files, version, opts) {
	return new Promise((resolve, reject) => {
		const env = runtimeEnv(runtime, { N8N_E2E_VERSION: String(version), NODE_NO_WARNINGS: '1' });
		if (opts.keep) env.N8N_E2E_KEEP = '1';
		if (opts.echo) env.N8N_E2E_ECHO = '1';
		const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
		const child = spawn(runtime.node, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (c) => {
			out += c.toString();
			process.stdout.write(c);
		});
		child.stderr.on('data', (c) => process.stderr.write(c));
		const forward = (sig) => child.kill(sig);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			const count = (name) => {
				const matches = [...stripAnsi(out).matchAll(new RegExp(`^\\S*\\s*${name} (\\d+)\\s*$`, 'gm'))];
				return matches.length ? Number(matches[matches.length - 1][1]) : 0;
			};
			resolve({
				code: code ?? 1,
				signal,
				tests: count('tests'),
				pass: count('pass'),
				fail: count('fail'),
				cancelled: count('cancelled'),
				skipped: count('skipped'),
			});
		});
	});
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
		return 0;
	}
	const started = Date.now();
	const versions = opts.only ? [Number(opts.only)] : [1, 2];
	const files = testFiles(opts.filters, opts.queue ? 'e2e-queue' : 'e2e');
	if (opts.queue) {
		const missing = queueRequirements();
		if (missing.length) throw new Error(`the queue-mode suite needs PostgreSQL and Redis:\n  ${missing.join('\n  ')}\n  Both: ${INSTALL_ALL}`);
	}
	if (opts.build) await buildPackage();
	else if (!fs.existsSync(path.join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run without --no-build');
	const runtime = await ensureNode24();
	// install one version at a time, before any test starts (so no test times out on an install)
	const installs = {};
	for (const v of versions) installs[v] = await ensureN8n(v, { runtime });

	const results = [];
	for (const v of versions) {
		const t0 = Date.now();
		log(`── e2e${opts.queue ? ' (queue mode)' : ''} on n8n ${installs[v].version} (Node ${runtime.version}): ${files.join(' ')}`);
		const r = await runTests(runtime, files, v, opts);
		r.version = installs[v].version;
		r.seconds = (Date.now() - t0) / 1000;
		results.push(r);
		log(`── n8n ${r.version}: ${r.pass} passed, ${r.fail + r.cancelled} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds.toFixed(1)} s)`);
		if (r.signal === 'SIGINT' || r.signal === 'SIGTERM') break;
	}
	const pass = results.reduce((n, r) => n + r.pass, 0);
	const fail = results.reduce((n, r) => n + r.fail + r.cancelled, 0);
	const skipped = results.reduce((n, r) => n + r.skipped, 0);
	const broken = results.filter((r) => r.code !== 0 || r.tests === 0);
	log(`e2e finished in ${fmtSeconds(Date.now() - started)}: ${results.map((r) => `n8n ${r.version} ${r.pass}/${r.tests}`).join(', ')}`);
	const label = opts.queue ? 'e2e (queue mode)' : 'e2e';
	const took = opts.queue ? ` in ${fmtSeconds(Date.now() - started)}` : '';
	process.stdout.write(`${label}: ${pass} passed, ${fail} failed${skipped ? `, ${skipped} skipped` : ''}${took}\n`);
	return broken.length || fail || !pass || results.length < versions.length ? 1 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`e2e failed: ${err.message}`);
		process.stdout.write('e2e: 0 passed, 1 failed\n');
		process.exit(1);
	});
