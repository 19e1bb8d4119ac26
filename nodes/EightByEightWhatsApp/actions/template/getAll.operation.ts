import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listTemplates } from '../../../shared/transport';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { channelIdProperty } from '../descriptions';
import { TEMPLATE_STATUS_OPTIONS } from './common';

const properties: INodeProperties[] = [
	channelIdProperty,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Authentication', value: 'AUTHENTICATION' },
					{ name: 'Marketing', value: 'MARKETING' },
					{ name: 'Utility', value: 'UTILITY' },
				],
				default: '',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'en_US',
				description:
					'Only templates in this language code (exact match, e.g. en or en_US; several separated by commas)',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				placeholder: 'order',
				description: 'Only templates whose name contains this text (any case)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: TEMPLATE_STATUS_OPTIONS,
				default: [],
				description: 'Only templates in one of these review states',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getAll'] } },
	properties,
);

interface TemplateFilters {
	category?: string;
	language?: string;
	nameContains?: string;
	status?: string[];
}

/** The templates that pass the filters, sorted by name then language (8x8's order is unspecified). */
export function filterTemplates(templates: IDataObject[], filters: TemplateFilters): IDataObject[] {
	const languages = String(filters.language ?? '')
		.split(',')
		.map((language) => language.trim().toLowerCase())
		.filter(Boolean);
	const needle = String(filters.nameContains ?? '')
		.trim()
		.toLowerCase();
	const statuses = (filters.status ?? []).map((status) => String(status).toUpperCase());
	const category = String(filters.category ?? '').toUpperCase();
	const nameOf = (template: IDataObject) => String(template.templateName ?? template.name ?? '');
	return templates
		.filter((template) => !needle || nameOf(template).toLowerCase().includes(needle))
		.filter(
			(template) =>
				!languages.length || languages.includes(String(template.language ?? '').toLowerCase()),
		)
		.filter(
			(template) =>
				!statuses.length || statuses.includes(String(template.status ?? '').toUpperCase()),
		)
		.filter((template) => !category || String(template.category ?? '').toUpperCase() === category)
		.sort(
			(a, b) =>
				nameOf(a).localeCompare(nameOf(b)) ||
				String(a.language ?? '').localeCompare(String(b.language ?? '')),
		);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// One list request per channel, however many input items ask for it.
	const lists = new Map<string, Promise<IDataObject[]>>();
	return await forEachItem.call(this, items, async (itemIndex) => {
		const channelId = textParameter.call(this, 'channelId', itemIndex);
		let list = lists.get(channelId);
		if (!list) {
			list = listTemplates.call(this, channelId, itemIndex);
			lists.set(channelId, list);
		}
		const filters = this.getNodeParameter('filters', itemIndex, {}) as TemplateFilters;
		const matching = filterTemplates(await list, filters);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
		return (returnAll ? matching : matching.slice(0, Math.max(1, limit))).map((template) => ({
			...template,
		}));
	});
}
