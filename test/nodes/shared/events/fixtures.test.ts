import { EVENT_TYPES, normalizeEvent } from '../../../../nodes/shared/events';
import { classify, FIXTURES, fixture, RECEIVED_AT, setPath, allPaths } from './helpers';

/** Where each sample must land: an event type, or "other:<reason>". */
const EXPECTED: Record<string, string> = {
	'seed000-api-error-response': 'other:missing_event_type',
	'seed000-receipt-undelivered': 'outbound_message_status_changed',
	'seed000-template-status-rejected': 'template_status_update',
	'seed000-phone-quality-upgrade': 'phone_number_quality_update',
	'seed001-inbound-text': 'inbound_message_received',
	'seed001-inbound-image': 'inbound_message_received',
	'seed001-inbound-button-reply': 'inbound_message_received',
	'seed001-receipt-delivered': 'outbound_message_status_changed',
	'seed001-receipt-read': 'outbound_message_status_changed',
	'seed001-receipt-undelivered': 'outbound_message_status_changed',
	'seed001-template-status-rejected': 'template_status_update',
	'seed001-template-quality-update': 'template_quality_update',
	'seed001-phone-quality-upgrade': 'phone_number_quality_update',
	'seed001-phone-quality-flagged': 'phone_number_quality_update',
	'seed002-phone-quality-upgrade': 'phone_number_quality_update',
	'seed002-phone-throughput-upgrade': 'phone_number_quality_update',
	'seed003-template-category-update': 'template_category_update',
	'seed003-template-quality-update': 'template_quality_update',
	'seed003-template-status-approved': 'template_status_update',
	'seed003-template-status-rejected': 'template_status_update',
	'seed003-template-status-flagged': 'template_status_update',
	'seed003-template-status-paused': 'template_status_update',
	'seed004-not-8x8-template-config': 'other:missing_event_type',
	'seed004-not-8x8-send-result': 'other:missing_event_type',
	'seed004-not-8x8-meta-send-request': 'other:missing_event_type',
	'docs-inbound-v3-whatsapp-text': 'inbound_message_received',
	'docs-inbound-v3-viber-text': 'inbound_message_received',
	'docs-inbound-v3-nfm-reply': 'inbound_message_received',
	'docs-inbound-v3-call-permission-reply': 'inbound_message_received',
	'docs-inbound-v2-whatsapp-text': 'inbound_message_received',
	'docs-inbound-v2-nfm-reply': 'inbound_message_received',
	'docs-inbound-v2-call-permission-reply': 'inbound_message_received',
	'docs-receipt-v9-queued': 'outbound_message_status_changed',
	'docs-receipt-v9-delivered-text': 'outbound_message_status_changed',
	'docs-receipt-v9-delivered-template': 'outbound_message_status_changed',
	'docs-receipt-v9-delivered-interactive-list': 'outbound_message_status_changed',
	'docs-receipt-v9-read': 'outbound_message_status_changed',
	'docs-receipt-v9-viber-delivered': 'outbound_message_status_changed',
	'docs-receipt-v9-rcs-read': 'outbound_message_status_changed',
	'docs-receipt-v9-external-app-message': 'external_app_message',
	'docs-receipt-v8-delivered': 'outbound_message_status_changed',
	'docs-receipt-v8-read': 'outbound_message_status_changed',
	'docs-receipt-v8-undelivered': 'outbound_message_status_changed',
	'docs-receipt-v8-external-app-message': 'external_app_message',
	'docs-status-ref-queued': 'outbound_message_status_changed',
	'docs-template-category-update': 'template_category_update',
	'docs-template-quality-update': 'template_quality_update',
	'docs-template-status-approved': 'template_status_update',
	'docs-template-status-rejected': 'template_status_update',
	'docs-template-status-flagged': 'template_status_update',
	'docs-template-status-paused': 'template_status_update',
	'docs-template-correct-category-detection': 'template_correct_category_detection',
	'docs-phone-quality-upgrade': 'phone_number_quality_update',
	'docs-phone-throughput-upgrade': 'phone_number_quality_update',
	'docs-phone-onboarding-max-daily': 'phone_number_quality_update',
	'docs-phone-throughput-upgrade-max-daily': 'phone_number_quality_update',
	'docs-account-verification-failed': 'account_update',
	'docs-account-verification-approved': 'account_update',
	'docs-account-violation': 'account_update',
	'docs-account-restriction': 'account_update',
	'docs-account-direct-send-warning': 'account_update',
	'docs-account-direct-send-strike': 'account_update',
	'docs-account-direct-send-unban': 'account_update',
	'docs-webhooks-ref-inbound-text': 'inbound_message_received',
	'docs-webhooks-ref-inbound-image': 'inbound_message_received',
	'docs-webhooks-ref-inbound-button-reply': 'inbound_message_received',
	'docs-webhooks-ref-inbound-nfm-reply': 'inbound_message_received',
	'docs-webhooks-ref-receipt-delivered': 'outbound_message_status_changed',
	'docs-webhooks-ref-receipt-read': 'outbound_message_status_changed',
	'docs-webhooks-ref-receipt-undelivered': 'outbound_message_status_changed',
	'docs-webhooks-ref-template-status-rejected': 'template_status_update',
	'docs-webhooks-ref-template-quality-update': 'template_quality_update',
	'docs-webhooks-ref-phone-quality-upgrade': 'phone_number_quality_update',
	'docs-webhooks-ref-phone-quality-flagged': 'phone_number_quality_update',
	'docs-bsuid-user-id-update': 'whatsapp_user_id_update',
	'docs-bsuid-contacts': 'whatsapp_contact',
	'docs-bsuid-user-preferences': 'whatsapp_preference',
	'variant-alias-contacts': 'whatsapp_contact',
	'variant-alias-user-id-update': 'whatsapp_user_id_update',
	'variant-alias-user-preferences': 'whatsapp_preference',
	'variant-category-detection-numeric-id': 'template_correct_category_detection',
	'variant-contact-bsuid-only-two-cards': 'whatsapp_contact',
	'variant-external-app-image-bsuid-only': 'external_app_message',
	'variant-inbound-v3-bsuid-only-image': 'inbound_message_received',
	'variant-preference-resume-bsuid-only': 'whatsapp_preference',
	'variant-preference-two-entries': 'whatsapp_preference',
	'variant-receipt-v9-queued-bsuid-only': 'outbound_message_status_changed',
	'variant-user-id-update-no-parent': 'whatsapp_user_id_update',
};

