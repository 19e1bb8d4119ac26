'use strict';
/**
 * A small keep-alive HTTP load client for the benchmarks (Node built-ins only, loopback only).
 *
 *   const client = createClient({ concurrency: 8 });
 *   const r = await client.post(url, bodyBuffer, headers);      // -> { status, ms, text }
 *   const block = await runLoad({ client, requests, concurrency });  // fixed list, `concurrency` in flight
 *   client.close();
 *
 * Timing uses process.hrtime; `ms` is the time from writing the request to the end of the answer.
 */
const http = require('http');

function createClient({ concurrency = 8 } = {}) {
	const agent = new http.Agent({
		keepAlive: true,
		maxSockets: concurrency,
		maxFreeSockets: concurrency,
	});
	function post(url, body, headers = {}, { timeoutMs = 600_000, method = 'POST' } = {}) {
		return new Promise((resolve, reject) => {
			const started = process.hrtime.bigint();
			const u = new URL(url);
			const payload =
				body === undefined
					? null
					: Buffer.isBuffer(body)
						? body
						: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
			const req = http.request(
				{
					host: u.hostname,
					port: u.port,
					path: `${u.pathname}${u.search}`,
					method,
					agent,
					headers: {
						...(payload
							? { 'content-type': 'application/json', 'content-length': payload.length }
							: {}),
						...headers,
					},
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						const ms = Number(process.hrtime.bigint() - started) / 1e6;
						resolve({ status: res.statusCode, ms, text: Buffer.concat(chunks).toString('utf8') });
					});
					res.on('error', reject);
				},
			);
			req.setTimeout(timeoutMs, () =>
				req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)),
			);
			req.on('error', reject);
			if (payload) req.write(payload);
			req.end();
		});
	}
	return { post, agent, close: () => agent.destroy() };
}

/**
 * Send `requests` ([{url, body, headers}]) with at most `concurrency` in flight.
 * -> { count, errors, statuses, wallMs, latencies (ms, in completion order), firstError,
 *      results ([{status, ms}] or [{error}] in request order) }
 */
async function runLoad({
	client,
	requests,
	concurrency = 1,
	okStatus = (s) => s >= 200 && s < 300,
}) {
	const latencies = [];
	const results = new Array(requests.length);
	const statuses = {};
	let errors = 0;
	let firstError = null;
	let next = 0;
	const started = process.hrtime.bigint();
	async function worker() {
		for (;;) {
			const i = next++;
			if (i >= requests.length) return;
			const r = requests[i];
			try {
				const res = await client.post(r.url, r.body, r.headers);
				statuses[res.status] = (statuses[res.status] || 0) + 1;
				latencies.push(res.ms);
				results[i] = { status: res.status, ms: res.ms };
				if (!okStatus(res.status)) {
					errors++;
					if (!firstError) firstError = `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
				}
			} catch (err) {
				errors++;
				results[i] = { error: err.message };
				if (!firstError) firstError = err.message;
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	return { count: requests.length, errors, statuses, wallMs, latencies, firstError, results };
}

function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[idx];
}

function median(values) {
	return percentile(values, 50);
}

module.exports = { createClient, runLoad, percentile, median };
