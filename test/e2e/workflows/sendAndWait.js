'use strict';
/**
 * Webhook -> 8x8 WhatsApp "Send and Wait for Delivery": the workflow the Send and Wait e2e tests
 * (single n8n and queue mode) start. The Webhook answers at once; the action node waits.
 *
 *   waitWorkflow(seed, parameters, { prefix, credential, errorOutput })
 *     path and name `${prefix}-${seed}`; parameters add to / override the operation's; errorOutput:
 *     On Error = "Continue (using error output)" with a NoOp on each branch (WAIT_NODES.ok / .failed)
 */
const path = require('path');
const { NODE_TYPES, PACKAGE_DIR } = require('../support');
const { stableId, stableUuid, credentialRef } = require('./common');

const { SEND_AND_WAIT_OPERATION } = require(path.join(PACKAGE_DIR, 'dist', 'nodes', 'EightByEightWhatsApp', 'helpers', 'sendAndWait'));

const WAIT_NODES = { action: '8x8 WhatsApp', ok: 'Delivered', failed: 'Not delivered' };

function waitWorkflow(seed, parameters, { prefix = 'e2e', credential, errorOutput = false } = {}) {
	const webhookPath = `${prefix}-${seed}`;
	const { action: ACTION, ok: OK, failed: FAILED } = WAIT_NODES;
	const webhook = {
		id: stableUuid(`${seed}:webhook-node`),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: stableUuid(`${seed}:webhook`),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	const action = {
		id: stableUuid(`${seed}:action`),
		name: ACTION,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position: [300, 0],
		parameters: {
			resource: 'message',
			operation: SEND_AND_WAIT_OPERATION,
			to: '={{ $json.body.to }}',
			options: {},
			...parameters,
		},
		credentials: credentialRef(credential),
	};
	const nodes = [webhook, action];
	const connections = { Webhook: { main: [[{ node: ACTION, type: 'main', index: 0 }]] } };
	if (errorOutput) {
		action.onError = 'continueErrorOutput';
		for (const [index, name] of [OK, FAILED].entries()) {
			nodes.push({
				id: stableUuid(`${seed}:${name}`),
				name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [600, index * 150],
				parameters: {},
			});
		}
		connections[ACTION] = {
			main: [[{ node: OK, type: 'main', index: 0 }], [{ node: FAILED, type: 'main', index: 0 }]],
		};
	}
	return {
		id: stableId(`${seed}:workflow`),
		name: `${prefix} ${seed}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		path: webhookPath,
	};
}

module.exports = { waitWorkflow, WAIT_NODES };
