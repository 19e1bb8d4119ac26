/**
 * Who a WhatsApp message goes to: a phone number or a business-scoped user ID (BSUID).
 *
 * WhatsApp users with a username may be known to a business only by their BSUID, Meta's
 * per-business user id: the country code, a dot and an alphanumeric id (`US.13491208655302741918`);
 * a parent BSUID (shared by the businesses of one portfolio) has `ENT` in between
 * (`US.ENT.11815799212886844830`). 8x8 takes it as `user.channelUserId`; when a request has both,
 * `msisdn` wins (constructing-whatsapp-template-send-requests.md). Some messages still need the
 * phone number: authentication templates (8x8 1054 / Meta 131062) and SMS fallback.
 */
import { normalizePhone } from './phone';

export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,120}$/;

/** Text that starts like a BSUID (two letters and a dot); no phone number does. */
const BSUID_LIKE = /^[A-Za-z]{2}\./;

export type Recipient =
	| { ok: true; kind: 'msisdn'; msisdn: string; shown: string }
	| { ok: true; kind: 'bsuid'; channelUserId: string; shown: string }
	| { ok: false; reason: string };

export interface RecipientOptions {
	/** ISO country of national phone numbers (see normalizePhone). */
	defaultCountry?: string;
}

export function isBsuid(value: unknown): value is string {
	return typeof value === 'string' && BSUID_PATTERN.test(value);
}

/**
 * A phone number (any common notation, normalised to E.164) or a BSUID (exactly as WhatsApp gave
 * it). Anything else fails with the reason.
 */
export function parseRecipient(input: unknown, options: RecipientOptions = {}): Recipient {
	const text = typeof input === 'string' ? input.trim() : input;
	if (typeof text === 'string' && BSUID_LIKE.test(text)) {
		if (BSUID_PATTERN.test(text)) return { ok: true, kind: 'bsuid', channelUserId: text, shown: text };
		return {
			ok: false,
			reason: `"${text}" looks like a WhatsApp user ID (BSUID) but is not one: a BSUID is a two-letter country code in capitals, a dot and letters or digits, e.g. US.13491208655302741918 (or US.ENT.… for a parent BSUID). Copy it unchanged from the trigger's replyTo or from.channelUserId.`,
		};
	}
	const phone = normalizePhone(text, options.defaultCountry ? { defaultCountry: options.defaultCountry } : {});
	if (!phone.ok) return { ok: false, reason: phone.reason };
	return { ok: true, kind: 'msisdn', msisdn: phone.e164, shown: phone.e164 };
}

/** The `user` object of an 8x8 send request for a recipient. */
export function userObject(recipient: Extract<Recipient, { ok: true }>): {
	msisdn?: string;
	channelUserId?: string;
} {
	return recipient.kind === 'msisdn'
		? { msisdn: recipient.msisdn }
		: { channelUserId: recipient.channelUserId };
}

function nonEmpty(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The one value that reaches this user in the action node's To, whoever the user is: the phone
 * number when 8x8 sent one (it works for every message, authentication templates and SMS fallback
 * included), else the user's channel id (the BSUID on WhatsApp v3 / v9 webhooks).
 */
export function replyToOf(
	user: { msisdn?: string | null; channelUserId?: string | null } | null | undefined,
): string | null {
	return nonEmpty(user?.msisdn) ?? nonEmpty(user?.channelUserId);
}

/** `wa_id` as Meta sends it (digits, no +) as E.164, or null. */
export function waIdToE164(waId: unknown): string | null {
	const text = typeof waId === 'number' ? String(waId) : typeof waId === 'string' ? waId.trim() : '';
	if (text === '') return null;
	if (/^\+?\d{5,15}$/.test(text)) return text.startsWith('+') ? text : `+${text}`;
	return text;
}
