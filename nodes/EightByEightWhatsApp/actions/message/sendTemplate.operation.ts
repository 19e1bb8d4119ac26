import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getEightByEightCredentials } from '../../../shared/transport';
import type { TemplateContentContext } from '../../helpers/templateContent';
import { prepareTemplateContent } from '../../helpers/templateContent';
import {
	channelIdProperty,
	recipientProperty,
	sendOptionsProperty,
	templateProperty,
	templateVariablesProperty,
} from '../descriptions';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	channelIdProperty,
	templateProperty,
	templateVariablesProperty,
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

/** Every item's template is checked against its channel's list, asked for once per channel. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const { channelId } = await getEightByEightCredentials.call(this);
	const context: TemplateContentContext = { defaultChannelId: channelId, templateLists: new Map() };
	return await sendMessages.call(this, items, async function (this: IExecuteFunctions, itemIndex) {
		return await prepareTemplateContent.call(this, itemIndex, context);
	});
}
