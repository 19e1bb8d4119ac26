'use strict';
/**
 * e2e: the 8x8 WhatsApp action node in a real n8n, against the local 8x8 sandbox.
 *
 * How the workflow is run: Webhook (n8n-nodes-base.webhook v2, "Respond: When Last Node Finishes",
 * "All Entries") -> Switch (expression mode, on $json.body.route) -> one 8x8 WhatsApp node per case
 * (strict, On Error = Continue, wrong-key credential, ...). Posting to the webhook runs the workflow
 * the same way on n8n 1.x and 2.x (no editor session, no version-specific REST payload); the posted
 * JSON is the input item ($json.body), the answer is the node's output items (or HTTP 500 on an
 * error), and the execution (with the error, if any) is read from n8n's database. One workflow
 * instead of one per case because each activation costs a CLI run on n8n 2.x. See workflows/send.js.
 *
 * Proves:
 * - the editor's look-ups work in real n8n: the template list (resource locator, "From List") offers
 *   `event_invitation|he`, and the resource mapper asks for exactly header.mediaUrl, body.1, body.2,
 *   button.0.url.
 * - Send Template (locator "From List", variables from the resource mapper, partly mapped from the
 *   input item, national number + Default Country) reaches the sandbox with exactly the documented
 *   body (GET /__sandbox/messages), and the output item carries umid, clientMessageId
 *   (n8n-<executionId>-0-<hash>), status "queued" and the "queued is not delivered" note.
 * - each error comes back clearly: the execution fails with a message naming the 8x8 code and title
 *   and a description with its meaning and fix (the built error catalog's texts), and with On Error =
 *   Continue the item becomes {error:{code, httpStatus, message, meaning, fix, errorId, retryable}, to,
 *   clientMessageId}:
 *     1002 real API path: "+2131234" passes the node's phone check (known calling code +213, no length
 *          table for it) but is too short for E.164, so 8x8 (the sandbox) answers 400 / 1002
 *     1200 real API path: a credential with a wrong API key
 *     1005 sandbox fault (400 / 1005 "Invalid parameter(s): 'user.msisdn'"): the node always sends a
 *          well-formed E.164 msisdn and checks every content field first, so no real request reaches 1005
 *     3038 by name mode with an unknown template: the node looks the template up first and stops with
 *          its own validation error ("was not found on WhatsApp channel …", nothing sent) - asserted;
 *          the API's 3038 (template deleted/unapproved between look-up and send) via a sandbox fault
 *     3040 / 3041 by name mode with variables the mapper does not supply: the node checks them first
 *          (validation error naming the empty variables, nothing sent) - asserted; the API's 3040 / 3041
 *          via sandbox faults with the sandbox's own wording
 */
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const {
	E2E_VERSION,
	withN8n,
	sandboxCredential,
	SANDBOX_CREDENTIAL_ID,
	SANDBOX_CREDENTIAL_NAME,
	CREDENTIAL_TYPE,
	NODE_TYPES,
	PACKAGE_DIR,
} = require('./support');
const { importable } = require('./workflows/common');
const { routedSendWorkflow, templateLocator, templateVariables } = require('./workflows/send');

const dist = (...p) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', ...p));
const { explainApiError } = dist('shared', 'errors');
const { QUEUED_NOTE } = dist('EightByEightWhatsApp', 'helpers', 'output');
const { VALIDATION_MEANING } = dist('EightByEightWhatsApp', 'helpers', 'errors');

const WRONG_KEY_CREDENTIAL = { id: '8x8WrongKeyCred1', name: '8x8 Sandbox (wrong key)' };
const MEDIA_URL = 'https://picsum.photos/seed/event/800/418.jpg';
const EVENT_FIELDS = [
	{ id: 'header.mediaUrl', displayName: 'Header Image URL' },
	{ id: 'body.1', displayName: 'Body {{1}}' },
	{ id: 'body.2', displayName: 'Body {{2}}' },
	{ id: 'button.0.url', displayName: 'Button 0 URL Suffix' },
];

