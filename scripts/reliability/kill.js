#!/usr/bin/env node
'use strict';
/**
 * Kill -9 loss test: are receipts that were answered 2xx ever lost when the process that answered
 * them crashes?
 *
 *   npm run reliability:kill                           everything: n8n 1.x and 2.x, queue mode and single
 *                                                      process, n8n's Webhook node and the 8x8 trigger
 *   npm run reliability:kill -- --n8n=2 --mode=queue --workflow=trigger --count=300 --concurrency=10
 *   npm run reliability:kill -- --json                 JSON on stdout (the table goes to stderr)
 *   options: --n8n=1|2|both  --mode=queue|single|both  --workflow=webhook|trigger|both
 *            --count=300 --concurrency=10 --kill-after=<2xx answers, default 30% of count>
 *            --settle-ms=8000 (how long the execution count must stay unchanged) --no-build
 *
 * Per n8n line and mode, one topology holds both workflows:
 *   webhook   n8n's Webhook node v2 (POST, Header Auth, Respond Immediately) -> No Operation
 *   trigger   the 8x8 WhatsApp Trigger (manual registration, Webhook Authorization Header) -> No Operation
 * For each workflow: 5 warm-up calls, then `count` delivery receipts (8x8 v9 body, a fresh umid each)
 * at `concurrency` in flight to the process that serves production URLs: the webhook processor in
 * queue mode (Postgres, Redis, main, worker, webhook processor), or the one n8n (SQLite). Once
 * `kill-after` receipts were answered 2xx that process gets SIGKILL; the calls in flight and the rest
 * of the burst get no answer (8x8 would retry those). Then it is restarted and the script waits until
 * no execution of the burst is new or running and nothing changed for settle-ms (or nothing changed
 * for 30 s: an execution of the killed process may stay "running" for good), and looks each umid up
 * in the executions' stored data.
 *
 * Columns: answered 2xx; lost = answered 2xx and no execution holds the umid (8x8 does not resend a
 * receipt it got a 2xx for: gone for good); stuck = answered 2xx, the execution exists but did not
 * finish (new / running / crashed); exec/receipt = how many receipts got 0 / 1 / 2+ executions (2+ =
 * duplicates); unanswered but run = calls that got no answer and still ran (harmless: a retry
 * would then be a duplicate). Exit code 2 when any receipt was answered 2xx and lost.
 */
const crypto = require('crypto');
const { log, fmtSeconds } = require('../lib/util');
const { buildPackage } = require('../lib/build');
const { parseArgs, listOf, startTopology, post, table, receipt, sleep } = require('./common');

const { SECRET, IDS, LABELS, workflows, credentials, pathOf, executionsByUmid } = require('./workloads');

async function burst(topo, workflow, opts) {
	const url = topo.webhookUrl(pathOf(workflow));
	const headers = { authorization: SECRET };
	const warmUmids = [];
	for (let i = 0; i < 5; i++) {
		warmUmids.push(crypto.randomUUID());
		const warm = await post(url, receipt(warmUmids[i], 'delivered'), headers);
		if (warm.status !== 200) throw new Error(`warm-up call to ${url}: ${warm.status || warm.error} ${warm.body || ''}`);
	}
	const calls = Array.from({ length: opts.count }, () => ({ umid: crypto.randomUUID() }));
	let next = 0;
	let ok = 0;
	let inFlight = 0;
	let kill = null;
	const started = Date.now();
	const loop = async () => {
		while (next < calls.length) {
			const call = calls[next++];
			inFlight++;
			const res = await post(url, receipt(call.umid, 'delivered'), headers);
			inFlight--;
			Object.assign(call, res);
			if (res.status >= 200 && res.status < 300) ok++;
			if (!kill && ok >= opts.killAfter) {
				const at = { ms: Date.now() - started, inFlight, answered: ok };
				kill = topo.target.kill9().then(() => at);
			}
		}
	};
	await Promise.all(Array.from({ length: opts.concurrency }, loop));
	const killedAt = kill ? await kill : null;
	const burstMs = Date.now() - started;
	const t0 = Date.now();
	if (topo.target.exited) await topo.target.restart();
	const restartMs = Date.now() - t0;
	// settle
	const umids = calls.map((c) => c.umid);
	// Settled: nothing new or running and no change for settle-ms; or no change at all for 30 s (an
	// execution of the killed process can stay "running" or "new" for good: it is reported as stuck).
	let last = '';
	let stableSince = Date.now();
	const deadline = Date.now() + 180_000;
	let state;
	for (;;) {
		state = await executionsByUmid(topo, IDS[workflow], umids, warmUmids);
		const busy = state.ofRun.filter((r) => r.status === 'new' || r.status === 'running').length;
		const fingerprint = state.ofRun.map((r) => `${r.id}:${r.status}`).join(',');
		if (fingerprint !== last) {
			last = fingerprint;
			stableSince = Date.now();
		}
		const stableMs = Date.now() - stableSince;
		if ((!busy && stableMs >= opts.settleMs) || stableMs >= Math.max(30_000, opts.settleMs) || Date.now() > deadline) break;
		await sleep(1000);
	}
	return summarize({ topo, workflow, calls, state, killedAt, burstMs, restartMs });
}

