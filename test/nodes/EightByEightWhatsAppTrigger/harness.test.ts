/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** The test harness itself must behave like n8n, or the trigger tests prove nothing. */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeApiError } from 'n8n-workflow';

import { makeHookContext } from '../../support/hookContext';
import { makeParameterReader, makeWebhookContext, returnJsonArray } from '../../support/webhookContext';

let server: Server;
let baseUrl: string;
const seen: Array<{ method: string; url: string; authorization?: string; contentType?: string; body: string }> = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			seen.push({
				method: req.method ?? '',
				url: req.url ?? '',
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
				body: Buffer.concat(chunks).toString('utf8'),
			});
			if (req.url?.startsWith('/fail')) {
				res.writeHead(422, { 'Content-Type': 'application/json', 'X-Id': 'e1' });
				res.end(JSON.stringify({ code: 1005, message: 'Invalid parameter' }));
				return;
			}
			if (req.url?.startsWith('/empty')) {
				res.writeHead(200);
				res.end();
				return;
			}
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ ok: true }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
});

const credentials = { eightByEightApi: { apiKey: 'k-123' } };

describe('hook context httpRequestWithAuthentication', () => {
	it('sends method, qs, JSON body and the Bearer key over real HTTP', async () => {
		const { context, requests } = makeHookContext({ credentials });
		const answer = await context.helpers.httpRequestWithAuthentication.call(context, 'eightByEightApi', {
			method: 'DELETE',
			url: `${baseUrl}/things`,
			qs: { a: 1, b: ['x', 'y'] },
			body: [{ subAccountId: 'S', type: 'MSG' }],
			json: true,
		});
		expect(answer).toEqual({ ok: true });
		expect(seen).toEqual([
			{
				method: 'DELETE',
				url: '/things?a=1&b=x&b=y',
				authorization: 'Bearer k-123',
				contentType: 'application/json',
				body: '[{"subAccountId":"S","type":"MSG"}]',
			},
		]);
		expect(requests[0].body).toEqual([{ subAccountId: 'S', type: 'MSG' }]);
	});

	it('returns the full response and ignores status errors when asked', async () => {
		const { context } = makeHookContext({ credentials });
		const answer = await context.helpers.httpRequestWithAuthentication.call(context, 'eightByEightApi', {
			method: 'GET',
			url: `${baseUrl}/fail`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(answer).toMatchObject({
			statusCode: 422,
			body: { code: 1005, message: 'Invalid parameter' },
			headers: expect.objectContaining({ 'x-id': 'e1' }),
		});
	});

	it('throws a NodeApiError carrying the status and body on non-2xx', async () => {
		const { context } = makeHookContext({ credentials });
		const error = await context.helpers
			.httpRequestWithAuthentication.call(context, 'eightByEightApi', { method: 'GET', url: `${baseUrl}/fail`, json: true })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('422');
		expect(((error as NodeApiError).cause as unknown as { response: { data: unknown } }).response.data).toEqual({
			code: 1005,
			message: 'Invalid parameter',
		});
	});

	it('gives an empty string for an empty body and refuses other credential types', async () => {
		const { context } = makeHookContext({ credentials });
		await expect(
			context.helpers.httpRequestWithAuthentication.call(context, 'eightByEightApi', { method: 'POST', url: `${baseUrl}/empty`, body: [], json: true }),
		).resolves.toBe('');
		await expect(
			context.helpers.httpRequestWithAuthentication.call(context, 'otherApi', { method: 'GET', url: `${baseUrl}/x` }),
		).rejects.toThrow('Unexpected credential type');
	});
});

describe('parameters, items, response and static data', () => {
	it('reads parameters over defaults, then the fallback, else throws like n8n', () => {
		const read = makeParameterReader({ options: { includeRaw: true } }, { registration: 'manual', options: {} });
		expect(read('registration')).toBe('manual');
		expect(read('options.includeRaw', false)).toBe(true);
		expect(read('options.includeHeaders', false)).toBe(false);
		expect(() => read('missing')).toThrow('Could not get parameter "missing"');
	});

	it('wraps items like returnJsonArray', () => {
		expect(returnJsonArray({ a: 1 })).toEqual([{ json: { a: 1 } }]);
		expect(returnJsonArray([{ a: 1 }, { json: { b: 2 } } as never])).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
	});

	it('records the response, lower-cases headers and records static data writes', () => {
		const { context, response, staticData } = makeWebhookContext({ headers: { 'X-Test': 'v' } });
		expect(context.getHeaderData()).toEqual({ 'x-test': 'v' });
		context.getResponseObject().status(418).json({ teapot: true });
		expect(response).toMatchObject({ statusCode: 418, body: { teapot: true }, sends: 1 });
		const data = context.getWorkflowStaticData('node');
		data.secret = 'x';
		delete data.secret;
		expect(staticData.writes).toEqual([
			'create node:8x8 WhatsApp Trigger',
			'set node:8x8 WhatsApp Trigger.secret',
			'delete node:8x8 WhatsApp Trigger.secret',
		]);
	});
});
