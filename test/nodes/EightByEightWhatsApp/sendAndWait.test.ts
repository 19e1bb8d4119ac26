/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only HTTP server standing in for n8n's waiting webhook */
/**
 * "Send and Wait for Delivery" at unit level: execute() against the sandbox (request body, resume
 * URL with the node's wait token, the wait, the pending "timeout" item), webhook() with every kind of
 * call (intermediate and final receipts, forged token, wrong Authorization, foreign umid, a body that
 * is not a receipt), and the whole cycle: the sandbox POSTs its real receipts to a local server that
 * hands each one to webhook() the way n8n's waiting webhook does. (The same in real n8n 1.x / 2.x:
 * test/e2e/sendAndWait.test.js.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import {
	finalStatesFor,
	finalStateOf,
	RESUME_WEBHOOKS,
	SEND_AND_WAIT_OPERATION,
	TIMEOUT_NOTE,
	WAIT_TOKEN_PARAM,
	waitToken,
} from '../../../nodes/EightByEightWhatsApp/helpers/sendAndWait';
import { clearResumeClaims } from '../../../nodes/EightByEightWhatsApp/helpers/resumeOnce';
import { explainApiError, explainDeliveryError } from '../../../nodes/shared/errors';
import type { DeliveryStage } from '../../../nodes/shared/events';
import { createExecuteContext, sandboxCredentials } from '../../support/executeContext';
import { makeResponse, makeWebhookContext } from '../../support/webhookContext';
import { node, openSandbox, startSandbox, TO } from './setup';

const EXECUTION_ID = '4711';
const RESUME_BASE = 'https://n8n.example.test/webhook-waiting/4711';
const AUTH = 'Bearer dlr-secret';

interface WaitRun {
	output: INodeExecutionData[];
	requests: ReturnType<typeof createExecuteContext>['requests'];
	waitTill?: Date;
	/** The node's pending input after execute(): what n8n saves with the waiting execution. */
	pending: INodeExecutionData[];
	nodeId: string;
}

async function runWait(
	sandbox: Sandbox,
	parameters: IDataObject,
	options: {
		resumeBase?: string;
		credentials?: ICredentialDataDecryptedObject;
		items?: IDataObject[];
		continueOnFail?: boolean;
	} = {},
): Promise<WaitRun> {
	// every run stands for a new execution, though all use EXECUTION_ID: none is resumed yet
	clearResumeClaims();
	const items = options.items ?? [{ source: 'input' }];
	const {
		context,
		requests,
		node: fakeNode,
	} = createExecuteContext({
		credentials: options.credentials ?? sandboxCredentials(sandbox),
		parameters: {
			resource: 'message',
			operation: SEND_AND_WAIT_OPERATION,
			to: TO,
			messageType: 'text',
			text: 'Your order shipped',
			resumeOn: ['delivered'],
			waitAmount: 24,
			waitUnit: 'hours',
			options: {},
			...parameters,
		},
		items,
		executionId: EXECUTION_ID,
		continueOnFail: options.continueOnFail,
	});
	const stackEntry = {
		node: fakeNode,
		data: { main: [items.map((json, item) => ({ json, pairedItem: { item } }))] },
		source: null,
	};
	let waitTill: Date | undefined;
	Object.assign(context, {
		evaluateExpression: (expression: string) => {
			if (expression !== '{{ $execution.resumeUrl }}') throw new Error(`unexpected ${expression}`);
			return options.resumeBase ?? RESUME_BASE;
		},
		putExecutionToWait: async (date: Date) => {
			waitTill = date;
		},
		getExecuteData: () => stackEntry,
	});
	const [output] = await node.execute.call(context as IExecuteFunctions);
	return {
		output,
		requests,
		waitTill,
		pending: stackEntry.data.main[0] as INodeExecutionData[],
		nodeId: fakeNode.id,
	};
}

