'use strict';
/**
 * Read n8n executions straight from its SQLite database (no login, no API key needed).
 *
 *   readExecutionsFromDb(dbFile, workflowId, { flattedPath }) -> Execution[]  (needs node:sqlite, Node >= 22.13)
 *
 * Execution = {
 *   id, workflowId, status ('success'|'error'|'running'|'waiting'|...), mode ('webhook'|'trigger'|...),
 *   finished, startedAt, stoppedAt, lastNodeExecuted,
 *   error: null | { message, description, node, httpCode },     // resultData.error
 *   nodes: { [nodeName]: {
 *       outputs: [[json, ...], [json, ...]],   // items per output of the node's FIRST run (json only)
 *       runs: [ { outputs, error } ],          // every run of the node
 *       error: null | { message, description, httpCode },   // first run's error
 *   } },
 *   data,                                       // the whole parsed run data, for anything else
 * }
 *
 * summarize(row, parse) turns one row (execution_entity + execution_data.data) into an Execution; the
 * Postgres reader (scripts/lib/executions-pg.js) uses it too.
 *
 * When the current Node has no node:sqlite (e.g. Node 20), the same code runs in a child process on the
 * Node 24 runtime: `node executions.js <dbFile> <workflowId> <flattedPath>` prints the JSON.
 */
const fs = require('fs');

function loadSqlite() {
	try {
		return require('node:sqlite');
	} catch {
		return null;
	}
}

function errorSummary(err) {
	if (!err || typeof err !== 'object') return null;
	return {
		message: err.message,
		description: err.description,
		node: err.node && err.node.name,
		httpCode: err.httpCode,
		name: err.name,
	};
}

function outputsOf(run) {
	const main = (run && run.data && run.data.main) || [];
	return main.map((items) => (Array.isArray(items) ? items.map((item) => item && item.json) : []));
}

function summarize(row, parse) {
	let data = null;
	try {
		data = row.data ? parse(row.data) : null;
	} catch (err) {
		data = { parseError: String(err) };
	}
	const resultData = (data && data.resultData) || {};
	const nodes = {};
	for (const [name, runs] of Object.entries(resultData.runData || {})) {
		const allRuns = (runs || []).map((run) => ({ outputs: outputsOf(run), error: errorSummary(run && run.error) }));
		nodes[name] = {
			outputs: allRuns[0] ? allRuns[0].outputs : [],
			error: allRuns[0] ? allRuns[0].error : null,
			runs: allRuns,
		};
	}
	return {
		id: String(row.id),
		workflowId: row.workflowId,
		status: row.status,
		mode: row.mode,
		finished: Boolean(row.finished),
		startedAt: row.startedAt,
		stoppedAt: row.stoppedAt,
		lastNodeExecuted: resultData.lastNodeExecuted,
		error: errorSummary(resultData.error),
		nodes,
		data,
	};
}

function readExecutionsFromDb(dbFile, workflowId, { flattedPath } = {}) {
	const sqlite = loadSqlite();
	if (!sqlite) throw new Error(`node:sqlite is not available in Node ${process.version}`);
	const { parse } = require(flattedPath || 'flatted');
	if (!fs.existsSync(dbFile)) return [];
	const db = new sqlite.DatabaseSync(dbFile, { readOnly: true });
	try {
		const where = workflowId ? 'WHERE e.workflowId = ?' : '';
		const stmt = db.prepare(
			`SELECT e.id, e.workflowId, e.status, e.mode, e.finished, e.startedAt, e.stoppedAt, d.data
			   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
			   ${where} ORDER BY e.id ASC`,
		);
		const rows = workflowId ? stmt.all(String(workflowId)) : stmt.all();
		return rows.map((row) => summarize(row, parse));
	} finally {
		db.close();
	}
}

/** Other small read-only queries (webhook_entity rows etc.). Returns [] when the table is not there yet. */
function queryDb(dbFile, sql, params = []) {
	const sqlite = loadSqlite();
	if (!sqlite) throw new Error(`node:sqlite is not available in Node ${process.version}`);
	if (!fs.existsSync(dbFile)) return [];
	const db = new sqlite.DatabaseSync(dbFile, { readOnly: true });
	try {
		return db.prepare(sql).all(...params);
	} catch (err) {
		if (/no such table/.test(err.message)) return [];
		throw err;
	} finally {
		db.close();
	}
}

module.exports = { readExecutionsFromDb, queryDb, summarize, hasSqlite: () => Boolean(loadSqlite()) };

if (require.main === module) {
	// child-process mode: node executions.js exec <dbFile> <workflowId|-> <flattedPath>
	//                     node executions.js query <dbFile> <sql> <paramsJson>
	process.removeAllListeners('warning');
	const [mode, dbFile, a, b] = process.argv.slice(2);
	let result;
	if (mode === 'exec') result = readExecutionsFromDb(dbFile, a === '-' ? undefined : a, { flattedPath: b });
	else result = queryDb(dbFile, a, JSON.parse(b || '[]'));
	process.stdout.write(JSON.stringify(result));
}
