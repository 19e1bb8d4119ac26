'use strict';
/**
 * e2e: the package loads in a real n8n, and the "8x8 Connect API" credential test (run by n8n itself,
 * through POST /rest/credentials/test, against the local 8x8 sandbox) tells the cases apart:
 * right key -> OK; wrong key (401 / 1200), key of another region (403 / 1201) and unknown
 * sub-account (400 / 1001), rate limiting (429) and an 8x8 internal error (500 / 2000) -> the
 * credential's own message for that case (looked up in the built credential by the value its rule
 * is keyed on, so rewording a message does not break this test).
 */
const fs = require('fs');
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { withN8n, sandboxCredential, SANDBOX_CREDENTIAL_ID, CREDENTIAL_TYPE, NODE_TYPES, PACKAGE_DIR } = require('./support');

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
const { EightByEightApi } = require(path.join(PACKAGE_DIR, 'dist', 'credentials', 'EightByEightApi.credentials.js'));
const rules = new EightByEightApi().test.rules || [];

/** The message of the credential rule for a case, found by the HTTP status or 8x8 code it is keyed on. */
function ruleMessage(...values) {
	const rule = rules.find((r) => values.includes(r.properties && r.properties.value));
	assert.ok(rule, `the credential has no test rule for ${values.join(' / ')}`);
	return rule.properties.message;
}

/**
 * n8n runs the declarative test through its RoutingNode, which always asks for the full response and
 * then hands the rules only the parsed response BODY (`response[0][0].json = responseData.body`, in
 * n8n 1.123.81 and 2.41.1 alike). So a rule keyed on `statusCode` or `body.code` never matches an
 * 8x8 error body ({code, message, errorId, timestamp}); keys must name body fields, e.g. `code`.
 */
function assertRuleFired(result, ...values) {
	const expected = { status: 'Error', message: ruleMessage(...values) };
	const rule = rules.find((r) => values.includes(r.properties && r.properties.value));
	assert.deepEqual(
		result,
		expected,
		`n8n answered ${JSON.stringify(result)} instead of the rule keyed ${rule.properties.key} = ${rule.properties.value}. ` +
			'n8n matches responseSuccessBody rules against the parsed response body only (not {statusCode, body}).',
	);
}

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
		sandbox: true,
		credentials: (ctx) => [sandboxCredential(ctx.sandbox)],
	},
	(ctx) => {
		it('loads the package: no load errors, credential and node types known', async () => {
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
				assert.ok(
					(d.credentials || []).some((c) => c.name === CREDENTIAL_TYPE),
					`node ${d.name} does not use the ${CREDENTIAL_TYPE} credential`,
				);
			}
		});

		it('credential test: OK with the sandbox key', async () => {
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID);
			assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
		});

		it('credential test: wrong API key -> the 401 message', async () => {
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID, { apiKey: 'not-the-sandbox-key' });
			assertRuleFired(result, 401, 1200);
		});

		it('credential test: key of another region -> the 403 message', async () => {
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID, { apiKey: ctx.sandbox.options.wrongRegionKey });
			assertRuleFired(result, 403, 1201);
		});

		it('credential test: unknown sub-account -> the 1001 message', async () => {
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID, { subAccountId: 'NoSuchSubAccount' });
			assertRuleFired(result, 1001);
		});

		it('credential test: rate limited (429) -> the 429 message', async () => {
			ctx.sandbox.injectFault({ status: 429, retryAfter: 1, count: 1 });
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID);
			assertRuleFired(result, 429);
		});

		it('credential test: 8x8 internal error (500) -> the 500 message', async () => {
			ctx.sandbox.injectFault({ status: 500, count: 1 });
			const result = await ctx.n8n.credentialTest(SANDBOX_CREDENTIAL_ID);
			assertRuleFired(result, 500, 2000);
		});

		it('credential test: the request reached the sandbox with the Bearer key', async () => {
			const res = await fetch(`${ctx.sandbox.url}/__sandbox/requests?path=${encodeURIComponent('/api/v1/subaccounts/**')}`);
			const { requests } = await res.json();
			const umidCalls = requests.filter((r) => /\/messages\/00000000-0000-0000-0000-000000000000$/.test(r.path));
			assert.ok(umidCalls.length >= 6, `expected the 6 credential tests to call the sandbox, saw ${umidCalls.length}`);
			const auth = umidCalls.map((r) => r.headers && r.headers.authorization);
			assert.ok(auth.includes(`Bearer ${ctx.sandbox.options.apiKey}`), `no call carried the sandbox key: ${JSON.stringify(auth)}`);
		});
	},
);