/** webhook() as n8n's waiting webhook calls it: the pending item is the context's $json. */
async function callWebhook(input: {
	pending: INodeExecutionData[];
	nodeId: string;
	body: unknown;
	query?: IDataObject;
	headers?: Record<string, string>;
	credentials: ICredentialDataDecryptedObject;
	onError?: INode['onError'];
}): Promise<{
	result: IWebhookResponseData;
	response: ReturnType<typeof makeResponse>['recorded'];
}> {
	const harness = makeWebhookContext({
		body: input.body,
		headers: input.headers ?? {},
		credentials: { eightByEightApi: input.credentials },
	});
	const actionNode: INode = {
		...harness.context.getNode(),
		id: input.nodeId,
		name: '8x8 WhatsApp',
		...(input.onError ? { onError: input.onError } : {}),
	};
	Object.assign(harness.context, {
		getNode: () => actionNode,
		getExecutionId: () => EXECUTION_ID,
		getQueryData: () => input.query ?? {},
		evaluateExpression: (expression: string) => {
			if (expression !== '{{ JSON.stringify($json) }}') throw new Error(`unexpected ${expression}`);
			return JSON.stringify(input.pending[0]?.json);
		},
	});
	const result = await node.webhook.call(harness.context as IWebhookFunctions);
	return { result, response: harness.response };
}

function receipt(umid: string, state: string, extra: IDataObject = {}): IDataObject {
	return {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload: {
			umid,
			subAccountId: 'SandboxSub',
			channel: 'whatsapp',
			user: { msisdn: TO },
			status: { state, timestamp: '2026-07-03T03:40:54.16Z', ...extra },
		},
	};
}

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	clearResumeClaims();
});

describe('description', () => {
	it('declares one restart webhook (POST) and an operation that is not named "sendAndWait"', () => {
		expect(node.description.webhooks).toBe(RESUME_WEBHOOKS);
		expect(RESUME_WEBHOOKS).toEqual([
			expect.objectContaining({ httpMethod: 'POST', restartWebhook: true, path: '' }),
		]);
		// n8n 2.x turns a node with webhooks and an operation valued "sendAndWait" into a human-approval tool.
		const values = node.description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options ?? []).map((option) => (option as { value: string }).value),
			);
		expect(values).toContain(SEND_AND_WAIT_OPERATION);
		expect(values).not.toContain('sendAndWait');
	});

	it('ends the wait on the chosen states, read when delivered was chosen, and always on undelivered', () => {
		expect(finalStatesFor(['delivered'])).toEqual(['delivered', 'read', 'undelivered']);
		expect(finalStatesFor(['read'])).toEqual(['read', 'undelivered']);
		expect(finalStatesFor(['undelivered'])).toEqual(['undelivered']);
		expect(finalStatesFor([])).toEqual(['delivered', 'read', 'undelivered']);
		const forRead = finalStatesFor(['read']);
		const forDelivered = finalStatesFor(['delivered']);
		const at = (stage: DeliveryStage) => ({ stage });
		expect(
			(['queued', 'sent', 'handed_to_operator', 'delivered'] as const).map((stage) =>
				finalStateOf(at(stage), forRead),
			),
		).toEqual([undefined, undefined, undefined, undefined]);
		expect(finalStateOf(at('read'), forRead)).toBe('read');
		expect(finalStateOf(at('undelivered'), forDelivered)).toBe('undelivered');
		expect(finalStateOf(at('rejected'), forRead)).toBe('rejected');
		// Only the phone counts: the hand-over to the operator keeps the wait going.
		expect(finalStateOf(at('handed_to_operator'), forDelivered)).toBeUndefined();
		expect(finalStateOf(at('delivered'), forDelivered)).toBe('delivered');
		expect(finalStateOf(at('read'), forDelivered)).toBe('read');
		// A state 8x8 does not document is not taken for a delivery or a failure.
		expect(finalStateOf(at('unknown'), forDelivered)).toBeUndefined();
	});
});

