'use strict';
/**
 * Local 8x8 Chat Apps sandbox — dev tooling, not published with the package.
 * ===========================================================================
 * A small HTTP server (Node built-ins only) that answers like the parts of the 8x8 Chat Apps API the
 * n8n nodes use, so tests, benchmarks and a quick start need no 8x8 account.
 *
 * Start it
 *   npm run sandbox                       # free loopback port; prints base URL + credential values
 *   npm run sandbox -- --port 8088        # or SANDBOX_PORT=8088; see `node sandbox/cli.js --help`
 *   const { startSandbox } = require('./sandbox');
 *   const sb = await startSandbox({ receiptDelayMs: 0 });   // → { url, port, close(), state, … }
 *
 * n8n credential "8x8 Connect API": API Key `sandbox-api-key`, Sub-Account ID `SandboxSub`,
 * Account ID `SandboxAccount`, WhatsApp Channel ID `5a4db0c5-8e8e-4c1a-9b1d-0000000008a8`,
 * Region "Custom URL", Base URL = the printed URL. The key `sandbox-wrong-region-key` answers like a
 * key from another region (403, code 1201).
 *
 * Options (all optional)
 *   host '127.0.0.1' · port 0 (free port) · apiKey · wrongRegionKey · subAccountId · accountId ·
 *   channelId · channelName · businessAccountId
 *   receipts true          play delivery receipts for accepted messages (false: status stays queued)
 *   receiptDelayMs 150     pause before each receipt (0 allowed)
 *   receiptRetryDelaysMs [50,200,500]  webhook retry pauses after a non-2xx / connection error
 *                          (8x8 itself retries after 1, 10, 30, 90 s)
 *   webhookTimeoutMs 5000  a webhook call slower than this counts as failed
 *   autoApproveMs null     new templates stay PENDING; a number → APPROVED after that many ms
 *                          (names starting with `reject_` → REJECTED) + a CABM template_status_update
 *   recordBodies true      keep request / message bodies in the logs (false for benchmarks)
 *   maxBatchSize 1000 · maxRequestLog 2000 · maxDeliveryLog 10000 · maxMessages 200000 (bounded logs)
 *   templates              replace the seed templates (list shape, see lib/templates.js)
 *   logger                 silent by default; a function(line), an object with info()/log(), or true (console)
 *
 * API routes (Bearer key required on every /api route)
 *   POST   /api/v1/subaccounts/{sub}/messages                 send (validation with 8x8 codes)
 *   POST   /api/v1/subaccounts/{sub}/messages/batch           batch (≤ maxBatchSize; per-message rejections)
 *   DELETE /api/v1/subaccounts/{sub}/messages/batch/{batchId} cancel the scheduled messages of a batch
 *   GET    /api/v1/subaccounts/{sub}/messages/{umid}          message details (404/1300 when unknown)
 *   DELETE /api/v1/subaccounts/{sub}/messages/{umid}          cancel a scheduled message
 *   POST   /api/v1/subaccounts/{sub}/messages/{umid}/read     mark read (200)
 *   POST   /api/v1/subaccounts/{sub}/events                   typing indicator (200)
 *   GET|POST /api/v1/accounts/{acc}/channels/{ch}/templates   list / create (create → PENDING)
 *   DELETE /api/v1/accounts/{acc}/channels/{ch}/templates/{name}  delete every language of a name
 *   GET|POST|DELETE /api/v1/accounts/{acc}/webhooks           webhook config (create-or-replace)
 *   GET    /files/{name}                                      a 1×1 PNG (no auth), for sample media
 *
 * Error choices (every error body is {code, message, errorId, timestamp})
 *   no / wrong key → 401 code 1200 · wrongRegionKey → 403 code 1201 · unknown sub-account → 400 code 1001
 *   unknown accountId → 403 code 1201 "Access forbidden: account 'X' is not accessible with this API key"
 *     (authenticated but not allowed; the message text differs from the wrong-region one)
 *   unknown channelId on template routes → 404 code 1300 · unknown route → 404 code 2001
 *   invalid JSON → 400 code 1000 · umid that is not a UUID → 400 code 1000 "Invalid umid."
 *   template send: unknown name+language, or a template that is PENDING / REJECTED / DISABLED →
 *     400 code 3038 (the message names the status); a PAUSED template is ACCEPTED and then fails
 *     asynchronously: undelivered 1035 "Template paused" / Meta 132015 (that is what 8x8's async code is for)
 *   template create: duplicate name+language → 400 code 3032; a name deleted within 30 days → 409 code 3060;
 *     media header without example → 400 code 3032; bad name chars → 3032; name length → 3031;
 *     language → 3036/3037; category → 1005; components → 3034/3039; buttons → 3049
 *   cancel a message that is not (or no longer) scheduled → 400 code 1000; unknown umid → 404 code 1300
 *   batch: messages missing/empty → 3012, > maxBatchSize → 3013, clientBatchId > 100 → 3014; per-message
 *     rejections come back in the 200 as status.state "rejected" + errorCode/errorMessage. The
 *     `messages` array is included only when includeMessagesInResponse is true (OAS default false);
 *     otherwise the answer is {batchId, clientBatchId, acceptedCount, rejectedCount}.
 *   template parameter checks: 3040 no parameters at all, 3041 wrong count (message names the component,
 *     expected and given count), 3042 wrong parameter type, 3043 text > 1024, 3044 location header
 *     without lat/long, 3045 parameter where none is allowed, 3046 media URL, 3049 coupon/button
 *     parameter, 3052 button subType, 3053 button index. Named templates accept `parameter_name`.
 *
 * Delivery receipts (v9, POSTed to the message's dlrCallbackUrl, else the CADR webhook of the
 * sub-account, else the `*` one; Authorization = that webhook's httpAuthorization, or an OAuth2
 * client-credentials token when it has an `oauth` block):
 *   read:        queued → sent → delivered (delivered_to_recipient) → read
 *   delivered:   queued → sent → delivered
 *   undelivered: queued → undelivered (detail rejected_by_operator, errorCode, errorMessage,
 *                whatsapp.providerErrorCode)
 * Every attempt (including retries) is recorded in state.webhookDeliveries / GET /__sandbox/webhook-deliveries.
 *
 * OUTCOMES_BY_LAST_DIGIT — last digit of the recipient msisdn (or BSUID) decides the outcome:
 *   digit | outcome                                                  | errorCode / Meta code
 *   ------+----------------------------------------------------------+----------------------
 *     0   | delivered, then read                                     |
 *     1   | undelivered "Message rejected" (undeliverable)           | 1018 / 131026
 *     2   | undelivered "Message window expired" — session messages  | 1022 / 131047
 *         | only; templates to numbers ending in 2 are delivered+read |
 *     3   | undelivered "Message suppressed" (Meta chose not to)     | 1024 / 131049
 *     4   | undelivered "Template paused" — template messages only;  | 1035 / 132015
 *         | session messages are delivered+read                      |
 *     5   | undelivered "Throughput exceeded"                        | 1009 / 130429
 *     6   | delivered, never read                                    |
 *   7,8,9 | delivered, then read                                     |
 *   Any message using a PAUSED template (seed `spring_sale`) → undelivered 1035 / 132015.
 *   errorMessage is the "Possible reason" column of 8x8's delivery-error-codes page.
 *
 * Control API (no auth) under /__sandbox/
 *   GET  health · GET config (credential values)
 *   GET  messages[?clientMessageId=&msisdn=&batchId=]  every accepted message {umid, clientMessageId, body, receivedAt, status, …}
 *   GET  requests[?method=&path=&limit=]               request log (bounded)
 *   GET  webhook-deliveries[?kind=&umid=&state=]       every receipt / inbound / event POST attempt {url, status, headers, body}
 *   POST faults  {match:{method?, path?}, count?, status?, retryAfter?, code?, message?, body?,
 *                 delayMs?, reset?, afterAccept?}  (or an array; GET faults lists, DELETE faults clears)
 *        · {status:429, retryAfter:1, count:2}  answers 429 + Retry-After, nothing is processed
 *        · {status:503}                          answers 503, nothing is processed
 *        · {delayMs:3000}                        processed normally, answered 3 s late
 *        · {reset:true}                          processed (a send is accepted and queued), then the
 *                                                socket is destroyed without an answer
 *        · {status:500, afterAccept:true}        processed (accepted), answered 500 / code 2000
 *        `path` is exact or a glob (`*` = within a segment, `**` = anything); no match = every /api request.
 *   POST inbound  partial v3 inbound payload (+ url?, authorization?, wait?) → posted to the MSG webhook or url
 *   POST event    any raw body → posted to the CABM webhook; to another target with ?url=…, a `url`
 *                 field in the body (removed before posting), or the wrapper {url, authorization?, body}
 *   POST template-status {name, language?, status, reason?}  change a template's status + CABM event
 *   GET  idle[?timeoutMs=]   answers once no receipt chain is pending
 *   POST reset  {keepWebhooks?, keepTemplates?}
 *
 * In-process API (returned by startSandbox): url, port, host, options, credentials, state,
 *   injectFault(), clearFaults(), sendInbound(), postEvent(), setTemplateStatus(), reset(), whenIdle(),
 *   outcomeFor(), close(). See index.d.ts.
 *
 * Throughput: per request work is one JSON.parse, validation, a UUID and an array push; logs are
 * bounded; no synchronous logging unless a logger is given. For load tests use
 * {receipts:false, recordBodies:false}.
 */
