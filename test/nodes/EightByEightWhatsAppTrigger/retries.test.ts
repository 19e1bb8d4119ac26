/**
 * Retried deliveries (issue 7, reliability). 8x8 retries a webhook it got no 2xx for after 1, 10,
 * 30 and 90 seconds with the byte-identical body, so the trigger can emit the same event several
 * times; `dedupeKey` is what a workflow feeds to Remove Duplicates. It must be the same for every
 * delivery of one event and differ between events (another state of the same message, another
 * eventId, another message).
 */
import fc from 'fast-check';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookResponseData,
} from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { DELIVERY_STATES, EVENT_TYPES, normalizeEvent } from '../../../nodes/shared/events';
import { FIXTURES, fixture } from '../../fixtures/events';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import { anyBody, FIXTURE_NAMES } from './arbitraries';

const trigger = new EightByEightWhatsAppTrigger();
const defaults = { ...parameterDefaults(trigger.description.properties), events: [...EVENT_TYPES] };
const SEED = 0x90;
const FIRST_SENT = Date.parse('2026-07-03T04:05:06.000Z');
/** When 8x8 delivers: its retry schedule, in seconds after the event. */
const DELIVERY_OFFSETS_S = [1, 10, 30, 90];
const SECRET = 'Bearer retry-secret-0123456789abcdef';

function credentials(webhookSecret = ''): Record<string, ICredentialDataDecryptedObject> {
	return {
		eightByEightApi: {
			apiKey: 'test-api-key',
			subAccountId: 'Acme_WA',
			accountId: '',
			channelId: '',
			region: 'apac',
			baseUrl: '',
			webhookSecret,
		},
	};
}

interface Delivery {
	status: number | undefined;
	answer: unknown;
	result: IWebhookResponseData;
	/** The one emitted item, if any. */
	item?: IDataObject;
	outputIndex?: number;
}

/** One delivery: the body parsed afresh from the same bytes, like n8n does for every request. */
async function deliver(
	rawBody: string | undefined,
	options: { secret?: string; params?: IDataObject } = {},
): Promise<Delivery> {
	const harness = makeWebhookContext({
		defaults,
		params: options.params ?? {},
		credentials: credentials(options.secret ?? ''),
		body: rawBody === undefined ? undefined : (JSON.parse(rawBody) as unknown),
		headers: {
			'content-type': 'application/json',
			'user-agent': '8x8-webhooks',
			...(options.secret === undefined ? {} : { authorization: options.secret }),
		},
	});
	const { result, outputs, response } = await playCall(trigger, harness);
	const filled = (outputs ?? [])
		.map((items, index) => ({ items, index }))
		.filter(({ items }) => items.length > 0);
	const delivery: Delivery = {
		status: response.statusCode,
		answer: response.body,
		result,
	};
	if (filled.length === 1 && filled[0].items.length === 1) {
		delivery.item = filled[0].items[0].json;
		delivery.outputIndex = filled[0].index;
	}
	return delivery;
}

/** The original delivery and the retries, at the times 8x8 sends them. */
async function deliverWithRetries(
	rawBody: string | undefined,
	options: { secret?: string; params?: IDataObject } = {},
): Promise<Delivery[]> {
	const deliveries: Delivery[] = [];
	for (const offset of DELIVERY_OFFSETS_S) {
		jest.setSystemTime(FIRST_SENT + offset * 1000);
		deliveries.push(await deliver(rawBody, options));
	}
	return deliveries;
}

/** The item without what differs by design between deliveries: receivedAt, and a timestamp that fell back to it. */
function withoutReceivedAt(item: IDataObject | undefined): IDataObject {
	const rest = { ...item };
	if (rest.timestamp !== undefined && rest.timestamp === rest.receivedAt) delete rest.timestamp;
	delete rest.receivedAt;
	return rest;
}

const OUTPUT = {
	inbound: EVENT_TYPES.indexOf('inbound_message_received'),
	delivery: EVENT_TYPES.indexOf('outbound_message_status_changed'),
	other: EVENT_TYPES.length,
};

function keyOf(body: unknown): string {
	return normalizeEvent(body as Record<string, unknown>, '2026-01-01T00:00:00.000Z').item.dedupeKey;
}

beforeAll(() => {
	jest.useFakeTimers({ now: FIRST_SENT });
});

afterAll(() => {
	jest.useRealTimers();
});

