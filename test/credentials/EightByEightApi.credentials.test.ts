/* eslint-disable @n8n/community-nodes/no-dangerous-functions */
import { EightByEightApi } from '../../credentials/EightByEightApi.credentials';
import { EightByEightWhatsApp } from '../../nodes/EightByEightWhatsApp/EightByEightWhatsApp.node';
import { EightByEightWhatsAppTrigger } from '../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { REGION_BASE_URLS, resolveBaseUrl } from '../../nodes/shared/regions';
import {
	CREDENTIAL_TEST_NAME,
	testEightByEightCredential,
} from '../../nodes/shared/transport/credentialTest';

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
			'webhookSecret',
		]);
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.webhookSecret.typeOptions?.password).toBe(true);
		expect(byName.baseUrl.displayOptions).toEqual({ show: { region: ['custom'] } });
		expect((byName.region.options ?? []).map((o) => (o as { value: string }).value)).toEqual([
			'apac',
			'us',
			'eu',
			'id',
			'custom',
		]);
	});

	it('authenticates with the API key as a Bearer token, trimmed like every field the nodes read', () => {
		const header = credential.authenticate.properties.headers?.Authorization as string;
		expect(evaluate(header, { apiKey: 'abc' })).toBe('Bearer abc');
		expect(evaluate(header, { apiKey: ' abc\n' })).toBe('Bearer abc');
	});

	it('has no declarative test: both nodes test it (testedBy), with the same function', () => {
		expect((credential as { test?: unknown }).test).toBeUndefined();
		for (const node of [new EightByEightWhatsApp(), new EightByEightWhatsAppTrigger()]) {
			const entry = node.description.credentials?.find((c) => c.name === credential.name);
			expect(entry?.testedBy).toBe(CREDENTIAL_TEST_NAME);
			expect(node.methods?.credentialTest?.[CREDENTIAL_TEST_NAME]).toBe(testEightByEightCredential);
		}
	});

	it.each([
		['apac', 'https://chatapps.8x8.com'],
		['us', 'https://chatapps.us.8x8.com'],
		['eu', 'https://chatapps.8x8.uk'],
		['id', 'https://chatapps.8x8.id'],
	])('region %s resolves to %s', (region, url) => {
		expect(resolveBaseUrl({ region })).toBe(url);
		expect(REGION_BASE_URLS[region as keyof typeof REGION_BASE_URLS]).toBe(url);
	});

	it('custom region uses the Base URL without trailing slashes, and refuses an empty one', () => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:8088/ ' })).toBe(
			'http://127.0.0.1:8088',
		);
		expect(() => resolveBaseUrl({ region: 'custom', baseUrl: '' })).toThrow(/Base URL is empty/);
		expect(() => resolveBaseUrl({ region: 'mars' })).toThrow(/Unknown 8x8 region "mars"/);
	});
});
