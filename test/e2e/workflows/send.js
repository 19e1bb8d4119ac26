'use strict';
/**
 * Workflow builder: n8n's Webhook node -> one 8x8 WhatsApp action node.
 *
 * Why a Webhook node: it is the one way to run a workflow on demand, with input data, that behaves the
 * same on n8n 1.x and 2.x without a UI session (POST /rest/workflows/:id/run needs the editor's
 * payload and changed between versions). With "Respond: When Last Node Finishes" + "All Entries" the
 * HTTP call returns only after the workflow finished, with the action node's output items as a JSON
 * array (on an error n8n answers 500 and the execution holds the error). The posted JSON body is the
 * input item ($json.body), so the action's parameters can read the recipient, text or template from it.
 *
 *   const { sendWorkflow } = require('./workflows/send');
 *   const wf = sendWorkflow({
 *     seed: 'send-text',                      // ids derived from it
 *     path: 'e2e-send-text',                  // production URL: /webhook/e2e-send-text
 *     parameters: { operation: 'sendText', to: '={{ $json.body.to }}', text: '={{ $json.body.text }}' },
 *     continueOnFail: false,                  // true: node setting On Error = Continue (regular output)
 *     credential: { id, name },               // default: the sandbox credential
 *   });
 *   wf.id, wf.path, wf.actionName
 *
 * Many senders behind one webhook (one workflow = one activation; on n8n 2.x every activation is a
 * `publish:workflow` CLI run of several seconds):
 *
 *   const wf = routedSendWorkflow({
 *     seed: 'send-cases', path: 'e2e-send',
 *     routes: {                               // route key -> the 8x8 node "8x8 <key>"
 *       text: { parameters: {...} },
 *       textCof: { parameters: {...}, continueOnFail: true },
 *       wrongKey: { parameters: {...}, credential: { id, name } },
 *     },
 *   });
 *   POST { route: 'textCof', ...input } to /webhook/e2e-send: a Switch node (expression mode) sends the
 *   item to that route's node only; that node's output is the answer. wf.actionNames[key] = node name.
 */
const { NODE_TYPES } = require('../support');
const { stableId, stableUuid, credentialRef } = require('./common');

const WEBHOOK_NAME = 'Webhook';
const ACTION_NAME = '8x8 WhatsApp';

function sendWorkflow({ seed, name, path, parameters, continueOnFail = false, credential } = {}) {
	if (!seed || !path || !parameters)
		throw new Error('sendWorkflow needs seed, path and parameters');
	const webhook = {
		id: stableUuid(`${seed}:webhook-node`),
		name: WEBHOOK_NAME,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: stableUuid(`${seed}:webhook`),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const action = actionNode({
		seed,
		name: ACTION_NAME,
		parameters,
		continueOnFail,
		credential,
		position: [300, 0],
	});
	return {
		id: stableId(`${seed}:workflow`),
		name: name || `e2e ${seed}`,
		nodes: [webhook, action],
		connections: { [WEBHOOK_NAME]: { main: [[{ node: ACTION_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		path,
		actionName: ACTION_NAME,
	};
}

function actionNode({ seed, name, parameters, continueOnFail, credential, position }) {
	const node = {
		id: stableUuid(`${seed}:action:${name}`),
		name,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position,
		parameters: { resource: 'message', ...parameters },
		credentials: credentialRef(credential),
	};
	if (continueOnFail) node.onError = 'continueRegularOutput';
	return node;
}

function routedSendWorkflow({ seed, name, path, routes } = {}) {
	const keys = Object.keys(routes || {});
	if (!seed || !path || !keys.length)
		throw new Error('routedSendWorkflow needs seed, path and routes');
	const webhook = {
		id: stableUuid(`${seed}:webhook-node`),
		name: WEBHOOK_NAME,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: stableUuid(`${seed}:webhook`),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const router = {
		id: stableUuid(`${seed}:router`),
		name: 'Route',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.3,
		position: [250, 0],
		parameters: {
			mode: 'expression',
			numberOutputs: keys.length,
			output: `={{ ${JSON.stringify(keys)}.indexOf($json.body.route) }}`,
		},
	};
	const actionNames = Object.fromEntries(keys.map((key) => [key, `8x8 ${key}`]));
	const actions = keys.map((key, index) =>
		actionNode({ seed, name: actionNames[key], position: [500, index * 150], ...routes[key] }),
	);
	return {
		id: stableId(`${seed}:workflow`),
		name: name || `e2e ${seed}`,
		nodes: [webhook, router, ...actions],
		connections: {
			[WEBHOOK_NAME]: { main: [[{ node: router.name, type: 'main', index: 0 }]] },
			[router.name]: {
				main: keys.map((key) => [{ node: actionNames[key], type: 'main', index: 0 }]),
			},
		},
		settings: { executionOrder: 'v1' },
		path,
		actionNames,
	};
}

/** A resource locator value as n8n stores it: `{ __rl: true, mode, value }` (value `name|language`). */
function templateLocator(value, mode = 'list') {
	return { __rl: true, mode, value };
}

/**
 * A resource mapper value as n8n's editor stores it for Template Variables ("Map Each Column Manually"):
 * the values by field id and the schema the editor fetched (fields = [{ id, displayName?, required? }]).
 */
function templateVariables(value, fields = Object.keys(value).map((id) => ({ id }))) {
	return {
		mappingMode: 'defineBelow',
		value,
		matchingColumns: [],
		schema: fields.map((field) => ({
			id: field.id,
			displayName: field.displayName || field.id,
			required: field.required !== undefined ? field.required : true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
			readOnly: false,
			removed: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

module.exports = {
	sendWorkflow,
	routedSendWorkflow,
	templateLocator,
	templateVariables,
	WEBHOOK_NAME,
	ACTION_NAME,
};