describe('a retried delivery gets the same dedupeKey', () => {
	const settings: Array<[string, { secret?: string; params?: IDataObject }]> = [
		['all events, no secret', {}],
		[
			'with a webhook secret and the raw body and headers included',
			{
				secret: SECRET,
				params: { options: { includeRaw: true, includeHeaders: true } },
			},
		],
	];

	describe.each(settings)('%s', (_name, options) => {
		it.each(FIXTURE_NAMES.map((name) => [name]))(
			'%s posted 4 times: 4 items, one dedupeKey',
			async (name) => {
				const rawBody = JSON.stringify(FIXTURES[name]);
				const deliveries = await deliverWithRetries(rawBody, options);

				expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200]);
				const items = deliveries.map((delivery) => delivery.item);
				expect(items.every((item) => item !== undefined)).toBe(true);
				expect(new Set(deliveries.map((delivery) => delivery.outputIndex)).size).toBe(1);

				const keys = items.map((item) => item?.dedupeKey);
				expect(typeof keys[0]).toBe('string');
				expect((keys[0] as string).length).toBeGreaterThan(0);
				expect(keys).toEqual([keys[0], keys[0], keys[0], keys[0]]);

				// receivedAt is when each delivery arrived; everything else is the same event.
				expect(items.map((item) => item?.receivedAt)).toEqual(
					DELIVERY_OFFSETS_S.map((offset) => new Date(FIRST_SENT + offset * 1000).toISOString()),
				);
				for (const item of items.slice(1))
					expect(withoutReceivedAt(item)).toEqual(withoutReceivedAt(items[0]));
			},
		);
	});

	it('for any payload, fuzzed (fast-check): every delivery of the same bytes is answered and keyed alike', async () => {
		let emitted = 0;
		await fc.assert(
			fc.asyncProperty(anyBody, async ({ body }) => {
				const rawBody = JSON.stringify(body);
				const deliveries = await deliverWithRetries(rawBody);
				const first = deliveries[0];
				for (const delivery of deliveries.slice(1)) {
					expect(delivery.status).toBe(first.status);
					expect(delivery.answer).toEqual(first.answer);
					expect(delivery.outputIndex).toBe(first.outputIndex);
					expect(delivery.item?.dedupeKey).toBe(first.item?.dedupeKey);
					expect(withoutReceivedAt(delivery.item)).toEqual(withoutReceivedAt(first.item));
				}
				if (first.item !== undefined) emitted += 1;
			}),
			{ seed: SEED, numRuns: 400 },
		);
		// Most generated payloads are objects, so most of the 400 were emitted and compared.
		expect(emitted).toBeGreaterThan(250);
	});
});

describe('different events get different dedupeKeys', () => {
	const receiptNames = FIXTURE_NAMES.filter(
		(name) => FIXTURES[name].eventType === 'outbound_message_status_changed',
	);
	const businessNames = FIXTURE_NAMES.filter(
		(name) =>
			typeof FIXTURES[name].eventId === 'string' &&
			keyOf(FIXTURES[name]) === FIXTURES[name].eventId,
	);

	it('has receipts and business events to vary', () => {
		expect(receiptNames.length).toBeGreaterThanOrEqual(10);
		expect(businessNames.length).toBeGreaterThanOrEqual(20);
	});

	it.each(receiptNames.map((name) => [name]))(
		'%s: every state and detail of the same umid is its own event',
		async (name) => {
			const variants: Array<[string, string | undefined]> = [];
			for (const state of DELIVERY_STATES) variants.push([state, undefined]);
			variants.push(
				['delivered', 'delivered_to_operator'],
				['delivered', 'delivered_to_recipient'],
			);
			variants.push(['undelivered', 'rejected_by_operator'], ['undelivered', 'expired']);

			const keys: string[] = [];
			for (const [state, detail] of variants) {
				const body = fixture(name);
				const status = (body.payload as IDataObject).status as IDataObject;
				status.state = state;
				if (detail === undefined) delete status.detail;
				else status.detail = detail;
				const { item, outputIndex } = await deliver(JSON.stringify(body));
				expect(outputIndex).toBe(OUTPUT.delivery);
				expect(item?.umid).toBe((FIXTURES[name].payload as IDataObject).umid);
				keys.push(item?.dedupeKey as string);
			}
			expect(new Set(keys).size).toBe(variants.length);
		},
	);

	it.each(businessNames.map((name) => [name]))(
		'%s: another eventId is another event',
		async (name) => {
			const keys = new Set<string>();
			for (const eventId of [
				'0f88f5c4-0000-4000-8000-000000000001',
				'0f88f5c4-0000-4000-8000-000000000002',
				'x',
			]) {
				const body = { ...fixture(name), eventId };
				const { item } = await deliver(JSON.stringify(body));
				keys.add(item?.dedupeKey as string);
			}
			expect(keys.size).toBe(3);
		},
	);

	it('another umid is another inbound message', async () => {
		const keys = new Set<string>();
		for (const umid of [
			'a7c3e5f0-0000-4000-8000-000000000001',
			'a7c3e5f0-0000-4000-8000-000000000002',
		]) {
			const body = fixture('seed001-inbound-text');
			(body.payload as IDataObject).umid = umid;
			const { item, outputIndex } = await deliver(JSON.stringify(body));
			expect(outputIndex).toBe(OUTPUT.inbound);
			keys.add(item?.dedupeKey as string);
		}
		expect(keys.size).toBe(2);
	});

	it('bodies without any id that differ are different events', async () => {
		const keys = new Set<string>();
		for (const body of [
			{ hello: 'world' },
			{ hello: 'world!' },
			{ hello: 'world', n: 1 },
			{ eventType: 'something_new' },
		]) {
			const { item, outputIndex } = await deliver(JSON.stringify(body));
			expect(outputIndex).toBe(OUTPUT.other);
			keys.add(item?.dedupeKey as string);
		}
		expect(keys.size).toBe(4);
	});

	// Regression: Other items were once keyed by payload.umid alone, so receipts of one message that
	// land on Other (schema_mismatch, or a new receipt eventType) shared one key across states.
	it(
		'receipts on Other in different states of the same umid get different keys',
		async () => {
			const keys: string[] = [];
			for (const state of ['sent', 'delivered', 'read']) {
				const body = fixture('seed001-receipt-read');
				const status = (body.payload as IDataObject).status as IDataObject;
				status.state = state;
				status.errorCode = { unexpected: 'object' }; // schema_mismatch: the item goes to Other
				const { item, outputIndex } = await deliver(JSON.stringify(body));
				expect(outputIndex).toBe(OUTPUT.other);
				expect(item?.reason).toBe('schema_mismatch');
				keys.push(item?.dedupeKey as string);
			}
			expect(new Set(keys).size).toBe(3);
		},
	);

	// Regression: an id-less body too deep for JSON.stringify (about 10,000 levels; JSON.parse accepts
	// it) was once hashed as "[object Object]", so all such bodies shared one dedupeKey.
	it(
		'distinct id-less bodies nested 10,000 levels deep get different keys',
		async () => {
			const keys = new Set<string>();
			for (const leaf of ['one', 'two']) {
				let deep: unknown = leaf;
				for (let level = 0; level < 10_000; level++) deep = [deep];
				const harness = makeWebhookContext({
					defaults,
					body: { deep },
					credentials: credentials(),
				});
				const { outputs } = await playCall(trigger, harness);
				keys.add((outputs ?? []).flat()[0]?.json.dedupeKey as string);
			}
			expect(keys.size).toBe(2);
		},
	);
});

