import type { INodeProperties } from 'n8n-workflow';

import * as explain from './explain.operation';

export { explain };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['error'] } },
		options: [
			{
				name: 'Explain',
				value: 'explain',
				description:
					'Say what an 8x8 or WhatsApp error code means, how to fix it and whether a retry can help (no request is made)',
				action: 'Explain an error code',
			},
		],
		default: 'explain',
	},
	...explain.description,
];
