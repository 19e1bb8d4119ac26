/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Sandbox, SandboxOptions } from '../../../../sandbox';
import { explainApiError } from '../../../../nodes/shared/errors';
import {
	apiRequest,
	attachErrorDetails,
	eightByEightApiError,
	errorDetailsOf,
	listTemplates,
	messagesPath,
	retryAfterMs,
	templatesPath,
} from '../../../../nodes/shared/transport';
import type { ApiRequest } from '../../../../nodes/shared/transport';
import {
	createExecuteContext,
	makeNode,
	sandboxCredentials,
} from '../../../support/executeContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../../../sandbox') as {
	startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
};

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

const SEND_PATH = '/api/v1/subaccounts/SandboxSub/messages';
const TO = '+6591234567';

function context(credentials = sandboxCredentials(sandbox)) {
	return createExecuteContext({ parameters: {}, credentials });
}

async function call(request: ApiRequest, credentials = sandboxCredentials(sandbox)) {
	const ctx = context(credentials);
	try {
		const body = await apiRequest.call(ctx.context, request);
		return { body: body as IDataObject, requests: ctx.requests, error: undefined };
	} catch (error) {
		return {
			body: undefined,
			requests: ctx.requests,
			error: error as NodeApiError & { description: string },
		};
	}
}

function textMessage(clientMessageId = 'tx-1'): IDataObject {
	return { user: { msisdn: TO }, type: 'text', content: { text: 'Hello' }, clientMessageId };
}

function send(body: IDataObject, extra: Partial<ApiRequest> = {}): ApiRequest {
	return {
		method: 'POST',
		path: SEND_PATH,
		body,
		sendsMessage: true,
		clientMessageIds: [String(body.clientMessageId)],
		itemIndex: 0,
		...extra,
	};
}

describe('paths', () => {
	it('encodes path segments', () => {
		expect(messagesPath('Acme Sub/1')).toBe('/api/v1/subaccounts/Acme%20Sub%2F1/messages');
		expect(templatesPath('acc', 'chan')).toBe('/api/v1/accounts/acc/channels/chan/templates');
	});
});

describe('genuine 8x8 validation errors, explained', () => {
	it.each([
		[
			'1002 for a number that is not E.164',
			{ user: { msisdn: 'abc' }, type: 'text', content: { text: 'x' } },
			1002,
		],
		['1005 for a missing type', { user: { msisdn: TO }, content: { text: 'x' } }, 1005],
		[
			'3038 for an unknown template',
			{
				user: { msisdn: TO },
				type: 'template',
				content: { template: { name: 'nope', language: 'en' } },
			},
			3038,
		],
		[
			'3040 for a template sent without parameters',
			{
				user: { msisdn: TO },
				type: 'template',
				content: { template: { name: 'order_update', language: 'en' } },
			},
			3040,
		],
		[
			'3041 for the wrong number of parameters',
			{
				user: { msisdn: TO },
				type: 'template',
				content: {
					template: {
						name: 'order_update',
						language: 'en',
						components: [{ type: 'body', parameters: [{ type: 'text', text: 'only one' }] }],
					},
				},
			},
			3041,
		],
	])('%s', async (_name, body, code) => {
		const { error, requests } = await call(send(body as IDataObject));
		expect(error).toBeInstanceOf(NodeApiError);
		const explanation = explainApiError(code);
		expect(error?.message.startsWith(`${code} ${explanation.title}: `)).toBe(true);
		expect(error?.httpCode).toBe('400');
		expect(
			error?.description.startsWith(`${explanation.meaning} ${explanation.fix} 8x8 error ID: `),
		).toBe(true);
		expect(errorDetailsOf(error)).toMatchObject({ code, httpStatus: 400, retryable: false });
		expect(requests).toHaveLength(1);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it("3041 carries 8x8's own explanation after the catalog title", async () => {
		const { error } = await call(
			send({
				user: { msisdn: TO },
				type: 'template',
				content: {
					template: {
						name: 'order_update',
						language: 'en',
						components: [{ type: 'body', parameters: [{ type: 'text', text: 'only one' }] }],
					},
				},
			}),
		);
		expect(error?.message).toBe(
			"3041 Invalid template parameter: Invalid template parameter: BODY of template 'order_update' (en) expects 2 parameters ({{1}}, {{2}}), 1 given",
		);
	});
});

describe('429 Too Many Requests', () => {
	it('waits for Retry-After and sends again, once', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, status: 429, retryAfter: 1 });
		const { body, error, requests } = await call(send(textMessage()));
		expect(error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[0].body).toEqual(requests[1].body);
		expect(sandbox.messages()).toHaveLength(1);
		expect(body?.umid).toBe(sandbox.messages()[0].umid);
	});

	it('gives up after 3 retries with a rate-limit error that is retryable', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, status: 429, retryAfter: 0, count: 4 });
		const { error, requests } = await call(send(textMessage()));
		expect(requests).toHaveLength(4);
		expect(error?.message).toBe(
			'429 Too many requests (HTTP 429): Quota exceeded. Please try again in 0 second(s).',
		);
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toContain(
			'The node waited for Retry-After and tried 4 times; nothing was sent. Send fewer messages per second (smaller batches, or a Wait node between runs).',
		);
		expect((error as unknown as { failure: unknown }).failure).toEqual({
			cause: 'rate-limited',
			retryAfterMs: 0,
		});
		expect(errorDetailsOf(error)).toMatchObject({ code: 429, httpStatus: 429, retryable: true });
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('does not wait longer than 30 s: a longer Retry-After fails at once', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, status: 429, retryAfter: 120 });
		const { error, requests } = await call(send(textMessage()));
		expect(requests).toHaveLength(1);
		expect(error?.description).toContain(
			'8x8 asked to wait 120 s, longer than the node waits (30 s); nothing was sent.',
		);
		expect((error as unknown as { failure: unknown }).failure).toEqual({
			cause: 'rate-limited',
			retryAfterMs: 120000,
		});
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
		expect(retryAfterMs({ 'Retry-After': '0.5' })).toBe(500);
		expect(
			retryAfterMs(
				{ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' },
				Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'),
			),
		).toBe(10000);
		expect(retryAfterMs({})).toBe(1000);
		expect(retryAfterMs({ 'retry-after': 'soon' })).toBe(1000);
	});
});

