'use strict';
/**
 * Workflow JSON for the n8n benchmarks (imported with the n8n CLI by scripts/lib/n8n-instance.js).
 *
 * Trigger section (one workflow per side, identical apart from the trigger):
 *   bench8x8Trigger1   8x8 WhatsApp Trigger (manual registration, all events) -> NoOp (every output)
 *   benchWebhookTrg1   n8n Webhook v2 (POST, respond immediately) -> NoOp
 *
 * Send section (one workflow, one Webhook per mode; a call runs only its own branch):
 *   POST /webhook/bench-send-<mode> {"count": N}  ->  Code (N items {to, name, order, cmid})  ->  sender
 *   modes: batch (8x8 node, Options > Batch on), single (8x8 node, one request per item),
 *          http (HTTP Request node posting the same template body per item with the Bearer header),
 *          control (NoOp: the same items, nothing sent; the memory baseline),
 *          batchStatic (batch mode with fixed To and variables instead of {{ $json… }} expressions:
 *          shows how much of batch mode is n8n evaluating expressions per item)
 *   Each Webhook answers when the workflow has finished (responseMode lastNode).
 */
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { NODE_TYPES, SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME } = require(
	path.join(repoRoot, 'test', 'e2e', 'support.js'),
);

const IDS = {
	trigger8x8: 'bench8x8Trigger1',
	triggerWebhook: 'benchWebhookTrg1',
	send: 'bench8x8SendWf01',
};
const TRIGGER_WEBHOOK_ID = '8b8b8b8b-0000-4000-8000-00000000b001';
const WEBHOOK_PATH = 'bench-webhook';
const SEND_MODES = ['batch', 'single', 'http', 'control', 'batchStatic'];
const SEND_NODE_NAMES = {
	batch: '8x8 batch',
	single: '8x8 per item',
	http: 'HTTP Request',
	control: 'NoOp control',
	batchStatic: '8x8 batch, no expressions',
};
const TEMPLATE = { name: 'order_update', language: 'en' };

const credentialRef = {
	eightByEightApi: { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME },
};