/** Paths whose absence must send an otherwise valid event to Other (schema_mismatch). */
const REQUIRED: Record<string, string[]> = {
	inbound_message_received: ['payload', 'payload.umid', 'payload.subAccountId'],
	outbound_message_status_changed: [
		'payload',
		'payload.umid',
		'payload.subAccountId',
		'payload.status',
		'payload.status.state',
	],
	template_status_update: ['eventId', 'eventDetails'],
	template_quality_update: ['eventId', 'eventDetails'],
	template_category_update: ['eventId', 'eventDetails'],
	phone_number_quality_update: ['eventId', 'eventDetails'],
	account_update: ['eventId', 'eventDetails'],
	template_correct_category_detection: ['eventId', 'eventDetails'],
	external_app_message: ['payload', 'payload.umid', 'payload.subAccountId'],
	whatsapp_preference: [
		'eventId',
		'eventDetails',
		'eventDetails.rawEvent',
		'eventDetails.rawEvent.value',
		'eventDetails.rawEvent.value.user_preferences',
	],
	whatsapp_contact: [
		'eventId',
		'eventDetails',
		'eventDetails.rawEvent',
		'eventDetails.rawEvent.value',
		'eventDetails.rawEvent.value.messages',
		'eventDetails.rawEvent.value.messages.0.contacts',
	],
	whatsapp_user_id_update: [
		'eventId',
		'eventDetails',
		'eventDetails.rawEvent',
		'eventDetails.rawEvent.value',
		'eventDetails.rawEvent.value.user_id_update',
		'eventDetails.rawEvent.value.user_id_update.0.user_id',
		'eventDetails.rawEvent.value.user_id_update.0.user_id.current',
		'eventDetails.rawEvent.value.user_id_update.1.user_id',
		'eventDetails.rawEvent.value.user_id_update.1.user_id.current',
	],
};

/** Arrays that must keep at least one entry (removing the last one sends the event to Other). */
const NON_EMPTY: Record<string, string[]> = {
	whatsapp_preference: ['eventDetails.rawEvent.value.user_preferences'],
	whatsapp_contact: [
		'eventDetails.rawEvent.value.messages',
		'eventDetails.rawEvent.value.messages.0.contacts',
	],
	whatsapp_user_id_update: ['eventDetails.rawEvent.value.user_id_update'],
};

