import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildLocationMessage } from '../../helpers/content';
import { validationError } from '../../helpers/errors';
import { recipientProperty, sendOptionsProperty } from '../descriptions';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
		required: true,
		default: 0,
		placeholder: '1.2857',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
		required: true,
		default: 0,
		placeholder: '103.8479',
	},
	{
		displayName: 'Name',
		name: 'locationName',
		type: 'string',
		default: '',
		description: 'Shown under the map, for example the place name',
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		description: 'Shown under the name',
	},
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendLocation'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async function (this: IExecuteFunctions, itemIndex) {
		const { payload, problems } = buildLocationMessage(
			this.getNodeParameter('latitude', itemIndex),
			this.getNodeParameter('longitude', itemIndex),
			this.getNodeParameter('locationName', itemIndex, ''),
			this.getNodeParameter('address', itemIndex, ''),
		);
		if (!payload) {
			throw validationError(this.getNode(), itemIndex, problems, 'Correct Latitude and Longitude.');
		}
		return { payload, summary: { type: 'location' } };
	});
}