describe('across all fixtures', () => {
	/** Each fixture as a distinct real event: the published samples reuse placeholder IDs. */
	function asDistinctEvent(name: string, index: number): Record<string, unknown> {
		const body = fixture(name);
		if (typeof body.eventId === 'string') body.eventId = `evt-${index}-${name}`;
		const payload = body.payload as IDataObject | undefined;
		if (payload !== undefined && typeof payload === 'object' && typeof payload.umid === 'string') {
			payload.umid = `umid-${index}-${name}`;
		}
		return body;
	}

	it('every fixture, made a distinct event, gets its own dedupeKey through webhook()', async () => {
		const keys = new Map<string, string>();
		for (const [index, name] of FIXTURE_NAMES.entries()) {
			const { item } = await deliver(JSON.stringify(asDistinctEvent(name, index)));
			const key = item?.dedupeKey as string;
			expect(typeof key).toBe('string');
			expect({ name, sameKeyAs: keys.get(key) }).toEqual({ name, sameKeyAs: undefined });
			keys.set(key, name);
		}
		expect(keys.size).toBe(FIXTURE_NAMES.length);
	});

	it('as published, fixtures share a dedupeKey only where they carry the same event ID', () => {
		// Same key within one event type => same identity: the eventId, or the umid (plus state and
		// detail for receipts); bodies without IDs only when they are identical.
		// Items on Other are keyed by their whole body (a umid alone would merge receipt states).
		const identity = (body: Record<string, unknown>): string => {
			if (!(EVENT_TYPES as readonly unknown[]).includes(body.eventType)) {
				return `body ${JSON.stringify(body)}`;
			}
			if (typeof body.eventId === 'string' && body.eventId !== '') return `event ${body.eventId}`;
			const payload = (body.payload ?? {}) as IDataObject;
			const status = (payload.status ?? {}) as IDataObject;
			if (
				typeof payload.umid === 'string' &&
				body.eventType === 'outbound_message_status_changed'
			) {
				return `receipt ${payload.umid} ${String(status.state).toLowerCase()} ${String(status.detail ?? '')}`;
			}
			if (typeof payload.umid === 'string') return `message ${payload.umid}`;
			return `body ${JSON.stringify(body)}`;
		};
		let pairs = 0;
		for (const a of FIXTURE_NAMES) {
			for (const b of FIXTURE_NAMES) {
				if (a >= b || FIXTURES[a].eventType !== FIXTURES[b].eventType) continue;
				pairs += 1;
				const sameKey = keyOf(FIXTURES[a]) === keyOf(FIXTURES[b]);
				const sameIdentity = identity(FIXTURES[a]) === identity(FIXTURES[b]);
				expect({ a, b, sameKey }).toEqual({ a, b, sameKey: sameIdentity });
			}
		}
		expect(pairs).toBeGreaterThan(100);
	});
});
