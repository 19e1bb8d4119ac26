/**
 * fast-check arbitraries for fuzzing the 8x8 WhatsApp Trigger: the fixture payloads mutated (fields
 * removed, retyped, oversized, unicode, deeply nested, eventType swapped), bodies that are not
 * objects, and random trigger settings.
 */
import fc from 'fast-check';

import {
	DELIVERY_STAGES,
	DELIVERY_STATES,
	EVENT_TYPES,
	INBOUND_MESSAGE_TYPES,
} from '../../../nodes/shared/events';
import { FIXTURES } from '../../fixtures/events';

export const FIXTURE_NAMES: readonly string[] = Object.keys(FIXTURES).sort();

/** A deep copy of a JSON value (what n8n hands the trigger is a fresh JSON.parse every call). */
export function cloneJson<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

type Container = Record<string, unknown> | unknown[];
type Path = Array<string | number>;

function isContainer(value: unknown): value is Container {
	return typeof value === 'object' && value !== null;
}

/** Every path in a value, the root ([]) first. */
export function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
	out.push(prefix);
	if (Array.isArray(value)) {
		value.forEach((child, index) => allPaths(child, [...prefix, index], out));
	} else if (isContainer(value)) {
		for (const [key, child] of Object.entries(value)) allPaths(child, [...prefix, key], out);
	}
	return out;
}

