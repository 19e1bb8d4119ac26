/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	describeFile,
	downloadMedia,
	redactedUrl,
} from '../../../../nodes/shared/transport/media';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { makePlainHttpRequest, type PlainRequestRecord } from '../../../support/plainHttp';

const MEDIA_DIR = join(__dirname, '..', '..', '..', '..', 'sandbox', 'media');
const MB = 1_048_576;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});
afterAll(async () => {
	await sandbox.close();
});

describe('downloadMedia against the sandbox (real HTTP, streamed)', () => {
	it.each([
		['sample-image.jpg', 'image/jpeg'],
		['sample-video.mp4', 'video/mp4'],
		['sample-audio.ogg', 'audio/ogg'],
		['sample-document.pdf', 'application/pdf'],
	])('%s: the bytes, the name from the URL, the type without parameters', async (file, mimeType) => {
		const requests: PlainRequestRecord[] = [];
		const result = await downloadMedia(makePlainHttpRequest(requests), {
			url: `${sandbox.url}/files/${file}?token=sandbox`,
			maxBytes: 16 * MB,
		});
		if (!result.ok) throw new Error(result.error.message);
		const expected = readFileSync(join(MEDIA_DIR, file));
		expect(result.file.data.equals(expected)).toBe(true);
		expect(result.file).toMatchObject({ fileName: file, mimeType, fileSize: expected.length });
		// no credential goes to a media URL
		expect(requests).toHaveLength(1);
		expect(Object.keys(requests[0].headers).map((h) => h.toLowerCase())).not.toContain('authorization');
	});

	it('an expired URL: url_expired, HTTP 403, the fix names the 24 hours; the token is not repeated', async () => {
		const result = await downloadMedia(makePlainHttpRequest(), {
			url: `${sandbox.url}/files/sample-image.jpg?token=expired`,
			maxBytes: 16 * MB,
		});
		expect(result).toEqual({
			ok: false,
			error: {
				reason: 'url_expired',
				httpStatus: 403,
				message: `The media URL was refused (HTTP 403): it has expired or its token is not valid (${sandbox.url}/files/sample-image.jpg?…)`,
				fix: expect.stringContaining('expire 24 hours after the message arrived'),
			},
		});
	});

	it('over the cap: too_large, with the limit', async () => {
		const result = await downloadMedia(makePlainHttpRequest(), {
			url: `${sandbox.url}/files/sample-video.mp4?token=x`,
			maxBytes: 1000,
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.reason).toBe('too_large');
		expect(result.error.message).toMatch(/^The media file is larger than the limit of 0 MB \(/);
		expect(result.error.fix).toMatch(/Max File Size \(MB\)/);
	});

	it('a timeout is a network_error that says so', async () => {
		const result = await downloadMedia(makePlainHttpRequest(), {
			url: `${sandbox.url}/files/sample-image.jpg?token=x&delayMs=2000`,
			maxBytes: MB,
			timeoutMs: 200,
		});
		expect(result).toMatchObject({ ok: false, error: { reason: 'network_error', httpStatus: null } });
		if (!result.ok) expect(result.error.message).toMatch(/timed out/);
	});
});

/** A fake httpRequest answering with a stream of `chunks`. */
function answering(statusCode: number, headers: Record<string, string>, chunks: Buffer[] | Buffer) {
	const calls: IHttpRequestOptions[] = [];
	let stream: Readable | Buffer | undefined;
	const request = async (options: IHttpRequestOptions) => {
		calls.push(options);
		stream = Buffer.isBuffer(chunks) ? chunks : Readable.from(chunks);
		return { statusCode, headers, body: stream };
	};
	return { request, calls, wasDestroyed: () => stream instanceof Readable && stream.destroyed };
}

describe('downloadMedia: every answer', () => {
	const url = 'https://chatapps.8x8.com/files/abc?token=secret';

	it('asks as a stream, with the full answer, without throwing on 4xx, with a timeout', async () => {
		const fake = answering(200, { 'content-type': 'image/png' }, [Buffer.from('x')]);
		await downloadMedia(fake.request, { url, maxBytes: MB });
		expect(fake.calls).toEqual([
			{
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 60_000,
			},
		]);
	});

	it('a declared Content-Length over the cap is refused before reading', async () => {
		const fake = answering(200, { 'content-length': String(20 * MB) }, [Buffer.from('x')]);
		const result = await downloadMedia(fake.request, { url, maxBytes: 16 * MB });
		expect(result).toMatchObject({
			ok: false,
			error: { reason: 'too_large', message: 'The media file is larger than the limit of 16 MB (20 MB)' },
		});
		expect(fake.wasDestroyed()).toBe(true);
	});

	it('a stream without Content-Length is cut off at the cap', async () => {
		const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1024, 1));
		const fake = answering(200, {}, chunks);
		const result = await downloadMedia(fake.request, { url, maxBytes: 4096 });
		expect(result).toMatchObject({ ok: false, error: { reason: 'too_large' } });
		if (!result.ok) expect(result.error.message).toContain('more than');
	});

	it('exactly at the cap is fine', async () => {
		const fake = answering(200, { 'content-type': 'image/jpeg' }, [Buffer.alloc(2048), Buffer.alloc(2048)]);
		const result = await downloadMedia(fake.request, { url, maxBytes: 4096, fallbackName: 'image-1' });
		expect(result).toMatchObject({ ok: true, file: { fileSize: 4096, fileName: 'image-1.jpg' } });
	});

	it.each([
		[401, 'url_expired'],
		[403, 'url_expired'],
		[410, 'url_expired'],
		[404, 'not_found'],
		[500, 'http_error'],
		[400, 'http_error'],
	])('HTTP %i → %s, the URL shown without its token', async (status, reason) => {
		const fake = answering(status, {}, [Buffer.from('<Error/>')]);
		const result = await downloadMedia(fake.request, { url, maxBytes: MB });
		expect(result).toMatchObject({ ok: false, error: { reason, httpStatus: status } });
		if (!result.ok) expect(result.error.message).not.toContain('secret');
	});

	it('a thrown request (connection refused) is a network_error', async () => {
		const result = await downloadMedia(
			async () => {
				throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
			},
			{ url, maxBytes: MB },
		);
		expect(result).toMatchObject({
			ok: false,
			error: { reason: 'network_error', message: expect.stringContaining('ECONNREFUSED') },
		});
	});

	it('a stream that fails half-way is a network_error', async () => {
		const broken = new Readable({
			read() {
				this.destroy(new Error('socket hang up'));
			},
		});
		const result = await downloadMedia(async () => ({ statusCode: 200, headers: {}, body: broken }), {
			url,
			maxBytes: MB,
		});
		expect(result).toMatchObject({ ok: false, error: { reason: 'network_error' } });
	});

	it.each([[''], ['ftp://example.com/a.jpg'], [undefined], [42], ['not a url']])(
		'%j is not a media URL: invalid_url, no request',
		async (bad) => {
			const fake = answering(200, {}, [Buffer.from('x')]);
			const result = await downloadMedia(fake.request, { url: bad, maxBytes: MB });
			expect(result).toMatchObject({ ok: false, error: { reason: 'invalid_url' } });
			expect(fake.calls).toHaveLength(0);
		},
	);

	it('takes a Buffer body too (a helper that ignores the stream encoding)', async () => {
		const fake = answering(200, { 'content-type': 'application/pdf' }, Buffer.from('%PDF-1.4'));
		const result = await downloadMedia(fake.request, { url, maxBytes: MB });
		expect(result).toMatchObject({ ok: true, file: { fileSize: 8, mimeType: 'application/pdf' } });
	});
});

