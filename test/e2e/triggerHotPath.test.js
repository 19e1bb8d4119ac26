'use strict';
/**
 * e2e: how the trigger answers and executes in a real n8n (issue 12).
 *
 * Proves:
 * - an accepted event is answered by n8n itself with the trigger's receipt body; on n8n 2.x the
 *   execution already exists when the 200 arrives (n8n answers "onReceived" calls after creating it);
 * - the event is placed on its output in the execution (the trigger's execute()), also in a workflow
 *   saved with n8n's legacy "v0" execution order, which only reads input 0 of a start node;
 * - a rotated Webhook Authorization Header applies within the documented 30 s (the trigger caches the
 *   credential's value per process), and the old one is then refused.
 */
const crypto = require('crypto');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { E2E_VERSION, withN8n, sandboxCredential, SANDBOX_CREDENTIAL_ID } = require('./support');
const { importable } = require('./workflows/common');
const { triggerWorkflow } = require('./workflows/trigger');

const OLD = `Bearer e2e-old-${crypto.randomBytes(8).toString('hex')}`;
const NEW = `Bearer e2e-new-${crypto.randomBytes(8).toString('hex')}`;
const TTL_S = 30;

const V1_ORDER = triggerWorkflow({ seed: 'hot-path-v1', name: 'e2e hot path (v1 order)' });
// also the trigger's typeVersion 1 (1.1 is the same node; see the node's description)
const V0_ORDER = {
	...triggerWorkflow({ seed: 'hot-path-v0', name: 'e2e hot path (v0 order, typeVersion 1)', typeVersion: 1 }),
	settings: { executionOrder: 'v0' },
};

function receipt(umid, state = 'delivered') {
	return {
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload: {
			umid,
			subAccountId: 'SandboxSub',
			channel: 'whatsapp',
			user: { msisdn: '+6591234560' },
			status: { state, detail: 'delivered_to_recipient', timestamp: '2026-12-01T10:00:00.00Z' },
		},
	};
}

async function executionCount(n8n, workflowId) {
	const rows = await n8n.query('SELECT COUNT(*) AS n FROM execution_entity WHERE workflowId = ?', [workflowId]);
	return Number(rows[0].n);
}

withN8n(
	{
		title: `8x8 trigger hot path on n8n ${E2E_VERSION}.x`,
		credentials: [sandboxCredential('http://127.0.0.1:9', { webhookSecret: OLD })],
		workflows: [importable(V1_ORDER), importable(V0_ORDER)],
	},
	(ctx) => {
		it('n8n answers the accepted event with the receipt body; the item leaves on its output', async () => {
			for (const wf of [V1_ORDER, V0_ORDER]) {
				const before = await executionCount(ctx.n8n, wf.id);
				const umid = crypto.randomUUID();
				const res = await ctx.n8n.postWebhook(wf.webhookPath, receipt(umid), { authorization: OLD });
				assert.equal(res.status, 200, `${wf.name}: ${res.text}`);
				assert.deepEqual(res.body, { received: true, emitted: 1, output: 'Delivery' });
				if (E2E_VERSION >= 2) {
					// n8n 2.x answers only once it holds the execution.
					assert.equal(await executionCount(ctx.n8n, wf.id), before + 1, `${wf.name}: execution exists at the 200`);
				}
				const execs = await ctx.n8n.waitForExecutions(wf.id, before + 1);
				const exec = execs[execs.length - 1];
				assert.equal(exec.status, 'success', `${wf.name}: ${JSON.stringify(exec.error)}`);
				const outputs = exec.nodes[wf.triggerName].outputs;
				assert.deepEqual(
					outputs.map((items) => items.length),
					wf.outputs.map((name) => (name === 'Delivery' ? 1 : 0)),
					`${wf.name}: output counts`,
				);
				assert.equal(outputs[1][0].umid, umid);
				assert.equal(exec.nodes[`Out 1 ${wf.outputs[1]}`].outputs[0][0].umid, umid, `${wf.name}: reached the node wired to output 1`);
			}
		});

		it(`a rotated Webhook Authorization Header applies within ${TTL_S} s and the old one is then refused`, async () => {
			const wf = V1_ORDER;
			assert.equal((await ctx.n8n.postWebhook(wf.webhookPath, receipt(crypto.randomUUID()), { authorization: OLD })).status, 200);
			await ctx.n8n.restLogin();
			const stored = await ctx.n8n.rest('GET', `credentials/${SANDBOX_CREDENTIAL_ID}?includeData=true`);
			assert.equal(stored.status, 200, JSON.stringify(stored.body).slice(0, 300));
			const cred = stored.body.data;
			const patched = await ctx.n8n.rest('PATCH', `credentials/${SANDBOX_CREDENTIAL_ID}`, {
				name: cred.name,
				type: cred.type,
				data: { ...cred.data, webhookSecret: NEW },
			});
			assert.equal(patched.status, 200, JSON.stringify(patched.body).slice(0, 300));
			const rotatedAt = Date.now();
			let accepted = null;
			while (Date.now() - rotatedAt < (TTL_S + 10) * 1000) {
				const res = await ctx.n8n.postWebhook(wf.webhookPath, receipt(crypto.randomUUID()), { authorization: NEW });
				if (res.status === 200) {
					accepted = (Date.now() - rotatedAt) / 1000;
					break;
				}
				assert.equal(res.status, 401, res.text);
				await new Promise((r) => setTimeout(r, 1000));
			}
			assert.ok(accepted !== null, `the new secret was not accepted within ${TTL_S + 10} s`);
			assert.ok(accepted <= TTL_S + 2, `the new secret took ${accepted} s (bound ${TTL_S} s)`);
			const old = await ctx.n8n.postWebhook(wf.webhookPath, receipt(crypto.randomUUID()), { authorization: OLD });
			assert.equal(old.status, 401, 'the old secret is refused after the rotation');
			console.log(`# new secret accepted ${accepted.toFixed(1)} s after the credential was changed`);
		});
	},
);
