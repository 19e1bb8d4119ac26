'use strict';
/**
 * Workflows of the burst benchmark (scripts/bench/burst.js): what a campaign's receipts hit.
 *
 *   trigger    8x8 WhatsApp Trigger (caller check with the credential's Webhook Authorization Header,
 *              Delivery Status selected among the common events) -> NoOp on every output
 *   diy        what users build instead: n8n Webhook v2 with Header Auth, answering on receipt ->
 *              Switch v3 on {{ $json.body.eventType }} (one rule per 8x8 event type, fallback output)
 *              -> NoOp on every output
 *   bare       n8n Webhook v2, no auth, answering on receipt -> NoOp
 *   filtered   8x8 WhatsApp Trigger with Delivery States = [undelivered], fed delivered / read
 *              receipts: every call is answered and starts no execution
 */
const { NODE_TYPES, SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME } = require('../../test/e2e/support');

const HEADER_AUTH_CREDENTIAL = {
	id: 'benchHeaderAuth01',
	name: 'bench header auth',
	type: 'httpHeaderAuth',
};

const EVENT_TYPES = [
	'inbound_message_received',
	'outbound_message_status_changed',
	'template_status_update',
	'template_quality_update',
	'template_category_update',
	'phone_number_quality_update',
	'account_update',
];

const IDS = {
	trigger: 'benchBurstTrig001',
	diy: 'benchBurstDiy0001',
	bare: 'benchBurstBare001',
	filtered: 'benchBurstFilt001',
};

const PATHS = {
	trigger: '8b8b8b8b-0000-4000-8000-0000000b0001/webhook',
	diy: 'bench-burst-diy',
	bare: 'bench-burst-bare',
	filtered: '8b8b8b8b-0000-4000-8000-0000000b0004/webhook',
};

function uuid(seed) {
	const hex = require('crypto').createHash('sha1').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function noOp(name, y = 0) {
	return { id: uuid(name), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [500, y], parameters: {} };
}

function workflow(id, name, nodes, connections) {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

function triggerWorkflow(key, options) {
	const webhookId = PATHS[key].split('/')[0];
	const trigger = {
		id: uuid(`${key} trigger`),
		name: '8x8 WhatsApp Trigger',
		type: NODE_TYPES.trigger,
		typeVersion: 1.1,
		position: [0, 0],
		webhookId,
		parameters: {
			registration: 'manual',
			// explicit, so the benchmark does not depend on the default selection
			events: ['inbound_message_received', 'outbound_message_status_changed'],
			options,
		},
		credentials: { eightByEightApi: { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME } },
	};
	const sink = noOp('NoOp');
	return workflow(IDS[key], `bench burst: ${key}`, [trigger, sink], {
		[trigger.name]: { main: [0, 1, 2].map(() => [{ node: sink.name, type: 'main', index: 0 }]) },
	});
}

function webhookNode(key, authentication) {
	return {
		id: uuid(`${key} webhook`),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: uuid(`${key} webhookId`),
		parameters: {
			httpMethod: 'POST',
			path: PATHS[key],
			responseMode: 'onReceived',
			...(authentication ? { authentication } : {}),
			options: {},
		},
		...(authentication
			? {
					credentials: {
						httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name },
					},
				}
			: {}),
	};
}

function diyWorkflow() {
	const hook = webhookNode('diy', 'headerAuth');
	const rule = (eventType) => ({
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: uuid(`rule ${eventType}`),
					leftValue: '={{ $json.body.eventType }}',
					rightValue: eventType,
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		renameOutput: true,
		outputKey: eventType,
	});
	const sw = {
		id: uuid('diy switch'),
		name: 'Switch',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [250, 0],
		parameters: {
			rules: { values: EVENT_TYPES.map(rule) },
			options: { fallbackOutput: 'extra' },
		},
	};
	const sink = noOp('NoOp');
	return workflow(IDS.diy, 'bench burst: diy', [hook, sw, sink], {
		Webhook: { main: [[{ node: 'Switch', type: 'main', index: 0 }]] },
		Switch: { main: [...EVENT_TYPES, 'fallback'].map(() => [{ node: sink.name, type: 'main', index: 0 }]) },
	});
}

function bareWorkflow() {
	const hook = webhookNode('bare', null);
	const sink = noOp('NoOp');
	return workflow(IDS.bare, 'bench burst: bare', [hook, sink], {
		Webhook: { main: [[{ node: sink.name, type: 'main', index: 0 }]] },
	});
}

function burstWorkflows() {
	return [
		triggerWorkflow('trigger', {}),
		diyWorkflow(),
		bareWorkflow(),
		triggerWorkflow('filtered', { statusStates: ['undelivered'] }),
	];
}

function headerAuthCredential(secret) {
	return { ...HEADER_AUTH_CREDENTIAL, data: { name: 'Authorization', value: secret } };
}

module.exports = { burstWorkflows, headerAuthCredential, IDS, PATHS };
