/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../../../sandbox';
import { openSandbox, run, runExpectingError } from './setup';

const MEDIA_DIR = join(__dirname, '..', '..', '..', 'sandbox', 'media');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await openSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

const download = (url: string, extra: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'downloadMedia',
	url,
	binaryPropertyName: 'data',
	options: {},
	...extra,
});

describe('Message > Download Media', () => {
	it('puts the file in binary data, keeps the input fields, sends no 8x8 credential', async () => {
		const url = `${sandbox.url}/files/sample-audio.ogg?token=sandbox`;
		const { output, requests } = await run(sandbox, {
			items: [{ umid: 'u-1', mediaUrl: url }],
			parameters: download(url),
		});
		expect(requests).toHaveLength(0); // nothing through the authenticated helper
		const bytes = readFileSync(join(MEDIA_DIR, 'sample-audio.ogg'));
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toEqual({
			umid: 'u-1',
			mediaUrl: url,
			media: { binaryProperty: 'data', fileName: 'sample-audio.ogg', mimeType: 'audio/ogg', fileSize: bytes.length },
		});
		expect(Buffer.from(output[0].binary?.data.data as string, 'base64').equals(bytes)).toBe(true);
	});

	it('File Name and the output field can be set', async () => {
		const { output } = await run(sandbox, {
			parameters: download(`${sandbox.url}/files/sample-document.pdf?token=x`, {
				binaryPropertyName: 'invoice',
				options: { fileName: 'invoice-7.pdf' },
			}),
		});
		expect(output[0].binary?.invoice).toMatchObject({ fileName: 'invoice-7.pdf', mimeType: 'application/pdf' });
	});

	it('an expired URL fails the item with the reason and the fix', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: download(`${sandbox.url}/files/sample-image.jpg?token=expired`),
		});
		expect(error.message).toMatch(/^The media URL was refused \(HTTP 403\): it has expired/);
		expect(error.description).toMatch(/expire 24 hours after the message arrived/);
		expect(error.message).not.toContain('token=expired');
	});

	it('under Continue On Fail: a failed item is an error item at its position, the others are downloaded', async () => {
		const { output } = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}],
			parameters: download(''),
			itemParameters: [
				{ url: `${sandbox.url}/files/sample-video.mp4?token=secret`, options: { maxSizeMb: 0.001 } },
				{ url: `${sandbox.url}/files/sample-image.jpg?token=x` },
			],
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toEqual({
			error: expect.objectContaining({
				code: 'too_large',
				message: expect.stringContaining('larger than the limit'),
				fix: expect.stringContaining('Max File Size (MB)'),
				retryable: false,
			}),
			url: `${sandbox.url}/files/sample-video.mp4?…`,
		});
		expect(output[0].binary).toBeUndefined();
		expect(output[1].json.media).toMatchObject({ fileName: 'sample-image.jpg', mimeType: 'image/jpeg' });
	});

	it('an empty URL is refused without a request', async () => {
		const error = await runExpectingError(sandbox, { parameters: download('') });
		expect(error.message).toBe('The media URL is empty');
	});
});
