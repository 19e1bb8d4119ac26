'use strict';
/**
 * Outgoing webhook calls (delivery receipts, inbound messages, CABM events), with 8x8's retry
 * behaviour: on a connection error, timeout, or any non-2xx answer the call is repeated after each
 * of `retryDelaysMs` (8x8: 1, 10, 30, 90 s; sandbox default 50, 200, 500 ms). Every attempt is
 * recorded in `log` (bounded).
 */
const http = require('node:http');
const https = require('node:https');
const { pushBounded, timestamp } = require('./util');

class Deliverer {
	constructor(options, timers, log) {
		this.options = options;
		this.timers = timers;
		this.log = log;
		this.generation = 0;
		this.sequence = 0;
		this.inFlight = new Set();
		this.tokens = new Map();
		this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });
		this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });
	}

	/** Abort every call in flight (reset / close). */
	abortAll() {
		this.generation++;
		for (const req of this.inFlight) req.destroy(new Error('sandbox reset'));
		this.inFlight.clear();
		this.tokens.clear();
	}

	destroy() {
		this.abortAll();
		this.httpAgent.destroy();
		this.httpsAgent.destroy();
	}

	request(url, method, headers, payload) {
		return new Promise((settle) => {
			let settled = false;
			let req;
			const resolve = (value) => {
				if (settled) return;
				settled = true;
				this.inFlight.delete(req);
				settle(value);
			};
			let target;
			try {
				target = new URL(url);
			} catch {
				resolve({ status: 0, error: `invalid URL ${url}` });
				return;
			}
			const secure = target.protocol === 'https:';
			if (!secure && target.protocol !== 'http:') {
				resolve({ status: 0, error: `unsupported protocol ${target.protocol}` });
				return;
			}
			const started = Date.now();
			req = (secure ? https : http).request(
				target,
				{ method, headers, agent: secure ? this.httpsAgent : this.httpAgent },
				(res) => {
					const chunks = [];
					let size = 0;
					res.on('data', (chunk) => {
						if (size < 8192) chunks.push(chunk);
						size += chunk.length;
					});
					res.on('end', () => {
						resolve({
							status: res.statusCode || 0,
							responseBody: Buffer.concat(chunks).toString('utf8').slice(0, 8192),
							durationMs: Date.now() - started,
						});
					});
					res.on('error', (error) =>
						resolve({ status: 0, error: error.message, durationMs: Date.now() - started }),
					);
					res.on('close', () => {
						if (!res.complete)
							resolve({
								status: 0,
								error: 'response interrupted',
								durationMs: Date.now() - started,
							});
					});
				},
			);
			this.inFlight.add(req);
			req.setTimeout(this.options.webhookTimeoutMs, () =>
				req.destroy(new Error(`timeout after ${this.options.webhookTimeoutMs} ms`)),
			);
			req.on('error', (error) => {
				resolve({
					status: 0,
					error: error.message || String(error),
					durationMs: Date.now() - started,
				});
			});
			req.end(payload);
		});
	}

	/** OAuth2 client-credentials token for a webhook with an `oauth` block (cached until expiry). */
	async oauthToken(oauth) {
		const key = `${oauth.url}|${oauth.clientId}`;
		const cached = this.tokens.get(key);
		if (cached && cached.expiresAt > Date.now()) return cached.token;
		const form = new URLSearchParams({ grant_type: 'client_credentials' });
		if (oauth.scope) form.set('scope', oauth.scope);
		const headers = {
			'Content-Type': 'application/x-www-form-urlencoded',
			'User-Agent': '8x8-sandbox',
		};
		if (String(oauth.credentialsLocation).toLowerCase() === 'body') {
			form.set('client_id', oauth.clientId);
			form.set('client_secret', oauth.clientSecret);
		} else {
			headers.Authorization =
				'Basic ' + Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64');
		}
		const payload = form.toString();
		headers['Content-Length'] = Buffer.byteLength(payload);
		const result = await this.request(oauth.url, 'POST', headers, payload);
		if (result.status < 200 || result.status >= 300) return undefined;
		try {
			const parsed = JSON.parse(result.responseBody);
			if (!parsed.access_token) return undefined;
			const ttl = Number(parsed.expires_in) > 0 ? Number(parsed.expires_in) * 1000 : 3600 * 1000;
			this.tokens.set(key, { token: parsed.access_token, expiresAt: Date.now() + ttl - 5000 });
			return parsed.access_token;
		} catch {
			return undefined;
		}
	}

	/**
	 * POST `body` as JSON to `target.url`, retrying per `retryDelaysMs`.
	 * target: {url, authorization?, oauth?}; meta: fields copied into each log entry (kind, umid, state…).
	 * Resolves with {delivered, attempts: [...]} once delivered or out of retries; never rejects.
	 */
	async deliver(target, body, meta) {
		const generation = this.generation;
		const payload = JSON.stringify(body);
		const attempts = [];
		const delays = this.options.receiptRetryDelaysMs;
		for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
			const headers = {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(payload),
				'User-Agent': '8x8-sandbox',
			};
			let tokenError;
			if (target.oauth) {
				const token = await this.oauthToken(target.oauth);
				if (generation !== this.generation) return { delivered: false, attempts, aborted: true };
				if (token) headers.Authorization = `Bearer ${token}`;
				else tokenError = `OAuth token request to ${target.oauth.url} failed`;
			} else if (target.authorization) {
				headers.Authorization = target.authorization;
			}
			const result = tokenError
				? { status: 0, error: tokenError, durationMs: 0 }
				: await this.request(target.url, 'POST', headers, payload);
			if (generation !== this.generation) return { delivered: false, attempts, aborted: true };
			const ok = result.status >= 200 && result.status < 300;
			const entry = {
				id: ++this.sequence,
				...meta,
				url: target.url,
				attempt,
				status: result.status,
				ok,
				error: result.error,
				headers,
				body,
				responseBody: result.responseBody,
				durationMs: result.durationMs,
				at: timestamp(),
				final: ok || attempt === delays.length + 1,
			};
			attempts.push(entry);
			pushBounded(this.log, entry, this.options.maxDeliveryLog);
			if (this.options.logger) {
				this.options.logger(
					`webhook ${meta.kind}${meta.state ? ' ' + meta.state : ''} → ${target.url} attempt ${attempt}: ${result.status || result.error}`,
				);
			}
			if (ok) return { delivered: true, attempts };
			if (attempt <= delays.length) {
				await this.timers.sleep(delays[attempt - 1]);
				if (generation !== this.generation) return { delivered: false, attempts, aborted: true };
			}
		}
		return { delivered: false, attempts };
	}
}

module.exports = { Deliverer };
