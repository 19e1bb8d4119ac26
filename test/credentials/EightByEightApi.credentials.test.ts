/* eslint-disable @n8n/community-nodes/no-dangerous-functions */
import type { IAuthenticateRuleResponseSuccessBody, IHttpRequestOptions } from 'n8n-workflow';

import { CREDENTIAL_TEST_UMID, EightByEightApi } from '../../credentials/EightByEightApi.credentials';
import { REGION_BASE_URLS, resolveBaseUrl } from '../../nodes/shared/regions';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';

const credential = new EightByEightApi();

/** Evaluates a `={{ … }}` expression the way n8n does for the simple JS used here. */
function evaluate(expression: string, credentials: Record<string, unknown>): string {
	const source = expression.replace(/^=/, '');
	const js = source.replace(/\{\{(.+?)\}\}/gs, (_m, code: string) => `\${(${code})}`);
	return new Function('$credentials', `return \`${js}\`;`)(credentials) as string;
}

describe('8x8 Connect API credential', () => {
	it('declares the fields the nodes read, with secrets as password fields', () => {
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toEqual([
			'apiKey',
			'subAccountId',
			'accountId',
			'channelId',
			'region',
			'baseUrl',
			'webhookAuthorization',
		]);
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.webhookAuthorization.typeOptions?.password).toBe(true);
		expect(byName.baseUrl.displayOptions).toEqual({ show: { region: ['custom'] } });
		expect((byName.region.options ?? []).map((o) => (o as { value: string }).value)).toEqual([
			'apac',
			'us',
			'eu',
			'id',
			'custom',
		]);
	});

	it('authenticates with the API key as a Bearer token', () => {
		const header = credential.authenticate.properties.headers?.Authorization as string;
		expect(evaluate(header, { apiKey: 'abc' })).toBe('Bearer abc');
	});

	it.each([
		['apac', 'https://chatapps.8x8.com'],
		['us', 'https://chatapps.us.8x8.com'],
		['eu', 'https://chatapps.8x8.uk'],
		['id', 'https://chatapps.8x8.id'],
	])('region %s resolves to %s in the test request and in the transport', (region, url) => {
		const baseURL = credential.test.request.baseURL as string;
		expect(evaluate(baseURL, { region })).toBe(url);
		expect(resolveBaseUrl({ region })).toBe(url);
		expect(REGION_BASE_URLS[region as keyof typeof REGION_BASE_URLS]).toBe(url);
	});

	it('custom region uses the Base URL without trailing slashes, and refuses an empty one', () => {
		const baseURL = credential.test.request.baseURL as string;
		expect(evaluate(baseURL, { region: 'custom', baseUrl: 'http://127.0.0.1:8088//' })).toBe(
			'http://127.0.0.1:8088',
		);
		expect(resolveBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:8088/ ' })).toBe(
			'http://127.0.0.1:8088',
		);
		expect(() => resolveBaseUrl({ region: 'custom', baseUrl: '' })).toThrow(/Base URL is empty/);
		expect(() => resolveBaseUrl({ region: 'mars' })).toThrow(/Unknown 8x8 region "mars"/);
	});

	describe('test request against the local 8x8 sandbox', () => {
		let sandbox: Sandbox;
		beforeAll(async () => {
			sandbox = await startSandbox({ receipts: false });
		});
		afterAll(async () => sandbox.close());

		/**
		 * Runs the credential's test the way n8n's credentials tester does: the declarative request with
		 * the credential's auth applied, then each responseSuccessBody rule against the parsed body.
		 */
		async function runTest(credentials: Record<string, unknown>) {
			const request = credential.test.request as IHttpRequestOptions & { baseURL: string };
			const url =
				evaluate(request.baseURL, credentials) + evaluate(request.url as string, credentials);
			const response = await fetch(url, {
				method: request.method,
				headers: { Authorization: `Bearer ${String(credentials.apiKey)}` },
			});
			const body = (await response.json()) as Record<string, unknown>;
			for (const rule of credential.test.rules as IAuthenticateRuleResponseSuccessBody[]) {
				if (body[rule.properties.key] === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message, httpStatus: response.status };
				}
			}
			return { status: 'OK', httpStatus: response.status };
		}

		const base = () => ({
			region: 'custom',
			baseUrl: sandbox.url,
			apiKey: 'sandbox-api-key',
			subAccountId: 'SandboxSub',
		});

		it(`asks for message ${CREDENTIAL_TEST_UMID}, which the right credential answers 404 (OK)`, async () => {
			expect(await runTest(base())).toEqual({ status: 'OK', httpStatus: 404 });
		});

		it('tells a wrong key apart (401 / 1200)', async () => {
			const result = await runTest({ ...base(), apiKey: 'nope' });
			expect(result.httpStatus).toBe(401);
			expect(result.message).toMatch(/rejected the API key \(401 \/ code 1200\)/);
		});

		it('tells a key from another region apart (403 / 1201)', async () => {
			const result = await runTest({ ...base(), apiKey: 'sandbox-wrong-region-key' });
			expect(result.httpStatus).toBe(403);
			expect(result.message).toMatch(/Change Region/);
		});

		it('tells an unknown sub-account apart (1001)', async () => {
			const result = await runTest({ ...base(), subAccountId: 'SomeoneElse' });
			expect(result.httpStatus).toBe(400);
			expect(result.message).toMatch(/Sub-Account ID .* \(code 1001\)/);
		});
	});
});