describe('ambiguous failures of a send: delivery state unknown, never sent twice', () => {
	it('500 after 8x8 accepted the message', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, status: 500, afterAccept: true });
		const { error, requests } = await call(send(textMessage('amb-1')));
		expect(requests).toHaveLength(1);
		expect(sandbox.messages()).toHaveLength(1);
		expect(sandbox.messages()[0].clientMessageId).toBe('amb-1');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Delivery state unknown for clientMessageId amb-1: 8x8 may already have queued it',
		);
		expect(error?.httpCode).toBe('500');
		expect(error?.description).toMatch(
			/^8x8 answered HTTP 500 \(2000 Internal error: Internal server error\) after receiving the request, so 8x8 may or may not have queued the message\. Do not simply run the item again: the recipient could get the message twice\. Look it up first by clientMessageId amb-1: the 8x8 WhatsApp Trigger's Delivery Status output reports its receipts with that clientMessageId, and 8x8 Connect > Messaging Apps > Logs shows whether it was sent\. To have the node resend automatically with the same clientMessageId instead, turn on the option "Retry Unknown Delivery State"\. 8x8 error ID: [0-9a-f-]{36}\.$/,
		);
		expect(errorDetailsOf(error)).toMatchObject({
			code: 'DELIVERY_STATE_UNKNOWN',
			httpStatus: 500,
			retryable: false,
			deliveryStateUnknown: true,
		});
	});

	it('connection reset after the request was sent', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, reset: true });
		const { error, requests } = await call(send(textMessage('amb-2')));
		expect(requests).toHaveLength(1);
		expect(sandbox.messages().map((message) => message.clientMessageId)).toEqual(['amb-2']);
		expect(error?.message).toBe(
			'Delivery state unknown for clientMessageId amb-2: 8x8 may already have queued it',
		);
		expect(
			error?.description.startsWith(
				'The connection broke after the request was sent (ECONNRESET: ',
			),
		).toBe(true);
		expect(error?.httpCode).toBeNull();
	});

	it('no answer before the timeout', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, delayMs: 1500 });
		const { error, requests } = await call(send(textMessage('amb-3'), { timeout: 300 }));
		expect(requests).toHaveLength(1);
		expect(error?.message).toBe(
			'Delivery state unknown for clientMessageId amb-3: 8x8 may already have queued it',
		);
		expect(
			error?.description.startsWith(
				'8x8 did not answer within 300 ms after the request was sent (ECONNABORTED)',
			),
		).toBe(true);
		expect(sandbox.messages().map((message) => message.clientMessageId)).toEqual(['amb-3']);
	});

	it('with Retry Unknown Delivery State the very same body is sent again', async () => {
		sandbox.injectFault({ method: 'POST', path: SEND_PATH, status: 500, afterAccept: true });
		const { body, error, requests } = await call(
			send(textMessage('amb-4'), { retryUnknownDeliveryState: true }),
		);
		expect(error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(requests[1].body).toEqual(requests[0].body);
		expect(sandbox.messages().map((message) => message.clientMessageId)).toEqual([
			'amb-4',
			'amb-4',
		]);
		expect(body?.clientMessageId).toBe('amb-4');
	});

	it('a connection that never opened is not ambiguous: it is retried, then reported as a network error', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const { error, requests } = await call(send(textMessage('nc-1')), {
			...sandboxCredentials(sandbox),
			baseUrl: `http://127.0.0.1:${port}`,
		});
		expect(requests).toHaveLength(3);
		expect(error?.message).toBe(`Could not reach 8x8 at http://127.0.0.1:${port}`);
		expect(error?.description).toMatch(
			/^The request failed on the network \(ECONNREFUSED: .*\) after 3 attempts\. Check the credential's Region \(or Base URL for a custom host\) and that this n8n instance can reach it, then run again\.$/,
		);
		expect(errorDetailsOf(error)).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
	});
});

