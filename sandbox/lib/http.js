'use strict';
/** Reading requests and writing answers (Node's http only). */
const { ApiError } = require('./util');

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

/** Write {status, body?, headers?}: objects as JSON, strings and Buffers as they are. */
function write(res, response) {
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

module.exports = { readBody, parseJson, parseQuery, decodeSegment, write };
