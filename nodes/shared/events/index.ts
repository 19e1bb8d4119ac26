/**
 * Every webhook 8x8 sends for WhatsApp, validated (zod) and normalized into flat, documented items.
 *
 * The exported names and types below are the contract both nodes rely on; the implementation
 * lives next to it (schemas.ts: zod schemas, normalize.ts: routing, inbound.ts / delivery.ts /
 * businessManagement.ts: one normalizer per family).
 */
import type { ErrorExplanation } from '../errors';
import type { DeliveryStage, ReceiptErrorSource } from './receiptMeaning';
import type { BusinessAppMessageItem } from './businessApp';
import type { CategoryDetectionItem } from './categoryDetection';
import type { ContactCardItem, PreferenceItem, UserIdUpdateItem } from './userEvents';

/**
 * Output order of the trigger, grouped by what the events are about (see the rules in
 * nodes/EightByEightWhatsAppTrigger/outputs.ts: connections are stored by output index).
 */
export const EVENT_TYPES = [
	'inbound_message_received',
	'whatsapp_contact',
	'outbound_message_status_changed',
	'external_app_message',
	'template_status_update',
	'template_quality_update',
	'template_category_update',
	'template_correct_category_detection',
	'phone_number_quality_update',
	'account_update',
	'whatsapp_preference',
	'whatsapp_user_id_update',
] as const;

export type KnownEventType = (typeof EVENT_TYPES)[number];

/**
 * Output labels, as the canvas shows them. The rule for every label, new event types included:
 * - at most 12 characters: the canvas cuts a label after about 12 ("Template S…" was all that was
 *   left of three outputs), so a longer one stops telling outputs apart;
 * - the word that tells an output apart comes first, and no two labels share their first word
 *   unless the second word differs within the 12 characters;
 * - template events start with "Tpl " (the one abbreviation); every other label is one or two plain
 *   words (e.g. "Contact Card", "Preference", "User ID", "App Echo" would fit).
 * test/nodes/shared/events/routing.test.ts enforces length and distinctness; the browser suite
 * (test/ui) reads the labels on a real canvas.
 */
export const EVENT_OUTPUT_NAMES: Record<KnownEventType, string> = {
	inbound_message_received: 'Inbound',
	whatsapp_contact: 'Contact Card',
	outbound_message_status_changed: 'Delivery',
	external_app_message: 'Biz App',
	template_status_update: 'Tpl Status',
	template_quality_update: 'Tpl Quality',
	template_category_update: 'Tpl Category',
	template_correct_category_detection: 'Tpl Mismatch',
	phone_number_quality_update: 'Phone Number',
	account_update: 'Account',
	whatsapp_preference: 'Opt In/Out',
	whatsapp_user_id_update: 'New User ID',
};

/** Longest label the canvas shows whole (see the rule above). */
export const MAX_OUTPUT_LABEL_LENGTH = 12;

/**
 * The events a new trigger starts with: what 8x8 sends on MSG and CADR for messages you exchange.
 * CABM events (templates, number, account, user events) are opt-in, as at 8x8 itself. A workflow
 * that keeps the default has no `events` parameter saved, so this list must never change.
 */
export const DEFAULT_EVENTS: readonly KnownEventType[] = [
	'inbound_message_received',
	'outbound_message_status_changed',
];

export const OTHER_OUTPUT_NAME = 'Other';

export const INBOUND_MESSAGE_TYPES = [
	'text',
	'image',
	'video',
	'audio',
	'document',
	'location',
	'interactive',
	'buttons',
	'list',
	'template',
	'carousel',
	'none',
] as const;

/** The receipt states 8x8 documents (message-status-references.md); see receiptMeaning.ts for what each means. */
export const DELIVERY_STATES = [
	'queued',
	'rejected',
	'sent',
	'delivered',
	'read',
	'undelivered',
] as const;

export interface BaseItem {
	eventType: string;
	/** Stable across 8x8 retries of the same event: feed it to Remove Duplicates. */
	dedupeKey: string;
	/** ISO time the trigger received the request. */
	receivedAt: string;
}

export interface InboundMessageItem extends BaseItem {
	eventType: 'inbound_message_received';
	/** 2 or 3 (v2 payloads carry no version field). */
	formatVersion: number;
	umid: string;
	subAccountId: string;
	/** As sent; receivedAt when 8x8 sent none. */
	timestamp: string;
	/** v3: msisdn may be absent and channelUserId is the WhatsApp BSUID; v2: channelUserId = phone digits. */
	from: {
		msisdn: string | null;
		channelUserId: string | null;
		name: string | null;
		username: string | null;
	};
	/** from.msisdn ?? from.channelUserId: the value to put in the action node's To to answer this user. */
	replyTo: string | null;
	/** Lower case: whatsapp, viber, rcs, ... */
	channel: string | null;
	channelId: string | null;
	/** Lower case: text, image, video, audio, document (8x8 "File"/"Document"), location, interactive, ... */
	messageType: string;
	/** The text, or the media caption. */
	text: string | null;
	mediaUrl: string | null;
	/** content.payload (a string 8x8 sends with some button replies). */
	payload: string | null;
	location: {
		latitude: number | string;
		longitude: number | string;
		name?: string;
		address?: string;
	} | null;
	/**
	 * Type in Meta's snake_case (8x8's "nfmReply" → "nfm_reply"). button_reply / list_reply: id, title,
	 * description. nfm_reply: the parsed responseJson in `response` (the raw string if it is not JSON).
	 * call_permission_reply: the reply object ({response, isPermanent, ...}) in `response`.
	 */
	interactive: {
		type: string;
		id: string | null;
		title: string | null;
		description: string | null;
		response?: unknown;
	} | null;
	replyToUmid: string | null;
}

