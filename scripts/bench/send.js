'use strict';
/**
 * Sending N template messages to the local 8x8 sandbox from a real n8n, per mode:
 *   batch   8x8 node, Options > Batch (requests of up to 1,000 messages, one after another)
 *   single  8x8 node, one request per item (one after another)
 *   http    n8n's HTTP Request node v4.2, the same body per item with the Bearer header (it sends all
 *           items' requests at once: no concurrency limit unless its Batching option is set)
 * and the sandbox's own ceiling, measured with a raw Node HTTP client (keep-alive):
 *   raw single c16   N POST …/messages, 16 in flight
 *   raw batch        N/1000 POST …/messages/batch of 1,000, one after another (what batch mode does)
 *
 * For each n8n mode: POST /webhook/bench-send-<mode> {"count": N} (the Webhook answers when the
 * workflow has finished) -> wall = that round trip; the execution's startedAt/stoppedAt and the send
 * node's own executionTime are read from n8n's DB; the sandbox is reset before and must hold exactly
 * N accepted messages after every mode.
 *
 * Peak memory vs batch size: the batch workflow and a control workflow (same Webhook + Code items,
 * a NoOp instead of the 8x8 node) for each size, ascending; peak RSS of n8n's main process (VmHWM
 * after resetting it through /proc/<pid>/clear_refs, cross-checked by polling VmRSS every 20 ms) and
 * of the task runner (where the Code node runs on 2.x).
 */
const { createClient, runLoad } = require('./http-client');
const db = require('./db');
const proc = require('./proc');
const { IDS, SEND_NODE_NAMES, templateBody } = require('./workflows');

