import {
	normalizeEvent,
	type ClassifiedEvent,
	type EventItem,
	type KnownEventType,
	type OtherItem,
} from '../../../../nodes/shared/events';

export { FIXTURES, fixture } from '../../../fixtures/events';

export const RECEIVED_AT = '2026-07-10T12:00:00.000Z';

export function classify(body: unknown): ClassifiedEvent {
	return normalizeEvent(body as Record<string, unknown>, RECEIVED_AT);
}

/** The normalized item, failing with the Other item's reason and issues when it is not an event. */
export function eventItem<T extends EventItem = EventItem>(
	body: unknown,
	eventType?: KnownEventType,
): T {
	const result = classify(body);
	if (result.kind !== 'event') {
		throw new Error(
			`expected an event, got Other (${result.item.reason}): ${result.item.issues.join('; ')}`,
		);
	}
	if (eventType !== undefined) expect(result.eventType).toBe(eventType);
	expect(result.item.eventType).toBe(result.eventType);
	return result.item as T;
}

export function otherItem(body: unknown): OtherItem {
	const result = classify(body);
	if (result.kind !== 'other') throw new Error(`expected Other, got event ${result.eventType}`);
	return result.item;
}

/** Sets (or, with `undefined`, deletes) the value at a dotted path, e.g. "payload.status.state". */
export function setPath(
	body: Record<string, unknown>,
	path: string,
	value: unknown,
): Record<string, unknown> {
	const keys = path.split('.');
	let target = body as Record<string, unknown>;
	for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
	const last = keys[keys.length - 1];
	if (value !== undefined) target[last] = value;
	else if (Array.isArray(target)) target.splice(Number(last), 1);
	else delete target[last];
	return body;
}

/** Every path in a JSON value ("a", "a.b", "a.list.0"...), parents before children. */
export function allPaths(value: unknown, prefix = ''): string[] {
	if (typeof value !== 'object' || value === null) return [];
	const paths: string[] = [];
	for (const key of Object.keys(value)) {
		const path = prefix === '' ? key : `${prefix}.${key}`;
		paths.push(path, ...allPaths((value as Record<string, unknown>)[key], path));
	}
	return paths;
}
