import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getEightByEightCredentials, listTemplates } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { findTemplate, toTemplateDefinitions } from '../../helpers/templateLookup';
import {
	buildTemplateComponents,
	decodeTemplateValue,
	describeTemplate,
	templateTitle,
} from '../../helpers/templates';
import type { TemplateDefinition } from '../../helpers/types';
import { channelIdProperty, recipientProperty, sendOptionsProperty } from '../descriptions';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	channelIdProperty,
	{
		displayName: 'Template',
		name: 'template',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'An APPROVED WhatsApp template of the channel, in one language',
		typeOptions: { loadOptionsDependsOn: ['channelId'] },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: {
					searchListMethod: 'searchTemplates',
					searchable: true,
				},
			},
			{
				displayName: 'By Name and Language',
				name: 'name',
				type: 'string',
				placeholder: 'order_update|en',
				hint: 'The template name and its language code, separated by |',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^|]+\\|[^|]+$',
							errorMessage: 'Use name|language, for example order_update|en',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Template Variables',
		name: 'templateVariables',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		typeOptions: {
			loadOptionsDependsOn: ['template.value', 'channelId'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateVariables',
				mode: 'add',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'This template has no variables: there is nothing to fill in',
			},
		},
	},
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

const VARIABLES_FIX =
	'Fill the fields named above under Template Variables (type a value or map an input field). They are generated from the template in 8x8: after the template changes, open Template Variables and refresh the fields.';
const UNSUPPORTED_FIX =
	'Send this template with an HTTP Request node (POST /api/v1/subaccounts/{subAccountId}/messages), or choose a template without those parts.';
const STATUS_FIX =
	'Only APPROVED templates are sent: pick another template, or wait until WhatsApp approves (or unpauses) this one.';

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// One template list per channel and execution, however many items use it.
	const templateLists = new Map<string, Promise<TemplateDefinition[]>>();
	const credentials = await getEightByEightCredentials.call(this);

	return await sendMessages.call(this, items, async function (this: IExecuteFunctions, itemIndex) {
		const node = this.getNode();
		const rawTemplate = this.getNodeParameter('template', itemIndex, '', { extractValue: true });
		const chosen = decodeTemplateValue(rawTemplate);
		if (!chosen) {
			throw validationError(
				node,
				itemIndex,
				[`Template "${String(rawTemplate ?? '')}" is not a template name and language`],
				'Pick the template from the list, or enter it By Name and Language as name|language (for example order_update|en).',
			);
		}
		const channelId =
			String(this.getNodeParameter('channelId', itemIndex, '') ?? '').trim() ||
			credentials.channelId;
		let list = templateLists.get(channelId);
		if (!list) {
			list = listTemplates.call(this, channelId, itemIndex).then(toTemplateDefinitions);
			templateLists.set(channelId, list);
		}
		const { template, otherLanguages } = findTemplate(await list, chosen.name, chosen.language);
		if (!template) {
			const elsewhere = otherLanguages.length
				? `; that name exists in ${otherLanguages.join(', ')}`
				: '; no template of that name exists in any language';
			throw validationError(
				node,
				itemIndex,
				[`${templateTitle(chosen)} was not found on WhatsApp channel ${channelId}${elsewhere}`],
				'Pick the template from the list, or correct name|language (the language code must match exactly, for example en vs en_US). Templates belong to one channel: check Channel ID.',
			);
		}

		const spec = describeTemplate(template);
		const mapper = (this.getNodeParameter('templateVariables', itemIndex, {}) ?? {}) as IDataObject;
		const values =
			mapper.mappingMode === 'autoMapInputData'
				? this.getInputData()[itemIndex].json
				: ((mapper.value ?? {}) as IDataObject);
		const { components, problems } = buildTemplateComponents(spec, values);
		if (problems.length) {
			const fixes: string[] = [];
			if (spec.status !== 'APPROVED') fixes.push(STATUS_FIX);
			if (spec.unsupported.length) fixes.push(UNSUPPORTED_FIX);
			if (problems.length > fixes.length) fixes.push(VARIABLES_FIX);
			throw validationError(node, itemIndex, problems, fixes.join(' '));
		}
		const templateContent: IDataObject = {
			name: template.templateName,
			language: template.language,
		};
		if (components.length) templateContent.components = components;
		return {
			payload: { type: 'template', content: { template: templateContent } },
			summary: { template: template.templateName, language: template.language },
		};
	});
}
