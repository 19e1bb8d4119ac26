/**
 * The 8x8 / WhatsApp error catalog: one entry per code, with what it means, how to fix it and
 * whether retrying can help. Synchronous API codes (HTTP error bodies) and asynchronous delivery
 * codes (delivery receipts) overlap numerically (1002, 1005, 2000, ...), so they live in two tables.
 */
import { API_ERRORS } from './apiErrors';
import type { ApiErrorEntry, DeliveryErrorEntry, HttpStatusEntry } from './catalogEntry';
import { DELIVERY_ERRORS } from './deliveryErrors';
import { HTTP_STATUS_ERRORS } from './httpStatusErrors';

export { API_ERRORS } from './apiErrors';
export { DELIVERY_ERRORS } from './deliveryErrors';
export { HTTP_STATUS_ERRORS } from './httpStatusErrors';
export type {
	ApiErrorEntry,
	DeliveryErrorEntry,
	ErrorCatalogEntry,
	HttpStatusEntry,
} from './catalogEntry';

export const API_ERROR_DOCS_URL = 'https://developer.8x8.com/connect/docs/api-error-codes';
export const DELIVERY_ERROR_DOCS_URL =
	'https://developer.8x8.com/connect/docs/delivery-error-codes';

export type ErrorSource = 'api' | 'delivery';

export interface ErrorExplanation {
	source: ErrorSource;
	/** The 8x8 code as received (NaN-safe: 0 when none was given). */
	code: number;
	/** Short name, e.g. "Template not found". */
	title: string;
	/** What went wrong, in a sentence a user understands. */
	meaning: string;
	/** What to change so it works. */
	fix: string;
	/** Whether sending the same request again later can succeed. */
	retryable: boolean;
	/** Delivery errors: Meta's own WhatsApp code (e.g. 131047). */
	metaCode?: number;
	/** API errors: the HTTP status 8x8 answers with for this code, when documented. */
	httpStatus?: number;
	/** False when the code is not in the catalog (title/meaning/fix are then generic). */
	known: boolean;
}

const apiByCode = new Map(API_ERRORS.map((entry) => [entry.code, entry]));
const deliveryByCode = new Map(DELIVERY_ERRORS.map((entry) => [entry.code, entry]));
const deliveryByMetaCode = new Map(
	DELIVERY_ERRORS.filter((entry) => entry.metaCode !== undefined).map((entry) => [
		entry.metaCode,
		entry,
	]),
);
const statusByCode = new Map(HTTP_STATUS_ERRORS.map((entry) => [entry.status, entry]));

/** Reads a code that may arrive as a number or a numeric string ("1022", " 131047 "). */
export function parseErrorCode(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string' && /^\s*[+-]?\d+(\.0*)?\s*$/.test(value)) return Number(value);
	return undefined;
}

export function findApiError(code: unknown): ApiErrorEntry | undefined {
	const parsed = parseErrorCode(code);
	return parsed === undefined ? undefined : apiByCode.get(parsed);
}

export function findDeliveryError(code: unknown): DeliveryErrorEntry | undefined {
	const parsed = parseErrorCode(code);
	return parsed === undefined ? undefined : deliveryByCode.get(parsed);
}

export function findDeliveryErrorByMetaCode(metaCode: unknown): DeliveryErrorEntry | undefined {
	const parsed = parseErrorCode(metaCode);
	return parsed === undefined ? undefined : deliveryByMetaCode.get(parsed);
}

function statusEntry(status: number): HttpStatusEntry | undefined {
	const exact = statusByCode.get(status);
	if (exact) return exact;
	if (status >= 500 && status <= 599) {
		return {
			status,
			title: 'Server error',
			meaning: `8x8 answered HTTP ${status}, a server-side error that is usually temporary.`,
			fix: 'Send the request again after a short wait (with backoff); if it keeps failing, contact 8x8 support.',
			retryable: true,
		};
	}
	if (status >= 400 && status <= 499) {
		return {
			status,
			title: 'Request rejected',
			meaning: `8x8 rejected the request with HTTP ${status}.`,
			fix: 'Read the message returned with the error and correct the request.',
			retryable: false,
		};
	}
	return undefined;
}

