import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { REGION_OPTIONS } from '../nodes/shared/regions';

/**
 * Tested by both nodes (`testedBy` on their credential entry, nodes/shared/transport/credentialTest.ts):
 * a declarative `test` could make only one request and read only its body.
 */
export class EightByEightApi implements ICredentialType {
	name = 'eightByEightApi';

	displayName = '8x8 Connect API';

	icon: Icon = { light: 'file:../icons/8x8-whatsapp.svg', dark: 'file:../icons/8x8-whatsapp.dark.svg' };

	documentationUrl = 'https://developer.8x8.com/connect/docs/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Created in 8x8 Connect under Messaging Apps > API Keys. Sent as a Bearer token.',
		},
		{
			displayName: 'Sub-Account ID',
			name: 'subAccountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Acme_WhatsApp',
			description:
				'The Chat Apps sub-account that sends the messages, shown beside the key on the API Keys page',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			description:
				'Needed for templates and webhook management (the account name or GUID used in /accounts/{accountId} URLs)',
		},
		{
			displayName: 'WhatsApp Channel ID',
			name: 'channelId',
			type: 'string',
			default: '',
			placeholder: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
			description:
				'The WhatsApp channel in 8x8 Connect > Channels; needed to list and manage templates. A node can override it.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: REGION_OPTIONS,
			default: 'apac',
			description:
				'The data centre your 8x8 account lives in. A key used against the wrong region is answered 403 / code 1201.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8088',
			description: 'API origin for a proxy or the local 8x8 sandbox, without a path',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Webhook Authorization Header',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The exact Authorization header value 8x8 sends with every webhook (set the same value as "httpAuthorization" in 8x8 Connect). When set, the trigger answers 401 to calls without it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			// Trimmed like every other field (the transport and the credential test read it trimmed).
			headers: { Authorization: '=Bearer {{String($credentials.apiKey).trim()}}' },
		},
	};
}
