'use strict';
/**
 * e2e: the management operations of the 8x8 WhatsApp node in a real n8n (1.x and 2.x) against the
 * local 8x8 sandbox: Template > Get Many / Get, Webhook > Set / Get Many / Delete (DELETE with a JSON
 * array body through n8n's own request helper), Message > Get, Error > Explain.
 *
 * One workflow: Webhook ("Respond: When Last Node Finishes", "All Entries") -> Switch on
 * $json.body.route -> one 8x8 node per case (workflows/send.js, routedSendWorkflow). The HTTP answer is
 * the node's output items; the sandbox's state shows what 8x8 received.
 */
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { withN8n, sandboxCredential, PACKAGE_DIR } = require('./support');
const { importable } = require('./workflows/common');
const { routedSendWorkflow } = require('./workflows/send');

const dist = (...p) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', ...p));
const { explainDeliveryError } = dist('shared', 'errors');

const SECRET = 'Bearer e2e-management-secret';

const WORKFLOW = routedSendWorkflow({
	seed: 'management',
	path: 'e2e-management',
	routes: {
		templates: {
			parameters: {
				resource: 'template',
				operation: 'getAll',
				channelId: '',
				returnAll: true,
				filters: { nameContains: '={{ $json.body.nameContains }}' },
			},
		},
		templateGet: {
			parameters: {
				resource: 'template',
				operation: 'get',
				channelId: '',
				// as the editor saves a Template typed "By Name" (resource locator)
				templateName: { __rl: true, mode: 'name', value: '={{ $json.body.name }}' },
				language: '={{ $json.body.language }}',
			},
			continueOnFail: true,
		},
		webhookSet: {
			parameters: {
				resource: 'webhook',
				operation: 'set',
				webhookType: '={{ $json.body.type }}',
				url: '={{ $json.body.url }}',
				subAccount: 'credential',
				enabled: true,
				authorization: 'credential',
			},
		},
		webhookList: { parameters: { resource: 'webhook', operation: 'getAll', filters: {} } },
		webhookDelete: {
			parameters: {
				resource: 'webhook',
				operation: 'delete',
				webhookType: '={{ $json.body.type }}',
				subAccount: 'credential',
			},
		},
		messageGet: { parameters: { resource: 'message', operation: 'get', umid: '={{ $json.body.umid }}' } },
		explain: {
			parameters: {
				resource: 'error',
				operation: 'explain',
				source: 'delivery',
				code: '={{ $json.body.code }}',
				providerErrorCode: '={{ $json.body.meta }}',
			},
		},
	},
});

withN8n(
	{
		sandbox: { receipts: false },
		credentials: (ctx) => [sandboxCredential(ctx.sandbox, { webhookSecret: SECRET })],
		workflows: () => [importable(WORKFLOW)],
	},
	(ctx) => {
		const call = async (route, body = {}) => {
			const res = await ctx.n8n.postWebhook(WORKFLOW.path, { route, ...body });
			assert.equal(res.status, 200, `${route}: HTTP ${res.status} ${res.text}\n${ctx.n8n.logTail(30)}`);
			return Array.isArray(res.body) ? res.body : [res.body];
		};

		it('Template > Get Many lists the channel templates (filtered) and Get finds or explains', async () => {
			const all = await call('templates', { nameContains: '' });
			const expected = ctx.sandbox.state.templates.map((t) => `${t.templateName}|${t.language}`).sort();
			assert.deepEqual(
				all.map((t) => `${t.templateName}|${t.language}`),
				expected,
			);
			const delivery = await call('templates', { nameContains: 'delivery' });
			assert.deepEqual(
				delivery.map((t) => t.language),
				['en', 'es'],
			);
			const [found] = await call('templateGet', { name: 'delivery_update', language: 'es' });
			assert.equal(found.templateName, 'delivery_update');
			assert.equal(found.status, 'APPROVED');
			const [missing] = await call('templateGet', { name: 'delivery_update', language: 'fr' });
			assert.equal(missing.error.code, 'TEMPLATE_NOT_FOUND');
			assert.match(missing.error.message, /"delivery_update" in language "fr"/);
			assert.match(missing.error.meaning, /languages en, es/);
		});

		it("Webhook > Set / Get Many / Delete round-trip; the secret is sent to 8x8 but never shown", async () => {
			const url = `${ctx.n8n.url}/webhook/e2e-receipts`;
			const [saved] = await call('webhookSet', { type: 'CADR', url });
			assert.deepEqual(saved, {
				saved: true,
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url,
				enabled: true,
				httpAuthorization: '***',
			});
			assert.deepEqual(ctx.sandbox.state.webhooks, [
				{ type: 'CADR', subAccountId: 'SandboxSub', url, enabled: true, httpAuthorization: SECRET },
			]);

			const listed = await call('webhookList');
			assert.deepEqual(listed, [
				{ type: 'CADR', subAccountId: 'SandboxSub', url, enabled: true, httpAuthorization: '***' },
			]);

			const [deleted] = await call('webhookDelete', { type: 'CADR' });
			assert.deepEqual(deleted, { deleted: true, type: 'CADR', subAccountId: 'SandboxSub' });
			assert.deepEqual(ctx.sandbox.state.webhooks, []);
			// n8n's request helper really sent the JSON array body with DELETE.
			const request = ctx.sandbox.state.requests.filter((r) => r.method === 'DELETE').pop();
			assert.equal(request.path, '/api/v1/accounts/SandboxAccount/webhooks');
			assert.deepEqual(JSON.parse(request.body), [{ subAccountId: 'SandboxSub', type: 'CADR' }]);
			assert.equal(JSON.stringify([saved, listed]).includes('e2e-management-secret'), false);
		});

		it('Message > Get returns the details 8x8 keeps; Error > Explain answers from the catalog', async () => {
			const sent = await fetch(`${ctx.sandbox.url}/api/v1/subaccounts/SandboxSub/messages`, {
				method: 'POST',
				headers: { authorization: 'Bearer sandbox-api-key', 'content-type': 'application/json' },
				body: JSON.stringify({ user: { msisdn: '+6591234567' }, type: 'text', content: { text: 'hi' } }),
			}).then((res) => res.json());
			const [details] = await call('messageGet', { umid: sent.umid });
			assert.equal(details.umid, sent.umid);
			assert.equal(details.content, '**MASKED**');

			const [explained] = await call('explain', { code: '1022', meta: '131047' });
			const expected = explainDeliveryError(1022, '131047');
			assert.equal(explained.code, 1022);
			assert.equal(explained.metaCode, 131047);
			assert.equal(explained.meaning, expected.meaning);
			assert.equal(explained.fix, expected.fix);
		});
	},
);
