'use strict';
/**
 * The /api route table: every route file exports `routes`, a list of
 *   {method, path: '/api/v1/subaccounts/:sub/messages/:umid', handle(sb, {params, body, query})}
 * `:sub`, `:account` and `:channel` are checked against the sandbox's ids before the handler runs,
 * in that order: unknown sub-account 400/1001, account 403/1201, channel 404/1300 (the last two
 * can be changed with setRefusals()).
 * `body()` parses the JSON body lazily, so an id check answers before an invalid body does.
 */
const { ApiError } = require('./lib/util');
const { decodeSegment } = require('./lib/http');

function checkSubAccount(sb, sub) {
	if (sub !== sb.options.subAccountId) {
		throw new ApiError(400, 1001, "Provided subAccountId doesn't belongs to your account");
	}
}

function refuse(sb, kind, status, code, message) {
	const override = sb.refusals[kind];
	if (override) throw new ApiError(override.status, override.code, override.message || message);
	throw new ApiError(status, code, message);
}

// What 8x8 answers for an account or channel the key cannot use is not in the OpenAPI (templates
// list 200/401/500, webhooks 200/400/401/500). The defaults follow api-error-codes.md: 403 / 1201
// "Access forbidden" (authenticated, no permission) and 404 / 1300 "Not found". setRefusals()
// answers otherwise, so a test can check a client against another plausible answer.
function checkAccount(sb, account) {
	if (account !== sb.options.accountId)
		refuse(
			sb,
			'account',
			403,
			1201,
			`Access forbidden: account '${account}' is not accessible with this API key`,
		);
}

function checkChannel(sb, channel) {
	if (channel !== sb.options.channelId)
		refuse(
			sb,
			'channel',
			404,
			1300,
			`Channel '${channel}' was not found for account '${sb.options.accountId}'`,
		);
}

/** {account?, channel?}: each {status, code, message?}, or null for the default answer. */
function setRefusals(sb, input) {
	if (input === null || typeof input !== 'object' || Array.isArray(input))
		throw new ApiError(
			400,
			1000,
			'Give {account?, channel?}, each {status, code, message?} or null',
		);
	const next = { ...sb.refusals };
	for (const [kind, value] of Object.entries(input)) {
		if (kind !== 'account' && kind !== 'channel')
			throw new ApiError(400, 1000, `Unknown refusal '${kind}': account or channel`);
		if (value === null) {
			next[kind] = null;
			continue;
		}
		const status = Number(value && value.status);
		const code = Number(value && value.code);
		if (!Number.isInteger(status) || status < 400 || status > 599 || !Number.isInteger(code))
			throw new ApiError(400, 1000, `${kind}: give {status 400-599, code (integer), message?}`);
		if (value.message !== undefined && typeof value.message !== 'string')
			throw new ApiError(400, 1000, `${kind}.message must be a string`);
		next[kind] = { status, code, message: value.message };
	}
	sb.refusals = next;
	return next;
}

function splitPath(path) {
	const segments = path.split('/');
	while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
	return segments.slice(1);
}

function createRouter(routeLists) {
	const table = routeLists.flat().map((route) => ({ ...route, segments: splitPath(route.path) }));

	/** The handler for method + path, or undefined: (sb, body getter, query) → {status, body?, headers?}. */
	return function match(method, path) {
		const parts = splitPath(path);
		for (const route of table) {
			if (route.method !== method || route.segments.length !== parts.length) continue;
			const params = {};
			let ok = true;
			for (let i = 0; i < parts.length && ok; i++) {
				const pattern = route.segments[i];
				if (pattern[0] === ':') params[pattern.slice(1)] = decodeSegment(parts[i]);
				else ok = pattern === parts[i];
			}
			if (!ok) continue;
			return (sb, body, query) => {
				if (params.sub !== undefined) checkSubAccount(sb, params.sub);
				if (params.account !== undefined) checkAccount(sb, params.account);
				if (params.channel !== undefined) checkChannel(sb, params.channel);
				return route.handle(sb, { params, body, query });
			};
		}
		return undefined;
	};
}

module.exports = { createRouter, setRefusals };
