import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, requireAccountId, webhooksPath } from '../../../shared/transport';
import { forEachItem } from '../../helpers/perItem';
import { subAccountIdFor, subAccountProperty, webhookTypeProperty } from './common';

const properties: INodeProperties[] = [
	{ ...webhookTypeProperty, description: 'Which webhook to delete' },
	subAccountProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	properties,
);

/** `DELETE …/webhooks` with the JSON array body 8x8 documents: `[{subAccountId, type}]`. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const type = String(this.getNodeParameter('webhookType', itemIndex, 'CADR')).toUpperCase();
			const subAccountId = await subAccountIdFor.call(this, itemIndex);
			const accountId = await requireAccountId.call(this, 'Webhooks', itemIndex);
			await apiRequest.call(this, {
				method: 'DELETE',
				path: webhooksPath(accountId),
				body: [{ subAccountId, type }],
				itemIndex,
			});
			return { deleted: true, type, subAccountId };
		},
		(itemIndex) => ({ type: String(this.getNodeParameter('webhookType', itemIndex, '')) }),
	);
}