function noOp(name, position) {
	return {
		id: uuid(name),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

/** Deterministic UUID-shaped node ids (n8n only needs them unique within a workflow). */
function uuid(seed) {
	const hex = require('crypto').createHash('sha1').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** 8x8 trigger -> NoOp on every output (the selected events + Other). */
/** `events`: the event types to select (explicit, so the benchmark does not depend on the default). */
function trigger8x8Workflow(events) {
	const outputCount = events.length + 1;
	const trigger = {
		id: uuid('8x8 trigger'),
		name: '8x8 WhatsApp Trigger',
		type: NODE_TYPES.trigger,
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: TRIGGER_WEBHOOK_ID,
		parameters: { registration: 'manual', events, options: {} },
		credentials: credentialRef,
	};
	return {
		id: IDS.trigger8x8,
		name: 'bench: 8x8 trigger -> NoOp',
		nodes: [trigger, noOp('NoOp', [300, 0])],
		connections: {
			[trigger.name]: {
				main: Array.from({ length: outputCount }, () => [{ node: 'NoOp', type: 'main', index: 0 }]),
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/** n8n's Webhook node v2, answering on receipt like the 8x8 trigger -> NoOp. */
function webhookTriggerWorkflow() {
	const hook = {
		id: uuid('webhook trigger'),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: uuid('webhook trigger webhookId'),
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
	};
	return {
		id: IDS.triggerWebhook,
		name: 'bench: Webhook -> NoOp',
		nodes: [hook, noOp('NoOp', [300, 0])],
		connections: { Webhook: { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

// Items: recipients +65 9xxxxxxx (valid Singapore mobiles), two template variables, an id for the HTTP body.
const MAKE_ITEMS_CODE = `const n = Number($input.first().json.body.count) || 0;
const items = new Array(n);
for (let i = 0; i < n; i++) {
  items[i] = { json: { to: '+659' + String(1000000 + (i % 9000000)).padStart(7, '0'), name: 'Customer ' + i, order: 'A-' + (100000 + i), cmid: 'bench-' + $execution.id + '-' + i } };
}
return items;`;

function templateMapperSchema() {
	try {
		const { templateMapperFields, describeTemplate } = require(
			path.join(repoRoot, 'dist/nodes/EightByEightWhatsApp/helpers/templates.js'),
		);
		const { toTemplateDefinitions } = require(
			path.join(repoRoot, 'dist/nodes/EightByEightWhatsApp/helpers/templateLookup.js'),
		);
		const { SEED_TEMPLATES } = require(path.join(repoRoot, 'sandbox'));
		const def = toTemplateDefinitions(SEED_TEMPLATES).find(
			(t) => t.templateName === TEMPLATE.name && t.language === TEMPLATE.language,
		);
		return templateMapperFields(describeTemplate(def));
	} catch {
		return ['body.1', 'body.2'].map((id) => ({
			id,
			displayName: id,
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		}));
	}
}

/** The body the 8x8 node sends for one item (used by the HTTP Request node and the raw client). */
function templateBody(to, name, order, clientMessageId) {
	return {
		user: { msisdn: to },
		type: 'template',
		content: {
			template: {
				name: TEMPLATE.name,
				language: TEMPLATE.language,
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: name },
							{ type: 'text', text: order },
						],
					},
				],
			},
		},
		clientMessageId,
	};
}

function sendWorkflow({ sandboxUrl, subAccountId, apiKey }) {
	const nodes = [];
	const connections = {};
	SEND_MODES.forEach((mode, row) => {
		const y = row * 220;
		const hook = {
			id: uuid(`send hook ${mode}`),
			name: `Start ${mode}`,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, y],
			webhookId: uuid(`send hook id ${mode}`),
			parameters: {
				httpMethod: 'POST',
				path: `bench-send-${mode}`,
				responseMode: 'lastNode',
				options: {},
			},
		};
		const code = {
			id: uuid(`send code ${mode}`),
			name: `Items ${mode}`,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [250, y],
			parameters: { jsCode: MAKE_ITEMS_CODE },
		};
		let sender;
		if (mode === 'batch' || mode === 'single' || mode === 'batchStatic') {
			const dynamic = mode !== 'batchStatic';
			sender = {
				id: uuid(`send ${mode}`),
				name: SEND_NODE_NAMES[mode],
				type: NODE_TYPES.action,
				typeVersion: 1,
				position: [500, y],
				parameters: {
					resource: 'message',
					operation: 'sendTemplate',
					to: dynamic ? '={{ $json.to }}' : '+6591234567',
					template: { __rl: true, mode: 'name', value: `${TEMPLATE.name}|${TEMPLATE.language}` },
					templateVariables: {
						mappingMode: 'defineBelow',
						value: dynamic
							? { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }
							: { 'body.1': 'Dana', 'body.2': 'A-1042' },
						matchingColumns: [],
						schema: templateMapperSchema(),
						attemptToConvertTypes: false,
						convertFieldsToString: false,
					},
					options: mode === 'single' ? {} : { batch: true },
				},
				credentials: credentialRef,
			};
		} else if (mode === 'http') {
			const body =
				'={"user":{"msisdn":"{{ $json.to }}"},"type":"template","content":{"template":{"name":"' +
				TEMPLATE.name +
				'","language":"' +
				TEMPLATE.language +
				'","components":[{"type":"body","parameters":[{"type":"text","text":"{{ $json.name }}"},{"type":"text","text":"{{ $json.order }}"}]}]}},"clientMessageId":"{{ $json.cmid }}"}';
			sender = {
				id: uuid('send http'),
				name: SEND_NODE_NAMES.http,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [500, y],
				parameters: {
					method: 'POST',
					url: `${sandboxUrl}/api/v1/subaccounts/${subAccountId}/messages`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${apiKey}` }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: body,
					options: {},
				},
			};
		} else {
			sender = noOp(SEND_NODE_NAMES.control, [500, y]);
		}
		nodes.push(hook, code, sender);
		connections[hook.name] = { main: [[{ node: code.name, type: 'main', index: 0 }]] };
		connections[code.name] = { main: [[{ node: sender.name, type: 'main', index: 0 }]] };
	});
	return {
		id: IDS.send,
		name: 'bench: send 8x8 templates',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	IDS,
	TRIGGER_WEBHOOK_ID,
	WEBHOOK_PATH,
	SEND_MODES,
	SEND_NODE_NAMES,
	TEMPLATE,
	trigger8x8Workflow,
	webhookTriggerWorkflow,
	sendWorkflow,
	templateBody,
};
