'use strict';
/**
 * Workflow builder for the error output: one webhook call runs one case, with several items.
 *
 *   Webhook (responds at once) -> Split Out (body.items) -> Route (Switch on $json.route)
 *     -> "8x8 <key>" (On Error = "Continue (using error output)")
 *          output 0 (success) -> NoOp "OK <key>"
 *          output 1 (error)   -> NoOp "Failed <key>"
 *
 *   const wf = errorOutputWorkflow({
 *     seed: 'error-output', path: 'e2e-error-output',
 *     routes: { text: { parameters: {...}, credential?, node?: { retryOnFail: true, ... } } },
 *   });
 *   POST { items: [{ route: 'text', to: '12' }, { route: 'text', to: '+65…' }] } to /webhook/<path>;
 *   each item reaches the route's 8x8 node, whose parameters read the item ({{ $json.to }}). The
 *   execution shows which NoOp each item reached: wf.okName(key), wf.failedName(key).
 */
const { NODE_TYPES } = require('../support');
const { stableId, stableUuid, credentialRef } = require('./common');

const WEBHOOK_NAME = 'Webhook';
const SPLIT_NAME = 'Split Out';
const ROUTE_NAME = 'Route';

function noOp(seed, name, position) {
	return {
		id: stableUuid(`${seed}:${name}`),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

function errorOutputWorkflow({ seed, name, path, routes } = {}) {
	const keys = Object.keys(routes || {});
	if (!seed || !path || !keys.length) throw new Error('errorOutputWorkflow needs seed, path and routes');
	const actionName = (key) => `8x8 ${key}`;
	const okName = (key) => `OK ${key}`;
	const failedName = (key) => `Failed ${key}`;
	const nodes = [
		{
			id: stableUuid(`${seed}:webhook-node`),
			name: WEBHOOK_NAME,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: stableUuid(`${seed}:webhook`),
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		{
			id: stableUuid(`${seed}:split`),
			name: SPLIT_NAME,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 0],
			parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
		},
		{
			id: stableUuid(`${seed}:router`),
			name: ROUTE_NAME,
			type: 'n8n-nodes-base.switch',
			typeVersion: 3.3,
			position: [400, 0],
			parameters: {
				mode: 'expression',
				numberOutputs: keys.length,
				output: `={{ ${JSON.stringify(keys)}.indexOf($json.route) }}`,
			},
		},
	];
	const connections = {
		[WEBHOOK_NAME]: { main: [[{ node: SPLIT_NAME, type: 'main', index: 0 }]] },
		[SPLIT_NAME]: { main: [[{ node: ROUTE_NAME, type: 'main', index: 0 }]] },
		[ROUTE_NAME]: { main: keys.map((key) => [{ node: actionName(key), type: 'main', index: 0 }]) },
	};
	keys.forEach((key, index) => {
		const route = routes[key];
		const y = index * 200;
		nodes.push({
			id: stableUuid(`${seed}:action:${key}`),
			name: actionName(key),
			type: NODE_TYPES.action,
			typeVersion: 1,
			position: [650, y],
			parameters: { resource: 'message', ...route.parameters },
			credentials: credentialRef(route.credential),
			onError: 'continueErrorOutput',
			...route.node,
		});
		nodes.push(noOp(seed, okName(key), [900, y - 50]), noOp(seed, failedName(key), [900, y + 50]));
		connections[actionName(key)] = {
			main: [
				[{ node: okName(key), type: 'main', index: 0 }],
				[{ node: failedName(key), type: 'main', index: 0 }],
			],
		};
	});
	return {
		id: stableId(`${seed}:workflow`),
		name: name || `e2e ${seed}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		path,
		actionName,
		okName,
		failedName,
	};
}

module.exports = { errorOutputWorkflow };