describe('requests that send nothing are retried on 5xx and network failures', () => {
	it('GET templates: a 503 and a reset, then the list', async () => {
		const path = `/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`;
		sandbox.injectFault({ method: 'GET', path, status: 503 });
		sandbox.injectFault({ method: 'GET', path, reset: true });
		const ctx = context();
		const templates = await listTemplates.call(ctx.context);
		expect(ctx.requests).toHaveLength(3);
		expect(templates.map((template) => `${template.templateName}|${template.language}`)).toContain(
			'order_update|en',
		);
	});

	it('GET templates: gives up after 3 attempts with the explained 5xx', async () => {
		const path = `/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`;
		sandbox.injectFault({ method: 'GET', path, status: 503, count: 3 });
		const ctx = context();
		let caught: (NodeApiError & { description: string }) | undefined;
		try {
			await listTemplates.call(ctx.context);
		} catch (error) {
			caught = error as NodeApiError & { description: string };
		}
		expect(ctx.requests).toHaveLength(3);
		const explanation = explainApiError(2000, 503);
		expect(caught?.message).toBe(`2000 ${explanation.title}: Service temporarily unavailable`);
		expect(caught?.httpCode).toBe('503');
		expect((caught as unknown as { failure: unknown }).failure).toEqual({
			cause: 'temporarily-unavailable',
		});
	});

	it('listTemplates needs an Account ID and a channel', async () => {
		const noAccount = context({ ...sandboxCredentials(sandbox), accountId: '' });
		await expect(listTemplates.call(noAccount.context)).rejects.toThrow(
			new NodeOperationError(makeNode({}), 'The 8x8 credential has no Account ID'),
		);
		const noChannel = context({ ...sandboxCredentials(sandbox), channelId: '' });
		await expect(listTemplates.call(noChannel.context)).rejects.toThrow('No WhatsApp Channel ID');
		expect(noAccount.requests).toHaveLength(0);
	});
});

describe('error data for Continue On Fail', () => {
	it('reads the details stored on an error, and falls back for foreign errors', () => {
		const error = eightByEightApiError(makeNode({}), {
			status: 400,
			code: 3038,
			message: 'x',
			errorId: 'e-1',
		});
		expect(errorDetailsOf(error)).toEqual({
			code: 3038,
			httpStatus: 400,
			message: '3038 Template not found: x',
			meaning: explainApiError(3038).meaning,
			fix: explainApiError(3038).fix,
			errorId: 'e-1',
			retryable: false,
		});
		expect(errorDetailsOf(new Error('boom'))).toEqual({
			code: 'NODE_ERROR',
			message: 'boom',
			meaning: 'boom',
			fix: '',
			retryable: false,
		});
		const withoutDetails = new NodeOperationError(makeNode({}), 'The 8x8 credential has no Account ID', {
			description: 'Open the 8x8 credential and fill Account ID.',
		});
		expect(errorDetailsOf(withoutDetails)).toEqual({
			code: 'NODE_ERROR',
			message: 'The 8x8 credential has no Account ID',
			meaning: 'The 8x8 credential has no Account ID',
			fix: 'Open the 8x8 credential and fill Account ID.',
			retryable: false,
		});
		const operation = attachErrorDetails(new NodeOperationError(makeNode({}), 'bad'), {
			code: 'VALIDATION_FAILED',
			message: 'bad',
			meaning: 'm',
			fix: 'f',
			retryable: false,
		});
		expect(errorDetailsOf(new NodeApiError(makeNode({}), operation as never)).code).toBe(
			'VALIDATION_FAILED',
		);
	});

	it('explains an answer without an 8x8 code by its HTTP status', () => {
		const error = eightByEightApiError(makeNode({}), { status: 502 });
		const explanation = explainApiError(undefined, 502);
		expect(error.message).toBe(explanation.title);
		expect(errorDetailsOf(error)).toMatchObject({
			code: 502,
			httpStatus: 502,
			retryable: explanation.retryable,
		});
	});
});