const ROUTES = {
	invitation: {
		parameters: {
			operation: 'sendTemplate',
			to: '={{ $json.body.to }}',
			channelId: '',
			template: templateLocator('event_invitation|he', 'list'),
			templateVariables: templateVariables(
				{
					'header.mediaUrl': '={{ $json.body.image }}',
					'body.1': '={{ $json.body.name }}',
					'body.2': 'ערב השקה',
					'button.0.url': 'launch-2025',
				},
				EVENT_FIELDS,
			),
			options: { defaultCountry: 'SG' },
		},
	},
	byName: { parameters: byNameParameters() },
	byNameCof: { parameters: byNameParameters(), continueOnFail: true },
	text: { parameters: textParameters() },
	textCof: { parameters: textParameters(), continueOnFail: true },
	wrongKey: { parameters: textParameters(), credential: WRONG_KEY_CREDENTIAL },
	wrongKeyCof: {
		parameters: textParameters(),
		credential: WRONG_KEY_CREDENTIAL,
		continueOnFail: true,
	},
};
const SEND = routedSendWorkflow({
	seed: 'e2e-send',
	name: 'e2e send: one webhook, a node per case',
	path: 'e2e-send',
	routes: ROUTES,
});

/** Template "By Name and Language" from the input item; order_update's two body variables from it too. */
function byNameParameters() {
	return {
		operation: 'sendTemplate',
		to: '={{ $json.body.to }}',
		channelId: '',
		template: templateLocator('={{ $json.body.template }}', 'name'),
		templateVariables: templateVariables(
			{ 'body.1': '={{ $json.body.v1 }}', 'body.2': '={{ $json.body.v2 }}' },
			[
				{ id: 'body.1', displayName: 'Body {{1}}' },
				{ id: 'body.2', displayName: 'Body {{2}}' },
			],
		),
		options: {},
	};
}

function textParameters() {
	return {
		operation: 'sendText',
		to: '={{ $json.body.to }}',
		text: '={{ $json.body.text }}',
		options: {},
	};
}

