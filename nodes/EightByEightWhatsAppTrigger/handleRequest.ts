/**
 * What the trigger does with one webhook call, as a pure function: verify the caller, check the
 * body, classify the event, apply the filters and place the item on its output. No n8n context here,
 * so every branch is testable on its own; the node only reads its inputs and writes the answer.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	EVENT_OUTPUT_NAMES,
	isKnownEventType,
	OTHER_OUTPUT_NAME,
	normalizeEvent,
	passesDeliveryFilter,
} from '../shared/events';
import type { KnownEventType } from '../shared/events';
import { eventOutputIndex, otherOutputIndex } from './outputs';
import { REGISTRATION_PENDING } from './staticData';
import { redactHeaders, verifyCaller } from '../shared/verifyCaller';

export interface TriggerSettings {
	/** Selected events, in output order (see outputs.ts). */
	events: KnownEventType[];
	/** Inbound message types to emit; empty = all. */
	messageTypes: string[];
	/** Delivery stages to emit (DELIVERY_STAGES values); empty = all. */
	statusStates: string[];
	includeRaw: boolean;
	includeHeaders: boolean;
}

export interface IncomingCall {
	headers: Record<string, unknown>;
	body: unknown;
	/** The Authorization value callers must send; '' when the trigger has none configured. */
	expectedAuthorization: string;
	/** ISO time the call arrived. */
	receivedAt: string;
}

export type IgnoreReason =
	| 'event not selected'
	| 'message type not selected'
	| 'delivery state not selected';

export type CallOutcome =
	/** Refused: answer `status` with `body`, start no execution, log `logMessage` as a warning. */
	| { kind: 'reject'; status: 400 | 401 | 503; body: IDataObject; logMessage: string }
	/** Acknowledged but filtered out: answer 200, start no execution. */
	| { kind: 'ignore'; status: 200; body: IDataObject }
	/**
	 * Start an execution with `json` (which goes to `outputIndex`, see outputs.ts `outputIndexOfItem`),
	 * and answer 200 with `body` once n8n has it.
	 */
	| {
			kind: 'emit';
			status: 200;
			body: IDataObject;
			outputIndex: number;
			json: IDataObject;
	  };

function describeNonObject(body: unknown): string | null {
	if (body === undefined) return 'an empty body';
	if (body === null) return 'null';
	if (Array.isArray(body)) return 'an array';
	if (typeof body !== 'object') return `a ${typeof body}`;
	return null;
}

function ignore(reason: IgnoreReason): CallOutcome {
	return { kind: 'ignore', status: 200, body: { received: true, emitted: 0, ignored: reason } };
}

export function handleRequest(call: IncomingCall, settings: TriggerSettings): CallOutcome {
	if (call.expectedAuthorization === REGISTRATION_PENDING) {
		// Fail closed; 8x8 retries a 5xx after 1, 10, 30 and 90 s, by when the secret is stored.
		const message =
			'This trigger is still registering its webhook and secret with 8x8 (automatic registration), so it cannot verify callers yet';
		return {
			kind: 'reject',
			status: 503,
			body: { received: false, error: 'registration_pending', message },
			logMessage: `8x8 WhatsApp Trigger refused a webhook call with 503: ${message}. No execution was started.`,
		};
	}
	const caller = verifyCaller(call.expectedAuthorization, call.headers.authorization);
	if (!caller.ok) {
		return {
			kind: 'reject',
			status: 401,
			body: {
				received: false,
				error: 'unauthorized',
				reason: caller.reason,
				message: caller.message,
			},
			logMessage: `8x8 WhatsApp Trigger refused a webhook call with 401 (${caller.reason}): ${caller.message}. No execution was started.`,
		};
	}

	const nonObject = describeNonObject(call.body);
	if (nonObject !== null) {
		const message = `The request body must be a JSON object (an 8x8 webhook event); got ${nonObject}`;
		return {
			kind: 'reject',
			status: 400,
			body: { received: false, error: 'invalid_body', message },
			logMessage: `8x8 WhatsApp Trigger refused a webhook call with 400: ${message}. No execution was started.`,
		};
	}
	const body = call.body as Record<string, unknown>;

	const classified = normalizeEvent(body, call.receivedAt);
	let outputIndex: number;
	if (classified.kind === 'event') {
		outputIndex = eventOutputIndex(settings.events, classified.eventType);
		if (outputIndex < 0) return ignore('event not selected');
		const item = classified.item;
		if (
			item.eventType === 'inbound_message_received' &&
			settings.messageTypes.length > 0 &&
			!settings.messageTypes.includes(item.messageType)
		) {
			return ignore('message type not selected');
		}
		if (
			item.eventType === 'outbound_message_status_changed' &&
			!passesDeliveryFilter(settings.statusStates, item.stage)
		) {
			return ignore('delivery state not selected');
		}
	} else {
		// A known event type the user did not select stays ignored even when its payload does not
		// match the schema: deselecting an event means "never send me these".
		const eventType = classified.item.eventType;
		if (isKnownEventType(eventType) && !settings.events.includes(eventType)) {
			return ignore('event not selected');
		}
		outputIndex = otherOutputIndex(settings.events);
	}

	const json: IDataObject = { ...(classified.item as unknown as IDataObject) };
	if (settings.includeRaw) json.raw = body as IDataObject;
	if (settings.includeHeaders) json.headers = redactHeaders(call.headers) as IDataObject;

	const output =
		classified.kind === 'event' ? EVENT_OUTPUT_NAMES[classified.eventType] : OTHER_OUTPUT_NAME;
	return {
		kind: 'emit',
		status: 200,
		body: { received: true, emitted: 1, output },
		outputIndex,
		json,
	};
}
