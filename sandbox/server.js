'use strict';
/**
 * The sandbox core: options, shared state, the HTTP server (auth → fault → route → request log),
 * lifecycle (listen, close, reset, whenIdle) and the object startSandbox resolves with.
 * Endpoints live in routes/*.js; receipts in receipts/*.js.
 */
const http = require('node:http');

const { DEFAULTS } = require('./lib/constants');
const { ApiError, errorBody, pushBounded, Timers, timestamp } = require('./lib/util');
const { readBody, parseJson, parseQuery, write } = require('./lib/http');
const { TemplateStore } = require('./lib/templates');
const { Deliverer } = require('./lib/delivery');
const { createRouter } = require('./router');
const { injectFault, clearFaults, takeFault, faultResponse } = require('./faults');
const { sendInbound } = require('./inbound');
const { postEvent, setTemplateStatus } = require('./cabmEvents');
const { postUserEvent, postBusinessAppMessage } = require('./userEvents');
const { outcomeFor } = require('./receipts/outcomes');
const { playSequence, addReceiptScript } = require('./receipts/player');
const { setRefusals } = require('./router');
const { control, messageView } = require('./routes/control');
const { isFileRequest, serveFile } = require('./routes/files');

const matchRoute = createRouter([
	require('./routes/messages').routes,
	require('./routes/messageDetails').routes,
	require('./routes/templates').routes,
	require('./routes/webhooks').routes,
]);

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
	options.receiptVersion = Number(options.receiptVersion) === 8 ? 8 : 9;
	options.recordBodies = options.recordBodies !== false;
	options.logger = normalizeLogger(input && input.logger);
	return options;
}

class Sandbox {
	constructor(options) {
		this.options = options;
		this.receiptTimers = new Timers();
		this.responseTimers = new Timers();
		this.closed = false;
		/** Bumped by reset / close: receipt chains and timers of an older generation stop. */
		this.generation = 0;
		/** Receipt chains playing now (whenIdle waits for 0). */
		this.pending = 0;
		this.idleWaiters = [];
		this.faultSeq = 0;
		this.scriptSeq = 0;
		this.requestSeq = 0;
		/** How an unknown account / channel is answered (setRefusals); null = the defaults in router.js. */
		this.refusals = { account: null, channel: null };
		this.templates = new TemplateStore(options);
		this.state = this.createState();
		this.deliverer = new Deliverer(options, this.receiptTimers, this.state.webhookDeliveries);
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				this.log(`internal error: ${error && error.stack}`);
				if (!res.headersSent && !res.destroyed)
					write(res, { status: 500, body: errorBody(2000, 'Internal server error') });
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
			receiptScripts: [],
			counters: { requests: 0, accepted: 0, rejected: 0, receiptsDelivered: 0, receiptsFailed: 0 },
			get templates() {
				return store.items;
			},
		};
	}

	log(line) {
		if (this.options.logger) this.options.logger(line);
	}

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
		s.receiptScripts.length = 0;
		this.refusals = { account: null, channel: null };
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
	// HTTP

	async handle(req, res) {
		const started = Date.now();
		const rawUrl = req.url || '/';
		const q = rawUrl.indexOf('?');
		const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
		const query = q === -1 ? '' : rawUrl.slice(q + 1);
		const method = req.method || 'GET';
		if (path === '/__sandbox' || path.startsWith('/__sandbox/'))
			return write(res, await control(this, req, method, path, query));
		if (isFileRequest(method, path)) return write(res, await serveFile(this, path, query));

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
			return write(res, {
				status: entry.status,
				body: errorBody(error.code || 1000, error.message),
			});
		}
		if (this.options.recordBodies && text) entry.body = text;

		const fault = path.startsWith('/api/') ? takeFault(this, method, path) : undefined;
		let response;
		if (fault) {
			entry.fault = fault.id;
			if (!fault.processes) {
				if (fault.delayMs) await this.responseTimers.sleep(fault.delayMs);
				if (fault.reset) return this.destroy(req, res, entry, started);
				response = faultResponse(fault);
			} else {
				response = this.route(method, path, query, text, req.headers);
				entry.processedStatus = response.status;
				if (fault.delayMs) await this.responseTimers.sleep(fault.delayMs);
				if (fault.reset) return this.destroy(req, res, entry, started);
				if (fault.status) response = faultResponse(fault);
			}
		} else {
			response = this.route(method, path, query, text, req.headers);
		}
		entry.status = response.status;
		entry.durationMs = Date.now() - started;
		if (this.options.logger)
			this.log(`${method} ${path} → ${response.status}${fault ? ` (fault #${fault.id})` : ''}`);
		write(res, response);
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
			const handler = matchRoute(method, path);
			if (!handler) {
				throw new ApiError(
					404,
					2001,
					`Function not implemented: ${method} ${path} is not part of the 8x8 sandbox`,
				);
			}
			return handler(this, () => parseJson(text), parseQuery(query));
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

	/** The object startSandbox resolves with (declared in index.d.ts). */
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
			injectFault: (fault) => injectFault(this, fault),
			clearFaults: () => clearFaults(this),
			sendInbound: (input, options) => sendInbound(this, input, options),
			postEvent: (body, options) => postEvent(this, body, options),
			postUserEvent: (spec, options) => postUserEvent(this, spec, options),
			postBusinessAppMessage: (spec, options) => postBusinessAppMessage(this, spec, options),
			setTemplateStatus: (name, status, options = {}) => {
				const result = setTemplateStatus(this, name, status, options.reason, options.language);
				return result
					? result.delivery.then((delivery) => ({
							template: result.template,
							event: result.event,
							delivery,
						}))
					: Promise.resolve(undefined);
			},
			playReceipts: (spec) => {
				try {
					return playSequence(this, spec).promise;
				} catch (error) {
					return Promise.reject(error);
				}
			},
			scriptReceipts: (spec) => addReceiptScript(this, spec),
			clearReceiptScripts: () => {
				this.state.receiptScripts.length = 0;
			},
			setRefusals: (refusals) => setRefusals(this, refusals),
			whenIdle: (timeoutMs) => this.whenIdle(timeoutMs),
			outcomeFor: (msisdn, isTemplate = false) =>
				outcomeFor({ user: { msisdn }, type: isTemplate ? 'template' : 'text' }),
			messages: () => this.state.messages.map(messageView),
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

module.exports = { startSandbox };
