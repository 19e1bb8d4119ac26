/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Download Media: inbound media become binary data in the execution (the trigger's execute(), after
 * n8n has answered 8x8); webhook() itself makes no request. Calls are played the way n8n plays them
 * (test/support/triggerCall.ts), against the sandbox's real files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { mediaSettings } from '../../../nodes/EightByEightWhatsAppTrigger/media';
import { EVENT_TYPES } from '../../../nodes/shared/events';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { fixture } from '../../fixtures/events';
import { callTrigger } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
const MEDIA_DIR = join(__dirname, '..', '..', '..', 'sandbox', 'media');
const INBOUND = EVENT_TYPES.indexOf('inbound_message_received');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});
afterAll(async () => {
	await sandbox.close();
});

function inboundWith(type: string, url: string, extra: IDataObject = {}): IDataObject {
	const body = fixture('variant-inbound-v3-bsuid-only-image') as IDataObject;
	const payload = body.payload as IDataObject;
	payload.type = type;
	payload.content = { url, ...extra };
	return body;
}

async function play(body: unknown, options: IDataObject) {
	const harness = makeWebhookContext({
		defaults,
		params: { events: [...EVENT_TYPES], options },
		credentials: { eightByEightApi: { apiKey: 'k', subAccountId: 's', webhookSecret: '' } },
		body,
	});
	return await callTrigger(trigger, harness);
}

describe('Download Media', () => {
	it.each([
		['Image', 'sample-image.jpg', 'image/jpeg'],
		['Video', 'sample-video.mp4', 'video/mp4'],
		['Audio', 'sample-audio.ogg', 'audio/ogg'],
		['File', 'sample-document.pdf', 'application/pdf'],
	])('an inbound %s arrives as binary data with the sandbox bytes, name and type', async (type, file, mimeType) => {
		const url = `${sandbox.url}/files/${file}?token=sandbox`;
		const call = await play(inboundWith(type, url), { downloadMedia: true });
		expect(call.answer.status).toBe(200);
		const [item] = call.outputs?.[INBOUND] ?? [];
		const bytes = readFileSync(join(MEDIA_DIR, file));
		expect(item.binary?.data).toMatchObject({ mimeType, fileName: file, fileExtension: file.split('.')[1] });
		expect(Buffer.from(item.binary?.data.data as string, 'base64').equals(bytes)).toBe(true);
		expect(item.json).toMatchObject({
			mediaUrl: url,
			media: { binaryProperty: 'data', fileName: file, mimeType, fileSize: bytes.length },
			mediaError: null,
			replyTo: 'US.13491208655302741918',
		});
	});

	it('the binary property can be named', async () => {
		const call = await play(inboundWith('Image', `${sandbox.url}/files/sample-image.jpg?token=x`), {
			downloadMedia: true,
			mediaBinaryProperty: 'photo',
		});
		const [item] = call.outputs?.[INBOUND] ?? [];
		expect(Object.keys(item.binary ?? {})).toEqual(['photo']);
		expect(item.json.media).toMatchObject({ binaryProperty: 'photo' });
	});

	it('an expired URL keeps the item, with mediaError url_expired and the fix', async () => {
		const url = `${sandbox.url}/files/sample-image.jpg?token=expired`;
		const call = await play(inboundWith('Image', url), { downloadMedia: true });
		const [item] = call.outputs?.[INBOUND] ?? [];
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({
			umid: '5f3c9b2a-7d41-4c8e-b0a6-1e2f3a4b5c6d',
			mediaUrl: url,
			media: null,
			mediaError: {
				reason: 'url_expired',
				httpStatus: 403,
				message: expect.stringContaining('expired'),
				fix: expect.stringContaining('24 hours'),
			},
		});
	});

	it('a file over Max File Size keeps the item, with mediaError too_large', async () => {
		const call = await play(inboundWith('Video', `${sandbox.url}/files/sample-video.mp4?token=x`), {
			downloadMedia: true,
			maxMediaSizeMb: 0.005,
		});
		const [item] = call.outputs?.[INBOUND] ?? [];
		expect(item.binary).toBeUndefined();
		expect((item.json.mediaError as IDataObject).reason).toBe('too_large');
	});

	it('webhook() makes no request: the file is fetched in execute(), after the answer', async () => {
		const before = sandbox.state.requests.length;
		const url = `${sandbox.url}/files/sample-image.jpg?token=x&delayMs=400`;
		const harness = makeWebhookContext({
			defaults,
			params: { events: [...EVENT_TYPES], options: { downloadMedia: true } },
			credentials: { eightByEightApi: { apiKey: 'k', subAccountId: 's', webhookSecret: '' } },
			body: inboundWith('Image', url),
		});
		const started = Date.now();
		const result = await trigger.webhook!.call(harness.context);
		expect(Date.now() - started).toBeLessThan(300);
		expect(result.webhookResponse).toEqual({ received: true, emitted: 1, output: 'Inbound' });
		const items = result.workflowData?.[0] ?? [];
		expect(items[0].json).not.toHaveProperty('media');
		expect(items[0].binary).toBeUndefined();
		expect(sandbox.state.requests.length).toBe(before);
	});

	it('off by default: no download, no media fields', async () => {
		const call = await play(inboundWith('Image', `${sandbox.url}/files/sample-image.jpg?token=x`), {});
		const [item] = call.outputs?.[INBOUND] ?? [];
		expect(item.binary).toBeUndefined();
		expect(item.json).not.toHaveProperty('media');
		expect(item.json).not.toHaveProperty('mediaError');
	});

	it.each([
		['a text message', fixture('docs-inbound-v3-whatsapp-text')],
		['a receipt', fixture('docs-receipt-v9-read')],
		['a Business App image (outbound, not downloaded)', fixture('variant-external-app-image-bsuid-only')],
	])('leaves %s alone', async (_name, body) => {
		const call = await play(body, { downloadMedia: true });
		const item = (call.outputs ?? []).flat()[0];
		expect(item.binary).toBeUndefined();
		expect(item.json).not.toHaveProperty('mediaError');
	});
});

describe('mediaSettings', () => {
	it.each([
		[{}, { download: false, binaryProperty: 'data', maxBytes: 16 * 1_048_576 }],
		[{ downloadMedia: true, mediaBinaryProperty: ' file ', maxMediaSizeMb: 5 }, { download: true, binaryProperty: 'file', maxBytes: 5 * 1_048_576 }],
		[{ downloadMedia: true, maxMediaSizeMb: 500 }, { download: true, binaryProperty: 'data', maxBytes: 100 * 1_048_576 }],
		[{ downloadMedia: 'yes', maxMediaSizeMb: -1, mediaBinaryProperty: '' }, { download: false, binaryProperty: 'data', maxBytes: 16 * 1_048_576 }],
	])('%j → %j', (options, expected) => {
		expect(mediaSettings(options as IDataObject)).toEqual(expected);
	});
});