async function triggerMode(n8n, sandbox, mode, count, { expectSent = true } = {}) {
	await sandbox.reset();
	const before = db.maxExecutionId(n8n);
	const client = createClient({ concurrency: 1 });
	const cpuBefore = proc.groupCpuMs(n8n.child.pid);
	const startedMs = Date.now();
	const res = await client.post(
		n8n.webhookUrl(`bench-send-${mode}`),
		{ count },
		{},
		{ timeoutMs: 900_000 },
	);
	client.close();
	const [exec] = await db.waitFinished(n8n, IDS.send, before, 1, { timeoutMs: 120_000 });
	const cpuMs = proc.groupCpuMs(n8n.child.pid) - cpuBefore;
	const detail = db.executionDetail(n8n, exec.id);
	const stats = await sandbox.stats();
	const node = detail.nodes[SEND_NODE_NAMES[mode]] || {};
	const codeNode = detail.nodes[`Items ${mode}`] || {};
	const problems = [];
	if (res.status !== 200)
		problems.push(`webhook answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
	if (detail.status !== 'success')
		problems.push(`execution ${detail.id} ${detail.status}: ${detail.error || node.error || ''}`);
	if (node.items !== count)
		problems.push(`${SEND_NODE_NAMES[mode]} output ${node.items} items, expected ${count}`);
	const expected = expectSent ? count : 0;
	if (
		stats.messages !== expected ||
		stats.counters.accepted !== expected ||
		stats.counters.rejected !== 0
	) {
		problems.push(
			`sandbox holds ${stats.messages} messages (accepted ${stats.counters.accepted}, rejected ${stats.counters.rejected}), expected ${expected}`,
		);
	}
	return {
		mode,
		count,
		wallMs: res.ms,
		execMs: detail.stoppedMs - detail.startedMs,
		queuedMs: detail.startedMs - startedMs,
		nodeMs: node.executionTime,
		codeMs: codeNode.executionTime,
		n8nCpuMs: cpuMs,
		sandboxMessages: stats.messages,
		sandboxRequests: stats.counters.requests,
		executionId: detail.id,
		savedDataMB: +(detail.dataChars / 1e6).toFixed(1),
		problems,
	};
}

async function rawSingle(sandbox, count, concurrency) {
	await sandbox.reset();
	const url = `${sandbox.url}/api/v1/subaccounts/${sandbox.credentials.subAccountId}/messages`;
	const headers = { authorization: `Bearer ${sandbox.credentials.apiKey}` };
	const requests = Array.from({ length: count }, (_, i) => ({
		url,
		headers,
		body: Buffer.from(
			JSON.stringify(templateBody(phone(i), `Customer ${i}`, `A-${100000 + i}`, `raw-${i}`)),
		),
	}));
	const client = createClient({ concurrency });
	const load = await runLoad({ client, requests, concurrency });
	client.close();
	const stats = await sandbox.stats();
	return rawResult(
		`raw single c${concurrency}`,
		count,
		load.wallMs,
		load.errors,
		load.firstError,
		stats,
	);
}

async function rawBatch(sandbox, count, size = 1000) {
	await sandbox.reset();
	const url = `${sandbox.url}/api/v1/subaccounts/${sandbox.credentials.subAccountId}/messages/batch`;
	const headers = { authorization: `Bearer ${sandbox.credentials.apiKey}` };
	const requests = [];
	for (let start = 0; start < count; start += size) {
		const messages = [];
		for (let i = start; i < Math.min(count, start + size); i++) {
			messages.push(templateBody(phone(i), `Customer ${i}`, `A-${100000 + i}`, `rawb-${i}`));
		}
		requests.push({
			url,
			headers,
			body: Buffer.from(JSON.stringify({ messages, includeMessagesInResponse: true })),
		});
	}
	const client = createClient({ concurrency: 1 });
	const load = await runLoad({ client, requests, concurrency: 1 });
	client.close();
	const stats = await sandbox.stats();
	return rawResult(
		`raw batch ${requests.length}×${Math.min(size, count)}`,
		count,
		load.wallMs,
		load.errors,
		load.firstError,
		stats,
	);
}

function rawResult(mode, count, wallMs, errors, firstError, stats) {
	const problems = [];
	if (errors) problems.push(`${errors} failed requests: ${firstError}`);
	if (stats.messages !== count || stats.counters.rejected !== 0)
		problems.push(
			`sandbox holds ${stats.messages} messages (rejected ${stats.counters.rejected}), expected ${count}`,
		);
	return {
		mode,
		count,
		wallMs,
		sandboxMessages: stats.messages,
		sandboxRequests: stats.counters.requests,
		problems,
	};
}

function phone(i) {
	return `+659${String(1000000 + (i % 9000000)).padStart(7, '0')}`;
}

/** A small run per mode (loads the nodes, the first template list, JIT); -> problems. */
async function warmUp(n8n, sandbox, modes) {
	const problems = [];
	for (const mode of modes) {
		const w = await triggerMode(n8n, sandbox, mode, 20, { expectSent: mode !== 'control' });
		if (w.problems.length) problems.push(`warm-up of ${mode} failed: ${w.problems.join('; ')}`);
	}
	return problems;
}

const rate = (count, ms) =>
	Number.isFinite(ms) && ms > 0 ? +(count / (ms / 1000)).toFixed(0) : NaN;

/**
 * opts: { count, modes: ['batch','single','http'], rawConcurrency: 16, log }
 * -> { count, rows: [{mode, wallMs, nodeMs, msgsPerSecWall, msgsPerSecNode, ...}], ratios }
 */
async function runSendBench(n8n, sandbox, opts) {
	const log = opts.log || (() => {});
	const rows = [];
	// warm-up (small): node loading, first template list, JIT
	const warm = await warmUp(n8n, sandbox, ['batch', 'single', 'http', 'batchStatic']);
	if (warm.length) throw new Error(warm.join('; '));
	for (const mode of ['batch', 'single', 'http', 'batchStatic']) {
		const r = await triggerMode(n8n, sandbox, mode, opts.count);
		r.msgsPerSecWall = rate(r.count, r.wallMs);
		r.msgsPerSecNode = rate(r.count, r.nodeMs);
		rows.push(r);
		log(
			`  ${mode.padEnd(7)} wall ${(r.wallMs / 1000).toFixed(2)} s, node ${(r.nodeMs / 1000).toFixed(2)} s, ${r.msgsPerSecWall} msg/s (wall)${r.problems.length ? `  PROBLEMS: ${r.problems.join('; ')}` : ''}`,
		);
	}
	const raws = [
		await rawSingle(sandbox, opts.count, opts.rawConcurrency || 16),
		await rawBatch(sandbox, opts.count, 1000),
	];
	for (const r of raws) {
		r.msgsPerSecWall = rate(r.count, r.wallMs);
		rows.push(r);
		log(
			`  ${r.mode.padEnd(7)} ${(r.wallMs / 1000).toFixed(2)} s, ${r.msgsPerSecWall} msg/s${r.problems.length ? `  PROBLEMS: ${r.problems.join('; ')}` : ''}`,
		);
	}
	const by = Object.fromEntries(rows.map((r) => [r.mode, r]));
	const rawBatchRow = raws[1];
	const rawSingleRow = raws[0];
	const ratios = {
		batchVsSingleWall: +(by.single.wallMs / by.batch.wallMs).toFixed(1),
		batchVsSingleNode: +(by.single.nodeMs / by.batch.nodeMs).toFixed(1),
		batchVsHttpWall: +(by.http.wallMs / by.batch.wallMs).toFixed(1),
		batchOfRawBatchWall: +(rawBatchRow.wallMs / by.batch.wallMs).toFixed(4),
		batchOfRawBatchNode: +(rawBatchRow.wallMs / by.batch.nodeMs).toFixed(4),
		batchOfRawSingleWall: +(rawSingleRow.wallMs / by.batch.wallMs).toFixed(4),
		batchStaticVsBatchNode: +(by.batch.nodeMs / by.batchStatic.nodeMs).toFixed(1),
		batchStaticOfRawBatchNode: +(rawBatchRow.wallMs / by.batchStatic.nodeMs).toFixed(4),
	};
	return { count: opts.count, rows, ratios };
}

/** opts: { sizes: [1000, 5000, 10000, 20000], log } */
async function runMemoryBench(n8n, sandbox, opts) {
	const log = opts.log || (() => {});
	const { main, runners } = proc.n8nProcesses(n8n.child.pid);
	if (!main) throw new Error(`could not find the n8n process in process group ${n8n.child.pid}`);
	const rows = [];
	for (const size of opts.sizes) {
		for (const mode of ['control', 'batch']) {
			const pids = [main, ...runners];
			const rssBefore = proc.status(main).rssKb;
			const resetOk = pids.map((pid) => proc.resetPeak(pid)).every(Boolean);
			const sampler = proc.sampler(pids, 20);
			const r = await triggerMode(n8n, sandbox, mode, size, { expectSent: mode !== 'control' });
			const polled = sampler.stop();
			const hwm = proc.status(main).hwmKb;
			const peakMain = resetOk ? Math.max(hwm, polled[main] || 0) : polled[main];
			const runnerPeaks = runners.map((pid) =>
				resetOk ? Math.max(proc.status(pid).hwmKb, polled[pid] || 0) : polled[pid],
			);
			const row = {
				size,
				mode,
				rssBeforeMB: +(rssBefore / 1024).toFixed(0),
				peakMainMB: +(peakMain / 1024).toFixed(0),
				deltaMainMB: +((peakMain - rssBefore) / 1024).toFixed(0),
				peakRunnerMB: runnerPeaks.length ? +(Math.max(...runnerPeaks) / 1024).toFixed(0) : null,
				wallMs: r.wallMs,
				savedDataMB: r.savedDataMB,
				peakSource: resetOk ? 'VmHWM after clear_refs' : 'VmRSS polled every 20 ms',
				problems: r.problems,
			};
			rows.push(row);
			log(
				`  ${String(size).padStart(6)} ${mode.padEnd(7)} main ${row.rssBeforeMB} -> peak ${row.peakMainMB} MB (+${row.deltaMainMB}), runner peak ${row.peakRunnerMB === null ? '-' : `${row.peakRunnerMB} MB`}, ${(r.wallMs / 1000).toFixed(1)} s${r.problems.length ? `  PROBLEMS: ${r.problems.join('; ')}` : ''}`,
			);
		}
	}
	return { pids: { main, runners }, rows };
}

module.exports = { runSendBench, runMemoryBench, warmUp };