describe('execute', () => {
	it('sends with dlrCallbackUrl = resume URL + wait token, waits, and leaves the "timeout" item pending', async () => {
		const before = Date.now();
		const run = await runWait(sandbox, { waitAmount: 2, waitUnit: 'hours' });
		const token = waitToken('sandbox-api-key', EXECUTION_ID, run.nodeId);
		const stored = sandbox.messages();
		expect(stored).toHaveLength(1);
		expect(run.requests.map((request) => request.body)).toEqual([
			{
				user: { msisdn: TO },
				type: 'text',
				content: { text: 'Your order shipped' },
				clientMessageId: stored[0].clientMessageId,
				dlrCallbackUrl: `${RESUME_BASE}?${WAIT_TOKEN_PARAM}=${token}`,
			},
		]);
		expect(run.waitTill).toBeInstanceOf(Date);
		const waitMs = (run.waitTill as Date).getTime() - before;
		expect(waitMs).toBeGreaterThanOrEqual(2 * 3_600_000);
		expect(waitMs).toBeLessThan(2 * 3_600_000 + 60_000);

		const pendingJson = {
			umid: stored[0].umid,
			clientMessageId: stored[0].clientMessageId,
			to: TO,
			type: 'text',
			acceptedAt: expect.any(String),
			finalState: 'timeout',
			waitedFor: ['delivered', 'read', 'undelivered'],
			waitTill: (run.waitTill as Date).toISOString(),
			history: [{ state: 'queued', timestamp: expect.any(String), source: 'send' }],
			error: null,
			note: TIMEOUT_NOTE,
		};
		expect(run.pending).toEqual([{ json: pendingJson, pairedItem: { item: 0 } }]);
		const waiting: IDataObject = { ...pendingJson, finalState: 'waiting' };
		delete waiting.note;
		expect(run.output).toEqual([{ json: waiting, pairedItem: { item: 0 } }]);
	});

	it('keeps an existing query string of the resume URL (n8n 2.x: ?signature=…)', async () => {
		const run = await runWait(sandbox, {}, { resumeBase: `${RESUME_BASE}?signature=abc123` });
		const url = new URL(String((run.requests[0].body as IDataObject).dlrCallbackUrl));
		expect(url.searchParams.get('signature')).toBe('abc123');
		expect(url.searchParams.get(WAIT_TOKEN_PARAM)).toBe(
			waitToken('sandbox-api-key', EXECUTION_ID, run.nodeId),
		);
	});

	it('sends a template chosen by name and language', async () => {
		const run = await runWait(sandbox, {
			messageType: 'template',
			channelId: '',
			template: { __rl: true, mode: 'name', value: 'welcome_plain|en' },
			templateVariables: { mappingMode: 'defineBelow', value: null },
		});
		const send = run.requests.find((request) => request.method === 'POST');
		expect(send?.body).toMatchObject({
			type: 'template',
			content: { template: { name: 'welcome_plain', language: 'en' } },
		});
		expect(run.pending[0].json).toMatchObject({ template: 'welcome_plain', language: 'en' });
	});

	it('refuses more than one input item (one message per execution), sending nothing', async () => {
		await expect(runWait(sandbox, {}, { items: [{}, {}] })).rejects.toThrow(
			'Send and Wait for Delivery sends one message per execution, but 2 items arrived',
		);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('does not wait when the send fails: error, or an error item under Continue On Fail', async () => {
		const wrongKey = { ...sandboxCredentials(sandbox), apiKey: 'wrong' };
		await expect(runWait(sandbox, {}, { credentials: wrongKey })).rejects.toThrow(/^1200 /);
		const run = await runWait(sandbox, {}, { credentials: wrongKey, continueOnFail: true });
		expect(run.waitTill).toBeUndefined();
		expect(run.output).toEqual([
			{
				json: {
					error: expect.objectContaining({ code: 1200, httpStatus: 401 }),
					to: TO,
					clientMessageId: expect.stringMatching(/^n8n-4711-0-/),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('checks the wait limit', async () => {
		await expect(runWait(sandbox, { waitAmount: 0 })).rejects.toThrow(
			'Wait Limit 0 hours is not a positive duration',
		);
		expect(sandbox.messages()).toHaveLength(0);
	});
});

describe('webhook', () => {
	let run: WaitRun;
	let umid: string;
	let query: IDataObject;
	const credentials = () => ({ ...sandboxCredentials(sandbox), webhookSecret: AUTH });
	const call = async (
		body: unknown,
		overrides: {
			query?: IDataObject;
			headers?: Record<string, string>;
			pending?: INodeExecutionData[];
		} = {},
	) =>
		await callWebhook({
			pending: overrides.pending ?? run.pending,
			nodeId: run.nodeId,
			body,
			query: overrides.query ?? query,
			headers: overrides.headers ?? { authorization: AUTH },
			credentials: credentials(),
		});

	beforeEach(async () => {
		run = await runWait(sandbox, { resumeOn: ['read'] }, { credentials: credentials() });
		umid = String(run.pending[0].json.umid);
		query = { [WAIT_TOKEN_PARAM]: waitToken('sandbox-api-key', EXECUTION_ID, run.nodeId) };
	});

	it('answers intermediate receipts 200 without resuming (queued, sent, and delivered when waiting for read)', async () => {
		for (const state of ['queued', 'sent', 'delivered']) {
			const { result, response } = await call(receipt(umid, state));
			expect(result).toEqual({
				webhookResponse: {
					received: true,
					umid,
					state,
					stage: state,
					waiting: true,
					waitingFor: ['read', 'undelivered'],
				},
			});
			expect(result.workflowData).toBeUndefined();
			expect(response.sends).toBe(0);
		}
	});

	it('resumes once: a second final receipt (8x8 retrying a read) is answered 200 "already resumed" and resumes nothing', async () => {
		const first = await call(receipt(umid, 'read'));
		expect(first.result.workflowData).toHaveLength(1);
		const [second, third] = await Promise.all([
			call(receipt(umid, 'read')),
			call(receipt(umid, 'read')),
		]);
		for (const { result } of [second, third]) {
			expect(result.workflowData).toBeUndefined();
			expect(result.webhookResponse).toMatchObject({
				received: true,
				umid,
				resumed: false,
				alreadyResumed: true,
				finalState: 'read',
			});
		}
		// a refused call claims nothing: only a call that resumes does
		clearResumeClaims();
		const forged = await call(receipt(umid, 'read'), { query: { [WAIT_TOKEN_PARAM]: 'wrong' } });
		expect(forged.result.workflowData).toBeUndefined();
		expect((await call(receipt(umid, 'read'))).result.workflowData).toHaveLength(1);
	});

	it('resumes on the final receipt with the history, the receipt and no error', async () => {
		const { result } = await call(receipt(umid, 'read'));
		expect(result.webhookResponse).toEqual({
			received: true,
			umid,
			state: 'read',
			stage: 'read',
			resumed: true,
			finalState: 'read',
		});
		const [[item]] = result.workflowData as INodeExecutionData[][];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			umid,
			clientMessageId: run.pending[0].json.clientMessageId,
			to: TO,
			finalState: 'read',
			statusTimestamp: '2026-07-03T03:40:54.16Z',
			error: null,
			receipt: expect.objectContaining({ umid, state: 'read' }),
		});
		expect(item.json.note).toBeUndefined();
		expect(item.json.history).toEqual([
			{ state: 'queued', timestamp: run.pending[0].json.acceptedAt, source: 'send' },
			{
				state: 'read',
				detail: null,
				timestamp: '2026-07-03T03:40:54.16Z',
				receivedAt: expect.any(String),
				source: 'receipt',
			},
		]);
	});

	it('resumes on undelivered whatever was chosen, with the error explained (1022 / 131047)', async () => {
		const body = receipt(umid, 'undelivered', {
			detail: 'rejected_by_operator',
			errorCode: 1022,
			errorMessage: 'Message window expired',
		});
		(body.payload as IDataObject).whatsapp = { providerErrorCode: '131047' };
		const { result } = await call(body);
		const [[item]] = result.workflowData as INodeExecutionData[][];
		const expected = explainDeliveryError(1022, '131047');
		expect(item.json.finalState).toBe('undelivered');
		expect(item.json.error).toEqual({
			code: 1022,
			message: 'Message window expired',
			providerErrorCode: '131047',
			source: 'delivery',
			metaCode: 131047,
			title: expected.title,
			meaning: expected.meaning,
			fix: expected.fix,
			retryable: expected.retryable,
		});
		expect((item.json.history as IDataObject[])[1]).toMatchObject({
			state: 'undelivered',
			errorCode: 1022,
			providerErrorCode: '131047',
		});
	});

	it('refuses a missing or wrong wait token with 401 and does not resume', async () => {
		for (const forged of [{}, { [WAIT_TOKEN_PARAM]: 'f'.repeat(64) }]) {
			const { result, response } = await call(receipt(umid, 'read'), { query: forged });
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
			expect(response.body).toMatchObject({ error: 'invalid_wait_token' });
		}
		// A token for another execution does not fit either.
		const other = { [WAIT_TOKEN_PARAM]: waitToken('sandbox-api-key', '4712', run.nodeId) };
		const { response } = await call(receipt(umid, 'read'), { query: other });
		expect(response.statusCode).toBe(401);
	});

	it("refuses a WRONG Authorization (401, not resumed); a call without one is not refused for that (the URL's token authenticates it)", async () => {
		const wrong = await call(receipt(umid, 'read'), { headers: { authorization: 'Bearer guess' } });
		expect(wrong.result).toEqual({ noWebhookResponse: true });
		expect(wrong.response).toMatchObject({
			statusCode: 401,
			body: { error: 'authorization_mismatch' },
		});
		const twice = await call(receipt(umid, 'read'), {
			headers: { authorization: [AUTH, AUTH] as unknown as string },
		});
		expect(twice.response).toMatchObject({
			statusCode: 401,
			body: { error: 'authorization_mismatch' },
		});

		// 8x8 documents no Authorization on a per-message dlrCallbackUrl.
		const none = await call(receipt(umid, 'read'), { headers: {} });
		expect(none.response.statusCode).toBeUndefined();
		expect(none.result.webhookResponse).toMatchObject({ resumed: true, finalState: 'read' });
		expect(none.result.workflowData).toHaveLength(1);

		// Without the token, no Authorization (right or absent) helps.
		for (const headers of [{}, { authorization: AUTH }] as Array<Record<string, string>>) {
			const forged = await call(receipt(umid, 'read'), { headers, query: {} });
			expect(forged.response).toMatchObject({
				statusCode: 401,
				body: { error: 'invalid_wait_token' },
			});
		}
	});

	it('with no Webhook Authorization Header in the credential, any Authorization is accepted (nothing to compare)', async () => {
		const { result } = await callWebhook({
			pending: run.pending,
			nodeId: run.nodeId,
			body: receipt(umid, 'read'),
			query,
			headers: { authorization: 'Bearer whatever' },
			credentials: sandboxCredentials(sandbox),
		});
		expect(result.webhookResponse).toMatchObject({ resumed: true });
	});

	it('rejected (by 8x8) ends the wait as "rejected", its code explained from the API catalog (3038)', async () => {
		const { result } = await call(
			receipt(umid, 'rejected', {
				errorCode: 3038,
				errorMessage: 'Template not found for provided name and language',
			}),
		);
		const [[item]] = result.workflowData as INodeExecutionData[][];
		const expected = explainApiError(3038);
		expect(result.webhookResponse).toMatchObject({ resumed: true, finalState: 'rejected' });
		expect(item.json).toMatchObject({
			finalState: 'rejected',
			error: {
				code: 3038,
				source: 'api',
				title: 'Template not found',
				meaning: expected.meaning,
				fix: expected.fix,
			},
		});
	});

	it('refuses receipts of another message (409): other umid, or other clientMessageId', async () => {
		const foreign = await call(receipt('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'read'));
		expect(foreign.result).toEqual({ noWebhookResponse: true });
		expect(foreign.response).toMatchObject({ statusCode: 409, body: { error: 'foreign_message' } });
		const body = receipt(umid, 'read');
		(body.payload as IDataObject).clientMessageId = 'someone-else';
		const otherId = await call(body);
		expect(otherId.response).toMatchObject({ statusCode: 409, body: { error: 'foreign_message' } });
	});

	it('refuses bodies that are not delivery receipts (400) and calls with no waiting message (409)', async () => {
		const inbound = await call({ eventType: 'inbound_message_received', payload: {} });
		expect(inbound.response).toMatchObject({
			statusCode: 400,
			body: { error: 'not_a_delivery_receipt' },
		});
		const garbage = await call([1, 2, 3]);
		expect(garbage.response.statusCode).toBe(400);
		const noState = await call(receipt(umid, 'read'), { pending: [{ json: { source: 'input' } }] });
		expect(noState.response).toMatchObject({
			statusCode: 409,
			body: { error: 'no_waiting_message' },
		});
	});
});

describe('webhook: delivered means on the phone', () => {
	const hop = (umid: string) => receipt(umid, 'delivered', { detail: 'delivered_to_operator' });
	const undelivered1018 = (umid: string) => {
		const body = receipt(umid, 'undelivered', {
			detail: 'rejected_by_operator',
			errorCode: 1018,
			errorMessage: 'Message rejected',
		});
		(body.payload as IDataObject).whatsapp = { providerErrorCode: '131026' };
		return body;
	};

	async function waiting(onError?: INode['onError']) {
		const run = await runWait(sandbox, { resumeOn: ['delivered'] });
		const umid = String(run.pending[0].json.umid);
		const query = { [WAIT_TOKEN_PARAM]: waitToken('sandbox-api-key', EXECUTION_ID, run.nodeId) };
		const call = async (body: unknown) =>
			await callWebhook({
				pending: run.pending,
				nodeId: run.nodeId,
				body,
				query,
				credentials: sandboxCredentials(sandbox),
				onError,
			});
		return { run, umid, call };
	}

	it('delivered_to_operator keeps waiting; the undelivered 1018 / Meta 131026 that follows ends the wait, explained', async () => {
		const { run, umid, call } = await waiting();
		const first = await call(hop(umid));
		expect(first.result).toEqual({
			webhookResponse: {
				received: true,
				umid,
				state: 'delivered',
				stage: 'handed_to_operator',
				waiting: true,
				waitingFor: ['delivered', 'read', 'undelivered'],
			},
		});
		const second = await call(undelivered1018(umid));
		expect(second.result.webhookResponse).toMatchObject({
			resumed: true,
			finalState: 'undelivered',
			stage: 'undelivered',
		});
		const [[item]] = second.result.workflowData as INodeExecutionData[][];
		const expected = explainDeliveryError(1018, '131026');
		expect(item.json).toMatchObject({
			umid,
			clientMessageId: run.pending[0].json.clientMessageId,
			to: TO,
			finalState: 'undelivered',
			statusDetail: 'rejected_by_operator',
		});
		expect(item.json.error).toEqual({
			code: 1018,
			message: 'Message rejected',
			providerErrorCode: '131026',
			source: 'delivery',
			metaCode: 131026,
			title: expected.title,
			meaning: expected.meaning,
			fix: expected.fix,
			retryable: expected.retryable,
		});
	});

	it('delivered_to_recipient (with the BSUID) ends the wait as delivered; read as read', async () => {
		const { umid, call } = await waiting();
		const body = receipt(umid, 'delivered', { detail: 'delivered_to_recipient' });
		(body.payload as IDataObject).user = { msisdn: TO, channelUserId: 'SG.1234567890' };
		const delivered = await call(body);
		expect(delivered.result.webhookResponse).toMatchObject({
			resumed: true,
			finalState: 'delivered',
		});
		const [[item]] = delivered.result.workflowData as INodeExecutionData[][];
		expect(item.json).toMatchObject({
			finalState: 'delivered',
			error: null,
			receipt: {
				stage: 'delivered',
				reachedRecipient: true,
				to: { channelUserId: 'SG.1234567890' },
			},
		});

		clearResumeClaims(); // the same waiting state, as another execution
		const read = await call(receipt(umid, 'read'));
		expect(read.result.webhookResponse).toMatchObject({ resumed: true, finalState: 'read' });
	});

	it('error output: an undelivered resume is `{ error: { code, meaning, fix, ..., umid, to, clientMessageId, finalState } }`', async () => {
		const { run, umid, call } = await waiting('continueErrorOutput');
		expect((await call(hop(umid))).result.workflowData).toBeUndefined();
		const { result } = await call(undelivered1018(umid));
		const [[item]] = result.workflowData as INodeExecutionData[][];
		const expected = explainDeliveryError(1018, '131026');
		// n8n routes an item to the error output only when its json holds nothing but `error`.
		expect(Object.keys(item.json)).toEqual(['error']);
		expect(item.json.error).toMatchObject({
			code: 1018,
			message: 'Message rejected',
			meaning: expected.meaning,
			fix: expected.fix,
			retryable: expected.retryable,
			errorId: null,
			providerErrorCode: '131026',
			metaCode: 131026,
			umid,
			to: TO,
			clientMessageId: run.pending[0].json.clientMessageId,
			finalState: 'undelivered',
			statusDetail: 'rejected_by_operator',
			history: [
				expect.objectContaining({ source: 'send' }),
				expect.objectContaining({ errorCode: 1018 }),
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('error output: a delivered resume stays a regular item; regular output keeps the undelivered item as it was', async () => {
		const errorOutput = await waiting('continueErrorOutput');
		const ok = await errorOutput.call(receipt(errorOutput.umid, 'read'));
		const [[okItem]] = ok.result.workflowData as INodeExecutionData[][];
		expect(okItem.json).toMatchObject({ finalState: 'read', error: null });

		const regular = await waiting('continueRegularOutput');
		const failed = await regular.call(undelivered1018(regular.umid));
		const [[item]] = failed.result.workflowData as INodeExecutionData[][];
		expect(item.json).toMatchObject({
			umid: regular.umid,
			finalState: 'undelivered',
			error: { code: 1018, metaCode: 131026 },
		});
	});
});

describe('the whole cycle against the sandbox', () => {
	let receipts: Sandbox;
	let server: Server;
	let serverUrl: string;
	let pending: INodeExecutionData[] = [];
	let nodeId = '';
	const answers: Array<{ state: string; status: number; resumed: boolean }> = [];
	let resumedWith: INodeExecutionData[][] | undefined;
	const credentials = () => ({ ...sandboxCredentials(receipts), webhookSecret: AUTH });

	beforeAll(async () => {
		receipts = await startSandbox({ receiptDelayMs: 0 });
		// Plays n8n's waiting webhook: hands each POST to webhook() with the pending item as $json.
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void (async () => {
					const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject;
					const state = String(((body.payload as IDataObject)?.status as IDataObject)?.state);
					if (resumedWith) {
						// The execution is no longer waiting: n8n answers 409 before any node code runs.
						answers.push({ state, status: 409, resumed: false });
						res.writeHead(409, { 'content-type': 'application/json' });
						res.end('{"message":"The execution is running already / has finished"}');
						return;
					}
					const url = new URL(req.url ?? '/', serverUrl);
					const { result, response } = await callWebhook({
						pending,
						nodeId,
						body,
						query: Object.fromEntries(url.searchParams),
						headers: { authorization: String(req.headers.authorization ?? '') },
						credentials: credentials(),
					});
					if (result.workflowData) resumedWith = result.workflowData;
					const status = response.statusCode ?? 200;
					answers.push({ state, status, resumed: result.workflowData !== undefined });
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(result.webhookResponse ?? response.body ?? {}));
				})();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		receipts.state.webhooks.push({
			type: 'CADR',
			subAccountId: 'SandboxSub',
			url: `${serverUrl}/unused`,
			enabled: true,
			httpAuthorization: AUTH,
		});
	});

	afterAll(async () => {
		await receipts.close();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('delivered (…7, resume on delivered): queued and sent answered 200, delivered resumes, read comes too late', async () => {
		const run = await runWait(
			receipts,
			{ to: '+6591234567', resumeOn: ['delivered'] },
			{ resumeBase: `${serverUrl}/webhook-waiting/4711`, credentials: credentials() },
		);
		pending = run.pending;
		nodeId = run.nodeId;
		await receipts.whenIdle();
		expect(answers.map((answer) => [answer.state, answer.status, answer.resumed])).toEqual([
			['queued', 200, false],
			['sent', 200, false],
			['delivered', 200, true],
			// The sandbox retries a refused receipt (3 more attempts).
			['read', 409, false],
			['read', 409, false],
			['read', 409, false],
			['read', 409, false],
		]);
		const [[item]] = resumedWith as INodeExecutionData[][];
		expect(item.json).toMatchObject({
			umid: receipts.messages()[0].umid,
			finalState: 'delivered',
			statusDetail: 'delivered_to_recipient',
		});
		expect((item.json.history as IDataObject[]).map((entry) => entry.state)).toEqual([
			'queued',
			'delivered',
		]);
	});

	it('the operator hand-over (…1): queued and the hop answered 200, the undelivered 1018 that follows resumes, explained', async () => {
		answers.length = 0;
		resumedWith = undefined;
		const run = await runWait(
			receipts,
			{ to: '+6591234561', resumeOn: ['delivered'] },
			{ resumeBase: `${serverUrl}/webhook-waiting/4711`, credentials: credentials() },
		);
		pending = run.pending;
		nodeId = run.nodeId;
		await receipts.whenIdle();
		expect(answers.map((answer) => [answer.state, answer.status, answer.resumed])).toEqual([
			['queued', 200, false],
			['delivered', 200, false],
			['undelivered', 200, true],
		]);
		const [[item]] = resumedWith as unknown as INodeExecutionData[][];
		expect(item.json).toMatchObject({
			finalState: 'undelivered',
			error: { code: 1018, metaCode: 131026, source: 'delivery' },
		});
	});
});
