/**
 * One item's message, checked and ready to send: the recipient (a phone number normalised to E.164,
 * or a WhatsApp user ID, BSUID, sent as user.channelUserId), the content
 * built, the clientMessageId chosen and the request body assembled. Used by the send pipeline
 * (sendMessages.ts) and by Send and Wait for Delivery, which also share the text content.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseRecipient, userObject } from '../../../shared/recipient';
import { deriveClientMessageId } from '../../helpers/clientMessageId';
import { buildTextMessage } from '../../helpers/content';
import type { SendOptions } from '../../helpers/envelope';
import { buildEnvelope } from '../../helpers/envelope';
import { validationError } from '../../helpers/errors';
import type { MessagePayload } from '../../helpers/types';

export interface PreparedContent {
	payload: MessagePayload;
	/** Output fields naming what was sent: `{ template, language }` or `{ type }`. */
	summary: IDataObject;
	/**
	 * Set when WhatsApp delivers this content only to a phone number: why (e.g. an authentication
	 * template; 8x8 1054 / Meta 131062 for a BSUID-only recipient).
	 */
	needsPhoneNumber?: string;
}

/** Reads one item's parameters and builds its content; throws a validation error when it cannot. */
export type ContentPreparer = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<PreparedContent>;

/** The content of a text message from the item's Text field. */
export async function prepareTextContent(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedContent> {
	const { payload, problems } = buildTextMessage(this.getNodeParameter('text', itemIndex, ''));
	if (!payload) {
		throw validationError(this.getNode(), itemIndex, problems, 'Shorten or fill the Text field.');
	}
	return { payload, summary: { type: 'text' } };
}

export interface PreparedMessage {
	itemIndex: number;
	to: string;
	clientMessageId: string;
	body: IDataObject;
	summary: IDataObject;
	retryUnknownDeliveryState: boolean;
}

/** What is known of the message so far, for the error item when preparing it fails. */
export interface Attempt {
	to: string;
	clientMessageId: string | null;
}

/**
 * Reads To, Options and the content of one item. `overrides` replace Options values in the
 * request body only (Send and Wait sets its resume URL as dlrCallbackUrl).
 */
export async function prepareMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	prepareContent: ContentPreparer,
	attempt: Attempt,
	overrides: SendOptions = {},
): Promise<PreparedMessage> {
	const node = this.getNode();
	const rawTo = this.getNodeParameter('to', itemIndex, '') as unknown;
	attempt.to = rawTo === undefined || rawTo === null ? '' : String(rawTo);
	const options = this.getNodeParameter('options', itemIndex, {}) as SendOptions;
	const defaultCountry = String(options.defaultCountry ?? '').trim();
	const recipient = parseRecipient(rawTo, defaultCountry ? { defaultCountry } : {});
	if (!recipient.ok) {
		throw validationError(
			node,
			itemIndex,
			[`"${attempt.to}" is not a phone number or WhatsApp user ID WhatsApp can reach: ${recipient.reason}`],
			"Put the recipient in \"To\": a phone number in international format (+ and country code, e.g. +6591234567; set Options > Default Country for national numbers), or the user's WhatsApp user ID (BSUID, e.g. US.13491208655302741918). After the 8x8 WhatsApp Trigger, {{ $json.replyTo }} is the right value either way.",
		);
	}
	attempt.to = recipient.shown;

	const ownId = String(options.clientMessageId ?? '').trim();
	if (ownId) attempt.clientMessageId = ownId;
	const { payload, summary, needsPhoneNumber } = await prepareContent.call(this, itemIndex);
	if (needsPhoneNumber && recipient.kind === 'bsuid') {
		throw validationError(
			node,
			itemIndex,
			[
				`"${recipient.channelUserId}" is a WhatsApp user ID (BSUID), but ${needsPhoneNumber} reaches only a phone number: 8x8 would reject it (error 1054, Meta 131062)`,
			],
			"Put the user's phone number in \"To\" (the trigger's from.msisdn, when WhatsApp shared it), or send a template of another category.",
		);
	}
	const clientMessageId =
		ownId ||
		deriveClientMessageId({
			executionId: String(this.getExecutionId() ?? ''),
			itemIndex,
			nodeId: node.id ?? node.name,
			fingerprint: JSON.stringify([recipient.shown, payload]),
		});
	attempt.clientMessageId = clientMessageId;

	const { body, problems } = buildEnvelope({
		user: userObject(recipient),
		payload,
		clientMessageId,
		options: { ...options, ...overrides },
		timeZone: this.getTimezone(),
	});
	if (problems.length) {
		throw validationError(node, itemIndex, problems, 'Correct the values under Options.');
	}
	return {
		itemIndex,
		to: recipient.shown,
		clientMessageId,
		body,
		summary,
		retryUnknownDeliveryState: options.retryUnknownDeliveryState === true,
	};
}
