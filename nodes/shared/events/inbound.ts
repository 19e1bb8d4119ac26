import { replyToOf } from '../recipient';
import type { InboundMessageItem } from './index';
import type { InboundBody, InboundInteractive, InboundLocation } from './schemas';
import { formatVersion, isRecord, lower, str } from './values';

/** 8x8 message types are capitalized ("Text", "File"); "File" and "Document" both mean a document. */
export function messageTypeOf(type: string | null | undefined): string {
	const lowered = lower(type);
	if (lowered === null || lowered === '') return 'none';
	return lowered === 'file' ? 'document' : lowered;
}

function snakeCase(type: string): string {
	return type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function camelCase(type: string): string {
	return type.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

const KNOWN_REPLY_TYPES = ['button_reply', 'list_reply', 'nfm_reply', 'call_permission_reply'];

function ownValue(object: Record<string, unknown>, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The reply object of an interactive message, whichever casing 8x8 used for its key. */
function replyObject(source: Record<string, unknown>, rawType: string, type: string): unknown {
	return ownValue(source, rawType) ?? ownValue(source, type) ?? ownValue(source, camelCase(type));
}

function parseFlowResponse(responseJson: unknown): unknown {
	if (typeof responseJson !== 'string') return responseJson ?? null;
	try {
		return JSON.parse(responseJson) as unknown;
	} catch {
		return responseJson;
	}
}

function typeOfReply(source: Record<string, unknown>, declared: string | null | undefined): string {
	if (typeof declared === 'string' && declared !== '') return declared;
	for (const type of KNOWN_REPLY_TYPES) {
		if (replyObject(source, type, type) != null) return type;
	}
	return '';
}

/** Interactive types are reported in Meta's snake_case ("nfmReply" → "nfm_reply"). */
export function interactiveOf(
	interactive: InboundInteractive | null | undefined,
): InboundMessageItem['interactive'] {
	if (!interactive) return null;
	const source = interactive as unknown as Record<string, unknown>;
	const rawType = typeOfReply(source, interactive.type);
	const type = snakeCase(rawType);
	const reply = replyObject(source, rawType, type);
	const fields = isRecord(reply) ? reply : {};
	const result: NonNullable<InboundMessageItem['interactive']> = {
		type,
		id: null,
		title: null,
		description: null,
	};
	if (type === 'button_reply' || type === 'list_reply') {
		result.id = str(fields.id as string | number | null | undefined);
		result.title = str(fields.title as string | null | undefined);
		result.description = str(fields.description as string | null | undefined);
	} else if (type === 'nfm_reply') {
		result.response = parseFlowResponse(fields.responseJson);
	} else if (type === 'call_permission_reply' && isRecord(reply)) {
		result.response = reply;
	}
	return result;
}

export function locationOf(location: InboundLocation | null | undefined): InboundMessageItem['location'] {
	if (!location) return null;
	const result: NonNullable<InboundMessageItem['location']> = {
		latitude: location.latitude,
		longitude: location.longitude,
	};
	if (typeof location.name === 'string') result.name = location.name;
	if (typeof location.address === 'string') result.address = location.address;
	return result;
}

export function normalizeInbound(body: InboundBody, receivedAt: string): InboundMessageItem {
	const payload = body.payload;
	const user = payload.user;
	const content = payload.content;
	return {
		eventType: 'inbound_message_received',
		dedupeKey: payload.umid,
		receivedAt,
		formatVersion: formatVersion(body.version, 2),
		umid: payload.umid,
		subAccountId: payload.subAccountId,
		timestamp: payload.timestamp ?? receivedAt,
		from: {
			msisdn: user?.msisdn ?? null,
			channelUserId: user?.channelUserId ?? null,
			name: user?.name ?? null,
			username: user?.username ?? null,
		},
		replyTo: replyToOf(user),
		channel: lower(payload.recipient?.channel),
		channelId: payload.recipient?.channelId ?? null,
		messageType: messageTypeOf(payload.type),
		text: content?.text ?? null,
		mediaUrl: content?.url ?? null,
		payload: typeof content?.payload === 'string' ? content.payload : null,
		location: locationOf(content?.location),
		interactive: interactiveOf(content?.interactive),
		replyToUmid: payload.replyToUmid ?? null,
	};
}
