/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Fault injection for the send path of the 8x8 WhatsApp node (issue 7, reliability of sends).
 *
 * `runWithFaults` runs the node against the in-process sandbox with a fault PLAN: send request
 * number k (0-based, counting every POST to /messages or /messages/batch, retries included) meets
 * the fault planned for k. The faults are put in front of that one request only:
 *  - sandbox faults (429 + Retry-After, 503, 500 after accepting, reset after / before accepting,
 *    a slow answer) are injected with count 1 just before the request goes out;
 *  - `timeout`: the node's request timeout (30 s single / 120 s batch, not configurable) is lowered
 *    to SHORT_TIMEOUT_MS for that request only, and the sandbox accepts the message but answers
 *    only after TIMEOUT_DELAY_MS, so the harness aborts exactly like n8n's helper (ECONNABORTED);
 *  - `refused`: the request goes to a closed loopback port (a real ECONNREFUSED).
 *
 * `expectedOutcome` is an independent model of the documented transport rules (429: wait for
 * Retry-After ≤ 30 s, at most 3 times; ambiguous failure of a send: never resent unless
 * retryUnknownDeliveryState, then at most 2 resends with backoff 500 ms × n; ECONNREFUSED: not
 * sent, resent at most twice). `checkInvariants` checks a run against the plan and the model.
 *
 * The test files must mock n8n-workflow's `sleep` (see faults.test.ts): the transport waits with
 * it, and the recorded calls are compared with the model's waits.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { FaultSpec, Sandbox, SandboxMessageView } from '../../../sandbox';
import type { RecordedHttpRequest } from '../../support/executeContext';
import { createExecuteContext, sandboxCredentials } from '../../support/executeContext';
import { errorDetailsOf } from '../../../nodes/shared/transport';
import { node } from './setup';

export const SEND_PATH = '/api/v1/subaccounts/SandboxSub/messages';
export const BATCH_PATH = `${SEND_PATH}/batch`;
/** The lowered timeout of a request planned to time out, and how late the sandbox answers it. */
export const SHORT_TIMEOUT_MS = 60;
export const TIMEOUT_DELAY_MS = 1500;
/** A slow answer that still comes well within the node's timeout. */
export const SLOW_DELAY_MS = 25;

export type Fault =
	/** 429 with Retry-After (seconds; null = header absent → the transport waits 1 s). Nothing processed. */
	| { kind: 'rateLimited'; retryAfter: number | null }
	/** 503, nothing processed. */
	| { kind: 'unavailable' }
	/** Message accepted, then answered 500 / code 2000. */
	| { kind: 'acceptedThen500' }
	/** Message accepted, then the socket is destroyed without an answer. */
	| { kind: 'resetAfterAccept' }
	/** The socket is destroyed before the request is processed (nothing accepted). */
	| { kind: 'resetBeforeAccept' }
	/** Message accepted, answer later than the request timeout. */
	| { kind: 'timeout' }
	/** Message accepted, answered late but within the timeout. */
	| { kind: 'slow' }
	/** Connection refused: nothing reached 8x8. */
	| { kind: 'refused' };

export type FaultKind = Fault['kind'];

/** Send request index → fault. */
export type FaultPlan = Map<number, Fault>;

/** Builds a plan from entries `{fault, at, count}`: requests at..at+count-1; an earlier entry wins. */
export function planOf(entries: Array<{ fault: Fault; at: number; count: number }>): FaultPlan {
	const plan: FaultPlan = new Map();
	for (const entry of entries) {
		for (let index = entry.at; index < entry.at + entry.count; index++) {
			if (!plan.has(index)) plan.set(index, entry.fault);
		}
	}
	return plan;
}

let closedOriginPromise: Promise<string> | undefined;

/** http://127.0.0.1:<port> of a port that was just free and is closed again. */
export async function closedOrigin(): Promise<string> {
	closedOriginPromise ??= new Promise<string>((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(`http://127.0.0.1:${port}`));
		});
	});
	return await closedOriginPromise;
}

export function sleepMock(): jest.MockedFunction<typeof sleep> {
	if (!jest.isMockFunction(sleep)) {
		throw new Error(
			"n8n-workflow's sleep is not mocked: add jest.mock('n8n-workflow', …) to the test file",
		);
	}
	return sleep as jest.MockedFunction<typeof sleep>;
}

/** +65 9xxx xxxx numbers, distinct per item (last digit 0: delivered + read). */
export function recipient(index: number): string {
	return `+659${String(1000000 + index * 10).padStart(7, '0')}`;
}

