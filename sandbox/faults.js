'use strict';
/**
 * Injected faults (POST /__sandbox/faults, injectFault()): the next matching /api request is
 * answered with an error status, late, or not at all, either instead of being processed or after.
 */
const http = require('node:http');
const { ApiError, errorBody, isObject, compilePathMatcher, timestamp } = require('./lib/util');

const FAULT_MESSAGES = {
	429: (f) =>
		`Quota exceeded. Please try again in ${f.retryAfter === undefined || f.retryAfter === null ? 1 : f.retryAfter} second(s).`,
	500: () => 'Internal server error',
	502: () => 'Bad gateway',
	503: () => 'Service temporarily unavailable',
	504: () => 'Gateway timeout',
};

function injectFault(sb, input) {
	if (Array.isArray(input)) return input.map((f) => injectFault(sb, f));
	if (!isObject(input)) throw new ApiError(400, 1000, 'A fault must be an object');
	const match = isObject(input.match) ? input.match : {};
	const status =
		input.status === undefined || input.status === null ? undefined : Number(input.status);
	if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
		throw new ApiError(400, 1000, `Invalid fault status ${input.status}`);
	}
	const afterAccept = input.afterAccept === true;
	const reset = input.reset === true;
	const delayMs = input.delayMs === undefined ? undefined : Math.max(0, Number(input.delayMs) || 0);
	if (status === undefined && !reset && delayMs === undefined && !afterAccept) {
		throw new ApiError(400, 1000, 'A fault needs status, delayMs, reset or afterAccept');
	}
	if (
		input.contentType !== undefined &&
		(typeof input.contentType !== 'string' || !input.contentType)
	)
		throw new ApiError(400, 1000, 'contentType must be a non-empty string, e.g. text/html');
	if (input.body !== undefined && input.html === true && typeof input.body !== 'string')
		throw new ApiError(400, 1000, 'html: true takes a string body (or none, for a gateway page)');
	const count = input.count === undefined ? 1 : Math.max(1, Math.floor(Number(input.count) || 1));
	const method = match.method || input.method;
	const path = match.path !== undefined ? match.path : input.path;
	const fault = {
		id: ++sb.faultSeq,
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
		contentType: input.contentType,
		html: input.html === true,
		headers: input.headers,
		delayMs,
		reset,
		afterAccept: afterAccept || (reset && input.afterAccept !== false),
		createdAt: timestamp(),
	};
	fault.processes = fault.afterAccept || (!reset && fault.status === undefined);
	Object.defineProperty(fault, 'matcher', { value: compilePathMatcher(path), enumerable: false });
	sb.state.faults.push(fault);
	return fault;
}

function clearFaults(sb) {
	sb.state.faults.length = 0;
}

/** The first fault matching method + path, counted down (and removed when used up). */
function takeFault(sb, method, path) {
	const faults = sb.state.faults;
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

/** What a proxy or gateway in front of an API answers, e.g. nginx's "502 Bad Gateway" page. */
function gatewayPage(status) {
	const title = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Fault headers with any Content-Type spelling replaced by one `Content-Type`. */
function withContentType(headers, contentType) {
	const out = {};
	let given;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === 'content-type') given = value;
		else out[key] = value;
	}
	const chosen = contentType || given;
	if (chosen) out['Content-Type'] = chosen;
	return out;
}

/**
 * body: an object → JSON; a string → sent as is (text/plain unless contentType says otherwise);
 * html: true → text/html, the string body or a gateway page; no body → an 8x8 error body.
 */
function faultResponse(fault) {
	const status = fault.status || 500;
	let headers = { ...(fault.headers || {}) };
	if (status === 429 && fault.retryAfter !== null)
		headers['Retry-After'] = String(fault.retryAfter === undefined ? 1 : fault.retryAfter);
	else if (fault.retryAfter !== undefined && fault.retryAfter !== null)
		headers['Retry-After'] = String(fault.retryAfter);
	if (fault.html) {
		headers = withContentType(headers, fault.contentType || 'text/html; charset=utf-8');
		return { status, body: fault.body !== undefined ? fault.body : gatewayPage(status), headers };
	}
	if (typeof fault.body === 'string') {
		headers = withContentType(headers, fault.contentType);
		if (!headers['Content-Type']) headers['Content-Type'] = 'text/plain; charset=utf-8';
		return { status, body: fault.body, headers };
	}
	headers = withContentType(headers, fault.contentType);
	if (fault.body !== undefined) return { status, body: fault.body, headers };
	const code =
		fault.code !== undefined ? fault.code : status === 429 ? 429 : status >= 500 ? 2000 : 1000;
	const message =
		fault.message ||
		(FAULT_MESSAGES[status] ? FAULT_MESSAGES[status](fault) : http.STATUS_CODES[status] || 'Error');
	return { status, body: errorBody(code, message), headers };
}

module.exports = { injectFault, clearFaults, takeFault, faultResponse };
