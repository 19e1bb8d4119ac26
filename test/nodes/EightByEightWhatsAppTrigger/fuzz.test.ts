/**
 * Property-based fuzzing of the trigger's webhook() (issue 7, reliability): the fixture payloads
 * mutated (fields removed, retyped, oversized, unicode, 150+ levels deep, eventType swapped), bodies
 * that are not objects and random objects, sent through the webhook harness with every event, with
 * random subsets of events and filters, and behind a webhook secret.
 *
 * Every call must be answered exactly once, without an exception, as one of:
 *  - 4xx with a JSON reason, a warning logged and nothing emitted;
 *  - 200 and exactly one item on exactly one output;
 *  - 200 acknowledged with `emitted: 0` and the reason (event not selected / filtered out).
 * Typed outputs only carry valid events of their own type (re-checked with normalizeEvent and the
 * zod schema), and the totals over all calls add up.
 */
import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import {
	DEFAULT_EVENTS,
	EVENT_OUTPUT_NAMES,
	EVENT_TYPES,
	OTHER_OUTPUT_NAME,
	normalizeEvent,
} from '../../../nodes/shared/events';
import type { KnownEventType } from '../../../nodes/shared/events';
import {
	accountUpdateSchema,
	inboundSchema,
	phoneNumberQualitySchema,
	receiptSchema,
	templateSchema,
} from '../../../nodes/shared/events/schemas';
import { businessAppMessageSchema } from '../../../nodes/shared/events/businessApp';
import { categoryDetectionSchema } from '../../../nodes/shared/events/categoryDetection';
import {
	contactSchema,
	preferenceSchema,
	userIdUpdateSchema,
} from '../../../nodes/shared/events/userEvents';
import { fixture } from '../../fixtures/events';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import {
	allEventsParams,
	anyBody,
	eventTypeValueBody,
	extraHeaders,
	gentlyMutatedFixture,
	hexString,
	mutatedFixture,
	nonObjectBody,
	pristineFixture,
	randomObjectBody,
	randomParams,
	unicodeString,
} from './arbitraries';
import type { GeneratedBody, TriggerParams } from './arbitraries';

/** Fixed for reproducibility; a failing run prints it with the counterexample and its path. */
const SEED = 0x8a8_2026;
const RUNS = {
	allEvents: 3000,
	subsetsAndFilters: 3000,
	nonObjectsAndRandomObjects: 1500,
	eventTypes: 1000,
	behindSecret: 1500,
};
const TOTAL_RUNS = Object.values(RUNS).reduce((sum, runs) => sum + runs, 0);

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);

const SCHEMAS: Record<KnownEventType, { safeParse(value: unknown): { success: boolean } }> = {
	inbound_message_received: inboundSchema,
	outbound_message_status_changed: receiptSchema,
	template_status_update: templateSchema,
	template_quality_update: templateSchema,
	template_category_update: templateSchema,
	phone_number_quality_update: phoneNumberQualitySchema,
	account_update: accountUpdateSchema,
	external_app_message: businessAppMessageSchema,
	template_correct_category_detection: categoryDetectionSchema,
	whatsapp_preference: preferenceSchema,
	whatsapp_contact: contactSchema,
	whatsapp_user_id_update: userIdUpdateSchema,
};
const IGNORE_REASONS = [
	'event not selected',
	'message type not selected',
	'delivery state not selected',
];
const OTHER_REASONS = ['unknown_event_type', 'missing_event_type', 'schema_mismatch'];

