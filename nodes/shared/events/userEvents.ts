/**
 * The WhatsApp user events 8x8 forwards on CABM (whatsapp-business-scoped-user-ids.md): a marketing
 * preference change, a shared contact card, a user's BSUID rotating. 8x8 wraps Meta's webhook
 * `change` object untouched in `eventDetails.rawEvent` (Meta's snake_case inside, 8x8's camelCase
 * envelope outside). The items lift what a flow acts on to the top level; Include Raw Body keeps
 * the rest.
 *
 * Meta's arrays (`user_preferences`, `user_id_update`, `messages`) may in principle hold several
 * entries; 8x8's samples hold one. The top-level fields are the first entry's, and every entry is
 * also listed (`preferences`, `updates`, `contacts`), so nothing is dropped.
 */
import { z } from 'zod';

import { replyToOf, waIdToE164 } from '../recipient';
import type { BaseItem } from './index';
import { businessEvent } from './schemas';
import { businessEventFields, isRecord, str } from './values';

const text = z.string().nullable().optional();
const looseId = z.union([z.string(), z.number()]).nullable().optional();
const anyObject = z.object({});

const metadata = z
	.object({ display_phone_number: looseId, phone_number_id: looseId })
	.nullable()
	.optional();

const contactProfile = z.object({
	profile: z.object({ name: text, username: text }).nullable().optional(),
	wa_id: looseId,
	user_id: text,
	parent_user_id: text,
});

function rawEventOf<T extends z.ZodRawShape>(value: T) {
	return businessEvent(
		z.object({
			rawEvent: z.object({
				field: text,
				value: z.object({
					messaging_product: text,
					metadata,
					contacts: z.array(contactProfile).nullable().optional(),
					...value,
				}),
			}),
		}),
	);
}

const preferenceEntry = z.object({
	wa_id: looseId,
	user_id: text,
	parent_user_id: text,
	detail: text,
	category: text,
	value: text,
	timestamp: looseId,
});

export const preferenceSchema = rawEventOf({ user_preferences: z.array(preferenceEntry).min(1) });

const idPair = z.object({ previous: text, current: text });

const userIdUpdateEntry = z.object({
	wa_id: looseId,
	detail: text,
	user_id: z.object({ previous: text, current: z.string().min(1) }),
	parent_user_id: idPair.nullable().optional(),
	timestamp: looseId,
});

export const userIdUpdateSchema = rawEventOf({ user_id_update: z.array(userIdUpdateEntry).min(1) });

const contactsMessage = z.object({
	id: text,
	from: looseId,
	from_user_id: text,
	from_parent_user_id: text,
	timestamp: looseId,
	type: text,
	origin: text,
	context: anyObject.nullable().optional(),
	contacts: z.array(anyObject).min(1),
});

export const contactSchema = rawEventOf({ messages: z.array(contactsMessage).min(1) });

export type PreferenceBody = z.infer<typeof preferenceSchema>;
export type UserIdUpdateBody = z.infer<typeof userIdUpdateSchema>;
export type ContactBody = z.infer<typeof contactSchema>;

/** Fields every CABM item has (see businessManagement.ts), plus the business number the user wrote to. */
interface UserEventFields extends BaseItem {
	eventId: string;
	/** The 8x8 envelope's time; receivedAt when 8x8 sent none. */
	timestamp: string;
	provider: string | null;
	accountId: string | null;
	businessAccountId: string | null;
	/** metadata.display_phone_number: your WhatsApp number the event concerns. */
	businessPhoneNumber: string | null;
	/** metadata.phone_number_id (Meta's id of that number). */
	businessPhoneNumberId: string | null;
	/** The user's phone (E.164) when WhatsApp shared it, else the BSUID: put it in the action node's To. */
	replyTo: string | null;
}