const http = require('node:http');
const { createHash } = require('node:crypto');

const {
	DEFAULTS,
	OUTCOMES_BY_LAST_DIGIT,
	PAUSED_TEMPLATE_OUTCOME,
	COUNTRY_BY_PREFIX,
	WEBHOOK_TYPES,
} = require('./lib/constants');
const {
	ApiError,
	errorBody,
	isObject,
	isHttpUrl,
	isUuid,
	pushBounded,
	compilePathMatcher,
	Timers,
	maskMsisdn,
	randomUUID,
	timestamp,
} = require('./lib/util');
const { TemplateStore, toListItem, SEED_TEMPLATES } = require('./lib/templates');
const { validateMessage } = require('./lib/validate');
const { Deliverer } = require('./lib/delivery');

const PNG_1x1 = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

const FAULT_MESSAGES = {
	429: (f) =>
		`Quota exceeded. Please try again in ${f.retryAfter === undefined || f.retryAfter === null ? 1 : f.retryAfter} second(s).`,
	500: () => 'Internal server error',
	502: () => 'Bad gateway',
	503: () => 'Service temporarily unavailable',
	504: () => 'Gateway timeout',
};

const INBOUND_TYPES = {
	none: 'None',
	text: 'Text',
	audio: 'Audio',
	video: 'Video',
	image: 'Image',
	location: 'Location',
	file: 'File',
	document: 'File',
	carousel: 'Carousel',
	list: 'List',
	buttons: 'Buttons',
	button: 'Buttons',
	template: 'Template',
	interactive: 'Interactive',
};

function normalizeLogger(logger) {
	if (!logger) return null;
	if (typeof logger === 'function') return logger;
	if (logger === true) return (line) => console.log(`[8x8-sandbox] ${line}`);
	if (typeof logger.info === 'function') return (line) => logger.info(line);
	if (typeof logger.log === 'function') return (line) => logger.log(line);
	return null;
}

function resolveOptions(input) {
	const options = { ...DEFAULTS };
	for (const [key, value] of Object.entries(input || {}))
		if (value !== undefined) options[key] = value;
	options.port = Number(options.port) || 0;
	options.receiptDelayMs = Math.max(0, Number(options.receiptDelayMs) || 0);
	options.receiptRetryDelaysMs = (
		Array.isArray(options.receiptRetryDelaysMs) ? options.receiptRetryDelaysMs : []
	).map((ms) => Math.max(0, Number(ms) || 0));
	options.autoApproveMs =
		options.autoApproveMs === null ||
		options.autoApproveMs === false ||
		options.autoApproveMs === undefined
			? null
			: Math.max(0, Number(options.autoApproveMs) || 0);
	options.receipts = options.receipts !== false;
	options.recordBodies = options.recordBodies !== false;
	options.logger = normalizeLogger(input && input.logger);
	return options;
}