function isKnown(value: unknown): value is KnownEventType {
	return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

function isObjectBody(body: unknown): body is Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

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

/** Where the call is protected by a secret, and what the caller presents. */
interface Auth {
	/** '' = no secret configured. */
	secret: string;
	source: 'credential' | 'generated';
	/** The Authorization header sent (undefined = none). */
	header?: string | string[];
}

const NO_AUTH: Auth = { secret: '', source: 'credential' };

/** Counted from what was observed, each call on its own. */
const tally = {
	sent: 0,
	rejected4xx: 0,
	emitted: 0,
	acknowledgedNotEmitted: 0,
	byStatus: {} as Record<string, number>,
	byOutput: {} as Record<string, number>,
	byIgnoreReason: {} as Record<string, number>,
	byOtherReason: {} as Record<string, number>,
	byRejection: {} as Record<string, number>,
	oversizedBodies: 0,
	deepBodies: 0,
};

function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

function depthOf(value: unknown, limit = 1000): number {
	let deepest = 0;
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		deepest = Math.max(deepest, depth);
		if (depth >= limit || typeof current !== 'object' || current === null) continue;
		for (const child of Object.values(current)) stack.push([child, depth + 1]);
	}
	return deepest;
}

type Expected =
	| { status: 401; reason: 'missing_authorization' | 'authorization_mismatch' }
	| { status: 400 }
	| { status: 200; ignored: string }
	| { status: 200; output: number };

/** What the spec says should happen to this call (computed from normalizeEvent and the settings). */
function expectedOutcome(
	body: unknown,
	params: TriggerParams,
	selected: KnownEventType[],
	auth: Auth,
): Expected {
	if (auth.secret !== '') {
		const presented = auth.header;
		if (
			presented === undefined ||
			presented === '' ||
			(Array.isArray(presented) && presented.length === 0)
		) {
			return { status: 401, reason: 'missing_authorization' };
		}
		if (presented !== auth.secret) return { status: 401, reason: 'authorization_mismatch' };
	}
	if (!isObjectBody(body)) return { status: 400 };
	const classified = normalizeEvent(body, '2026-01-01T00:00:00.000Z');
	if (classified.kind === 'event') {
		const index = selected.indexOf(classified.eventType);
		if (index < 0) return { status: 200, ignored: 'event not selected' };
		const item = classified.item;
		const messageTypes = params.options.messageTypes ?? [];
		const statusStates = params.options.statusStates ?? [];
		if (
			item.eventType === 'inbound_message_received' &&
			messageTypes.length > 0 &&
			!messageTypes.includes(item.messageType)
		) {
			return { status: 200, ignored: 'message type not selected' };
		}
		// The filter selects stages (receiptMeaning.ts); undocumented states (stage unknown) always pass.
		if (
			item.eventType === 'outbound_message_status_changed' &&
			statusStates.length > 0 &&
			item.stage !== 'unknown' &&
			!statusStates.includes(item.stage)
		) {
			return { status: 200, ignored: 'delivery state not selected' };
		}
		return { status: 200, output: index };
	}
	const eventType = classified.item.eventType;
	if (isKnown(eventType) && !selected.includes(eventType))
		return { status: 200, ignored: 'event not selected' };
	return { status: 200, output: selected.length };
}

function stripOptional(json: IDataObject): IDataObject {
	const rest = { ...json };
	delete rest.raw;
	delete rest.headers;
	return rest;
}

/**
 * Sends one call through the real webhook() and checks every per-call property. Throws (failing
 * the property) on any violation; an exception from webhook() itself fails it the same way.
 */
