'use strict';
/**
 * The control API (no auth, not logged, no faults): /__sandbox/*. Tests, examples, `npm start` and
 * the benchmarks drive the sandbox through these routes or their in-process twins (server.js
 * publicApi). The list with bodies is in the top comment of sandbox/index.js.
 */
const { ApiError, errorBody, isObject, compilePathMatcher } = require('../lib/util');
const { readBody, parseJson, parseQuery } = require('../lib/http');
const { OUTCOMES_BY_LAST_DIGIT } = require('../receipts/outcomes');
const { injectFault, clearFaults } = require('../faults');
const { sendInbound } = require('../inbound');
const { postEvent, setTemplateStatus } = require('../cabmEvents');
const { postUserEvent, postBusinessAppMessage } = require('../userEvents');
const { playSequence, addReceiptScript } = require('../receipts/player');
const { setRefusals } = require('../router');

/** A stored message as GET /__sandbox/messages shows it. */
function messageView(record) {
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

function summarizeAttempts(result) {
	return (result.attempts || []).map((a) => ({
		attempt: a.attempt,
		status: a.status,
		error: a.error,
	}));
}

function health(sb) {
	return {
		status: 200,
		body: {
			ok: true,
			url: sb.url,
			pendingReceiptChains: sb.pending,
			counters: sb.state.counters,
			messages: sb.state.messages.length,
			webhooks: sb.state.webhooks.length,
			faults: sb.state.faults.length,
		},
	};
}

async function inbound(sb, body) {
	const input = body === undefined ? {} : body;
	const wait = !(isObject(input) && input.wait === false);
	const promise = sendInbound(sb, input);
	if (!wait) {
		const envelope = sb.state.inbound[sb.state.inbound.length - 1].envelope;
		promise.catch(() => undefined);
		return { status: 202, body: { umid: envelope.payload.umid, envelope } };
	}
	const result = await promise;
	if (result.error && !result.attempts.length)
		return {
			status: 409,
			body: { ...errorBody(1000, result.error), umid: result.umid, envelope: result.envelope },
		};
	return {
		status: 200,
		body: {
			umid: result.umid,
			url: result.url,
			delivered: result.delivered,
			status: result.attempts.length ? result.attempts[result.attempts.length - 1].status : 0,
			attempts: summarizeAttempts(result),
			envelope: result.envelope,
		},
	};
}

/** The answer to a built-and-posted event: where it went, how it was answered, and the body. */
function posted(result) {
	if (result.error && !result.attempts.length)
		return { status: 409, body: { ...errorBody(1000, result.error), body: result.body } };
	return {
		status: 200,
		body: {
			url: result.url,
			delivered: result.delivered,
			status: result.attempts.length ? result.attempts[result.attempts.length - 1].status : 0,
			attempts: summarizeAttempts(result),
			body: result.body,
		},
	};
}

async function event(sb, body, q) {
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
		return { status: 400, body: errorBody(1000, 'The event body is empty') };
	const result = await postEvent(sb, eventBody, { url, authorization });
	if (result.error && !result.attempts.length)
		return { status: 409, body: errorBody(1000, result.error) };
	return {
		status: 200,
		body: {
			url: result.url,
			delivered: result.delivered,
			status: result.attempts[result.attempts.length - 1].status,
			attempts: summarizeAttempts(result),
		},
	};
}

async function templateStatus(sb, body) {
	if (!isObject(body) || !body.name || !body.status)
		return { status: 400, body: errorBody(1000, 'Give {name, status, language?, reason?}') };
	const result = setTemplateStatus(sb, String(body.name), body.status, body.reason, body.language);
	if (!result) return { status: 404, body: errorBody(1300, `Template not found: '${body.name}'`) };
	const delivery = await result.delivery;
	return {
		status: 200,
		body: { template: result.template, event: result.event, delivered: delivery.delivered },
	};
}

async function receipts(sb, body) {
	const { record, play, promise } = playSequence(sb, body);
	if (isObject(body) && body.wait === false) {
		promise.catch(() => undefined);
		return { status: 202, body: { umid: record.umid, steps: play.sequence.length } };
	}
	const result = await promise;
	return {
		status: 200,
		body: {
			umid: record.umid,
			stopped: result.stopped,
			played: result.played.map((p) => ({
				state: p.state,
				detail: p.detail,
				url: p.url,
				delivered: p.delivered,
				status: p.attempts.length ? p.attempts[p.attempts.length - 1].status : 0,
				attempts: summarizeAttempts(p),
			})),
			status: record.status,
		},
	};
}

/** 'METHOD /__sandbox/route' → (sb, body, query) → {status, body} (or a promise of it). */
const ROUTES = {
	'GET /__sandbox': health,
	'GET /__sandbox/health': health,
	'GET /__sandbox/config': (sb) => ({
		status: 200,
		body: {
			credentials: sb.credentials,
			outcomesByLastDigit: OUTCOMES_BY_LAST_DIGIT,
			receiptVersion: sb.options.receiptVersion,
			refusals: sb.refusals,
		},
	}),
	'GET /__sandbox/messages': (sb, body, q) => {
		let list = sb.state.messages;
		if (q.clientMessageId !== undefined)
			list = list.filter((m) => m.clientMessageId === q.clientMessageId);
		if (q.msisdn !== undefined) list = list.filter((m) => m.user.msisdn === q.msisdn);
		if (q.batchId !== undefined) list = list.filter((m) => m.batchId === q.batchId);
		return { status: 200, body: { count: list.length, messages: list.map(messageView) } };
	},
	'GET /__sandbox/requests': (sb, body, q) => {
		let list = sb.state.requests;
		if (q.method) list = list.filter((r) => r.method === q.method.toUpperCase());
		if (q.path) {
			const matcher = compilePathMatcher(q.path);
			list = list.filter((r) => matcher(r.path));
		}
		if (q.limit) list = list.slice(-Math.max(0, Number(q.limit) || 0));
		return { status: 200, body: { count: list.length, requests: list } };
	},
	'GET /__sandbox/webhook-deliveries': (sb, body, q) => {
		let list = sb.state.webhookDeliveries;
		if (q.kind) list = list.filter((d) => d.kind === q.kind);
		if (q.umid) list = list.filter((d) => d.umid === q.umid);
		if (q.state) list = list.filter((d) => d.state === q.state);
		if (q.detail) list = list.filter((d) => d.detail === q.detail);
		return { status: 200, body: { count: list.length, deliveries: list } };
	},
	'GET /__sandbox/faults': (sb) => ({ status: 200, body: { faults: sb.state.faults } }),
	'DELETE /__sandbox/faults': (sb) => {
		clearFaults(sb);
		return { status: 200, body: { faults: [] } };
	},
	'POST /__sandbox/faults': (sb, body) => {
		if (isObject(body) && body.clear === true) {
			clearFaults(sb);
			return { status: 200, body: { faults: [] } };
		}
		const created = injectFault(sb, body);
		return { status: 200, body: { queued: [].concat(created), faults: sb.state.faults } };
	},
	'POST /__sandbox/receipts': receipts,
	'GET /__sandbox/receipt-scripts': (sb) => ({
		status: 200,
		body: { scripts: sb.state.receiptScripts },
	}),
	'POST /__sandbox/receipt-scripts': (sb, body) => ({
		status: 200,
		body: { script: addReceiptScript(sb, body), scripts: sb.state.receiptScripts },
	}),
	'DELETE /__sandbox/receipt-scripts': (sb) => {
		sb.state.receiptScripts.length = 0;
		return { status: 200, body: { scripts: [] } };
	},
	'GET /__sandbox/refusals': (sb) => ({ status: 200, body: sb.refusals }),
	'POST /__sandbox/refusals': (sb, body) => ({ status: 200, body: setRefusals(sb, body) }),
	'POST /__sandbox/inbound': inbound,
	'POST /__sandbox/event': event,
	'POST /__sandbox/user-event': async (sb, body) => posted(await postUserEvent(sb, isObject(body) ? body : {})),
	'POST /__sandbox/business-app-message': async (sb, body) =>
		posted(await postBusinessAppMessage(sb, isObject(body) ? body : {})),
	'POST /__sandbox/template-status': templateStatus,
	'GET /__sandbox/idle': async (sb, body, q) => {
		const idle = await sb.whenIdle(Number(q.timeoutMs) || 10000);
		return { status: idle ? 200 : 504, body: { idle, pendingReceiptChains: sb.pending } };
	},
	'POST /__sandbox/reset': (sb, body) => {
		sb.reset(isObject(body) ? body : {});
		return { status: 200, body: { ok: true } };
	},
};

async function control(sb, req, method, path, query) {
	let body;
	try {
		body = parseJson(await readBody(req, sb.options.bodyLimitBytes));
	} catch (error) {
		return { status: error.status || 400, body: errorBody(error.code || 1000, error.message) };
	}
	const handler = ROUTES[`${method} ${path.replace(/\/+$/, '')}`];
	if (!handler)
		return { status: 404, body: errorBody(2001, `Unknown control route ${method} ${path}`) };
	try {
		return await handler(sb, body, parseQuery(query));
	} catch (error) {
		if (error instanceof ApiError)
			return { status: error.status, body: errorBody(error.code, error.message) };
		throw error;
	}
}

module.exports = { control, messageView, ROUTES };
