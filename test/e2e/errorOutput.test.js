'use strict';
/**
 * e2e: On Error = "Continue (using error output)" in a real n8n (1.x and 2.x) against the sandbox.
 * Every operation's 8x8 node feeds a NoOp on each branch (workflows/errorOutput.js); one call posts
 * several items to one operation. Proves, per operation, which branch each item took and that a
 * failed item arrives on the error branch as n8n builds it there: the input item's fields plus
 * `error` with code, message, meaning, fix, retryable, errorId and the context (recipient and
 * clientMessageId for sends; umid, template or webhook type for the others).
 * Also: Retry On Fail (n8n re-runs the node while its first item is an error item) sends an accepted
 * message once, however many tries n8n makes.
 * (Send and Wait's undelivered resume on the error output: sendAndWait.test.js.)
 */
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { withN8n, sandboxCredential, PACKAGE_DIR } = require('./support');
const { importable } = require('./workflows/common');
const { errorOutputWorkflow } = require('./workflows/errorOutput');

const dist = (...p) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', ...p));
const { explainApiError } = dist('shared', 'errors');
const { VALIDATION_MEANING } = dist('EightByEightWhatsApp', 'helpers', 'errors');

const WRONG_KEY = { id: '8x8ErrOutWrongKy', name: '8x8 Sandbox (wrong key)' };
const WRONG_ACCOUNT = { id: '8x8ErrOutWrongAc', name: '8x8 Sandbox (wrong account)' };
/** Passes the node's phone check (+213 has no length table) but 8x8 (the sandbox) refuses it: 1002. */
const REFUSED = '+2131234';
const UNKNOWN_UMID = '0b0d3a5e-8d3e-4f57-9d55-3f0f7c1b2a11';

const text = (extra = {}) => ({ operation: 'sendText', to: '={{ $json.to }}', text: 'Hello', options: {}, ...extra });

const ROUTES = {
	text: { parameters: text() },
	batch: { parameters: text({ options: { batch: true } }) },
	template: {
		parameters: {
			operation: 'sendTemplate',
			to: '={{ $json.to }}',
			channelId: '',
			template: { __rl: true, mode: 'name', value: '={{ $json.template }}' },
			templateVariables: { mappingMode: 'defineBelow', value: null },
			options: {},
		},
	},
	wait: {
		parameters: {
			operation: 'sendAndWaitForDelivery',
			to: '={{ $json.to }}',
			messageType: 'text',
			text: 'Your order shipped',
			resumeOn: ['delivered'],
			waitAmount: 1,
			waitUnit: 'hours',
			options: {},
		},
		credential: WRONG_KEY,
	},
	templateGet: {
		parameters: { resource: 'template', operation: 'get', channelId: '', templateName: '={{ $json.name }}', language: 'en' },
	},
	templateList: { parameters: { resource: 'template', operation: 'getAll', channelId: '', returnAll: true, filters: {} }, credential: WRONG_ACCOUNT },
	templateCreate: {
		parameters: { resource: 'template', operation: 'create', channelId: '', templateName: '={{ $json.name }}', language: 'en', category: 'UTILITY', bodyText: 'Hello' },
	},
	templateDelete: { parameters: { resource: 'template', operation: 'delete', channelId: '', templateName: 'old_promo' }, credential: WRONG_ACCOUNT },
	webhookList: { parameters: { resource: 'webhook', operation: 'getAll', filters: {} }, credential: WRONG_ACCOUNT },
	webhookSet: {
		parameters: { resource: 'webhook', operation: 'set', webhookType: 'CADR', url: '={{ $json.url }}', subAccount: 'credential', enabled: true, authorization: 'credential' },
	},
	webhookDelete: { parameters: { resource: 'webhook', operation: 'delete', webhookType: 'MSG' }, credential: WRONG_ACCOUNT },
	messageGet: { parameters: { resource: 'message', operation: 'get', umid: '={{ $json.umid }}' } },
	markRead: { parameters: { resource: 'message', operation: 'markRead', umid: '={{ $json.umid }}' } },
	typing: { parameters: { resource: 'message', operation: 'showTyping', umid: '={{ $json.umid }}' } },
	cancel: { parameters: { resource: 'message', operation: 'cancel', cancelTarget: 'message', umid: '={{ $json.umid }}' } },
	explain: { parameters: { resource: 'error', operation: 'explain', source: 'api', code: '={{ $json.code }}' } },
	retry: { parameters: text(), node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 } },
};

const WORKFLOW = errorOutputWorkflow({ seed: 'error-output', path: 'e2e-error-output', routes: ROUTES });