describe('describeFile', () => {
	it.each([
		// [url, headers, options, expected]
		['https://h/files/a1.jpeg?token=t', { 'content-type': 'image/jpeg' }, {}, ['a1.jpeg', 'image/jpeg']],
		['https://h/files/a1?token=t', { 'Content-Type': 'audio/ogg; codecs=opus' }, { fallbackName: 'audio-u1' }, ['audio-u1.ogg', 'audio/ogg']],
		['https://h/f', { 'content-disposition': 'attachment; filename="Invoice 7.pdf"' }, {}, ['Invoice 7.pdf', 'application/pdf']],
		['https://h/f', { 'content-disposition': "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.docx" }, {}, ['Résumé.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']],
		['https://h/files/x.pdf', { 'content-type': 'application/octet-stream' }, {}, ['x.pdf', 'application/pdf']],
		['https://h/files/x', {}, {}, ['media', 'application/octet-stream']],
		['https://h/files/x.png', { 'content-type': 'image/png' }, { fileName: 'mine.png' }, ['mine.png', 'image/png']],
	])('%s %j %j', (url, headers, options, [fileName, mimeType]) => {
		expect(describeFile(url, headers, options)).toEqual({ fileName, mimeType });
	});

	it('redactedUrl drops the query', () => {
		expect(redactedUrl('https://h/f.jpg?token=abc')).toBe('https://h/f.jpg?…');
		expect(redactedUrl('https://h/f.jpg')).toBe('https://h/f.jpg');
	});
});
