import { createHash } from 'crypto';

import { isRecord } from './values';

type Frame = { value: unknown; keys: string[] | null; index: number };

/**
 * JSON-like text of any value without recursion, so bodies nested deeper than the call stack
 * (JSON.parse accepts them) still get a content hash of their own. Cycles become "[Circular]".
 */
function serialize(root: unknown): string {
	const out: string[] = [];
	const onPath = new Set<object>();
	const stack: Frame[] = [];
	const open = (value: unknown) => {
		if (typeof value === 'bigint') return void out.push(`"${value.toString()}"`);
		if (typeof value !== 'object' || value === null) {
			const text = JSON.stringify(value);
			return void out.push(text === undefined ? 'null' : text);
		}
		if (onPath.has(value)) return void out.push('"[Circular]"');
		onPath.add(value);
		const isArray = Array.isArray(value);
		out.push(isArray ? '[' : '{');
		stack.push({ value, keys: isArray ? null : Object.keys(value), index: 0 });
	};
	open(root);
	while (stack.length > 0) {
		const frame = stack[stack.length - 1];
		const container = frame.value as Record<string, unknown> & unknown[];
		const length = frame.keys ? frame.keys.length : container.length;
		if (frame.index >= length) {
			out.push(frame.keys ? '}' : ']');
			onPath.delete(container);
			stack.pop();
			continue;
		}
		if (frame.index > 0) out.push(',');
		if (frame.keys) {
			const key = frame.keys[frame.index];
			out.push(`${JSON.stringify(key)}:`);
			frame.index++;
			open(container[key]);
		} else {
			open(container[frame.index++]);
		}
	}
	return out.join('');
}

function safeJson(body: unknown): string {
	try {
		return JSON.stringify(body) ?? String(body);
	} catch {
		return serialize(body);
	}
}

export function hashBody(body: unknown): string {
	return createHash('sha256').update(safeJson(body)).digest('hex');
}

function nonEmptyString(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Key for items on "Other": stable for a byte-identical retry, distinct for distinct bodies. The
 * event's id (eventId, else payload.umid) leads for readability, but the body hash decides, because
 * one umid has several receipts (sent, delivered, read) that must not collapse into one key.
 */
export function fallbackDedupeKey(body: unknown): string {
	const hash = hashBody(body);
	if (isRecord(body)) {
		const id =
			nonEmptyString(body.eventId) ??
			(isRecord(body.payload) ? nonEmptyString(body.payload.umid) : null);
		if (id !== null) return `${id}:${hash.slice(0, 16)}`;
	}
	return hash;
}
