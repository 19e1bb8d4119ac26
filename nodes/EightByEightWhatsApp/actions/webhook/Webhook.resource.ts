import type { INodeProperties } from 'n8n-workflow';

import * as deleteWebhook from './delete.operation';
import * as getAll from './getAll.operation';
import * as set from './set.operation';

export { deleteWebhook as delete, getAll, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove the webhook of a type and sub-account',
				action: 'Delete a webhook',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the webhooks configured in 8x8 (secrets stay masked)',
				action: 'Get many webhooks',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Create or replace the webhook of a type and sub-account',
				action: 'Set a webhook',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...set.description,
	...deleteWebhook.description,
];
