/**
 * On Error = "Continue (using error output)": every failed item of every operation is shaped so that
 * n8n puts it on the error output (its json holds nothing but `error`: n8n-core's
 * handleNodeErrorOutput, 1.123 and 2.41), with code, meaning, fix, retryable, errorId and the
 * item's context (recipient and clientMessageId for sends, the umid, template or webhook it was
 * about). "Continue (using regular output)" keeps the items as before. Real routing in n8n 1.x and
 * 2.x: test/e2e/send.test.js and test/e2e/management.test.js.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { failedItemJson } from '../../../nodes/EightByEightWhatsApp/helpers/output';
import { sandboxCredentials } from '../../support/executeContext';
import { openSandbox, run, templateLocator, variables } from './setup';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

const UNKNOWN_UMID = '0b0d3a5e-8d3e-4f57-9d55-3f0f7c1b2a11';
const onError = (mode: INode['onError']) => ({ node: { onError: mode } });

interface Case {
	name: string;
	parameters: IDataObject;
	itemParameters?: IDataObject[];
	items?: number;
	/** The credential fields that differ from the sandbox's. */
	credentials?: Record<string, string>;
	/** Item positions that fail, and what each failed item's `error` must hold. */
	failures: Record<number, IDataObject>;
	onRequest?: (request: { method: string; url: string }) => Promise<void>;
}

const CASES: Case[] = [
	{
		name: 'Send Text: a number the node refuses, and one 8x8 refuses (1002)',
		parameters: { operation: 'sendText', text: 'Hello' },
		itemParameters: [{ to: '12' }, { to: '+6591234567' }, { to: '+2131234' }],
		failures: {
			0: { code: 'VALIDATION_FAILED', to: '12', clientMessageId: null },
			2: { code: 1002, httpStatus: 400, to: '+2131234', clientMessageId: expect.any(String) },
		},
	},
	{
		name: 'Send Template in a batch: a message rejected inside the 200 answer (3038)',
		parameters: {
			operation: 'sendTemplate',
			channelId: '',
			template: templateLocator('delivery_update|en'),
			templateVariables: variables({ 'body.1': 'A-1' }),
			options: { batch: true },
		},
		itemParameters: [
			{ to: '+6591000000' },
			{ to: '+6591000001', template: templateLocator('delivery_update|es') },
		],
		onRequest: async (request) => {
			if (request.method === 'POST' && request.url.endsWith('/batch')) {
				await sandbox.setTemplateStatus('delivery_update', 'DISABLED', { language: 'es' });
			}
		},
		failures: {
			1: { code: 3038, httpStatus: null, to: '+6591000001', clientMessageId: expect.any(String) },
		},
	},
	{
		name: 'Send and Wait for Delivery: the send fails (wrong key, 1200)',
		parameters: {
			operation: 'sendAndWaitForDelivery',
			to: '+6591234567',
			messageType: 'text',
			text: 'Your order shipped',
			resumeOn: ['delivered'],
			waitAmount: 1,
			waitUnit: 'hours',
			options: {},
		},
		items: 1,
		credentials: { apiKey: 'wrong-key' },
		failures: { 0: { code: 1200, httpStatus: 401, to: '+6591234567' } },
	},
	{
		name: 'Template > Get: a name the channel does not have',
		parameters: { resource: 'template', operation: 'get', channelId: '' },
		itemParameters: [
			{ templateName: 'nope', language: 'en' },
			{ templateName: 'order_update', language: 'en' },
		],
		failures: { 0: { code: expect.anything() } },
	},
	{
		name: 'Template > Get Many: an Account ID 8x8 refuses (403)',
		parameters: { resource: 'template', operation: 'getAll', channelId: '', returnAll: true },
		items: 1,
		credentials: { accountId: 'SomeoneElse' },
		failures: { 0: { code: 1201, httpStatus: 403 } },
	},
	{
		name: 'Template > Create: a name and language that exist (3032)',
		parameters: {
			resource: 'template',
			operation: 'create',
			channelId: '',
			templateName: 'order_update',
			language: 'en',
			category: 'UTILITY',
			bodyText: 'Hello',
		},
		items: 1,
		failures: { 0: { code: 3032, httpStatus: 400 } },
	},
	{
		name: 'Template > Delete: an Account ID 8x8 refuses',
		parameters: { resource: 'template', operation: 'delete', channelId: '', templateName: 'x' },
		items: 1,
		credentials: { accountId: 'SomeoneElse' },
		failures: { 0: { code: 1201, templateName: 'x' } },
	},
	{
		name: 'Webhook > Get Many: an Account ID 8x8 refuses',
		parameters: { resource: 'webhook', operation: 'getAll' },
		items: 1,
		credentials: { accountId: 'SomeoneElse' },
		failures: { 0: { code: 1201, httpStatus: 403 } },
	},
	{
		name: 'Webhook > Set: a URL that is not one',
		parameters: { resource: 'webhook', operation: 'set', webhookType: 'CADR', url: 'not a url' },
		items: 1,
		failures: { 0: { code: 'VALIDATION_FAILED' } },
	},
	{
		name: 'Webhook > Delete: an Account ID 8x8 refuses',
		parameters: { resource: 'webhook', operation: 'delete', webhookType: 'CADR' },
		items: 1,
		credentials: { accountId: 'SomeoneElse' },
		failures: { 0: { code: 1201, type: 'CADR' } },
	},
	{
		name: 'Message > Get: an unknown umid (404 / 1300)',
		parameters: { resource: 'message', operation: 'get', umid: UNKNOWN_UMID },
		items: 1,
		failures: { 0: { code: 1300, httpStatus: 404, umid: UNKNOWN_UMID } },
	},
	{
		name: 'Message > Mark as Read: not a umid',
		parameters: { resource: 'message', operation: 'markRead', umid: 'not-a-umid' },
		items: 1,
		failures: { 0: { code: 'VALIDATION_FAILED', umid: 'not-a-umid' } },
	},
	{
		name: 'Message > Show Typing: not a umid',
		parameters: { resource: 'message', operation: 'showTyping', umid: '' },
		items: 1,
		failures: { 0: { code: 'VALIDATION_FAILED', umid: '' } },
	},
	{
		name: 'Message > Cancel Scheduled: an unknown umid (404 / 1300)',
		parameters: {
			resource: 'message',
			operation: 'cancel',
			cancelTarget: 'message',
			umid: UNKNOWN_UMID,
		},
		items: 1,
		failures: { 0: { code: 1300, httpStatus: 404, umid: UNKNOWN_UMID } },
	},
	{
		name: 'Error > Explain: a code that is not a number',
		parameters: { resource: 'error', operation: 'explain', source: 'delivery', code: 'abc' },
		items: 1,
		failures: { 0: { code: 'VALIDATION_FAILED', input: { code: 'abc' } } },
	},
];

