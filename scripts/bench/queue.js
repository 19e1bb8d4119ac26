'use strict';
/**
 * Queue mode (issue 12): PostgreSQL, Redis, n8n main, one worker and one webhook processor, n8n's
 * default settings otherwise (scripts/lib/n8n-queue.js). Two measurements, each against n8n's own
 * Webhook node (Header Auth -> NoOp, and without auth: the floor) in the same topology (scripts/reliability/workloads.js):
 *
 * 1. CPU per call of the webhook processor: alternating blocks of delivery receipts at a moderate
 *    concurrency, the CPU time (user + system, its whole process group: n8n and its task runner)
 *    the webhook processor spent per call, and its req/s.
 * 2. A burst at concurrency 50: answers after 5 s (8x8's deadline), p50 / p99, lost (answered 2xx,
 *    no execution holds the umid) and executions per receipt, once every execution has finished.
 */
const crypto = require('crypto');
const proc = require('./proc');
const { percentile } = require('./http-client');
const { startTopology, post, receipt, sleep } = require('../reliability/common');
const { SECRET, IDS, LABELS, workflows, credentials, pathOf, executionsByUmid } = require('../reliability/workloads');

const DEADLINE_MS = 5000;
const SIDES = ['bare', 'webhook', 'trigger'];

async function fire(url, umids, concurrency) {
	const calls = umids.map((umid) => ({ umid }));
	let next = 0;
	const started = Date.now();
	const loop = async () => {
		while (next < calls.length) {
			const call = calls[next++];
			Object.assign(call, await post(url, receipt(call.umid, 'delivered'), { authorization: SECRET }));
		}
	};
	await Promise.all(Array.from({ length: concurrency }, loop));
	return { calls, ms: Date.now() - started };
}

/** Waits until every umid has a finished execution (or nothing changed for 30 s). */
async function settle(topo, side, umids) {
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const state = await executionsByUmid(topo, IDS[side], umids);
		const done = state.ofRun.filter((r) => r.status === 'success' || r.status === 'error').length;
		const holding = umids.filter((u) => state.byUmid.get(u).length > 0).length;
		if (holding === umids.length && done === state.ofRun.length) return state;
		if (done !== last) {
			last = done;
			stableSince = Date.now();
		}
		if (Date.now() - stableSince > 30_000) return state;
		await sleep(500);
	}
}

async function runQueueBench(version, { rounds, requests, concurrency, burst, env, log }) {
	const topo = await startTopology('queue', version, { credentials: credentials(), workflows: workflows(), env });
	try {
		const group = topo.target.child.pid;
		if (!proc.membersCpuMs(group)) throw new Error(`no CPU time readable for the webhook processor (process group ${group})`);
		const url = (side) => topo.webhookUrl(pathOf(side));
		for (const side of SIDES) {
			const warm = await fire(url(side), Array.from({ length: 20 }, () => crypto.randomUUID()), 4);
			const bad = warm.calls.find((c) => c.status !== 200);
			if (bad) throw new Error(`warm-up call to ${url(side)}: ${bad.status || bad.error} ${bad.body || ''}`);
		}
		const cpu = Object.fromEntries(SIDES.map((s) => [s, { label: LABELS[s], calls: 0, cpuMs: 0, ms: 0, blockCpu: [], errors: 0 }]));
		for (let round = 0; round < rounds; round++) {
			for (const side of round % 2 ? [...SIDES].reverse() : SIDES) {
				await sleep(1000); // let the previous block's executions finish on the worker
				const before = proc.membersCpuMs(group);
				const { calls, ms } = await fire(url(side), Array.from({ length: requests }, () => crypto.randomUUID()), concurrency);
				const used = proc.membersCpuMs(group) - before;
				const x = cpu[side];
				x.calls += calls.length;
				x.cpuMs += used;
				x.ms += ms;
				x.errors += calls.filter((c) => c.status !== 200).length;
				x.blockCpu.push(+(used / calls.length).toFixed(1));
				log(`queue: ${x.label}: ${calls.length} calls at ${concurrency} in flight, webhook processor CPU ${(used / calls.length).toFixed(1)} ms/call`);
			}
		}
		for (const x of Object.values(cpu)) {
			x.cpuMsPerCall = +(x.cpuMs / x.calls).toFixed(1);
			x.rps = +((x.calls / x.ms) * 1000).toFixed(1);
		}
		const bursts = {};
		for (const side of SIDES) {
			await sleep(2000);
			const umids = Array.from({ length: burst }, () => crypto.randomUUID());
			const { calls, ms } = await fire(url(side), umids, 50);
			const state = await settle(topo, side, umids);
			const answered = calls.filter((c) => c.status >= 200 && c.status < 300);
			const times = calls.map((c) => c.ms).sort((a, b) => a - b);
			const execs = (c) => state.byUmid.get(c.umid).length;
			bursts[side] = {
				label: LABELS[side],
				requests: calls.length,
				answered2xx: answered.length,
				errors: calls.length - answered.length,
				p50: percentile(times, 50),
				p99: percentile(times, 99),
				over5s: calls.filter((c) => c.ms > DEADLINE_MS).length,
				lost: answered.filter((c) => execs(c) === 0).length,
				duplicates: calls.filter((c) => execs(c) > 1).length,
				exactlyOne: calls.filter((c) => execs(c) === 1).length,
				rps: +((calls.length / ms) * 1000).toFixed(1),
			};
			log(`queue: ${LABELS[side]}: ${burst} receipts at 50 in flight: p99 ${bursts[side].p99} ms, over 5 s ${bursts[side].over5s}, lost ${bursts[side].lost}, exactly one execution ${bursts[side].exactlyOne}`);
		}
		return {
			n8nVersion: topo.n8nVersion,
			cpu,
			bursts,
			cpuTriggerVsWebhook: +(cpu.trigger.cpuMsPerCall / cpu.webhook.cpuMsPerCall).toFixed(2),
			cpuTriggerVsBare: +(cpu.trigger.cpuMsPerCall / cpu.bare.cpuMsPerCall).toFixed(2),
		};
	} finally {
		await topo.stop();
	}
}

module.exports = { runQueueBench };
