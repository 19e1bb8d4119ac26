/**
 * The 8x8 / WhatsApp error catalog: one entry per code, with what it means, how to fix it and
 * whether retrying can help. Synchronous API codes (HTTP error bodies) and asynchronous delivery
 * codes (delivery receipts) overlap numerically (1002, 1005, 2000, ...), so they live in two tables.
 *
 * CONTRACT STUB: the implementation replaces the bodies below; the exported names and types are fixed.
 */
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

export function explainApiError(_code: unknown, _httpStatus?: number): ErrorExplanation {
	throw new Error('not implemented');
}

export function explainDeliveryError(_code: unknown, _providerErrorCode?: unknown): ErrorExplanation {
	throw new Error('not implemented');
}
