/**
 * `external_app_message` (CADR, delivery-receipts-for-outbound-chatapps.mdx): a message your
 * business sent from the WhatsApp Business App (Embedded Signup with the app), echoed so that a
 * workflow sees every outbound message. It has the receipt envelope but no status; its payload
 * carries `timestamp`, `type` and `content` like an inbound message.
 */
import { z } from 'zod';

import { replyToOf } from '../recipient';
import { interactiveOf, locationOf, messageTypeOf } from './inbound';
import type { BaseItem, InboundMessageItem } from './index';
import { inboundSchema } from './schemas';
import { formatVersion, lower } from './values';

const text = z.string().nullable().optional();
const id = z.string().min(1);

/** The inbound message's content schema: the echo's content has the same structure. */
const content = inboundSchema.shape.payload.shape.content;

export const businessAppMessageSchema = z.object({
	version: z.union([z.string(), z.number()]).nullable().optional(),
	eventType: z.string(),
	payload: z.object({
		umid: id,
		subAccountId: id,
		timestamp: text,
		channel: text,
		user: z.object({ msisdn: text, channelUserId: text }).nullable().optional(),
		type: text,
		content,
	}),
});

export type BusinessAppMessageBody = z.infer<typeof businessAppMessageSchema>;

export interface BusinessAppMessageItem
	extends BaseItem,
		Pick<
			InboundMessageItem,
			'messageType' | 'text' | 'mediaUrl' | 'payload' | 'location' | 'interactive'
		> {
	eventType: 'external_app_message';
	/** 9, or 8 for the format without a version field. */
	formatVersion: number;
	umid: string;
	subAccountId: string;
	/** When the business sent it; receivedAt when 8x8 sent none. */
	timestamp: string;
	channel: string | null;
	/** The WhatsApp user the business wrote to (v9: channelUserId is the BSUID). */
	to: { msisdn: string | null; channelUserId: string | null };
	/** to.msisdn ?? to.channelUserId: the value for the action node's To. */
	replyTo: string | null;
}

export function normalizeBusinessAppMessage(
	body: BusinessAppMessageBody,
	receivedAt: string,
): BusinessAppMessageItem {
	const payload = body.payload;
	const user = payload.user;
	const message = payload.content;
	const to = { msisdn: user?.msisdn ?? null, channelUserId: user?.channelUserId ?? null };
	return {
		eventType: 'external_app_message',
		dedupeKey: payload.umid,
		receivedAt,
		formatVersion: formatVersion(body.version, 8),
		umid: payload.umid,
		subAccountId: payload.subAccountId,
		timestamp: payload.timestamp ?? receivedAt,
		channel: lower(payload.channel),
		to,
		replyTo: replyToOf(to),
		messageType: messageTypeOf(payload.type),
		text: message?.text ?? null,
		mediaUrl: message?.url ?? null,
		payload: typeof message?.payload === 'string' ? message.payload : null,
		location: locationOf(message?.location),
		interactive: interactiveOf(message?.interactive),
	};
}
