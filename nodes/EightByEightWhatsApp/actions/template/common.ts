import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getEightByEightCredentials } from '../../../shared/transport';
import { textParameter } from '../../helpers/perItem';

/** Review states of a WhatsApp template as 8x8 lists them (the OpenAPI has no enum; these are the documented ones). */
export const TEMPLATE_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Approved', value: 'APPROVED' },
	{ name: 'Disabled', value: 'DISABLED' },
	{ name: 'Flagged', value: 'FLAGGED' },
	{ name: 'Paused', value: 'PAUSED' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Pending Deletion', value: 'PENDING_DELETION' },
	{ name: 'Rejected', value: 'REJECTED' },
];

export const templateNameProperty: INodeProperties = {
	displayName: 'Name',
	name: 'templateName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'order_update',
	description: 'The template name as registered (lowercase letters, digits and underscores)',
};

export const templateLanguageProperty: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'en_US',
	description: 'WhatsApp language code of the template, e.g. en, en_US, pt_BR (must match exactly)',
};

/** The node's Channel ID, else the credential's; an error naming both fields when neither is set. */
export async function resolveChannelId(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<string> {
	const channelId =
		textParameter.call(this, 'channelId', itemIndex) ||
		(await getEightByEightCredentials.call(this)).channelId;
	if (channelId) return channelId;
	throw new NodeOperationError(this.getNode(), 'No WhatsApp Channel ID', {
		itemIndex,
		description:
			'Templates belong to a WhatsApp channel. Fill "WhatsApp Channel ID" in the 8x8 credential or the Channel ID field of this node (8x8 Connect > Channels).',
	});
}
