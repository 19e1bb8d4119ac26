import { explainApiError, explainDeliveryError } from '../../../../nodes/shared/errors';
import type { DeliveryStatusItem } from '../../../../nodes/shared/events';
import { classify, eventItem, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

function receipt(body: unknown): DeliveryStatusItem {
	return eventItem<DeliveryStatusItem>(body, 'outbound_message_status_changed');
}

function withPayload(name: string, path: string, value: unknown) {
	return setPath(fixture(name), `payload.${path}`, value);
}

describe('delivery receipts: documented samples', () => {
	it('v8 undelivered: explained error with the Meta code', () => {
		const item = receipt(fixture('docs-receipt-v8-undelivered'));
		const explanation = explainDeliveryError(15, '131009');
		expect(item).toEqual({
			eventType: 'outbound_message_status_changed',
			dedupeKey: '<UNIQUE_MESSAGE_ID>:undelivered:rejected_by_operator',
			receivedAt: RECEIVED_AT,
			formatVersion: 8,
			umid: '<UNIQUE_MESSAGE_ID>',
			clientMessageId: '<YOUR_MESSAGE_ID>',
			batchId: '<BATCH_ID>',
			clientBatchId: '<YOUR_BATCH_ID>',
			subAccountId: '<SUBACCOUNT_ID>',
			channel: 'whatsapp',
			to: { msisdn: '<USER_PHONE_NUMBER>', channelUserId: '<USER_PHONE_NUMBER>' },
			state: 'undelivered',
			detail: 'rejected_by_operator',
			stage: 'undelivered',
			reachedRecipient: false,
			statusTimestamp: '2026-01-01T00:00:00Z',
			pricingCategory: null,
			error: {
				code: 15,
				message: 'Invalid destination',
				providerErrorCode: '131009',
				source: 'delivery',
				title: explanation.title,
				meaning: explanation.meaning,
				fix: explanation.fix,
				retryable: explanation.retryable,
				metaCode: 131009,
			},
			outboundContent: null,
			replyTo: '<USER_PHONE_NUMBER>',
		});
		expect(item.error?.meaning).toEqual(expect.any(String));
		expect(item.error?.meaning.length).toBeGreaterThan(0);
		expect(item.error?.title.length).toBeGreaterThan(0);
	});

	it('seed 000 undelivered (no whatsapp object): code 1022 explained', () => {
		const item = receipt(fixture('seed000-receipt-undelivered'));
		const explanation = explainDeliveryError(1022, undefined);
		expect(item).toMatchObject({
			state: 'undelivered',
			to: { msisdn: '+6512345678', channelUserId: '6512345678' },
			error: {
				code: 1022,
				message: 'Message window expired',
				providerErrorCode: null,
				title: explanation.title,
				meaning: explanation.meaning,
				retryable: explanation.retryable,
			},
		});
		expect(item.error?.metaCode).toBe(explanation.metaCode);
	});

	it.each(['seed001-receipt-undelivered', 'docs-webhooks-ref-receipt-undelivered'])(
		'%s: errorCode 15 without providerErrorCode',
		(name) => {
			const item = receipt(fixture(name));
			expect(item.error).toMatchObject({
				code: 15,
				message: 'Invalid destination',
				providerErrorCode: null,
			});
			expect(item.error?.meaning.length).toBeGreaterThan(0);
			expect(item.statusTimestamp).toBe('2016-01-01T00:00:00Z');
		},
	);

	it('"whatsApp" channel casing is normalized', () => {
		const item = receipt(fixture('seed001-receipt-read'));
		expect(item).toMatchObject({
			channel: 'whatsapp',
			state: 'read',
			detail: null,
			error: null,
			dedupeKey: '<UNIQUE_MESSAGE_ID>:read:',
			to: { msisdn: '+6512345678', channelUserId: '6512345678' },
			clientMessageId: null,
			batchId: null,
		});
	});

	it('v9 delivered template keeps outboundContent and the pricing category', () => {
		const item = receipt(fixture('docs-receipt-v9-delivered-template'));
		expect(item).toMatchObject({
			formatVersion: 9,
			state: 'delivered',
			detail: 'delivered_to_recipient',
			pricingCategory: 'marketing',
			to: { msisdn: '<USER_PHONE_NUMBER>', channelUserId: '<WHATSAPP_BSUID>' },
			error: null,
			dedupeKey: '<UNIQUE_MESSAGE_ID>:delivered:delivered_to_recipient',
		});
		expect(item.outboundContent).toMatchObject({
			contentType: 'template',
			template: { name: 'marketing_welcome_template', language: 'en_US', category: 'MARKETING' },
		});
	});

	it('v9 queued has no channelUserId', () => {
		expect(receipt(fixture('docs-receipt-v9-queued'))).toMatchObject({
			formatVersion: 9,
			state: 'queued',
			detail: null,
			statusTimestamp: '2026-07-03T03:23:21.90Z',
			to: { msisdn: '<USER_PHONE_NUMBER>', channelUserId: null },
			pricingCategory: null,
			outboundContent: null,
		});
	});

	it('Viber and RCS receipts: 8x8 titles its Viber delivered_to_operator sample "delivered to recipient"', () => {
		expect(receipt(fixture('docs-receipt-v9-viber-delivered'))).toMatchObject({
			channel: 'viber',
			detail: 'delivered_to_operator',
			stage: 'delivered',
			reachedRecipient: true,
			to: { channelUserId: null },
		});
		expect(receipt(fixture('docs-receipt-v9-rcs-read'))).toMatchObject({
			channel: 'rcs',
			state: 'read',
			stage: 'read',
			reachedRecipient: true,
		});
	});

	it('status object from the message status reference (no user)', () => {
		expect(receipt(fixture('docs-status-ref-queued'))).toMatchObject({
			state: 'queued',
			statusTimestamp: '2020-12-22T01:24:30.6030893Z',
			to: { msisdn: null, channelUserId: null },
		});
	});
});

describe('delivery receipts: 8x8 inconsistencies', () => {
	it('errorCode as a string, providerErrorCode as a number', () => {
		const body = fixture('docs-receipt-v8-undelivered');
		setPath(body, 'payload.status.errorCode', '15');
		setPath(body, 'payload.whatsapp.providerErrorCode', 131009);
		expect(receipt(body).error).toMatchObject({
			code: 15,
			providerErrorCode: '131009',
			metaCode: 131009,
		});
	});

	it('state casing is normalized, and is part of the dedupeKey', () => {
		const item = receipt(withPayload('docs-receipt-v8-delivered', 'status.state', 'Delivered'));
		expect(item.state).toBe('delivered');
		expect(item.dedupeKey).toBe('<UNIQUE_MESSAGE_ID>:delivered:delivered_to_recipient');
	});

	it('rejected without an error code still carries an explanation', () => {
		const item = receipt(withPayload('docs-receipt-v9-queued', 'status.state', 'rejected'));
		expect(item.error).toMatchObject({
			code: null,
			message: null,
			providerErrorCode: null,
			source: 'api',
		});
		expect(item.error?.meaning.length).toBeGreaterThan(0);
	});

	it('an error code on a non-failed state is reported', () => {
		const item = receipt(withPayload('docs-receipt-v8-delivered', 'status.errorCode', 1015));
		expect(item.error).toMatchObject({ code: 1015, providerErrorCode: null });
	});

	it('unknown states and extra fields pass through, at stage "unknown"', () => {
		const body = withPayload('docs-receipt-v9-read', 'status.state', 'deleted');
		setPath(body, 'payload.status.reason', 'user_deleted');
		expect(receipt(body)).toMatchObject({
			state: 'deleted',
			stage: 'unknown',
			reachedRecipient: false,
		});
	});

	it('null optional objects', () => {
		const body = fixture('docs-receipt-v8-delivered');
		setPath(body, 'payload.whatsapp', null);
		setPath(body, 'payload.user', null);
		setPath(body, 'payload.status.detail', null);
		expect(receipt(body)).toMatchObject({
			pricingCategory: null,
			to: { msisdn: null, channelUserId: null },
			detail: null,
			dedupeKey: '<UNIQUE_MESSAGE_ID>:delivered:',
		});
	});
});

describe('delivery receipts: dedupeKey', () => {
	it('differs per status of the same message, and is stable for retries', () => {
		const sent = receipt(
			withPayload('docs-receipt-v8-delivered', 'status', { state: 'sent', timestamp: 't1' }),
		);
		const delivered = receipt(fixture('docs-receipt-v8-delivered'));
		const read = receipt(fixture('docs-receipt-v8-read'));
		const keys = [sent.dedupeKey, delivered.dedupeKey, read.dedupeKey];
		expect(new Set(keys).size).toBe(3);
		expect(receipt(fixture('docs-receipt-v8-read')).dedupeKey).toBe(read.dedupeKey);
	});
});

describe('delivery receipts: schema mismatches', () => {
	it.each([
		['umid', undefined, 'payload.umid: required'],
		['subAccountId', '', 'payload.subAccountId: must not be empty'],
		['status', undefined, 'payload.status: required'],
		['status', 'delivered', 'payload.status: expected object, got string'],
		['status.state', undefined, 'payload.status.state: required'],
		['status.state', '', 'payload.status.state: must not be empty'],
		['status.state', 3, 'payload.status.state: expected string, got number'],
		[
			'status.errorCode',
			{ code: 15 },
			'payload.status.errorCode: expected string or number, got object',
		],
		[
			'whatsapp.providerErrorCode',
			[131009],
			'payload.whatsapp.providerErrorCode: expected string or number, got array',
		],
		['whatsapp', 'n/a', 'payload.whatsapp: expected object, got string'],
		['outboundContent', [], 'payload.outboundContent: expected object, got array'],
	])('payload.%s = %j', (path, value, issue) => {
		const other = otherItem(withPayload('docs-receipt-v8-undelivered', path, value));
		expect(other.reason).toBe('schema_mismatch');
		expect(other.eventType).toBe('outbound_message_status_changed');
		expect(other.issues).toEqual([issue]);
	});

	it('Other leads the dedupeKey with the umid, then a hash of the body', () => {
		const result = classify(withPayload('docs-receipt-v8-undelivered', 'status', undefined));
		expect(result.item.dedupeKey).toMatch(/^<UNIQUE_MESSAGE_ID>:[0-9a-f]{16}$/);
	});
});

/** A WhatsApp receipt as 8x8 sends them for a message sent to a phone number (v9). */
function whatsappReceipt(status: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload: {
			umid: '0d4c1c0e-1f7b-4b7a-9d55-3b1f2f0c1e01',
			clientMessageId: 'n8n-1-0-abcdef12',
			subAccountId: 'Acme_WhatsApp',
			channel: 'whatsapp',
			user: { msisdn: '+6591234561' },
			status: { timestamp: '2026-07-03T03:23:22.10Z', ...status },
			...extra,
		},
	};
}