function getAt(root: unknown, path: Path): unknown {
	let current = root;
	for (const key of path) {
		if (!isContainer(current)) return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

/** Replaces the value at a non-root path (own property, so "__proto__" stays data). */
function setAt(root: unknown, path: Path, value: unknown): void {
	const parent = getAt(root, path.slice(0, -1));
	if (!isContainer(parent)) return;
	Object.defineProperty(parent, path[path.length - 1], {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

function removeAt(root: unknown, path: Path): void {
	const parent = getAt(root, path.slice(0, -1));
	const key = path[path.length - 1];
	if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
	else if (isContainer(parent)) delete (parent as Record<string, unknown>)[key as string];
}

// ---------------------------------------------------------------------------------------------
// Leaf values

/** Lowercase hex digits, e.g. for generated secrets. */
export const hexString = (length: number): fc.Arbitrary<string> =>
	fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Lone (unpaired) UTF-16 surrogates: 'binary' never produces them. */
const loneSurrogate = fc
	.integer({ min: 0xd800, max: 0xdfff })
	.map((code) => String.fromCharCode(code));

const SPECIAL_UNITS = [
	'\u202e', // right-to-left override
	'\u200f', // right-to-left mark
	'\u200b', // zero-width space
	'\ufeff', // byte order mark
	'\u0000',
	'\n',
	'"',
	'\\',
	'\u05e9\u05dc\u05d5\u05dd', // Hebrew
	'\u0645\u0631\u062d\u0628\u0627', // Arabic
	'\u{1f600}', // emoji
	'\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', // ZWJ family
	'\u{1f1f8}\u{1f1ec}', // flag
	'e\u0301', // combining accent
	'\u{10ffff}',
];

/** One unit of a "hostile" unicode string. */
export const unicodeUnit: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
	{ arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
	{ arbitrary: fc.constantFrom(...SPECIAL_UNITS), weight: 3 },
	{ arbitrary: loneSurrogate, weight: 2 },
);

export const unicodeString: fc.Arbitrary<string> = fc.string({ unit: unicodeUnit, maxLength: 40 });

/** 100 kB to 160 kB: a short (possibly unicode) pattern repeated. */
export const oversizedString: fc.Arbitrary<string> = fc
	.tuple(
		fc.oneof(fc.string({ unit: unicodeUnit, minLength: 1, maxLength: 6 }), fc.constant('x')),
		fc.integer({ min: 100_000, max: 160_000 }),
	)
	.map(([pattern, length]) => pattern.repeat(Math.ceil(length / pattern.length)));

/** Numbers JSON.parse can produce, including -0 and ±Infinity ("1e309"). */
const jsonNumber: fc.Arbitrary<number> = fc.oneof(
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.constantFrom(0, -0, 1, 2, 3, 8, 9, 1e21, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity),
);

/** A nest of `depth` containers (objects and arrays alternating at random) around a leaf. */
export function nest(depth: number, leaf: unknown, shape: number): unknown {
	let value = leaf;
	for (let level = 0; level < depth; level++) {
		value = ((shape >> level % 30) & 1) === 1 ? [value] : { nested: value };
	}
	return value;
}

export const deepValue: fc.Arbitrary<unknown> = fc
	.tuple(
		fc.integer({ min: 150, max: 260 }),
		fc.nat(),
		fc.oneof(fc.string(), jsonNumber, fc.constant(null)),
	)
	.map(([depth, shape, leaf]) => nest(depth, leaf, shape));

/** Short strings that look like the values 8x8 sends, in every case. */
const lookalikeString: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(
		...INBOUND_MESSAGE_TYPES,
		...DELIVERY_STATES,
		'Text',
		'Image',
		'File',
		'Interactive',
		'DELIVERED',
		'Undelivered',
		'delivered_to_operator',
		'delivered_to_recipient',
		'rejected_by_operator',
		'nfmReply',
		'buttonReply',
		'callPermissionReply',
		'',
		' ',
		'null',
		'undefined',
		'{}',
		'[]',
		'__proto__',
	),
	fc.mixedCase(fc.constantFrom(...INBOUND_MESSAGE_TYPES, ...DELIVERY_STATES)),
);

/** Any value, of any JSON type. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: fc.string(), weight: 3 },
	{ arbitrary: unicodeString, weight: 3 },
	{ arbitrary: lookalikeString, weight: 3 },
	{ arbitrary: jsonNumber, weight: 3 },
	{ arbitrary: fc.boolean(), weight: 1 },
	{ arbitrary: fc.constant(null), weight: 2 },
	{ arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
	{ arbitrary: fc.constant([]), weight: 1 },
	{ arbitrary: fc.constant({}), weight: 1 },
);

/** A value of a different JSON type than `original` (string↔number↔null↔array↔object↔boolean). */
function retyped(original: unknown, choice: number, fresh: unknown): unknown {
	const options: unknown[] = [
		typeof original === 'string'
			? Number.isNaN(Number(original))
				? 0
				: Number(original)
			: (JSON.stringify(original) ?? 'undefined'),
		null,
		[original],
		{ value: original },
		typeof original === 'boolean' ? !original : true,
		typeof original === 'number' ? String(original) : 42,
		fresh,
	];
	return options[choice % options.length];
}

// ---------------------------------------------------------------------------------------------
// Mutations of a payload

const PROTOTYPE_KEYS = [
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'then',
	'valueOf',
	'length',
];

const eventTypeValue: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: fc.constantFrom(...EVENT_TYPES), weight: 4 },
	{ arbitrary: fc.mixedCase(fc.constantFrom(...EVENT_TYPES)), weight: 2 },
	{
		arbitrary: fc.constantFrom(
			'whatsapp_something_new',
			'user_preferences',
			'inbound_message_received ',
			' account_update',
			'MSG',
			'CADR',
			'CABM',
			'',
			'__proto__',
			'constructor',
			'toString',
			'hasOwnProperty',
		),
		weight: 3,
	},
	{ arbitrary: fc.string(), weight: 1 },
	{ arbitrary: unicodeString, weight: 1 },
	{ arbitrary: anyJsonValue, weight: 2 },
);

export type Mutation =
	| { op: 'remove'; at: number }
	| { op: 'retype'; at: number; choice: number; fresh: unknown }
	| { op: 'oversize'; at: number; value: string }
	| { op: 'unicode'; at: number; value: string }
	| { op: 'nest'; at: number; value: unknown }
	| { op: 'eventType'; value: unknown }
	| { op: 'dropEventType' }
	| { op: 'addKey'; at: number; key: string; value: unknown }
	| { op: 'graft'; at: number; from: string; fromAt: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{ arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }), weight: 5 },
	{
		arbitrary: fc.record({
			op: fc.constant('retype' as const),
			at: fc.nat(),
			choice: fc.nat(),
			fresh: anyJsonValue,
		}),
		weight: 6,
	},
	{
		arbitrary: fc.record({
			op: fc.constant('oversize' as const),
			at: fc.nat(),
			value: oversizedString,
		}),
		weight: 1,
	},
	{
		arbitrary: fc.record({
			op: fc.constant('unicode' as const),
			at: fc.nat(),
			value: unicodeString,
		}),
		weight: 3,
	},
	{
		arbitrary: fc.record({ op: fc.constant('nest' as const), at: fc.nat(), value: deepValue }),
		weight: 1,
	},
	{
		arbitrary: fc.record({ op: fc.constant('eventType' as const), value: eventTypeValue }),
		weight: 3,
	},
	{ arbitrary: fc.record({ op: fc.constant('dropEventType' as const) }), weight: 1 },
	{
		arbitrary: fc.record({
			op: fc.constant('addKey' as const),
			at: fc.nat(),
			key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string(), unicodeString),
			value: anyJsonValue,
		}),
		weight: 2,
	},
	{
		arbitrary: fc.record({
			op: fc.constant('graft' as const),
			at: fc.nat(),
			from: fc.constantFrom(...FIXTURE_NAMES),
			fromAt: fc.nat(),
		}),
		weight: 2,
	},
);