async function runCase(c: Case, mode: INode['onError']): Promise<INodeExecutionData[]> {
	const count = c.items ?? c.itemParameters?.length ?? 1;
	const { output } = await run(sandbox, {
		parameters: c.parameters,
		itemParameters: c.itemParameters,
		items: Array.from({ length: count }, (_, index) => ({ index })),
		credentials: { ...sandboxCredentials(sandbox), ...c.credentials },
		onRequest: c.onRequest,
		...onError(mode),
	});
	return output;
}

describe.each(CASES)('$name', (c) => {
	it('error output: each failed item is { error: { code, meaning, fix, retryable, errorId, ...context } }', async () => {
		const output = await runCase(c, 'continueErrorOutput');
		for (const [index, expected] of Object.entries(c.failures)) {
			const item = output.find(
				(entry) => (entry.pairedItem as { item: number }).item === Number(index),
			);
			expect(item).toBeDefined();
			expect(Object.keys(item!.json)).toEqual(['error']);
			const error = item!.json.error as IDataObject;
			expect(error).toMatchObject(expected);
			expect(typeof error.message).toBe('string');
			expect(String(error.meaning).length).toBeGreaterThan(0);
			expect(typeof error.fix).toBe('string');
			expect(typeof error.retryable).toBe('boolean');
			expect(error).toHaveProperty('errorId');
		}
		// The other items stay regular items (n8n keeps them on the success output).
		for (const item of output) {
			if (String((item.pairedItem as { item: number }).item) in c.failures) continue;
			expect(Object.keys(item.json)).not.toEqual(['error']);
		}
	});

	it('regular output: the failed items keep their shape { error: {...}, ...context }', async () => {
		const output = await runCase(c, 'continueRegularOutput');
		for (const [index, expected] of Object.entries(c.failures)) {
			const item = output.find(
				(entry) => (entry.pairedItem as { item: number }).item === Number(index),
			);
			const { code, httpStatus, input, ...context } = expected;
			expect(item!.json.error).toMatchObject(
				httpStatus === undefined ? { code } : { code, httpStatus },
			);
			expect(item!.json).toMatchObject({ ...context, ...(input as IDataObject) });
		}
	});
});

describe('failedItemJson', () => {
	const regular = {
		error: {
			code: 1002,
			httpStatus: 400,
			message: 'm',
			meaning: 'x',
			fix: 'y',
			errorId: 'e-1',
			retryable: false,
		},
		to: '+6591234567',
		clientMessageId: 'n8n-1-0-aa',
	};

	it('leaves the regular-output item as it is', () => {
		expect(failedItemJson(regular, false)).toBe(regular);
	});

	it('moves the context into error for the error output, keeping every field', () => {
		expect(failedItemJson(regular, true)).toEqual({
			error: { ...regular.error, to: '+6591234567', clientMessageId: 'n8n-1-0-aa' },
		});
	});

	it('keeps a context field named like an error field under input', () => {
		expect(failedItemJson({ error: { code: 'VALIDATION_FAILED' }, code: 'abc' }, true)).toEqual({
			error: { errorId: null, code: 'VALIDATION_FAILED', input: { code: 'abc' } },
		});
	});

	it('gives receipts (which have no errorId) an errorId of null', () => {
		expect(failedItemJson({ error: { code: 1018 }, umid: 'u' }, true)).toEqual({
			error: { errorId: null, code: 1018, umid: 'u' },
		});
	});
});
