/**
 * The credential test of "8x8 Connect API" (the Test button of the credential modal, n8n's
 * POST /rest/credentials/test). A node-level credentialTest (both nodes name it in `testedBy`),
 * because n8n's declarative test makes one request and matches its rules against the response body
 * only: it cannot tell a proxy's HTML 401 from success, and cannot check the Account ID and
 * Channel ID. "Connection successful" only when every filled field works, checked in order:
 *
 * 1. API Key, Region (or Base URL) and Sub-Account ID: the details of a message that cannot exist,
 *    `GET /api/v1/subaccounts/{sub}/messages/00000000-…`: 8x8 answers 404 / code 1300 "Message not
 *    found" (OpenAPI) when all three are right.
 * 2. Account ID, when filled: `GET /api/v1/accounts/{acc}/webhooks` (webhook management, automatic
 *    registration).
 * 3. WhatsApp Channel ID, when filled: `GET /api/v1/accounts/{acc}/channels/{ch}/templates`.
 *
 * Every failure names the field to change. Values are trimmed exactly like the transport does
 * (normalizeCredentials), so the test checks what the nodes will send.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { REGION_OPTIONS, resolveBaseUrl } from '../regions';
import type { EightByEightCredentials } from './index';
import { messagePath, normalizeCredentials, templatesPath, webhooksPath } from './index';

/** The name both nodes give in their credential entry's `testedBy`. */
export const CREDENTIAL_TEST_NAME = 'eightByEightApiTest';

/** A umid no message can have. */
export const CREDENTIAL_TEST_UMID = '00000000-0000-0000-0000-000000000000';

const TIMEOUT_MS = 15_000;

/** What one test request came back with: an HTTP answer, or a network failure. */
export type TestAnswer =
	| { status: number; body: unknown }
	| { networkError: string; code: string | undefined };

/** Performs one authenticated GET; never throws. */
export type TestRequest = (url: string, apiKey: string) => Promise<TestAnswer>;

interface ErrorBody {
	code?: number;
	message?: string;
}

/** 8x8's JSON error body, or undefined for anything else (an HTML page from a gateway, empty, …). */
function errorBodyOf(body: unknown): ErrorBody | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const raw = value as Record<string, unknown>;
	const code = typeof raw.code === 'number' ? raw.code : Number(raw.code);
	return {
		code: Number.isFinite(code) ? code : undefined,
		message: typeof raw.message === 'string' ? raw.message : undefined,
	};
}

/** "HTTP 403 / code 1201: <8x8's message>", or "HTTP 403, not a JSON answer: <start of the body>". */
function answerText(status: number, body: unknown): string {
	const parsed = errorBodyOf(body);
	if (parsed) {
		const code = parsed.code !== undefined ? ` / code ${parsed.code}` : '';
		return `HTTP ${status}${code}${parsed.message ? `: ${parsed.message}` : ''}`;
	}
	const text = typeof body === 'string' ? body.replace(/\s+/g, ' ').trim() : '';
	return `HTTP ${status}${text ? `, not an 8x8 JSON answer: "${text.slice(0, 80)}${text.length > 80 ? '…' : ''}"` : ', empty answer'}`;
}

function regionField(values: EightByEightCredentials): string {
	return values.region === 'custom' ? 'Base URL' : 'Region';
}

function regionName(values: EightByEightCredentials, origin: string): string {
	const option = REGION_OPTIONS.find((entry) => entry.value === values.region);
	return values.region === 'custom' || !option ? origin : `${option.name} (${origin})`;
}

const fail = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/** Answers every step reads the same way: rate limiting, 8x8 errors, the network. */
function commonFailure(
	answer: TestAnswer,
	values: EightByEightCredentials,
	origin: string,
	checking: string,
): INodeCredentialTestResult | undefined {
	if ('networkError' in answer) {
		return fail(
			`Could not reach 8x8 at ${origin} (${answer.code ?? answer.networkError}) while checking ${checking}. Change ${regionField(values)}${values.region === 'custom' ? ' to the URL of the 8x8 API or your proxy' : ''}, or check that this n8n can reach it.`,
		);
	}
	if (answer.status === 429) {
		return fail(
			`8x8 is rate limiting this key (${answerText(answer.status, answer.body)}) while checking ${checking}. Wait a second and test again; the credential may be fine.`,
		);
	}
	if (answer.status >= 500) {
		return fail(
			`8x8 answered with a server error (${answerText(answer.status, answer.body)}) while checking ${checking}. Try again later; ${checking} could not be checked.`,
		);
	}
	return undefined;
}

/** Step 1: API Key, Region / Base URL and Sub-Account ID. */
function keyStep(
	answer: TestAnswer,
	values: EightByEightCredentials,
	origin: string,
): INodeCredentialTestResult | undefined {
	const common = commonFailure(answer, values, origin, 'the API key');
	if (common) return common;
	if ('networkError' in answer) return undefined;
	const { status, body } = answer;
	const parsed = errorBodyOf(body);
	const text = answerText(status, body);
	if (status === 404 && parsed?.code === 1300) return undefined;
	if (status === 401) {
		return fail(
			`8x8 rejected the API key (${text}). Change API Key: paste the whole key from 8x8 Connect > Messaging Apps > API Keys, and check that it is enabled.`,
		);
	}
	if (status === 403) {
		const wrongRegion = parsed?.code === 1201;
		return fail(
			`8x8 refused this key at ${regionName(values, origin)} (${text}). ${
				wrongRegion
					? `Change ${regionField(values)}: a key only works in the data centre of its account (Asia-Pacific, North America, Europe, Indonesia).`
					: `Change ${regionField(values)} (a key only works in the data centre of its account), or API Key; a proxy in front of 8x8 may also be refusing the call.`
			}`,
		);
	}
	if (status === 400) {
		return fail(
			`8x8 refused the Sub-Account ID "${values.subAccountId}" for this key (${text}). Change Sub-Account ID: copy the Chat Apps sub-account exactly as shown next to the key on the API Keys page.`,
		);
	}
	return fail(
		`${regionName(values, origin)} did not answer like the 8x8 Chat Apps API (${text}; 8x8 answers 404 / code 1300 for a message that does not exist). Change ${regionField(values)}.`,
	);
}

