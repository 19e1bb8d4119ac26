/**
 * Phone numbers to E.164, hand-written and table-driven (runtime dependencies are banned).
 *
 * CONTRACT STUB: the implementation replaces the body below; the exported names and types are fixed.
 */
export type PhoneNormalization =
	| { ok: true; e164: string; callingCode: string; country?: string }
	| { ok: false; reason: string };

export interface PhoneOptions {
	/** ISO 3166-1 alpha-2 country used for national numbers such as 0504370045 (IL). */
	defaultCountry?: string;
}

export function normalizePhone(_input: unknown, _options: PhoneOptions = {}): PhoneNormalization {
	throw new Error('not implemented');
}
