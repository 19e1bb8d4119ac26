'use strict';
/**
 * Shared pieces of the reliability measurements (kill.js, final-receipts.js).
 *
 *   parseArgs(argv, defaults)            --key=value / --flag / --no-flag -> object (numbers parsed)
 *   listOf(value, all)                   'both' | 'all' | 'a,b' -> array
 *   startTopology(mode, version, data)   'single' (one n8n, SQLite: scripts/lib/n8n-instance.js) or
 *                                        'queue' (PostgreSQL, Redis, main + worker + webhook processor:
 *                                        scripts/lib/n8n-queue.js) -> {
 *                                          mode, version, n8nVersion,
 *                                          target,        the process production calls go to (the one
 *                                                         n8n, or the webhook processor) -> kill9(), restart()
 *                                          webhookUrl(p), query(sql, params), readExecutions(id), stop() }
 *   post(url, body, headers, timeoutMs)  -> { status, body, ms } or { status: 0, error } (no answer)
 *   table(rows, columns)                 a plain-text table
 *   receipt(umid, state, extra)          an 8x8 v9 delivery receipt body
 */
const { startN8n } = require('../lib/n8n-instance');
const { startQueue } = require('../lib/n8n-queue');

function parseArgs(argv, defaults) {
	const opts = { ...defaults };
	for (const arg of argv) {
		const m = /^--(no-)?([a-zA-Z][\w-]*)(?:=(.*))?$/.exec(arg);
		if (!m) throw new Error(`Unknown argument ${arg}`);
		const key = m[2].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		if (!(key in defaults) && key !== 'help') throw new Error(`Unknown option --${m[2]}`);
		let value = m[1] ? false : m[3] === undefined ? true : m[3];
		if (typeof defaults[key] === 'number') value = Number(value);
		opts[key] = value;
	}
	return opts;
}

function listOf(value, all) {
	if (value === 'both' || value === 'all' || value === true) return all;
	const list = String(value).split(',').map((v) => v.trim()).filter(Boolean);
	for (const v of list) if (!all.map(String).includes(v)) throw new Error(`${v} is not one of ${all.join(', ')}`);
	return list.map((v) => (typeof all[0] === 'number' ? Number(v) : v));
}

async function startTopology(mode, version, { credentials, workflows, quiet = true, env }) {
	if (mode === 'single') {
		const n8n = await startN8n({ version, credentials, workflows, quiet, env });
		return {
			mode,
			version,
			n8nVersion: n8n.n8nVersion,
			target: n8n,
			webhookUrl: (p) => n8n.webhookUrl(p),
			query: (sql, params) => n8n.query(sql, params),
			readExecutions: (id) => n8n.readExecutions(id),
			stop: () => n8n.stop(),
			logTail: (n) => n8n.logTail(n),
		};
	}
	if (mode === 'queue') {
		const q = await startQueue({ version, credentials, workflows, quiet, env });
		return {
			mode,
			version,
			n8nVersion: q.n8nVersion,
			target: q.webhook,
			queue: q,
			webhookUrl: (p) => q.webhookUrl(p),
			query: (sql, params) => q.query(sql, params),
			readExecutions: (id) => q.readExecutions(id),
			stop: () => q.stop(),
			logTail: (n) => q.logTail(n),
		};
	}
	throw new Error(`unknown mode ${mode}`);
}

async function post(url, body, headers = {}, timeoutMs = 30_000) {
	const started = Date.now();
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		return { status: res.status, body: text.slice(0, 300), ms: Date.now() - started };
	} catch (err) {
		return { status: 0, error: (err.cause && err.cause.code) || err.name || err.message, ms: Date.now() - started };
	}
}

function table(rows, columns) {
	const cells = rows.map((r) => columns.map(([key]) => String(r[key] ?? '')));
	const widths = columns.map(([, title], i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
	const line = (vals) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
	return [line(columns.map(([, t]) => t)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function receipt(umid, state, extra = {}) {
	return {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload: {
			umid,
			subAccountId: extra.subAccountId || 'SandboxSub',
			channel: 'whatsapp',
			user: { msisdn: extra.msisdn || '+6591234567' },
			...(extra.clientMessageId ? { clientMessageId: extra.clientMessageId } : {}),
			// delivered on the phone carries its detail; read and queued carry none (8x8's samples)
			status: { state, ...(state === 'delivered' ? { detail: 'delivered_to_recipient' } : {}), timestamp: new Date().toISOString() },
		},
	};
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { parseArgs, listOf, startTopology, post, table, receipt, sleep };