async function sendAndCheck(
	generated: GeneratedBody,
	params: TriggerParams,
	headers: Record<string, string>,
	auth: Auth,
): Promise<void> {
	const { body, origin } = generated;
	// No events saved = the default selection (n8n stores none when the user kept it).
	const selected = EVENT_TYPES.filter((eventType) =>
		(params.events ?? DEFAULT_EVENTS).includes(eventType),
	);
	const outputNames = [
		...selected.map((eventType) => EVENT_OUTPUT_NAMES[eventType]),
		OTHER_OUTPUT_NAME,
	];
	const expected = expectedOutcome(body, params, selected, auth);
	const bodyBefore = JSON.stringify(body);

	const requestHeaders: Record<string, string | string[]> = { ...headers };
	delete requestHeaders.authorization;
	delete requestHeaders.Authorization;
	if (auth.header !== undefined) requestHeaders.Authorization = auth.header;

	const harness = makeWebhookContext({
		defaults,
		params: {
			...(params.events === undefined ? {} : { events: params.events }),
			options: params.options as IDataObject,
			...(auth.source === 'generated' ? { registration: 'automatic' } : {}),
		},
		body,
		headers: requestHeaders,
		credentials: credentials(auth.source === 'credential' ? auth.secret : ''),
		staticData:
			auth.source === 'generated' && auth.secret !== ''
				? { webhookSecret: auth.secret }
				: undefined,
	});
	tally.sent += 1;
	if ((bodyBefore?.length ?? 0) >= 100_000) tally.oversizedBodies += 1;
	if (depthOf(body) >= 150) tally.deepBodies += 1;

	const { result, outputs, response, log } = await playCall(trigger, harness);
	const context = `${origin}; events=${JSON.stringify(selected)}; expected ${JSON.stringify(expected)}`;
	const fail = (problem: string): never => {
		throw new Error(
			`${problem} (${context}; status ${response.statusCode}; answer ${JSON.stringify(response.body)?.slice(0, 500)})`,
		);
	};

	// Answered exactly once, with a JSON body that survives serialization, body untouched.
	if (response.sends !== 1) fail(`answered ${response.sends} times`);
	// Refusals and acknowledgements are answered by webhook(); accepted events by n8n (webhookResponse).
	if ((result.noWebhookResponse === true) === (result.workflowData !== undefined))
		fail('webhook() both answered and handed n8n an execution, or neither');
	const answer = response.body as IDataObject;
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
		fail('answer is not a JSON object');
	expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
	if (JSON.stringify(body) !== bodyBefore) fail('webhook() changed the request body');
	if (harness.staticData.writes.some((write) => !write.startsWith('create ')))
		fail('webhook() wrote static data');
	bump(tally.byStatus, String(response.statusCode));

	const items = (outputs ?? []).flat();
	const status = response.statusCode ?? 0;

	if (status >= 400 && status < 500) {
		// Refused: JSON reason, one warning, nothing emitted, no secret anywhere.
		tally.rejected4xx += 1;
		if (result.workflowData !== undefined || items.length > 0) fail('a refused call emitted items');
		if (
			answer.received !== false ||
			typeof answer.error !== 'string' ||
			typeof answer.message !== 'string'
		) {
			fail('a refusal without a JSON reason');
		}
		const warnings = log.filter((call) => call.level === 'warn');
		if (warnings.length !== 1 || log.length !== 1)
			fail(`a refusal logged ${JSON.stringify(log.map((call) => call.level))}`);
		const reason = (warnings[0].meta as IDataObject | undefined)?.reason;
		if (typeof reason !== 'string' || reason === '') fail('the warning has no reason');
		bump(tally.byRejection, `${status} ${String(answer.reason ?? answer.error)}`);
		if (expected.status !== status) fail(`answered ${status}`);
		if (expected.status === 401 && answer.reason !== expected.reason)
			fail(`401 for ${String(answer.reason)}`);
		if (status === 400 && answer.error !== 'invalid_body') fail('400 without invalid_body');
		if (auth.secret !== '') {
			const secretText = auth.secret.replace(/^Bearer /, '');
			const everything = JSON.stringify([answer, log]);
			if (everything.includes(secretText)) fail('the secret leaked into the answer or the log');
		}
		return;
	}

	if (status !== 200) fail(`unexpected status ${status}`);
	if (log.some((call) => call.level === 'warn' || call.level === 'error'))
		fail('a 200 logged a warning or error');

	if (result.workflowData === undefined) {
		// Acknowledged, not emitted.
		tally.acknowledgedNotEmitted += 1;
		if (
			answer.received !== true ||
			answer.emitted !== 0 ||
			!IGNORE_REASONS.includes(answer.ignored as string)
		) {
			fail('a 200 without items is not an acknowledgement with emitted: 0 and a reason');
		}
		bump(tally.byIgnoreReason, answer.ignored as string);
		if (!('ignored' in expected) || expected.ignored !== answer.ignored)
			fail('acknowledged for the wrong reason');
		return;
	}

	// Emitted: exactly one item on exactly one output.
	if (result.workflowData.length !== 1 || result.workflowData[0].length !== 1)
		fail('webhook() handed n8n something else than one item on input 0');
	const workflowData: INodeExecutionData[][] = outputs ?? [];
	if (workflowData.length !== outputNames.length)
		fail(`${workflowData.length} outputs for ${outputNames.length}`);
	const filled = workflowData
		.map((outputItems, index) => [index, outputItems.length])
		.filter(([, n]) => n > 0);
	if (filled.length !== 1 || filled[0][1] !== 1 || items.length !== 1)
		fail(`emitted ${JSON.stringify(filled)}`);
	const outputIndex = filled[0][0];
	tally.emitted += items.length;
	bump(tally.byOutput, outputNames[outputIndex]);
	if (
		answer.received !== true ||
		answer.emitted !== 1 ||
		answer.output !== outputNames[outputIndex]
	) {
		fail(`the answer does not name output ${outputNames[outputIndex]}`);
	}
	if (!('output' in expected) || expected.output !== outputIndex)
		fail(`emitted on output ${outputIndex}`);

	const json = items[0].json;
	if (typeof json.receivedAt !== 'string' || Number.isNaN(Date.parse(json.receivedAt)))
		fail('no receivedAt');
	if (typeof json.dedupeKey !== 'string' || json.dedupeKey === '') fail('no dedupeKey');
	if (params.options.includeRaw === true) {
		if (json.raw !== body) expect(json.raw).toEqual(body);
	} else if ('raw' in json) fail('raw without includeRaw');
	if (params.options.includeHeaders === true) {
		const itemHeaders = json.headers as IDataObject;
		if (auth.header !== undefined && itemHeaders.authorization !== '[redacted]')
			fail('Authorization not redacted');
		if (
			'proxy-authorization' in itemHeaders &&
			itemHeaders['proxy-authorization'] !== '[redacted]'
		) {
			fail('Proxy-Authorization not redacted');
		}
	} else if ('headers' in json) fail('headers without includeHeaders');
	if (auth.secret !== '' && JSON.stringify(json).includes(auth.secret))
		fail('the secret leaked into the item');

	const again = normalizeEvent(body as Record<string, unknown>, json.receivedAt as string);
	if (outputIndex < selected.length) {
		// A typed output: its own event type, valid against the schema, exactly the normalized item.
		const eventType = selected[outputIndex];
		if (json.eventType !== eventType)
			fail(`a ${String(json.eventType)} item on the ${eventType} output`);
		if (!SCHEMAS[eventType].safeParse(body).success)
			fail('a typed item whose body fails the zod schema');
		if (again.kind !== 'event' || again.eventType !== eventType)
			fail('normalizeEvent does not agree');
		expect(stripOptional(json)).toEqual(again.item);
		const messageTypes = params.options.messageTypes ?? [];
		const statusStates = params.options.statusStates ?? [];
		if (
			eventType === 'inbound_message_received' &&
			messageTypes.length > 0 &&
			!messageTypes.includes(json.messageType as string)
		) {
			fail('an inbound message of a type that is filtered out');
		}
		if (
			eventType === 'outbound_message_status_changed' &&
			statusStates.length > 0 &&
			json.stage !== 'unknown' &&
			!statusStates.includes(json.stage as string)
		) {
			fail('a delivery status at a stage that is filtered out');
		}
	} else {
		// Other: never a valid known event; the body kept as received, with the reason.
		if (again.kind !== 'other') fail('a valid event on Other');
		if (!OTHER_REASONS.includes(json.reason as string)) fail(`Other reason ${String(json.reason)}`);
		bump(tally.byOtherReason, json.reason as string);
		if (json.body !== body) expect(json.body).toEqual(body);
		if (!Array.isArray(json.issues)) fail('Other item without issues');
		const issues = json.issues as string[];
		if (issues.some((issue) => issue.startsWith('(body): could not be read'))) {
			fail(`normalizeEvent threw on a JSON body: ${issues.join('; ')}`);
		}
		if (isKnown(json.eventType)) {
			if (!selected.includes(json.eventType)) fail('an unselected event type on Other');
			if (json.reason !== 'schema_mismatch')
				fail('a known event type on Other without schema_mismatch');
			if (SCHEMAS[json.eventType].safeParse(body).success)
				fail('a body the schema accepts went to Other');
			if (issues.length === 0) fail('schema_mismatch without issues');
		} else if (json.reason === 'schema_mismatch') {
			fail('schema_mismatch for an unknown event type');
		}
		expect(stripOptional(json)).toEqual(again.item);
	}
}

