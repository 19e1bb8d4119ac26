import type { InboundMessageItem } from '../../../../nodes/shared/events';
import { eventItem, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

function inbound(body: unknown): InboundMessageItem {
	return eventItem<InboundMessageItem>(body, 'inbound_message_received');
}

function withPayload(name: string, path: string, value: unknown) {
	return setPath(fixture(name), `payload.${path}`, value);
}

describe('inbound messages: documented samples', () => {
	it('seed 001 button reply', () => {
		expect(inbound(fixture('seed001-inbound-button-reply'))).toEqual({
			eventType: 'inbound_message_received',
			dedupeKey: '<UNIQUE_MESSAGE_ID>',
			receivedAt: RECEIVED_AT,
			formatVersion: 2,
			umid: '<UNIQUE_MESSAGE_ID>',
			subAccountId: '<SUBACCOUNT_ID>',
			timestamp: '2025-12-02T06:58:50Z',
			from: {
				msisdn: '+15551234567',
				channelUserId: '15551234567',
				name: '<USER_NAME>',
				username: null,
			},
			channel: 'whatsapp',
			channelId: '<CHANNEL_ID>',
			messageType: 'interactive',
			text: null,
			mediaUrl: null,
			payload: null,
			location: null,
			interactive: { type: 'button_reply', id: 'option-2', title: 'FAQ', description: null },
			replyToUmid: '<ORIGINAL_MESSAGE_UMID>',
			replyTo: '+15551234567',
		});
	});

	it('seed 001 text and image', () => {
		const text = inbound(fixture('seed001-inbound-text'));
		expect(text).toMatchObject({
			messageType: 'text',
			text: 'Hello',
			mediaUrl: null,
			interactive: null,
		});
		expect(text.replyToUmid).toBeNull();

		const image = inbound(fixture('seed001-inbound-image'));
		expect(image).toMatchObject({ messageType: 'image', text: null, mediaUrl: '<MEDIA_FILE_URL>' });
		expect(image.timestamp).toBe('2025-12-02T07:07:19Z');
	});

	it('v3 WhatsApp text carries the BSUID and username', () => {
		expect(inbound(fixture('docs-inbound-v3-whatsapp-text'))).toMatchObject({
			formatVersion: 3,
			from: {
				msisdn: '<USER_PHONE_NUMBER>',
				channelUserId: '<WHATSAPP_BSUID>',
				name: '<WHATSAPP_USER_PROFILE_NAME>',
				username: '<WHATSAPP_USERNAME>',
			},
			channel: 'whatsapp',
			messageType: 'text',
			text: 'WhatsApp inbound message',
			timestamp: '2026-06-09T10:13:20.00Z',
		});
	});

	it('v3 Viber text has an msisdn-only user', () => {
		expect(inbound(fixture('docs-inbound-v3-viber-text'))).toMatchObject({
			formatVersion: 3,
			channel: 'viber',
			from: { msisdn: '<USER_PHONE_NUMBER>', channelUserId: null, name: null, username: null },
			text: 'Viber inbound message',
		});
	});

	it('v2 text has a replyToUmid and the phone number as channelUserId', () => {
		expect(inbound(fixture('docs-inbound-v2-whatsapp-text'))).toMatchObject({
			formatVersion: 2,
			from: { msisdn: '<USER_PHONE_NUMBER>', channelUserId: '<USER_PHONE_NUMBER>' },
			text: 'Test message',
			replyToUmid: '<REPLIED_MESSAGE_UMID>',
			timestamp: '2026-01-01T14:34:56.017Z',
		});
	});

	it.each(['docs-inbound-v3-nfm-reply', 'docs-inbound-v2-nfm-reply'])(
		'%s: flow reply with the parsed responseJson',
		(name) => {
			expect(inbound(fixture(name)).interactive).toEqual({
				type: 'nfm_reply',
				id: null,
				title: null,
				description: null,
				response: {
					flow_token: '<FLOW_TOKEN>',
					optional_param1: '<value1>',
					optional_param2: '<value2>',
				},
			});
		},
	);

	it('webhooks reference flow submission', () => {
		const item = inbound(fixture('docs-webhooks-ref-inbound-nfm-reply'));
		expect(item).toMatchObject({
			umid: 'abc123-def456-ghi789',
			subAccountId: 'your-subaccount-id',
			channelId: 'your-channel-id',
			from: { channelUserId: 'US.13491208655302741918', name: null },
			messageType: 'interactive',
		});
		expect(item.interactive?.response).toEqual({
			customer_name: 'Jane Smith',
			email: 'jane@example.com',
			feedback: 'Excellent service!',
			flow_token: '<FLOW_TOKEN>',
		});
	});

	it.each(['docs-inbound-v3-call-permission-reply', 'docs-inbound-v2-call-permission-reply'])(
		'%s: call permission decision in response',
		(name) => {
			expect(inbound(fixture(name)).interactive).toEqual({
				type: 'call_permission_reply',
				id: null,
				title: null,
				description: null,
				response: {
					response: 'accept',
					isPermanent: false,
					expirationTimestamp: '2026-01-23T06:51:55.00Z',
					responseSource: 'user_action',
				},
			});
		},
	);
});

describe('inbound messages: 8x8 inconsistencies', () => {
	it.each([
		['Text', 'text'],
		['text', 'text'],
		['TEXT', 'text'],
		['Image', 'image'],
		['Video', 'video'],
		['Audio', 'audio'],
		['File', 'document'],
		['file', 'document'],
		['Document', 'document'],
		['Location', 'location'],
		['Interactive', 'interactive'],
		['Buttons', 'buttons'],
		['List', 'list'],
		['Template', 'template'],
		['Carousel', 'carousel'],
		['None', 'none'],
		['Sticker', 'sticker'],
	])('type %s → messageType %s', (type, messageType) => {
		expect(inbound(withPayload('seed001-inbound-text', 'type', type)).messageType).toBe(
			messageType,
		);
	});

	it('no type → none', () => {
		expect(inbound(withPayload('seed001-inbound-text', 'type', undefined)).messageType).toBe(
			'none',
		);
		expect(inbound(withPayload('seed001-inbound-text', 'type', null)).messageType).toBe('none');
	});

	it('media caption and document', () => {
		const body = withPayload('seed001-inbound-image', 'type', 'File');
		setPath(body, 'payload.content', {
			url: 'https://files.example/invoice.pdf',
			text: 'Invoice March',
		});
		expect(inbound(body)).toMatchObject({
			messageType: 'document',
			mediaUrl: 'https://files.example/invoice.pdf',
			text: 'Invoice March',
		});
	});

	it.each([
		[{ latitude: 1.2834, longitude: 103.8607 }],
		[{ latitude: '1.2834', longitude: '103.8607' }],
		[{ latitude: 0, longitude: '-0.5', name: 'Marina Bay', address: '10 Bayfront Ave' }],
	])('location %j is kept as sent', (location) => {
		const body = withPayload('seed001-inbound-text', 'type', 'Location');
		setPath(body, 'payload.content', { location });
		const item = inbound(body);
		expect(item.messageType).toBe('location');
		expect(item.location).toEqual(location);
	});

	it('list reply with description, under either key casing', () => {
		const row = { id: 'slot-2', title: 'Monday, Oct 9', description: '2:00 PM - 3:00 PM' };
		for (const interactive of [
			{ type: 'list_reply', list_reply: row },
			{ type: 'listReply', listReply: row },
			{ list_reply: row },
		]) {
			const body = withPayload('seed001-inbound-button-reply', 'content', { interactive });
			expect(inbound(body).interactive).toEqual({ type: 'list_reply', ...row });
		}
	});

	it('numeric button id becomes a string', () => {
		const body = withPayload(
			'seed001-inbound-button-reply',
			'content.interactive.button_reply.id',
			2,
		);
		expect(inbound(body).interactive).toMatchObject({ id: '2', title: 'FAQ' });
	});

	it('flow reply whose responseJson is not JSON keeps the raw string', () => {
		const body = fixture('docs-inbound-v3-nfm-reply');
		setPath(body, 'payload.content.interactive.nfmReply.responseJson', '{not json');
		expect(inbound(body).interactive?.response).toBe('{not json');
	});

	it('flow reply under the snake_case type and key', () => {
		const body = fixture('docs-inbound-v3-nfm-reply');
		setPath(body, 'payload.content.interactive', {
			type: 'nfm_reply',
			nfm_reply: { responseJson: '{"a":1}' },
		});
		expect(inbound(body).interactive).toMatchObject({ type: 'nfm_reply', response: { a: 1 } });
	});

	it('unknown interactive types are kept with their type only', () => {
		const body = fixture('seed001-inbound-button-reply');
		setPath(body, 'payload.content.interactive', {
			type: 'productReply',
			productReply: { sku: 'A1' },
		});
		expect(inbound(body).interactive).toEqual({
			type: 'product_reply',
			id: null,
			title: null,
			description: null,
		});
	});

	it('content.payload string is surfaced', () => {
		const body = withPayload('seed001-inbound-text', 'content', {
			text: 'Yes',
			payload: 'CONFIRM_ORDER_42',
		});
		expect(inbound(body)).toMatchObject({ text: 'Yes', payload: 'CONFIRM_ORDER_42' });
	});

	it('null optional fields are accepted', () => {
		const body = fixture('seed001-inbound-text');
		for (const path of [
			'payload.replyToUmid',
			'payload.user.name',
			'payload.recipient',
			'payload.content',
		]) {
			setPath(body, path, null);
		}
		expect(inbound(body)).toMatchObject({
			replyToUmid: null,
			from: { name: null },
			channel: null,
			channelId: null,
			text: null,
		});
	});

	it.each([
		[3, 3],
		['3', 3],
		[4, 4],
		[null, 2],
		['latest', 2],
	])('version %j → formatVersion %d', (version, formatVersion) => {
		const body = setPath(fixture('seed001-inbound-text'), 'version', version);
		expect(inbound(body).formatVersion).toBe(formatVersion);
	});

	it('a missing timestamp falls back to the time of receipt', () => {
		expect(inbound(withPayload('seed001-inbound-text', 'timestamp', undefined)).timestamp).toBe(
			RECEIVED_AT,
		);
	});
});

describe('inbound messages: schema mismatches', () => {
	it.each([
		['umid', undefined, 'payload.umid: required'],
		['umid', 42, 'payload.umid: expected string, got number'],
		['umid', '', 'payload.umid: must not be empty'],
		['umid', null, 'payload.umid: expected string, got null'],
		['subAccountId', undefined, 'payload.subAccountId: required'],
		['subAccountId', ['a'], 'payload.subAccountId: expected string, got array'],
		['user', [], 'payload.user: expected object, got array'],
		['user.msisdn', 15551234567, 'payload.user.msisdn: expected string, got number'],
		['content', 'Hello', 'payload.content: expected object, got string'],
		['content.text', { value: 'Hello' }, 'payload.content.text: expected string, got object'],
		['replyToUmid', true, 'payload.replyToUmid: expected string, got boolean'],
	])('payload.%s = %j', (path, value, issue) => {
		const other = otherItem(withPayload('seed001-inbound-text', path, value));
		expect(other.reason).toBe('schema_mismatch');
		expect(other.eventType).toBe('inbound_message_received');
		expect(other.issues).toEqual([issue]);
	});

	it('location without coordinates, or with junk ones', () => {
		const body = withPayload('seed001-inbound-text', 'content', {
			location: { latitude: { deg: 1 } },
		});
		expect(otherItem(body).issues).toEqual([
			'payload.content.location.latitude: expected string or number, got object',
			'payload.content.location.longitude: required',
		]);
	});

	it('a button reply that is not an object', () => {
		const body = withPayload(
			'seed001-inbound-button-reply',
			'content.interactive.button_reply',
			'option-2',
		);
		expect(otherItem(body).issues).toEqual([
			'payload.content.interactive.button_reply: expected object, got string',
		]);
	});

	it('lists every problem, and leads the dedupeKey with the umid', () => {
		const body = fixture('seed001-inbound-button-reply');
		setPath(body, 'payload.subAccountId', undefined);
		setPath(body, 'payload.timestamp', 1733122730);
		const other = otherItem(body);
		expect(other.issues).toEqual([
			'payload.subAccountId: required',
			'payload.timestamp: expected string, got number',
		]);
		expect(other.dedupeKey).toMatch(/^<UNIQUE_MESSAGE_ID>:[0-9a-f]{16}$/);
		expect(other.body).toBe(body);
	});

	it('no payload at all', () => {
		const body = setPath(fixture('seed001-inbound-text'), 'payload', undefined);
		const other = otherItem(body);
		expect(other.issues).toEqual(['payload: required']);
		expect(other.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
	});
});
