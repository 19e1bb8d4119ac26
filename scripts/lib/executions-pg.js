'use strict';
/**
 * Read n8n executions and other rows from n8n's Postgres database (queue mode), with the same shapes
 * as the SQLite reader (scripts/lib/executions.js): readExecutions(workflowId) -> Execution[].
 *
 *   const db = createPgReader({ n8nDir, connection: pg.connection() });
 *   await db.query('SELECT "workflowId", "webhookPath" FROM webhook_entity WHERE "workflowId" = ?', [id]);
 *   await db.readExecutions(workflowId);
 *   await db.close();
 *
 * The client is the `pg` module of the pinned n8n install (n8n talks to Postgres with it), so the
 * repo needs no database dependency. `?` placeholders are turned into $1, $2 … so the same SQL reads
 * both databases; camelCase columns must be double-quoted (Postgres folds unquoted names to lower
 * case; SQLite accepts the quotes). Dates come back as ISO strings, ids as strings, as from SQLite.
 * Returns [] while n8n has not created its tables yet (42P01).
 */
const path = require('path');
const { summarize } = require('./executions');

function toPg(sql) {
	let i = 0;
	return sql.replace(/\?/g, () => `$${++i}`);
}

function plainRow(row) {
	const out = {};
	for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
	return out;
}

function createPgReader({ n8nDir, connection }) {
	const n8nPkg = path.join(n8nDir, 'node_modules', 'n8n');
	const { Pool } = require(require.resolve('pg', { paths: [n8nPkg] }));
	const { parse } = require(require.resolve('flatted', { paths: [n8nPkg] }));
	const pool = new Pool({ ...connection, max: 2, idleTimeoutMillis: 5_000 });
	pool.on('error', () => undefined); // an idle client lost when the server stops
	let closed = false;

	async function query(sql, params = []) {
		try {
			const res = await pool.query(toPg(sql), params);
			return res.rows.map(plainRow);
		} catch (err) {
			if (err.code === '42P01') return []; // relation does not exist (yet)
			throw err;
		}
	}

	async function readExecutions(workflowId) {
		const rows = await query(
			`SELECT e.id, e."workflowId", e.status, e.mode, e.finished, e."startedAt", e."stoppedAt", d.data
			   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			   ${workflowId ? 'WHERE e."workflowId" = ?' : ''} ORDER BY e.id ASC`,
			workflowId ? [String(workflowId)] : [],
		);
		return rows.map((row) => summarize(row, parse));
	}

	async function close() {
		if (closed) return;
		closed = true;
		await pool.end().catch(() => undefined);
	}

	return { query, readExecutions, close };
}

module.exports = { createPgReader, toPg };