/** Applies one mutation in place; returns the (possibly replaced) root. */
export function applyMutation(root: unknown, m: Mutation): unknown {
	if (m.op === 'eventType' || m.op === 'dropEventType') {
		if (!isContainer(root) || Array.isArray(root)) return root;
		if (m.op === 'dropEventType') delete root.eventType;
		else root.eventType = m.value;
		return root;
	}
	const paths = allPaths(root);
	const path = paths[m.at % paths.length];
	const current = getAt(root, path);
	let replacement: unknown;
	switch (m.op) {
		case 'remove':
			if (path.length === 0) return root;
			removeAt(root, path);
			return root;
		case 'retype':
			replacement = retyped(current, m.choice, m.fresh);
			break;
		case 'oversize':
			replacement = m.value;
			break;
		case 'unicode':
			replacement = typeof current === 'string' ? current + m.value : m.value;
			break;
		case 'nest':
			replacement = m.value;
			break;
		case 'addKey': {
			const objects = paths.filter((p) => {
				const value = getAt(root, p);
				return isContainer(value) && !Array.isArray(value);
			});
			if (objects.length === 0) return root;
			const target = objects[m.at % objects.length];
			setAt(root, [...target, m.key], m.value);
			return root;
		}
		case 'graft': {
			const donor = cloneJson(FIXTURES[m.from]);
			const donorPaths = allPaths(donor);
			replacement = getAt(donor, donorPaths[m.fromAt % donorPaths.length]);
			break;
		}
	}
	if (path.length === 0) return replacement;
	setAt(root, path, replacement);
	return root;
}

export interface GeneratedBody {
	/** How the body was made, for failure messages. */
	origin: string;
	body: unknown;
}

/**
 * Mutations that often keep a payload valid (so it still reaches its typed output, with strange
 * content): unicode appended to a string, a string made 100 kB+, an extra key, a field removed.
 */
export type GentleMutation =
	| { op: 'appendUnicode'; at: number; value: string }
	| { op: 'oversizeString'; at: number; value: string }
	| { op: 'addKey'; at: number; key: string; value: unknown }
	| { op: 'remove'; at: number };

export const gentleMutation: fc.Arbitrary<GentleMutation> = fc.oneof(
	{
		arbitrary: fc.record({
			op: fc.constant('appendUnicode' as const),
			at: fc.nat(),
			value: unicodeString,
		}),
		weight: 8,
	},
	{
		arbitrary: fc.record({
			op: fc.constant('oversizeString' as const),
			at: fc.nat(),
			value: oversizedString,
		}),
		weight: 1,
	},
	{
		arbitrary: fc.record({
			op: fc.constant('addKey' as const),
			at: fc.nat(),
			key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), unicodeString),
			value: fc.oneof(anyJsonValue, deepValue),
		}),
		weight: 4,
	},
	{ arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }), weight: 3 },
);

export function applyGentleMutation(root: unknown, m: GentleMutation): unknown {
	if (m.op === 'addKey' || m.op === 'remove') return applyMutation(root, m);
	const strings = allPaths(root).filter(
		(path) => path.length > 0 && typeof getAt(root, path) === 'string',
	);
	if (strings.length === 0) return root;
	const path = strings[m.at % strings.length];
	setAt(
		root,
		path,
		m.op === 'appendUnicode' ? `${getAt(root, path) as string}${m.value}` : m.value,
	);
	return root;
}

/** A fixture with 1 to 3 gentle mutations. */
export const gentlyMutatedFixture: fc.Arbitrary<GeneratedBody> = fc
	.tuple(
		fc.constantFrom(...FIXTURE_NAMES),
		fc.array(gentleMutation, { minLength: 1, maxLength: 3 }),
	)
	.map(([name, mutations]) => {
		let body: unknown = cloneJson(FIXTURES[name]);
		for (const m of mutations) body = applyGentleMutation(body, m);
		return { origin: `gently mutated ${name}: ${mutations.map((m) => m.op).join(', ')}`, body };
	});

