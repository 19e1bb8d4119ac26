'use strict';
/**
 * A campaign's receipts arriving at once (issue 12): blocks of delivery receipts (default 150, 16 in
 * flight), alternating between the workflows of burstWorkflows.js (8x8 trigger, the DIY chain, the
 * bare Webhook, the trigger filtering them out), then one long run of the 8x8 trigger alone.
 *
 * Per block: req/s (requests / time until the last execution was saved; for the filtered trigger,
 * until the last answer), p50 / p99 of the HTTP round trip, answers after 5 s (8x8's deadline: it
 * retries them, and the workflow sees duplicates), "lost" = answered 2xx but no execution holds the
 * receipt's umid, extra = executions beyond one per receipt, and n8n's CPU per request.
 * Every receipt has its own umid; executions are matched to receipts by searching their stored data.
 */
const crypto = require('crypto');
const { createClient, runLoad, percentile } = require('./http-client');
const db = require('./db');
const proc = require('./proc');
const { IDS, PATHS } = require('./burstWorkflows');

const DEADLINE_MS = 5000;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const SIDES = {
	trigger: { label: '8x8 trigger -> NoOp', auth: true, executes: true },
	diy: { label: 'Webhook (Header Auth) -> Switch -> NoOp', auth: true, executes: true },
	bare: { label: 'Webhook -> NoOp (bare)', auth: false, executes: true },
	filtered: { label: '8x8 trigger, receipts filtered out', auth: true, executes: false },
};

function receipt(umid, state) {
	return Buffer.from(
		JSON.stringify({
			namespace: 'ChatApps',
			eventType: 'outbound_message_status_changed',
			description: 'ChatApps outbound message delivery receipt',
			version: 9,
			payload: {
				umid,
				subAccountId: 'SandboxSub',
				clientMessageId: `bench-${umid.slice(0, 8)}`,
				channel: 'whatsapp',
				user: { msisdn: '+6591234560', channelUserId: '6591234560' },
				status: {
					state,
					detail: state === 'read' ? 'read_by_recipient' : 'delivered_to_recipient',
					timestamp: new Date().toISOString(),
				},
				whatsapp: { pricingCategory: 'utility' },
			},
		}),
	);
}

/** umid -> number of executions (of the workflow, id > afterId) whose stored data contains it. */
function umidsInExecutions(n8n, workflowId, afterId) {
	const found = new Map();
	const data = require('../lib/executions').queryDb(
		n8n.dbFile,
		'SELECT d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND CAST(e.id AS INTEGER) > ?',
		[String(workflowId), afterId],
	);
	for (const row of data) {
		const seen = new Set(String(row.data).match(UUID_RE) || []);
		for (const umid of seen) found.set(umid, (found.get(umid) || 0) + 1);
	}
	return found;
}

async function block(n8n, key, { count, concurrency, secret }) {
	const side = SIDES[key];
	const url = n8n.webhookUrl(PATHS[key]);
	const umids = Array.from({ length: count }, () => crypto.randomUUID());
	const requests = umids.map((umid, i) => ({
		url,
		body: receipt(umid, key === 'filtered' ? (i % 2 ? 'read' : 'delivered') : 'delivered'),
		headers: side.auth ? { authorization: secret } : {},
	}));
	const workflowId = IDS[key];
	const before = db.maxExecutionId(n8n);
	const cpuBefore = proc.cpuMs(n8n.benchPids || []);
	const client = createClient({ concurrency });
	const startedMs = Date.now();
	const load = await runLoad({ client, requests, concurrency });
	client.close();
	const answered = load.results.filter((r) => r && r.status >= 200 && r.status < 300).length;
	let completedMs = load.wallMs;
	let execs = [];
	if (side.executes) {
		execs = await db
			.waitFinished(n8n, workflowId, before, answered, { timeoutMs: 180_000 })
			.catch((err) => {
				// fewer executions than answers: counted as lost below
				return { error: err.message };
			});
		if (Array.isArray(execs) && execs.length)
			completedMs = Math.max(load.wallMs, Math.max(...execs.map((e) => e.stoppedMs)) - startedMs);
	} else {
		await db.sleep(1000);
	}
	const cpuMs = proc.cpuMs(n8n.benchPids || []) - cpuBefore;
	const all = db.executionsAfter(n8n, workflowId, before);
	const held = side.executes ? umidsInExecutions(n8n, workflowId, before) : new Map();
	let lost = 0;
	let extra = 0;
	umids.forEach((umid, i) => {
		const r = load.results[i];
		const times = held.get(umid) || 0;
		if (r && r.status >= 200 && r.status < 300 && side.executes && times === 0) lost++;
		if (times > 1) extra += times - 1;
	});
	const latencies = load.results.filter((r) => r && r.ms !== undefined).map((r) => r.ms);
	return {
		side: key,
		count,
		concurrency,
		answered2xx: answered,
		errors: load.errors,
		firstError: load.firstError,
		statuses: load.statuses,
		executions: all.length,
		failedExecutions: all.filter((e) => e.status !== 'success').length,
		lost,
		extra,
		over5s: latencies.filter((ms) => ms > DEADLINE_MS).length,
		completedMs,
		rps: count / (completedMs / 1000),
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		cpuMsPerRequest: cpuMs / count,
	};
}

