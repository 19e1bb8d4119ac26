import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type {
	InteractiveHeaderInput,
	InteractiveInput,
	ListRowInput,
	ListSectionInput,
	ReplyButtonInput,
} from '../../helpers/content';
import {
	buildInteractiveMessage,
	groupRowsIntoSections,
	parseSectionsJson,
} from '../../helpers/content';
import { validationError } from '../../helpers/errors';
import { recipientProperty, sendOptionsProperty } from '../descriptions';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Call-to-Action URL Button',
				value: 'cta_url',
				description: 'One button that opens a URL',
			},
			{
				name: 'List',
				value: 'list',
				description: 'A button that opens a menu of up to 10 rows in up to 10 sections',
			},
			{
				name: 'Reply Buttons',
				value: 'button',
				description: 'Up to 3 buttons; the tapped button comes back as an inbound message',
			},
		],
		default: 'button',
	},
	{
		displayName: 'Header Type',
		name: 'headerType',
		type: 'options',
		options: [
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
		default: 'none',
		description: 'List messages only take a text header',
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'At most 60 characters',
		displayOptions: { show: { headerType: ['text'] } },
	},
	{
		displayName: 'Header Media URL',
		name: 'headerMediaUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/banner.png',
		displayOptions: { show: { headerType: ['image', 'video', 'document'] } },
	},
	{
		displayName: 'Header Document Filename',
		name: 'headerFilename',
		type: 'string',
		default: '',
		placeholder: 'invoice.pdf',
		displayOptions: { show: { headerType: ['document'] } },
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'At most 1,024 characters',
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: 'At most 60 characters',
	},
	{
		displayName: 'Reply Buttons',
		name: 'replyButtons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button',
		default: {},
		displayOptions: { show: { interactiveType: ['button'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'Button label, at most 20 characters, unique in the message',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description:
							'Returned in the inbound message when the button is tapped, at most 256 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: '',
		placeholder: 'Choose a slot',
		description: 'Label of the button that opens the list, at most 20 characters',
		displayOptions: { show: { interactiveType: ['list'] } },
	},
	{
		displayName: 'List Rows Defined By',
		name: 'listSource',
		type: 'options',
		options: [
			{ name: 'Rows', value: 'rows', description: 'Fill the rows below' },
			{
				name: 'Sections (JSON)',
				value: 'json',
				description: 'An array of sections, for lists built from data',
			},
		],
		default: 'rows',
		displayOptions: { show: { interactiveType: ['list'] } },
	},
	{
		displayName: 'List Rows',
		name: 'listRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Row',
		default: {},
		description: 'Consecutive rows with the same section title form one section',
		displayOptions: { show: { interactiveType: ['list'], listSource: ['rows'] } },
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						description: 'At most 24 characters; needed when the list has several sections',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'At most 24 characters',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'At most 72 characters',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description:
							'Returned in the inbound message when the row is chosen, at most 200 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Sections (JSON)',
		name: 'sectionsJson',
		type: 'json',
		default:
			'[\n  {\n    "title": "Oct 9",\n    "rows": [{ "id": "slot-1", "title": "Monday 9:00", "description": "9:00 to 10:00" }]\n  }\n]',
		description: 'Array of sections, each with a title and rows (ID, title, description)',
		displayOptions: { show: { interactiveType: ['list'], listSource: ['json'] } },
	},
	{
		displayName: 'Button Text',
		name: 'ctaDisplayText',
		type: 'string',
		default: '',
		placeholder: 'Track order',
		description: 'At most 20 characters',
		displayOptions: { show: { interactiveType: ['cta_url'] } },
	},
	{
		displayName: 'Button URL',
		name: 'ctaUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/track/12345',
		displayOptions: { show: { interactiveType: ['cta_url'] } },
	},
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendInteractive'] } },
	properties,
);

const FIX =
	'Correct the fields named above: reply buttons take at most 3 buttons, lists at most 10 rows in at most 10 sections.';

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async function (this: IExecuteFunctions, itemIndex) {
		const node = this.getNode();
		const interactiveType = this.getNodeParameter(
			'interactiveType',
			itemIndex,
		) as InteractiveInput['interactiveType'];
		const headerType = this.getNodeParameter(
			'headerType',
			itemIndex,
			'none',
		) as InteractiveHeaderInput['type'];
		const header: InteractiveHeaderInput = { type: headerType };
		if (headerType === 'text')
			header.text = this.getNodeParameter('headerText', itemIndex, '') as string;
		if (headerType === 'image' || headerType === 'video' || headerType === 'document') {
			header.url = this.getNodeParameter('headerMediaUrl', itemIndex, '') as string;
		}
		if (headerType === 'document') {
			header.filename = this.getNodeParameter('headerFilename', itemIndex, '') as string;
		}
		const input: InteractiveInput = {
			interactiveType,
			header,
			body: this.getNodeParameter('bodyText', itemIndex, '') as string,
			footer: this.getNodeParameter('footerText', itemIndex, '') as string,
		};
		if (interactiveType === 'button') {
			input.buttons = this.getNodeParameter(
				'replyButtons.button',
				itemIndex,
				[],
			) as ReplyButtonInput[];
		} else if (interactiveType === 'list') {
			input.listButton = this.getNodeParameter('listButtonText', itemIndex, '') as string;
			const source = this.getNodeParameter('listSource', itemIndex, 'rows') as string;
			let sections: ListSectionInput[] | undefined;
			if (source === 'json') {
				const parsed = parseSectionsJson(this.getNodeParameter('sectionsJson', itemIndex, '[]'));
				if (parsed.problem) throw validationError(node, itemIndex, [parsed.problem], FIX);
				sections = parsed.sections;
			} else {
				const rows = this.getNodeParameter('listRows.row', itemIndex, []) as Array<
					ListRowInput & { section?: string }
				>;
				sections = groupRowsIntoSections(rows);
			}
			input.sections = sections;
		} else {
			input.ctaDisplayText = this.getNodeParameter('ctaDisplayText', itemIndex, '') as string;
			input.ctaUrl = this.getNodeParameter('ctaUrl', itemIndex, '') as string;
		}
		const { payload, problems } = buildInteractiveMessage(input);
		if (!payload) throw validationError(node, itemIndex, problems, FIX);
		return { payload, summary: { type: 'interactive', interactiveType } };
	});
}
