#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` — benchmarks, each printed as a ratio against a baseline measured in the same run.
 *
 *   npm run bench                          all sections on n8n 2.x
 *   npm run bench -- --quick               smaller counts (a smoke run, < 2 min)
 *   npm run bench -- --only=normalize      sections: normalize, trigger, burst, queue, send (comma-separated)
 *   npm run bench -- --n8n=1|2|both        which real n8n (default 2)
 *
 * Sections
 *   normalize  in process: normalizeEvent() vs JSON.parse of the same body, per event type
 *              (scripts/bench/normalize.js). Goal: ratio <= 2.
 *   trigger    real n8n: 8x8 WhatsApp Trigger vs n8n's Webhook node v2 (both answer on receipt, both ->
 *              NoOp), fixture event bodies, alternating blocks A/B/A/B, sequential and 8 in flight;
 *              rps until every execution is saved, p50/p95 of the HTTP round trip (scripts/bench/trigger.js).
 *              Goal: trigger rps / webhook rps >= 0.95.
 *   burst      real n8n with n8n's default settings (a fresh instance): a campaign's receipts, blocks of
 *              150 at concurrency 16 alternating between the 8x8 trigger, the DIY chain (Webhook with
 *              Header Auth -> Switch on eventType), the bare Webhook and the trigger filtering the
 *              receipts out; then 1,000 receipts to the trigger alone (scripts/bench/burst.js).
 *              Goals: trigger >= 0.95x bare and >= 1.3x DIY; filtered >= 10x bare; none > 5 s, none lost.
 *   queue      queue mode (PostgreSQL, Redis, main, worker, webhook processor; n8n's defaults otherwise): the
 *              webhook processor's CPU per call, 8x8 trigger vs n8n's Webhook node (Header Auth -> NoOp),
 *              alternating blocks at 10 in flight; then 300 receipts at concurrency 50 to each
 *              (scripts/bench/queue.js). Goals: CPU ratio <= 1.2; none > 5 s, none lost, one execution each.
 *   send       real n8n + local sandbox: N template messages via the 8x8 node in batch mode, one request
 *              per item, and n8n's HTTP Request node; the sandbox ceiling with a raw client (N single
 *              sends, 16 in flight; N/1000 batches of 1,000); then peak n8n RSS vs batch input size
 *              (scripts/bench/send.js). Goals: batch >= 20x per item, batch >= 50% of the raw batch ceiling.
 *
 * Options
 *   --quick                 trigger 30 requests/block; send 1,000; memory 500,1000,2000 in the n8n used for the
 *                           send runs (a full run starts a fresh n8n per memory size)
 *   --requests=N            trigger: requests per block (default 150); --blocks=N (default 2 per side)
 *   --count=N               send: messages per mode (default 10000)
 *   --sizes=a,b,c           memory: batch input sizes (default 1000,5000,10000,20000; "none" skips)
 *   --heap-cap=MB           memory: start that n8n with NODE_OPTIONS=--max-old-space-size=MB (does the largest
 *                           batch still complete with a small heap? n8n 2.41 itself needs more than 200 to start)
 *   --engine=vm|legacy      N8N_EXPRESSION_ENGINE (default vm = n8n's default, isolated-vm)
 *   --isolate-skip          keep n8n 2.x's default N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=true
 *                           (only the built-in Webhook node can use it; default here: false, for a fair ratio)
 *   --lazy-acquire          burst, queue: set N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (an isolate only when an expression
 *                           is evaluated; not n8n's default)
 *   --campaign=N            burst: receipts of the final trigger-only run (default 1000; 0 skips)
 *   --queue-burst=N         queue: receipts of the concurrency-50 run per workflow (default 300; quick 100)
 *   --wait-load=X           before each real-n8n section, wait (up to 5 min) for the 1-min load average < X
 *   --no-build              do not run `npm run build` when dist/ is stale
 *   --out=FILE              JSON results (default .cache/bench-results.json)
 *   env BENCH_PACKAGE_DIR   load another copy of the package (package.json + dist/) into n8n, e.g. to try a change
 *
 * A goal that is missed is printed as MISS; the exit code is non-zero only on errors (a failed request
 * or execution, a wrong message count in the sandbox, n8n not starting, …).
 * Real-n8n sections run on Node 24 (node:sqlite, and what the pinned n8n needs): on another Node this
 * script builds, installs Node 24 once (scripts/lib/node24.js) and re-runs itself on it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const { log, fmtSeconds } = require('../lib/util');
const { ensureNode24, runtimeEnv, major } = require('../lib/node24');

const SECTIONS = ['normalize', 'trigger', 'burst', 'queue', 'send'];

function parseArgs(argv) {
	const opts = {
		only: [...SECTIONS],
		quick: false,
		n8n: '2',
		build: true,
		engine: 'vm',
		isolateSkip: false,
		requests: null,
		blocks: 2,
		count: null,
		sizes: null,
		waitLoad: null,
		heapCap: null,
		lazyAcquire: false,
		campaign: null,
		queueBurst: null,
		out: path.join(repoRoot, '.cache', 'bench-results.json'),
	};
	for (const arg of argv) {
		const [key, value] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		switch (key) {
			case '--only':
				opts.only = value
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean);
				for (const s of opts.only)
					if (!SECTIONS.includes(s))
						throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
				break;
			case '--quick':
				opts.quick = true;
				break;
			case '--n8n':
				if (!['1', '2', 'both'].includes(value)) throw new Error('--n8n must be 1, 2 or both');
				opts.n8n = value;
				break;
			case '--no-build':
				opts.build = false;
				break;
			case '--engine':
				if (!['vm', 'legacy'].includes(value)) throw new Error('--engine must be vm or legacy');
				opts.engine = value;
				break;
			case '--isolate-skip':
				opts.isolateSkip = true;
				break;
			case '--requests':
				opts.requests = positive(key, value);
				break;
			case '--blocks':
				opts.blocks = positive(key, value);
				break;
			case '--count':
				opts.count = positive(key, value);
				break;
			case '--sizes':
				opts.sizes = value === 'none' ? [] : value.split(',').map((v) => positive(key, v));
				break;
			case '--heap-cap':
				opts.heapCap = positive(key, value);
				break;
			case '--lazy-acquire':
				opts.lazyAcquire = true;
				break;
			case '--campaign':
				opts.campaign = value === '0' ? 0 : positive(key, value);
				break;
			case '--queue-burst':
				opts.queueBurst = positive(key, value);
				break;
			case '--wait-load':
				opts.waitLoad = Number(value);
				if (!(opts.waitLoad > 0)) throw new Error('--wait-load needs a positive number');
				break;
			case '--out':
				opts.out = path.resolve(value);
				break;
			case '--help':
			case '-h':
				opts.help = true;
				break;
			default:
				throw new Error(`Unknown option ${arg} (see scripts/bench/run.js)`);
		}
	}
	const q = opts.quick;
	opts.requests = opts.requests || (q ? 30 : 150);
	opts.warmup = q ? 10 : 30;
	opts.count = opts.count || (q ? 1000 : 10_000);
	if (opts.campaign === null) opts.campaign = q ? 200 : 1000;
	if (opts.queueBurst === null) opts.queueBurst = q ? 100 : 300;
	opts.sizes = opts.sizes || (q ? [500, 1000, 2000] : [1000, 5000, 10_000, 20_000]);
	opts.normalize = { rounds: 15, iterations: 4000 }; // ~1 s; fewer iterations leave normalizeEvent un-optimized (noisy ratios)
	return opts;
}

function positive(key, value) {
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0) throw new Error(`${key} needs a positive integer`);
	return n;
}

