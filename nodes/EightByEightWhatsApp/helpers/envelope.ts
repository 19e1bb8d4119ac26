import type { IDataObject } from 'n8n-workflow';

import { toIsoInstant } from './dates';
import { characterCount, isHttpUrl, lengthProblem, LIMITS } from './limits';
import type { MessagePayload } from './types';

/** The "Options" collection of the send operations. */
export interface SendOptions {
	batch?: boolean;
	clientMessageId?: string;
	defaultCountry?: string;
	dlrCallbackUrl?: string;
	expiry?: string;
	replyToUmid?: string;
	retryUnknownDeliveryState?: boolean;
	scheduled?: string;
	smsFallbackAfter?: number;
	smsFallbackText?: string;
	smsSenderId?: string;
}

export interface EnvelopeInput {
	/** `{ msisdn }` for a phone number, `{ channelUserId }` for a BSUID (see shared/recipient.ts). */
	user: { msisdn?: string; channelUserId?: string };
	payload: MessagePayload;
	clientMessageId: string;
	options: SendOptions;
	timeZone: string;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The full request body of one message (`POST …/messages`, or one entry of a batch). */
export function buildEnvelope(input: EnvelopeInput): { body: IDataObject; problems: string[] } {
	const { options } = input;
	const problems: string[] = [];
	const content: IDataObject = { ...input.payload.content };
	const body: IDataObject = {
		user: { ...input.user },
		type: input.payload.type,
		content,
		clientMessageId: input.clientMessageId,
	};

	if (characterCount(input.clientMessageId) > LIMITS.clientMessageId) {
		problems.push(
			`Client Message ID is ${characterCount(input.clientMessageId)} characters long; 8x8 allows at most ${LIMITS.clientMessageId}`,
		);
	}

	const scheduledText = text(options.scheduled);
	const scheduled = scheduledText ? toIsoInstant(scheduledText, input.timeZone) : undefined;
	if (scheduledText && !scheduled)
		problems.push(`Scheduled Time "${scheduledText}" is not a date-time`);
	if (scheduled) body.scheduled = scheduled;

	const expiryText = text(options.expiry);
	const expiry = expiryText ? toIsoInstant(expiryText, input.timeZone) : undefined;
	if (expiryText && !expiry) problems.push(`Expiry "${expiryText}" is not a date-time`);
	if (expiry) {
		if (scheduled && Date.parse(expiry) <= Date.parse(scheduled)) {
			problems.push(`Expiry (${expiry}) must be later than Scheduled Time (${scheduled})`);
		}
		body.expiry = expiry;
	}

	const dlrCallbackUrl = text(options.dlrCallbackUrl);
	if (dlrCallbackUrl) {
		if (!isHttpUrl(dlrCallbackUrl))
			problems.push(`Delivery Receipt URL must be an http(s) URL, got "${dlrCallbackUrl}"`);
		body.dlrCallbackUrl = dlrCallbackUrl;
	}

	const fallbackText = options.smsFallbackText ?? '';
	if (fallbackText.trim()) {
		if (!input.user.msisdn) {
			problems.push(
				`SMS Fallback Text is set, but the recipient "${input.user.channelUserId ?? ''}" is a WhatsApp user ID (BSUID): an SMS needs a phone number`,
			);
		}
		const tooLong = lengthProblem('SMS Fallback Text', fallbackText, LIMITS.fallbackText);
		if (tooLong) problems.push(tooLong);
		content.fallbackText = fallbackText;
		const senderId = text(options.smsSenderId);
		if (senderId) {
			const senderTooLong = lengthProblem('SMS Sender ID', senderId, LIMITS.smsSenderId);
			if (senderTooLong) problems.push(senderTooLong);
			content.sms = { source: senderId };
		}
		const fallbackAfter = Number(options.smsFallbackAfter ?? 60);
		if (!Number.isInteger(fallbackAfter) || fallbackAfter < 10 || fallbackAfter > 86400) {
			problems.push(
				`SMS Fallback After must be a whole number of seconds from 10 to 86400, got ${String(options.smsFallbackAfter)}`,
			);
		}
		body.channels = [
			{ channel: 'WhatsApp', fallbackAfter, successStatus: 'Delivered' },
			{ channel: 'SMS' },
		];
	}

	const replyTo = text(options.replyToUmid);
	if (replyTo) body.context = { umid: replyTo };

	return { body, problems };
}