describe('delivery receipts: what they mean for the message (stage, reachedRecipient)', () => {
	it('the documented samples', () => {
		const meaning = (name: string) => {
			const item = receipt(fixture(name));
			return [item.stage, item.reachedRecipient];
		};
		expect(meaning('docs-receipt-v9-queued')).toEqual(['queued', false]);
		expect(meaning('docs-status-ref-queued')).toEqual(['queued', false]);
		expect(meaning('docs-receipt-v9-delivered-text')).toEqual(['delivered', true]);
		expect(meaning('docs-receipt-v8-delivered')).toEqual(['delivered', true]);
		expect(meaning('docs-receipt-v9-read')).toEqual(['read', true]);
		expect(meaning('docs-receipt-v8-undelivered')).toEqual(['undelivered', false]);
		expect(meaning('seed000-receipt-undelivered')).toEqual(['undelivered', false]);
	});

	it('WhatsApp delivered_to_operator (before WhatsApp has it, no channelUserId) is not on the phone', () => {
		const item = receipt(whatsappReceipt({ state: 'delivered', detail: 'delivered_to_operator' }));
		expect(item).toMatchObject({
			state: 'delivered',
			detail: 'delivered_to_operator',
			stage: 'handed_to_operator',
			reachedRecipient: false,
			error: null,
			to: { msisdn: '+6591234561', channelUserId: null },
			dedupeKey: '0d4c1c0e-1f7b-4b7a-9d55-3b1f2f0c1e01:delivered:delivered_to_operator',
		});
	});

	it('the operator hop, then undelivered 1018 / Meta 131026: the failure is explained from the delivery catalog', () => {
		const hop = receipt(whatsappReceipt({ state: 'delivered', detail: 'delivered_to_operator' }));
		const failure = receipt(
			whatsappReceipt(
				{
					state: 'undelivered',
					detail: 'rejected_by_operator',
					errorCode: 1018,
					errorMessage: 'Message rejected',
				},
				{ whatsapp: { providerErrorCode: '131026' } },
			),
		);
		const expected = explainDeliveryError(1018, '131026');
		expect(hop.reachedRecipient).toBe(false);
		expect(failure).toMatchObject({ stage: 'undelivered', reachedRecipient: false });
		expect(failure.error).toEqual({
			code: 1018,
			message: 'Message rejected',
			providerErrorCode: '131026',
			source: 'delivery',
			title: expected.title,
			meaning: expected.meaning,
			fix: expected.fix,
			retryable: expected.retryable,
			metaCode: 131026,
		});
		expect(hop.dedupeKey).not.toBe(failure.dedupeKey);
	});

	it('rejected (by 8x8) is explained from the API catalog: 3038 is "Template not found", not an unknown delivery code', () => {
		const item = receipt(
			whatsappReceipt({
				state: 'rejected',
				errorCode: 3038,
				errorMessage: 'Template not found for provided name and language',
			}),
		);
		const api = explainApiError(3038);
		expect(item).toMatchObject({ state: 'rejected', stage: 'rejected', reachedRecipient: false });
		expect(item.error).toEqual({
			code: 3038,
			message: 'Template not found for provided name and language',
			providerErrorCode: null,
			source: 'api',
			title: api.title,
			meaning: api.meaning,
			fix: api.fix,
			retryable: api.retryable,
		});
		expect(item.error?.title).toBe('Template not found');
		expect(explainDeliveryError(3038).known).toBe(false);
	});

	it('a code both catalogs know is read from the right one: 1002 rejected = Invalid MSISDN, undelivered = rate limit', () => {
		const rejected = receipt(whatsappReceipt({ state: 'rejected', errorCode: 1002 }));
		const undelivered = receipt(whatsappReceipt({ state: 'undelivered', errorCode: 1002 }));
		expect(rejected.error?.title).toBe(explainApiError(1002).title);
		expect(undelivered.error?.title).toBe(explainDeliveryError(1002).title);
		expect(rejected.error?.title).not.toBe(undelivered.error?.title);
	});

	it("WhatsApp delivered without a detail: the state's documented meaning, delivered to the destination", () => {
		const item = receipt(whatsappReceipt({ state: 'delivered' }));
		expect(item).toMatchObject({ detail: null, stage: 'delivered', reachedRecipient: true });
	});

	it('sent, and undelivered_to_recipient', () => {
		expect(receipt(whatsappReceipt({ state: 'sent' }))).toMatchObject({
			stage: 'sent',
			reachedRecipient: false,
		});
		expect(
			receipt(whatsappReceipt({ state: 'undelivered', detail: 'undelivered_to_recipient' })),
		).toMatchObject({ stage: 'undelivered', reachedRecipient: false });
	});
});
