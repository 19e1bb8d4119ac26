import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getEightByEightCredentials } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';

export const WEBHOOK_TYPE_OPTIONS = [
	{
		name: 'Business Management (CABM)',
		value: 'CABM',
		description: 'Template status, quality and category changes; number quality; account updates',
	},
	{
		name: 'Delivery Receipts (CADR)',
		value: 'CADR',
		description: 'Status of messages you sent: queued, sent, delivered, read, undelivered',
	},
	{
		name: 'Inbound Messages (MSG)',
		value: 'MSG',
		description: 'Messages users send to your WhatsApp number',
	},
];

export const webhookTypeProperty: INodeProperties = {
	displayName: 'Type',
	name: 'webhookType',
	type: 'options',
	options: WEBHOOK_TYPE_OPTIONS,
	default: 'CADR',
	description: 'Which events the webhook receives',
};

export const subAccountProperty: INodeProperties = {
	displayName: 'Sub-Account',
	name: 'subAccount',
	type: 'options',
	options: [
		{
			name: "The Credential's Sub-Account",
			value: 'credential',
			description: 'Only events of the sub-account in the 8x8 credential',
		},
		{
			name: 'All Sub-Accounts',
			value: 'all',
			description:
				'The account-wide webhook (sub-account "*"), used for sub-accounts that have no webhook of their own',
		},
	],
	default: 'credential',
};

/** `*` or the credential's Sub-Account ID (an error naming the field when it is empty). */
export async function subAccountIdFor(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const choice = String(this.getNodeParameter('subAccount', itemIndex, 'credential'));
	if (choice === 'all') return '*';
	const { subAccountId } = await getEightByEightCredentials.call(this);
	if (!subAccountId) {
		throw validationError(
			this.getNode(),
			itemIndex,
			['The 8x8 credential has no Sub-Account ID'],
			'Fill Sub-Account ID in the 8x8 credential, or choose All Sub-Accounts (*).',
		);
	}
	return subAccountId;
}