withN8n(
	{
		title: `8x8 WhatsApp error output on n8n ${process.env.N8N_E2E_VERSION || 1}.x`,
		sandbox: { receipts: false },
		credentials: (ctx) => [
			sandboxCredential(ctx.sandbox),
			sandboxCredential(ctx.sandbox, { apiKey: 'not-the-sandbox-key' }, WRONG_KEY),
			sandboxCredential(ctx.sandbox, { accountId: 'SomeoneElsesAccount' }, WRONG_ACCOUNT),
		],
		workflows: [importable(WORKFLOW)],
	},
	(ctx) => {
		const explain = (what) => `${what}\n--- n8n log tail ---\n${ctx.n8n.logTail(40)}`;

		/** Posts the items to `route`; returns the 8x8 node's two outputs and what each NoOp received. */
		async function run(route, items) {
			const before = (await ctx.n8n.readExecutions(WORKFLOW.id)).length;
			const res = await ctx.n8n.postWebhook(WORKFLOW.path, { items: items.map((item, n) => ({ route, n, ...item })) });
			assert.equal(res.status, 200, res.text);
			const execs = await ctx.n8n.waitForExecutions(WORKFLOW.id, before + 1, { timeoutMs: 60_000 });
			const exec = execs[execs.length - 1];
			assert.equal(exec.status, 'success', explain(`execution ${exec.id} is ${exec.status}: ${JSON.stringify(exec.error)}`));
			const action = exec.nodes[WORKFLOW.actionName(route)];
			assert.ok(action, explain(`the 8x8 node of ${route} did not run`));
			const received = (name) => (exec.nodes[name] ? exec.nodes[name].outputs[0] || [] : []);
			return {
				exec,
				outputs: action.runs[action.runs.length - 1].outputs,
				ok: received(WORKFLOW.okName(route)),
				failed: received(WORKFLOW.failedName(route)),
			};
		}

		/** The error branch item of input n: the input's fields and an explained `error`. */
		function assertFailedItem(failed, n, expected) {
			const item = failed.find((json) => json.n === n);
			assert.ok(item, `input item ${n} did not reach the error branch: ${JSON.stringify(failed)}`);
			assert.equal(typeof item.route, 'string', 'the input item is merged in by n8n');
			const { error } = item;
			assert.ok(error && typeof error === 'object', JSON.stringify(item));
			for (const [key, value] of Object.entries(expected)) {
				assert.deepEqual(error[key], value, `error.${key} of item ${n}: ${JSON.stringify(error)}`);
			}
			assert.equal(typeof error.message, 'string');
			assert.ok(typeof error.meaning === 'string' && error.meaning.length > 0, JSON.stringify(error));
			assert.equal(typeof error.fix, 'string');
			assert.equal(typeof error.retryable, 'boolean');
			assert.ok('errorId' in error, JSON.stringify(error));
			return item;
		}

		const api = (code) => ({ code, meaning: explainApiError(code).meaning });

		it('Send Text: the refused numbers take the error branch with recipient and clientMessageId, the sent one the success branch', async () => {
			const { ok, failed, outputs } = await run('text', [{ to: '12' }, { to: '+6591234567' }, { to: REFUSED }]);
			assert.equal(outputs.length, 2, 'the node has a success and an error output');
			// Success items are the node's own output (n8n merges the input only into error items).
			assert.deepEqual(ok.map((json) => [json.status, json.to]), [['queued', '+6591234567']]);
			assert.equal(failed.length, 2);
			assertFailedItem(failed, 0, { code: 'VALIDATION_FAILED', meaning: VALIDATION_MEANING, to: '12', clientMessageId: null });
			const refused = assertFailedItem(failed, 2, { ...api(1002), httpStatus: 400, to: REFUSED });
			assert.match(refused.error.clientMessageId, /^n8n-\d+-2-[0-9a-f]{8}$/);
			assert.match(refused.error.errorId, /^[0-9a-f-]{36}$/);
		});

		it('batch: a message rejected inside the 200 answer takes the error branch', async () => {
			const { ok, failed } = await run('batch', [{ to: '+6591234561' }, { to: REFUSED }]);
			assert.deepEqual(ok.map((json) => json.to), ['+6591234561']);
			assert.equal(typeof ok[0].batchId, 'string');
			const item = assertFailedItem(failed, 1, { code: 1002, httpStatus: null, to: REFUSED });
			assert.match(item.error.message, /rejected inside batch/);
		});

		it('Send Template: an unknown template fails before sending, on the error branch', async () => {
			const { ok, failed } = await run('template', [
				{ to: '+6591234561', template: 'welcome_plain|en' },
				{ to: '+6591234562', template: 'no_such_template|en' },
			]);
			assert.deepEqual(ok.map((json) => json.to), ['+6591234561']);
			assertFailedItem(failed, 1, { to: '+6591234562' });
		});

		it('Send and Wait for Delivery: a send that fails does not wait, and takes the error branch', async () => {
			const { ok, failed, exec } = await run('wait', [{ to: '+6591234569' }]);
			assert.equal(exec.status, 'success');
			assert.deepEqual(ok, []);
			const item = assertFailedItem(failed, 0, { ...api(1200), httpStatus: 401, to: '+6591234569' });
			assert.ok(item.error.fix.startsWith(explainApiError(1200).fix), item.error.fix);
			assert.match(item.error.fix, /\(field API Key\)/);
		});

		for (const [route, items, expectations] of [
			['templateGet', [{ name: 'nope' }, { name: 'order_update' }], { 0: { code: 'TEMPLATE_NOT_FOUND', templateName: 'nope', language: 'en' } }],
			['templateList', [{}], { 0: { code: 1201, httpStatus: 403 } }],
			['templateCreate', [{ name: 'order_update' }], { 0: { code: 3032, httpStatus: 400 } }],
			['templateDelete', [{}], { 0: { code: 1201, templateName: 'old_promo' } }],
			['webhookList', [{}], { 0: { code: 1201 } }],
			['webhookSet', [{ url: 'not a url' }], { 0: { code: 'VALIDATION_FAILED' } }],
			['webhookDelete', [{}], { 0: { code: 1201, type: 'MSG' } }],
			['messageGet', [{ umid: UNKNOWN_UMID }], { 0: { code: 1300, httpStatus: 404, umid: UNKNOWN_UMID } }],
			['markRead', [{ umid: 'not-a-umid' }], { 0: { code: 'VALIDATION_FAILED', umid: 'not-a-umid' } }],
			['typing', [{ umid: '' }], { 0: { code: 'VALIDATION_FAILED', umid: '' } }],
			['cancel', [{ umid: UNKNOWN_UMID }], { 0: { code: 1300, httpStatus: 404, umid: UNKNOWN_UMID } }],
			['explain', [{ code: 'abc' }, { code: '3038' }], { 0: { code: 'VALIDATION_FAILED', input: { code: 'abc' } } }],
		]) {
			it(`${route}: the failed item takes the error branch with its details`, async () => {
				const { ok, failed } = await run(route, items);
				const failing = Object.keys(expectations).map(Number);
				assert.deepEqual(
					failed.map((json) => json.n).sort(),
					failing,
					explain(`error branch of ${route}: ${JSON.stringify(failed)}`),
				);
				for (const n of failing) assertFailedItem(failed, n, expectations[n]);
				const succeeded = items.map((_, n) => n).filter((n) => !failing.includes(n));
				assert.equal(ok.length >= succeeded.length, true, `success branch of ${route}: ${JSON.stringify(ok)}`);
			});
		}

		it('Retry On Fail: n8n re-runs the node while its first item is an error item; the accepted message is sent once', async () => {
			const sendsTo = async (msisdn) => {
				const query = `method=POST&path=${encodeURIComponent('/api/v1/subaccounts/*/messages')}`;
				const { requests } = await (await fetch(`${ctx.sandbox.url}/__sandbox/requests?${query}`)).json();
				return requests.filter((r) => JSON.parse(r.body || '{}').user?.msisdn === msisdn).length;
			};
			const accepted = async (msisdn) =>
				(await (await fetch(`${ctx.sandbox.url}/__sandbox/messages?msisdn=${encodeURIComponent(msisdn)}`)).json()).messages.length;
			const refusedBefore = await sendsTo(REFUSED);
			const { ok, failed } = await run('retry', [{ to: REFUSED }, { to: '+6591234568' }]);
			// Three tries (maxTries 3): the refused item was sent to 8x8 each time, the other once.
			assert.equal((await sendsTo(REFUSED)) - refusedBefore, 3, 'n8n did not re-run the node three times');
			assert.equal(await sendsTo('+6591234568'), 1, 'the accepted message was sent again by a re-run');
			assert.equal(await accepted('+6591234568'), 1);
			assert.deepEqual(ok.map((json) => json.to), ['+6591234568']);
			assertFailedItem(failed, 0, { code: 1002, to: REFUSED });
		});
	},
);
