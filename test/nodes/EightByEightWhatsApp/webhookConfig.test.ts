/**
 * Webhook resource against the sandbox: GET / POST (an array, create or replace) / DELETE (an
 * array body) on /api/v1/accounts/{accountId}/webhooks, secrets never leaving 8x8 unmasked.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { sandboxCredentials } from '../../support/executeContext';
import { openSandbox, run, runExpectingError } from './setup';

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

const webhooksUrl = () => `${sandbox.url}/api/v1/accounts/SandboxAccount/webhooks`;
const SECRET = 'Bearer s3cret-from-the-credential';

async function webhook(operation: string, parameters: IDataObject, extra: IDataObject = {}) {
	return await run(sandbox, {
		parameters: { resource: 'webhook', operation, ...parameters },
		...extra,
	});
}

describe('Webhook > Set', () => {
	it("POSTs one entry as an array with the credential's Authorization, and never outputs the secret", async () => {
		const { output, requests } = await webhook(
			'set',
			{
				webhookType: 'CADR',
				url: 'https://n8n.example.com/webhook/receipts',
				subAccount: 'credential',
				enabled: true,
				authorization: 'credential',
			},
			{ credentials: { ...sandboxCredentials(sandbox), webhookSecret: SECRET } },
		);
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['POST', webhooksUrl()],
		]);
		expect(requests[0].body).toEqual([
			{
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url: 'https://n8n.example.com/webhook/receipts',
				enabled: true,
				httpAuthorization: SECRET,
			},
		]);
		expect(sandbox.state.webhooks).toEqual([
			{
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url: 'https://n8n.example.com/webhook/receipts',
				enabled: true,
				httpAuthorization: SECRET,
			},
		]);
		expect(output).toEqual([
			{
				json: {
					saved: true,
					type: 'CADR',
					subAccountId: 'SandboxSub',
					url: 'https://n8n.example.com/webhook/receipts',
					enabled: true,
					httpAuthorization: '***',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(output)).not.toContain('s3cret');
	});

	it('replaces the webhook of the same type and sub-account (create or replace), for all sub-accounts too', async () => {
		await webhook('set', {
			webhookType: 'MSG',
			url: 'https://one.example/in',
			subAccount: 'all',
			enabled: true,
			authorization: 'custom',
			httpAuthorization: 'Basic dXNlcjpwYXNz',
		});
		const { output, requests } = await webhook('set', {
			webhookType: 'MSG',
			url: 'https://two.example/in',
			subAccount: 'all',
			enabled: false,
			authorization: 'none',
		});
		expect(requests[0].body).toEqual([
			{ type: 'MSG', subAccountId: '*', url: 'https://two.example/in', enabled: false },
		]);
		expect(sandbox.state.webhooks).toEqual([
			{ type: 'MSG', subAccountId: '*', url: 'https://two.example/in', enabled: false },
		]);
		expect(output[0].json).toEqual({
			saved: true,
			type: 'MSG',
			subAccountId: '*',
			url: 'https://two.example/in',
			enabled: false,
		});
	});

	it('checks the URL and a custom value before sending', async () => {
		const badUrl = await runExpectingError(sandbox, {
			parameters: { resource: 'webhook', operation: 'set', webhookType: 'CADR', url: 'ftp://x' },
		});
		expect(badUrl.requests).toHaveLength(0);
		expect(badUrl.message).toBe('URL must be an http(s) URL, got "ftp://x"');
		const emptyCustom = await runExpectingError(sandbox, {
			parameters: {
				resource: 'webhook',
				operation: 'set',
				webhookType: 'CADR',
				url: 'https://x.example',
				authorization: 'custom',
				httpAuthorization: ' ',
			},
		});
		expect(emptyCustom.requests).toHaveLength(0);
		expect(emptyCustom.message).toBe('Authorization Value is empty');
	});

	it('maps 8x8 errors (1201 for an account the key cannot reach)', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'webhook',
				operation: 'set',
				webhookType: 'CADR',
				url: 'https://x.example',
				authorization: 'none',
			},
			credentials: { ...sandboxCredentials(sandbox), accountId: 'SomeoneElse' },
		});
		expect(error.message).toMatch(/^1201 /);
		expect(error.httpCode).toBe('403');
	});
});

describe('Webhook > Get Many', () => {
	it('lists the webhooks as 8x8 returns them, secrets masked "***"', async () => {
		sandbox.state.webhooks.push(
			{
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url: 'https://a.example/dr',
				enabled: true,
				httpAuthorization: 'Bearer hidden',
			},
			{
				type: 'CABM',
				subAccountId: '*',
				url: 'https://a.example/bm',
				enabled: false,
				oauth: {
					url: 'https://auth.example/token',
					clientId: 'id',
					clientSecret: 'hidden-too',
					credentialsLocation: 'header',
				},
			},
		);
		const { output, requests } = await webhook('getAll', { filters: {} });
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', webhooksUrl()],
		]);
		expect(output.map((item) => item.json)).toEqual([
			{
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url: 'https://a.example/dr',
				enabled: true,
				httpAuthorization: '***',
			},
			{
				type: 'CABM',
				subAccountId: '*',
				url: 'https://a.example/bm',
				enabled: false,
				oauth: {
					url: 'https://auth.example/token',
					clientId: 'id',
					clientSecret: '***',
					credentialsLocation: 'header',
				},
			},
		]);
		expect(JSON.stringify(output)).not.toContain('hidden');

		const filtered = await webhook('getAll', { filters: { types: ['CABM'], subAccountId: '*' } });
		expect(filtered.output.map((item) => item.json.type)).toEqual(['CABM']);
	});
});

describe('Webhook > Delete', () => {
	it('sends DELETE with the JSON array body [{subAccountId, type}]', async () => {
		sandbox.state.webhooks.push(
			{ type: 'CADR', subAccountId: 'SandboxSub', url: 'https://a.example/dr', enabled: true },
			{ type: 'MSG', subAccountId: 'SandboxSub', url: 'https://a.example/in', enabled: true },
		);
		const { output, requests } = await webhook('delete', {
			webhookType: 'CADR',
			subAccount: 'credential',
		});
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
			['DELETE', webhooksUrl(), [{ subAccountId: 'SandboxSub', type: 'CADR' }]],
		]);
		expect(requests[0].headers['Content-Type']).toBe('application/json');
		expect(sandbox.state.webhooks.map((hook) => hook.type)).toEqual(['MSG']);
		expect(output).toEqual([
			{
				json: { deleted: true, type: 'CADR', subAccountId: 'SandboxSub' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('round-trips: set, list, delete, list', async () => {
		await webhook('set', {
			webhookType: 'CABM',
			url: 'https://rt.example/bm',
			subAccount: 'all',
			enabled: true,
			authorization: 'custom',
			httpAuthorization: 'Bearer rt',
		});
		const listed = await webhook('getAll', { filters: {} });
		expect(listed.output.map((item) => item.json)).toEqual([
			{
				type: 'CABM',
				subAccountId: '*',
				url: 'https://rt.example/bm',
				enabled: true,
				httpAuthorization: '***',
			},
		]);
		await webhook('delete', { webhookType: 'CABM', subAccount: 'all' });
		const after = await webhook('getAll', { filters: {} });
		expect(after.output).toEqual([]);
	});
});
