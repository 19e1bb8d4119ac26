'use strict';
/**
 * e2e: the package loads in a real n8n, and the "8x8 Connect API" credential test, run by n8n itself
 * (POST /rest/credentials/test, which finds the nodes' methods.credentialTest through `testedBy`)
 * against the local 8x8 sandbox, says "Connection successful" only when every filled field works and
 * otherwise names the field to change:
 *   right values -> OK, with what was checked (key, Base URL and sub-account; account; channel);
 *   wrong key (401 / 1200), and a gateway's HTML 401 -> API Key; key of another region (403 / 1201),
 *   and an HTML 403 -> Base URL (the sandbox is a "Custom URL" region); unknown sub-account
 *   (400 / 1001) and 400 / 1000 -> Sub-Account ID; an Account ID or Channel ID 8x8 refuses -> that
 *   field; rate limiting (429) and an 8x8 server error (500) -> not a success, "test again".
 * A key pasted with spaces around it tests OK and also sends (the Bearer header is trimmed like the
 * credential test's request).
 */
const fs = require('fs');
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const {
	withN8n,
	sandboxCredential,
	SANDBOX_CREDENTIAL_ID,
	CREDENTIAL_TYPE,
	NODE_TYPES,
	PACKAGE_DIR,
} = require('./support');
const { importable } = require('./workflows/common');
const { sendWorkflow } = require('./workflows/send');

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
const { CREDENTIAL_TEST_UMID } = require(path.join(PACKAGE_DIR, 'dist', 'nodes', 'shared', 'transport', 'credentialTest.js'));

const SPACED_KEY_CREDENTIAL = { id: '8x8SpacedKeyCred', name: '8x8 Sandbox (key with spaces)' };
const SEND_WITH_SPACED_KEY = sendWorkflow({
	seed: 'credential-spaced-key',
	path: 'e2e-credential-spaced-key',
	parameters: { operation: 'sendText', to: '+6591234567', text: 'Key check', options: {} },
	credential: SPACED_KEY_CREDENTIAL,
});

/** Versions n8n can be asked for: the highest version of each registered node. */
function registeredNodes() {
	return (pkg.n8n.nodes || []).map((file) => {
		const mod = require(path.join(PACKAGE_DIR, file));
		const Node = Object.values(mod).find((v) => typeof v === 'function');
		const { description } = new Node();
		const versions = [].concat(description.version);
		return { name: `${pkg.name}.${description.name}`, version: Math.max(...versions) };
	});
}

