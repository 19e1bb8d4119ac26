/**
 * Property-based reliability test of sends (issue 7): random item counts (1–30), random invalid
 * items, random fault schedules (kind, send request index, how many consecutive requests) and
 * random modes (single / batch, Continue On Fail on / off, "Retry Unknown Delivery State" off / on /
 * per item), run for real against the sandbox. Every run must satisfy checkInvariants (see
 * faultHelpers.ts): one output item per input item paired in order, sent items backed by exactly
 * one accepted message with their umid, no duplicate unless the option is on (and then only with
 * the same clientMessageId), error items saying whether the delivery state is unknown, the right
 * item index and code when the node throws, and exactly the requests and waits of the documented
 * retry rules. Fixed seed; n8n-workflow's sleep is mocked (no real waiting).
 */
import fc from 'fast-check';

import type { Sandbox } from '../../../sandbox';
import type { Fault, FaultKind, Scenario } from './faultHelpers';
import { checkInvariants, expectedOutcome, planOf, runWithFaults } from './faultHelpers';
import { openSandbox } from './setup';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const SEED = 7_2024;
const NUM_RUNS = 300;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc
			.constantFrom<number | null>(0, 1, null, 45)
			.map((retryAfter): Fault => ({ kind: 'rateLimited', retryAfter })),
	},
	{ weight: 2, arbitrary: fc.constant<Fault>({ kind: 'unavailable' }) },
	{ weight: 2, arbitrary: fc.constant<Fault>({ kind: 'acceptedThen500' }) },
	{ weight: 2, arbitrary: fc.constant<Fault>({ kind: 'resetAfterAccept' }) },
	{ weight: 1, arbitrary: fc.constant<Fault>({ kind: 'resetBeforeAccept' }) },
	// Each timeout costs SHORT_TIMEOUT_MS of real time: keep them rarer.
	{ weight: 1, arbitrary: fc.constant<Fault>({ kind: 'timeout' }) },
	{ weight: 1, arbitrary: fc.constant<Fault>({ kind: 'slow' }) },
	{ weight: 2, arbitrary: fc.constant<Fault>({ kind: 'refused' }) },
);

function scenarioArbitrary(kinds?: fc.Arbitrary<Fault>): fc.Arbitrary<Scenario> {
	return fc
		.record({
			count: fc.integer({ min: 1, max: 30 }),
			batch: fc.boolean(),
			continueOnFail: fc.boolean(),
			retryMode: fc.constantFrom('off', 'on', 'perItem'),
		})
		.chain(({ count, batch, continueOnFail, retryMode }) => {
			// Single mode makes about one request per item; a batch makes a handful at most.
			const lastIndex = batch ? 6 : count + 4;
			return fc.record({
				count: fc.constant(count),
				batch: fc.constant(batch),
				continueOnFail: fc.constant(continueOnFail),
				retryUnknown:
					retryMode === 'perItem' && !batch
						? fc.array(fc.boolean(), { minLength: count, maxLength: count })
						: fc.constant(Array<boolean>(count).fill(retryMode === 'on')),
				// Mostly no invalid item: without Continue On Fail one stops the run before any send.
				invalid: fc.oneof(
					{ weight: 3, arbitrary: fc.constant(Array<boolean>(count).fill(false)) },
					{
						weight: 1,
						arbitrary: fc.array(
							fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
							{ minLength: count, maxLength: count },
						),
					},
				),
				plan: fc
					.array(
						fc.record({
							fault: kinds ?? faultArbitrary,
							at: fc.integer({ min: 0, max: lastIndex }),
							count: fc.integer({ min: 1, max: 4 }),
						}),
						{ maxLength: 5 },
					)
					.map(planOf),
			});
		});
}

function describeScenario(scenario: Scenario): string {
	return JSON.stringify({
		...scenario,
		invalid: scenario.invalid?.flatMap((value, index) => (value ? [index] : [])),
		plan: [...scenario.plan.entries()],
	});
}

describe('sends under random faults (property)', () => {
	it(`keeps every invariant (${NUM_RUNS} runs, seed ${SEED})`, async () => {
		const seen = new Map<string, number>();
		const note = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
		await fc.assert(
			fc.asyncProperty(scenarioArbitrary(), async (scenario) => {
				const expected = expectedOutcome(scenario);
				const run = await runWithFaults(sandbox, scenario);
				checkInvariants(scenario, run, expected);
				note(scenario.batch ? 'batch' : 'single');
				if (expected.thrownAt !== undefined) {
					const thrown = expected.items[expected.thrownAt];
					note(`thrown ${thrown.result === 'failed' ? thrown.code : thrown.result}`);
				}
				for (const item of expected.items) {
					note(item.result === 'failed' ? String(item.code) : item.result);
					if (item.accepted > 1) note('duplicate with the option on');
				}
				for (const fault of scenario.plan.values()) note(fault.kind);
			}),
			{
				seed: SEED,
				numRuns: NUM_RUNS,
				reporter: (details) => {
					if (details.failed) {
						throw new Error(
							`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}\nScenario: ${describeScenario(details.counterexample?.[0] as Scenario)}`,
						);
					}
				},
			},
		);
		// The random schedules really exercised every path (guards against a vacuous property).
		const kinds: FaultKind[] = [
			'rateLimited',
			'unavailable',
			'acceptedThen500',
			'resetAfterAccept',
			'resetBeforeAccept',
			'timeout',
			'slow',
			'refused',
		];
		const covered = [
			...kinds,
			'batch',
			'single',
			'thrown 429',
			'thrown DELIVERY_STATE_UNKNOWN',
			'thrown NETWORK_ERROR',
			'thrown VALIDATION_FAILED',
			'sent',
			'skipped',
			'429',
			'DELIVERY_STATE_UNKNOWN',
			'NETWORK_ERROR',
			'VALIDATION_FAILED',
			'duplicate with the option on',
		];
		expect(covered.filter((key) => !seen.has(key))).toEqual([]);
	}, 60_000);

	it('fails when the HTTP layer silently repeats a send (sabotaged helper, option off)', async () => {
		const ambiguous = fc.constantFrom<Fault>({ kind: 'resetAfterAccept' }, { kind: 'timeout' });
		const result = await fc.check(
			fc.asyncProperty(scenarioArbitrary(ambiguous), async (scenario) => {
				const sabotaged: Scenario = {
					...scenario,
					retryUnknown: scenario.retryUnknown.map(() => false),
					sabotage: 'helperRepeatsAfterNetworkError',
				};
				const run = await runWithFaults(sandbox, sabotaged);
				checkInvariants(sabotaged, run);
			}),
			{ seed: SEED, numRuns: 40, endOnFailure: true },
		);
		expect(result.failed).toBe(true);
		expect(String(result.errorInstance)).toMatch(
			/item \d+ was accepted 2 times without retryUnknownDeliveryState/,
		);
	}, 30_000);

	it('fails against a model that forgets 8x8 may accept a message before the failure', async () => {
		const result = await fc.check(
			fc.asyncProperty(scenarioArbitrary(), async (scenario) => {
				const run = await runWithFaults(sandbox, scenario);
				const wrong = expectedOutcome(scenario);
				for (const item of wrong.items) {
					if (item.result === 'failed' && item.deliveryStateUnknown) item.accepted = 0;
				}
				checkInvariants(scenario, run, wrong);
			}),
			{ seed: SEED, numRuns: 40, endOnFailure: true },
		);
		expect(result.failed).toBe(true);
		expect(String(result.errorInstance)).toMatch(
			/item \d+: expected 0 accepted message\(s\), sandbox has [1-9]/,
		);
	}, 30_000);
});
