import { explainApiError, explainDeliveryError, type ErrorExplanation } from '../errors';
import { replyToOf } from '../recipient';
import type { DeliveryStatusItem } from './index';
import { receiptErrorSource, receiptMeaning, type ReceiptErrorSource } from './receiptMeaning';
import type { ReceiptBody } from './schemas';
import { formatVersion, lower, str } from './values';

function numericCode(value: string | number | null | undefined): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : null;
	}
	return null;
}

type Explanation = Pick<ErrorExplanation, 'title' | 'meaning' | 'fix' | 'retryable' | 'metaCode'>;

/** The error catalog must never stop a receipt from reaching its output. */
function explain(
	source: ReceiptErrorSource,
	code: number | null,
	providerErrorCode: string | null,
	message: string | null,
): Explanation {
	try {
		return source === 'api'
			? explainApiError(code ?? undefined)
			: explainDeliveryError(code ?? undefined, providerErrorCode ?? undefined);
	} catch {
		return {
			title: 'Message not delivered',
			meaning: message ?? 'WhatsApp or the operator could not deliver the message.',
			fix: 'Check the error code and message against the 8x8 delivery error codes reference.',
			retryable: false,
		};
	}
}

function errorOf(
	failed: boolean,
	source: ReceiptErrorSource,
	status: ReceiptBody['payload']['status'],
	providerErrorCode: string | null,
): DeliveryStatusItem['error'] {
	const code = numericCode(status.errorCode);
	if (!failed && status.errorCode == null && providerErrorCode === null) return null;
	const message = status.errorMessage ?? null;
	const explanation = explain(source, code, providerErrorCode, message);
	const error: NonNullable<DeliveryStatusItem['error']> = {
		code,
		message,
		providerErrorCode,
		source,
		title: explanation.title,
		meaning: explanation.meaning,
		fix: explanation.fix,
		retryable: explanation.retryable,
	};
	// The received Meta code is ground truth; the catalog's mapping from the 8x8 code is a fallback.
	const metaCode = numericCode(providerErrorCode) ?? explanation.metaCode;
	if (metaCode !== undefined && metaCode !== null) error.metaCode = metaCode;
	return error;
}

export function normalizeReceipt(body: ReceiptBody, receivedAt: string): DeliveryStatusItem {
	const payload = body.payload;
	const status = payload.status;
	const state = status.state.toLowerCase();
	const detail = status.detail ?? null;
	const channel = lower(payload.channel);
	const meaning = receiptMeaning(state, detail, channel);
	const providerErrorCode = str(payload.whatsapp?.providerErrorCode);
	return {
		eventType: 'outbound_message_status_changed',
		dedupeKey: `${payload.umid}:${state}:${detail ?? ''}`,
		receivedAt,
		formatVersion: formatVersion(body.version, 8),
		umid: payload.umid,
		clientMessageId: payload.clientMessageId ?? null,
		batchId: payload.batchId ?? null,
		clientBatchId: payload.clientBatchId ?? null,
		subAccountId: payload.subAccountId,
		channel,
		to: {
			msisdn: payload.user?.msisdn ?? null,
			channelUserId: payload.user?.channelUserId ?? null,
		},
		replyTo: replyToOf(payload.user),
		state,
		detail,
		stage: meaning.stage,
		reachedRecipient: meaning.reachedRecipient,
		statusTimestamp: status.timestamp ?? null,
		pricingCategory: payload.whatsapp?.pricingCategory ?? null,
		error: errorOf(meaning.failed, receiptErrorSource(meaning.stage), status, providerErrorCode),
		outboundContent:
			(payload.outboundContent as Record<string, unknown> | null | undefined) ?? null,
	};
}
