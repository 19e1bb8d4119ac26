'use strict';
/**
 * The two workflows the reliability measurements and the queue-mode bench send receipts to, their
 * credentials, and how executions are matched to receipts (by the umid in their stored data).
 *
 *   webhook   n8n's Webhook node v2 (POST, Header Auth, Respond Immediately) -> No Operation
 *   trigger   the 8x8 WhatsApp Trigger (manual registration, Webhook Authorization Header) -> No Operation
 *   bare      n8n's Webhook node v2 without authentication -> No Operation (the bench's floor)
 */
const crypto = require('crypto');

const SECRET = `Bearer kill-${crypto.randomBytes(12).toString('hex')}`;
const IDS = { webhook: 'reliaKillWebhk01', trigger: 'reliaKill8x8Trg1', bare: 'reliaBareWebhk01' };
const TRIGGER_WEBHOOK_ID = '6b1d0000-0000-4000-8000-00000000a001';
const WEBHOOK_PATH = 'reliability-kill-webhook';
const BARE_PATH = 'reliability-bare-webhook';
const LABELS = {
	webhook: 'n8n Webhook (Header Auth) -> NoOp',
	trigger: '8x8 WhatsApp Trigger -> NoOp',
	bare: 'n8n Webhook, no auth -> NoOp (bare)',
};

const noOp = { id: '6b1d0000-0000-4000-8000-0000000000a2', name: 'NoOp', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, 0], parameters: {} };

function workflows() {
	const hook = {
		id: '6b1d0000-0000-4000-8000-0000000000a1',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: '6b1d0000-0000-4000-8000-00000000a002',
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
		credentials: { httpHeaderAuth: { id: 'reliaHeaderAuth1', name: 'reliability header auth' } },
	};
	const trigger = {
		id: '6b1d0000-0000-4000-8000-0000000000a3',
		name: '8x8 WhatsApp Trigger',
		type: 'n8n-nodes-8x8-whatsapp.eightByEightWhatsAppTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: TRIGGER_WEBHOOK_ID,
		parameters: { registration: 'manual', options: {} },
		credentials: { eightByEightApi: { id: 'relia8x8Cred0001', name: 'reliability 8x8' } },
	};
	// the floor: no credential, static parameters (n8n 2.x's Webhook fast path skips the isolate)
	const bare = { ...hook, id: '6b1d0000-0000-4000-8000-0000000000a4', webhookId: '6b1d0000-0000-4000-8000-00000000a003', parameters: { httpMethod: 'POST', path: BARE_PATH, responseMode: 'onReceived', options: {} } };
	delete bare.credentials;
	return [
		{ id: IDS.bare, name: 'reliability: bare Webhook -> NoOp', nodes: [bare, noOp], connections: { Webhook: { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } },
		{ id: IDS.webhook, name: 'reliability: Webhook -> NoOp', nodes: [hook, noOp], connections: { Webhook: { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } },
		{
			id: IDS.trigger,
			name: 'reliability: 8x8 trigger -> NoOp',
			nodes: [trigger, noOp],
			connections: { [trigger.name]: { main: Array.from({ length: 8 }, () => [{ node: 'NoOp', type: 'main', index: 0 }]) } },
			settings: { executionOrder: 'v1' },
		},
	];
}

const credentials = () => [
	{ id: 'reliaHeaderAuth1', name: 'reliability header auth', type: 'httpHeaderAuth', data: { name: 'Authorization', value: SECRET } },
	{
		id: 'relia8x8Cred0001',
		name: 'reliability 8x8',
		type: 'eightByEightApi',
		data: { apiKey: 'unused', subAccountId: 'SandboxSub', accountId: 'SandboxAccount', channelId: '', region: 'custom', baseUrl: 'http://127.0.0.1:9', webhookSecret: SECRET },
	},
];

const pathOf = (workflow) => ({ webhook: WEBHOOK_PATH, bare: BARE_PATH }[workflow] || `${TRIGGER_WEBHOOK_ID}/webhook`);

/** Executions of the workflow with the umids found in their stored data. */
async function executionsByUmid(topo, workflowId, umids, warmUmids = []) {
	const rows = await topo.query('SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = ?', [workflowId]);
	const wanted = new Set(umids);
	const byUmid = new Map(umids.map((u) => [u, []]));
	const ofRun = [];
	const warm = new Set(warmUmids);
	const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
	let unattributed = 0;
	for (const row of rows) {
		const all = String(row.data || '').match(uuid) || [];
		const found = new Set(all.filter((u) => wanted.has(u)));
		if (!found.size) {
			if (!all.some((u) => warm.has(u))) unattributed++;
			continue;
		}
		ofRun.push(row);
		for (const u of found) byUmid.get(u).push({ id: String(row.id), status: row.status });
	}
	return { byUmid, ofRun, total: rows.length, unattributed };
}

module.exports = { SECRET, IDS, LABELS, TRIGGER_WEBHOOK_ID, WEBHOOK_PATH, workflows, credentials, pathOf, executionsByUmid };
