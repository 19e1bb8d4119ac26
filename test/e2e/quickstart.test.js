'use strict';
/**
 * e2e: the quick-start promise, end to end in a real n8n with the local 8x8 sandbox:
 * "send a template from a workflow, and watch its delivery receipts arrive at the trigger".
 *
 * Workflows: the 8x8 WhatsApp Trigger with Registration = Automatic (every event selected, credential WITHOUT a
 * Webhook Authorization Header) -> one No Operation per output; and Webhook -> 8x8 WhatsApp Send
 * Template (order_update|en from the list, recipient and variables from the input item).
 *
 * Proves:
 * - automatic registration in real n8n: activating the workflow pointed the sandbox's MSG, CADR and
 *   CABM webhooks of the credential's sub-account at the trigger's production URL with a generated
 *   `Bearer <64 hex>` secret, which n8n kept in the workflow's static data; calls without it get 401.
 * - a template to a number ending in 7 (sandbox: sent, delivered, then read): its four receipts (queued,
 *   sent, delivered, read) are POSTed by the sandbox with that secret, each answered 200 by the
 *   trigger, and each starts its own execution with the item on the Delivery output, carrying
 *   the umid and clientMessageId of the send's output item.
 * - a number ending in 1: queued, handed to WhatsApp (delivered_to_operator), then undelivered with error.code 1018, metaCode 131026 and the
 *   catalog's meaning and fix.
 */
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { E2E_VERSION, withN8n, sandboxCredential, PACKAGE_DIR } = require('./support');
const { importable } = require('./workflows/common');
const { triggerWorkflow, ALL_EVENTS } = require('./workflows/trigger');
const { sendWorkflow, templateLocator, templateVariables } = require('./workflows/send');

const { explainDeliveryError } = require(
	path.join(PACKAGE_DIR, 'dist', 'nodes', 'shared', 'errors'),
);
const { QUEUED_NOTE } = require(
	path.join(PACKAGE_DIR, 'dist', 'nodes', 'EightByEightWhatsApp', 'helpers', 'output'),
);

const TRIGGER = triggerWorkflow({
	seed: 'e2e-quickstart-trigger',
	name: 'Quick start: 8x8 events',
	registration: 'automatic',
	// every event, so activation registers all three webhook types (the default needs only MSG, CADR)
	events: ALL_EVENTS,
});
const SEND = sendWorkflow({
	seed: 'e2e-quickstart-send',
	name: 'Quick start: send order_update',
	path: 'e2e-quickstart-send',
	parameters: {
		operation: 'sendTemplate',
		to: '={{ $json.body.to }}',
		channelId: '',
		template: templateLocator('order_update|en', 'list'),
		templateVariables: templateVariables(
			{ 'body.1': '={{ $json.body.name }}', 'body.2': '={{ $json.body.order }}' },
			[
				{ id: 'body.1', displayName: 'Body {{1}}' },
				{ id: 'body.2', displayName: 'Body {{2}}' },
			],
		),
		options: {},
	},
});
const DELIVERY_STATUS = TRIGGER.outputs.indexOf('Delivery');
const TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

