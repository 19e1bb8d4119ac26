/**
 * Reliability of sends under faults (issue 7): 429 + Retry-After, 503, 500 after accepting,
 * connection resets before / after accepting, timeouts, slow answers and refused connections,
 * in single-send and batch mode, with and without Continue On Fail and "Retry Unknown Delivery
 * State". The sandbox's list of accepted messages is the ground truth for "never sent twice".
 *
 * n8n-workflow's `sleep` is mocked: the transport's waits (Retry-After, backoff) are recorded and
 * asserted instead of slept. The node's request timeout is fixed (30 s / 120 s); a "timeout" fault
 * lowers it for that one request (see faultHelpers.ts).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import type { Fault, RunOutcome, Scenario } from './faultHelpers';
import {
	checkInvariants,
	expectedOutcome,
	planOf,
	recipient,
	runWithFaults,
	SHORT_TIMEOUT_MS,
} from './faultHelpers';
import { openSandbox } from './setup';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

interface Options {
	count?: number;
	batch?: boolean;
	continueOnFail?: boolean;
	retryUnknown?: boolean | boolean[];
	invalid?: number[];
	faults?: Array<{ fault: Fault; at: number; count?: number }>;
}

function scenarioOf(options: Options): Scenario {
	const count = options.count ?? 1;
	const retry = options.retryUnknown ?? false;
	return {
		count,
		batch: options.batch === true,
		continueOnFail: options.continueOnFail === true,
		retryUnknown: Array.from({ length: count }, (_, index) =>
			Array.isArray(retry) ? retry[index] === true : retry,
		),
		invalid: Array.from({ length: count }, (_, index) => options.invalid?.includes(index) === true),
		plan: planOf((options.faults ?? []).map((entry) => ({ count: 1, ...entry }))),
	};
}

/** Runs the scenario, checks every invariant against the model, returns the run. */
async function runChecked(options: Options): Promise<{ run: RunOutcome; scenario: Scenario }> {
	const scenario = scenarioOf(options);
	const run = await runWithFaults(sandbox, scenario);
	checkInvariants(scenario, run);
	return { run, scenario };
}

function errorOf(run: RunOutcome, index: number): IDataObject {
	return run.output?.[index].json.error as IDataObject;
}

function acceptedIds(run: RunOutcome): Array<string | undefined> {
	return run.messages.map((message) => message.clientMessageId);
}

const rateLimited = (retryAfter: number | null = 1): Fault => ({ kind: 'rateLimited', retryAfter });
const unavailable: Fault = { kind: 'unavailable' };
const acceptedThen500: Fault = { kind: 'acceptedThen500' };
const resetAfterAccept: Fault = { kind: 'resetAfterAccept' };
const resetBeforeAccept: Fault = { kind: 'resetBeforeAccept' };
const timeout: Fault = { kind: 'timeout' };
const slow: Fault = { kind: 'slow' };
const refused: Fault = { kind: 'refused' };

