/**
 * The trigger's outputs: one per selected event type, then always "Other".
 *
 * OUTPUT ORDER IS STABLE. n8n stores connections by output index, so:
 * - typed outputs always follow EVENT_TYPES order (never the order the user picked the events in);
 * - "Other" is always the last output;
 * - once a version is published, the event types in EVENT_TYPES never change their relative order.
 *   A new event type may be inserted at any position: a saved selection only has outputs for the
 *   types it lists, so it keeps its indexes. It must not join DEFAULT_EVENTS of a published version
 *   (workflows that keep the default have no `events` saved, and would see "Other" move); give it
 *   a new node version instead. (Version 1 is unpublished; its order and default were set in place.)
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEFAULT_EVENTS, EVENT_OUTPUT_NAMES, EVENT_TYPES, OTHER_OUTPUT_NAME } from '../shared/events';
import type { KnownEventType } from '../shared/events';

/**
 * The selected event types, in output order. A missing or non-array value means the default
 * selection (n8n drops parameters equal to their default when a workflow is saved).
 */
export function selectedEvents(value: unknown): KnownEventType[] {
	if (!Array.isArray(value)) return [...DEFAULT_EVENTS];
	return EVENT_TYPES.filter((eventType) => value.includes(eventType));
}

export interface OutputConfiguration {
	type: 'main';
	displayName: string;
}

/** The outputs for a parameter set; the `outputs` expression below computes exactly this in n8n. */
export function configuredOutputs(parameters: INodeParameters): OutputConfiguration[] {
	return [
		...selectedEvents(parameters.events).map((eventType) => ({
			type: 'main' as const,
			displayName: EVENT_OUTPUT_NAMES[eventType],
		})),
		{ type: 'main', displayName: OTHER_OUTPUT_NAME },
	];
}

/** Index of the "Other" output for a selection. */
export function otherOutputIndex(events: KnownEventType[]): number {
	return events.length;
}

/** Index of a typed output for a selection, or -1 when the event is not selected. */
export function eventOutputIndex(events: KnownEventType[], eventType: KnownEventType): number {
	return events.indexOf(eventType);
}

/**
 * The same computation as `configuredOutputs`, as source text n8n evaluates with `$parameter` (the
 * Webhook / Switch pattern for dynamic outputs). It is written out rather than stringified from a
 * compiled function so it carries no imports or closures, and it contains no "{{" or "}}" (they would
 * end the expression early). The connection type is the value of NodeConnectionTypes.Main.
 */
const OUTPUTS_FUNCTION_SOURCE =
	'(parameters) => { ' +
	`const all = ${JSON.stringify(EVENT_TYPES.map((eventType) => [eventType, EVENT_OUTPUT_NAMES[eventType]]))}; ` +
	`const chosen = parameters && Array.isArray(parameters.events) ? parameters.events : ${JSON.stringify(DEFAULT_EVENTS)}; ` +
	'return all' +
	'.filter((entry) => chosen.includes(entry[0]))' +
	'.map((entry) => ({ type: "main", displayName: entry[1] }))' +
	`.concat([{ type: "main", displayName: ${JSON.stringify(OTHER_OUTPUT_NAME)} }]); ` +
	'}';

export const OUTPUTS_EXPRESSION: `={{${string}}}` = `={{(${OUTPUTS_FUNCTION_SOURCE})($parameter)}}`;

/**
 * Is this item an "Other" item? Other items (and only they) carry `issues` (an array), `reason` and
 * `body`: typed items never have `issues` (test/nodes/EightByEightWhatsAppTrigger/outputs.test.ts
 * checks every fixture).
 */
export function isOtherItem(json: IDataObject): boolean {
	return Array.isArray(json.issues) && typeof json.reason === 'string' && 'body' in json;
}

/**
 * The output an item belongs on, from the item alone. webhook() hands n8n its one item on input 0
 * and execute() places it with this, so the placement never depends on the workflow's execution
 * order (n8n's legacy "v0" order only reads input 0 of a start node that has an execute()).
 */
export function outputIndexOfItem(json: IDataObject, events: KnownEventType[]): number {
	if (isOtherItem(json)) return otherOutputIndex(events);
	const index = events.indexOf(json.eventType as KnownEventType);
	return index >= 0 ? index : otherOutputIndex(events);
}

/** The trigger's outputs for these items: one array per output, each item where it belongs. */
export function routeItems(items: INodeExecutionData[], events: KnownEventType[]): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: events.length + 1 }, () => []);
	items.forEach((item, index) => {
		outputs[outputIndexOfItem(item.json, events)].push({
			...item,
			pairedItem: item.pairedItem ?? { item: index },
		});
	});
	return outputs;
}