withN8n(
	{
		title: `quick start: send, then receipts on n8n ${E2E_VERSION}.x`,
		sandbox: true, // receipts on, 150 ms apart
		credentials: (ctx) => [sandboxCredential(ctx.sandbox)], // webhookSecret '' -> generated secret
		workflows: [importable(TRIGGER), importable(SEND)],
	},
	(ctx) => {
		const explain = (what) => `${what}\n--- n8n log tail ---\n${ctx.n8n.logTail(40)}`;
		const triggerUrl = () => ctx.n8n.webhookUrl(TRIGGER.webhookPath);
		const sandboxApi = async (method, p) => {
			const res = await fetch(`${ctx.sandbox.url}${p}`, {
				method,
				headers: { authorization: `Bearer ${ctx.sandbox.credentials.apiKey}` },
			});
			return { status: res.status, body: await res.json() };
		};
		const sandboxGet = async (p) => (await fetch(`${ctx.sandbox.url}${p}`)).json();
		let secret = null;

		/** Send the template; resolves the 8x8 node's output item. */
		async function send(to) {
			const before = (await ctx.n8n.readExecutions(SEND.id)).length;
			const res = await ctx.n8n.postWebhook(SEND.path, { to, name: 'Dana', order: 'A-1042' });
			const execs = await ctx.n8n.waitForExecutions(SEND.id, before + 1, { timeoutMs: TIMEOUT_MS });
			const exec = execs[execs.length - 1];
			assert.equal(
				exec.status,
				'success',
				explain(`send execution ${exec.id}: ${exec.status} ${JSON.stringify(exec.error)}`),
			);
			assert.equal(res.status, 200, `HTTP ${res.status} ${res.text}`);
			const [out] = exec.nodes[SEND.actionName].outputs[0];
			assert.equal(out.status, 'queued');
			assert.equal(out.to, to);
			assert.equal(out.note, undefined, 'the queued note is an execution hint, not an item field');
			assert.ok(QUEUED_NOTE.startsWith('Queued is not delivered'));
			assert.match(out.umid, /^[0-9a-f-]{36}$/);
			return out;
		}

		/** Trigger executions whose Delivery item has this umid, once there are `n` (bounded wait). */
		async function receiptsFor(umid, n) {
			const deadline = Date.now() + TIMEOUT_MS;
			let found = [];
			for (;;) {
				const execs = await ctx.n8n.readExecutions(TRIGGER.id);
				found = execs.filter((e) => {
					const items =
						(e.nodes[TRIGGER.triggerName] &&
							e.nodes[TRIGGER.triggerName].outputs[DELIVERY_STATUS]) ||
						[];
					return items.some((item) => item && item.umid === umid);
				});
				const done = found.filter((e) => e.stoppedAt);
				if (done.length >= n) return done;
				if (Date.now() > deadline) {
					const { deliveries } = await sandboxGet(
						`/__sandbox/webhook-deliveries?umid=${encodeURIComponent(umid)}`,
					);
					throw new Error(
						explain(
							`${done.length} of ${n} receipt executions for umid ${umid} after ${TIMEOUT_MS / 1000} s; the sandbox delivered: ` +
								JSON.stringify(
									deliveries.map((d) => ({
										state: d.state,
										url: d.url,
										status: d.status,
										error: d.error,
									})),
								),
						),
					);
				}
				await sleep(200);
			}
		}

		it('automatic registration: activation pointed 8x8 MSG, CADR and CABM at the trigger, with a generated secret', async () => {
			assert.ok(
				ctx.n8n.registeredWebhookPaths.includes(TRIGGER.webhookPath),
				`trigger path ${TRIGGER.webhookPath} not live`,
			);
			// n8n reports the webhook live (DB row + OPTIONS probe) before the node's create() has finished
			// (seen on 2.x), so wait, bounded, for the registration and the static data n8n saves after it.
			const deadline = Date.now() + TIMEOUT_MS;
			let hooks = [];
			let nodeData = {};
			let all = [];
			for (;;) {
				const { status, body } = await sandboxApi(
					'GET',
					`/api/v1/accounts/${ctx.sandbox.credentials.accountId}/webhooks`,
				);
				assert.equal(status, 200);
				all = body;
				hooks = body.filter((h) => h.url === triggerUrl());
				const [row] = await ctx.n8n.query('SELECT staticData FROM workflow_entity WHERE id = ?', [
					TRIGGER.id,
				]);
				nodeData = JSON.parse((row && row.staticData) || '{}')[`node:${TRIGGER.triggerName}`] || {};
				if (hooks.length >= 3 && nodeData.registrations) break;
				if (Date.now() > deadline) break;
				await sleep(200);
			}
			assert.deepEqual(
				hooks.map((h) => h.type).sort(),
				['CABM', 'CADR', 'MSG'],
				explain(`8x8 webhooks: ${JSON.stringify(all)}`),
			);
			const { requests } = await sandboxGet(
				`/__sandbox/requests?method=POST&path=${encodeURIComponent('/api/v1/accounts/*/webhooks')}`,
			);
			assert.ok(
				requests.some((r) => r.status === 200 && String(r.body).includes(triggerUrl())),
				'the trigger itself registered its URL (POST /api/v1/accounts/{accountId}/webhooks)',
			);
			for (const hook of hooks) {
				assert.equal(hook.subAccountId, ctx.sandbox.credentials.subAccountId);
				assert.notEqual(hook.enabled, false);
				assert.equal(
					hook.httpAuthorization,
					'***',
					'registered with an Authorization secret (8x8 masks it)',
				);
			}
			assert.match(
				String(nodeData.webhookSecret),
				/^Bearer [0-9a-f]{64}$/,
				explain(`static data of the trigger: ${JSON.stringify(Object.keys(nodeData))}`),
			);
			assert.deepEqual(Object.keys(nodeData.registrations || {}), [triggerUrl()]);
			secret = nodeData.webhookSecret;
			assert.ok(
				!ctx.n8n.logText().includes(secret.slice('Bearer '.length)),
				'the generated secret is not logged',
			);

			const forged = await ctx.n8n.postWebhook(TRIGGER.webhookPath, {
				eventType: 'outbound_message_status_changed',
			});
			assert.equal(forged.status, 401, 'the generated secret protects the URL');
		});

		it('template to a number ending in 7: queued, sent, delivered, read reach Delivery as separate executions', async () => {
			const to = '+6591234567';
			const out = await send(to);
			const execs = await receiptsFor(out.umid, 4);
			assert.equal(execs.length, 4, `${execs.length} executions for 4 receipts`);
			assert.equal(new Set(execs.map((e) => e.id)).size, 4, 'one execution per receipt');
			const items = execs.map((e) => {
				assert.equal(e.status, 'success');
				const outputs = e.nodes[TRIGGER.triggerName].outputs;
				outputs.forEach((list, index) => {
					if (index !== DELIVERY_STATUS)
						assert.equal((list || []).length, 0, `execution ${e.id}: items on output ${index}`);
				});
				assert.ok(
					e.nodes[`Out ${DELIVERY_STATUS} Delivery`],
					'the node wired to Delivery ran',
				);
				return outputs[DELIVERY_STATUS][0];
			});
			assert.deepEqual(items.map((i) => i.state).sort(), ['delivered', 'queued', 'read', 'sent']);
			for (const item of items) {
				assert.equal(item.eventType, 'outbound_message_status_changed');
				assert.equal(item.umid, out.umid);
				assert.equal(
					item.clientMessageId,
					out.clientMessageId,
					'receipts carry the clientMessageId of the send',
				);
				assert.equal(item.to.msisdn, to);
				assert.equal(item.error, null);
				assert.equal(item.dedupeKey.split(':')[0], out.umid);
			}
			assert.equal(
				new Set(items.map((i) => i.dedupeKey)).size,
				4,
				'each receipt has its own dedupeKey',
			);

			const { deliveries } = await sandboxGet(
				`/__sandbox/webhook-deliveries?umid=${encodeURIComponent(out.umid)}`,
			);
			assert.deepEqual(
				deliveries.map((d) => d.state).sort(),
				['delivered', 'queued', 'read', 'sent'],
				'no retries were needed',
			);
			for (const d of deliveries) {
				assert.equal(d.url, triggerUrl());
				assert.equal(d.status, 200);
				assert.equal(
					d.headers.Authorization,
					secret,
					'the sandbox used the secret the trigger registered',
				);
				assert.deepEqual(JSON.parse(d.responseBody), {
					received: true,
					emitted: 1,
					output: 'Delivery',
				});
			}
		});

		it('template to a number ending in 1: undelivered with 1018 / 131026, meaning and fix', async () => {
			const to = '+6591234561';
			const out = await send(to);
			const execs = await receiptsFor(out.umid, 3);
			const items = execs.map((e) => e.nodes[TRIGGER.triggerName].outputs[DELIVERY_STATUS][0]);
			assert.deepEqual(items.map((i) => i.state).sort(), ['delivered', 'queued', 'undelivered']);
			const failed = items.find((i) => i.state === 'undelivered');
			assert.equal(failed.clientMessageId, out.clientMessageId);
			const catalog = explainDeliveryError(1018, '131026');
			assert.equal(failed.error.code, 1018);
			assert.equal(failed.error.metaCode, 131026);
			assert.equal(failed.error.providerErrorCode, '131026');
			assert.equal(failed.error.meaning, catalog.meaning);
			assert.equal(failed.error.fix, catalog.fix);
			assert.ok(
				failed.error.meaning.length > 10 && failed.error.fix.length > 10,
				'meaning and fix are filled',
			);
			assert.equal(failed.error.retryable, catalog.retryable);
			assert.equal(typeof failed.error.message, 'string');
		});
	},
);
