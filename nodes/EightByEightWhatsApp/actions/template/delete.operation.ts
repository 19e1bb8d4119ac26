import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, requireAccountId, templatePath } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { forEachItem } from '../../helpers/perItem';
import { channelIdProperty } from '../descriptions';
import { resolveChannelId, templateNameOf, templateNameProperty } from './common';

export const DELETE_NOTE =
	'8x8 deletes the template name in every language, and WhatsApp blocks the name for new templates of the same language for about 4 weeks (409 / code 3060).';

const properties: INodeProperties[] = [
	{
		displayName:
			'Deletes the template in EVERY language it exists in. WhatsApp then blocks the name for new templates for about 4 weeks.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	channelIdProperty,
	templateNameProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const name = templateNameOf.call(this, itemIndex);
			if (!name) {
				throw validationError(
					this.getNode(),
					itemIndex,
					['Template is empty'],
					'Choose the template to delete in Template (or type its name).',
				);
			}
			const accountId = await requireAccountId.call(this, 'Templates', itemIndex);
			const channelId = await resolveChannelId.call(this, itemIndex);
			await apiRequest.call(this, {
				method: 'DELETE',
				path: templatePath(accountId, channelId, name),
				itemIndex,
			});
			return {
				deleted: true,
				templateName: name,
				allLanguages: true,
				channelId,
				note: DELETE_NOTE,
			};
		},
		(itemIndex) => ({ templateName: templateNameOf.call(this, itemIndex) }),
	);
}