// ---------------------------------------------------------------------------------------------- output

const loadavg = () => os.loadavg().map((v) => +v.toFixed(2));

function table(headers, rows, align) {
	const cells = [
		headers,
		...rows.map((r) =>
			r.map((c) => (c === undefined || c === null || Number.isNaN(c) ? '-' : String(c))),
		),
	];
	const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
	const fmt = (r) =>
		r
			.map((c, i) =>
				(align && align[i] === 'l') || i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]),
			)
			.join('  ');
	return [
		fmt(cells[0]),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...cells.slice(1).map(fmt),
	].join('\n');
}

const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const fixed = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const sec = (ms) => fixed(ms / 1000, ms < 10_000 ? 3 : 2);
const pct = (v) => `${fixed(v * 100, v < 0.1 ? 1 : 0)} %`;

function out(text = '') {
	process.stdout.write(`${text}\n`);
}

// ---------------------------------------------------------------------------------------------- sections

function runNormalize(opts, results) {
	const { run } = require('./normalize');
	const started = Date.now();
	const la = loadavg();
	const rows = run(opts.normalize);
	const goal = 2;
	results.normalize = {
		loadavg: la,
		node: process.version,
		...opts.normalize,
		goalMaxRatio: goal,
		rows: rows.map((r) => ({ ...r, pass: r.ratio <= goal })),
	};
	out(
		`\n== Trigger in process: normalizeEvent() vs JSON.parse of the same body (Node ${process.version}, ${opts.normalize.rounds} rounds × ${opts.normalize.iterations}, median; load ${la.join(' ')}) ==`,
	);
	out(
		table(
			['event type', 'samples', 'JSON.parse µs', 'normalize µs', 'ratio', 'goal', ''],
			rows.map((r) => [
				r.eventType,
				r.samples,
				fixed(r.jsonParseUs, 2),
				fixed(r.normalizeUs, 2),
				fixed(r.ratio, 2),
				`≤ ${goal}`,
				verdict(r.ratio <= goal),
			]),
		),
	);
	out(`(${fmtSeconds(Date.now() - started)})`);
}

