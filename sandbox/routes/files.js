'use strict';
/** GET /files/{name}: a 1×1 PNG (no auth, not logged), so sample media URLs resolve. */
const PNG_1x1 = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

function isFileRequest(method, path) {
	return method === 'GET' && path.startsWith('/files/');
}

function serveFile() {
	return { status: 200, body: PNG_1x1, headers: { 'Content-Type': 'image/png' } };
}

module.exports = { isFileRequest, serveFile };