/** An Authorization setup and what the caller sends (correct in about a third of the calls). */
const secretScenario: fc.Arbitrary<Auth> = fc
	.tuple(
		fc.constantFrom<Auth['source']>('credential', 'generated'),
		fc.oneof(
			fc.constant('Bearer s3cret-Fuzz-0123456789'),
			hexString(64).map((hex) => `Bearer ${hex}`),
		),
		fc.nat({ max: 8 }),
		fc.oneof(fc.string(), unicodeString),
	)
	.map(([source, secret, variant, noise]) => {
		const headers: Array<string | string[] | undefined> = [
			secret,
			secret,
			secret,
			undefined,
			'',
			noise === secret ? `${noise}x` : noise,
			secret.slice(0, -1),
			`${secret} `,
			[secret, secret],
		];
		return { source, secret, header: headers[variant] };
	});

function property(
	bodies: fc.Arbitrary<GeneratedBody>,
	settings: fc.Arbitrary<TriggerParams>,
	auth: fc.Arbitrary<Auth> = fc.constant(NO_AUTH),
) {
	return fc.asyncProperty(
		bodies,
		settings,
		extraHeaders,
		auth,
		async (generated, params, headers, scenario) => {
			await sendAndCheck(generated, params, headers, scenario);
		},
	);
}

