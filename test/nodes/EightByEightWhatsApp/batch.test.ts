import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { explainApiError } from '../../../nodes/shared/errors';
import { openSandbox, run, runExpectingError, templateLocator, variables } from './setup';

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

const BATCH_PATH = '/api/v1/subaccounts/SandboxSub/messages/batch';

/** +65 9xxx xxxx numbers, distinct per item. */
function recipient(index: number): string {
	return `+659${String(1000000 + index).padStart(7, '0')}`;
}

function textItems(count: number) {
	return {
		items: Array.from({ length: count }, (_, index) => ({ index })),
		itemParameters: Array.from({ length: count }, (_, index) => ({
			to: recipient(index),
			text: `Message ${index}`,
		})),
	};
}

type BatchBody = { messages: IDataObject[]; includeMessagesInResponse: boolean };

describe('Batch option', () => {
	it('sends 1,000 items in one batch request and pairs every result', async () => {
		const result = await run(sandbox, {
			...textItems(1000),
			parameters: { operation: 'sendText', to: '', text: '', options: { batch: true } },
		});
		expect(result.sends).toHaveLength(1);
		expect(result.sends[0].url).toBe(`${sandbox.url}${BATCH_PATH}`);
		const body = result.sends[0].body as BatchBody;
		expect(body.includeMessagesInResponse).toBe(true);
		expect(body.messages).toHaveLength(1000);
		expect(body.messages[7]).toEqual({
			user: { msisdn: recipient(7) },
			type: 'text',
			content: { text: 'Message 7' },
			clientMessageId: result.output[7].json.clientMessageId,
		});
		expect(result.output).toHaveLength(1000);
		const stored = sandbox.messages();
		expect(stored).toHaveLength(1000);
		const byClientId = new Map(stored.map((message) => [message.clientMessageId, message]));
		for (const [index, item] of result.output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			const message = byClientId.get(item.json.clientMessageId as string);
			expect(message?.user.msisdn).toBe(recipient(index));
			expect(item.json).toEqual({
				umid: message?.umid,
				clientMessageId: message?.clientMessageId,
				to: recipient(index),
				status: 'queued',
				type: 'text',
				acceptedAt: message?.status.timestamp,
				batchId: message?.batchId,
			});
		}
	});

	it('splits 1,001 items into a batch of 1,000 and a batch of 1', async () => {
		const result = await run(sandbox, {
			...textItems(1001),
			parameters: { operation: 'sendText', to: '', text: '', options: { batch: true } },
		});
		expect(result.sends.map((request) => (request.body as BatchBody).messages.length)).toEqual([
			1000, 1,
		]);
		expect(((result.sends[1].body as BatchBody).messages[0].content as IDataObject).text).toBe(
			'Message 1000',
		);
		expect(result.output).toHaveLength(1001);
		expect(result.output[1000].pairedItem).toEqual({ item: 1000 });
		expect(result.output[1000].json.to).toBe(recipient(1000));
		expect(new Set(result.output.map((item) => item.json.batchId)).size).toBe(2);
		expect(sandbox.messages()).toHaveLength(1001);
		expect(new Set(sandbox.messages().map((message) => message.umid)).size).toBe(1001);
	});

	it('keeps items that fail the pre-send check out of the batch, as errors in their own position', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}, {}, {}],
			parameters: { operation: 'sendText', to: '', text: 'Hi', options: { batch: true } },
			itemParameters: [
				{ to: recipient(0) },
				{ to: 'nobody' },
				{ to: recipient(2), text: 'x'.repeat(5000) },
				{ to: recipient(3) },
			],
		});
		expect(
			(result.sends[0].body as BatchBody).messages.map(
				(message) => (message.user as IDataObject).msisdn,
			),
		).toEqual([recipient(0), recipient(3)]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(
			result.output.map((item) => item.json.status ?? (item.json.error as IDataObject).code),
		).toEqual(['queued', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'queued']);
		expect((result.output[2].json.error as IDataObject).message).toBe(
			'Text is 5,000 characters long; WhatsApp allows at most 4,096',
		);
	});

	it('without Continue On Fail an item failing the pre-send check stops the run before any batch is sent', async () => {
		const error = await runExpectingError(sandbox, {
			items: [{}, {}, {}],
			parameters: { operation: 'sendText', to: '', text: 'Hi', options: { batch: true } },
			itemParameters: [{ to: recipient(0) }, { to: recipient(1), text: '' }, { to: recipient(2) }],
		});
		expect(error.message).toBe('Text is empty');
		expect(error.context.itemIndex).toBe(1);
		expect(error.requests).toHaveLength(0);
		expect(sandbox.messages()).toHaveLength(0);
	});

	describe('per-message rejections inside a 200 answer', () => {
		// The template is disabled between the node's template lookup and the batch request, so 8x8
		// (the sandbox) rejects exactly those messages with 3038 and accepts the others.
		const parameters = {
			operation: 'sendTemplate',
			to: '',
			channelId: '',
			template: templateLocator('delivery_update|en'),
			templateVariables: variables({ 'body.1': 'A-1' }),
			options: { batch: true },
		};
		const itemParameters = [
			{ to: recipient(0) },
			{ to: recipient(1), template: templateLocator('delivery_update|es') },
			{ to: recipient(2) },
			{ to: recipient(3), template: templateLocator('delivery_update|es') },
		];
		const disableSpanish = async (request: { method: string; url: string }) => {
			if (request.method === 'POST' && request.url.endsWith('/batch')) {
				await sandbox.setTemplateStatus('delivery_update', 'DISABLED', { language: 'es' });
			}
		};

		it('with Continue On Fail: each rejection is an explained error item at its position', async () => {
			const result = await run(sandbox, {
				continueOnFail: true,
				items: [{}, {}, {}, {}],
				parameters,
				itemParameters,
				onRequest: disableSpanish,
			});
			expect(result.sends).toHaveLength(1);
			expect(result.output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(result.output[0].json).toMatchObject({
				status: 'queued',
				to: recipient(0),
				language: 'en',
			});
			expect(result.output[2].json).toMatchObject({
				status: 'queued',
				to: recipient(2),
				language: 'en',
			});
			const explanation = explainApiError(3038);
			const batchId = result.output[0].json.batchId as string;
			for (const index of [1, 3]) {
				const item = result.output[index].json;
				expect(item.to).toBe(recipient(index));
				expect(item.clientMessageId).toBe(
					((result.sends[0].body as BatchBody).messages[index] as IDataObject).clientMessageId,
				);
				expect(item.error).toEqual({
					code: 3038,
					httpStatus: null,
					message: `3038 Template not found: Template not found for provided name and language ('delivery_update' (es) is DISABLED; only APPROVED templates can be sent) (rejected inside batch ${batchId})`,
					meaning: explanation.meaning,
					fix: explanation.fix,
					errorId: null,
					retryable: false,
				});
			}
			expect(sandbox.messages().map((message) => message.user.msisdn)).toEqual([
				recipient(0),
				recipient(2),
			]);
		});

		it('without Continue On Fail: the first rejection is thrown with its item index', async () => {
			const error = await runExpectingError(sandbox, {
				items: [{}, {}, {}, {}],
				parameters,
				itemParameters,
				onRequest: disableSpanish,
			});
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.httpCode).toBeNull();
			expect(error.context.itemIndex).toBe(1);
			expect(error.description).toContain(
				'2 other messages of this batch were accepted; set Settings > On Error to "Continue (using error output)" to get one output item per message, the rejected ones on the error output.',
			);
			expect(sandbox.messages()).toHaveLength(2);
		});
	});

	it('a batch whose answer is lost after 8x8 accepted it: every item is in an unknown state, sent once', async () => {
		sandbox.injectFault({ method: 'POST', path: BATCH_PATH, status: 500, afterAccept: true });
		const result = await run(sandbox, {
			continueOnFail: true,
			...textItems(3),
			parameters: { operation: 'sendText', to: '', text: '', options: { batch: true } },
		});
		expect(result.sends).toHaveLength(1);
		expect(sandbox.messages()).toHaveLength(3);
		const ids = ((result.sends[0].body as BatchBody).messages as IDataObject[]).map(
			(message) => message.clientMessageId,
		);
		for (const [index, item] of result.output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.clientMessageId).toBe(ids[index]);
			expect(item.json.error).toMatchObject({
				code: 'DELIVERY_STATE_UNKNOWN',
				httpStatus: 500,
				retryable: false,
				deliveryStateUnknown: true,
				message: 'Delivery state unknown for 3 messages: 8x8 may already have queued them',
			});
		}
	});

	it('a batch answered 429 is sent again after Retry-After, once', async () => {
		sandbox.injectFault({ method: 'POST', path: BATCH_PATH, status: 429, retryAfter: 0 });
		const result = await run(sandbox, {
			...textItems(2),
			parameters: { operation: 'sendText', to: '', text: '', options: { batch: true } },
		});
		expect(result.sends).toHaveLength(2);
		expect(result.sends[0].body).toEqual(result.sends[1].body);
		expect(sandbox.messages()).toHaveLength(2);
		expect(result.output.map((item) => item.json.status)).toEqual(['queued', 'queued']);
	});

	it('a batch refused as a whole (401) fails every item', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			...textItems(2),
			parameters: { operation: 'sendText', to: '', text: '', options: { batch: true } },
			credentials: {
				apiKey: 'wrong',
				subAccountId: 'SandboxSub',
				accountId: 'SandboxAccount',
				channelId: '',
				region: 'custom',
				baseUrl: sandbox.url,
			},
		});
		expect(result.output.map((item) => (item.json.error as IDataObject).code)).toEqual([
			1200, 1200,
		]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
