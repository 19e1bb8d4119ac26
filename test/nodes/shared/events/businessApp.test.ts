import type { BusinessAppMessageItem } from '../../../../nodes/shared/events';
import { eventItem, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

describe('external_app_message (sent from the WhatsApp Business App)', () => {
	it.each([
		['docs-receipt-v9-external-app-message', 9, '<WHATSAPP_BSUID>'],
		['docs-receipt-v8-external-app-message', 8, '<USER_PHONE_NUMBER>'],
	])('%s: the documented sample, like an inbound item', (name, version, channelUserId) => {
		expect(eventItem(fixture(name), 'external_app_message')).toEqual({
			eventType: 'external_app_message',
			dedupeKey: '<UNIQUE_MESSAGE_ID>',
			receivedAt: RECEIVED_AT,
			formatVersion: version,
			umid: '<UNIQUE_MESSAGE_ID>',
			subAccountId: '<SUBACCOUNT_ID>',
			timestamp: '2026-01-28T09:16:53.00Z',
			channel: 'whatsapp',
			to: { msisdn: '<USER_PHONE_NUMBER>', channelUserId },
			replyTo: '<USER_PHONE_NUMBER>',
			messageType: 'text',
			text: "Here's the info you requested! https://www.meta.com/quest/quest-3/",
			mediaUrl: null,
			payload: null,
			location: null,
			interactive: null,
		});
	});

	it('an image sent to a username user: media URL and caption, replyTo is the BSUID', () => {
		expect(
			eventItem<BusinessAppMessageItem>(fixture('variant-external-app-image-bsuid-only')),
		).toMatchObject({
			messageType: 'image',
			mediaUrl: 'https://chatapps.8x8.com/files/4b1c2d3e.jpeg?token=abc',
			text: 'Your receipt',
			to: { msisdn: null, channelUserId: 'US.13491208655302741918' },
			replyTo: 'US.13491208655302741918',
		});
	});

	it('has no status: a retry keeps the umid as dedupeKey; without umid it is Other', () => {
		const body = setPath(fixture('docs-receipt-v9-external-app-message'), 'payload.umid', undefined);
		expect(otherItem(body)).toMatchObject({
			eventType: 'external_app_message',
			reason: 'schema_mismatch',
			issues: ['payload.umid: required'],
		});
	});
});