function summarize(blocks) {
	const count = blocks.reduce((n, b) => n + b.count, 0);
	const ms = blocks.reduce((n, b) => n + b.completedMs, 0);
	const sum = (k) => blocks.reduce((n, b) => n + b[k], 0);
	return {
		requests: count,
		rps: +(count / (ms / 1000)).toFixed(1),
		blockRps: blocks.map((b) => +b.rps.toFixed(1)),
		p50: +Math.max(...blocks.map((b) => b.p50)).toFixed(0),
		p99: +Math.max(...blocks.map((b) => b.p99)).toFixed(0),
		p50Blocks: blocks.map((b) => +b.p50.toFixed(0)),
		p99Blocks: blocks.map((b) => +b.p99.toFixed(0)),
		over5s: sum('over5s'),
		lost: sum('lost'),
		extra: sum('extra'),
		errors: sum('errors') + sum('failedExecutions'),
		executions: sum('executions'),
		cpuMsPerRequest: +(blocks.reduce((n, b) => n + b.cpuMsPerRequest * b.count, 0) / count).toFixed(1),
	};
}

/**
 * opts: { requests (per block, 150), rounds (2), concurrency (16), campaign (1000), secret, log }
 * -> { sides: {key: summary}, blocks: [...], campaign: summary, ratios }
 */
async function runBurstBench(n8n, opts) {
	const log = opts.log || (() => {});
	const { main, runners } = proc.n8nProcesses(n8n.child.pid);
	n8n.benchPids = [main, ...runners].filter(Boolean);
	const order = ['trigger', 'diy', 'bare', 'filtered'];
	for (const key of order) {
		const w = await block(n8n, key, { count: 20, concurrency: 4, secret: opts.secret });
		if (w.errors || w.failedExecutions || w.lost)
			throw new Error(`warm-up of ${SIDES[key].label} failed: ${w.firstError || JSON.stringify(w.statuses)}`);
	}
	const blocks = [];
	for (let round = 0; round < opts.rounds; round++) {
		for (const key of order) {
			const b = await block(n8n, key, {
				count: opts.requests,
				concurrency: opts.concurrency,
				secret: opts.secret,
			});
			blocks.push(b);
			log(
				`  burst round ${round + 1}/${opts.rounds} ${SIDES[key].label.padEnd(40)} ${b.rps.toFixed(1)} req/s, p50 ${b.p50.toFixed(0)} ms, p99 ${b.p99.toFixed(0)} ms, >5 s ${b.over5s}, lost ${b.lost}, extra ${b.extra}, CPU ${b.cpuMsPerRequest.toFixed(1)} ms/req${b.errors ? `, ${b.errors} errors (${b.firstError})` : ''}`,
			);
		}
	}
	const sides = {};
	for (const key of order) sides[key] = { label: SIDES[key].label, ...summarize(blocks.filter((b) => b.side === key)) };
	let campaign = null;
	if (opts.campaign) {
		const c = await block(n8n, 'trigger', {
			count: opts.campaign,
			concurrency: opts.concurrency,
			secret: opts.secret,
		});
		campaign = { ...summarize([c]), executionsPerReceipt: c.executions / c.count };
		log(
			`  campaign: ${opts.campaign} receipts at concurrency ${opts.concurrency} -> ${campaign.rps} req/s, p99 ${campaign.p99} ms, >5 s ${campaign.over5s}, lost ${campaign.lost}, extra ${campaign.extra}, executions ${campaign.executions}`,
		);
	}
	const ratio = (a, b) => +(a / b).toFixed(2);
	return {
		requestsPerBlock: opts.requests,
		rounds: opts.rounds,
		concurrency: opts.concurrency,
		sides,
		campaign,
		ratios: {
			triggerVsBare: ratio(sides.trigger.rps, sides.bare.rps),
			triggerVsDiy: ratio(sides.trigger.rps, sides.diy.rps),
			filteredVsBare: ratio(sides.filtered.rps, sides.bare.rps),
			cpuTriggerVsBare: ratio(sides.trigger.cpuMsPerRequest, sides.bare.cpuMsPerRequest),
		},
	};
}

module.exports = { runBurstBench, receipt, umidsInExecutions };
