'use strict';
/**
 * The /api route table: every route file exports `routes`, a list of
 *   {method, path: '/api/v1/subaccounts/:sub/messages/:umid', handle(sb, {params, body, query})}
 * `:sub`, `:account` and `:channel` are checked against the sandbox's ids before the handler runs,
 * in that order: unknown sub-account 400/1001, account 403/1201, channel 404/1300.
 * `body()` parses the JSON body lazily, so an id check answers before an invalid body does.
 */
const { ApiError } = require('./lib/util');
const { decodeSegment } = require('./lib/http');

function checkSubAccount(sb, sub) {
	if (sub !== sb.options.subAccountId) {
		throw new ApiError(400, 1001, "Provided subAccountId doesn't belongs to your account");
	}
}

function checkAccount(sb, account) {
	if (account !== sb.options.accountId) {
		throw new ApiError(
			403,
			1201,
			`Access forbidden: account '${account}' is not accessible with this API key`,
		);
	}
}

function checkChannel(sb, channel) {
	if (channel !== sb.options.channelId) {
		throw new ApiError(
			404,
			1300,
			`Channel '${channel}' was not found for account '${sb.options.accountId}'`,
		);
	}
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

module.exports = { createRouter, checkSubAccount };
