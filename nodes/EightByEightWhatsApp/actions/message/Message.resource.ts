import type { INodeProperties } from 'n8n-workflow';

import * as sendInteractive from './sendInteractive.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';

export { sendInteractive, sendLocation, sendMedia, sendTemplate, sendText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
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
		],
		default: 'sendTemplate',
	},
	...sendTemplate.description,
	...sendText.description,
	...sendMedia.description,
	...sendLocation.description,
	...sendInteractive.description,
];
