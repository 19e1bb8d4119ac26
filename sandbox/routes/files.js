'use strict';
/**
 * GET /files/{name}: media files, no auth (8x8's media URLs are pre-signed), not logged.
 *
 * - `sample-image.jpg`, `sample-video.mp4`, `sample-audio.ogg` (Opus, like a voice note) and
 *   `sample-document.pdf` are real small files (sandbox/media/), the ones inbound media messages
 *   point at, so a workflow that downloads them gets bytes it can check.
 * - any other name: a 1×1 PNG, so sample media URLs (template headers…) resolve.
 * - `?token=expired`: 403 with an XML error body, the way a pre-signed URL past its lifetime is
 *   refused (8x8's inbound media URLs expire after 24 hours; the exact answer is not documented).
 * - `?delayMs=N` (at most 10 000): answered N ms late, to show that a slow download never delays
 *   the answer to the webhook.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const PNG_1x1 = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

/** name → MIME type of the files in sandbox/media/. */
const MEDIA = {
	'sample-image.jpg': 'image/jpeg',
	'sample-video.mp4': 'video/mp4',
	'sample-audio.ogg': 'audio/ogg; codecs=opus',
	'sample-document.pdf': 'application/pdf',
};

/** Inbound message type (as the sandbox's inbound builder names it) → the file it points at. */
const MEDIA_FOR_TYPE = {
	Image: 'sample-image.jpg',
	Video: 'sample-video.mp4',
	Audio: 'sample-audio.ogg',
	File: 'sample-document.pdf',
};

const cache = new Map();
function mediaFile(name) {
	if (!cache.has(name)) cache.set(name, readFileSync(join(__dirname, '..', 'media', name)));
	return cache.get(name);
}

const EXPIRED_BODY =
	'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';

function isFileRequest(method, path) {
	return method === 'GET' && path.startsWith('/files/');
}

function fileResponse(path, params) {
	if (params.get('token') === 'expired') {
		return { status: 403, body: EXPIRED_BODY, headers: { 'Content-Type': 'application/xml' } };
	}
	const name = decodeURIComponent(path.slice('/files/'.length));
	if (Object.prototype.hasOwnProperty.call(MEDIA, name)) {
		return { status: 200, body: mediaFile(name), headers: { 'Content-Type': MEDIA[name] } };
	}
	return { status: 200, body: PNG_1x1, headers: { 'Content-Type': 'image/png' } };
}

async function serveFile(sb, path, query) {
	const params = new URLSearchParams(query || '');
	const delayMs = Math.min(Number(params.get('delayMs')) || 0, 10_000);
	if (delayMs > 0) await sb.responseTimers.sleep(delayMs);
	return fileResponse(path, params);
}

module.exports = { isFileRequest, serveFile, mediaFile, MEDIA, MEDIA_FOR_TYPE };
