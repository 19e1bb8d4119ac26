import type { INodeProperties, INodePropertyOptions, TriggerPanelDefinition } from 'n8n-workflow';

import type { DeliveryStage } from '../shared/events';
import {
	DEFAULT_EVENTS,
	DELIVERY_STAGES,
	EVENT_OUTPUT_NAMES,
	EVENT_TYPES,
	INBOUND_MESSAGE_TYPES,
} from '../shared/events';

const EVENT_DESCRIPTIONS: Record<(typeof EVENT_TYPES)[number], string> = {
	inbound_message_received: 'A customer sent a message (8x8 webhook type MSG)',
	outbound_message_status_changed:
		'A message you sent was queued, rejected, sent, handed to the operator, delivered, read or undelivered (type CADR)',
	template_status_update: 'A template was approved, rejected, flagged, paused or disabled (type CABM)',
	template_quality_update: 'A template quality rating changed (type CABM)',
	template_category_update: 'Meta changed a template category (type CABM)',
	phone_number_quality_update: 'The quality rating or messaging limit of your number changed (type CABM)',
	account_update: 'Business verification, violations or restrictions of your WhatsApp account (type CABM)',
	whatsapp_contact: 'A customer shared a contact card (type CABM, not MSG)',
	external_app_message:
		'Your business sent a message from the WhatsApp Business App (type CADR)',
	template_correct_category_detection:
		'Meta detected that a template was sent under the wrong category; advisory, the category is not changed (type CABM)',
	whatsapp_preference:
		'A user opted out of (stop) or back into (resume) your marketing messages (type CABM)',
	whatsapp_user_id_update:
		"A user's business-scoped user ID (BSUID) changed, e.g. after a new phone number (type CABM)",
};

