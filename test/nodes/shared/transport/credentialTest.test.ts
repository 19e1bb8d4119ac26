/**
 * The credential test (methods.credentialTest of both nodes): against the sandbox through Node's
 * fetch (recorded), and answer by answer for the bodies a sandbox does not give (a
 * gateway's HTML 401 / 403). In real n8n 1.x and 2.x: test/e2e/credential.test.js.
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import type { Sandbox } from '../../../../sandbox';
import type { TestAnswer, TestRequest } from '../../../../nodes/shared/transport/credentialTest';
import {
	CREDENTIAL_TEST_UMID,
	runCredentialTest,
	testEightByEightCredential,
	testRequestWith,
} from '../../../../nodes/shared/transport/credentialTest';
import { openSandbox } from '../../EightByEightWhatsApp/setup';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	sandbox.clearFaults();
});

interface Requested {
	uri: string;
	headers: Record<string, string>;
	options: Record<string, unknown>;
}

/** The credential test's requests through Node's fetch, recorded. */
const recordingRequest = (requested: Requested[]): TestRequest =>
	testRequestWith(async (input, init) => {
		const { headers, ...options } = (init ?? {}) as RequestInit & {
			headers: Record<string, string>;
		};
		requested.push({ uri: String(input), headers, options: options as Record<string, unknown> });
		return await fetch(input, init);
	});

/** n8n's CredentialTestContext: the test needs none of its helpers. */
const testContext = {
	logger: { debug() {}, info() {}, warn() {}, error() {} },
	helpers: {},
} as unknown as ICredentialTestFunctions;

const values = (overrides: Record<string, string> = {}) => ({
	apiKey: 'sandbox-api-key',
	subAccountId: 'SandboxSub',
	accountId: 'SandboxAccount',
	channelId: sandbox.credentials.channelId,
	region: 'custom',
	baseUrl: sandbox.url,
	webhookSecret: '',
	...overrides,
});

async function test(overrides: Record<string, string> = {}) {
	const requested: Requested[] = [];
	const result = await runCredentialTest(values(overrides), recordingRequest(requested));
	return { result, requested };
}