async function waitForCalm(opts) {
	if (!opts.waitLoad) return;
	const deadline = Date.now() + 5 * 60_000;
	let said = false;
	while (os.loadavg()[0] >= opts.waitLoad && Date.now() < deadline) {
		if (!said)
			log(
				`load average ${loadavg().join(' ')} ≥ ${opts.waitLoad}: waiting (up to 5 min) for a calmer moment…`,
			);
		said = true;
		await new Promise((r) => setTimeout(r, 10_000));
	}
	if (said) log(`continuing at load ${loadavg().join(' ')}`);
}

/** The burst section: its own n8n with n8n's default settings (only --engine / --lazy-acquire change them). */
async function runBurstSection(version, opts, results, errors) {
	const { startN8n } = require('../lib/n8n-instance');
	const { sandboxCredential } = require('../../test/e2e/support');
	const { burstWorkflows, headerAuthCredential } = require('./burstWorkflows');
	const { runBurstBench } = require('./burst');
	const secret = `Bearer bench-${require('crypto').randomBytes(12).toString('hex')}`;
	const env = {};
	if (opts.engine !== 'vm') env.N8N_EXPRESSION_ENGINE = opts.engine;
	if (opts.lazyAcquire) env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE = 'true';
	const packageDir = process.env.BENCH_PACKAGE_DIR ? path.resolve(process.env.BENCH_PACKAGE_DIR) : repoRoot;
	results.n8n = results.n8n || {};
	const res = (results.n8n[version] = results.n8n[version] || { version });
	let n8n;
	try {
		await waitForCalm(opts);
		const t0 = Date.now();
		n8n = await startN8n({
			version,
			packageDir,
			credentials: [
				sandboxCredential('http://127.0.0.1:9', { webhookSecret: secret }),
				headerAuthCredential(secret),
			],
			workflows: burstWorkflows(),
			env,
			quiet: true,
		});
		const problems = n8n.loadProblems();
		if (problems.length) throw new Error(`n8n could not load the package:\n${problems.join('\n')}`);
		log(`n8n ${n8n.n8nVersion} up for the burst (${fmtSeconds(Date.now() - t0)})`);
		const settingsText = Object.keys(env).length
			? Object.entries(env).map(([k, v]) => `${k}=${v}`).join(', ')
			: "n8n's default settings (N8N_EXPRESSION_ENGINE=vm, ALLOW_WEBHOOK_ISOLATE_SKIP=true)";
		const started = Date.now();
		const laStart = loadavg();
		log(`burst: ${opts.blocks} rounds × 4 workflows × ${opts.requests} receipts at concurrency 16, then ${opts.campaign} to the trigger`);
		const b = await runBurstBench(n8n, {
			requests: opts.requests,
			rounds: opts.blocks,
			concurrency: 16,
			campaign: opts.campaign,
			secret,
			log,
		});
		b.loadavg = { start: laStart, end: loadavg() };
		b.seconds = (Date.now() - started) / 1000;
		b.settings = { ...env, sqlite: 'WAL (pool 2)', node: n8n.runtime.version };
		res.burst = b;
		out(`\n== A campaign's receipts in n8n ${n8n.n8nVersion}: ${opts.blocks} × ${opts.requests} per workflow at concurrency 16, alternating blocks ==`);
		out(`${settingsText}; SQLite WAL (pool 2), Node ${n8n.runtime.version}; load ${b.loadavg.start.join(' ')} -> ${b.loadavg.end.join(' ')}`);
		const rows = Object.values(b.sides).map((x) => [
			x.label,
			fixed(x.rps),
			x.blockRps.join(' / '),
			x.p50Blocks.join(' / '),
			x.p99Blocks.join(' / '),
			x.over5s,
			x.lost,
			x.extra,
			x.executions,
			fixed(x.cpuMsPerRequest),
			x.errors,
		]);
		if (b.campaign) {
			const c = b.campaign;
			rows.push([`8x8 trigger, ${c.requests} receipts in one run`, fixed(c.rps), '', String(c.p50), String(c.p99), c.over5s, c.lost, c.extra, c.executions, fixed(c.cpuMsPerRequest), c.errors]);
		}
		out(table(['workflow', 'req/s', 'req/s per block', 'p50 ms', 'p99 ms', '> 5 s', 'lost', 'extra', 'executions', 'n8n CPU ms/req', 'errors'], rows, ['l']));
		const r = b.ratios;
		out(
			table(
				['ratio', 'measured', 'goal', ''],
				[
					['trigger / bare Webhook (req/s)', fixed(r.triggerVsBare, 2), '≥ 0.95', verdict(r.triggerVsBare >= 0.95)],
					['trigger / DIY chain (req/s)', fixed(r.triggerVsDiy, 2), '≥ 1.3', verdict(r.triggerVsDiy >= 1.3)],
					['filtered trigger / bare Webhook (req/s)', fixed(r.filteredVsBare, 2), '≥ 10', verdict(r.filteredVsBare >= 10)],
					['trigger / bare Webhook (n8n CPU per request)', fixed(r.cpuTriggerVsBare, 2), '', ''],
				],
				['l'],
			),
		);
		out('(req/s = receipts / time until the last execution was saved (filtered: until the last answer); lost = answered 2xx');
		out(` without an execution holding its umid; extra = executions beyond one per receipt; ${fmtSeconds(Date.now() - started)})`);
		for (const x of [...Object.values(b.sides), b.campaign].filter(Boolean)) {
			if (x.errors) errors.push(`burst on n8n ${version}: ${x.errors} failed requests/executions (${x.label || 'campaign'})`);
			if (x.lost) errors.push(`burst on n8n ${version}: ${x.lost} receipts answered 2xx and lost (${x.label || 'campaign'})`);
		}
	} catch (err) {
		errors.push(`burst bench on n8n ${version}: ${err.message}`);
		log(`burst bench failed: ${err.message}`);
	} finally {
		if (n8n) await n8n.stop();
	}
}

