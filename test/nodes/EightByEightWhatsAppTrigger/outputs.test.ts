import type { INode, INodeType, INodeTypeData, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { handleRequest } from '../../../nodes/EightByEightWhatsAppTrigger/handleRequest';
import {
	configuredOutputs,
	outputIndexOfItem,
	OUTPUTS_EXPRESSION,
	routeItems,
	selectedEvents,
} from '../../../nodes/EightByEightWhatsAppTrigger/outputs';
import { EVENT_TYPES } from '../../../nodes/shared/events';
import type { KnownEventType } from '../../../nodes/shared/events';
import { fixture, FIXTURES } from '../../fixtures/events';

const fixtureNames = () => Object.keys(FIXTURES).sort();

const ALL_NAMES = [
	'Inbound',
	'Contact Card',
	'Delivery',
	'Biz App',
	'Tpl Status',
	'Tpl Quality',
	'Tpl Category',
	'Tpl Mismatch',
	'Phone Number',
	'Account',
	'Opt In/Out',
	'New User ID',
	'Other',
];
const DEFAULT_NAMES = ['Inbound', 'Delivery', 'Other'];

const trigger = new EightByEightWhatsAppTrigger();
const TYPE = 'n8n-nodes-8x8-whatsapp.eightByEightWhatsAppTrigger';

/** Computes the outputs the way n8n does: a real Workflow (defaults filled in) and getNodeOutputs. */
function outputsInN8n(parameters: INode['parameters']): unknown[] {
	const nodeTypes: INodeTypes = {
		getByName: () => trigger as INodeType | IVersionedNodeType,
		getByNameAndVersion: () => trigger as INodeType,
		getKnownTypes: () => ({}) as INodeTypeData,
	};
	const node: INode = {
		id: 'node-1',
		name: 'Trigger',
		type: TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Trigger') as INode, trigger.description);
}

describe('selectedEvents', () => {
	it('keeps EVENT_TYPES order whatever the selection order', () => {
		expect(selectedEvents(['account_update', 'inbound_message_received'])).toEqual([
			'inbound_message_received',
			'account_update',
		]);
	});

	it('treats a missing selection as the default (inbound + delivery) and drops unknown values', () => {
		expect(selectedEvents(undefined)).toEqual([
			'inbound_message_received',
			'outbound_message_status_changed',
		]);
		expect(selectedEvents('inbound_message_received')).toEqual(selectedEvents(undefined));
		expect(selectedEvents(['nope', 'template_quality_update'])).toEqual(['template_quality_update']);
		expect(selectedEvents([])).toEqual([]);
	});
});

describe('configuredOutputs', () => {
	it('has one output per event in fixed order, then Other', () => {
		const all = configuredOutputs({ events: [...EVENT_TYPES].reverse() });
		expect(all.map((output) => output.displayName)).toEqual(ALL_NAMES);
		expect(all.every((output) => output.type === NodeConnectionTypes.Main)).toBe(true);
		expect(configuredOutputs({}).map((output) => output.displayName)).toEqual(DEFAULT_NAMES);
	});

	it('shifts indices for a subset and keeps Other last', () => {
		expect(
			configuredOutputs({
				events: ['phone_number_quality_update', 'outbound_message_status_changed'],
			}),
		).toEqual([
			{ type: 'main', displayName: 'Delivery' },
			{ type: 'main', displayName: 'Phone Number' },
			{ type: 'main', displayName: 'Other' },
		]);
		expect(configuredOutputs({ events: [] })).toEqual([{ type: 'main', displayName: 'Other' }]);
	});
});

describe('outputs expression (evaluated by n8n-workflow)', () => {
	it('is an n8n expression with no "{{" or "}}" inside the function', () => {
		expect(OUTPUTS_EXPRESSION.startsWith('={{(')).toBe(true);
		expect(OUTPUTS_EXPRESSION.endsWith(')($parameter)}}')).toBe(true);
		const inner = OUTPUTS_EXPRESSION.slice(3, -2);
		expect(inner).not.toContain('{{');
		expect(inner).not.toContain('}}');
		expect(trigger.description.outputs).toBe(OUTPUTS_EXPRESSION);
	});

	it('gives the default outputs for a node that stores no events (n8n fills in the default)', () => {
		expect(outputsInN8n({})).toEqual(DEFAULT_NAMES.map((displayName) => ({ type: 'main', displayName })));
	});

	it('gives every output when every event is selected', () => {
		expect(outputsInN8n({ events: [...EVENT_TYPES] })).toEqual(
			ALL_NAMES.map((displayName) => ({ type: 'main', displayName })),
		);
	});

	it.each([
		[['inbound_message_received'], ['Inbound', 'Other']],
		[['account_update', 'template_status_update'], ['Tpl Status', 'Account', 'Other']],
		[
			['whatsapp_user_id_update', 'whatsapp_contact', 'external_app_message'],
			['Contact Card', 'Biz App', 'New User ID', 'Other'],
		],
		[[], ['Other']],
	])('matches configuredOutputs for events %j', (events, names) => {
		const evaluated = outputsInN8n({ events });
		expect(evaluated).toEqual(names.map((displayName) => ({ type: 'main', displayName })));
		expect(evaluated).toEqual(configuredOutputs({ events }));
	});
});

describe('placing an item from the item alone (execute() after webhook())', () => {
	const subsets: KnownEventType[][] = [
		[...EVENT_TYPES],
		['outbound_message_status_changed'],
		['account_update', 'inbound_message_received', 'template_category_update'],
		[],
	];

	it.each(fixtureNames())('%s goes where handleRequest said, for every selection', (name) => {
		for (const events of subsets) {
			const outcome = handleRequest(
				{ headers: {}, body: fixture(name), expectedAuthorization: '', receivedAt: 'now' },
				{ events, messageTypes: [], statusStates: [], includeRaw: true, includeHeaders: true },
			);
			if (outcome.kind !== 'emit') continue;
			expect(outputIndexOfItem(outcome.json, events)).toBe(outcome.outputIndex);
			const routed = routeItems([{ json: outcome.json }], events);
			expect(routed.map((items) => items.length)).toEqual(
				routed.map((_, index) => (index === outcome.outputIndex ? 1 : 0)),
			);
			expect(routed[outcome.outputIndex][0].pairedItem).toEqual({ item: 0 });
			// Typed items never look like Other items (they have no `issues`).
			if (outcome.outputIndex !== events.length) expect(outcome.json).not.toHaveProperty('issues');
		}
	});

	it('keeps many items apart and in order, each paired with its input item', () => {
		const events: KnownEventType[] = ['inbound_message_received', 'outbound_message_status_changed'];
		const items = [
			{ json: { eventType: 'outbound_message_status_changed', umid: 'r1' } },
			{ json: { eventType: 'brand_new', reason: 'unknown_event_type', issues: [], body: {} } },
			{ json: { eventType: 'inbound_message_received', umid: 'i1' } },
			{ json: { eventType: 'outbound_message_status_changed', umid: 'r2' } },
			// a known type that failed its schema is an Other item
			{
				json: {
					eventType: 'inbound_message_received',
					reason: 'schema_mismatch',
					issues: ['payload.umid: required'],
					body: {},
				},
			},
		];
		const routed = routeItems(items, events);
		expect(routed.map((output) => output.map((item) => item.pairedItem))).toEqual([
			[{ item: 2 }],
			[{ item: 0 }, { item: 3 }],
			[{ item: 1 }, { item: 4 }],
		]);
	});
});
