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

/** An existing template name of the channel, in any status, picked from a list or typed. */
export const templateNameProperty: INodeProperties = {
	displayName: 'Template',
	name: 'templateName',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'A template of the channel, in any status (the list shows its languages and statuses)',
	typeOptions: { loadOptionsDependsOn: ['channelId'] },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTemplateNames', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'order_update',
			hint: 'The template name as registered (lowercase letters, digits and underscores)',
		},
	],
};

export const templateLanguageProperty: INodeProperties = {
	displayName: 'Language Name or ID',
	name: 'language',
	type: 'options',
	required: true,
	default: '',
	typeOptions: {
		loadOptionsMethod: 'getTemplateLanguages',
		loadOptionsDependsOn: ['templateName.value', 'channelId'],
	},
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'The languages the chosen template exists in; a code must match exactly (en vs en_US)',
};

/** The Template field's value (a name), whether it holds a locator or a plain string. */
export function templateNameOf(this: IExecuteFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('templateName', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	if (value && typeof value === 'object' && 'value' in value) {
		return String((value as { value: unknown }).value ?? '').trim();
	}
	return value === undefined || value === null ? '' : String(value).trim();
}

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