/** The queue section: its own PostgreSQL, Redis and three n8n processes with n8n's defaults. */
async function runQueueSection(version, opts, results, errors) {
	const { runQueueBench } = require('./queue');
	results.n8n = results.n8n || {};
	const res = (results.n8n[version] = results.n8n[version] || { version });
	try {
		await waitForCalm(opts);
		const started = Date.now();
		const laStart = loadavg();
		const rounds = opts.quick ? 2 : 4;
		const requests = opts.quick ? 40 : 100;
		log(`queue: starting PostgreSQL, Redis, main, worker and webhook processor (n8n ${version}.x)…`);
		const env = {};
		if (opts.engine !== 'vm') env.N8N_EXPRESSION_ENGINE = opts.engine;
		if (opts.lazyAcquire) env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE = 'true';
		const q = await runQueueBench(version, { rounds, requests, concurrency: 10, burst: opts.queueBurst, env, log });
		q.settings = env;
		q.loadavg = { start: laStart, end: loadavg() };
		q.seconds = (Date.now() - started) / 1000;
		res.queue = q;
		out(`\n== Queue mode, n8n ${q.n8nVersion}: the webhook processor ==`);
		const settingsText = Object.keys(env).length ? Object.entries(env).map(([k, v]) => `${k}=${v}`).join(', ') : "n8n's default settings";
		out(`${settingsText}; PostgreSQL 15 and Redis on loopback, main + 1 worker (concurrency 10) + 1 webhook processor; load ${q.loadavg.start.join(' ')} -> ${q.loadavg.end.join(' ')}`);
		out(
			table(
				['workflow', 'calls', 'CPU ms/call', 'CPU ms/call per block', 'req/s', 'errors'],
				Object.values(q.cpu).map((x) => [x.label, x.calls, fixed(x.cpuMsPerCall), x.blockCpu.join(' / '), fixed(x.rps), x.errors]),
				['l'],
			),
		);
		out(
			table(
				[`${opts.queueBurst} receipts at concurrency 50`, 'req/s', 'p50 ms', 'p99 ms', '> 5 s', 'lost', 'exactly one execution', 'errors'],
				Object.values(q.bursts).map((x) => [x.label, fixed(x.rps), x.p50, x.p99, x.over5s, x.lost, `${x.exactlyOne} / ${x.requests}`, x.errors]),
				['l'],
			),
		);
		const t = q.bursts.trigger;
		out(
			table(
				['goal', 'measured', 'goal', ''],
				[
					['webhook processor CPU per call, trigger / Webhook node (Header Auth)', fixed(q.cpuTriggerVsWebhook, 2), '≤ 1.2', verdict(q.cpuTriggerVsWebhook <= 1.2)],
					['webhook processor CPU per call, trigger / bare Webhook node', fixed(q.cpuTriggerVsBare, 2), '', ''],
					[`trigger: ${opts.queueBurst} at concurrency 50 answered within 5 s`, `${t.requests - t.over5s - t.errors} / ${t.requests}`, 'all', verdict(t.over5s === 0 && t.errors === 0)],
					['trigger: lost / duplicates', `${t.lost} / ${t.duplicates}`, '0 / 0', verdict(t.lost === 0 && t.duplicates === 0)],
				],
				['l'],
			),
		);
		out(`(${fmtSeconds(Date.now() - started)})`);
		for (const x of Object.values(q.bursts)) {
			if (x.lost) errors.push(`queue on n8n ${version}: ${x.lost} receipts answered 2xx and lost (${x.label})`);
		}
	} catch (err) {
		errors.push(`queue bench on n8n ${version}: ${err.message}`);
		log(`queue bench failed: ${err.message}`);
	}
}