withN8n(
	{
		title: `8x8 WhatsApp send + errors on n8n ${E2E_VERSION}.x`,
		sandbox: { receipts: false }, // receipts are the quickstart test's subject
		credentials: (ctx) => [
			sandboxCredential(ctx.sandbox),
			sandboxCredential(ctx.sandbox, { apiKey: 'not-the-sandbox-key' }, WRONG_KEY_CREDENTIAL),
		],
		workflows: [importable(SEND)],
	},
	(ctx) => {
		const explain = (what) => `${what}\n--- n8n log tail ---\n${ctx.n8n.logTail(40)}`;
		const sandboxGet = async (p) => (await fetch(`${ctx.sandbox.url}${p}`)).json();
		const fault = async (spec) => {
			const res = await fetch(`${ctx.sandbox.url}/__sandbox/faults`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					match: { method: 'POST', path: '/api/v1/subaccounts/*/messages' },
					count: 1,
					...spec,
				}),
			});
			assert.equal(res.status, 200, `POST /__sandbox/faults: ${res.status} ${await res.text()}`);
		};
		const messageCount = async () => (await sandboxGet('/__sandbox/messages')).messages.length;

		/** POST the input to the route's node; resolves { res, exec, node } once the execution is saved. */
		async function run(route, body) {
			const node = SEND.actionNames[route];
			const before = (await ctx.n8n.readExecutions(SEND.id)).length;
			const res = await ctx.n8n.postWebhook(SEND.path, { route, ...body });
			const execs = await ctx.n8n.waitForExecutions(SEND.id, before + 1, { timeoutMs: 60_000 });
			assert.equal(
				execs.length,
				before + 1,
				explain(`${route}: ${execs.length - before} executions for one call`),
			);
			const exec = execs[execs.length - 1];
			assert.deepEqual(
				Object.keys(exec.nodes).sort(),
				['Route', 'Webhook', node].sort(),
				explain(`execution ${exec.id} ran ${Object.keys(exec.nodes).join(', ')}`),
			);
			return { res, exec, node };
		}

		/** The execution failed in the 8x8 node with the catalog's explanation of `code`. */
		function assertFailed({ exec, res, node }, code, rawMessage) {
			const c = explainApiError(code);
			assert.equal(
				exec.status,
				'error',
				explain(`expected the execution to fail with ${code}, it is ${exec.status}`),
			);
			assert.equal(
				res.status,
				500,
				`the webhook answers 500 when the workflow fails (got ${res.status} ${res.text})`,
			);
			const error = exec.error || exec.nodes[node].error;
			assert.ok(error, explain(`execution ${exec.id} has no error`));
			assert.equal(error.node, node);
			assert.ok(
				error.message.startsWith(`${code} ${c.title}`),
				`message "${error.message}" should start with "${code} ${c.title}"`,
			);
			if (rawMessage)
				assert.ok(
					error.message.includes(rawMessage),
					`message "${error.message}" should quote 8x8's "${rawMessage}"`,
				);
			assert.ok(
				error.description.includes(c.meaning),
				`description "${error.description}" should hold the meaning "${c.meaning}"`,
			);
			assert.ok(error.description.includes(c.fix), `description should hold the fix "${c.fix}"`);
			return error;
		}

		/** Continue On Fail: the one output item is the error item with the catalog's explanation. */
		function assertErrorItem({ exec, res, node }, code, { to } = {}) {
			const cat = explainApiError(code);
			const httpStatus = cat.httpStatus;
			assert.equal(
				exec.status,
				'success',
				explain(
					`with Continue On Fail the execution succeeds (got ${exec.status} ${JSON.stringify(exec.error)})`,
				),
			);
			assert.equal(res.status, 200, `HTTP ${res.status} ${res.text}`);
			const items = exec.nodes[node].outputs[0];
			assert.equal(items.length, 1);
			assert.deepEqual(res.body, items, 'the webhook answers with the output items');
			const [item] = items;
			assert.deepEqual(Object.keys(item).sort(), ['clientMessageId', 'error', 'to']);
			assert.deepEqual(
				Object.keys(item.error).sort(),
				['code', 'errorId', 'fix', 'httpStatus', 'meaning', 'message', 'retryable'].sort(),
			);
			assert.equal(item.error.code, code);
			assert.equal(item.error.httpStatus, httpStatus);
			assert.ok(item.error.message.startsWith(`${code} ${cat.title}`), item.error.message);
			assert.equal(item.error.meaning, cat.meaning);
			assert.ok(item.error.fix.startsWith(cat.fix), `fix "${item.error.fix}"`);
			assert.equal(item.error.retryable, cat.retryable);
			assert.match(String(item.error.errorId), /\S/, 'the 8x8 errorId is kept');
			if (to) assert.equal(item.to, to);
			assert.match(String(item.clientMessageId), new RegExp(`^n8n-${exec.id}-0-[0-9a-f]{8}$`));
			return item;
		}

		/** The node's own pre-send check: strict -> execution error; Continue On Fail -> VALIDATION_FAILED item. */
		function assertValidation({ exec, res, node }, messagePattern, { continueOnFail }) {
			if (!continueOnFail) {
				assert.equal(
					exec.status,
					'error',
					explain(`expected a validation error, got ${exec.status}`),
				);
				assert.equal(res.status, 500, `HTTP ${res.status}`);
				const error = exec.error || exec.nodes[node].error;
				assert.equal(error.node, node);
				assert.match(error.message, messagePattern);
				assert.match(error.description, /^Nothing was sent\. /);
				return error;
			}
			assert.equal(
				exec.status,
				'success',
				explain(`with Continue On Fail the execution succeeds (got ${exec.status})`),
			);
			const [item] = exec.nodes[node].outputs[0];
			assert.deepEqual(res.body, [item], 'the webhook answers with the error item');
			assert.equal(item.error.code, 'VALIDATION_FAILED');
			assert.equal(item.error.httpStatus, null);
			assert.match(item.error.message, messagePattern);
			assert.equal(item.error.meaning, VALIDATION_MEANING);
			assert.ok(item.error.fix.length > 20, 'a fix is given');
			assert.equal(item.error.retryable, false);
			return item;
		}

		it('the editor look-ups work: template list and template variables', async () => {
			await ctx.n8n.restLogin();
			const common = {
				nodeTypeAndVersion: { name: NODE_TYPES.action, version: 1 },
				credentials: {
					[CREDENTIAL_TYPE]: { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME },
				},
			};
			const params = (template) => ({
				resource: 'message',
				operation: 'sendTemplate',
				to: '',
				channelId: '',
				template: templateLocator(template, 'list'),
				templateVariables: { mappingMode: 'defineBelow', value: null },
				options: {},
			});
			const list = await ctx.n8n.rest('POST', 'dynamic-node-parameters/resource-locator-results', {
				...common,
				path: 'parameters.template',
				methodName: 'searchTemplates',
				currentNodeParameters: params(''),
			});
			assert.equal(
				list.status,
				200,
				explain(
					`resource-locator-results: HTTP ${list.status} ${JSON.stringify(list.body).slice(0, 500)}`,
				),
			);
			const results = list.body.data.results;
			const invitation = results.find((r) => r.value === 'event_invitation|he');
			assert.ok(
				invitation,
				`event_invitation|he not offered: ${JSON.stringify(results.map((r) => r.value))}`,
			);
			assert.ok(
				!results.some((r) => /^(spring_sale|bad_promo)\|/.test(r.value)),
				'PAUSED / REJECTED templates are not offered',
			);

			const fields = await ctx.n8n.rest('POST', 'dynamic-node-parameters/resource-mapper-fields', {
				...common,
				path: 'parameters.templateVariables',
				methodName: 'getTemplateVariables',
				currentNodeParameters: params('event_invitation|he'),
			});
			assert.equal(
				fields.status,
				200,
				explain(
					`resource-mapper-fields: HTTP ${fields.status} ${JSON.stringify(fields.body).slice(0, 500)}`,
				),
			);
			assert.deepEqual(
				fields.body.data.fields.map((f) => f.id),
				EVENT_FIELDS.map((f) => f.id),
				'the workflow maps exactly the fields the editor shows',
			);
			assert.ok(fields.body.data.fields.every((f) => f.required === true));
		});

		it('Send Template event_invitation: the sandbox receives exactly the documented body; the output is queued, with the queued hint', async () => {
			const { res, exec, node } = await run('invitation', {
				to: '9123 4569',
				name: 'דנה',
				image: MEDIA_URL,
			});
			assert.equal(
				exec.status,
				'success',
				explain(`execution ${exec.id}: ${exec.status} ${JSON.stringify(exec.error)}`),
			);
			assert.equal(exec.mode, 'webhook');
			const [out] = exec.nodes[node].outputs[0];
			assert.deepEqual(res.body, [out], 'the webhook answers with the output item');
			assert.match(
				out.clientMessageId,
				new RegExp(`^n8n-${exec.id}-0-[0-9a-f]{8}$`),
				'clientMessageId derived from the execution id',
			);

			const { messages } = await sandboxGet(
				`/__sandbox/messages?clientMessageId=${encodeURIComponent(out.clientMessageId)}`,
			);
			assert.equal(
				messages.length,
				1,
				`the sandbox holds ${messages.length} messages with ${out.clientMessageId}`,
			);
			const [stored] = messages;
			assert.deepEqual(stored.body, {
				user: { msisdn: '+6591234569' },
				type: 'template',
				content: {
					template: {
						name: 'event_invitation',
						language: 'he',
						components: [
							{ type: 'header', parameters: [{ type: 'image', url: MEDIA_URL }] },
							{
								type: 'body',
								parameters: [
									{ type: 'text', text: 'דנה' },
									{ type: 'text', text: 'ערב השקה' },
								],
							},
							{
								type: 'button',
								index: 0,
								subType: 'Url',
								parameters: [{ type: 'text', text: 'launch-2025' }],
							},
						],
					},
				},
				clientMessageId: out.clientMessageId,
			});
			assert.deepEqual(out, {
				umid: stored.umid,
				clientMessageId: stored.clientMessageId,
				to: '+6591234569',
				status: 'queued',
				template: 'event_invitation',
				language: 'he',
				acceptedAt: out.acceptedAt,
			});
			assert.match(out.umid, /^[0-9a-f-]{36}$/);
			assert.match(out.acceptedAt, /^\d{4}-\d\d-\d\dT/);
			// "queued is not delivered" is an execution hint of the run, not a field of every item
			const hints = exec.data.resultData.runData[node][0].hints || [];
			assert.deepEqual(hints.map((hint) => hint.message), [QUEUED_NOTE], 'the queued hint (no pin-data advice outside the editor)');
		});

		it('1002 (real API path): "+2131234" passes the node but 8x8 rejects it', async () => {
			const before = await messageCount();
			const rejected = async () =>
				(
					await sandboxGet(
						`/__sandbox/requests?method=POST&path=${encodeURIComponent('/api/v1/subaccounts/*/messages')}`,
					)
				).requests.filter((r) => r.status === 400).length;
			const rejectedBefore = await rejected();
			const strict = await run('text', { to: '+2131234', text: 'hello' });
			assertFailed(strict, 1002, 'Invalid MSISDN format');
			const cof = await run('textCof', { to: '+2131234', text: 'hello' });
			assertErrorItem(cof, 1002, { to: '+2131234' });
			assert.equal(await messageCount(), before, 'nothing was queued');
			assert.equal(
				await rejected(),
				rejectedBefore + 2,
				'both sends reached the API and were answered 400',
			);
		});

		it('1005 (sandbox fault: no real request reaches it): clear error, and an error item with Continue On Fail', async () => {
			const message = "Invalid parameter(s): 'user.msisdn'";
			await fault({ status: 400, code: 1005, message });
			const strict = await run('text', { to: '+6591234569', text: 'hello' });
			assertFailed(strict, 1005, message);
			await fault({ status: 400, code: 1005, message });
			const cof = await run('textCof', { to: '+6591234569', text: 'hello' });
			const item = assertErrorItem(cof, 1005, { to: '+6591234569' });
			assert.ok(item.error.message.includes(message));
		});

		it('1200 (real API path): a credential with a wrong API key', async () => {
			const strict = await run('wrongKey', { to: '+6591234569', text: 'hello' });
			const error = assertFailed(strict, 1200);
			assert.ok(
				error.description.includes(`Credential: "${WRONG_KEY_CREDENTIAL.name}" (field API Key)`),
				error.description,
			);
			const cof = await run('wrongKeyCof', { to: '+6591234569', text: 'hello' });
			const item = assertErrorItem(cof, 1200, { to: '+6591234569' });
			assert.ok(item.error.fix.includes('(field API Key)'));
		});

		it('3038 by name: the node finds no such template and sends nothing; the API 3038 (sandbox fault) is explained', async () => {
			const before = await messageCount();
			const input = { to: '+6591234569', template: 'no_such_template|en', v1: 'a', v2: 'b' };
			const pattern =
				/^Template "no_such_template" \(en\) was not found on WhatsApp channel \S+; no template of that name exists in any language$/;
			const strict = await run('byName', input);
			assertValidation(strict, pattern, { continueOnFail: false });
			const cof = await run('byNameCof', input);
			assertValidation(cof, pattern, { continueOnFail: true });
			assert.equal(await messageCount(), before, 'nothing was sent');

			// The template exists when the node looks it up, but 8x8 refuses it at send time.
			const message = 'Template not found for provided name and language';
			const valid = { to: '+6591234569', template: 'order_update|en', v1: 'Dana', v2: 'A-1042' };
			await fault({ status: 400, code: 3038, message });
			const apiStrict = await run('byName', valid);
			assertFailed(apiStrict, 3038, message);
			await fault({ status: 400, code: 3038, message });
			const apiCof = await run('byNameCof', valid);
			assertErrorItem(apiCof, 3038, { to: '+6591234569' });
		});

		it('3040 / 3041 by name: the node names the missing variables and sends nothing; the API codes (sandbox faults) are explained', async () => {
			const before = await messageCount();
			const none = { to: '+6591234569', template: 'order_update|en' };
			const nonePattern =
				/^Template "order_update" \(en\) expects 2 body variables \(\{\{1\}\}, \{\{2\}\}\) but 2 are empty: \{\{1\}\}, \{\{2\}\}$/;
			const check = async (route, input, pattern, continueOnFail) =>
				assertValidation(await run(route, input), pattern, { continueOnFail });
			await check('byName', none, nonePattern, false);
			await check('byNameCof', none, nonePattern, true);
			const one = { ...none, v1: 'Dana' };
			const onePattern =
				/^Template "order_update" \(en\) expects 2 body variables \(\{\{1\}\}, \{\{2\}\}\) but 1 is empty: \{\{2\}\}$/;
			await check('byName', one, onePattern, false);
			await check('byNameCof', one, onePattern, true);
			assert.equal(await messageCount(), before, 'nothing was sent');

			const valid = { ...one, v2: 'A-1042' };
			const cases = [
				[
					3040,
					"Empty template parameters: template 'order_update' (en) needs 2 parameters but none were sent",
				],
				[
					3041,
					"Invalid template parameter: BODY of template 'order_update' (en) expects 2 parameters ({{1}}, {{2}}), 1 given",
				],
			];
			for (const [code, message] of cases) {
				await fault({ status: 400, code, message });
				const strict = await run('byName', valid);
				assertFailed(strict, code, message);
				await fault({ status: 400, code, message });
				const cof = await run('byNameCof', valid);
				assertErrorItem(cof, code, { to: '+6591234569' });
			}
		});
	},
);
