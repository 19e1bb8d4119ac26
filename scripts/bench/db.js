'use strict';
/**
 * Small read-only queries on the n8n SQLite database for the benchmarks (node:sqlite: Node >= 22.13;
 * the bench runs on the Node 24 runtime).
 */
const path = require('path');
const executions = require('../lib/executions');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** n8n writes UTC as 'YYYY-MM-DD HH:MM:SS.SSS' (SQLite) or ISO; -> epoch ms. */
function toMs(value) {
	if (value === null || value === undefined) return NaN;
	if (typeof value === 'number') return value;
	const s = String(value);
	return Date.parse(
		/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`,
	);
}

function query(n8n, sql, params = []) {
	return executions.queryDb(n8n.dbFile, sql, params);
}

function maxExecutionId(n8n) {
	const [row] = query(n8n, 'SELECT MAX(CAST(id AS INTEGER)) AS id FROM execution_entity');
	return (row && Number(row.id)) || 0;
}

/** Executions of a workflow with id > afterId: [{id, status, startedMs, stoppedMs}] */
function executionsAfter(n8n, workflowId, afterId) {
	return query(
		n8n,
		'SELECT id, status, startedAt, stoppedAt FROM execution_entity WHERE workflowId = ? AND CAST(id AS INTEGER) > ? ORDER BY CAST(id AS INTEGER)',
		[String(workflowId), afterId],
	).map((r) => ({
		id: Number(r.id),
		status: r.status,
		startedMs: toMs(r.startedAt),
		stoppedMs: toMs(r.stoppedAt),
	}));
}

/** Wait until `n` executions of the workflow after `afterId` have stopped. */
async function waitFinished(
	n8n,
	workflowId,
	afterId,
	n,
	{ timeoutMs = 120_000, pollMs = 25 } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = executionsAfter(n8n, workflowId, afterId);
		const done = rows.filter(
			(r) => Number.isFinite(r.stoppedMs) && r.status !== 'running' && r.status !== 'new',
		);
		if (done.length >= n) return done;
		if (n8n.exited) throw new Error(`n8n exited while waiting for executions\n${n8n.logTail(30)}`);
		if (Date.now() > deadline) {
			throw new Error(
				`only ${done.length} of ${n} executions of ${workflowId} finished within ${timeoutMs / 1000} s\n${n8n.logTail(30)}`,
			);
		}
		await sleep(pollMs);
	}
}

/** One execution's run data summary: per node {executionTime, startTime, items (output 0), error}. */
function executionDetail(n8n, id) {
	const flattedPath = require.resolve('flatted', {
		paths: [path.join(n8n.n8nDir, 'node_modules', 'n8n')],
	});
	const { parse } = require(flattedPath);
	const [row] = query(
		n8n,
		'SELECT e.id, e.status, e.startedAt, e.stoppedAt, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.id = ?',
		[id],
	);
	if (!row) return null;
	const data = row.data ? parse(row.data) : {};
	const resultData = (data && data.resultData) || {};
	const nodes = {};
	for (const [name, runs] of Object.entries(resultData.runData || {})) {
		const run = runs && runs[0];
		const main = (run && run.data && run.data.main) || [];
		nodes[name] = {
			executionTime: run && run.executionTime,
			startTime: run && run.startTime,
			items: main.reduce((n, out) => n + (Array.isArray(out) ? out.length : 0), 0),
			firstItem: main[0] && main[0][0] ? main[0][0].json : undefined,
			error: run && run.error ? run.error.message || String(run.error) : null,
		};
	}
	return {
		id: Number(row.id),
		status: row.status,
		startedMs: toMs(row.startedAt),
		stoppedMs: toMs(row.stoppedAt),
		error: resultData.error ? resultData.error.message || String(resultData.error) : null,
		dataChars: row.data ? row.data.length : 0,
		nodes,
	};
}

module.exports = { toMs, maxExecutionId, executionsAfter, waitFinished, executionDetail, sleep };