describe(`8x8 WhatsApp Trigger fuzzing (fast-check seed ${SEED}, ${TOTAL_RUNS} payloads)`, () => {
	it(`all events selected: ${RUNS.allEvents} mutated fixtures and other bodies`, async () => {
		await fc.assert(property(anyBody, allEventsParams), { seed: SEED, numRuns: RUNS.allEvents });
	});

	it(`random subsets of events and random filters: ${RUNS.subsetsAndFilters} payloads`, async () => {
		const bodies = fc.oneof(
			{ arbitrary: mutatedFixture, weight: 4 },
			{ arbitrary: gentlyMutatedFixture, weight: 3 },
			{ arbitrary: pristineFixture, weight: 2 },
			{ arbitrary: randomObjectBody, weight: 1 },
		);
		await fc.assert(property(bodies, randomParams), {
			seed: SEED + 1,
			numRuns: RUNS.subsetsAndFilters,
		});
	});

	it(`bodies that are not objects and random objects: ${RUNS.nonObjectsAndRandomObjects} payloads`, async () => {
		const bodies = fc.oneof(nonObjectBody, randomObjectBody);
		await fc.assert(property(bodies, fc.oneof(allEventsParams, randomParams)), {
			seed: SEED + 2,
			numRuns: RUNS.nonObjectsAndRandomObjects,
		});
	});

	it(`wrong, unknown and swapped eventType: ${RUNS.eventTypes} payloads`, async () => {
		await fc.assert(property(eventTypeValueBody, fc.oneof(allEventsParams, randomParams)), {
			seed: SEED + 3,
			numRuns: RUNS.eventTypes,
		});
	});

	it(`behind a webhook secret (credential or generated), right and wrong callers: ${RUNS.behindSecret} payloads`, async () => {
		await fc.assert(property(anyBody, fc.oneof(allEventsParams, randomParams), secretScenario), {
			seed: SEED + 4,
			numRuns: RUNS.behindSecret,
		});
	});

	// Far deeper than the generated 150-260 levels: too deep for JSON.stringify and for Jest's
	// recursive equality, so these are checked by hand and are not part of the totals.
	it.each([10_000, 100_000])('survives bodies nested %i levels deep', async (depth) => {
		const deep = (): unknown => {
			let value: unknown = 'leaf';
			for (let level = 0; level < depth; level++)
				value = level % 2 === 0 ? [value] : { nested: value };
			return value;
		};
		const inbound = fixture('seed001-inbound-text');
		const cases: Array<[string, unknown, number, string]> = [
			['an extra key of a valid event', { ...inbound, extra: deep() }, 200, 'Inbound'],
			['the payload', { ...inbound, payload: deep() }, 200, OTHER_OUTPUT_NAME],
			['a body without any id', { eventType: 'brand_new', deep: deep() }, 200, OTHER_OUTPUT_NAME],
			['the body itself (an array)', [deep()], 400, ''],
		];
		for (const [name, body, status, output] of cases) {
			const harness = makeWebhookContext({
				defaults,
				body,
				params: { options: { includeRaw: true, includeHeaders: true } },
				credentials: credentials(),
			});
			const { result, outputs, response } = await playCall(trigger, harness);
			const items = (outputs ?? []).flat();
			expect({ name, status: response.statusCode, sends: response.sends }).toEqual({
				name,
				status,
				sends: 1,
			});
			if (status === 200) {
				expect({ name, answer: response.body, items: items.length }).toEqual({
					name,
					answer: { received: true, emitted: 1, output },
					items: 1,
				});
				expect(items[0].json.raw).toBe(body);
				expect(typeof items[0].json.dedupeKey).toBe('string');
			} else {
				expect(result.workflowData).toBeUndefined();
				expect(harness.log.map((call) => call.level)).toEqual(['warn']);
			}
		}
	});

	it('the totals add up and every branch was exercised', () => {
		const perOutput = Object.values(tally.byOutput).reduce((sum, n) => sum + n, 0);
		const summary = {
			seed: SEED,
			sent: tally.sent,
			'4xx + emitted + acknowledged':
				tally.rejected4xx + tally.emitted + tally.acknowledgedNotEmitted,
			emitted: tally.emitted,
			'sum of per-output counts': perOutput,
		};
		// On failure Jest prints this object, i.e. the seed and the counts.
		expect(summary).toEqual({
			seed: SEED,
			sent: TOTAL_RUNS,
			'4xx + emitted + acknowledged': TOTAL_RUNS,
			emitted: perOutput,
			'sum of per-output counts': perOutput,
		});
		expect(TOTAL_RUNS).toBeGreaterThanOrEqual(10_000);

		// Each outcome, output and reason happened, so no property above held vacuously.
		const seen = { tally };
		expect(seen).toEqual({
			tally: expect.objectContaining({
				byStatus: {
					'200': expect.any(Number),
					'400': expect.any(Number),
					'401': expect.any(Number),
				},
				byOutput: Object.fromEntries(
					[...Object.values(EVENT_OUTPUT_NAMES), OTHER_OUTPUT_NAME].map((name) => [
						name,
						expect.any(Number),
					]),
				),
				byIgnoreReason: Object.fromEntries(
					IGNORE_REASONS.map((reason) => [reason, expect.any(Number)]),
				),
				byOtherReason: Object.fromEntries(
					OTHER_REASONS.map((reason) => [reason, expect.any(Number)]),
				),
				byRejection: {
					'400 invalid_body': expect.any(Number),
					'401 missing_authorization': expect.any(Number),
					'401 authorization_mismatch': expect.any(Number),
				},
			}),
		});
		expect(tally.oversizedBodies).toBeGreaterThan(0);
		expect(tally.deepBodies).toBeGreaterThan(0);
	});
});
