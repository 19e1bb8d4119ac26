import { createHash } from 'crypto';

import { isRecord } from './values';

/** JSON of anything, even with cycles or BigInts (never from JSON.parse, but callers may pass them). */
function safeJson(body: unknown): string {
	try {
		return JSON.stringify(body) ?? String(body);
	} catch {
		const seen = new WeakSet<object>();
		try {
			return JSON.stringify(body, (_key, value: unknown) => {
				if (typeof value === 'bigint') return value.toString();
				if (typeof value === 'object' && value !== null) {
					if (seen.has(value)) return '[Circular]';
					seen.add(value);
				}
				return value;
			});
		} catch {
			return Object.prototype.toString.call(body);
		}
	}
}

export function hashBody(body: unknown): string {
	return createHash('sha256').update(safeJson(body)).digest('hex');
}

function nonEmptyString(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/** eventId, else payload.umid, else a hash of the body: identical for a byte-identical retry. */
export function fallbackDedupeKey(body: unknown): string {
	if (isRecord(body)) {
		const key =
			nonEmptyString(body.eventId) ??
			(isRecord(body.payload) ? nonEmptyString(body.payload.umid) : null);
		if (key !== null) return key;
	}
	return hashBody(body);
}
