import {
	EVENT_OUTPUT_NAMES,
	EVENT_TYPES,
	isKnownEventType,
	MAX_OUTPUT_LABEL_LENGTH,
	OTHER_OUTPUT_NAME,
	normalizeEvent,
	type ClassifiedEvent,
} from '../../../../nodes/shared/events';
import { allPaths, classify, FIXTURES, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('routing', () => {
	it('every event type has a handler and an output name', () => {
		for (const eventType of EVENT_TYPES) {
			expect(isKnownEventType(eventType)).toBe(true);
			expect(EVENT_OUTPUT_NAMES[eventType]).toEqual(expect.any(String));
		}
		expect(Object.keys(EVENT_OUTPUT_NAMES)).toEqual([...EVENT_TYPES]);
		expect(isKnownEventType('toString')).toBe(false);
		// aliases reach a typed output but are not event types of their own (the item says whatsapp_…)
		expect(isKnownEventType('user_preferences')).toBe(false);
	});

	it('output labels fit the canvas (at most 12 characters) and differ in what the canvas shows', () => {
		const labels = [...EVENT_TYPES.map((eventType) => EVENT_OUTPUT_NAMES[eventType]), OTHER_OUTPUT_NAME];
		for (const label of labels) {
			expect(label.length).toBeLessThanOrEqual(MAX_OUTPUT_LABEL_LENGTH);
		}
		// Even a canvas that cuts two characters earlier (about 10) keeps them apart.
		expect(new Set(labels.map((label) => label.slice(0, 10).toLowerCase())).size).toBe(labels.length);
		// The first word alone tells them apart, except for the "Tpl " family, whose second word does.
		const keys = labels.map((label) => (label.startsWith('Tpl ') ? label : label.split(' ')[0]));
		expect(new Set(keys).size).toBe(labels.length);
	});

	it.each([
		[
			'docs-template-correct-category-detection',
			'template_something_new',
			'0f88f5c4-fae7-4dcf-8ff2-b2990133edea',
		],
		['docs-receipt-v9-external-app-message', 'external_app_something', '<UNIQUE_MESSAGE_ID>'],
		['docs-bsuid-user-preferences', 'whatsapp_something_new', '9917fd42-0cec-46e4-ae12-b48000ec5d95'],
	])('%s as a new event type %s → Other, unknown_event_type', (name, eventType, dedupeKey) => {
		const body = setPath(fixture(name), 'eventType', eventType);
		const other = otherItem(body);
		expect(other).toEqual({
			eventType,
			dedupeKey: expect.stringMatching(new RegExp(`^${escapeRegExp(dedupeKey)}:[0-9a-f]{16}$`)),
			receivedAt: RECEIVED_AT,
			reason: 'unknown_event_type',
			issues: [],
			body,
		});
	});

	it.each([
		'something_new',
		'INBOUND_MESSAGE_RECEIVED',
		'constructor',
		'__proto__',
		'toString',
		' account_update',
	])('eventType %j is unknown', (eventType) => {
		const body = setPath(fixture('docs-account-violation'), 'eventType', eventType);
		const other = otherItem(body);
		expect(other.reason).toBe('unknown_event_type');
		expect(other.eventType).toBe(eventType);
	});

	it.each([
		undefined,
		null,
		42,
		true,
		'',
		{ type: 'inbound_message_received' },
		['account_update'],
	])('eventType %j is missing', (eventType) => {
		const other = otherItem(setPath(fixture('seed001-inbound-text'), 'eventType', eventType));
		expect(other.reason).toBe('missing_event_type');
		expect(other.eventType).toBe('');
		expect(other.issues).toEqual([]);
		expect(other.dedupeKey).toMatch(/^<UNIQUE_MESSAGE_ID>:[0-9a-f]{16}$/);
	});

	it('Other without an eventId or umid: sha256 of the body, stable across retries', () => {
		const text = JSON.stringify(FIXTURES['seed000-api-error-response']);
		const first = otherItem(JSON.parse(text));
		const retry = normalizeEvent(JSON.parse(text) as Record<string, unknown>, 'later');
		expect(first.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
		expect(retry.item.dedupeKey).toBe(first.dedupeKey);
		const changed = otherItem(setPath(JSON.parse(text) as Record<string, unknown>, 'code', 1006));
		expect(changed.dedupeKey).not.toBe(first.dedupeKey);
	});

	it('Other keeps the very body it received', () => {
		const body = fixture('seed004-not-8x8-meta-send-request');
		expect(otherItem(body).body).toBe(body);
	});
});

describe('never throws', () => {
	const circular: Record<string, unknown> = { eventType: 'inbound_message_received' };
	circular.payload = circular;
	const deep: Record<string, unknown> = {};
	let cursor = deep;
	for (let i = 0; i < 100_000; i++) {
		const next: Record<string, unknown> = {};
		cursor.next = next;
		cursor = next;
	}
	const throwingGetter = Object.defineProperty({}, 'eventType', {
		enumerable: true,
		get() {
			throw new Error('getter');
		},
	});
	const hostileProxy = new Proxy(
		{},
		{
			get() {
				throw new Error('trap');
			},
			ownKeys() {
				throw new Error('trap');
			},
		},
	);
	const huge = 'x'.repeat(5_000_000);

	const junk: Array<[string, unknown]> = [
		['empty object', {}],
		['array', []],
		['null', null],
		['undefined', undefined],
		['string', 'inbound_message_received'],
		['number', 42],
		['circular, no handler match', { ...circular, eventType: 'nope' }],
		['circular payload', circular],
		['100k-deep nesting', { eventType: 'nope', deep }],
		['deep nesting in a valid event', { ...fixture('seed001-inbound-text'), deep }],
		['throwing getter', throwingGetter],
		['hostile proxy', hostileProxy],
		['BigInt', { eventType: 'nope', n: BigInt(1) }],
		['huge umid', setPath(fixture('seed001-inbound-text'), 'payload.umid', huge)],
		['huge eventType', { eventType: huge }],
		[
			'Date where an object is expected',
			setPath(fixture('seed001-inbound-text'), 'payload', new Date(0)),
		],
		[
			'Infinity',
			setPath(fixture('docs-receipt-v8-undelivered'), 'payload.status.errorCode', Infinity),
		],
	];

	it.each(junk)('%s', (_label, body) => {
		let result: ClassifiedEvent | undefined;
		expect(() => {
			result = classify(body);
		}).not.toThrow();
		expect(result?.item.receivedAt).toBe(RECEIVED_AT);
		expect(typeof result?.item.dedupeKey).toBe('string');
		if (result?.kind === 'other') {
			expect(Array.isArray(result.item.issues)).toBe(true);
			expect(typeof result.item.body).toBe('object');
		}
	});

	it('the huge umid is still a valid event', () => {
		expect(classify(setPath(fixture('seed001-inbound-text'), 'payload.umid', huge)).kind).toBe(
			'event',
		);
	});

	const replacements: unknown[] = [null, [], {}, '', 'x', 0, -1.5, true, [{ a: [] }], { umid: {} }];

	it.each(Object.keys(FIXTURES))('%s: any value at any path', (name) => {
		for (const path of allPaths(FIXTURES[name])) {
			for (const value of replacements) {
				const result = classify(setPath(fixture(name), path, value));
				expect(['event', 'other']).toContain(result.kind);
				if (result.kind === 'other' && result.item.reason === 'schema_mismatch') {
					expect(result.item.issues.length).toBeGreaterThan(0);
				}
			}
		}
	});
});

describe('output labels of the events added with issue 11', () => {
	const added = [
		'whatsapp_contact',
		'external_app_message',
		'template_correct_category_detection',
		'whatsapp_preference',
		'whatsapp_user_id_update',
	] as const;
	const head = (label: string) => label.slice(0, 10).toLowerCase();

	it('are short and differ within their first 10 characters from every other label', () => {
		for (const eventType of added) {
			const label = EVENT_OUTPUT_NAMES[eventType];
			expect(label.length).toBeLessThanOrEqual(12);
			const others = Object.entries(EVENT_OUTPUT_NAMES)
				.filter(([other]) => other !== eventType)
				.map(([, name]) => head(name));
			expect({ label, clash: others.includes(head(label)) }).toEqual({ label, clash: false });
			expect(head(label).startsWith('template')).toBe(false);
			expect(head(label).startsWith('phone')).toBe(false);
			expect(head(label).startsWith('account')).toBe(false);
		}
	});
});
