/**
 * One item's message, checked and ready to send: the recipient normalised to E.164, the content
 * built, the clientMessageId chosen and the request body assembled. Used by the send pipeline
 * (sendMessages.ts) and by Send and Wait for Delivery, which also share the text content.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizePhone } from '../../../shared/phone';
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
	const phone = normalizePhone(rawTo, defaultCountry ? { defaultCountry } : {});
	if (!phone.ok) {
		throw validationError(
			node,
			itemIndex,
			[`"${attempt.to}" is not a phone number WhatsApp can reach: ${phone.reason}`],
			'Put the recipient in "To" in international format (+ and country code, e.g. +6591234567), or set Options > Default Country for national numbers.',
		);
	}
	attempt.to = phone.e164;

	const ownId = String(options.clientMessageId ?? '').trim();
	if (ownId) attempt.clientMessageId = ownId;
	const { payload, summary } = await prepareContent.call(this, itemIndex);
	const clientMessageId =
		ownId ||
		deriveClientMessageId({
			executionId: String(this.getExecutionId() ?? ''),
			itemIndex,
			nodeId: node.id ?? node.name,
			fingerprint: JSON.stringify([phone.e164, payload]),
		});
	attempt.clientMessageId = clientMessageId;

	const { body, problems } = buildEnvelope({
		msisdn: phone.e164,
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
		to: phone.e164,
		clientMessageId,
		body,
		summary,
		retryUnknownDeliveryState: options.retryUnknownDeliveryState === true,
	};
}