export interface Scenario {
	count: number;
	batch: boolean;
	continueOnFail: boolean;
	/** Per item: option "Retry Unknown Delivery State". */
	retryUnknown: boolean[];
	/** Per item: recipient that is no phone number (fails the pre-send check, no request). */
	invalid?: boolean[];
	plan: FaultPlan;
	executionId?: string;
	/**
	 * Test-only sabotage, to show the checks catch a real duplicate bug: the HTTP helper silently
	 * repeats a send once after a network failure (as an HTTP client with automatic retries would).
	 */
	sabotage?: 'helperRepeatsAfterNetworkError';
}

export interface RunOutcome {
	output?: INodeExecutionData[];
	error?: Error & { context?: IDataObject; description?: string; httpCode?: string | null };
	/** Every send request the node made (retries included), in order. */
	sends: RecordedHttpRequest[];
	/** Milliseconds passed to n8n's sleep, in order. */
	sleeps: number[];
	/** The sandbox's accepted messages after the run. */
	messages: SandboxMessageView[];
	/** clientMessageId of each item as the node would send it (from the send bodies; null if never sent). */
	clientMessageIds: Array<string | null>;
}

function sandboxFault(fault: Fault, path: string): FaultSpec | undefined {
	const match = { method: 'POST', path };
	switch (fault.kind) {
		case 'rateLimited':
			return { match, status: 429, retryAfter: fault.retryAfter };
		case 'unavailable':
			return { match, status: 503 };
		case 'acceptedThen500':
			return { match, status: 500, afterAccept: true };
		case 'resetAfterAccept':
			return { match, reset: true };
		case 'resetBeforeAccept':
			return { match, reset: true, afterAccept: false };
		case 'timeout':
			return { match, delayMs: TIMEOUT_DELAY_MS };
		case 'slow':
			return { match, delayMs: SLOW_DELAY_MS };
		case 'refused':
			return undefined;
	}
}

type HttpHelper = (
	this: unknown,
	credentialType: string,
	request: IHttpRequestOptions,
) => Promise<unknown>;

export async function runWithFaults(sandbox: Sandbox, scenario: Scenario): Promise<RunOutcome> {
	sandbox.reset();
	const sleeps = sleepMock();
	sleeps.mockClear();
	const refusedOrigin = await closedOrigin();
	const itemParameters = Array.from({ length: scenario.count }, (_, index) => ({
		to: scenario.invalid?.[index] ? 'not a phone' : recipient(index),
		text: `Message ${index}`,
		options: {
			batch: scenario.batch,
			retryUnknownDeliveryState: scenario.retryUnknown[index] === true,
		},
	}));
	const { context, requests } = createExecuteContext({
		credentials: sandboxCredentials(sandbox),
		continueOnFail: scenario.continueOnFail,
		executionId: scenario.executionId ?? '4711',
		items: itemParameters.map((_, index) => ({ index })),
		parameters: { resource: 'message', operation: 'sendText', to: '', text: '', options: {} },
		itemParameters,
	});
	const helpers = context.helpers as unknown as { httpRequestWithAuthentication: HttpHelper };
	const original = helpers.httpRequestWithAuthentication;
	let sendIndex = 0;
	helpers.httpRequestWithAuthentication = async function (this: unknown, type, request) {
		const path = new URL(request.url).pathname;
		const isSend = request.method === 'POST' && (path === SEND_PATH || path === BATCH_PATH);
		if (!isSend) return await original.call(this, type, request);
		const fault = scenario.plan.get(sendIndex++);
		let effective = request;
		if (fault) {
			const spec = sandboxFault(fault, path);
			if (spec) sandbox.injectFault(spec);
			if (fault.kind === 'timeout') effective = { ...request, timeout: SHORT_TIMEOUT_MS };
			if (fault.kind === 'refused') effective = { ...request, url: `${refusedOrigin}${path}` };
		}
		if (scenario.sabotage !== 'helperRepeatsAfterNetworkError') {
			return await original.call(this, type, effective);
		}
		try {
			return await original.call(this, type, effective);
		} catch {
			sendIndex++;
			return await original.call(this, type, request);
		}
	};

	const outcome: RunOutcome = {
		sends: [],
		sleeps: [],
		messages: [],
		clientMessageIds: [],
	};
	try {
		[outcome.output] = await node.execute.call(context as IExecuteFunctions);
	} catch (error) {
		outcome.error = error as RunOutcome['error'];
	}
	outcome.sends = requests.filter((request) => request.method === 'POST');
	outcome.sleeps = sleeps.mock.calls.map(([ms]) => ms);
	outcome.messages = sandbox.messages();
	const idByMsisdn = new Map<string, string>();
	for (const send of outcome.sends) {
		const body = send.body as IDataObject;
		const list = Array.isArray(body.messages) ? (body.messages as IDataObject[]) : [body];
		for (const message of list) {
			idByMsisdn.set(String((message.user as IDataObject).msisdn), String(message.clientMessageId));
		}
	}
	outcome.clientMessageIds = itemParameters.map((item) => idByMsisdn.get(item.to) ?? null);
	return outcome;
}

