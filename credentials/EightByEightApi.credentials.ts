import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION, REGION_OPTIONS } from '../nodes/shared/regions';

/** A umid no message can have: the details lookup answers 404 when key, region and sub-account are right. */
export const CREDENTIAL_TEST_UMID = '00000000-0000-0000-0000-000000000000';

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
			description: 'Created in 8x8 Connect under Messaging Apps > API Keys. Sent as a Bearer token.',
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
			name: 'webhookAuthorization',
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
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// Message details for an impossible umid: 404 / code 1300 means key, region and sub-account are all
	// right. n8n matches credential-test rules against the response body only, so HTTP errors are kept
	// as data and told apart by 8x8's own error code.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: `=/api/v1/subaccounts/{{encodeURIComponent($credentials.subAccountId)}}/messages/${CREDENTIAL_TEST_UMID}`,
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1200,
					message:
						'8x8 rejected the API key (401 / code 1200). Paste the full key from 8x8 Connect > API Keys, and check it is enabled.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1201,
					message:
						'8x8 refused this key here (403 / code 1201): the account lives in another data centre. Change Region (Asia-Pacific, North America, Europe, Indonesia).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1001,
					message:
						'8x8 does not know this Sub-Account ID for this key (code 1001). Copy the Chat Apps sub-account exactly as shown on the API Keys page.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 429,
					message: '8x8 is rate limiting this key right now (429). Wait a second and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 2000,
					message: '8x8 answered with an internal error (code 2000). Try again later; the credential may be fine.',
				},
			},
		],
	};
}
