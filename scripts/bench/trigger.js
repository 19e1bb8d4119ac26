'use strict';
/**
 * Trigger end to end in a real n8n: the 8x8 WhatsApp Trigger vs n8n's own Webhook node (v2), both
 * answering on receipt, both followed by a NoOp, same n8n, same payloads (the fixture bodies of
 * test/fixtures/events that are valid events), alternating blocks A/B/A/B, sequential and with 8
 * requests in flight.
 *
 * A block is over when the last answer arrived AND its last execution is saved (stoppedAt in the DB):
 * rps = requests / (that moment - block start). Latency = the HTTP round trip of each POST.
 * Every block waits for the previous block's executions, so blocks never overlap.
 */
const fs = require('fs');
const path = require('path');
const { createClient, runLoad, percentile, median } = require('./http-client');
const db = require('./db');
const proc = require('./proc');
const { IDS, TRIGGER_WEBHOOK_ID, WEBHOOK_PATH } = require('./workflows');

const repoRoot = path.resolve(__dirname, '..', '..');

/** Fixture bodies the trigger classifies as events (the same selection as normalize.js). */
function eventPayloads() {
	const { normalizeEvent } = require(path.join(repoRoot, 'dist/nodes/shared/events'));
	const dir = path.join(repoRoot, 'test/fixtures/events');
	const out = [];
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const body = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		const result = normalizeEvent(body, new Date().toISOString());
		if (result.kind === 'event')
			out.push({ file, eventType: result.eventType, body: Buffer.from(JSON.stringify(body)) });
	}
	if (!out.length) throw new Error('no fixture in test/fixtures/events is a valid event');
	return out;
}

const SIDES = [
	{
		key: 'trigger',
		label: '8x8 WhatsApp Trigger',
		workflowId: IDS.trigger8x8,
		path: `${TRIGGER_WEBHOOK_ID}/webhook`,
	},
	{ key: 'webhook', label: 'n8n Webhook v2', workflowId: IDS.triggerWebhook, path: WEBHOOK_PATH },
];

async function block(n8n, side, payloads, count, concurrency, offset) {
	const url = n8n.webhookUrl(side.path);
	const requests = Array.from({ length: count }, (_, i) => {
		const p = payloads[(offset + i) % payloads.length];
		return { url, body: p.body, headers: {} };
	});
	const client = createClient({ concurrency });
	const before = db.maxExecutionId(n8n);
	const cpuBefore = proc.cpuMs(n8n.benchPids || []);
	const startedMs = Date.now();
	const load = await runLoad({ client, requests, concurrency });
	client.close();
	const execs = await db.waitFinished(n8n, side.workflowId, before, count, { timeoutMs: 120_000 });
	const lastStop = Math.max(...execs.map((e) => e.stoppedMs));
	const completedMs = Math.max(load.wallMs, lastStop - startedMs);
	const cpuMs = proc.cpuMs(n8n.benchPids || []) - cpuBefore;
	const failed = execs.filter((e) => e.status !== 'success').length;
	return {
		side: side.key,
		concurrency,
		count,
		errors: load.errors,
		firstError: load.firstError,
		failedExecutions: failed,
		extraExecutions: execs.length - count,
		completedMs,
		cpuMs,
		httpWallMs: load.wallMs,
		latencies: load.latencies,
		execMs: execs.map((e) => e.stoppedMs - e.startedMs),
	};
}

function summarize(blocks) {
	const count = blocks.reduce((n, b) => n + b.count, 0);
	const ms = blocks.reduce((n, b) => n + b.completedMs, 0);
	const lat = blocks.flatMap((b) => b.latencies);
	const exec = blocks.flatMap((b) => b.execMs);
	return {
		requests: count,
		errors: blocks.reduce((n, b) => n + b.errors + b.failedExecutions, 0),
		rps: +(count / (ms / 1000)).toFixed(1),
		p50: +percentile(lat, 50).toFixed(1),
		p95: +percentile(lat, 95).toFixed(1),
		execP50: +median(exec).toFixed(1),
		cpuMsPerRequest: +(blocks.reduce((n, b) => n + b.cpuMs, 0) / count).toFixed(1),
		blockRps: blocks.map((b) => +(b.count / (b.completedMs / 1000)).toFixed(1)),
	};
}

/**
 * opts: { requests (per block), blocks, warmup, concurrencies: [1, 8], log }
 * -> { payloads: {count, eventTypes}, modes: [{concurrency, trigger, webhook, ratioRps, ratioP50}] }
 */
async function runTriggerBench(n8n, opts) {
	const payloads = eventPayloads();
	const log = opts.log || (() => {});
	const { main, runners } = proc.n8nProcesses(n8n.child.pid);
	n8n.benchPids = [main, ...runners].filter(Boolean);
	// warm-up: JIT, node type loading, first DB writes; not measured
	for (const side of SIDES) {
		const w = await block(n8n, side, payloads, opts.warmup, 2, 0);
		if (w.errors || w.failedExecutions) {
			throw new Error(
				`warm-up of ${side.label} failed: ${w.firstError || `${w.failedExecutions} failed execution(s)`}`,
			);
		}
	}
	const modes = [];
	for (const concurrency of opts.concurrencies) {
		const blocks = { trigger: [], webhook: [] };
		for (let b = 0; b < opts.blocks; b++) {
			for (const side of SIDES) {
				const r = await block(n8n, side, payloads, opts.requests, concurrency, b * opts.requests);
				blocks[side.key].push(r);
				log(
					`  c=${concurrency} block ${b + 1}/${opts.blocks} ${side.label.padEnd(22)} ${(r.count / (r.completedMs / 1000)).toFixed(1)} rps, ` +
						`p50 ${percentile(r.latencies, 50).toFixed(1)} ms, n8n CPU ${(r.cpuMs / r.count).toFixed(1)} ms/request${r.errors || r.failedExecutions ? `, ${r.errors} errors, ${r.failedExecutions} failed (${r.firstError || ''})` : ''}`,
				);
			}
		}
		const trigger = summarize(blocks.trigger);
		const webhook = summarize(blocks.webhook);
		modes.push({
			concurrency,
			trigger,
			webhook,
			ratioRps: +(trigger.rps / webhook.rps).toFixed(2),
			ratioP50: +(trigger.p50 / webhook.p50).toFixed(2),
			ratioCpu: +(trigger.cpuMsPerRequest / webhook.cpuMsPerRequest).toFixed(2),
		});
	}
	const eventTypes = [...new Set(payloads.map((p) => p.eventType))];
	return { payloads: { count: payloads.length, eventTypes }, modes };
}

module.exports = { runTriggerBench, eventPayloads };