// ------------------------------------------------------------------------------------------------
// The model

export type ItemResult =
	| { result: 'sent'; accepted: number }
	| {
			result: 'failed';
			code: number | string;
			httpStatus: number | null;
			deliveryStateUnknown: boolean;
			accepted: number;
			/**
			 * An earlier attempt of this send failed ambiguously (it may have queued the message) and the
			 * resend then failed with a 429 or a refused connection: still "delivery state unknown".
			 */
			afterAmbiguousResend?: true;
	  }
	/** Not reached: the run stopped (no Continue On Fail) before this item was sent. */
	| { result: 'skipped'; accepted: 0 };

export interface Expectation {
	items: ItemResult[];
	/** Without Continue On Fail: the item whose failure stops the run. */
	thrownAt?: number;
	requests: number;
	sleeps: number[];
}

type CallResult = {
	item: ItemResult;
	next: number;
};

const RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_MS = 30_000;
const TRANSIENT_RETRIES = 2;
const BACKOFF_MS = 500;

/** One apiRequest for a send (single message or whole batch), starting at send request `start`. */
function simulateSend(
	plan: FaultPlan,
	start: number,
	retryUnknown: boolean,
	sleeps: number[],
): CallResult {
	let rateLimited = 0;
	let retried = 0;
	let accepted = 0;
	let index = start;
	/** An attempt failed after reaching 8x8: from then on the outcome is never "not sent". */
	let ambiguous = false;
	const knownFailure = (code: number | string, httpStatus: number | null): CallResult => ({
		item: ambiguous
			? {
					result: 'failed',
					code: 'DELIVERY_STATE_UNKNOWN',
					httpStatus,
					deliveryStateUnknown: true,
					accepted,
					afterAmbiguousResend: true,
				}
			: { result: 'failed', code, httpStatus, deliveryStateUnknown: false, accepted },
		next: index,
	});
	for (;;) {
		const fault = plan.get(index++);
		const kind = fault?.kind;
		if (kind === undefined || kind === 'slow') {
			accepted++;
			return { item: { result: 'sent', accepted }, next: index };
		}
		if (fault?.kind === 'rateLimited') {
			const wait = fault.retryAfter === null ? 1000 : fault.retryAfter * 1000;
			if (rateLimited < RATE_LIMIT_RETRIES && wait <= MAX_RETRY_AFTER_MS) {
				rateLimited++;
				sleeps.push(wait);
				continue;
			}
			return knownFailure(429, 429);
		}
		if (kind === 'refused') {
			if (retried < TRANSIENT_RETRIES) {
				retried++;
				sleeps.push(BACKOFF_MS * retried);
				continue;
			}
			return knownFailure('NETWORK_ERROR', null);
		}
		// Ambiguous: the request reached 8x8 (which may or may not have accepted it).
		if (kind === 'acceptedThen500' || kind === 'resetAfterAccept' || kind === 'timeout') accepted++;
		ambiguous = true;
		if (retryUnknown && retried < TRANSIENT_RETRIES) {
			retried++;
			sleeps.push(BACKOFF_MS * retried);
			continue;
		}
		const httpStatus = kind === 'unavailable' ? 503 : kind === 'acceptedThen500' ? 500 : null;
		const item: ItemResult = {
			result: 'failed',
			code: 'DELIVERY_STATE_UNKNOWN',
			httpStatus,
			deliveryStateUnknown: true,
			accepted,
		};
		return { item, next: index };
	}
}