describe('429 with Retry-After', () => {
	it('waits Retry-After (via sleep), sends the same body again and gives a normal result', async () => {
		const { run } = await runChecked({ faults: [{ fault: rateLimited(1), at: 0 }] });
		expect(run.sleeps).toEqual([1000]);
		expect(run.sends).toHaveLength(2);
		expect(run.sends[1].body).toEqual(run.sends[0].body);
		expect(run.output).toHaveLength(1);
		expect(run.output?.[0].json).toMatchObject({
			status: 'queued',
			to: recipient(0),
			clientMessageId: run.clientMessageIds[0],
			umid: run.messages[0].umid,
		});
		expect(acceptedIds(run)).toEqual([run.clientMessageIds[0]]);
	});

	it('without a Retry-After header waits 1 s; three 429 in a row are still retried', async () => {
		const { run } = await runChecked({
			faults: [
				{ fault: rateLimited(null), at: 0 },
				{ fault: rateLimited(0), at: 1, count: 2 },
			],
		});
		expect(run.sleeps).toEqual([1000, 0, 0]);
		expect(run.sends).toHaveLength(4);
		expect(run.output?.[0].json.status).toBe('queued');
		expect(run.messages).toHaveLength(1);
	});

	it('a fourth 429 fails the item as rate limited, nothing sent, delivery state known', async () => {
		const { run } = await runChecked({
			continueOnFail: true,
			faults: [{ fault: rateLimited(0), at: 0, count: 4 }],
		});
		expect(run.sends).toHaveLength(4);
		expect(run.messages).toHaveLength(0);
		expect(errorOf(run, 0)).toMatchObject({ code: 429, httpStatus: 429 });
		expect(errorOf(run, 0).deliveryStateUnknown).toBeUndefined();
		expect(errorOf(run, 0).message).toMatch(/^429 /);
	});

	it('a Retry-After longer than 30 s is not waited for: the item fails at once', async () => {
		const { run } = await runChecked({
			continueOnFail: true,
			faults: [{ fault: rateLimited(60), at: 0 }],
		});
		expect(run.sleeps).toEqual([]);
		expect(run.sends).toHaveLength(1);
		expect(errorOf(run, 0)).toMatchObject({ code: 429, httpStatus: 429 });
	});

	it('without Continue On Fail the exhausted 429 is thrown with the item index and the code', async () => {
		const { run } = await runChecked({
			count: 3,
			faults: [{ fault: rateLimited(0), at: 1, count: 4 }],
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.message).toMatch(/^429 /);
		expect(run.error?.context?.itemIndex).toBe(1);
		expect((run.error as NodeApiError).httpCode).toBe('429');
		expect(acceptedIds(run)).toEqual([run.clientMessageIds[0]]);
	});

	it('in batch mode the whole batch is retried once, every item paired', async () => {
		const { run } = await runChecked({
			count: 4,
			batch: true,
			faults: [{ fault: rateLimited(1), at: 0 }],
		});
		expect(run.sleeps).toEqual([1000]);
		expect(run.sends).toHaveLength(2);
		expect(run.output?.map((item) => item.json.status)).toEqual(Array(4).fill('queued'));
		expect(run.messages).toHaveLength(4);
	});
});

describe('ambiguous failures of a send are never resent (option off)', () => {
	it.each<[string, Fault, number | null, number]>([
		['503 (not processed)', unavailable, 503, 0],
		['500 after 8x8 accepted it', acceptedThen500, 500, 1],
		['connection reset after 8x8 accepted it', resetAfterAccept, null, 1],
		['connection reset before 8x8 processed it', resetBeforeAccept, null, 0],
		['timeout after 8x8 accepted it', timeout, null, 1],
	])(
		'%s: one request, delivery state unknown with the clientMessageId, %#',
		async (_name, fault, httpStatus, accepted) => {
			const { run } = await runChecked({
				count: 3,
				continueOnFail: true,
				faults: [{ fault, at: 1 }],
			});
			expect(run.sends).toHaveLength(3);
			expect(run.sleeps).toEqual([]);
			expect(run.output?.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(run.output?.[0].json.status).toBe('queued');
			expect(run.output?.[2].json.status).toBe('queued');
			const id = run.clientMessageIds[1];
			expect(run.output?.[1].json).toEqual({
				error: expect.objectContaining({
					code: 'DELIVERY_STATE_UNKNOWN',
					httpStatus,
					message: `Delivery state unknown for clientMessageId ${String(id)}: 8x8 may already have queued it`,
					retryable: false,
					deliveryStateUnknown: true,
				}),
				to: recipient(1),
				clientMessageId: id,
			});
			expect(acceptedIds(run).filter((entry) => entry === id)).toHaveLength(accepted);
			expect(String(errorOf(run, 1).fix)).toContain('Retry Unknown Delivery State');
		},
	);

	it('the timeout error says the answer did not come in time', async () => {
		const { run } = await runChecked({ continueOnFail: true, faults: [{ fault: timeout, at: 0 }] });
		expect(run.sends[0].timeout).toBe(SHORT_TIMEOUT_MS);
		expect(String(errorOf(run, 0).meaning)).toMatch(/did not answer within .* \(ECONNABORTED\)/);
	});

	it('without Continue On Fail: NodeApiError naming the clientMessageId, at the failing item', async () => {
		const { run } = await runChecked({ count: 4, faults: [{ fault: resetAfterAccept, at: 2 }] });
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.context?.itemIndex).toBe(2);
		expect(run.error?.message).toBe(
			`Delivery state unknown for clientMessageId ${String(run.clientMessageIds[2])}: 8x8 may already have queued it`,
		);
		// Items 0 and 1 were sent; item 2 was accepted once (then the answer was lost); 3 never sent.
		expect(acceptedIds(run)).toEqual(run.clientMessageIds.slice(0, 3));
		expect(run.sends).toHaveLength(3);
	});

	it('batch mode: every item of the batch is in an unknown state, each message accepted once', async () => {
		const { run } = await runChecked({
			count: 5,
			batch: true,
			continueOnFail: true,
			faults: [{ fault: resetAfterAccept, at: 0 }],
		});
		expect(run.sends).toHaveLength(1);
		expect(run.messages).toHaveLength(5);
		expect(run.output?.map((item) => (item.json.error as IDataObject).code)).toEqual(
			Array(5).fill('DELIVERY_STATE_UNKNOWN'),
		);
		expect(run.output?.map((item) => item.json.clientMessageId)).toEqual(run.clientMessageIds);
		expect(String(errorOf(run, 0).message)).toBe(
			'Delivery state unknown for 5 messages: 8x8 may already have queued them',
		);
	});

	it('batch mode without Continue On Fail: thrown at the first item of the batch', async () => {
		const { run } = await runChecked({
			count: 3,
			batch: true,
			faults: [{ fault: unavailable, at: 0 }],
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.context?.itemIndex).toBe(0);
		expect(run.messages).toHaveLength(0);
	});
});

describe('option "Retry Unknown Delivery State" on: resent with the same clientMessageId', () => {
	it('503 then success: one message at 8x8, a normal result', async () => {
		const { run } = await runChecked({
			retryUnknown: true,
			faults: [{ fault: unavailable, at: 0 }],
		});
		expect(run.sends).toHaveLength(2);
		expect(run.sends[1].body).toEqual(run.sends[0].body);
		expect(run.sleeps).toEqual([500]);
		expect(run.messages).toHaveLength(1);
		expect(run.output?.[0].json.umid).toBe(run.messages[0].umid);
	});

	it('reset after accept then success: two copies, both with the item clientMessageId; the item names the second', async () => {
		const { run } = await runChecked({
			retryUnknown: true,
			faults: [{ fault: resetAfterAccept, at: 0 }],
		});
		const id = run.clientMessageIds[0];
		expect(acceptedIds(run)).toEqual([id, id]);
		expect(run.output?.[0].json).toMatchObject({ status: 'queued', clientMessageId: id });
		expect(run.output?.[0].json.umid).toBe(run.messages[1].umid);
	});

	it('three ambiguous failures: resent twice, then unknown state mentioning the resends', async () => {
		const { run } = await runChecked({
			continueOnFail: true,
			retryUnknown: true,
			faults: [{ fault: acceptedThen500, at: 0, count: 3 }],
		});
		expect(run.sends).toHaveLength(3);
		expect(run.sleeps).toEqual([500, 1000]);
		const id = run.clientMessageIds[0];
		expect(acceptedIds(run)).toEqual([id, id, id]);
		expect(errorOf(run, 0)).toMatchObject({
			code: 'DELIVERY_STATE_UNKNOWN',
			httpStatus: 500,
			deliveryStateUnknown: true,
		});
		expect(String(errorOf(run, 0).meaning)).toContain(
			'(also after 2 resends with the same clientMessageId)',
		);
	});

	it('per item: only the items with the option on are resent', async () => {
		const { run } = await runChecked({
			count: 2,
			continueOnFail: true,
			retryUnknown: [true, false],
			faults: [
				{ fault: timeout, at: 0 },
				{ fault: timeout, at: 2 },
			],
		});
		const [first, second] = run.clientMessageIds;
		expect(acceptedIds(run)).toEqual([first, first, second]);
		expect(run.output?.[0].json.status).toBe('queued');
		expect(errorOf(run, 1).code).toBe('DELIVERY_STATE_UNKNOWN');
	});

	it('batch mode: the batch is resent as a whole with the same clientMessageIds', async () => {
		const { run } = await runChecked({
			count: 3,
			batch: true,
			retryUnknown: true,
			faults: [{ fault: acceptedThen500, at: 0 }],
		});
		expect(run.sends).toHaveLength(2);
		expect(run.sends[1].body).toEqual(run.sends[0].body);
		expect(run.messages).toHaveLength(6);
		const ids = run.clientMessageIds;
		expect([...acceptedIds(run)].sort()).toEqual([...ids, ...ids].sort());
		expect(run.output?.map((item) => item.json.status)).toEqual(['queued', 'queued', 'queued']);
	});
});

describe('slow answers and refused connections', () => {
	it('a slow answer within the timeout is a normal result', async () => {
		const { run } = await runChecked({
			count: 3,
			batch: true,
			faults: [{ fault: slow, at: 0 }],
		});
		expect(run.output?.map((item) => item.json.status)).toEqual(['queued', 'queued', 'queued']);
		expect(run.messages).toHaveLength(3);
	});

	it('ECONNREFUSED counts as not sent: resent (even with the option off), then succeeds', async () => {
		const { run } = await runChecked({ faults: [{ fault: refused, at: 0 }] });
		expect(run.sends).toHaveLength(2);
		expect(run.sleeps).toEqual([500]);
		expect(run.output?.[0].json.status).toBe('queued');
		expect(run.messages).toHaveLength(1);
	});

	it('ECONNREFUSED three times: a network error, delivery state known, nothing at 8x8', async () => {
		const { run } = await runChecked({
			continueOnFail: true,
			faults: [{ fault: refused, at: 0, count: 3 }],
		});
		expect(run.sends).toHaveLength(3);
		expect(run.sleeps).toEqual([500, 1000]);
		expect(errorOf(run, 0)).toMatchObject({ code: 'NETWORK_ERROR', httpStatus: null });
		expect(errorOf(run, 0).deliveryStateUnknown).toBeUndefined();
		expect(run.messages).toHaveLength(0);
	});

	it('without Continue On Fail the network error is thrown with the item index', async () => {
		const { run } = await runChecked({ count: 2, faults: [{ fault: refused, at: 1, count: 3 }] });
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error?.context?.itemIndex).toBe(1);
		expect(run.error?.message).toMatch(/^Could not reach 8x8 at http:\/\/127\.0\.0\.1:\d+$/);
	});
});

describe('mixed: validation failures and faults in one run', () => {
	it('Continue On Fail: one output item per input item, in order, each the right kind', async () => {
		const { run } = await runChecked({
			count: 6,
			continueOnFail: true,
			invalid: [1],
			faults: [
				{ fault: rateLimited(0), at: 0 },
				{ fault: unavailable, at: 2 },
				{ fault: refused, at: 3, count: 3 },
			],
		});
		expect(run.output?.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
		expect(
			run.output?.map((item) => item.json.status ?? (item.json.error as IDataObject).code),
		).toEqual([
			'queued',
			'VALIDATION_FAILED',
			'DELIVERY_STATE_UNKNOWN',
			'NETWORK_ERROR',
			'queued',
			'queued',
		]);
	});

	it('without Continue On Fail an invalid item stops the run before anything is sent', async () => {
		const { run } = await runChecked({ count: 3, invalid: [2] });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.context?.itemIndex).toBe(2);
		expect(run.sends).toHaveLength(0);
	});
});

/** Regressions: bugs these fault tests found once, in the transport and in batch sending. */
describe('regressions', () => {
	// Option on; attempt 1 may have queued the message (timeout / reset after accept), the resend
	// then meets a 429 it does not wait for (or ECONNREFUSED). Reporting that as a plain 429 /
	// NETWORK_ERROR ("send again") would make a re-run send the message twice.
	it.each<[string, Array<{ fault: Fault; at: number; count?: number }>]>([
		[
			'timeout, then 429 with Retry-After 45 s',
			[
				{ fault: timeout, at: 0 },
				{ fault: rateLimited(45), at: 1 },
			],
		],
		[
			'reset after accept, then ECONNREFUSED twice',
			[
				{ fault: resetAfterAccept, at: 0 },
				{ fault: refused, at: 1, count: 2 },
			],
		],
	])('%s: the item must stay "delivery state unknown"', async (_name, faults) => {
		const run = await runWithFaults(
			sandbox,
			scenarioOf({ continueOnFail: true, retryUnknown: true, faults }),
		);
		expect(acceptedIds(run)).toEqual([run.clientMessageIds[0]]);
		expect(errorOf(run, 0)).toMatchObject({
			code: 'DELIVERY_STATE_UNKNOWN',
			deliveryStateUnknown: true,
			retryable: false,
		});
	});

	// A batch is resent only when all its items allow it: item 1 has the option off.
	it('batch mode: an item with the option off is never resent', async () => {
		const run = await runWithFaults(
			sandbox,
			scenarioOf({
				count: 2,
				batch: true,
				continueOnFail: true,
				retryUnknown: [true, false],
				faults: [{ fault: acceptedThen500, at: 0 }],
			}),
		);
		expect(acceptedIds(run).filter((id) => id === run.clientMessageIds[1])).toHaveLength(1);
	});
});

describe('the invariant checks can fail', () => {
	// Guards against a vacuous checker: a wrong expectation must be rejected.
	it('rejects a model that expects a resend the node (correctly) does not make', async () => {
		const scenario = scenarioOf({
			continueOnFail: true,
			faults: [{ fault: resetAfterAccept, at: 0 }],
		});
		const run = await runWithFaults(sandbox, scenario);
		expect(() => checkInvariants(scenario, run)).not.toThrow();
		const wrong = { ...scenario, retryUnknown: [true] };
		expect(() => checkInvariants(scenario, run, expectedOutcome(wrong))).toThrow(
			/expected 2 send requests, saw 1/,
		);
	});

	it('rejects a run whose sandbox holds a duplicate without the option', async () => {
		const scenario = scenarioOf({ count: 2 });
		const run = await runWithFaults(sandbox, scenario);
		const duplicated: RunOutcome = { ...run, messages: [...run.messages, run.messages[0]] };
		expect(() => checkInvariants(scenario, duplicated)).toThrow(
			/item 0 was accepted 2 times without retryUnknownDeliveryState/,
		);
	});

	it('rejects output items that are not paired in order', async () => {
		const scenario = scenarioOf({ count: 3 });
		const run = await runWithFaults(sandbox, scenario);
		const output = run.output ?? [];
		const swapped: RunOutcome = { ...run, output: [output[1], output[0], output[2]] };
		expect(() => checkInvariants(scenario, swapped)).toThrow(/item 0 paired with/);
	});
});
