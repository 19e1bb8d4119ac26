import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	apiRequest,
	batchPath,
	getEightByEightCredentials,
	messagePath,
} from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { umidParameter, umidProperty } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Cancel',
		name: 'cancelTarget',
		type: 'options',
		options: [
			{
				name: 'One Scheduled Message',
				value: 'message',
				description: 'By its umid',
			},
			{
				name: 'A Scheduled Batch',
				value: 'batch',
				description: 'Every message of a batch that is still scheduled, by the batch ID',
			},
		],
		default: 'message',
	},
	{
		...umidProperty('The umid of a message sent with a Scheduled Time that has not been sent yet'),
		displayOptions: { show: { cancelTarget: ['message'] } },
	},
	{
		displayName: 'Batch ID',
		name: 'batchId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'cf3cbbf5-3e2d-ea11-815d-020897df5459',
		description: 'The batchId of a batch send (not your clientBatchId)',
		displayOptions: { show: { cancelTarget: ['batch'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['cancel'] } },
	properties,
);

/** `DELETE …/messages/{umid}` or `DELETE …/messages/batch/{batchId}`. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const target = String(this.getNodeParameter('cancelTarget', itemIndex, 'message'));
			const { subAccountId } = await getEightByEightCredentials.call(this);
			let reference: IDataObject;
			let path: string;
			if (target === 'batch') {
				const batchId = textParameter.call(this, 'batchId', itemIndex);
				if (!batchId) {
					throw validationError(
						this.getNode(),
						itemIndex,
						['Batch ID is empty'],
						'Map the batchId of the batch send.',
					);
				}
				reference = { batchId };
				path = batchPath(subAccountId, batchId);
			} else {
				const umid = umidParameter.call(this, itemIndex, 'Map the umid of the scheduled message.');
				reference = { umid };
				path = messagePath(subAccountId, umid);
			}
			const answer: unknown = await apiRequest.call(this, { method: 'DELETE', path, itemIndex });
			return { ...reference, cancelled: true, ...(isObject(answer) ? answer : {}) };
		},
		(itemIndex) =>
			String(this.getNodeParameter('cancelTarget', itemIndex, 'message')) === 'batch'
				? { batchId: textParameter.call(this, 'batchId', itemIndex) }
				: { umid: textParameter.call(this, 'umid', itemIndex) },
	);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