export function expectedOutcome(scenario: Scenario): Expectation {
	const items: ItemResult[] = Array.from({ length: scenario.count }, () => ({
		result: 'skipped',
		accepted: 0,
	}));
	const sleeps: number[] = [];
	const prepared: number[] = [];
	for (let index = 0; index < scenario.count; index++) {
		if (!scenario.invalid?.[index]) {
			prepared.push(index);
			continue;
		}
		items[index] = {
			result: 'failed',
			code: 'VALIDATION_FAILED',
			httpStatus: null,
			deliveryStateUnknown: false,
			accepted: 0,
		};
		if (!scenario.continueOnFail) return { items, thrownAt: index, requests: 0, sleeps };
	}
	let next = 0;
	if (scenario.batch) {
		if (prepared.length === 0) return { items, requests: 0, sleeps };
		// One batch (≤ 1,000 items); the option is read from the first item that is sent.
		const call = simulateSend(scenario.plan, 0, scenario.retryUnknown[prepared[0]], sleeps);
		for (const index of prepared) items[index] = { ...call.item };
		const failed = call.item.result === 'failed';
		return {
			items,
			requests: call.next,
			sleeps,
			...(failed && !scenario.continueOnFail ? { thrownAt: prepared[0] } : {}),
		};
	}
	for (const index of prepared) {
		const call = simulateSend(scenario.plan, next, scenario.retryUnknown[index], sleeps);
		next = call.next;
		items[index] = call.item;
		if (call.item.result === 'failed' && !scenario.continueOnFail) {
			return { items, thrownAt: index, requests: next, sleeps };
		}
	}
	return { items, requests: next, sleeps };
}

// ------------------------------------------------------------------------------------------------
// Invariants