async function runN8nSections(version, opts, results, errors) {
	const { startN8n } = require('../lib/n8n-instance');
	const { startSandboxProcess } = require('./sandbox-process');
	const { sandboxCredential } = require('../../test/e2e/support');
	const wf = require('./workflows');
	const { runTriggerBench } = require('./trigger');
	const { runSendBench, runMemoryBench } = require('./send');
	const { EVENT_TYPES } = require(path.join(repoRoot, 'dist/nodes/shared/events'));

	const wantTrigger = opts.only.includes('trigger');
	const wantSend = opts.only.includes('send');
	const env = {
		N8N_EXPRESSION_ENGINE: opts.engine,
		N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: opts.isolateSkip ? 'true' : 'false',
	};
	// BENCH_PACKAGE_DIR: load another build of the package into n8n (e.g. to try a change); default: this repo
	const packageDir = process.env.BENCH_PACKAGE_DIR
		? path.resolve(process.env.BENCH_PACKAGE_DIR)
		: repoRoot;
	const res = {
		version,
		packageDir,
		settings: { ...env, DB_SQLITE_POOL_SIZE: '2 (WAL)', DB_TYPE: 'sqlite', node: null },
	};
	results.n8n = results.n8n || {};
	results.n8n[version] = res;

	const sandbox = await startSandboxProcess();
	let n8n;
	try {
		const workflows = [];
		if (wantTrigger)
			workflows.push(wf.trigger8x8Workflow([...EVENT_TYPES]), wf.webhookTriggerWorkflow());
		const sendWf = wf.sendWorkflow({
			sandboxUrl: sandbox.url,
			subAccountId: sandbox.credentials.subAccountId,
			apiKey: sandbox.credentials.apiKey,
		});
		if (wantSend) workflows.push(sendWf);
		const t0 = Date.now();
		n8n = await startN8n({
			version,
			packageDir,
			credentials: [sandboxCredential(sandbox)],
			workflows,
			env,
			quiet: true,
		});
		res.n8nVersion = n8n.n8nVersion;
		res.settings.node = n8n.runtime.version;
		log(
			`n8n ${n8n.n8nVersion} up with ${workflows.length} workflow(s) (${fmtSeconds(Date.now() - t0)}); sandbox ${sandbox.url}`,
		);
		const problems = n8n.loadProblems();
		if (problems.length) throw new Error(`n8n could not load the package:\n${problems.join('\n')}`);
		const settingsText = `N8N_EXPRESSION_ENGINE=${env.N8N_EXPRESSION_ENGINE}, ALLOW_WEBHOOK_ISOLATE_SKIP=${env.N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP}, SQLite WAL (pool 2), Node ${n8n.runtime.version}`;

		if (wantTrigger) {
			await waitForCalm(opts);
			const started = Date.now();
			const laStart = loadavg();
			log(
				`trigger: ${opts.blocks} blocks × ${opts.requests} requests per side and concurrency (warm-up ${opts.warmup})`,
			);
			try {
				const t = await runTriggerBench(n8n, {
					requests: opts.requests,
					blocks: opts.blocks,
					warmup: opts.warmup,
					concurrencies: [1, 8],
					log,
				});
				t.loadavg = { start: laStart, end: loadavg() };
				t.seconds = (Date.now() - started) / 1000;
				t.goalMinRatio = 0.95;
				res.trigger = t;
				out(
					`\n== Trigger end to end in n8n ${n8n.n8nVersion}: 8x8 WhatsApp Trigger vs Webhook v2 (both respond on receipt -> NoOp, every request a saved execution) ==`,
				);
				out(
					`${settingsText}; ${t.payloads.count} fixture bodies (${t.payloads.eventTypes.length} event types), ${opts.blocks}×${opts.requests} requests per side and mode, A/B/A/B; load ${t.loadavg.start.join(' ')} -> ${t.loadavg.end.join(' ')}`,
				);
				const rows = [];
				for (const m of t.modes) {
					const name = m.concurrency === 1 ? 'sequential' : `concurrency ${m.concurrency}`;
					const cells = (x) => [
						fixed(x.rps),
						fixed(x.p50),
						fixed(x.p95),
						fixed(x.execP50),
						fixed(x.cpuMsPerRequest),
						x.blockRps.join(' / '),
						x.errors,
					];
					rows.push([name, '8x8 trigger', ...cells(m.trigger), '', '', '', '']);
					rows.push([
						name,
						'Webhook v2',
						...cells(m.webhook),
						fixed(m.ratioRps, 2),
						'≥ 0.95',
						verdict(m.ratioRps >= 0.95),
						fixed(m.ratioCpu, 2),
					]);
					if (m.trigger.errors || m.webhook.errors)
						errors.push(
							`trigger bench on n8n ${version}: failed requests/executions at concurrency ${m.concurrency}`,
						);
				}
				out(
					table(
						[
							'mode',
							'side',
							'rps',
							'p50 ms',
							'p95 ms',
							'exec p50 ms',
							'n8n CPU ms/req',
							'rps per block',
							'errors',
							'rps ratio',
							'goal',
							'',
							'CPU ratio',
						],
						rows,
						['l', 'l'],
					),
				);
				out(
					'(rps = requests / time until the last execution was saved; p50/p95 = HTTP round trip; exec = execution startedAt→stoppedAt;',
				);
				out(
					` n8n CPU = user+system CPU of the n8n processes per request (load-independent); rps ratio = 8x8 / Webhook; CPU ratio = 8x8 / Webhook; ${fmtSeconds(Date.now() - started)})`,
				);
			} catch (err) {
				errors.push(`trigger bench on n8n ${version}: ${err.message}`);
				log(`trigger bench failed: ${err.message}`);
			}
		}

		if (wantSend) {
			await waitForCalm(opts);
			const started = Date.now();
			const laStart = loadavg();
			log(`send: ${opts.count} messages per mode`);
			try {
				const s = await runSendBench(n8n, sandbox, { count: opts.count, rawConcurrency: 16, log });
				s.loadavg = { start: laStart, end: loadavg() };
				s.seconds = (Date.now() - started) / 1000;
				res.send = s;
				for (const r of s.rows)
					if (r.problems.length)
						errors.push(`send ${r.mode} on n8n ${version}: ${r.problems.join('; ')}`);
				out(
					`\n== Sending ${s.count.toLocaleString('en-US')} template messages to the sandbox from n8n ${n8n.n8nVersion} (Webhook -> Code -> sender) ==`,
				);
				out(`${settingsText}; load ${s.loadavg.start.join(' ')} -> ${s.loadavg.end.join(' ')}`);
				const rowOf = (r) => [
					r.mode,
					sec(r.wallMs),
					r.execMs !== undefined ? sec(r.execMs) : '',
					r.nodeMs !== undefined ? sec(r.nodeMs) : '',
					r.codeMs !== undefined ? sec(r.codeMs) : '',
					r.n8nCpuMs !== undefined ? sec(r.n8nCpuMs) : '',
					r.msgsPerSecWall,
					r.msgsPerSecNode !== undefined ? r.msgsPerSecNode : '',
					r.sandboxRequests,
					r.sandboxMessages === r.count && !r.problems.length
						? `${r.sandboxMessages} ✓`
						: `${r.sandboxMessages} ✗`,
				];
				out(
					table(
						[
							'mode',
							'wall s',
							'exec s',
							'node s',
							'Code s',
							'n8n CPU s',
							'msg/s wall',
							'msg/s node',
							'API requests',
							'sandbox msgs',
						],
						s.rows.map(rowOf),
						['l'],
					),
				);
				out(
					'(wall = POST to the Webhook until its answer (it answers when the workflow finished); exec = execution startedAt→stoppedAt;',
				);
				out(
					" node = the sender node's own executionTime; n8n CPU = CPU time of the n8n processes during the run; raw rows: a plain",
				);
				out(' Node client straight to the sandbox, which runs in its own process)');
				const r = s.ratios;
				out(
					table(
						['ratio', 'wall', 'node time', 'goal', ''],
						[
							[
								'batch vs one request per item (× faster)',
								fixed(r.batchVsSingleWall),
								fixed(r.batchVsSingleNode),
								'≥ 20×',
								verdict(r.batchVsSingleWall >= 20) +
									' (wall) / ' +
									verdict(r.batchVsSingleNode >= 20) +
									' (node)',
							],
							['batch vs HTTP Request node (× faster)', fixed(r.batchVsHttpWall), '', '', ''],
							[
								'batch as a share of the raw batch ceiling',
								pct(r.batchOfRawBatchWall),
								pct(r.batchOfRawBatchNode),
								'≥ 50 %',
								verdict(r.batchOfRawBatchWall >= 0.5) +
									' (wall) / ' +
									verdict(r.batchOfRawBatchNode >= 0.5) +
									' (node)',
							],
							['batch as a share of raw single sends c16', pct(r.batchOfRawSingleWall), '', '', ''],
							[
								'batch without expressions, share of the raw batch ceiling',
								'',
								pct(r.batchStaticOfRawBatchNode),
								'',
								'',
							],
						],
						['l'],
					),
				);
				out(`(${fmtSeconds(Date.now() - started)})`);
			} catch (err) {
				errors.push(`send bench on n8n ${version}: ${err.message}`);
				log(`send bench failed: ${err.message}`);
			}

			if (opts.sizes.length) {
				const fresh = !opts.quick || Boolean(opts.heapCap);
				const memEnv = opts.heapCap
					? { ...env, NODE_OPTIONS: `--max-old-space-size=${opts.heapCap}` }
					: env;
				const startedMem = Date.now();
				const laMem = loadavg();
				log(
					`memory: batch inputs of ${opts.sizes.join(', ')} items (control = same items -> NoOp)${fresh ? ', a fresh n8n per size' : ''}`,
				);
				try {
					const m = { rows: [], pids: [] };
					for (const size of opts.sizes) {
						if (fresh) {
							// a fresh n8n per size: earlier (larger or 10,000-message) runs must not have grown its heap already
							await n8n.stop();
							n8n = null;
							const t1 = Date.now();
							n8n = await startN8n({
								version,
								packageDir,
								credentials: [sandboxCredential(sandbox)],
								workflows: [sendWf],
								env: memEnv,
								quiet: true,
							});
							const warm = await require('./send').warmUp(n8n, sandbox, ['batch', 'control']);
							if (warm.length) throw new Error(warm.join('; '));
							log(`  fresh n8n for ${size} items (${fmtSeconds(Date.now() - t1)} incl. warm-up)`);
						}
						const part = await runMemoryBench(n8n, sandbox, { sizes: [size], log });
						m.rows.push(...part.rows);
						m.pids.push(part.pids);
					}
					m.loadavg = { start: laMem, end: loadavg() };
					m.freshN8nPerSize = fresh;
					m.heapCapMB = opts.heapCap;
					m.seconds = (Date.now() - startedMem) / 1000;
					res.memory = m;
					for (const row of m.rows)
						if (row.problems.length)
							errors.push(
								`memory ${row.mode} ${row.size} on n8n ${version}: ${row.problems.join('; ')}`,
							);
					const runnerText =
						m.pids[0] && m.pids[0].runners.length
							? 'task runner measured separately'
							: 'no task runner (Code runs in the main process)';
					out(
						`\n== Peak memory of n8n ${n8n.n8nVersion} vs batch input size (RSS of the main process, ${m.rows[0] && m.rows[0].peakSource}; ${runnerText}; load ${m.loadavg.start.join(' ')} -> ${m.loadavg.end.join(' ')}) ==`,
					);
					const byKey = new Map(m.rows.map((row) => [`${row.mode}:${row.size}`, row]));
					const rows = opts.sizes.map((size) => {
						const c = byKey.get(`control:${size}`) || {};
						const b = byKey.get(`batch:${size}`) || {};
						const extra = b.peakMainMB - c.peakMainMB;
						return [
							size.toLocaleString('en-US'),
							c.rssBeforeMB,
							c.peakMainMB,
							`+${c.deltaMainMB}`,
							c.peakRunnerMB,
							b.rssBeforeMB,
							b.peakMainMB,
							`+${b.deltaMainMB}`,
							b.peakRunnerMB,
							Number.isFinite(extra) ? `${extra >= 0 ? '+' : ''}${extra}` : '-',
							b.savedDataMB,
							sec(b.wallMs),
						];
					});
					out(
						table(
							[
								'items',
								'ctl before',
								'ctl peak',
								'ctl Δ',
								'ctl runner',
								'batch before',
								'batch peak',
								'batch Δ',
								'batch runner',
								'batch−ctl peak',
								'saved MB',
								'batch wall s',
							],
							rows,
						),
					);
					out(
						'(MB of RSS of n8n\'s main process; "control" = the same Webhook + Code items into a NoOp, nothing sent; runner = task-runner peak;',
					);
					out(
						` saved MB = size of the execution data n8n stored for the batch run. ${m.freshN8nPerSize ? 'A fresh n8n per size (control first, then batch)' : 'Ascending sizes in the n8n used above'}${m.heapCapMB ? `, heap capped at ${m.heapCapMB} MB` : ''}.)`,
					);
					out(`(${fmtSeconds(Date.now() - startedMem)})`);
				} catch (err) {
					errors.push(`memory bench on n8n ${version}: ${err.message}`);
					log(`memory bench failed: ${err.message}`);
				}
			}
		}
	} finally {
		if (n8n) await n8n.stop();
		await sandbox.close();
	}
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		out(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
		return 0;
	}
	const started = Date.now();
	const needsN8n = opts.only.some((s) => s !== 'normalize');
	if (!process.env.BENCH_REEXEC) {
		if (opts.build) {
			const { buildPackage } = require('../lib/build');
			await buildPackage({ ifStale: true });
		}
		if (!fs.existsSync(path.join(repoRoot, 'dist', 'nodes', 'shared', 'events')))
			throw new Error('dist/ is missing: run `npm run build`');
		if (needsN8n && major(process.version) !== 24) {
			const runtime = await ensureNode24();
			const child = spawn(runtime.node, [__filename, ...process.argv.slice(2)], {
				cwd: repoRoot,
				stdio: 'inherit',
				env: runtimeEnv(runtime, {
					BENCH_REEXEC: '1',
					BENCH_STARTED: String(started),
					NODE_NO_WARNINGS: '1',
				}),
			});
			const forward = (sig) => child.kill(sig);
			process.on('SIGINT', forward);
			process.on('SIGTERM', forward);
			return await new Promise((resolve) =>
				child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
			);
		}
	}
	const t0 = Number(process.env.BENCH_STARTED) || started;
	const results = {
		startedAt: new Date(t0).toISOString(),
		host: {
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0] && os.cpus()[0].model,
			memGB: +(os.totalmem() / 2 ** 30).toFixed(1),
			loadavgAtStart: loadavg(),
		},
		options: {
			only: opts.only,
			quick: opts.quick,
			n8n: opts.n8n,
			engine: opts.engine,
			isolateSkip: opts.isolateSkip,
			requests: opts.requests,
			blocks: opts.blocks,
			count: opts.count,
			sizes: opts.sizes,
			heapCap: opts.heapCap,
		},
	};
	const errors = [];
	out(
		`bench: ${opts.only.join(', ')}${opts.quick ? ' (quick)' : ''} on ${os.cpus().length} cores, load average ${loadavg().join(' ')}`,
	);

	if (opts.only.includes('normalize')) {
		try {
			runNormalize(opts, results);
		} catch (err) {
			errors.push(`normalize: ${err.message}`);
			log(`normalize bench failed: ${err.message}`);
		}
	}
	if (needsN8n) {
		const versions = opts.n8n === 'both' ? [1, 2] : [Number(opts.n8n)];
		for (const v of versions) {
			try {
				if (opts.only.some((x) => x === 'trigger' || x === 'send'))
					await runN8nSections(v, opts, results, errors);
				if (opts.only.includes('burst')) await runBurstSection(v, opts, results, errors);
				if (opts.only.includes('queue')) await runQueueSection(v, opts, results, errors);
			} catch (err) {
				errors.push(`n8n ${v}: ${err.message}`);
				log(`n8n ${v}: ${err.message}`);
			}
		}
	}
	results.seconds = (Date.now() - t0) / 1000;
	results.loadavgAtEnd = loadavg();
	results.errors = errors;
	fs.mkdirSync(path.dirname(opts.out), { recursive: true });
	fs.writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
	out(
		`\nbench finished in ${fmtSeconds(Date.now() - t0)} (load average ${loadavg().join(' ')}); results: ${path.relative(repoRoot, opts.out) || opts.out}`,
	);
	if (errors.length) {
		out(`bench: ${errors.length} error(s):`);
		for (const e of errors) out(`  - ${e.split('\n')[0]}`);
		return 1;
	}
	return 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`bench failed: ${process.env.BENCH_DEBUG ? err.stack : err.message}`);
		process.exit(1);
	});