function titleCase(value: string): string {
	return value.charAt(0).toUpperCase() + value.slice(1);
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

/** Listed alphabetically; the outputs always follow EVENT_TYPES order whatever the selection order. */
const EVENT_OPTIONS: INodePropertyOptions[] = EVENT_TYPES.map((eventType) => ({
	name: EVENT_OUTPUT_NAMES[eventType],
	value: eventType,
	description: EVENT_DESCRIPTIONS[eventType],
})).sort(byName);

const MESSAGE_TYPE_OPTIONS: INodePropertyOptions[] = INBOUND_MESSAGE_TYPES.map((type) => ({
	name: titleCase(type),
	value: type,
})).sort(byName);

const DELIVERY_STAGE_TEXTS: Record<Exclude<DeliveryStage, 'unknown'>, [string, string]> = {
	queued: ['Queued', 'Accepted by 8x8, not sent yet'],
	rejected: ['Rejected', 'Refused by 8x8 and never sent (an API error code, e.g. 3038)'],
	sent: ['Sent', 'Sent to the operator; no confirmation yet'],
	handed_to_operator: [
		'Handed to Operator',
		'WhatsApp "delivered_to_operator": handed over, NOT on the phone yet (an undelivered can follow)',
	],
	delivered: ['Delivered', 'On the recipient\'s phone (WhatsApp "delivered_to_recipient")'],
	read: ['Read', 'The recipient opened the message'],
	undelivered: ['Undelivered', 'Not delivered (a delivery error code)'],
};

const DELIVERY_STATE_OPTIONS: INodePropertyOptions[] = DELIVERY_STAGES.map((stage) => ({
	name: DELIVERY_STAGE_TEXTS[stage][0],
	value: stage,
	description: DELIVERY_STAGE_TEXTS[stage][1],
})).sort(byName);

/** What the trigger's panel says while it waits for a test event, instead of n8n's generic text. */
export const TRIGGER_PANEL: TriggerPanelDefinition = {
	header: 'Waiting for an 8x8 webhook',
	executionsHelp: {
		inactive:
			"<b>While building</b>, click <b>Execute step</b>, then make 8x8 call this node's <b>Test URL</b> (under Webhook URLs): point a webhook in 8x8 Connect > Webhooks at it and write to your WhatsApp number, or send yourself a template. With the package's local sandbox, one command sends a customer message: <code>curl -X POST http://127.0.0.1:8088/__sandbox/inbound -H 'content-type: application/json' -d '{\"text\":\"Hi\",\"url\":\"&lt;Test URL&gt;\"}'</code>. The event lands on its own output: pick that output's tab above the data (Inbound, Delivery, …).<br /><br /><b>Once you're happy</b>, publish (activate) the workflow and use the <b>Production URL</b> in 8x8; every event then starts an execution.",
		active:
			"<b>This workflow is active</b>: every event 8x8 sends to the <b>Production URL</b> starts an execution, shown in the Executions list. To test in the editor instead, deactivate it, click <b>Execute step</b> and send the event to the <b>Test URL</b> (with the local sandbox: POST to /__sandbox/inbound with {\"url\": \"&lt;Test URL&gt;\"}).",
	},
	activationHint:
		"Publish (activate) the workflow and register its Production URL in 8x8 Connect > Webhooks (or choose Registration: Automatic) so that 8x8's events start executions without the editor.",
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					'On activation, point 8x8 webhooks at this workflow with a generated secret; undo it on deactivation',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'You add the webhook URL in 8x8 Connect > Webhooks yourself',
			},
		],
		default: 'manual',
	},
	{
		displayName:
			'In 8x8 Connect > Webhooks, add this node\'s URL (open "Webhook URLs" at the top of this panel; use the Production URL once the workflow is active) for the types your events need: MSG (Inbound Message), CADR (Delivery Status, Business App), CABM (every other event, contact cards and opt-outs included; 8x8 only sends CABM when it is configured). If the credential has a "Webhook Authorization Header", enter the same value as the webhook\'s Authorization value: calls without it are then answered 401.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName:
			'On activation the trigger registers this workflow\'s URL at 8x8 (needs "Account ID" in the credential) and protects it with the credential\'s "Webhook Authorization Header", or with a generated secret when that is empty. It registers the webhook types the selected events need: MSG for Inbound Message; CADR for Delivery Status and Business App; CABM for every other event (templates, phone number, account, contact cards, opt-in/out, user ID changes). 8x8 keeps one URL per sub-account and webhook type.',
		name: 'automaticNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		noDataExpression: true,
		options: EVENT_OPTIONS,
		default: [...DEFAULT_EVENTS],
		description:
			'One output per selected event, always in the same order, then "Other" for payloads that are not a known, valid event. Events not selected are acknowledged and dropped. New triggers start with Inbound Message and Delivery Status.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Delivery States',
				name: 'statusStates',
				type: 'multiOptions',
				options: DELIVERY_STATE_OPTIONS,
				default: [],
				description:
					'Emit only receipts at these stages (the item\'s "stage"); others are acknowledged and dropped. Empty means all. Receipts in a state 8x8 does not document are always emitted.',
			},
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					"Whether to download inbound images, videos, audio and documents into the item's binary data (after 8x8 has its answer). The item gets \"media\" (file name, MIME type, size), or \"mediaError\" with the reason when the file is too large or its URL has expired (8x8's media URLs expire after 24 hours).",
			},
			{
				displayName: 'Inbound Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: MESSAGE_TYPE_OPTIONS,
				default: [],
				description:
					'Emit only inbound messages of these types; others are acknowledged and dropped. Empty means all types.',
			},
			{
				displayName: 'Include Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the request headers to each item as "headers" (the Authorization header is redacted)',
			},
			{
				displayName: 'Include Raw Body',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the webhook body exactly as 8x8 sent it to each item as "raw"',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxMediaSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 100, numberPrecision: 1 },
				default: 16,
				displayOptions: { show: { downloadMedia: [true] } },
				description:
					'Larger files are not downloaded; the item gets mediaError "too_large" and keeps its mediaUrl. WhatsApp allows documents up to 100 MB, audio and video up to 16 MB, images up to 5 MB.',
			},
			{
				displayName: 'Media Binary Property',
				name: 'mediaBinaryProperty',
				type: 'string',
				default: 'data',
				displayOptions: { show: { downloadMedia: [true] } },
				description: 'Name of the binary property the downloaded file is put in',
			},
			{
				displayName: 'Register for All Sub-Accounts',
				name: 'allSubAccounts',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/registration': ['automatic'] } },
				description:
					'Whether to register the webhook for every sub-account of the account (sub-account "*") instead of only the credential\'s sub-account',
			},
			{
				displayName: 'Replace Existing Webhooks',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/registration': ['automatic'] } },
				description:
					'Whether to take over webhook types that already point to another URL. The previous URL is restored on deactivation, without its Authorization secret (8x8 does not reveal it).',
			},
		],
	},
];
