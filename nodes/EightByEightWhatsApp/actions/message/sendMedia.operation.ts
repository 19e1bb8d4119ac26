import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildMediaMessage } from '../../helpers/content';
import { validationError } from '../../helpers/errors';
import { recipientProperty, sendOptionsProperty } from '../descriptions';
import { sendMessages } from './sendMessages';

const properties: INodeProperties[] = [
	recipientProperty,
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: '.aac, .m4a, .amr, .mp3, .ogg or .opus, up to 16 MB',
			},
			{
				name: 'Document',
				value: 'document',
				description: '.pdf, .doc(x), .xls(x), .ppt(x) or .txt, up to 100 MB',
			},
			{ name: 'Image', value: 'image', description: '.jpeg or .png, up to 5 MB' },
			{ name: 'Video', value: 'video', description: '.mp4 or .3gp, up to 16 MB' },
		],
		default: 'image',
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/voice-note.ogg',
		description: 'Public http(s) URL WhatsApp downloads the file from',
		displayOptions: { show: { mediaType: ['audio'] } },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/invoice.pdf',
		description: 'Public http(s) URL WhatsApp downloads the file from',
		displayOptions: { show: { mediaType: ['document'] } },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/product.jpg',
		description: 'Public http(s) URL WhatsApp downloads the file from',
		displayOptions: { show: { mediaType: ['image'] } },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/demo.mp4',
		description: 'Public http(s) URL WhatsApp downloads the file from',
		displayOptions: { show: { mediaType: ['video'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Text shown with the media, at most 1,024 characters',
		displayOptions: { hide: { mediaType: ['audio'] } },
	},
	sendOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendMedia'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async function (this: IExecuteFunctions, itemIndex) {
		const mediaType = this.getNodeParameter('mediaType', itemIndex) as string;
		const caption = mediaType === 'audio' ? '' : this.getNodeParameter('caption', itemIndex, '');
		const { payload, problems } = buildMediaMessage(
			mediaType,
			this.getNodeParameter('mediaUrl', itemIndex, ''),
			caption,
		);
		if (!payload) {
			throw validationError(this.getNode(), itemIndex, problems, 'Correct Media URL or Caption.');
		}
		return { payload, summary: { type: payload.type } };
	});
}
