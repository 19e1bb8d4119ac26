import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as downloadMedia from './downloadMedia.operation';
import * as get from './get.operation';
import * as markRead from './markRead.operation';
import * as sendAndWaitForDelivery from './sendAndWait.operation';
import * as sendInteractive from './sendInteractive.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';
import * as showTyping from './showTyping.operation';

export {
	cancel,
	downloadMedia,
	get,
	markRead,
	sendAndWaitForDelivery,
	sendInteractive,
	sendLocation,
	sendMedia,
	sendTemplate,
	sendText,
	showTyping,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Cancel Scheduled',
				value: 'cancel',
				description: 'Cancel a scheduled message, or the scheduled messages of a batch',
				action: 'Cancel a scheduled message',
			},
			{
				name: 'Download Media',
				value: 'downloadMedia',
				description:
					"Download a WhatsApp media file (an inbound message's mediaUrl) into binary data",
				action: 'Download a media file',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the details and status of a message by its umid',
				action: 'Get a message',
			},
			{
				name: 'Mark as Read',
				value: 'markRead',
				description: 'Mark an inbound message as read (blue ticks)',
				action: 'Mark a message as read',
			},
			{
				name: 'Send and Wait for Delivery',
				value: 'sendAndWaitForDelivery',
				description:
					'Send a template or text and pause the workflow until it is delivered, read or undelivered',
				action: 'Send a message and wait for delivery',
			},
			{
				name: 'Send Interactive',
				value: 'sendInteractive',
				description: 'Send reply buttons, a list or a call-to-action URL button',
				action: 'Send an interactive message',
			},
			{
				name: 'Send Location',
				value: 'sendLocation',
				description: 'Send a map pin with an optional name and address',
				action: 'Send a location',
			},
			{
				name: 'Send Media',
				value: 'sendMedia',
				description: 'Send an image, video, audio file or document from a URL',
				action: 'Send a media message',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				description:
					'Send an approved template, the only message allowed outside the 24-hour window',
				action: 'Send a template message',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				description: 'Send a free-form text message (inside the 24-hour window)',
				action: 'Send a text message',
			},
			{
				name: 'Show Typing',
				value: 'showTyping',
				description: 'Show "typing…" to a user while you prepare the answer to their message',
				action: 'Show typing indicator',
			},
		],
		default: 'sendTemplate',
	},
	...sendTemplate.description,
	...sendText.description,
	...sendMedia.description,
	...sendLocation.description,
	...sendInteractive.description,
	...sendAndWaitForDelivery.description,
	...get.description,
	...markRead.description,
	...showTyping.description,
	...cancel.description,
	...downloadMedia.description,
];