export interface DeliveryStatusItem extends BaseItem {
	eventType: 'outbound_message_status_changed';
	formatVersion: number;
	umid: string;
	clientMessageId: string | null;
	batchId: string | null;
	clientBatchId: string | null;
	subAccountId: string;
	channel: string | null;
	to: { msisdn: string | null; channelUserId: string | null };
	/** to.msisdn ?? to.channelUserId: the value for the action node's To (a follow-up to this user). */
	replyTo: string | null;
	/** As sent, lower case: queued, rejected, sent, delivered, read, undelivered. */
	state: string;
	detail: string | null;
	/** Where the message is, from state + detail + channel (receiptMeaning.ts). */
	stage: DeliveryStage;
	/** True only when the message is on the recipient's device: delivered to the recipient, or read. */
	reachedRecipient: boolean;
	statusTimestamp: string | null;
	pricingCategory: string | null;
	/**
	 * Present only when the message failed (undelivered / rejected, or an error code was sent).
	 * `source` names the catalog that explains `code`: 'api' for rejected (8x8 refused the request,
	 * e.g. 3038), 'delivery' otherwise.
	 */
	error:
		| (Pick<ErrorExplanation, 'meaning' | 'fix' | 'retryable' | 'title' | 'metaCode'> & {
				code: number | null;
				message: string | null;
				providerErrorCode: string | null;
				source: ReceiptErrorSource;
		  })
		| null;
	/** v9, WhatsApp delivered_to_recipient only: 8x8's structured copy of the message that was delivered. */
	outboundContent: Record<string, unknown> | null;
}

export interface TemplateEventItem extends BaseItem {
	eventType: 'template_status_update' | 'template_quality_update' | 'template_category_update';
	eventId: string;
	/** As sent; receivedAt when 8x8 sent none. */
	timestamp: string;
	provider: string | null;
	accountId: string | null;
	businessAccountId: string | null;
	templateId: string | null;
	templateName: string | null;
	templateLanguage: string | null;
	status: string | null;
	reason: string | null;
	disableDate: string | null;
	pause: { title: string | null; description: string | null } | null;
	previousQualityScore: string | null;
	newQualityScore: string | null;
	previousCategory: string | null;
	newCategory: string | null;
}

export interface PhoneNumberQualityItem extends BaseItem {
	eventType: 'phone_number_quality_update';
	eventId: string;
	/** As sent; receivedAt when 8x8 sent none. */
	timestamp: string;
	provider: string | null;
	accountId: string | null;
	businessAccountId: string | null;
	displayPhoneNumber: string | null;
	event: string | null;
	/** meta.maxDailyConversationsPerBusiness when sent, else the deprecated meta.currentLimit. */
	currentLimit: string | null;
	oldLimit: string | null;
	/** 50, 250, 1000, 2000, 10000, 100000; null for TIER_NOT_SET / TIER_UNLIMITED / absent. */
	currentLimitValue: number | null;
	/** As sent (replaces currentLimit / oldLimit from February 2026). */
	maxDailyConversationsPerBusiness: string | null;
	reason: string | null;
}

export interface AccountUpdateItem extends BaseItem {
	eventType: 'account_update';
	eventId: string;
	/** As sent; receivedAt when 8x8 sent none. */
	timestamp: string;
	provider: string | null;
	accountId: string | null;
	businessAccountId: string | null;
	event: string | null;
	/** ACCOUNT_VIOLATION / ACCOUNT_RESTRICTION. */
	phoneNumber: string | null;
	/** BUSINESS_VERIFICATION_STATUS_UPDATE: businessVerificationInfo.verificationStatus. */
	verificationStatus: string | null;
	/** violationInfo.violationType. */
	violationType: string | null;
	/** eventDetails as received (businessVerificationInfo, violationInfo, restrictionInfo...). */
	details: Record<string, unknown>;
}

export type EventItem =
	| InboundMessageItem
	| DeliveryStatusItem
	| TemplateEventItem
	| PhoneNumberQualityItem
	| AccountUpdateItem
	| BusinessAppMessageItem
	| CategoryDetectionItem
	| PreferenceItem
	| ContactCardItem
	| UserIdUpdateItem;

export interface OtherItem extends BaseItem {
	/** Why it is not on a typed output. */
	reason: 'unknown_event_type' | 'missing_event_type' | 'schema_mismatch';
	/**
	 * Schema problems as "path: problem", e.g. "payload.umid: required",
	 * "payload.status.errorCode: expected string or number, got object". Empty for unknown and
	 * missing event types, except "(body): expected object, got …" for a body that is not an object.
	 */
	issues: string[];
	/** The body as received, so nothing is lost. */
	body: Record<string, unknown>;
}

export type ClassifiedEvent =
	| { kind: 'event'; eventType: KnownEventType; item: EventItem }
	| { kind: 'other'; item: OtherItem };

export { normalizeEvent, isKnownEventType } from './normalize';
export { tierLimit } from './tiers';
export {
	DELIVERY_STAGES,
	passesDeliveryFilter,
	receiptMeaning,
	type DeliveryStage,
	type ReceiptErrorSource,
	type ReceiptMeaning,
} from './receiptMeaning';
export type { BusinessAppMessageItem } from './businessApp';
export type { CategoryDetectionItem } from './categoryDetection';
export type {
	ContactCardItem,
	PreferenceEntry,
	PreferenceItem,
	UserIdUpdateEntry,
	UserIdUpdateItem,
} from './userEvents';