function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(new ApiError(413, 1000, `Request body is larger than ${limit} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () =>
			resolve(
				chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
			),
		);
		req.on('error', reject);
	});
}

function parseJson(text) {
	if (text === undefined || text === '' || /^\s*$/.test(text)) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiError(400, 1000, 'Invalid parameter: the request body is not valid JSON');
	}
}

function parseQuery(query) {
	const out = {};
	if (!query) return out;
	for (const [key, value] of new URLSearchParams(query)) out[key] = value;
	return out;
}

function decodeSegment(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function countryOf(msisdn) {
	if (typeof msisdn !== 'string') return undefined;
	const digits = msisdn.replace(/^\+/, '');
	for (const [country, code] of COUNTRY_BY_PREFIX) if (digits.startsWith(code)) return country;
	return undefined;
}

/** A stable, BSUID-shaped id for a phone number: "<CC>.<digits>". */
function syntheticBsuid(msisdn) {
	const hex = createHash('sha256').update(String(msisdn)).digest('hex');
	return `${countryOf(msisdn) || 'US'}.${BigInt('0x' + hex.slice(0, 15)).toString()}`;
}

function capitalize(text) {
	return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function hydrate(text, params, names) {
	if (typeof text !== 'string') return text;
	return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key) => {
		const index = names.indexOf(key);
		const param = index >= 0 ? params[index] : undefined;
		return param && param.text !== undefined ? String(param.text) : whole;
	});
}

class Sandbox {
	constructor(options) {
		this.options = options;
		this.receiptTimers = new Timers();
		this.responseTimers = new Timers();
		this.closed = false;
		this.generation = 0;
		this.pending = 0;
		this.idleWaiters = [];
		this.faultSeq = 0;
		this.requestSeq = 0;
		this.templates = new TemplateStore(options);
		this.state = this.createState();
		this.deliverer = new Deliverer(options, this.receiptTimers, this.state.webhookDeliveries);
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				this.log(`internal error: ${error && error.stack}`);
				if (!res.headersSent && !res.destroyed)
					this.write(res, { status: 500, body: errorBody(2000, 'Internal server error') });
			});
		});
		this.server.keepAliveTimeout = 65000;
	}

	createState() {
		const store = this.templates;
		return {
			messages: [],
			messagesByUmid: new Map(),
			batches: new Map(),
			inbound: [],
			inboundByUmid: new Map(),
			reads: [],
			events: [],
			webhooks: [],
			requests: [],
			webhookDeliveries: [],
			faults: [],
			counters: { requests: 0, accepted: 0, rejected: 0, receiptsDelivered: 0, receiptsFailed: 0 },
			get templates() {
				return store.items;
			},
		};
	}

	log(line) {
		if (this.options.logger) this.options.logger(line);
	}

	// ------------------------------------------------------------------------------------------
	// lifecycle

	listen() {
		return new Promise((resolve, reject) => {
			const onError = (error) => reject(error);
			this.server.once('error', onError);
			this.server.listen(this.options.port, this.options.host, () => {
				this.server.off('error', onError);
				const address = this.server.address();
				this.port = address.port;
				const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
				const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
				this.url = `http://${reachable}:${this.port}`;
				resolve();
			});
		});
	}

	close() {
		if (this.closing) return this.closing;
		this.closed = true;
		this.generation++;
		this.receiptTimers.clear();
		this.responseTimers.clear();
		this.deliverer.destroy();
		this.resolveIdle();
		this.closing = new Promise((resolve) => {
			this.server.close(() => resolve());
			if (typeof this.server.closeAllConnections === 'function') this.server.closeAllConnections();
		});
		return this.closing;
	}

	reset(options = {}) {
		this.generation++;
		this.receiptTimers.clear();
		this.deliverer.abortAll();
		const s = this.state;
		s.messages.length = 0;
		s.messagesByUmid.clear();
		s.batches.clear();
		s.inbound.length = 0;
		s.inboundByUmid.clear();
		s.reads.length = 0;
		s.events.length = 0;
		s.requests.length = 0;
		s.webhookDeliveries.length = 0;
		s.faults.length = 0;
		if (!options.keepWebhooks) s.webhooks.length = 0;
		if (!options.keepTemplates) this.templates.reset();
		for (const key of Object.keys(s.counters)) s.counters[key] = 0;
		this.pending = 0;
		this.resolveIdle();
	}

	resolveIdle() {
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const waiter of waiters) waiter(true);
	}

	whenIdle(timeoutMs = 10000) {
		if (this.pending === 0 || this.closed) return Promise.resolve(true);
		return new Promise((resolve) => {
			let timer;
			const waiter = (value) => {
				this.responseTimers.cancel(timer);
				resolve(value);
			};
			this.idleWaiters.push(waiter);
			timer = this.responseTimers.later(timeoutMs, () => {
				this.idleWaiters = this.idleWaiters.filter((w) => w !== waiter);
				resolve(false);
			});
		});
	}

	// ------------------------------------------------------------------------------------------
	// faults

	injectFault(input) {
		if (Array.isArray(input)) return input.map((f) => this.injectFault(f));
		if (!isObject(input)) throw new ApiError(400, 1000, 'A fault must be an object');
		const match = isObject(input.match) ? input.match : {};
		const status =
			input.status === undefined || input.status === null ? undefined : Number(input.status);
		if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
			throw new ApiError(400, 1000, `Invalid fault status ${input.status}`);
		}
		const afterAccept = input.afterAccept === true;
		const reset = input.reset === true;
		const delayMs =
			input.delayMs === undefined ? undefined : Math.max(0, Number(input.delayMs) || 0);
		if (status === undefined && !reset && delayMs === undefined && !afterAccept) {
			throw new ApiError(400, 1000, 'A fault needs status, delayMs, reset or afterAccept');
		}
		const count = input.count === undefined ? 1 : Math.max(1, Math.floor(Number(input.count) || 1));
		const method = match.method || input.method;
		const path = match.path !== undefined ? match.path : input.path;
		const fault = {
			id: ++this.faultSeq,
			match: {
				method: method ? String(method).toUpperCase() : undefined,
				path: path instanceof RegExp ? String(path) : path,
			},
			count,
			remaining: count,
			status: status === undefined && afterAccept ? 500 : status,
			retryAfter: input.retryAfter,
			code: input.code,
			message: input.message,
			body: input.body,
			headers: input.headers,
			delayMs,
			reset,
			afterAccept: afterAccept || (reset && input.afterAccept !== false),
			createdAt: timestamp(),
		};
		fault.processes = fault.afterAccept || (!reset && fault.status === undefined);
		Object.defineProperty(fault, 'matcher', { value: compilePathMatcher(path), enumerable: false });
		this.state.faults.push(fault);
		return fault;
	}

	clearFaults() {
		this.state.faults.length = 0;
	}

	takeFault(method, path) {
		const faults = this.state.faults;
		if (faults.length === 0) return undefined;
		for (let i = 0; i < faults.length; i++) {
			const fault = faults[i];
			if (fault.match.method && fault.match.method !== method) continue;
			if (!fault.matcher(path)) continue;
			fault.remaining--;
			if (fault.remaining <= 0) faults.splice(i, 1);
			return fault;
		}
		return undefined;
	}

	faultResponse(fault) {
		const status = fault.status || 500;
		const headers = { ...(fault.headers || {}) };
		if (status === 429 && fault.retryAfter !== null)
			headers['Retry-After'] = String(fault.retryAfter === undefined ? 1 : fault.retryAfter);
		else if (fault.retryAfter !== undefined && fault.retryAfter !== null)
			headers['Retry-After'] = String(fault.retryAfter);
		if (fault.body !== undefined) return { status, body: fault.body, headers };
		const code =
			fault.code !== undefined ? fault.code : status === 429 ? 429 : status >= 500 ? 2000 : 1000;
		const message =
			fault.message ||
			(FAULT_MESSAGES[status]
				? FAULT_MESSAGES[status](fault)
				: http.STATUS_CODES[status] || 'Error');
		return { status, body: errorBody(code, message), headers };
	}

	// ------------------------------------------------------------------------------------------
	// HTTP plumbing

	write(res, response) {
		if (res.destroyed || res.headersSent) return;
		const headers = { ...(response.headers || {}) };
		let payload = '';
		if (response.body !== undefined) {
			payload =
				typeof response.body === 'string' || Buffer.isBuffer(response.body)
					? response.body
					: JSON.stringify(response.body);
			if (!headers['Content-Type']) headers['Content-Type'] = 'application/json; charset=utf-8';
		}
		headers['Content-Length'] = Buffer.byteLength(payload);
		res.writeHead(response.status, headers);
		res.end(payload);
	}

	async handle(req, res) {
		const started = Date.now();
		const rawUrl = req.url || '/';
		const q = rawUrl.indexOf('?');
		const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
		const query = q === -1 ? '' : rawUrl.slice(q + 1);
		const method = req.method || 'GET';
		if (path === '/__sandbox' || path.startsWith('/__sandbox/'))
			return this.control(req, res, method, path, query);
		if (method === 'GET' && path.startsWith('/files/')) {
			return this.write(res, {
				status: 200,
				body: PNG_1x1,
				headers: { 'Content-Type': 'image/png' },
			});
		}

		const entry = {
			id: ++this.requestSeq,
			method,
			path,
			query: query || undefined,
			receivedAt: timestamp(),
			status: 0,
		};
		if (this.options.recordBodies) entry.headers = req.headers;
		this.state.counters.requests++;
		pushBounded(this.state.requests, entry, this.options.maxRequestLog);

		let text;
		try {
			text = await readBody(req, this.options.bodyLimitBytes);
		} catch (error) {
			entry.status = error.status || 400;
			return this.write(res, {
				status: entry.status,
				body: errorBody(error.code || 1000, error.message),
			});
		}
		if (this.options.recordBodies && text) entry.body = text;

		const fault = path.startsWith('/api/') ? this.takeFault(method, path) : undefined;
		let response;
		if (fault) {
			entry.fault = fault.id;
			if (!fault.processes) {
				if (fault.delayMs) await this.responseTimers.sleep(fault.delayMs);
				if (fault.reset) return this.destroy(req, res, entry, started);
				response = this.faultResponse(fault);
			} else {
				response = this.route(method, path, query, text, req.headers);
				entry.processedStatus = response.status;
				if (fault.delayMs) await this.responseTimers.sleep(fault.delayMs);
				if (fault.reset) return this.destroy(req, res, entry, started);
				if (fault.status) response = this.faultResponse(fault);
			}
		} else {
			response = this.route(method, path, query, text, req.headers);
		}
		entry.status = response.status;
		entry.durationMs = Date.now() - started;
		if (this.options.logger)
			this.log(`${method} ${path} → ${response.status}${fault ? ` (fault #${fault.id})` : ''}`);
		this.write(res, response);
	}

	destroy(req, res, entry, started) {
		entry.status = 0;
		entry.reset = true;
		entry.durationMs = Date.now() - started;
		this.log(`${entry.method} ${entry.path} → connection reset (fault #${entry.fault})`);
		req.socket.destroy();
		res.destroy();
	}

	/** Authenticate, match the route, run it. Always returns {status, body?, headers?}. */
	route(method, path, query, text, headers) {
		try {
			this.authenticate(headers.authorization);
			const segments = path.split('/');
			while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
			const handler = this.match(method, segments);
			if (!handler) {
				throw new ApiError(
					404,
					2001,
					`Function not implemented: ${method} ${path} is not part of the 8x8 sandbox`,
				);
			}
			return handler(() => parseJson(text), parseQuery(query));
		} catch (error) {
			if (error instanceof ApiError)
				return {
					status: error.status,
					body: errorBody(error.code, error.message),
					headers: error.headers,
				};
			this.log(`internal error: ${error && error.stack}`);
			return { status: 500, body: errorBody(2000, 'Internal server error') };
		}
	}

	authenticate(header) {
		const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header || '');
		const key = match ? match[1] : '';
		if (key && key === this.options.wrongRegionKey) {
			throw new ApiError(403, 1201, 'Account was not found in SG. Please use the ID endpoint!');
		}
		if (!key || key !== this.options.apiKey)
			throw new ApiError(401, 1200, 'Request was not authenticated properly');
	}

	checkSubAccount(sub) {
		if (sub !== this.options.subAccountId) {
			throw new ApiError(400, 1001, "Provided subAccountId doesn't belongs to your account");
		}
	}

	checkAccount(account) {
		if (account !== this.options.accountId) {
			throw new ApiError(
				403,
				1201,
				`Access forbidden: account '${account}' is not accessible with this API key`,
			);
		}
	}

	checkChannel(channel) {
		if (channel !== this.options.channelId) {
			throw new ApiError(
				404,
				1300,
				`Channel '${channel}' was not found for account '${this.options.accountId}'`,
			);
		}
	}

	/** Returns a handler (body getter, query) → response, or undefined. */
	match(method, s) {
		if (s[1] !== 'api' || s[2] !== 'v1') return undefined;
		if (s[3] === 'subaccounts' && s.length >= 6) {
			const sub = decodeSegment(s[4]);
			const rest = s.slice(5);
			const withSub = (fn) => (body, query) => {
				this.checkSubAccount(sub);
				return fn(sub, body, query);
			};
			if (rest[0] === 'messages') {
				if (rest.length === 1 && method === 'POST')
					return withSub((sub2, body) => this.sendOne(sub2, body()));
				if (rest.length === 2 && rest[1] === 'batch' && method === 'POST')
					return withSub((sub2, body) => this.sendBatch(sub2, body()));
				if (rest.length === 3 && rest[1] === 'batch' && method === 'DELETE') {
					return withSub((sub2) => this.cancelBatch(sub2, decodeSegment(rest[2])));
				}
				if (rest.length === 2 && method === 'GET')
					return withSub((sub2) => this.details(sub2, decodeSegment(rest[1])));
				if (rest.length === 2 && method === 'DELETE')
					return withSub((sub2) => this.cancelMessage(sub2, decodeSegment(rest[1])));
				if (rest.length === 3 && rest[2] === 'read' && method === 'POST') {
					return withSub((sub2) => this.markRead(sub2, decodeSegment(rest[1])));
				}
			}
			if (rest.length === 1 && rest[0] === 'events' && method === 'POST')
				return withSub((sub2, body) => this.typing(sub2, body()));
			return undefined;
		}
		if (s[3] === 'accounts' && s.length >= 6) {
			const account = decodeSegment(s[4]);
			const rest = s.slice(5);
			const withAccount = (fn) => (body, query) => {
				this.checkAccount(account);
				return fn(body, query);
			};
			if (rest.length === 1 && rest[0] === 'webhooks') {
				if (method === 'GET') return withAccount(() => this.listWebhooks());
				if (method === 'POST') return withAccount((body) => this.saveWebhooks(body()));
				if (method === 'DELETE') return withAccount((body) => this.deleteWebhooks(body()));
			}
			if (rest[0] === 'channels' && rest[2] === 'templates') {
				const channel = decodeSegment(rest[1]);
				const withChannel = (fn) =>
					withAccount((body, query) => {
						this.checkChannel(channel);
						return fn(body, query);
					});
				if (rest.length === 3 && method === 'GET') return withChannel(() => this.listTemplates());
				if (rest.length === 3 && method === 'POST')
					return withChannel((body) => this.createTemplate(body()));
				if (rest.length === 4 && method === 'DELETE')
					return withChannel(() => this.deleteTemplate(decodeSegment(rest[3])));
			}
		}
		return undefined;
	}

	// ------------------------------------------------------------------------------------------
	// messages

	outcomeFor(input) {
		const isTemplate = !!(input.template || input.type === 'template');
		if (input.template && input.template.status === 'PAUSED')
			return { digit: null, ...PAUSED_TEMPLATE_OUTCOME, reason: 'template PAUSED' };
		const id = String(
			(input.user && (input.user.msisdn || input.user.channelUserId)) || input.msisdn || '',
		);
		const last = id.slice(-1);
		const digit = /\d/.test(last) ? last : '0';
		let entry = OUTCOMES_BY_LAST_DIGIT[digit];
		if (
			(entry.appliesTo === 'session' && isTemplate) ||
			(entry.appliesTo === 'template' && !isTemplate)
		)
			entry = OUTCOMES_BY_LAST_DIGIT[0];
		return { digit, ...entry };
	}

	accept(sub, message, validated, batch) {
		const now = timestamp();
		const umid = randomUUID();
		const template = validated.template;
		const record = {
			umid,
			subAccountId: sub,
			channel: 'whatsapp',
			direction: 'outbound',
			batchId: batch ? batch.batchId : undefined,
			clientBatchId: batch ? batch.clientBatchId : undefined,
			clientMessageId:
				message.clientMessageId === undefined || message.clientMessageId === null
					? undefined
					: String(message.clientMessageId),
			type: validated.type,
			user: validated.user,
			template: template
				? { name: template.templateName, language: template.language, category: template.category }
				: undefined,
			status: { state: 'queued', timestamp: now },
			outcome: this.outcomeFor(validated),
			dlrCallbackUrl: message.dlrCallbackUrl || undefined,
			scheduled: message.scheduled || undefined,
			receivedAt: now,
		};
		if (this.options.recordBodies) record.body = message;
		const messages = this.state.messages;
		messages.push(record);
		this.state.messagesByUmid.set(umid, record);
		if (messages.length > this.options.maxMessages + 1024) {
			for (const old of messages.splice(0, messages.length - this.options.maxMessages))
				this.state.messagesByUmid.delete(old.umid);
		}
		this.state.counters.accepted++;
		if (this.options.receipts) {
			const content = this.options.recordBodies
				? this.outboundContent(message, validated)
				: undefined;
			this.runReceipts(record, content);
		}
		return record;
	}

	sendOne(sub, body) {
		const validated = validateMessage(body, this.templates);
		const record = this.accept(sub, body, validated, null);
		return {
			status: 200,
			body: {
				umid: record.umid,
				clientMessageId: record.clientMessageId,
				user: record.user,
				status: { ...record.status },
			},
		};
	}

	sendBatch(sub, body) {
		if (!isObject(body))
			throw new ApiError(400, 1000, 'Invalid parameter: the request body must be a JSON object');
		const list = body.messages;
		if (list !== undefined && list !== null && !Array.isArray(list)) {
			throw new ApiError(400, 1005, "Invalid parameter(s): 'messages' must be an array");
		}
		if (!Array.isArray(list) || list.length === 0)
			throw new ApiError(400, 3012, "Missed messages: 'messages' is empty");
		if (list.length > this.options.maxBatchSize) {
			throw new ApiError(
				400,
				3013,
				`Too many messages: a batch can hold at most ${this.options.maxBatchSize} messages, ${list.length} given`,
			);
		}
		const clientBatchId =
			body.clientBatchId === undefined || body.clientBatchId === null
				? undefined
				: String(body.clientBatchId);
		if (clientBatchId !== undefined && clientBatchId.length > 100) {
			throw new ApiError(400, 3014, 'Too long ClientBatchId: it can hold 100 characters');
		}
		const shared = isObject(body.template) ? body.template : null;
		const batch = {
			batchId: randomUUID(),
			clientBatchId,
			subAccountId: sub,
			umids: [],
			createdAt: timestamp(),
		};
		const results = [];
		let accepted = 0;
		let rejected = 0;
		for (const item of list) {
			let message = item;
			if (shared && isObject(item)) {
				message = { ...shared, ...item };
				if (isObject(shared.content) && isObject(item.content))
					message.content = { ...shared.content, ...item.content };
			}
			try {
				const validated = validateMessage(message, this.templates);
				const record = this.accept(sub, message, validated, batch);
				batch.umids.push(record.umid);
				accepted++;
				results.push({
					umid: record.umid,
					user: record.user,
					clientMessageId: record.clientMessageId,
					status: { ...record.status },
				});
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				rejected++;
				const user = isObject(message) && isObject(message.user) ? message.user : {};
				const echo = {};
				if (user.msisdn !== undefined) echo.msisdn = user.msisdn;
				if (user.channelUserId !== undefined) echo.channelUserId = user.channelUserId;
				results.push({
					umid: randomUUID(),
					user: echo,
					clientMessageId:
						isObject(message) && message.clientMessageId !== undefined
							? String(message.clientMessageId)
							: undefined,
					status: {
						state: 'rejected',
						timestamp: timestamp(),
						errorCode: error.code,
						errorMessage: error.message,
					},
				});
			}
		}
		this.state.counters.rejected += rejected;
		this.state.batches.set(batch.batchId, batch);
		const response = {
			batchId: batch.batchId,
			clientBatchId,
			acceptedCount: accepted,
			rejectedCount: rejected,
		};
		if (body.includeMessagesInResponse === true || body.includeMessagesInResponse === 'true')
			response.messages = results;
		return { status: 200, body: response };
	}

	details(sub, umid) {
		if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
		const record = this.state.messagesByUmid.get(umid) || this.state.inboundByUmid.get(umid);
		if (!record || record.subAccountId !== sub)
			throw new ApiError(404, 1300, "Object wasn't found or is already expired");
		const user = {};
		if (record.user.msisdn) user.msisdn = maskMsisdn(record.user.msisdn);
		if (record.user.channelUserId) user.channelUserId = record.user.channelUserId;
		const item = {
			umid: record.umid,
			subAccountId: record.subAccountId,
			channel: 'whatsapp',
			channelId: this.options.channelId,
			direction: record.direction,
			status: { ...record.status },
			contentType: capitalize(record.type),
			createdAt: record.receivedAt,
			step: 1,
			country: countryOf(record.user.msisdn),
			user,
			content: '**MASKED**',
			clientMessageId: record.clientMessageId,
			clientBatchId: record.clientBatchId,
			batchId: record.batchId,
		};
		return { status: 200, body: { data: [item] } };
	}

	isCancellable(record) {
		return (
			!!record.scheduled &&
			!record.cancelled &&
			!record.started &&
			Date.parse(record.scheduled) > Date.now()
		);
	}

	cancelMessage(sub, umid) {
		if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
		const record = this.state.messagesByUmid.get(umid);
		if (!record || record.subAccountId !== sub) throw new ApiError(404, 1300, 'Message not found.');
		if (!this.isCancellable(record)) {
			throw new ApiError(
				400,
				1000,
				'Message cannot be cancelled: it is not scheduled or was already sent',
			);
		}
		this.cancelRecord(record);
		return { status: 200, body: { cancelledCount: 1 } };
	}

	cancelBatch(sub, batchId) {
		const batch = this.state.batches.get(batchId);
		if (!batch || batch.subAccountId !== sub) throw new ApiError(404, 1300, 'Batch not found.');
		let cancelled = 0;
		for (const umid of batch.umids) {
			const record = this.state.messagesByUmid.get(umid);
			if (record && this.isCancellable(record)) {
				this.cancelRecord(record);
				cancelled++;
			}
		}
		return { status: 200, body: { cancelledCount: cancelled } };
	}

	cancelRecord(record) {
		record.cancelled = true;
		record.status = { state: 'cancelled', timestamp: timestamp() };
		if (record.timer) this.receiptTimers.cancel(record.timer);
		if (record.wake) record.wake();
	}

	markRead(sub, umid) {
		if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
		pushBounded(
			this.state.reads,
			{ subAccountId: sub, umid, at: timestamp() },
			this.options.maxRequestLog,
		);
		const inbound = this.state.inboundByUmid.get(umid);
		if (inbound) inbound.status = { state: 'read', timestamp: timestamp() };
		return { status: 200 };
	}

	typing(sub, body) {
		if (!isObject(body))
			throw new ApiError(400, 1000, 'Invalid parameter: the request body must be a JSON object');
		const channel = String(body.channel || '').toLowerCase();
		if (channel !== 'whatsapp' && channel !== 'rcs')
			throw new ApiError(400, 1005, "Invalid parameter(s): 'channel' must be whatsapp or rcs");
		if (String(body.type || '').toLowerCase() !== 'typing')
			throw new ApiError(400, 1005, "Invalid parameter(s): 'type' must be typing");
		if (body.umid === undefined || body.umid === null || body.umid === '')
			throw new ApiError(400, 3029, "Missed UMID: 'umid' is required");
		if (!isUuid(body.umid)) throw new ApiError(400, 1000, 'Invalid umid.');
		pushBounded(
			this.state.events,
			{ subAccountId: sub, ...body, at: timestamp() },
			this.options.maxRequestLog,
		);
		return { status: 200 };
	}

	// ------------------------------------------------------------------------------------------
	// receipts

	findWebhook(sub, type) {
		const hooks = this.state.webhooks;
		let fallback;
		for (const hook of hooks) {
			if (hook.type !== type || hook.enabled === false) continue;
			if (hook.subAccountId === sub) return hook;
			if (hook.subAccountId === '*' && !fallback) fallback = hook;
		}
		return fallback;
	}

	receiptTarget(record) {
		const hook = this.findWebhook(record.subAccountId, 'CADR');
		if (record.dlrCallbackUrl) {
			return {
				url: record.dlrCallbackUrl,
				authorization: hook ? hook.httpAuthorization : undefined,
				oauth: hook ? hook.oauth : undefined,
			};
		}
		if (!hook) return undefined;
		return { url: hook.url, authorization: hook.httpAuthorization, oauth: hook.oauth };
	}

	outboundContent(message, validated) {
		const content = message.content || {};
		if (validated.type === 'text')
			return { channel: 'whatsapp', contentType: 'text', body: { text: content.text } };
		if (validated.type === 'location')
			return {
				channel: 'whatsapp',
				contentType: 'location',
				header: { type: 'location', location: content.location },
			};
		if (validated.type === 'interactive') {
			const interactive = content.interactive || {};
			return {
				channel: 'whatsapp',
				contentType: 'interactive',
				body: interactive.body ? { text: interactive.body.text } : undefined,
				meta: { interactiveType: interactive.type },
			};
		}
		if (validated.type === 'template') {
			const template = validated.template;
			const out = {
				channel: 'whatsapp',
				contentType: template.category === 'AUTHENTICATION' ? 'template_auth' : 'template',
				template: {
					name: template.templateName,
					language: template.language,
					category: template.category,
				},
			};
			const params = validated.templateParams || {};
			for (const component of template.components) {
				if (component.type === 'BODY') {
					const names = [];
					String(component.text || '').replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (w, k) => {
						if (!names.includes(k)) names.push(k);
						return w;
					});
					out.body = { text: hydrate(component.text, params.body || [], names) };
				} else if (component.type === 'FOOTER') {
					out.footer = { text: component.text };
				}
			}
			if (out.contentType === 'template_auth' && out.body) {
				out.body.text = out.body.text.replace(/\d{4,8}/g, '******');
				out.meta = {
					redacted: true,
					redactionReason: 'OTP codes are masked in agent-facing contexts',
				};
			}
			return out;
		}
		return {
			channel: 'whatsapp',
			contentType: 'media',
			header: {
				type: validated.type === 'file' ? 'document' : validated.type,
				media: { url: content.url },
			},
			body: content.text ? { text: content.text } : undefined,
		};
	}

	receiptSteps(record) {
		const outcome = record.outcome;
		if (outcome.outcome === 'undelivered') {
			return [
				{ state: 'queued' },
				{
					state: 'undelivered',
					detail: 'rejected_by_operator',
					errorCode: outcome.errorCode,
					errorMessage: outcome.errorMessage,
					providerErrorCode: outcome.providerErrorCode,
				},
			];
		}
		const steps = [
			{ state: 'queued' },
			{ state: 'sent' },
			{ state: 'delivered', detail: 'delivered_to_recipient' },
		];
		if (outcome.outcome === 'read') steps.push({ state: 'read' });
		return steps;
	}

	receiptEnvelope(record, step, content) {
		const status = { state: step.state };
		if (step.detail) status.detail = step.detail;
		status.timestamp = timestamp();
		if (step.errorCode !== undefined) {
			status.errorCode = step.errorCode;
			status.errorMessage = step.errorMessage;
		}
		const user = {};
		if (record.user.msisdn) user.msisdn = record.user.msisdn;
		const fromWhatsApp = step.state === 'delivered' || step.state === 'read';
		if (record.user.channelUserId) user.channelUserId = record.user.channelUserId;
		else if (fromWhatsApp && record.user.msisdn)
			user.channelUserId = syntheticBsuid(record.user.msisdn);
		const payload = { umid: record.umid };
		if (record.batchId) payload.batchId = record.batchId;
		if (record.clientMessageId !== undefined) payload.clientMessageId = record.clientMessageId;
		if (record.clientBatchId !== undefined) payload.clientBatchId = record.clientBatchId;
		payload.subAccountId = record.subAccountId;
		payload.channel = 'whatsapp';
		payload.user = user;
		payload.status = status;
		if (step.providerErrorCode) payload.whatsapp = { providerErrorCode: step.providerErrorCode };
		else if (step.state !== 'queued')
			payload.whatsapp = {
				pricingCategory: record.template ? record.template.category.toLowerCase() : 'service',
			};
		if (step.detail === 'delivered_to_recipient' && content) payload.outboundContent = content;
		return {
			version: 9,
			namespace: 'ChatApps',
			eventType: 'outbound_message_status_changed',
			description: 'ChatApps outbound message delivery receipt',
			payload,
		};
	}

	async runReceipts(record, content) {
		const generation = this.generation;
		const scheduledAt = record.scheduled ? Date.parse(record.scheduled) : NaN;
		if (scheduledAt > Date.now()) {
			// A scheduled message waits here (not counted as pending work) until its time or a cancel.
			await new Promise((resolve) => {
				record.wake = resolve;
				record.timer = this.receiptTimers.later(scheduledAt - Date.now(), resolve);
			});
			record.timer = undefined;
			record.wake = undefined;
			if (generation !== this.generation || record.cancelled) return;
		}
		this.pending++;
		try {
			for (const step of this.receiptSteps(record)) {
				await this.receiptTimers.sleep(this.options.receiptDelayMs);
				if (generation !== this.generation || record.cancelled) return;
				record.started = true;
				const envelope = this.receiptEnvelope(record, step, content);
				record.status = envelope.payload.status;
				const target = this.receiptTarget(record);
				if (!target) continue;
				const result = await this.deliverer.deliver(target, envelope, {
					kind: 'receipt',
					umid: record.umid,
					clientMessageId: record.clientMessageId,
					state: step.state,
				});
				if (generation !== this.generation) return;
				if (result.delivered) this.state.counters.receiptsDelivered++;
				else this.state.counters.receiptsFailed++;
			}
		} finally {
			if (generation === this.generation) {
				this.pending--;
				if (this.pending === 0) this.resolveIdle();
			}
		}
	}

	// ------------------------------------------------------------------------------------------
	// webhooks config

	maskWebhook(hook) {
		const out = {
			type: hook.type,
			subAccountId: hook.subAccountId,
			url: hook.url,
			enabled: hook.enabled,
		};
		if (hook.httpAuthorization) out.httpAuthorization = '***';
		if (hook.oauth) out.oauth = { ...hook.oauth, clientSecret: '***' };
		return out;
	}

	listWebhooks() {
		return { status: 200, body: this.state.webhooks.map((hook) => this.maskWebhook(hook)) };
	}

	webhookTypes(item, i) {
		if (item.type === undefined || item.type === null || item.type === '') return ['CADR', 'MSG'];
		const type = String(item.type).toUpperCase();
		if (!WEBHOOK_TYPES.includes(type))
			throw new ApiError(
				400,
				1005,
				`Invalid parameter(s): '[${i}].type' must be CADR, MSG or CABM`,
			);
		return [type];
	}

	webhookSubAccount(item, i) {
		if (typeof item.subAccountId !== 'string' || !item.subAccountId) {
			throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].subAccountId' is required`);
		}
		if (item.subAccountId !== '*' && item.subAccountId !== this.options.subAccountId) {
			throw new ApiError(400, 1001, "Provided subAccountId doesn't belongs to your account");
		}
		return item.subAccountId;
	}

	saveWebhooks(body) {
		if (!Array.isArray(body))
			throw new ApiError(
				400,
				1000,
				'Invalid parameter: the request body must be an array of webhooks',
			);
		const prepared = body.map((item, i) => {
			if (!isObject(item))
				throw new ApiError(400, 1000, `Invalid parameter: [${i}] is not an object`);
			const subAccountId = this.webhookSubAccount(item, i);
			if (!isHttpUrl(item.url))
				throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].url' must be an http(s) URL`);
			const types = this.webhookTypes(item, i);
			if (item.enabled !== undefined && typeof item.enabled !== 'boolean') {
				throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].enabled' must be a boolean`);
			}
			if (
				item.httpAuthorization !== undefined &&
				item.httpAuthorization !== null &&
				typeof item.httpAuthorization !== 'string'
			) {
				throw new ApiError(
					400,
					1005,
					`Invalid parameter(s): '[${i}].httpAuthorization' must be a string`,
				);
			}
			let oauth;
			if (item.oauth !== undefined && item.oauth !== null) {
				const o = item.oauth;
				if (
					!isObject(o) ||
					!isHttpUrl(o.url) ||
					!o.clientId ||
					!o.clientSecret ||
					!['header', 'body'].includes(String(o.credentialsLocation))
				) {
					throw new ApiError(
						400,
						1005,
						`Invalid parameter(s): '[${i}].oauth' needs url, clientId, clientSecret and credentialsLocation header|body`,
					);
				}
				oauth = {
					url: o.url,
					clientId: String(o.clientId),
					clientSecret: String(o.clientSecret),
					credentialsLocation: o.credentialsLocation,
				};
				if (o.scope) oauth.scope = String(o.scope);
			}
			return types.map((type) => {
				const hook = { type, subAccountId, url: item.url, enabled: item.enabled !== false };
				if (item.httpAuthorization) hook.httpAuthorization = item.httpAuthorization;
				if (oauth) hook.oauth = oauth;
				return hook;
			});
		});
		const hooks = this.state.webhooks;
		for (const hook of prepared.flat()) {
			const index = hooks.findIndex(
				(h) => h.type === hook.type && h.subAccountId === hook.subAccountId,
			);
			if (index >= 0) hooks[index] = hook;
			else hooks.push(hook);
		}
		this.log(
			`webhooks saved: ${hooks.map((h) => `${h.type}/${h.subAccountId} → ${h.url}`).join(', ')}`,
		);
		return { status: 200 };
	}

	deleteWebhooks(body) {
		if (!Array.isArray(body))
			throw new ApiError(400, 1000, 'Invalid parameter: the request body must be an array');
		const targets = body.map((item, i) => {
			if (!isObject(item))
				throw new ApiError(400, 1000, `Invalid parameter: [${i}] is not an object`);
			if (typeof item.subAccountId !== 'string' || !item.subAccountId) {
				throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].subAccountId' is required`);
			}
			return { subAccountId: item.subAccountId, types: this.webhookTypes(item, i) };
		});
		const hooks = this.state.webhooks;
		for (const target of targets) {
			for (let i = hooks.length - 1; i >= 0; i--) {
				if (hooks[i].subAccountId === target.subAccountId && target.types.includes(hooks[i].type))
					hooks.splice(i, 1);
			}
		}
		return { status: 200 };
	}

	// ------------------------------------------------------------------------------------------
	// templates

	get channel() {
		return { channelId: this.options.channelId, channelName: this.options.channelName };
	}

	listTemplates() {
		return { status: 200, body: { templates: this.templates.list(this.channel) } };
	}

	createTemplate(body) {
		const template = this.templates.create(body);
		if (this.options.autoApproveMs !== null) {
			const generation = this.generation;
			this.receiptTimers.later(this.options.autoApproveMs, () => {
				if (generation !== this.generation || !this.templates.items.includes(template)) return;
				const rejected = template.templateName.startsWith('reject_');
				this.setTemplateStatus(
					template,
					rejected ? 'REJECTED' : 'APPROVED',
					rejected ? 'INVALID_FORMAT' : 'NONE',
				);
			});
		}
		return { status: 200, body: toListItem(template, this.channel) };
	}

	deleteTemplate(name) {
		const removed = this.templates.remove(name);
		if (!removed.length) throw new ApiError(404, 1300, `Template not found: '${name}'`);
		return { status: 200 };
	}

	/** Change a template's status and post a CABM template_status_update (when a CABM webhook exists). */
	setTemplateStatus(templateOrName, status, reason, language) {
		let template = templateOrName;
		if (typeof templateOrName === 'string') {
			template = language
				? this.templates.find(templateOrName, language)
				: this.templates.items.find((t) => t.templateName === templateOrName);
		}
		if (!template) return undefined;
		const upper = String(status).toUpperCase();
		this.templates.setStatus(
			template,
			upper,
			reason || (upper === 'REJECTED' ? 'INVALID_FORMAT' : 'NONE'),
		);
		const meta = { status: upper, reason: template.reason || 'NONE' };
		if (upper === 'PAUSED')
			meta.otherInfo = {
				title: 'FIRST_PAUSE',
				description: 'Your template has been paused for 3 hours due to low quality.',
			};
		if (upper === 'APPROVED' && reason === 'UNPAUSE') {
			meta.reason = 'NONE';
			meta.otherInfo = { title: 'UNPAUSE', description: 'Your template has been unpaused.' };
		}
		const event = {
			eventId: randomUUID(),
			timestamp: timestamp(),
			provider: 'WhatsApp',
			businessAccountId: this.options.businessAccountId,
			accountId: this.options.accountId,
			eventType: 'template_status_update',
			eventDetails: {
				templateId: Number(template.id),
				templateName: template.templateName,
				templateLanguage: template.language,
				meta,
			},
		};
		const delivery = this.postEvent(event);
		return { template: toListItem(template, this.channel), event, delivery };
	}

	// ------------------------------------------------------------------------------------------
	// inbound / events

	buildInbound(input) {
		const partial = isObject(input) ? { ...(isObject(input.payload) ? input.payload : input) } : {};
		for (const key of ['url', 'authorization', 'wait']) delete partial[key];
		const typeKey = String(partial.type || 'text').toLowerCase();
		const type = INBOUND_TYPES[typeKey] || partial.type;
		const user = {
			msisdn: '+6591234567',
			name: 'Sandbox User',
			...(isObject(partial.user) ? partial.user : {}),
		};
		if (user.channelUserId === undefined && user.msisdn)
			user.channelUserId = syntheticBsuid(user.msisdn);
		for (const key of Object.keys(user)) if (user[key] === null) delete user[key];
		let content = partial.content;
		if (!isObject(content)) {
			if (type === 'Text')
				content = {
					text: typeof partial.text === 'string' ? partial.text : 'Hello from the 8x8 sandbox',
				};
			else if (['Image', 'Video', 'Audio', 'File'].includes(type))
				content = { url: `${this.url}/files/sample-${typeKey}.png?token=sandbox` };
			else if (type === 'Location')
				content = { location: { latitude: 1.2857, longitude: 103.8479 } };
			else if (type === 'Interactive') {
				content = {
					interactive: { type: 'button_reply', button_reply: { id: 'option-1', title: 'Yes' } },
				};
			} else content = {};
		}
		const payload = {
			umid: isUuid(partial.umid) ? partial.umid : randomUUID(),
			subAccountId: partial.subAccountId || this.options.subAccountId,
			timestamp: partial.timestamp || timestamp(),
			user,
			recipient: {
				channel: 'whatsapp',
				channelId: this.options.channelId,
				...(isObject(partial.recipient) ? partial.recipient : {}),
			},
			type,
			content,
		};
		if (partial.replyToUmid) payload.replyToUmid = partial.replyToUmid;
		return {
			version: 3,
			namespace: 'ChatApps',
			eventType: 'inbound_message_received',
			description: 'ChatApps inbound message',
			payload,
		};
	}

	/** Build a v3 inbound envelope and POST it to the MSG webhook (or options.url). */
	async sendInbound(input = {}, options = {}) {
		const envelope = this.buildInbound(input);
		const payload = envelope.payload;
		const record = {
			umid: payload.umid,
			subAccountId: payload.subAccountId,
			direction: 'inbound',
			type: String(payload.type).toLowerCase(),
			user: payload.user,
			status: { state: 'received', timestamp: payload.timestamp },
			receivedAt: payload.timestamp,
			envelope,
		};
		pushBounded(this.state.inbound, record, this.options.maxRequestLog);
		this.state.inboundByUmid.set(record.umid, record);
		if (this.state.inboundByUmid.size > this.options.maxRequestLog * 2) {
			const keep = new Set(this.state.inbound.map((r) => r.umid));
			for (const umid of this.state.inboundByUmid.keys())
				if (!keep.has(umid)) this.state.inboundByUmid.delete(umid);
		}
		const url = options.url || (isObject(input) ? input.url : undefined);
		const authorization =
			options.authorization || (isObject(input) ? input.authorization : undefined);
		let target;
		if (url) target = { url, authorization };
		else {
			const hook = this.findWebhook(payload.subAccountId, 'MSG');
			if (hook)
				target = {
					url: hook.url,
					authorization: authorization || hook.httpAuthorization,
					oauth: authorization ? undefined : hook.oauth,
				};
		}
		if (!target) {
			return {
				umid: payload.umid,
				envelope,
				delivered: false,
				attempts: [],
				error: `No MSG webhook is registered for sub-account ${payload.subAccountId} and no url was given`,
			};
		}
		const result = await this.deliverer.deliver(target, envelope, {
			kind: 'inbound',
			umid: payload.umid,
		});
		return { umid: payload.umid, envelope, url: target.url, ...result };
	}

	/** POST any body to the CABM webhook (subAccountId `*` first) or options.url. */
	async postEvent(body, options = {}) {
		let target;
		if (options.url) target = { url: options.url, authorization: options.authorization };
		else {
			const hook =
				this.findWebhook('*', 'CABM') ||
				this.state.webhooks.find((h) => h.type === 'CABM' && h.enabled !== false);
			if (hook)
				target = {
					url: hook.url,
					authorization: options.authorization || hook.httpAuthorization,
					oauth: options.authorization ? undefined : hook.oauth,
				};
		}
		if (!target)
			return {
				delivered: false,
				attempts: [],
				error: 'No CABM webhook is registered and no url was given',
			};
		const result = await this.deliverer.deliver(target, body, {
			kind: 'event',
			eventType: isObject(body) ? body.eventType : undefined,
		});
		return { url: target.url, ...result };
	}

	// ------------------------------------------------------------------------------------------
	// control API

	get credentials() {
		return {
			apiKey: this.options.apiKey,
			subAccountId: this.options.subAccountId,
			accountId: this.options.accountId,
			channelId: this.options.channelId,
			region: 'custom',
			baseUrl: this.url,
			wrongRegionKey: this.options.wrongRegionKey,
		};
	}

	messageView(record) {
		return {
			umid: record.umid,
			clientMessageId: record.clientMessageId,
			batchId: record.batchId,
			clientBatchId: record.clientBatchId,
			subAccountId: record.subAccountId,
			type: record.type,
			user: record.user,
			template: record.template,
			status: record.status,
			outcome: record.outcome.outcome,
			scheduled: record.scheduled,
			cancelled: record.cancelled || undefined,
			receivedAt: record.receivedAt,
			body: record.body,
		};
	}

	summarizeAttempts(result) {
		return (result.attempts || []).map((a) => ({
			attempt: a.attempt,
			status: a.status,
			error: a.error,
		}));
	}

	async control(req, res, method, path, query) {
		const reply = (status, body) => this.write(res, { status, body });
		let body;
		try {
			const text = await readBody(req, this.options.bodyLimitBytes);
			body = parseJson(text);
		} catch (error) {
			return reply(error.status || 400, errorBody(error.code || 1000, error.message));
		}
		const q = parseQuery(query);
		const route = `${method} ${path.replace(/\/+$/, '')}`;
		try {
			switch (route) {
				case 'GET /__sandbox/health':
				case 'GET /__sandbox':
					return reply(200, {
						ok: true,
						url: this.url,
						pendingReceiptChains: this.pending,
						counters: this.state.counters,
						messages: this.state.messages.length,
						webhooks: this.state.webhooks.length,
						faults: this.state.faults.length,
					});
				case 'GET /__sandbox/config':
					return reply(200, {
						credentials: this.credentials,
						outcomesByLastDigit: OUTCOMES_BY_LAST_DIGIT,
					});
				case 'GET /__sandbox/messages': {
					let list = this.state.messages;
					if (q.clientMessageId !== undefined)
						list = list.filter((m) => m.clientMessageId === q.clientMessageId);
					if (q.msisdn !== undefined) list = list.filter((m) => m.user.msisdn === q.msisdn);
					if (q.batchId !== undefined) list = list.filter((m) => m.batchId === q.batchId);
					return reply(200, { count: list.length, messages: list.map((m) => this.messageView(m)) });
				}
				case 'GET /__sandbox/requests': {
					let list = this.state.requests;
					if (q.method) list = list.filter((r) => r.method === q.method.toUpperCase());
					if (q.path) {
						const matcher = compilePathMatcher(q.path);
						list = list.filter((r) => matcher(r.path));
					}
					if (q.limit) list = list.slice(-Math.max(0, Number(q.limit) || 0));
					return reply(200, { count: list.length, requests: list });
				}
				case 'GET /__sandbox/webhook-deliveries': {
					let list = this.state.webhookDeliveries;
					if (q.kind) list = list.filter((d) => d.kind === q.kind);
					if (q.umid) list = list.filter((d) => d.umid === q.umid);
					if (q.state) list = list.filter((d) => d.state === q.state);
					return reply(200, { count: list.length, deliveries: list });
				}
				case 'GET /__sandbox/faults':
					return reply(200, { faults: this.state.faults });
				case 'DELETE /__sandbox/faults':
					this.clearFaults();
					return reply(200, { faults: [] });
				case 'POST /__sandbox/faults': {
					if (isObject(body) && body.clear === true) {
						this.clearFaults();
						return reply(200, { faults: [] });
					}
					const created = this.injectFault(body);
					return reply(200, { queued: [].concat(created), faults: this.state.faults });
				}
				case 'POST /__sandbox/inbound': {
					const input = body === undefined ? {} : body;
					const wait = !(isObject(input) && input.wait === false);
					const promise = this.sendInbound(input);
					if (!wait) {
						const envelope = this.state.inbound[this.state.inbound.length - 1].envelope;
						promise.catch(() => undefined);
						return reply(202, { umid: envelope.payload.umid, envelope });
					}
					const result = await promise;
					if (result.error && !result.attempts.length)
						return reply(409, {
							...errorBody(1000, result.error),
							umid: result.umid,
							envelope: result.envelope,
						});
					return reply(200, {
						umid: result.umid,
						url: result.url,
						delivered: result.delivered,
						status: result.attempts.length ? result.attempts[result.attempts.length - 1].status : 0,
						attempts: this.summarizeAttempts(result),
						envelope: result.envelope,
					});
				}
				case 'POST /__sandbox/event': {
					let eventBody = body;
					let url = q.url;
					let authorization = q.authorization;
					if (!url && isObject(body) && typeof body.url === 'string') {
						// {url, authorization?, body} wraps the event; {url, …event} carries the target inline
						url = body.url;
						authorization = body.authorization;
						if (body.body !== undefined) eventBody = body.body;
						else {
							eventBody = { ...body };
							delete eventBody.url;
							delete eventBody.authorization;
						}
					}
					if (eventBody === undefined)
						return reply(400, errorBody(1000, 'The event body is empty'));
					const result = await this.postEvent(eventBody, { url, authorization });
					if (result.error && !result.attempts.length)
						return reply(409, errorBody(1000, result.error));
					return reply(200, {
						url: result.url,
						delivered: result.delivered,
						status: result.attempts[result.attempts.length - 1].status,
						attempts: this.summarizeAttempts(result),
					});
				}
				case 'POST /__sandbox/template-status': {
					if (!isObject(body) || !body.name || !body.status)
						return reply(400, errorBody(1000, 'Give {name, status, language?, reason?}'));
					const result = this.setTemplateStatus(
						String(body.name),
						body.status,
						body.reason,
						body.language,
					);
					if (!result) return reply(404, errorBody(1300, `Template not found: '${body.name}'`));
					const delivery = await result.delivery;
					return reply(200, {
						template: result.template,
						event: result.event,
						delivered: delivery.delivered,
					});
				}
				case 'GET /__sandbox/idle': {
					const idle = await this.whenIdle(Number(q.timeoutMs) || 10000);
					return reply(idle ? 200 : 504, { idle, pendingReceiptChains: this.pending });
				}
				case 'POST /__sandbox/reset':
					this.reset(isObject(body) ? body : {});
					return reply(200, { ok: true });
				default:
					return reply(404, errorBody(2001, `Unknown control route ${method} ${path}`));
			}
		} catch (error) {
			if (error instanceof ApiError)
				return reply(error.status, errorBody(error.code, error.message));
			throw error;
		}
	}

	/** The object startSandbox resolves with. */
	publicApi() {
		const self = this;
		return {
			get url() {
				return self.url;
			},
			get port() {
				return self.port;
			},
			get host() {
				return self.options.host;
			},
			options: this.options,
			get credentials() {
				return self.credentials;
			},
			state: this.state,
			server: this.server,
			close: () => this.close(),
			reset: (options) => this.reset(options),
			injectFault: (fault) => this.injectFault(fault),
			clearFaults: () => this.clearFaults(),
			sendInbound: (input, options) => this.sendInbound(input, options),
			postEvent: (body, options) => this.postEvent(body, options),
			setTemplateStatus: (name, status, options = {}) => {
				const result = this.setTemplateStatus(name, status, options.reason, options.language);
				return result
					? result.delivery.then((delivery) => ({
							template: result.template,
							event: result.event,
							delivery,
						}))
					: Promise.resolve(undefined);
			},
			whenIdle: (timeoutMs) => this.whenIdle(timeoutMs),
			outcomeFor: (msisdn, isTemplate = false) =>
				this.outcomeFor({ user: { msisdn }, type: isTemplate ? 'template' : 'text' }),
			messages: () => this.state.messages.map((m) => this.messageView(m)),
			webhookDeliveries: () => this.state.webhookDeliveries.slice(),
		};
	}
}

/** Start a sandbox. Resolves once it listens. */
async function startSandbox(options = {}) {
	const sandbox = new Sandbox(resolveOptions(options));
	await sandbox.listen();
	return sandbox.publicApi();
}

module.exports = {
	startSandbox,
	OUTCOMES_BY_LAST_DIGIT,
	DEFAULTS,
	SEED_TEMPLATES,
	ZERO_UMID: '00000000-0000-0000-0000-000000000000',
};