export interface PreferenceEntry {
	/** The user's BSUID (Meta's user_id). */
	userId: string | null;
	parentUserId: string | null;
	/** E.164, from Meta's wa_id; null for users known only by their BSUID. */
	phone: string | null;
	/** e.g. marketing_messages. */
	category: string | null;
	/** As sent, e.g. stop (opt-out) or resume (opt-in again). */
	value: string | null;
	/** true for stop, false for resume, null for any other value. */
	optedOut: boolean | null;
	detail: string | null;
	/** ISO time of the change (Meta sends Unix seconds); as sent when it is not a Unix time. */
	changedAt: string | null;
	/** phone ?? userId. */
	replyTo: string | null;
}

export interface PreferenceItem extends UserEventFields, PreferenceEntry {
	eventType: 'whatsapp_preference';
	name: string | null;
	username: string | null;
	/** Every entry of the event (usually one); the top-level fields are the first. */
	preferences: PreferenceEntry[];
}

export interface UserIdUpdateEntry {
	previousUserId: string | null;
	userId: string;
	previousParentUserId: string | null;
	parentUserId: string | null;
	phone: string | null;
	detail: string | null;
	changedAt: string | null;
	replyTo: string | null;
}

export interface UserIdUpdateItem extends UserEventFields, UserIdUpdateEntry {
	eventType: 'whatsapp_user_id_update';
	name: string | null;
	username: string | null;
	updates: UserIdUpdateEntry[];
}

export interface ContactCardItem extends UserEventFields {
	eventType: 'whatsapp_contact';
	/** Meta's message id (wamid). */
	messageId: string | null;
	/** ISO time the user sent the message (Meta's Unix seconds converted). */
	sentAt: string | null;
	/** Who shared the card(s), as on Inbound Message; channelUserId is the BSUID. */
	from: {
		msisdn: string | null;
		channelUserId: string | null;
		parentUserId: string | null;
		name: string | null;
		username: string | null;
	};
	forwarded: boolean;
	/** Meta's origin of the message when sent (e.g. contact_request for a REQUEST_CONTACT_INFO answer). */
	origin: string | null;
	/** The first card's formatted name, first phone and its WhatsApp id: the common case, one card. */
	contactName: string | null;
	contactPhone: string | null;
	contactWaId: string | null;
	/** Every card as Meta sends it: name {formatted_name, first_name, …}, phones [{phone, wa_id, type}], emails, org, addresses, urls, vcard … */
	contacts: Array<Record<string, unknown>>;
}

/** Meta's Unix-seconds timestamp as ISO; other text as sent. */
export function unixTime(value: string | number | null | undefined): string | null {
	const textValue = str(value);
	if (textValue === null || textValue.trim() === '') return null;
	if (/^\d{9,11}$/.test(textValue.trim())) {
		return new Date(Number(textValue.trim()) * 1000).toISOString();
	}
	return textValue;
}

type Profile = z.infer<typeof contactProfile>;
/** What the three raw values share. */
interface RawValue {
	metadata?: z.infer<typeof metadata>;
	contacts?: Profile[] | null;
}

function common(body: PreferenceBody | UserIdUpdateBody | ContactBody, receivedAt: string) {
	const value = body.eventDetails.rawEvent.value as RawValue;
	return {
		...businessEventFields(body, receivedAt),
		businessPhoneNumber: str(value.metadata?.display_phone_number),
		businessPhoneNumberId: str(value.metadata?.phone_number_id),
	};
}

/** The contacts[] profile of the user an entry is about (matched by BSUID, then phone, else the first). */
function profileOf(
	value: RawValue,
	userId: string | null | undefined,
	waId: string | null,
): { name: string | null; username: string | null } {
	const profiles: Profile[] = value.contacts ?? [];
	const match =
		profiles.find((entry) => userId && entry.user_id === userId) ??
		profiles.find((entry) => waId && str(entry.wa_id) === waId) ??
		profiles[0];
	return { name: match?.profile?.name ?? null, username: match?.profile?.username ?? null };
}

