import type { INodeProperties } from 'n8n-workflow';

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Error',
			value: 'error',
			description: 'Explain 8x8 and WhatsApp error codes',
		},
		{
			name: 'Message',
			value: 'message',
		},
		{
			name: 'Template',
			value: 'template',
			description: 'List, create and delete WhatsApp templates',
		},
		{
			name: 'Webhook',
			value: 'webhook',
			description: 'Configure where 8x8 sends messages, receipts and account events',
		},
	],
	default: 'message',
};

export const recipientProperty: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '',
	placeholder: '+6591234567',
	description:
		'Recipient phone number in international format (+ and country code). National numbers such as 0504370045 work when Options > Default Country is set.',
};

export const channelIdProperty: INodeProperties = {
	displayName: 'Channel ID',
	name: 'channelId',
	type: 'string',
	default: '',
	placeholder: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
	description:
		"WhatsApp channel whose templates are listed and checked. Leave empty to use the credential's WhatsApp Channel ID.",
};

/** Options every send operation takes. */
export const sendOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batch',
			name: 'batch',
			type: 'boolean',
			default: false,
			description:
				'Whether to send the input items in batch requests of up to 1,000 messages instead of one request per item. Every item still gets its own output item. Read from the first item.',
		},
		{
			displayName: 'Client Message ID',
			name: 'clientMessageId',
			type: 'string',
			default: '',
			description:
				'Your own reference for the message (at most 50 characters), echoed on every delivery receipt. Empty: the node derives a stable ID from the execution ID and item index (n8n-&lt;execution&gt;-&lt;item&gt;-&lt;hash&gt;).',
		},
		{
			displayName: 'Default Country Name or ID',
			name: 'defaultCountry',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCountries' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'Country of national numbers written without + and country code, such as 0504370045 (ISO code, e.g. IL)',
		},
		{
			displayName: 'Delivery Receipt URL',
			name: 'dlrCallbackUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/8x8/receipts',
			description:
				'Send the delivery receipts of this message to this URL instead of the webhook configured in 8x8 Connect',
		},
		{
			displayName: 'Expiry',
			name: 'expiry',
			type: 'dateTime',
			default: '',
			description: 'Drop the message if it is not delivered by this time',
		},
		{
			displayName: 'Reply To Message ID',
			name: 'replyToUmid',
			type: 'string',
			default: '',
			description:
				'Umid of a message to quote (contextual reply). WhatsApp only quotes messages up to 7 days old.',
		},
		{
			displayName: 'Retry Unknown Delivery State',
			name: 'retryUnknownDeliveryState',
			type: 'boolean',
			default: false,
			description:
				'Whether to resend, with the same client message ID, a message whose request failed after reaching 8x8 (HTTP 5xx, connection reset, timeout). Off: such an item fails with "delivery state unknown" so the recipient never gets the message twice. In batch mode a batch is resent only when all its items allow it.',
		},
		{
			displayName: 'Scheduled Time',
			name: 'scheduled',
			type: 'dateTime',
			default: '',
			description: 'Send the message at this time instead of now',
		},
		{
			displayName: 'SMS Fallback After (Seconds)',
			name: 'smsFallbackAfter',
			type: 'number',
			typeOptions: { minValue: 10, maxValue: 86400 },
			default: 60,
			description:
				'With SMS Fallback Text: seconds to wait for WhatsApp delivery before the SMS is sent. Keep it above the template TTL to avoid getting both.',
		},
		{
			displayName: 'SMS Fallback Text',
			name: 'smsFallbackText',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description:
				'Send this text by SMS when the WhatsApp message is not delivered in time (channels WhatsApp, then SMS)',
		},
		{
			displayName: 'SMS Sender ID',
			name: 'smsSenderId',
			type: 'string',
			default: '',
			description:
				'With SMS Fallback Text: the sender ID of the SMS (at most 16 characters). Empty: the sub-account default.',
		},
	],
};
