import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, requireAccountId, webhooksPath } from '../../../shared/transport';
import { forEachItem } from '../../helpers/perItem';
import { WEBHOOK_TYPE_OPTIONS } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Sub-Account ID',
				name: 'subAccountId',
				type: 'string',
				default: '',
				placeholder: '*',
				description: 'Only webhooks of this sub-account (* for the account-wide ones)',
			},
			{
				displayName: 'Types',
				name: 'types',
				type: 'multiOptions',
				options: WEBHOOK_TYPE_OPTIONS,
				default: [],
				description: 'Only webhooks of these types',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['getAll'] } },
	properties,
);

/**
 * One item per configured webhook, exactly as 8x8 lists it: secrets (httpAuthorization, OAuth client
 * secret) stay masked as "***"; the node never has, and never shows, their values.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	let listed: Promise<IDataObject[]> | undefined;
	return await forEachItem.call(this, items, async (itemIndex) => {
		if (!listed) {
			const accountId = await requireAccountId.call(this, 'Webhooks', itemIndex);
			listed = apiRequest
				.call(this, { method: 'GET', path: webhooksPath(accountId), itemIndex })
				.then((answer) => (Array.isArray(answer) ? (answer as IDataObject[]) : []));
		}
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const types = ((filters.types as string[] | undefined) ?? []).map((type) =>
			String(type).toUpperCase(),
		);
		const subAccountId = String(filters.subAccountId ?? '').trim();
		return (await listed)
			.filter((hook) => !types.length || types.includes(String(hook.type ?? '').toUpperCase()))
			.filter((hook) => !subAccountId || String(hook.subAccountId ?? '') === subAccountId)
			.map((hook) => ({ ...hook }));
	});
}