describe('credential test against the sandbox', () => {
	it("the node method needs no n8n helper: it tests with Node's fetch", async () => {
		const result = await testEightByEightCredential.call(testContext, {
			id: 'c1',
			name: '8x8',
			type: 'eightByEightApi',
			data: values(),
		});
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringMatching(/^Connection successful/),
		});
		sandbox.injectFault({ status: 401, count: 1 });
		expect(
			await testEightByEightCredential.call(testContext, {
				id: 'c1',
				name: '8x8',
				type: 'eightByEightApi',
				data: values(),
			}),
		).toMatchObject({ status: 'Error' });
	});

	it('OK when key, region, sub-account, account and channel all work, saying what was checked', async () => {
		const { result, requested } = await test();
		expect(result.status).toBe('OK');
		expect(result.message).toBe(
			`Connection successful: 8x8 at ${sandbox.url} accepted API Key, Base URL and Sub-Account ID "SandboxSub"; Account ID "SandboxAccount" (webhooks); WhatsApp Channel ID "${sandbox.credentials.channelId}" (templates).`,
		);
		expect(requested.map((r) => new URL(r.uri).pathname)).toEqual([
			`/api/v1/subaccounts/SandboxSub/messages/${CREDENTIAL_TEST_UMID}`,
			'/api/v1/accounts/SandboxAccount/webhooks',
			`/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`,
		]);
		for (const r of requested) {
			expect(r.headers.Authorization).toBe('Bearer sandbox-api-key');
			expect(r.options.method).toBe('GET');
			expect(r.options.signal).toBeInstanceOf(AbortSignal);
		}
	});

	it('checks only the fields that are filled, and says which were not checked', async () => {
		const { result, requested } = await test({ accountId: '', channelId: '' });
		expect(result).toEqual({
			status: 'OK',
			message: `Connection successful: 8x8 at ${sandbox.url} accepted API Key, Base URL and Sub-Account ID "SandboxSub". Not checked (empty): Account ID, WhatsApp Channel ID.`,
		});
		expect(requested).toHaveLength(1);
	});

	it('trims every field like the transport does (spaces pasted around key, sub-account, account, channel)', async () => {
		const { result, requested } = await test({
			apiKey: ' sandbox-api-key\n',
			subAccountId: ' SandboxSub ',
			accountId: 'SandboxAccount ',
			channelId: ` ${sandbox.credentials.channelId}`,
			baseUrl: ` ${sandbox.url}/ `,
		});
		expect(result.status).toBe('OK');
		expect(requested[0].uri).toBe(
			`${sandbox.url}/api/v1/subaccounts/SandboxSub/messages/${CREDENTIAL_TEST_UMID}`,
		);
		expect(requested[0].headers.Authorization).toBe('Bearer sandbox-api-key');
	});

	it.each([
		[
			'a wrong key (401 / 1200)',
			{ apiKey: 'not-the-key' },
			/^8x8 rejected the API key \(HTTP 401 \/ code 1200.*Change API Key/,
		],
		[
			'a key of another region (403 / 1201)',
			{ apiKey: 'sandbox-wrong-region-key' },
			/HTTP 403 \/ code 1201.*Change Base URL/,
		],
		[
			'an unknown sub-account (400 / 1001)',
			{ subAccountId: 'SomeoneElse' },
			/Sub-Account ID "SomeoneElse".*HTTP 400 \/ code 1001.*Change Sub-Account ID/,
		],
		[
			'an Account ID 8x8 refuses',
			{ accountId: 'SomeoneElse' },
			/^The API key works, but 8x8 refused the Account ID "SomeoneElse" \(HTTP 403.*Change Account ID/,
		],
		[
			'a Channel ID 8x8 refuses',
			{ channelId: '11111111-2222-4333-8444-555555555555' },
			/refused the WhatsApp Channel ID "11111111-2222-4333-8444-555555555555" \(HTTP 404.*Change WhatsApp Channel ID/,
		],
		[
			'a Channel ID without an Account ID',
			{ accountId: '' },
			/cannot be used without an Account ID.*Fill Account ID/,
		],
		['an empty API key', { apiKey: '  ' }, /^API Key is empty/],
		['an empty Base URL', { baseUrl: '' }, /Base URL is empty.*Change Base URL/],
	])('fails for %s, naming the field', async (_name, overrides, message) => {
		const { result } = await test(overrides);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('sandbox-api-key');
	});

	it('fails for a 400 / 1000 naming Sub-Account ID', async () => {
		sandbox.injectFault({ status: 400, code: 1000, message: 'Invalid parameter', count: 1 });
		const { result } = await test();
		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toMatch(/HTTP 400 \/ code 1000.*Change Sub-Account ID/);
	});

	it('rate limiting and server errors are not called a success, nor blamed on a field', async () => {
		sandbox.injectFault({ status: 429, retryAfter: 1, count: 1 });
		expect((await test()).result.message).toMatch(/rate limiting .*test again/);
		sandbox.injectFault({ status: 500, count: 1 });
		expect((await test()).result.message).toMatch(/server error \(HTTP 500.*could not be checked/);
	});

	it('a Base URL nothing listens on names Base URL', async () => {
		const { result } = await test({ baseUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Could not reach 8x8 at http:\/\/127\.0\.0\.1:9 .*Change Base URL/,
		);
	});
});

describe('answers a sandbox does not give', () => {
	const data = {
		apiKey: 'k',
		subAccountId: 'Acme',
		accountId: 'AcmeAccount',
		channelId: 'ch-1',
		region: 'apac',
	};
	/** Answers the key step with `first`, every later step with 200. */
	const answering =
		(first: TestAnswer): TestRequest =>
		async (url) =>
			url.includes(CREDENTIAL_TEST_UMID) ? first : { status: 200, body: { webhooks: [] } };
	const HTML_401 =
		'<html><head><title>401 Authorization Required</title></head><body>nginx</body></html>';

	it('fetch failures become network answers: a timeout, a refused connection; a non-JSON body stays text', async () => {
		const timeout = testRequestWith(async () => {
			throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
		});
		expect(await timeout('https://chatapps.8x8.com/x', 'k')).toEqual({
			networkError: 'The operation was aborted due to timeout',
			code: 'ETIMEDOUT',
		});
		const refused = testRequestWith(async () => {
			throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
		});
		expect(await refused('https://chatapps.8x8.com/x', 'k')).toEqual({
			networkError: 'fetch failed',
			code: 'ECONNREFUSED',
		});
		const html = testRequestWith(async () => new Response(HTML_401, { status: 401 }));
		expect(await html('https://chatapps.8x8.com/x', 'k')).toEqual({ status: 401, body: HTML_401 });
		const timedOut = await runCredentialTest(data, timeout);
		expect(timedOut.message).toMatch(
			/Could not reach 8x8 at https:\/\/chatapps\.8x8\.com \(ETIMEDOUT\)/,
		);
	});

	it("a gateway's HTML 401 is a wrong API Key, not a success", async () => {
		const result = await runCredentialTest(data, answering({ status: 401, body: HTML_401 }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/HTTP 401, not an 8x8 JSON answer: "<html><head><title>401 Authorization Required/,
		);
		expect(result.message).toMatch(/Change API Key/);
	});

	it('an HTML 403 names Region and API Key (a proxy may be refusing too)', async () => {
		const result = await runCredentialTest(
			data,
			answering({ status: 403, body: '<h1>Forbidden</h1>' }),
		);
		expect(result.message).toMatch(
			/at Asia-Pacific \(Singapore\) \(https:\/\/chatapps\.8x8\.com\)/,
		);
		expect(result.message).toMatch(/Change Region .*or API Key; a proxy/);
	});

	it('a 404 that is not 8x8\'s "Message not found" (an HTML page, an unknown route) names Region', async () => {
		for (const body of ['<html>Not Found</html>', { code: 2001, message: 'Route not found' }, '']) {
			const result = await runCredentialTest(data, answering({ status: 404, body }));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/did not answer like the 8x8 Chat Apps API .*Change Region\.$/,
			);
		}
	});

	it('a 200 for a message that cannot exist is not the 8x8 API either', async () => {
		const result = await runCredentialTest(
			data,
			answering({ status: 200, body: '<html>ok</html>' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Change Region/);
	});

	it('404 / code 1300 as a JSON string body is read like a parsed one', async () => {
		const result = await runCredentialTest(
			data,
			answering({ status: 404, body: '{"code":1300,"message":"Message not found."}' }),
		);
		expect(result.status).toBe('OK');
	});

	it('network failures name Region', async () => {
		const result = await runCredentialTest(data, async () => ({
			networkError: 'getaddrinfo ENOTFOUND chatapps.8x8.com',
			code: 'ENOTFOUND',
		}));
		expect(result.message).toMatch(
			/^Could not reach 8x8 at https:\/\/chatapps\.8x8\.com \(ENOTFOUND\).*Change Region/,
		);
	});
});