function optedOut(value: string | null | undefined): boolean | null {
	const lowered = typeof value === 'string' ? value.toLowerCase() : '';
	if (lowered === 'stop') return true;
	if (lowered === 'resume') return false;
	return null;
}

export function normalizePreference(body: PreferenceBody, receivedAt: string): PreferenceItem {
	const value = body.eventDetails.rawEvent.value;
	const preferences = value.user_preferences.map((entry): PreferenceEntry => {
		const phone = waIdToE164(entry.wa_id);
		const userId = entry.user_id ?? null;
		return {
			userId,
			parentUserId: entry.parent_user_id ?? null,
			phone,
			category: entry.category ?? null,
			value: entry.value ?? null,
			optedOut: optedOut(entry.value),
			detail: entry.detail ?? null,
			changedAt: unixTime(entry.timestamp),
			replyTo: replyToOf({ msisdn: phone, channelUserId: userId }),
		};
	});
	const first = preferences[0];
	return {
		eventType: 'whatsapp_preference',
		...common(body, receivedAt),
		...first,
		...profileOf(value, first.userId, str(value.user_preferences[0].wa_id)),
		preferences,
	};
}

export function normalizeUserIdUpdate(body: UserIdUpdateBody, receivedAt: string): UserIdUpdateItem {
	const value = body.eventDetails.rawEvent.value;
	const updates = value.user_id_update.map((entry): UserIdUpdateEntry => {
		const phone = waIdToE164(entry.wa_id);
		return {
			previousUserId: entry.user_id.previous ?? null,
			userId: entry.user_id.current,
			previousParentUserId: entry.parent_user_id?.previous ?? null,
			parentUserId: entry.parent_user_id?.current ?? null,
			phone,
			detail: entry.detail ?? null,
			changedAt: unixTime(entry.timestamp),
			replyTo: replyToOf({ msisdn: phone, channelUserId: entry.user_id.current }),
		};
	});
	const first = updates[0];
	return {
		eventType: 'whatsapp_user_id_update',
		...common(body, receivedAt),
		...first,
		...profileOf(value, first.previousUserId ?? first.userId, str(value.user_id_update[0].wa_id)),
		updates,
	};
}

function firstOf(list: unknown): Record<string, unknown> | null {
	return Array.isArray(list) && isRecord(list[0]) ? list[0] : null;
}

function textOf(value: unknown): string | null {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

export function normalizeContact(body: ContactBody, receivedAt: string): ContactCardItem {
	const value = body.eventDetails.rawEvent.value;
	const message = value.messages[0];
	const waId = str(message.from);
	const phone = waIdToE164(waId);
	const userId = message.from_user_id ?? null;
	const profile = (value.contacts ?? []).find(
		(entry) => (userId && entry.user_id === userId) || (waId && str(entry.wa_id) === waId),
	) ?? value.contacts?.[0];
	const cards = value.messages.flatMap((entry) => entry.contacts) as Array<Record<string, unknown>>;
	const card = cards[0] ?? {};
	const name = isRecord(card.name) ? card.name : {};
	const cardPhone = firstOf(card.phones);
	const context = isRecord(message.context) ? message.context : {};
	return {
		eventType: 'whatsapp_contact',
		...common(body, receivedAt),
		replyTo: replyToOf({ msisdn: phone, channelUserId: userId }),
		messageId: message.id ?? null,
		sentAt: unixTime(message.timestamp),
		from: {
			msisdn: phone,
			channelUserId: userId,
			parentUserId: message.from_parent_user_id ?? profile?.parent_user_id ?? null,
			name: profile?.profile?.name ?? null,
			username: profile?.profile?.username ?? null,
		},
		forwarded: context.forwarded === true,
		origin: message.origin ?? null,
		contactName: textOf(name.formatted_name) ?? textOf(name.first_name),
		contactPhone: textOf(cardPhone?.phone),
		contactWaId: textOf(cardPhone?.wa_id),
		contacts: cards,
	};
}
