import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	apiRequest,
	getEightByEightCredentials,
	requireAccountId,
	webhooksPath,
} from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { isHttpUrl } from '../../helpers/limits';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { subAccountIdFor, subAccountProperty, webhookTypeProperty } from './common';

/** What the output shows in place of a secret that was sent (8x8 itself lists it masked this way). */
export const MASKED = '***';

const properties: INodeProperties[] = [
	{
		displayName:
			'Creates or replaces: 8x8 keeps one webhook per type and sub-account, so this overwrites the one configured for that pair (including one an 8x8 WhatsApp Trigger registered).',
		name: 'setNotice',
		type: 'notice',
		default: '',
	},
	webhookTypeProperty,
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/8x8-receipts',
		description:
			'Where 8x8 POSTs the events (HTTPS recommended; it must answer 2xx within 5 seconds)',
	},
	subAccountProperty,
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		description: 'Whether 8x8 sends events to the webhook',
	},
	{
		displayName: 'Authorization',
		name: 'authorization',
		type: 'options',
		options: [
			{
				name: "Credential's Webhook Authorization Header",
				value: 'credential',
				description:
					'The value in the 8x8 credential (what the 8x8 WhatsApp Trigger checks); none when it is empty',
			},
			{
				name: 'Custom Value',
				value: 'custom',
				description: 'A value you type below',
			},
			{
				name: 'None',
				value: 'none',
				description: 'No Authorization header on webhook calls',
			},
		],
		default: 'credential',
		description: 'The Authorization header 8x8 sends with every call to the webhook',
	},
	{
		displayName: 'Authorization Value',
		name: 'httpAuthorization',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'Bearer my-secret-token',
		description: 'Sent verbatim as the Authorization header, e.g. "Bearer …" or "Basic …"',
		displayOptions: { show: { authorization: ['custom'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['set'] } },
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
			const node = this.getNode();
			const type = String(this.getNodeParameter('webhookType', itemIndex, 'CADR')).toUpperCase();
			const url = textParameter.call(this, 'url', itemIndex);
			if (!isHttpUrl(url)) {
				throw validationError(
					node,
					itemIndex,
					[url ? `URL must be an http(s) URL, got "${url}"` : 'URL is empty'],
					'Put the full webhook address in URL, e.g. https://n8n.example.com/webhook/8x8-receipts.',
				);
			}
			const subAccountId = await subAccountIdFor.call(this, itemIndex);
			const enabled = this.getNodeParameter('enabled', itemIndex, true) !== false;
			const source = String(this.getNodeParameter('authorization', itemIndex, 'credential'));
			let httpAuthorization = '';
			if (source === 'credential') {
				httpAuthorization = (await getEightByEightCredentials.call(this)).webhookSecret;
			} else if (source === 'custom') {
				httpAuthorization = String(this.getNodeParameter('httpAuthorization', itemIndex, '') ?? '');
				if (!httpAuthorization.trim()) {
					throw validationError(
						node,
						itemIndex,
						['Authorization Value is empty'],
						'Type the Authorization header value, or choose None.',
					);
				}
			}
			const entry: IDataObject = { type, subAccountId, url, enabled };
			if (httpAuthorization) entry.httpAuthorization = httpAuthorization;
			const accountId = await requireAccountId.call(this, 'Webhooks', itemIndex);
			await apiRequest.call(this, {
				method: 'POST',
				path: webhooksPath(accountId),
				body: [entry],
				itemIndex,
			});
			// The secret never goes to the output: shown masked, as 8x8 lists it.
			const output: IDataObject = { saved: true, type, subAccountId, url, enabled };
			if (httpAuthorization) output.httpAuthorization = MASKED;
			return output;
		},
		(itemIndex) => ({
			type: String(this.getNodeParameter('webhookType', itemIndex, '')),
			url: textParameter.call(this, 'url', itemIndex),
		}),
	);
}