export function explainApiError(code: unknown, httpStatus?: number): ErrorExplanation {
	const parsedCode = parseErrorCode(code);
	const parsedStatus = parseErrorCode(httpStatus);
	const status =
		parsedStatus !== undefined && parsedStatus >= 100 && parsedStatus <= 599
			? parsedStatus
			: undefined;
	const entry = parsedCode === undefined ? undefined : apiByCode.get(parsedCode);
	if (entry) {
		return {
			source: 'api',
			code: entry.code,
			title: entry.title,
			meaning: entry.meaning,
			fix: entry.fix,
			retryable: entry.retryable,
			httpStatus: status ?? entry.httpStatus,
			known: true,
		};
	}

	// The 429 body documented by 8x8 carries the HTTP status as its code: {"code": 429, ...}.
	const byStatus = statusEntry(status ?? parsedCode ?? 0);
	if (byStatus) {
		const undocumented =
			parsedCode !== undefined && parsedCode !== byStatus.status
				? ` The 8x8 code ${parsedCode} is not in the documented list (${API_ERROR_DOCS_URL}).`
				: '';
		return {
			source: 'api',
			code: parsedCode ?? 0,
			title: `${byStatus.title} (HTTP ${byStatus.status})`,
			meaning: byStatus.meaning + undocumented,
			fix: byStatus.fix,
			retryable: byStatus.retryable,
			httpStatus: byStatus.status,
			known: false,
		};
	}

	return {
		source: 'api',
		code: parsedCode ?? 0,
		title:
			parsedCode === undefined ? 'Unknown 8x8 API error' : `Unknown 8x8 API error ${parsedCode}`,
		meaning:
			parsedCode === undefined
				? '8x8 answered with an error but gave no error code.'
				: `8x8 answered with error code ${parsedCode}, which is not in its documented list of API error codes.`,
		fix: `Read the message returned with the error and look the code up at ${API_ERROR_DOCS_URL}; if it stays unclear, contact 8x8 support with the errorId.`,
		retryable: false,
		httpStatus: status,
		known: false,
	};
}

export function explainDeliveryError(code: unknown, providerErrorCode?: unknown): ErrorExplanation {
	const parsedCode = parseErrorCode(code);
	const metaCode = parseErrorCode(providerErrorCode);
	// The 8x8 code wins; the Meta code is only a fallback, as the two do not always agree
	// (8x8's own sample receipt pairs errorCode 15 with providerErrorCode 131009).
	const entry =
		(parsedCode === undefined ? undefined : deliveryByCode.get(parsedCode)) ??
		(metaCode === undefined ? undefined : deliveryByMetaCode.get(metaCode));
	if (entry) {
		return {
			source: 'delivery',
			code: parsedCode ?? 0,
			title: entry.title,
			meaning: entry.meaning,
			fix: entry.fix,
			retryable: entry.retryable,
			metaCode: metaCode ?? entry.metaCode,
			known: true,
		};
	}

	const meta = metaCode === undefined ? '' : ` (WhatsApp code ${metaCode})`;
	return {
		source: 'delivery',
		code: parsedCode ?? 0,
		title:
			parsedCode === undefined && metaCode === undefined
				? 'Undelivered (no error code)'
				: `Unknown delivery error ${parsedCode ?? metaCode}`,
		meaning:
			parsedCode === undefined && metaCode === undefined
				? 'The message was not delivered and the delivery receipt gave no error code.'
				: `The delivery receipt carries error code ${parsedCode ?? 'none'}${meta}, which is not in 8x8's documented list of delivery error codes.`,
		fix: `Read the receipt's errorMessage, look the code up at ${DELIVERY_ERROR_DOCS_URL}, and check the message by its umid in 8x8 Connect → Logs; if it stays unclear, contact 8x8 support with the umid.`,
		retryable: false,
		metaCode,
		known: false,
	};
}
