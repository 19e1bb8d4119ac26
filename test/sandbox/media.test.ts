/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The sandbox's media files: inbound media messages point at real small files, so a workflow that
 * downloads them gets bytes it can check; an expired token and a slow answer can be asked for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox';
import { startReceiver, type Receiver } from './helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
	receiver = await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});
beforeEach(() => {
	receiver.calls.length = 0;
});

const MEDIA_DIR = join(__dirname, '..', '..', 'sandbox', 'media');

describe('inbound media point at real files', () => {
	it.each([
		['image', 'Image', 'sample-image.jpg', 'image/jpeg', [0xff, 0xd8, 0xff]],
		['video', 'Video', 'sample-video.mp4', 'video/mp4', [...Buffer.from('ftyp')]],
		['audio', 'Audio', 'sample-audio.ogg', 'audio/ogg; codecs=opus', [...Buffer.from('OggS')]],
		['document', 'File', 'sample-document.pdf', 'application/pdf', [...Buffer.from('%PDF-')]],
	])('%s', async (type, eightByEightType, file, mimeType, magic) => {
		const result = await sandbox.sendInbound({ type }, { url: receiver.url });
		expect(result.delivered).toBe(true);
		const payload = receiver.calls[0].body.payload;
		expect(payload.type).toBe(eightByEightType);
		expect(payload.content.url).toBe(`${sandbox.url}/files/${file}?token=sandbox`);
		const response = await fetch(payload.content.url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(mimeType);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.equals(readFileSync(join(MEDIA_DIR, file)))).toBe(true);
		expect(bytes.length).toBeGreaterThan(500);
		expect(bytes.length).toBeLessThan(20_000);
		const offset = file.endsWith('.mp4') ? 4 : 0;
		expect([...bytes.subarray(offset, offset + magic.length)]).toEqual(magic);
	});

	it('a caption given with the media is kept', async () => {
		await sandbox.sendInbound({ type: 'image', text: 'my receipt' }, { url: receiver.url });
		expect(receiver.calls[0].body.payload.content).toEqual({
			url: `${sandbox.url}/files/sample-image.jpg?token=sandbox`,
			text: 'my receipt',
		});
	});
});

describe('GET /files/{name}', () => {
	it('answers 403 for an expired token, as a pre-signed URL past its lifetime', async () => {
		const response = await fetch(`${sandbox.url}/files/sample-image.jpg?token=expired`);
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Request has expired');
	});

	it('answers late with delayMs', async () => {
		const started = Date.now();
		const response = await fetch(`${sandbox.url}/files/sample-image.jpg?token=x&delayMs=300`);
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('any other name is a 1×1 PNG', async () => {
		const response = await fetch(`${sandbox.url}/files/header.png`);
		expect(response.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
	});
});