function summarize({ topo, workflow, calls, state, killedAt, burstMs, restartMs }) {
	const answered = calls.filter((c) => c.status >= 200 && c.status < 300);
	const execCount = (c) => state.byUmid.get(c.umid).length;
	const finished = (c) => state.byUmid.get(c.umid).some((e) => e.status === 'success' || e.status === 'error');
	const hist = { 0: 0, 1: 0, '2+': 0 };
	for (const c of calls) hist[execCount(c) === 0 ? 0 : execCount(c) === 1 ? 1 : '2+']++;
	const statuses = {};
	for (const r of state.ofRun) statuses[r.status] = (statuses[r.status] || 0) + 1;
	const otherAnswers = {};
	for (const c of calls.filter((x) => x.status && !(x.status >= 200 && x.status < 300))) otherAnswers[c.status] = (otherAnswers[c.status] || 0) + 1;
	const noAnswer = {};
	for (const c of calls.filter((x) => !x.status)) noAnswer[c.error] = (noAnswer[c.error] || 0) + 1;
	return {
		n8n: topo.n8nVersion,
		mode: topo.mode === 'queue' ? 'queue (webhook processor killed)' : 'single process (SQLite)',
		workflow: LABELS[workflow],
		sent: calls.length,
		answered2xx: answered.length,
		lost: answered.filter((c) => execCount(c) === 0).length,
		stuck: answered.filter((c) => execCount(c) > 0 && !finished(c)).length,
		executionsPerReceipt: hist,
		duplicates: hist['2+'],
		unattributedExecutions: state.unattributed, // executions holding neither a burst nor a warm-up umid (expected 0)
		unansweredButRun: calls.filter((c) => !(c.status >= 200 && c.status < 300) && execCount(c) > 0).length,
		otherAnswers,
		noAnswer,
		statuses,
		killedAt,
		burstMs,
		restartMs,
	};
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), { n8n: 'both', mode: 'both', workflow: 'both', count: 300, concurrency: 10, killAfter: 0, settleMs: 8000, json: false, build: true });
	if (opts.help) return process.stdout.write(require('fs').readFileSync(__filename, 'utf8').split('*/')[0]);
	if (!opts.killAfter) opts.killAfter = Math.round(opts.count * 0.3);
	const lines = listOf(opts.n8n, [1, 2]);
	const modes = listOf(opts.mode, ['queue', 'single']);
	const wfs = listOf(opts.workflow, ['webhook', 'trigger']);
	if (opts.build) await buildPackage({ ifStale: true });
	const started = Date.now();
	const results = [];
	for (const version of lines) {
		for (const mode of modes) {
			const t0 = Date.now();
			log(`kill test: n8n ${version}.x, ${mode}: starting…`);
			const topo = await startTopology(mode, version, { credentials: credentials(), workflows: workflows() });
			try {
				for (const wf of wfs) {
					log(`kill test: n8n ${topo.n8nVersion}, ${mode}, ${LABELS[wf]}: ${opts.count} receipts at ${opts.concurrency} in flight, SIGKILL after ${opts.killAfter} answered 2xx`);
					const r = await burst(topo, wf, opts);
					results.push(r);
					log(`  answered 2xx ${r.answered2xx}, lost ${r.lost}, stuck ${r.stuck}, executions per receipt ${JSON.stringify(r.executionsPerReceipt)}, killed at ${r.killedAt ? fmtSeconds(r.killedAt.ms) : '-'} with ${r.killedAt ? r.killedAt.inFlight : '-'} in flight, restart ${fmtSeconds(r.restartMs)}`);
				}
			} finally {
				await topo.stop();
			}
			log(`kill test: n8n ${version}.x ${mode} done (${fmtSeconds(Date.now() - t0)})`);
		}
	}
	const text = table(
		results.map((r) => ({
			...r,
			hist: `${r.executionsPerReceipt[0]} / ${r.executionsPerReceipt[1]} / ${r.executionsPerReceipt['2+']}`,
			kill: r.killedAt ? `${fmtSeconds(r.killedAt.ms)}, ${r.killedAt.inFlight} in flight` : '-',
			statusText: Object.entries(r.statuses).map(([k, v]) => `${k} ${v}`).join(', '),
		})),
		[
			['n8n', 'n8n'],
			['mode', 'mode'],
			['workflow', 'workflow'],
			['sent', 'sent'],
			['answered2xx', 'answered 2xx'],
			['lost', 'answered+lost'],
			['stuck', 'stuck'],
			['hist', 'exec/receipt 0/1/2+'],
			['unansweredButRun', 'unanswered but run'],
			['unattributedExecutions', 'no umid'],
			['kill', 'SIGKILL at'],
			['statusText', 'execution statuses'],
		],
	);
	const summary = `\n${text}\n\n(${opts.count} receipts at concurrency ${opts.concurrency}, SIGKILL after ${opts.killAfter} answered 2xx; total ${fmtSeconds(Date.now() - started)})\n`;
	if (opts.json) {
		process.stderr.write(summary);
		process.stdout.write(`${JSON.stringify({ settings: { count: opts.count, concurrency: opts.concurrency, killAfter: opts.killAfter, settleMs: opts.settleMs }, results }, null, 2)}\n`);
	} else process.stdout.write(summary);
	return results.some((r) => r.lost > 0) ? 2 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`kill test failed: ${err.stack || err.message}`);
		process.exit(1);
	});