/** A fixture with 1 to 4 mutations (a fresh copy per run). */
export const mutatedFixture: fc.Arbitrary<GeneratedBody> = fc
	.tuple(fc.constantFrom(...FIXTURE_NAMES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
	.map(([name, mutations]) => {
		let body: unknown = cloneJson(FIXTURES[name]);
		for (const m of mutations) body = applyMutation(body, m);
		return { origin: `mutated ${name}: ${mutations.map((m) => m.op).join(', ')}`, body };
	});

export const pristineFixture: fc.Arbitrary<GeneratedBody> = fc
	.constantFrom(...FIXTURE_NAMES)
	.map((name) => ({ origin: `fixture ${name}`, body: cloneJson(FIXTURES[name]) }));

/** Bodies that are not a JSON object: arrays, strings, numbers, null, booleans, nothing. */
export const nonObjectBody: fc.Arbitrary<GeneratedBody> = fc
	.oneof(
		fc.constantFrom(...FIXTURE_NAMES).map((name) => [cloneJson(FIXTURES[name])]),
		fc.constantFrom(...FIXTURE_NAMES).map((name) => JSON.stringify(FIXTURES[name])),
		fc.array(anyJsonValue, { maxLength: 5 }),
		fc.string(),
		unicodeString,
		oversizedString,
		jsonNumber,
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
		deepValue.map((value) => [value]),
	)
	.map((body) => ({ origin: `non-object ${Array.isArray(body) ? 'array' : typeof body}`, body }));

/** Arbitrary JSON objects, with and without a (known, unknown or mistyped) eventType. */
export const randomObjectBody: fc.Arbitrary<GeneratedBody> = fc
	.tuple(
		fc.dictionary(
			fc.oneof(fc.string(), unicodeString, fc.constantFrom(...PROTOTYPE_KEYS)),
			anyJsonValue,
			{
				maxKeys: 6,
			},
		),
		fc.option(eventTypeValue, { nil: undefined }),
		fc.option(fc.dictionary(fc.string(), anyJsonValue, { maxKeys: 4 }), { nil: undefined }),
	)
	.map(([base, eventType, payload]) => {
		const body: Record<string, unknown> = cloneJson(base);
		if (eventType !== undefined) body.eventType = eventType;
		if (payload !== undefined) body.payload = cloneJson(payload);
		return { origin: 'random object', body };
	});

/** The body mix the fuzz tests send. */
export const anyBody: fc.Arbitrary<GeneratedBody> = fc.oneof(
	{ arbitrary: mutatedFixture, weight: 9 },
	{ arbitrary: gentlyMutatedFixture, weight: 5 },
	{ arbitrary: pristineFixture, weight: 1 },
	{ arbitrary: nonObjectBody, weight: 2 },
	{ arbitrary: randomObjectBody, weight: 3 },
);

// ---------------------------------------------------------------------------------------------
// Trigger settings

export interface TriggerParams {
	/** Absent = n8n dropped the default (every event). */
	events?: string[];
	options: {
		messageTypes?: string[];
		statusStates?: string[];
		includeRaw?: boolean;
		includeHeaders?: boolean;
	};
}

export const allEventsParams: fc.Arbitrary<TriggerParams> = fc.oneof(
	fc.constant<TriggerParams>({ options: {} }),
	fc.constant<TriggerParams>({ events: [...EVENT_TYPES], options: {} }),
	fc
		.tuple(fc.boolean(), fc.boolean())
		.map(([includeRaw, includeHeaders]) => ({
			events: [...EVENT_TYPES].reverse(),
			options: { includeRaw, includeHeaders },
		})),
);

/** Random subsets (in random order: the outputs must not depend on it) and random filters. */
export const randomParams: fc.Arbitrary<TriggerParams> = fc.record(
	{
		events: fc.shuffledSubarray([...EVENT_TYPES]),
		options: fc.record(
			{
				messageTypes: fc.shuffledSubarray([...INBOUND_MESSAGE_TYPES, 'sticker', 'unsupported']),
				statusStates: fc.shuffledSubarray([...DELIVERY_STAGES, 'failed']),
				includeRaw: fc.boolean(),
				includeHeaders: fc.boolean(),
			},
			{ requiredKeys: [] },
		),
	},
	{ requiredKeys: ['options'] },
);

/** Request headers other than Authorization (names in any case, as a proxy might send them). */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
	fc.constantFrom(
		'Content-Type',
		'content-type',
		'X-Request-Id',
		'User-Agent',
		'x-8x8-signature',
		'Proxy-Authorization',
	),
	fc.oneof(fc.string(), unicodeString),
	{ maxKeys: 3 },
);

/** A fixture (sometimes also mutated) whose eventType is swapped for a known, unknown or mistyped one. */
export const eventTypeValueBody: fc.Arbitrary<GeneratedBody> = fc
	.tuple(fc.constantFrom(...FIXTURE_NAMES), eventTypeValue, fc.array(mutation, { maxLength: 2 }))
	.map(([name, eventType, mutations]) => {
		let body: unknown = cloneJson(FIXTURES[name]);
		for (const m of mutations) body = applyMutation(body, m);
		if (isContainer(body) && !Array.isArray(body)) body.eventType = eventType;
		return { origin: `${name} with eventType ${JSON.stringify(eventType)?.slice(0, 80)}`, body };
	});