function valueAt(body: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], body);
}

const names = Object.keys(FIXTURES);
const eventNames = names.filter((name) => !EXPECTED[name].startsWith('other:'));

describe('fixtures', () => {
	it('every fixture has an expectation, and every expectation a fixture', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...names].sort());
		expect(names.length).toBeGreaterThanOrEqual(74);
	});

	it('cover every event type', () => {
		const covered = new Set(eventNames.map((name) => EXPECTED[name]));
		expect([...covered].sort()).toEqual([...EVENT_TYPES].sort());
	});

	it.each(names)('%s lands on the expected output', (name) => {
		const result = classify(fixture(name));
		const expected = EXPECTED[name];
		if (expected.startsWith('other:')) {
			expect(result.kind).toBe('other');
			if (result.kind !== 'other') return;
			expect(result.item.reason).toBe(expected.slice('other:'.length));
			expect(result.item.issues).toEqual([]);
			return;
		}
		if (result.kind !== 'event') {
			throw new Error(`${name}: ${result.item.reason} ${result.item.issues.join('; ')}`);
		}
		expect(result.eventType).toBe(expected);
		expect(result.item.eventType).toBe(expected);
		expect(result.item.receivedAt).toBe(RECEIVED_AT);
		expect(result.item.dedupeKey).toEqual(expect.any(String));
		expect(result.item.dedupeKey.length).toBeGreaterThan(0);
	});

	it.each(eventNames)('%s: a byte-identical retry has the same dedupeKey', (name) => {
		const text = JSON.stringify(FIXTURES[name]);
		const first = classify(JSON.parse(text));
		// 8x8 retries after 1, 10, 30 and 90 s.
		const retry = normalizeEvent(
			JSON.parse(text) as Record<string, unknown>,
			'2026-07-10T12:01:30.000Z',
		);
		expect(retry.item.dedupeKey).toBe(first.item.dedupeKey);
		expect(retry.item).toEqual({ ...first.item, receivedAt: '2026-07-10T12:01:30.000Z' });
	});

	it.each(eventNames)('%s: extra unknown fields at every level keep it an event', (name) => {
		const body = fixture(name);
		for (const path of allPaths(body)) {
			const keys = path.split('.');
			let target: unknown = body;
			for (const key of keys) target = (target as Record<string, unknown>)[key];
			if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
				(target as Record<string, unknown>).someFutureField = { nested: [1, 'two', null] };
			}
		}
		(body as Record<string, unknown>).someFutureField = 'x';
		const result = classify(body);
		expect(result.kind).toBe('event');
	});

	describe.each(eventNames)('%s with one field removed', (name) => {
		const eventType = EXPECTED[name];
		const paths = allPaths(FIXTURES[name]).filter((path) => path !== 'eventType');

		it.each(paths)('without %s', (path) => {
			const body = setPath(fixture(name), path, undefined);
			const result = classify(body);
			const required = REQUIRED[eventType].includes(path);
			const parent = path.replace(/\.\d+$/, '');
			const emptied =
				parent !== path &&
				(NON_EMPTY[eventType] ?? []).includes(parent) &&
				(valueAt(body, parent) as unknown[]).length === 0;
			if (!required && !emptied) {
				expect(result.kind).toBe('event');
				return;
			}
			expect(result.kind).toBe('other');
			if (result.kind !== 'other') return;
			expect(result.item.reason).toBe('schema_mismatch');
			// an alias (user_preferences, …) is named like the event it is
			expect(result.item.eventType).toBe(eventType);
			const shown = (dotted: string) => dotted.replace(/\.(\d+)/g, '[$1]');
			expect(result.item.issues).toContain(
				emptied ? `${shown(parent)}: must not be empty` : `${shown(path)}: required`,
			);
		});

		it('without eventType goes to Other as missing_event_type', () => {
			const result = classify(setPath(fixture(name), 'eventType', undefined));
			expect(result.kind).toBe('other');
			if (result.kind !== 'other') return;
			expect(result.item.reason).toBe('missing_event_type');
			expect(result.item.eventType).toBe('');
		});
	});
});
