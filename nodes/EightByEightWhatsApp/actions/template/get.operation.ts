import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	attachErrorDetails,
	getEightByEightCredentials,
	listTemplates,
} from '../../../shared/transport';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { channelIdProperty } from '../descriptions';
import { templateLanguageProperty, templateNameOf, templateNameProperty } from './common';

const properties: INodeProperties[] = [
	channelIdProperty,
	templateNameProperty,
	templateLanguageProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['get'] } },
	properties,
);

const nameOf = (template: IDataObject) => String(template.templateName ?? template.name ?? '');

/**
 * 8x8 has no endpoint for one template: the channel's list is fetched and filtered by name and
 * language (both exact). Not found: the error names what was asked and the languages that exist.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const lists = new Map<string, Promise<IDataObject[]>>();
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const channelOverride = textParameter.call(this, 'channelId', itemIndex);
			const name = templateNameOf.call(this, itemIndex);
			const language = textParameter.call(this, 'language', itemIndex);
			let list = lists.get(channelOverride);
			if (!list) {
				list = listTemplates.call(this, channelOverride, itemIndex);
				lists.set(channelOverride, list);
			}
			const templates = await list;
			const found = templates.find(
				(template) => nameOf(template) === name && String(template.language ?? '') === language,
			);
			if (found) return { ...found };

			const channelId = channelOverride || (await getEightByEightCredentials.call(this)).channelId;
			const languages = templates
				.filter((template) => nameOf(template) === name)
				.map((template) => String(template.language ?? ''));
			const message = `Template "${name}" in language "${language}" was not found on WhatsApp channel ${channelId}`;
			const meaning = languages.length
				? `The name "${name}" exists in ${languages.length === 1 ? 'language' : 'languages'} ${languages.join(', ')}, not in "${language}".`
				: `No template named "${name}" exists on this channel, in any language.`;
			const fix = languages.length
				? `Use one of ${languages.join(', ')} as Language (codes must match exactly, e.g. en vs en_US).`
				: 'Check the name (Template > Get Many lists every template) and Channel ID: templates belong to one WhatsApp channel.';
			const error = new NodeOperationError(this.getNode(), message, {
				itemIndex,
				description: `${meaning} ${fix}`,
			});
			throw attachErrorDetails(error, {
				code: 'TEMPLATE_NOT_FOUND',
				message,
				meaning,
				fix,
				retryable: false,
			});
		},
		(itemIndex) => ({
			templateName: templateNameOf.call(this, itemIndex),
			language: textParameter.call(this, 'language', itemIndex),
		}),
	);
}
