'use strict';
/**
 * Webhook configuration (transport: webhooksPath), bodies are arrays:
 *   GET    /api/v1/accounts/{acc}/webhooks   list (secrets masked)
 *   POST   /api/v1/accounts/{acc}/webhooks   create or replace per (type, subAccountId); no type = CADR + MSG
 *   DELETE /api/v1/accounts/{acc}/webhooks   remove [{subAccountId, type?}]
 * `findWebhook` is where receipts, inbound messages and CABM events look up their target.
 */
const { ApiError, isObject, isHttpUrl } = require('../lib/util');
const { WEBHOOK_TYPES } = require('../lib/constants');

/** The enabled webhook of a type for a sub-account, else the `*` one. */
function findWebhook(sb, sub, type) {
	let fallback;
	for (const hook of sb.state.webhooks) {
		if (hook.type !== type || hook.enabled === false) continue;
		if (hook.subAccountId === sub) return hook;
		if (hook.subAccountId === '*' && !fallback) fallback = hook;
	}
	return fallback;
}

function maskWebhook(hook) {
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

function listWebhooks(sb) {
	return { status: 200, body: sb.state.webhooks.map(maskWebhook) };
}

function webhookTypes(item, i) {
	if (item.type === undefined || item.type === null || item.type === '') return ['CADR', 'MSG'];
	const type = String(item.type).toUpperCase();
	if (!WEBHOOK_TYPES.includes(type))
		throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].type' must be CADR, MSG or CABM`);
	return [type];
}

function webhookSubAccount(sb, item, i) {
	if (typeof item.subAccountId !== 'string' || !item.subAccountId) {
		throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].subAccountId' is required`);
	}
	if (item.subAccountId !== '*' && item.subAccountId !== sb.options.subAccountId) {
		throw new ApiError(400, 1001, "Provided subAccountId doesn't belongs to your account");
	}
	return item.subAccountId;
}

function parseOauth(o, i) {
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
	const oauth = {
		url: o.url,
		clientId: String(o.clientId),
		clientSecret: String(o.clientSecret),
		credentialsLocation: o.credentialsLocation,
	};
	if (o.scope) oauth.scope = String(o.scope);
	return oauth;
}

function saveWebhooks(sb, body) {
	if (!Array.isArray(body))
		throw new ApiError(
			400,
			1000,
			'Invalid parameter: the request body must be an array of webhooks',
		);
	const prepared = body.map((item, i) => {
		if (!isObject(item))
			throw new ApiError(400, 1000, `Invalid parameter: [${i}] is not an object`);
		const subAccountId = webhookSubAccount(sb, item, i);
		if (!isHttpUrl(item.url))
			throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].url' must be an http(s) URL`);
		const types = webhookTypes(item, i);
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
		const oauth =
			item.oauth !== undefined && item.oauth !== null ? parseOauth(item.oauth, i) : undefined;
		return types.map((type) => {
			const hook = { type, subAccountId, url: item.url, enabled: item.enabled !== false };
			if (item.httpAuthorization) hook.httpAuthorization = item.httpAuthorization;
			if (oauth) hook.oauth = oauth;
			return hook;
		});
	});
	const hooks = sb.state.webhooks;
	for (const hook of prepared.flat()) {
		const index = hooks.findIndex(
			(h) => h.type === hook.type && h.subAccountId === hook.subAccountId,
		);
		if (index >= 0) hooks[index] = hook;
		else hooks.push(hook);
	}
	sb.log(
		`webhooks saved: ${hooks.map((h) => `${h.type}/${h.subAccountId} → ${h.url}`).join(', ')}`,
	);
	return { status: 200 };
}

function deleteWebhooks(sb, body) {
	if (!Array.isArray(body))
		throw new ApiError(400, 1000, 'Invalid parameter: the request body must be an array');
	const targets = body.map((item, i) => {
		if (!isObject(item))
			throw new ApiError(400, 1000, `Invalid parameter: [${i}] is not an object`);
		if (typeof item.subAccountId !== 'string' || !item.subAccountId) {
			throw new ApiError(400, 1005, `Invalid parameter(s): '[${i}].subAccountId' is required`);
		}
		return { subAccountId: item.subAccountId, types: webhookTypes(item, i) };
	});
	const hooks = sb.state.webhooks;
	for (const target of targets) {
		for (let i = hooks.length - 1; i >= 0; i--) {
			if (hooks[i].subAccountId === target.subAccountId && target.types.includes(hooks[i].type))
				hooks.splice(i, 1);
		}
	}
	return { status: 200 };
}

const WEBHOOKS = '/api/v1/accounts/:account/webhooks';
const routes = [
	{ method: 'GET', path: WEBHOOKS, handle: (sb) => listWebhooks(sb) },
	{ method: 'POST', path: WEBHOOKS, handle: (sb, { body }) => saveWebhooks(sb, body()) },
	{ method: 'DELETE', path: WEBHOOKS, handle: (sb, { body }) => deleteWebhooks(sb, body()) },
];

module.exports = { routes, findWebhook };
