import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, requireAccountId, templatesPath } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { forEachItem, textParameter } from '../../helpers/perItem';
import type { TemplateButtonInput } from '../../helpers/templateCreate';
import { buildTemplateCreateBody, DEFAULT_COPY_CODE_TEXT } from '../../helpers/templateCreate';
import { channelIdProperty } from '../descriptions';
import { resolveChannelId, templateLanguageProperty, templateNameProperty } from './common';

export const CREATE_NOTE =
	"WhatsApp reviews new templates (usually minutes, up to 24 hours). The result arrives on the 8x8 WhatsApp Trigger's Tpl Status output; until then the template is PENDING and cannot be sent.";

const properties: INodeProperties[] = [
	channelIdProperty,
	{
		...templateNameProperty,
		description:
			'Lowercase letters, digits and underscores. A name deleted in the last 4 weeks cannot be reused (code 3060).',
	},
	templateLanguageProperty,
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: [
			{
				name: 'Authentication',
				value: 'AUTHENTICATION',
				description: 'One-time passwords',
			},
			{
				name: 'Marketing',
				value: 'MARKETING',
				description: 'Promotions, offers, newsletters',
			},
			{
				name: 'Utility',
				value: 'UTILITY',
				description: 'Updates about an order, account or booking the user asked for',
			},
		],
		default: 'UTILITY',
	},
	{
		displayName: 'Allow Category Change',
		name: 'allowCategoryChange',
		type: 'boolean',
		default: true,
		description:
			'Whether WhatsApp may move the template to the category it finds right instead of rejecting it',
	},
	{
		displayName:
			'WhatsApp writes the text of authentication templates ("<code> is your verification code."): you choose the security recommendation, the expiry note and the copy-code button. The code is filled in when sending.',
		name: 'authenticationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { category: ['AUTHENTICATION'] } },
	},
	{
		displayName: 'Add Security Recommendation',
		name: 'addSecurityRecommendation',
		type: 'boolean',
		default: true,
		description: 'Whether to add "For your security, do not share this code." to the message',
		displayOptions: { show: { category: ['AUTHENTICATION'] } },
	},
	{
		displayName: 'Code Expiration (Minutes)',
		name: 'codeExpirationMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 90 },
		default: 10,
		description:
			'Adds "This code expires in N minutes." as the footer (1-90). 0: no expiry footer.',
		displayOptions: { show: { category: ['AUTHENTICATION'] } },
	},
	{
		displayName: 'Copy Code Button Text',
		name: 'otpButtonText',
		type: 'string',
		default: 'Copy code',
		description: 'The label of the button that copies the code, at most 20 characters',
		displayOptions: { show: { category: ['AUTHENTICATION'] } },
	},
	{
		displayName: 'Header',
		name: 'headerType',
		type: 'options',
		options: [
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Location', value: 'location' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
		default: 'none',
		displayOptions: { show: { category: ['MARKETING', 'UTILITY'] } },
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		placeholder: 'Order {{1}} has shipped',
		description: 'At most 60 characters and one variable, {{1}}',
		displayOptions: { show: { headerType: ['text'], category: ['MARKETING', 'UTILITY'] } },
	},
	{
		displayName: 'Header Text Example',
		name: 'headerTextExample',
		type: 'string',
		default: '',
		placeholder: 'A-1042',
		description:
			"The sample value of {{1}} in Header Text, for WhatsApp's review (required when it has {{1}})",
		displayOptions: { show: { headerType: ['text'], category: ['MARKETING', 'UTILITY'] } },
	},
	{
		displayName: 'Header Example URL',
		name: 'headerMediaExample',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/sample.jpg',
		description: "A public URL of a sample file of that type, for WhatsApp's review (required)",
		displayOptions: {
			show: { headerType: ['image', 'video', 'document'], category: ['MARKETING', 'UTILITY'] },
		},
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'Hi {{1}}, your order {{2}} is on its way.',
		description:
			'Variables are numbered {{1}}, {{2}}, … without gaps (8x8 documents no named variables for new templates). At most 1,024 characters when the template also has a header, footer or buttons.',
		displayOptions: { show: { category: ['MARKETING', 'UTILITY'] } },
	},
	{
		displayName: 'Body Examples',
		name: 'bodyExamples',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Example',
		description:
			'One sample value per variable of Body Text, in order: the first is {{1}}, the second {{2}}, and so on (WhatsApp rejects templates without them)',
		displayOptions: { show: { category: ['MARKETING', 'UTILITY'] } },
		options: [
			{
				displayName: 'Example',
				name: 'example',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'Dana',
					},
				],
			},
		],
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: 'Optional small grey text under the body, at most 60 characters, no variables',
		displayOptions: { show: { category: ['MARKETING', 'UTILITY'] } },
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		displayOptions: { show: { category: ['MARKETING', 'UTILITY'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Country',
						name: 'country',
						type: 'string',
						default: '',
						placeholder: 'SG',
						description:
							'For phone number buttons with a national number (without + and country code): its two-letter ISO country code, as 8x8 requires',
						displayOptions: { show: { type: ['phoneNumber'] } },
					},
					{
						displayName: 'Example Code',
						name: 'example',
						type: 'string',
						default: '',
						placeholder: '25OFF',
						description: 'For copy code buttons: a sample code (required)',
						displayOptions: { show: { type: ['copyCode'] } },
					},
					{
						displayName: 'Flow Action',
						name: 'flowAction',
						type: 'options',
						options: [
							{ name: 'Navigate', value: 'navigate', description: 'Open a screen of the Flow' },
							{
								name: 'Data Exchange',
								value: 'data_exchange',
								description: "Ask the Flow's endpoint for the first screen",
							},
						],
						default: 'navigate',
						displayOptions: { show: { type: ['flow'] } },
					},
					{
						displayName: 'Flow ID',
						name: 'flowId',
						type: 'string',
						default: '',
						placeholder: '859504979861628',
						description: 'For Flow buttons: the ID of a published WhatsApp Flow (required)',
						displayOptions: { show: { type: ['flow'] } },
					},
					{
						displayName: 'Navigate Screen',
						name: 'navigateScreen',
						type: 'string',
						default: '',
						placeholder: 'FIRST_ENTRY_SCREEN',
						description:
							'For Flow buttons with Navigate: the screen ID to open. Empty: the first screen.',
						displayOptions: { show: { type: ['flow'], flowAction: ['navigate'] } },
					},
					{
						displayName: 'Phone Number',
						name: 'phoneNumber',
						type: 'string',
						default: '',
						placeholder: '+6591234567',
						description:
							'For phone number buttons: the number to call, international (+ and country code) or national with Country',
						displayOptions: { show: { type: ['phoneNumber'] } },
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						description: `The button label, 1-20 characters (copy code: empty means "${DEFAULT_COPY_CODE_TEXT}")`,
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{
								name: 'Copy Code',
								value: 'copyCode',
								description: 'Copies an offer code (the code is set when sending)',
							},
							{
								name: 'Flow',
								value: 'flow',
								description: 'Opens a WhatsApp Flow (a form inside WhatsApp)',
							},
							{ name: 'Phone Number', value: 'phoneNumber', description: 'Calls a number' },
							{
								name: 'Quick Reply',
								value: 'quickReply',
								description: 'Sends its text back as a reply',
							},
							{ name: 'URL', value: 'url', description: 'Opens a link' },
						],
						default: 'quickReply',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://shop.example.com/orders/{{1}}',
						description: 'For URL buttons. May end with one variable, {{1}}, filled when sending.',
						displayOptions: { show: { type: ['url'] } },
					},
					{
						displayName: 'URL Example',
						name: 'urlExample',
						type: 'string',
						default: '',
						placeholder: 'A-1042',
						description:
							'For URL buttons whose URL ends with {{1}}: a sample value of {{1}} (required then)',
						displayOptions: { show: { type: ['url'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Message Send TTL (Seconds)',
				name: 'messageSendTtlSeconds',
				type: 'number',
				default: 600,
				description:
					'How long WhatsApp keeps trying to deliver messages of this template: authentication 30-900 s or -1 (30 days), utility 30-43,200 s or -1, marketing 43,200-2,592,000 s. Checked before sending.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['create'] } },
	properties,
);

function fixedCollectionEntries(value: unknown, key: string): IDataObject[] {
	const entries = (value as IDataObject | undefined)?.[key];
	return Array.isArray(entries) ? (entries as IDataObject[]) : [];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const buttons = fixedCollectionEntries(
				this.getNodeParameter('buttons', itemIndex, {}),
				'button',
			).map(
				(button): TemplateButtonInput => ({
					type: String(button.type ?? 'quickReply'),
					text: button.text as string | undefined,
					url: button.url as string | undefined,
					urlExample: button.urlExample as string | undefined,
					phoneNumber: button.phoneNumber as string | undefined,
					country: button.country as string | undefined,
					example: button.example as string | undefined,
					flowId: button.flowId as string | undefined,
					flowAction: button.type === 'flow' ? (button.flowAction as string | undefined) : undefined,
					navigateScreen:
						button.type === 'flow' && (button.flowAction ?? 'navigate') === 'navigate'
							? (button.navigateScreen as string | undefined)
							: undefined,
				}),
			);
			const { body, problems } = buildTemplateCreateBody({
				name: textParameter.call(this, 'templateName', itemIndex),
				language: textParameter.call(this, 'language', itemIndex),
				category: String(this.getNodeParameter('category', itemIndex, 'UTILITY')),
				allowCategoryChange: this.getNodeParameter('allowCategoryChange', itemIndex, true) === true,
				headerType: String(this.getNodeParameter('headerType', itemIndex, 'none')),
				headerText: String(this.getNodeParameter('headerText', itemIndex, '') ?? ''),
				headerTextExample: String(this.getNodeParameter('headerTextExample', itemIndex, '') ?? ''),
				headerMediaExample: String(
					this.getNodeParameter('headerMediaExample', itemIndex, '') ?? '',
				),
				bodyText: String(this.getNodeParameter('bodyText', itemIndex, '') ?? ''),
				bodyExamples: fixedCollectionEntries(
					this.getNodeParameter('bodyExamples', itemIndex, {}),
					'example',
				).map((entry) => String(entry.value ?? '')),
				footerText: String(this.getNodeParameter('footerText', itemIndex, '') ?? ''),
				buttons,
				messageSendTtlSeconds:
					options.messageSendTtlSeconds === undefined
						? undefined
						: Number(options.messageSendTtlSeconds),
				authentication: {
					addSecurityRecommendation:
						this.getNodeParameter('addSecurityRecommendation', itemIndex, true) === true,
					codeExpirationMinutes: (() => {
						const minutes = Number(this.getNodeParameter('codeExpirationMinutes', itemIndex, 10));
						return minutes === 0 ? undefined : minutes;
					})(),
					otpButtonText: String(this.getNodeParameter('otpButtonText', itemIndex, '') ?? ''),
				},
			});
			if (!body) {
				throw validationError(
					this.getNode(),
					itemIndex,
					problems,
					'Correct the fields named above. Every variable ({{1}}, {{2}}, …) needs an example: WhatsApp rejects templates without them.',
				);
			}
			const accountId = await requireAccountId.call(this, 'Templates', itemIndex);
			const channelId = await resolveChannelId.call(this, itemIndex);
			const answer = (await apiRequest.call(this, {
				method: 'POST',
				path: templatesPath(accountId, channelId),
				body,
				itemIndex,
			})) as unknown;
			const returned =
				answer && typeof answer === 'object' && !Array.isArray(answer)
					? (answer as IDataObject)
					: {};
			return {
				templateName: body.name,
				language: body.language,
				category: body.category,
				status: 'PENDING',
				channelId,
				...returned,
				components: returned.components ?? body.components,
				note: CREATE_NOTE,
			};
		},
		(itemIndex) => ({
			templateName: textParameter.call(this, 'templateName', itemIndex),
			language: textParameter.call(this, 'language', itemIndex),
		}),
	);
}
