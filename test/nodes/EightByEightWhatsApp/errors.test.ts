import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { explainApiError } from '../../../nodes/shared/errors';
import { openSandbox, run, runExpectingError, templateLocator, TO, variables } from './setup';

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

const text = { operation: 'sendText', to: TO, text: 'Hello', options: {} };
const template = {
	operation: 'sendTemplate',
	to: TO,
	channelId: '',
	template: templateLocator('order_update|en'),
	templateVariables: variables({ 'body.1': 'Dana', 'body.2': 'A-1' }),
	options: {},
};

function credentials(apiKey: string) {
	return {
		apiKey,
		subAccountId: 'SandboxSub',
		accountId: 'SandboxAccount',
		channelId: sandbox.credentials.channelId,
		region: 'custom',
		baseUrl: sandbox.url,
	};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('8x8 error answers become explained NodeApiErrors', () => {
	it('401 / 1200 points at the API key of the credential', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: text,
			credentials: credentials('wrong-key'),
		});
		const explanation = explainApiError(1200);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('1200 Unauthorized access: Request was not authenticated properly');
		expect(error.httpCode).toBe('401');
		expect(error.description).toMatch(
			new RegExp(
				`^${escape(explanation.meaning)} ${escape(explanation.fix)} Credential: "8x8 Sandbox" \\(field API Key\\)\\. 8x8 error ID: [0-9a-f-]{36} \\(quote it to 8x8 support\\)\\.$`,
			),
		);
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(error.context.itemIndex).toBe(0);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('403 / 1201 points at the Region of the credential', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: text,
			credentials: credentials('sandbox-wrong-region-key'),
		});
		expect(error.message).toBe(
			'1201 Access forbidden: Account was not found in SG. Please use the ID endpoint!',
		);
		expect(error.httpCode).toBe('403');
		const explanation = explainApiError(1201);
		expect(error.description).toMatch(
			new RegExp(
				`^${escape(explanation.meaning)} ${escape(explanation.fix)} Credential: "8x8 Sandbox" \\(field Region\\)\\. 8x8 error ID: [0-9a-f-]{36} \\(quote it to 8x8 support\\)\\.$`,
			),
		);
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
	});

	it.each([
		[1002, 'Invalid MSISDN format (not E.164 international number)'],
		[1005, "Invalid parameter(s): 'user.msisdn'"],
		[3038, 'Template not found for provided name and language'],
		[3040, 'Empty template parameters'],
		[3041, 'Invalid template parameter'],
	])(
		'%s on a send: message names code and meaning, description says how to fix it',
		async (code, message) => {
			sandbox.injectFault({
				method: 'POST',
				path: '/api/v1/subaccounts/SandboxSub/messages',
				status: 400,
				code,
				message,
			});
			const error = await runExpectingError(sandbox, { parameters: template });
			const explanation = explainApiError(code);
			const repeated = message.toLowerCase() === explanation.title.toLowerCase();
			expect(error.message).toBe(`${code} ${explanation.title}${repeated ? '' : `: ${message}`}`);
			expect(error.httpCode).toBe('400');
			expect(error.description).toMatch(
				new RegExp(
					`^${escape(explanation.meaning)} ${escape(explanation.fix)} 8x8 error ID: [0-9a-f-]{36} \\(quote it to 8x8 support\\)\\.$`,
				),
			);
			expect(error.context.itemIndex).toBe(0);
			expect(error.context.eightByEight).toEqual({
				code,
				httpStatus: 400,
				message: error.message,
				meaning: explanation.meaning,
				fix: explanation.fix,
				errorId: expect.stringMatching(UUID),
				retryable: false,
			});
		},
	);

	it('3038 also marks the configuration as the cause', async () => {
		sandbox.injectFault({
			method: 'POST',
			path: '/api/v1/subaccounts/SandboxSub/messages',
			status: 400,
			code: 3038,
		});
		const error = await runExpectingError(sandbox, { parameters: template });
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
	});

	it('without Continue On Fail the error carries the index of the failing item; earlier items stay sent', async () => {
		let posts = 0;
		const error = await runExpectingError(sandbox, {
			items: [{}, {}, {}],
			parameters: text,
			onRequest: (request) => {
				if (request.method === 'POST' && ++posts === 2) {
					sandbox.injectFault({
						method: 'POST',
						path: '/api/v1/subaccounts/SandboxSub/messages',
						status: 400,
						code: 1002,
					});
				}
			},
		});
		expect(error.context.itemIndex).toBe(1);
		expect(error.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
		expect(sandbox.messages()).toHaveLength(1);
	});
});

describe('Continue On Fail', () => {
	it('emits the error as data at the item position and goes on with the rest', async () => {
		let posts = 0;
		const result = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}, {}],
			parameters: text,
			itemParameters: [{ text: 'one' }, { text: 'two' }, { text: 'three' }],
			onRequest: (request) => {
				if (request.method === 'POST' && ++posts === 2) {
					sandbox.injectFault({
						method: 'POST',
						path: '/api/v1/subaccounts/SandboxSub/messages',
						status: 400,
						code: 1002,
						message: 'Invalid MSISDN format (not E.164 international number)',
					});
				}
			},
		});
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.output[0].json.status).toBe('queued');
		expect(result.output[2].json.status).toBe('queued');
		const explanation = explainApiError(1002);
		expect(result.output[1].json).toEqual({
			error: {
				code: 1002,
				httpStatus: 400,
				message: '1002 Invalid MSISDN: Invalid MSISDN format (not E.164 international number)',
				meaning: explanation.meaning,
				fix: explanation.fix,
				errorId: expect.stringMatching(UUID),
				retryable: false,
			},
			to: TO,
			clientMessageId: (result.sends[1].body as IDataObject).clientMessageId,
		});
		expect(
			sandbox.messages().map((message) => (message.body as { content: IDataObject }).content.text),
		).toEqual(['one', 'three']);
	});

	it('gives every item the template-list error when the list cannot be read', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}],
			parameters: template,
			credentials: credentials('wrong-key'),
		});
		expect(result.requests).toHaveLength(1);
		expect(result.output).toHaveLength(2);
		for (const [index, item] of result.output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.error).toMatchObject({ code: 1200, httpStatus: 401, retryable: false });
			expect(item.json.clientMessageId).toBeNull();
		}
	});
});

describe('a send whose outcome is unknown is never sent twice', () => {
	it.each([
		['500 after 8x8 accepted it', { status: 500, afterAccept: true }, 500],
		['a connection reset after 8x8 accepted it', { reset: true }, null],
	])(
		'%s: error item with the clientMessageId, exactly one message at 8x8',
		async (_name, fault, httpStatus) => {
			sandbox.injectFault({
				method: 'POST',
				path: '/api/v1/subaccounts/SandboxSub/messages',
				...fault,
			});
			const result = await run(sandbox, { continueOnFail: true, parameters: text });
			expect(result.sends).toHaveLength(1);
			const clientMessageId = (result.sends[0].body as IDataObject).clientMessageId;
			expect(sandbox.messages().map((message) => message.clientMessageId)).toEqual([
				clientMessageId,
			]);
			expect(result.output).toEqual([
				{
					json: {
						error: expect.objectContaining({
							code: 'DELIVERY_STATE_UNKNOWN',
							httpStatus,
							message: `Delivery state unknown for clientMessageId ${String(clientMessageId)}: 8x8 may already have queued it`,
							retryable: false,
							deliveryStateUnknown: true,
						}),
						to: TO,
						clientMessageId,
					},
					pairedItem: { item: 0 },
				},
			]);
		},
	);
});

function escape(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