function fail(message: string, detail?: unknown): never {
	throw new Error(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

function check(condition: boolean, message: string, detail?: unknown): void {
	if (!condition) fail(message, detail);
}

/** How the thrown error's message names its code. */
export function messageNamesCode(message: string, code: number | string): boolean {
	if (typeof code === 'number') return message.startsWith(`${code} `);
	if (code === 'DELIVERY_STATE_UNKNOWN') return message.startsWith('Delivery state unknown for ');
	if (code === 'NETWORK_ERROR') return message.startsWith('Could not reach 8x8 at ');
	if (code === 'VALIDATION_FAILED') return message.includes('is not a phone number');
	return false;
}

/**
 * Checks one run. Generic invariants (hold whatever the model says):
 *  - with Continue On Fail (or when nothing fails) one output item per input item, paired in order;
 *  - every sent item has exactly one accepted message with its umid, clientMessageId and number;
 *  - an error item says whether the delivery state is unknown; when it does not, 8x8 holds no
 *    message with its clientMessageId;
 *  - every accepted message carries the clientMessageId of an item; at most one accepted message per
 *    clientMessageId, unless the item has retryUnknownDeliveryState on (then every copy has the
 *    same clientMessageId, number and content);
 *  - without Continue On Fail the node throws a NodeApiError / NodeOperationError whose itemIndex is
 *    the failing item and whose message names the code.
 * Model invariants: per item the exact result, code, HTTP status and number of accepted copies; the
 * number of send requests; the waits passed to sleep.
 */
export function checkInvariants(
	scenario: Scenario,
	run: RunOutcome,
	expected = expectedOutcome(scenario),
): void {
	const ids = run.clientMessageIds;
	const itemByMessageId = new Map<string, number>();
	ids.forEach((id, index) => {
		if (id !== null) {
			check(!itemByMessageId.has(id), 'two items share a clientMessageId', id);
			itemByMessageId.set(id, index);
		}
	});

	// Sandbox ground truth: every accepted message belongs to an item; copies only with the option on.
	const copies = new Map<string, SandboxMessageView[]>();
	for (const message of run.messages) {
		const id = message.clientMessageId;
		check(id !== undefined && itemByMessageId.has(id), 'accepted message of no item', message);
		const list = copies.get(id as string) ?? [];
		list.push(message);
		copies.set(id as string, list);
	}
	for (const [id, list] of copies) {
		const index = itemByMessageId.get(id) as number;
		if (list.length > 1) {
			check(
				scenario.retryUnknown[index] === true,
				`item ${index} was accepted ${list.length} times without retryUnknownDeliveryState`,
			);
			for (const copy of list) {
				check(copy.clientMessageId === id, 'copy with another clientMessageId');
				check(copy.user.msisdn === list[0].user.msisdn, 'copy to another number');
				check(
					JSON.stringify(copy.body?.content) === JSON.stringify(list[0].body?.content),
					'copy with other content',
				);
			}
		}
	}

	// The model: request count, waits, copies per item.
	check(
		run.sends.length === expected.requests,
		`expected ${expected.requests} send requests, saw ${run.sends.length}`,
	);
	check(
		JSON.stringify(run.sleeps) === JSON.stringify(expected.sleeps),
		`expected waits ${JSON.stringify(expected.sleeps)}, saw ${JSON.stringify(run.sleeps)}`,
	);
	expected.items.forEach((item, index) => {
		const id = ids[index];
		const accepted = id === null ? 0 : (copies.get(id)?.length ?? 0);
		check(
			accepted === item.accepted,
			`item ${index}: expected ${item.accepted} accepted message(s), sandbox has ${accepted}`,
		);
	});

	if (expected.thrownAt !== undefined) {
		check(run.output === undefined, 'expected the node to throw, it returned items');
		const error = run.error;
		check(
			error instanceof NodeApiError || error instanceof NodeOperationError,
			'the node threw something else than NodeApiError / NodeOperationError',
			String(error),
		);
		const thrownItem = expected.items[expected.thrownAt];
		if (thrownItem.result !== 'failed') fail('model: thrown item did not fail');
		check(
			error?.context?.itemIndex === expected.thrownAt,
			`expected itemIndex ${expected.thrownAt}, got ${String(error?.context?.itemIndex)}`,
		);
		check(
			errorDetailsOf(error).code === thrownItem.code,
			`expected code ${thrownItem.code}, got ${errorDetailsOf(error).code}`,
		);
		check(
			messageNamesCode(error?.message ?? '', thrownItem.code),
			`message does not name ${thrownItem.code}`,
			error?.message,
		);
		if (thrownItem.deliveryStateUnknown && ids[expected.thrownAt] !== null) {
			check(
				String(error?.message).includes(String(ids[expected.thrownAt])) ||
					String(error?.message).includes(' messages: '),
				'delivery-state-unknown error names neither the clientMessageId nor the count',
				error?.message,
			);
		}
		return;
	}

	if (run.error) fail('the node threw', String(run.error.stack ?? run.error));
	const output = run.output ?? [];
	check(output.length === scenario.count, `expected ${scenario.count} items, got ${output.length}`);
	output.forEach((item, index) => {
		check(
			JSON.stringify(item.pairedItem) === JSON.stringify({ item: index }),
			`item ${index} paired with ${JSON.stringify(item.pairedItem)}`,
		);
		const json = item.json;
		const want = expected.items[index];
		check(
			json.to === (scenario.invalid?.[index] ? 'not a phone' : recipient(index)),
			`item ${index}: to`,
			json.to,
		);
		if (json.error === undefined) {
			check(want.result === 'sent', `item ${index}: sent, expected ${want.result}`, json);
			check(typeof json.umid === 'string', `item ${index}: no umid`, json);
			check(json.clientMessageId === ids[index], `item ${index}: clientMessageId`, json);
			const holders = run.messages.filter((message) => message.umid === json.umid);
			check(
				holders.length === 1,
				`item ${index}: ${holders.length} accepted messages with its umid`,
			);
			check(
				holders[0].clientMessageId === json.clientMessageId &&
					holders[0].user.msisdn === recipient(index),
				`item ${index}: its umid belongs to another message`,
				holders[0],
			);
			return;
		}
		const error = json.error as IDataObject;
		if (want.result !== 'failed') fail(`item ${index}: error, expected ${want.result}`, json);
		check(
			error.code === want.code,
			`item ${index}: code ${String(error.code)}, expected ${want.code}`,
			json,
		);
		check(error.httpStatus === want.httpStatus, `item ${index}: httpStatus`, json);
		check(
			error.deliveryStateUnknown === (want.deliveryStateUnknown ? true : undefined),
			`item ${index}: deliveryStateUnknown`,
			json,
		);
		check(typeof error.message === 'string' && typeof error.fix === 'string', 'error text');
		check(json.clientMessageId === ids[index], `item ${index}: clientMessageId`, json);
		if (!error.deliveryStateUnknown) {
			const id = ids[index];
			check(
				id === null || !copies.has(id),
				`item ${index}: error says nothing was sent, but 8x8 accepted it`,
			);
		} else {
			check(
				typeof json.clientMessageId === 'string',
				`item ${index}: unknown state without clientMessageId`,
			);
			// One message: the text names its clientMessageId (a batch error names the first three).
			if (!scenario.batch) {
				check(
					String(error.message).includes(String(json.clientMessageId)) &&
						String(error.fix).includes(String(json.clientMessageId)),
					`item ${index}: unknown state whose text does not name its clientMessageId`,
					json,
				);
			}
		}
	});
}
