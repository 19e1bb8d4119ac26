/**
 * Every item about a WhatsApp user carries `replyTo`: the one value that reaches that user in the
 * action node's To, whether WhatsApp shared the phone number or only the BSUID.
 */
import { normalizeEvent } from '../../../../nodes/shared/events';
import { parseRecipient } from '../../../../nodes/shared/recipient';
import { FIXTURES, fixture, RECEIVED_AT } from './helpers';

const USER_EVENTS = [
	'inbound_message_received',
	'outbound_message_status_changed',
	'external_app_message',
	'whatsapp_contact',
	'whatsapp_preference',
	'whatsapp_user_id_update',
];

const named = Object.keys(FIXTURES).filter((name) => {
	const result = normalizeEvent(fixture(name), RECEIVED_AT);
	return result.kind === 'event' && USER_EVENTS.includes(result.eventType);
});

describe('replyTo', () => {
	it('is on every user-side fixture', () => {
		expect(named.length).toBeGreaterThanOrEqual(45);
		for (const name of named) {
			const item = normalizeEvent(fixture(name), RECEIVED_AT).item as unknown as Record<string, unknown>;
			expect({ name, has: 'replyTo' in item }).toEqual({ name, has: true });
		}
	});

	it.each([
		['docs-inbound-v3-whatsapp-text', '<USER_PHONE_NUMBER>'],
		['variant-inbound-v3-bsuid-only-image', 'US.13491208655302741918'],
		['docs-webhooks-ref-inbound-text', '+15551234567'],
		['variant-receipt-v9-queued-bsuid-only', 'US.13491208655302741918'],
		['variant-external-app-image-bsuid-only', 'US.13491208655302741918'],
		['variant-contact-bsuid-only-two-cards', 'US.13491208655302741918'],
		['variant-preference-resume-bsuid-only', 'US.13491208655302741918'],
		['variant-preference-two-entries', '+972504370045'],
		['variant-user-id-update-no-parent', '+972504370045'],
	])('%s → %s', (name, expected) => {
		expect((normalizeEvent(fixture(name), RECEIVED_AT).item as { replyTo?: unknown }).replyTo).toBe(
			expected,
		);
	});

	it('every real (non-placeholder) replyTo is accepted by To', () => {
		let checked = 0;
		for (const name of named) {
			const replyTo = (normalizeEvent(fixture(name), RECEIVED_AT).item as { replyTo?: unknown })
				.replyTo;
			if (typeof replyTo !== 'string' || replyTo.includes('<')) continue;
			checked++;
			expect({ name, ok: parseRecipient(replyTo).ok }).toEqual({ name, ok: true });
		}
		expect(checked).toBeGreaterThanOrEqual(10);
	});
});
