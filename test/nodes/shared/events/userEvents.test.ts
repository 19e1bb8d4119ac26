import type {
	ContactCardItem,
	PreferenceItem,
	UserIdUpdateItem,
} from '../../../../nodes/shared/events';
import { unixTime } from '../../../../nodes/shared/events/userEvents';
import { eventItem, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

const EVENT_ID = '9917fd42-0cec-46e4-ae12-b48000ec5d95';
const ENVELOPE = {
	dedupeKey: EVENT_ID,
	receivedAt: RECEIVED_AT,
	eventId: EVENT_ID,
	timestamp: '2026-01-22T22:51:55.00Z',
	provider: 'WhatsApp',
	accountId: '<SUBACCOUNT_ID>',
	businessAccountId: '<WHATSAPP_BUSINESS_ACCOUNT_ID>',
	businessPhoneNumber: '<BUSINESS_DISPLAY_PHONE_NUMBER>',
	businessPhoneNumberId: '<BUSINESS_PHONE_NUMBER_ID>',
};

describe('whatsapp_preference (marketing opt-in / opt-out)', () => {
	it('the documented sample, flat', () => {
		const entry = {
			userId: '<WHATSAPP_BSUID>',
			parentUserId: '<WHATSAPP_PARENT_BSUID>',
			phone: '<WHATSAPP_USER_PHONE_NUMBER>',
			category: 'marketing_messages',
			value: 'stop',
			optedOut: true,
			detail: 'User requested to stop receiving marketing messages',
			changedAt: '<WEBHOOK_SENT_TIMESTAMP>',
			replyTo: '<WHATSAPP_USER_PHONE_NUMBER>',
		};
		expect(eventItem(fixture('docs-bsuid-user-preferences'), 'whatsapp_preference')).toEqual({
			eventType: 'whatsapp_preference',
			...ENVELOPE,
			...entry,
			name: '<WHATSAPP_USER_NAME>',
			username: '<WHATSAPP_USERNAME>',
			preferences: [entry],
		});
	});

	it('a username user (no phone) opting back in: replyTo is the BSUID, the Unix time becomes ISO', () => {
		const item = eventItem<PreferenceItem>(fixture('variant-preference-resume-bsuid-only'));
		expect(item).toMatchObject({
			userId: 'US.13491208655302741918',
			phone: null,
			value: 'resume',
			optedOut: false,
			changedAt: '2026-07-14T08:30:00.000Z',
			replyTo: 'US.13491208655302741918',
			name: 'Dana',
			username: 'dana.k',
			businessPhoneNumber: '15550783881',
		});
	});

	it('two entries in one event: the first on top, both listed, each with its own replyTo and profile', () => {
		const item = eventItem<PreferenceItem>(fixture('variant-preference-two-entries'));
		expect(item.userId).toBe('IL.40021887365190034512');
		expect(item.phone).toBe('+972504370045');
		expect(item.name).toBe('Avi');
		expect(item.preferences.map((entry) => [entry.replyTo, entry.optedOut, entry.parentUserId])).toEqual([
			['+972504370045', true, null],
			['+6591234567', true, 'SG.ENT.55310098453310928800'],
		]);
	});

	it.each([
		['STOP', true],
		['Resume', false],
		['unsubscribe', null],
		[null, null],
	])('value %j → optedOut %j', (value, expected) => {
		const body = setPath(
			fixture('docs-bsuid-user-preferences'),
			'eventDetails.rawEvent.value.user_preferences.0.value',
			value,
		);
		expect(eventItem<PreferenceItem>(body).optedOut).toBe(expected);
	});

	it('an empty user_preferences list is not an opt-out event: Other, with the reason', () => {
		const body = setPath(
			fixture('docs-bsuid-user-preferences'),
			'eventDetails.rawEvent.value.user_preferences',
			[],
		);
		expect(otherItem(body)).toMatchObject({
			reason: 'schema_mismatch',
			issues: ['eventDetails.rawEvent.value.user_preferences: must not be empty'],
		});
	});
});

describe('whatsapp_contact (shared contact card)', () => {
	it('the documented sample: sender, forwarded flag, the card as Meta sends it', () => {
		const body = fixture('docs-bsuid-contacts');
		const raw = (body.eventDetails as { rawEvent: { value: { messages: Array<{ contacts: unknown[] }> } } })
			.rawEvent;
		const card = raw.value.messages[0].contacts[0];
		expect(eventItem(body, 'whatsapp_contact')).toEqual({
			eventType: 'whatsapp_contact',
			...ENVELOPE,
			replyTo: '<WHATSAPP_USER_PHONE_NUMBER>',
			messageId: '<MESSAGE_ID>',
			sentAt: '<WEBHOOK_SENT_TIMESTAMP>',
			from: {
				msisdn: '<WHATSAPP_USER_PHONE_NUMBER>',
				channelUserId: '<WHATSAPP_BSUID>',
				parentUserId: null,
				name: '<WHATSAPP_USER_NAME>',
				username: '<WHATSAPP_USERNAME>',
			},
			forwarded: true,
			origin: null,
			contactName: '<CONTACT_FORMATTED_NAME>',
			contactPhone: '<CONTACT_PHONE_NUMBER>',
			contactWaId: '<CONTACT_WA_ID>',
			contacts: [card],
		});
	});

	it('from a username user, two cards with emails and organisation, answering a contact request', () => {
		const item = eventItem<ContactCardItem>(fixture('variant-contact-bsuid-only-two-cards'));
		expect(item).toMatchObject({
			replyTo: 'US.13491208655302741918',
			from: { msisdn: null, channelUserId: 'US.13491208655302741918', name: 'Dana', username: 'dana.k' },
			forwarded: false,
			origin: 'contact_request',
			sentAt: '2026-07-14T08:31:40.000Z',
			contactName: 'Dana Katz',
			contactPhone: '+1 555 014 2210',
			contactWaId: '15550142210',
		});
		expect(item.contacts).toHaveLength(2);
		expect(item.contacts[0]).toMatchObject({
			emails: [{ email: 'dana@example.com', type: 'WORK' }],
			org: { company: 'Example Ltd', title: 'Buyer' },
		});
		expect(item.contacts[1]).toEqual({
			name: { formatted_name: 'Front Desk' },
			phones: [{ phone: '+1 555 014 0000', type: 'WORK' }],
		});
	});

	it('the page\'s other name for it ("contacts") reaches the same output as whatsapp_contact', () => {
		const alias = eventItem(fixture('variant-alias-contacts'), 'whatsapp_contact');
		const canonical = eventItem(fixture('docs-bsuid-contacts'));
		expect(alias.eventType).toBe('whatsapp_contact');
		expect({ ...alias, dedupeKey: '', eventId: '' }).toEqual({
			...canonical,
			dedupeKey: '',
			eventId: '',
		});
	});
});

describe('whatsapp_user_id_update (BSUID rotated)', () => {
	it('the documented sample: previous and current ids, parent ids, phone', () => {
		const entry = {
			previousUserId: '<OLD_BSUID>',
			userId: '<NEW_BSUID>',
			previousParentUserId: '<OLD_PARENT_BSUID>',
			parentUserId: '<NEW_PARENT_BSUID>',
			phone: '<WHATSAPP_USER_PHONE_NUMBER>',
			detail: 'User id for <WHATSAPP_USER_NAME> has been updated.',
			changedAt: '<WEBHOOK_SENT_TIMESTAMP>',
			replyTo: '<WHATSAPP_USER_PHONE_NUMBER>',
		};
		expect(eventItem(fixture('docs-bsuid-user-id-update'), 'whatsapp_user_id_update')).toEqual({
			eventType: 'whatsapp_user_id_update',
			...ENVELOPE,
			...entry,
			name: '<WHATSAPP_USER_NAME>',
			username: '<WHATSAPP_USERNAME>',
			updates: [entry],
		});
	});

	it('without parent BSUIDs: the parent fields are null', () => {
		expect(eventItem<UserIdUpdateItem>(fixture('variant-user-id-update-no-parent'))).toMatchObject({
			previousUserId: 'IL.40021887365190034512',
			userId: 'IL.90331187365190034777',
			previousParentUserId: null,
			parentUserId: null,
			phone: '+972504370045',
			changedAt: '2026-07-14T08:33:20.000Z',
			name: 'Avi',
		});
	});

	it('a user without a phone: replyTo is the new BSUID, not the old one', () => {
		const body = setPath(
			fixture('variant-user-id-update-no-parent'),
			'eventDetails.rawEvent.value.user_id_update.0.wa_id',
			undefined,
		);
		expect(eventItem<UserIdUpdateItem>(body).replyTo).toBe('IL.90331187365190034777');
	});

	it('an update without the current id goes to Other, naming it', () => {
		const body = setPath(
			fixture('variant-user-id-update-no-parent'),
			'eventDetails.rawEvent.value.user_id_update.0.user_id.current',
			'',
		);
		expect(otherItem(body).issues).toEqual([
			'eventDetails.rawEvent.value.user_id_update[0].user_id.current: must not be empty',
		]);
	});
});

describe('unixTime', () => {
	it.each([
		['1784017800', '2026-07-14T08:30:00.000Z'],
		[1784017800, '2026-07-14T08:30:00.000Z'],
		['2026-07-14T08:30:00Z', '2026-07-14T08:30:00Z'],
		['', null],
		[null, null],
		[undefined, null],
	])('%j → %j', (input, expected) => {
		expect(unixTime(input as string | number | null | undefined)).toBe(expected);
	});
});