/** Steps 2 and 3: a list call that must answer 200. */
function listStep(
	answer: TestAnswer,
	values: EightByEightCredentials,
	origin: string,
	field: 'Account ID' | 'WhatsApp Channel ID',
	value: string,
	fix: string,
): INodeCredentialTestResult | undefined {
	const common = commonFailure(answer, values, origin, field);
	if (common) return common;
	if ('networkError' in answer || (answer.status >= 200 && answer.status < 300)) return undefined;
	return fail(
		`The API key works, but 8x8 refused the ${field} "${value}" (${answerText(answer.status, answer.body)}). Change ${field}: ${fix}`,
	);
}

/** Runs the test on credential values as stored (they are trimmed here, like the transport does). */
export async function runCredentialTest(
	data: ICredentialDataDecryptedObject | undefined,
	request: TestRequest,
): Promise<INodeCredentialTestResult> {
	const values = normalizeCredentials(data ?? {});
	if (!values.apiKey)
		return fail('API Key is empty. Paste the key from 8x8 Connect > Messaging Apps > API Keys.');
	if (!values.subAccountId) {
		return fail(
			'Sub-Account ID is empty. Copy the Chat Apps sub-account shown next to the key on the API Keys page.',
		);
	}
	let origin: string;
	try {
		origin = resolveBaseUrl(values);
	} catch (error) {
		return fail(`${(error as Error).message}. Change ${regionField(values)}.`);
	}

	const key = await request(
		`${origin}${messagePath(values.subAccountId, CREDENTIAL_TEST_UMID)}`,
		values.apiKey,
	);
	const keyFailure = keyStep(key, values, origin);
	if (keyFailure) return keyFailure;
	const checked = [`API Key, ${regionField(values)} and Sub-Account ID "${values.subAccountId}"`];

	if (values.accountId) {
		const account = await request(`${origin}${webhooksPath(values.accountId)}`, values.apiKey);
		const accountFailure = listStep(
			account,
			values,
			origin,
			'Account ID',
			values.accountId,
			'use the account name or GUID of your 8x8 account, as in /accounts/{accountId} API URLs (templates, webhooks).',
		);
		if (accountFailure) return accountFailure;
		checked.push(`Account ID "${values.accountId}" (webhooks)`);
	}
	if (values.channelId) {
		if (!values.accountId) {
			return fail(
				`WhatsApp Channel ID "${values.channelId}" cannot be used without an Account ID (templates live under /accounts/{accountId}/channels/{channelId}). Fill Account ID, or empty WhatsApp Channel ID. Checked so far: ${checked.join('; ')}.`,
			);
		}
		const channel = await request(
			`${origin}${templatesPath(values.accountId, values.channelId)}`,
			values.apiKey,
		);
		const channelFailure = listStep(
			channel,
			values,
			origin,
			'WhatsApp Channel ID',
			values.channelId,
			'copy the ID of your WhatsApp number from 8x8 Connect > Channels (it must belong to this account).',
		);
		if (channelFailure) return channelFailure;
		checked.push(`WhatsApp Channel ID "${values.channelId}" (templates)`);
	}
	const unchecked = [
		values.accountId ? '' : 'Account ID',
		values.channelId ? '' : 'WhatsApp Channel ID',
	].filter(Boolean);
	return {
		status: 'OK',
		message: `Connection successful: 8x8 at ${regionName(values, origin)} accepted ${checked.join('; ')}.${
			unchecked.length ? ` Not checked (empty): ${unchecked.join(', ')}.` : ''
		}`,
	};
}

function networkCode(error: unknown): string | undefined {
	const candidate = error as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
	if (candidate?.name === 'TimeoutError') return 'ETIMEDOUT';
	const code = candidate?.code ?? candidate?.cause?.code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * One test GET with Node's fetch. ICredentialTestFunctions offers no helper but the deprecated
 * `request` (n8n 1.x and 2.x), which the community-package scanner refuses; fetch reads any status
 * and body as data. It honours HTTPS_PROXY / NO_PROXY only with NODE_USE_ENV_PROXY=1 (Node 24).
 */
export const testRequestWith =
	(fetchFn: typeof fetch): TestRequest =>
	async (url, apiKey) => {
		try {
			const response = await fetchFn(url, {
				method: 'GET',
				headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
				signal: AbortSignal.timeout(TIMEOUT_MS),
			});
			const text = await response.text();
			let body: unknown = text;
			try {
				body = text === '' ? text : JSON.parse(text);
			} catch {
				// not JSON (a gateway's HTML page): kept as text, errorBodyOf tells it from 8x8's JSON
			}
			return { status: response.status, body };
		} catch (error) {
			return { networkError: (error as Error)?.message ?? String(error), code: networkCode(error) };
		}
	};

/** methods.credentialTest[CREDENTIAL_TEST_NAME] of both nodes. */
export async function testEightByEightCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await runCredentialTest(credential.data, testRequestWith(fetch));
}
