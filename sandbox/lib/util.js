'use strict';
const { randomUUID } = require('node:crypto');

/** 8x8 timestamps carry two fractional digits: 2021-01-04T08:19:45.99Z. */
function timestamp(date) {
	const iso = (date || new Date()).toISOString();
	return iso.slice(0, 22) + 'Z';
}

/** An error the API answers with: HTTP status + 8x8 `code` + message. */
class ApiError extends Error {
	constructor(status, code, message, headers) {
		super(message);
		this.status = status;
		this.code = code;
		this.headers = headers;
	}
}

/** A validation failure of one message (HTTP 400 on single send; a rejected entry in a batch). */
function invalid(code, message) {
	return new ApiError(400, code, message);
}

function errorBody(code, message) {
	return { code, message, errorId: randomUUID(), timestamp: timestamp() };
}

function isObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isHttpUrl(value) {
	if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return false;
	if (!/^https?:\/\/[^\s/?#]+/i.test(value)) return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
	} catch {
		return false;
	}
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
function isUuid(value) {
	return typeof value === 'string' && UUID_RE.test(value);
}

/** Append to an array used as a bounded log; trims in chunks so the amortised cost stays O(1). */
function pushBounded(array, item, max) {
	array.push(item);
	if (array.length > max + Math.max(16, max >> 3)) array.splice(0, array.length - max);
}

/**
 * Path patterns for fault matching: an exact path, or a glob where `*` matches one path segment
 * (or part of one) and `**` matches anything, e.g. `/api/v1/subaccounts/*\/messages`.
 */
function compilePathMatcher(pattern) {
	if (pattern === undefined || pattern === null || pattern === '') return () => true;
	if (pattern instanceof RegExp) return (path) => pattern.test(path);
	const text = String(pattern);
	if (!text.includes('*')) return (path) => path === text || path === text.replace(/\/+$/, '');
	const source = text
		.split('**')
		.map((part) =>
			part
				.split('*')
				.map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('[^/]*'),
		)
		.join('.*');
	const re = new RegExp('^' + source + '$');
	return (path) => re.test(path);
}

/** setTimeout wrapper that can cancel every pending sleep at once (reset / close). */
class Timers {
	constructor() {
		this.pending = new Set();
	}

	sleep(ms) {
		return new Promise((resolve) => {
			const timer = setTimeout(
				() => {
					this.pending.delete(timer);
					resolve();
				},
				Math.max(0, Math.min(Number(ms) || 0, 2147483647)),
			);
			if (typeof timer.unref === 'function') timer.unref();
			this.pending.add(timer);
		});
	}

	later(ms, fn) {
		const timer = setTimeout(
			() => {
				this.pending.delete(timer);
				fn();
			},
			Math.max(0, Math.min(Number(ms) || 0, 2147483647)),
		);
		if (typeof timer.unref === 'function') timer.unref();
		this.pending.add(timer);
		return timer;
	}

	cancel(timer) {
		if (!timer) return;
		clearTimeout(timer);
		this.pending.delete(timer);
	}

	clear() {
		for (const timer of this.pending) clearTimeout(timer);
		this.pending.clear();
	}
}

/** The 8x8 details endpoint masks phone numbers: +6591234567 → +659123xxxx. */
function maskMsisdn(msisdn) {
	if (typeof msisdn !== 'string' || msisdn.length < 6) return msisdn;
	return msisdn.slice(0, -4) + 'xxxx';
}

module.exports = {
	timestamp,
	ApiError,
	invalid,
	errorBody,
	isObject,
	isHttpUrl,
	isUuid,
	pushBounded,
	compilePathMatcher,
	Timers,
	maskMsisdn,
	randomUUID,
};
