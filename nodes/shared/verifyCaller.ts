/**
 * Caller verification. 8x8 documents one way to authenticate its webhook calls: the static
 * `httpAuthorization` value configured on the webhook, sent as the `Authorization` header on every
 * call. (The "X-8x8-Signature" header mentioned once in 8x8's docs has no algorithm or secret, so it
 * is not used.)
 */
import { createHash, timingSafeEqual } from 'crypto';

export type CallerRejection = 'missing_authorization' | 'authorization_mismatch';

export type CallerCheck = { ok: true } | { ok: false; reason: CallerRejection; message: string };

export const REJECTION_MESSAGES: Record<CallerRejection, string> = {
	missing_authorization:
		'The request has no Authorization header, but this trigger expects the value configured on the 8x8 webhook',
	authorization_mismatch:
		'The Authorization header does not match the value configured for this trigger',
};

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of two secrets of any length (compares their SHA-256 digests). */
export function sameSecret(actual: unknown, expected: string): boolean {
	if (typeof actual !== 'string') return false;
	return timingSafeEqual(digest(actual), digest(expected));
}

/**
 * Compares the request's Authorization header with the expected value in constant time. Both sides
 * are hashed first, so the comparison always runs on two 32-byte buffers and neither the content nor
 * the length of the secret leaks through timing. An empty expected value means no verification.
 */
export function verifyCaller(expected: string, header: unknown): CallerCheck {
	if (expected === '') return { ok: true };
	// Several Authorization headers are never what 8x8 sends: they are compared like any other value
	// (same timing) and then refused whatever they hold.
	const actual = Array.isArray(header) ? header.join(', ') : header;
	if (typeof actual !== 'string' || actual === '') {
		return {
			ok: false,
			reason: 'missing_authorization',
			message: REJECTION_MESSAGES.missing_authorization,
		};
	}
	if (!sameSecret(actual, expected) || Array.isArray(header)) {
		return {
			ok: false,
			reason: 'authorization_mismatch',
			message: REJECTION_MESSAGES.authorization_mismatch,
		};
	}
	return { ok: true };
}

/** Request headers with credentials replaced, for the optional `headers` field of items. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
	const redacted: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(headers)) {
		const lower = name.toLowerCase();
		redacted[lower] =
			lower === 'authorization' || lower === 'proxy-authorization' ? '[redacted]' : value;
	}
	return redacted;
}