withN8n(
	{
		sandbox: { receipts: false },
		credentials: (ctx) => [
			sandboxCredential(ctx.sandbox, { channelId: ctx.sandbox.credentials.channelId }),
			sandboxCredential(ctx.sandbox, { apiKey: `  ${ctx.sandbox.options.apiKey}\n` }, SPACED_KEY_CREDENTIAL),
		],
		workflows: [importable(SEND_WITH_SPACED_KEY)],
	},
	(ctx) => {
		const test = (data) => ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID, data);
		const fault = (spec) => ctx.sandbox.injectFault({ path: '/api/v1/subaccounts/**', count: 1, ...spec });

		/** An Error that names `field` as the one to change. */
		function assertNames(result, field, also) {
			assert.equal(result.status, 'Error', `expected an error naming ${field}, got ${JSON.stringify(result)}`);
			assert.match(result.message, new RegExp(`Change ${field}\\b`), `"${result.message}" does not name ${field}`);
			if (also) assert.match(result.message, also);
			assert.ok(!result.message.includes(ctx.sandbox.options.apiKey), 'the message shows the API key');
		}

		it('loads the package: no load errors, credential and node types known, both nodes test the credential', async () => {
			const n8n = ctx.n8n;
			assert.deepEqual(n8n.loadProblems(), [], 'n8n logged problems while loading the package');
			assert.equal(await n8n.credentialTypeKnown(CREDENTIAL_TYPE), true, `${CREDENTIAL_TYPE} is not a known credential type`);
			assert.equal(await n8n.credentialTypeKnown('surelyNotAType8x8'), false);
			const nodes = registeredNodes();
			assert.deepEqual(
				nodes.map((n) => n.name).sort(),
				Object.values(NODE_TYPES).sort(),
				'package.json registers other nodes than the e2e tests expect',
			);
			const descriptions = await n8n.nodeTypes(nodes);
			assert.equal(descriptions.length, nodes.length);
			for (const d of descriptions) {
				const entry = (d.credentials || []).find((c) => c.name === CREDENTIAL_TYPE);
				assert.ok(entry, `node ${d.name} does not use the ${CREDENTIAL_TYPE} credential`);
				assert.equal(entry.testedBy, 'eightByEightApiTest', `node ${d.name} does not test the credential`);
			}
		});

		it('OK only when key, Base URL, sub-account, account and channel all work, saying what was checked', async () => {
			const result = await test();
			assert.deepEqual(result, {
				status: 'OK',
				message: `Connection successful: 8x8 at ${ctx.sandbox.url} accepted API Key, Base URL and Sub-Account ID "SandboxSub"; Account ID "SandboxAccount" (webhooks); WhatsApp Channel ID "${ctx.sandbox.credentials.channelId}" (templates).`,
			});
			const { requests } = await (
				await fetch(`${ctx.sandbox.url}/__sandbox/requests?path=${encodeURIComponent('/api/**')}&limit=3`)
			).json();
			const paths = requests.slice(-3).map((r) => r.path);
			assert.deepEqual(paths, [
				`/api/v1/subaccounts/SandboxSub/messages/${CREDENTIAL_TEST_UMID}`,
				'/api/v1/accounts/SandboxAccount/webhooks',
				`/api/v1/accounts/SandboxAccount/channels/${ctx.sandbox.credentials.channelId}/templates`,
			]);
			for (const r of requests.slice(-3)) {
				assert.equal(r.headers.authorization, `Bearer ${ctx.sandbox.options.apiKey}`);
			}
		});

		it('OK without Account ID and Channel ID, which it says were not checked', async () => {
			const result = await test({ accountId: '', channelId: '' });
			assert.equal(result.status, 'OK', JSON.stringify(result));
			assert.match(result.message, /Not checked \(empty\): Account ID, WhatsApp Channel ID\.$/);
		});

		it('wrong API key (401 / 1200) -> API Key', async () => {
			assertNames(await test({ apiKey: 'not-the-sandbox-key' }), 'API Key', /HTTP 401 \/ code 1200/);
		});

		it("a gateway's HTML 401 -> API Key, not a success", async () => {
			fault({ status: 401, body: '<html><body><h1>401 Authorization Required</h1></body></html>', headers: { 'Content-Type': 'text/html' } });
			assertNames(await test(), 'API Key', /HTTP 401, not an 8x8 JSON answer/);
		});

		it('key of another region (403 / 1201) -> Base URL (Region for the 8x8 regions)', async () => {
			assertNames(await test({ apiKey: ctx.sandbox.options.wrongRegionKey }), 'Base URL', /HTTP 403 \/ code 1201/);
		});

		it('an HTML 403 from a proxy -> Base URL or API Key', async () => {
			fault({ status: 403, body: '<html>Forbidden</html>', headers: { 'Content-Type': 'text/html' } });
			assertNames(await test(), 'Base URL', /or API Key/);
		});

		it('unknown sub-account (400 / 1001), and 400 / 1000 -> Sub-Account ID', async () => {
			assertNames(await test({ subAccountId: 'NoSuchSubAccount' }), 'Sub-Account ID', /"NoSuchSubAccount".*code 1001/);
			fault({ status: 400, code: 1000, message: 'Invalid parameter' });
			assertNames(await test(), 'Sub-Account ID', /HTTP 400 \/ code 1000/);
		});

		it('an Account ID the webhooks endpoint refuses -> Account ID', async () => {
			assertNames(await test({ accountId: 'SomeoneElsesAccount' }), 'Account ID', /refused the Account ID "SomeoneElsesAccount"/);
		});

		it('a Channel ID the templates endpoint refuses -> WhatsApp Channel ID', async () => {
			const channelId = '11111111-2222-4333-8444-555555555555';
			assertNames(await test({ channelId }), 'WhatsApp Channel ID', new RegExp(`refused the WhatsApp Channel ID "${channelId}"`));
		});

		it('rate limited (429) and 8x8 server error (500): not a success', async () => {
			fault({ status: 429, retryAfter: 1 });
			const limited = await test();
			assert.equal(limited.status, 'Error');
			assert.match(limited.message, /rate limiting .*test again/);
			fault({ status: 500 });
			const broken = await test();
			assert.equal(broken.status, 'Error');
			assert.match(broken.message, /server error \(HTTP 500.*could not be checked/);
		});

		it('a key pasted with spaces and a newline: the test and a real send both use it trimmed', async () => {
			const result = await ctx.n8n.credentialTest(SPACED_KEY_CREDENTIAL.id);
			assert.equal(result.status, 'OK', JSON.stringify(result));
			const res = await ctx.n8n.postWebhook(SEND_WITH_SPACED_KEY.path, {});
			assert.equal(res.status, 200, `the send answered ${res.status} ${res.text}\n${ctx.n8n.logTail(30)}`);
			assert.equal(res.body[0].status, 'queued', res.text);
		});
	},
);
