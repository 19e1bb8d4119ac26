import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recipientProperty, sendOptionsProperty } from '../descriptions';
import { prepareTextContent } from './prepareMessage';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description:
			'The message, at most 4,096 characters. Free-form messages only reach users who wrote to you in the last 24 hours; outside that window send a template.',
	},
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendText'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, prepareTextContent);
}
