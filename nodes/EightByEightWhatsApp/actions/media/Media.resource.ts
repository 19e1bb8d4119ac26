import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';

export { download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description:
					"Download a WhatsApp media file (an inbound message's mediaUrl) into binary data",
				action: 'Download a media file',
			},
		],
		default: 'download',
	},
	...download.description,
];
