'use strict';
/**
 * Workflow builder: the 8x8 WhatsApp Trigger followed by one No Operation node per output, so an
 * execution shows on which output an item left the trigger.
 *
 *   const { triggerWorkflow, EVENT_OUTPUTS } = require('./workflows/trigger');
 *   const wf = triggerWorkflow({
 *     seed: 'trigger-all',                  // ids are derived from it (workflow id, node ids, webhookId)
 *     name: 'e2e trigger: all events',
 *     events: ALL_EVENTS,                   // an array of event types; undefined: parameter left out
 *                                           // (= the default selection, as n8n stores it)
 *     registration: 'manual',               // or 'automatic'
 *     options: { includeHeaders: true },    // the trigger's Options collection
 *     credential: { id, name },             // default: the sandbox credential (support.js)
 *   });
 *   wf.id, wf.webhookPath ('<webhookId>/webhook'), wf.triggerName, wf.outputs (['Inbound', …, 'Other'])
 *
 * EVENT_OUTPUTS is the documented, fixed output order (nodes/shared/events EVENT_TYPES): typed outputs
 * in this order whatever the selection order, then "Other". It is written out here on purpose, so the
 * e2e tests check the contract rather than re-use the node's own table.
 */
const { NODE_TYPES } = require('../support');
const { stableId, stableUuid, credentialRef } = require('./common');

const EVENT_OUTPUTS = [
	['inbound_message_received', 'Inbound'],
	['whatsapp_contact', 'Contact Card'],
	['outbound_message_status_changed', 'Delivery'],
	['external_app_message', 'Biz App'],
	['template_status_update', 'Tpl Status'],
	['template_quality_update', 'Tpl Quality'],
	['template_category_update', 'Tpl Category'],
	['template_correct_category_detection', 'Tpl Mismatch'],
	['phone_number_quality_update', 'Phone Number'],
	['account_update', 'Account'],
	['whatsapp_preference', 'Opt In/Out'],
	['whatsapp_user_id_update', 'New User ID'],
];
/** What a trigger without a saved `events` parameter has (the node's default selection). */
const DEFAULT_EVENTS = ['inbound_message_received', 'outbound_message_status_changed'];
const ALL_EVENTS = EVENT_OUTPUTS.map(([type]) => type);
const OTHER = 'Other';
const TRIGGER_NAME = '8x8 WhatsApp Trigger';

/** Output names for a selection (undefined = the default selection), in output order. */
function outputsFor(events) {
	const chosen = Array.isArray(events) ? events : DEFAULT_EVENTS;
	return [
		...EVENT_OUTPUTS.filter(([type]) => chosen.includes(type)).map(([, name]) => name),
		OTHER,
	];
}

function triggerWorkflow({
	seed,
	name,
	events,
	registration = 'manual',
	options = {},
	credential,
	typeVersion = 1.1,
} = {}) {
	if (!seed) throw new Error('triggerWorkflow needs a seed');
	const webhookId = stableUuid(`${seed}:webhook`);
	const outputs = outputsFor(events);
	const parameters = { registration, options };
	if (events !== undefined) parameters.events = events;
	const trigger = {
		id: stableUuid(`${seed}:trigger`),
		name: TRIGGER_NAME,
		type: NODE_TYPES.trigger,
		typeVersion,
		position: [0, 0],
		webhookId,
		parameters,
		credentials: credentialRef(credential),
	};
	const sinks = outputs.map((outputName, index) => ({
		id: stableUuid(`${seed}:out:${index}`),
		name: `Out ${index} ${outputName}`,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [300, index * 120],
		parameters: {},
	}));
	return {
		id: stableId(`${seed}:workflow`),
		name: name || `e2e ${seed}`,
		nodes: [trigger, ...sinks],
		connections: {
			[TRIGGER_NAME]: { main: sinks.map((sink) => [{ node: sink.name, type: 'main', index: 0 }]) },
		},
		settings: { executionOrder: 'v1' },
		// helper fields, not n8n workflow JSON: importable() strips them
		webhookPath: `${webhookId}/webhook`,
		triggerName: TRIGGER_NAME,
		outputs,
	};
}

module.exports = {
	triggerWorkflow,
	outputsFor,
	EVENT_OUTPUTS,
	ALL_EVENTS,
	DEFAULT_EVENTS,
	OTHER,
	TRIGGER_NAME,
};
