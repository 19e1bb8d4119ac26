import type { z } from 'zod';

import {
	normalizeAccountUpdate,
	normalizePhoneNumberQuality,
	normalizeTemplateEvent,
} from './businessManagement';
import { businessAppMessageSchema, normalizeBusinessAppMessage } from './businessApp';
import { categoryDetectionSchema, normalizeCategoryDetection } from './categoryDetection';
import { fallbackDedupeKey, hashBody } from './dedupe';
import { normalizeReceipt } from './delivery';
import { normalizeInbound } from './inbound';
import type {
	ClassifiedEvent,
	EventItem,
	KnownEventType,
	OtherItem,
	TemplateEventItem,
} from './index';
import { compileGuard, type Guard } from './guard';
import { formatIssues, type SchemaIssue } from './issues';
import {
	accountUpdateSchema,
	inboundSchema,
	phoneNumberQualitySchema,
	receiptSchema,
	templateSchema,
} from './schemas';
import {
	contactSchema,
	normalizeContact,
	normalizePreference,
	normalizeUserIdUpdate,
	preferenceSchema,
	userIdUpdateSchema,
} from './userEvents';
import { isRecord } from './values';

/** What the handlers need from a zod schema, in every zod version. */
interface Validator {
	safeParse(
		data: unknown,
	): { success: true } | { success: false; error: { issues: SchemaIssue[] } };
}

interface Handler {
	schema: Validator;
	/** Fast path: true only for bodies the schema accepts. */
	accepts: Guard;
	/** Called only with a body the schema accepted. */
	normalize(body: never, receivedAt: string): EventItem;
}

function handler<T>(
	schema: z.ZodType<T>,
	normalize: (body: T, receivedAt: string) => EventItem,
): Handler {
	return { schema, accepts: compileGuard(schema), normalize };
}

const templateSchemaHandler = (eventType: TemplateEventItem['eventType']) =>
	handler(templateSchema, (body, at) => normalizeTemplateEvent(body, eventType, at));

const HANDLERS: ReadonlyMap<string, Handler> = new Map<KnownEventType, Handler>([
	['inbound_message_received', handler(inboundSchema, normalizeInbound)],
	['outbound_message_status_changed', handler(receiptSchema, normalizeReceipt)],
	['template_status_update', templateSchemaHandler('template_status_update')],
	['template_quality_update', templateSchemaHandler('template_quality_update')],
	['template_category_update', templateSchemaHandler('template_category_update')],
	['phone_number_quality_update', handler(phoneNumberQualitySchema, normalizePhoneNumberQuality)],
	['account_update', handler(accountUpdateSchema, normalizeAccountUpdate)],
	['external_app_message', handler(businessAppMessageSchema, normalizeBusinessAppMessage)],
	[
		'template_correct_category_detection',
		handler(categoryDetectionSchema, normalizeCategoryDetection),
	],
	['whatsapp_preference', handler(preferenceSchema, normalizePreference)],
	['whatsapp_contact', handler(contactSchema, normalizeContact)],
	['whatsapp_user_id_update', handler(userIdUpdateSchema, normalizeUserIdUpdate)],
]);

/**
 * whatsapp-business-scoped-user-ids.md names these events both ways: its envelope table says
 * `user_id_update`, `contacts`, `user_preferences`; its value table and samples the `whatsapp_`
 * names. Both are the same event: the item (an Other item too, when the body fails the schema)
 * carries the `whatsapp_` name; `body` / Include Raw Body keep what 8x8 sent.
 */
const ALIASES: ReadonlyMap<string, KnownEventType> = new Map<string, KnownEventType>([
	['user_id_update', 'whatsapp_user_id_update'],
	['contacts', 'whatsapp_contact'],
	['user_preferences', 'whatsapp_preference'],
]);

/** Event types that have a typed output (the trigger's outputs must match these). */
export function isKnownEventType(eventType: unknown): eventType is KnownEventType {
	return typeof eventType === 'string' && HANDLERS.has(eventType);
}

function other(
	body: unknown,
	eventType: string,
	reason: OtherItem['reason'],
	issues: string[],
	receivedAt: string,
): ClassifiedEvent {
	return {
		kind: 'other',
		item: {
			eventType,
			dedupeKey: fallbackDedupeKey(body),
			receivedAt,
			reason,
			issues,
			body: (isRecord(body) ? body : { value: body }) as Record<string, unknown>,
		},
	};
}

function classify(body: unknown, receivedAt: string): ClassifiedEvent {
	if (!isRecord(body)) {
		const kind = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
		return other(
			body,
			'',
			'missing_event_type',
			[`(body): expected object, got ${kind}`],
			receivedAt,
		);
	}
	const eventType = body.eventType;
	if (typeof eventType !== 'string' || eventType === '') {
		return other(body, '', 'missing_event_type', [], receivedAt);
	}
	const canonical = ALIASES.get(eventType) ?? eventType;
	const handler = HANDLERS.get(canonical);
	if (handler === undefined) {
		return other(body, eventType, 'unknown_event_type', [], receivedAt);
	}
	if (!handler.accepts(body)) {
		const result = handler.schema.safeParse(body);
		if (!result.success) {
			return other(
				body,
				canonical,
				'schema_mismatch',
				formatIssues(result.error.issues, body),
				receivedAt,
			);
		}
	}
	return {
		kind: 'event',
		eventType: canonical as KnownEventType,
		item: handler.normalize(body as never, receivedAt),
	};
}

function describeError(error: unknown): string {
	try {
		return error instanceof Error ? error.message : String(error);
	} catch {
		return 'unknown error';
	}
}

/** Last resort for inputs that throw when read (getters, proxies): still an Other item, never a throw. */
function unreadable(body: unknown, error: unknown, receivedAt: string): ClassifiedEvent {
	const issues = [`(body): could not be read: ${describeError(error)}`];
	try {
		const eventType = isRecord(body) && typeof body.eventType === 'string' ? body.eventType : '';
		return other(body, eventType, 'schema_mismatch', issues, receivedAt);
	} catch {
		return {
			kind: 'other',
			item: {
				eventType: '',
				dedupeKey: hashBody(`unreadable:${receivedAt}`),
				receivedAt,
				reason: 'schema_mismatch',
				issues,
				body: {},
			},
		};
	}
}

/**
 * Classify and normalize one webhook body. Never throws: anything that is not a valid known
 * event comes back as kind 'other', with the body kept as received.
 */
export function normalizeEvent(body: Record<string, unknown>, receivedAt: string): ClassifiedEvent {
	try {
		return classify(body, receivedAt);
	} catch (error) {
		return unreadable(body, error, receivedAt);
	}
}
