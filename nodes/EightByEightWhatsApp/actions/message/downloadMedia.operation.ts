/**
 * Message > Download Media: the file behind a media URL (an inbound message's `mediaUrl`, pre-signed by
 * 8x8, valid 24 hours) as n8n binary data, for items that did not come through the trigger's
 * Download Media option. Same download and the same errors as the trigger (shared/transport/media.ts);
 * a failure fails the item (or, under Continue On Fail, becomes its error item, code = the reason).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { attachErrorDetails, errorDetailsOf } from '../../../shared/transport';
import { downloadMedia, redactedUrl, WHATSAPP_MAX_MEDIA_MB } from '../../../shared/transport/media';
import { errorItemJson } from '../../helpers/output';
import { textParameter, withItemIndex } from '../../helpers/perItem';

const DEFAULT_MAX_MB = 16;

const properties: INodeProperties[] = [
	{
		displayName: 'Media URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '={{ $json.mediaUrl }}',
		placeholder: 'https://chatapps.8x8.com/files/….jpeg?token=…',
		description:
			"The file's URL: the mediaUrl of an inbound message (8x8 pre-signs it; it expires 24 hours after the message arrived). No 8x8 credential is sent with it.",
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description:
					'Name of the file in n8n. Empty: the name the server gives, else from the URL, else "media" with the extension of its type.',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: WHATSAPP_MAX_MEDIA_MB, numberPrecision: 1 },
				default: DEFAULT_MAX_MB,
				description:
					'A larger file is not downloaded and the item fails with "too_large". WhatsApp allows documents up to 100 MB, audio and video up to 16 MB, images up to 5 MB.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['downloadMedia'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const continueOnFail = this.continueOnFail();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const url = textParameter.call(this, 'url', itemIndex);
		try {
			const property = textParameter.call(this, 'binaryPropertyName', itemIndex) || 'data';
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const megabytes = Number(options.maxSizeMb ?? DEFAULT_MAX_MB);
			const maxMb =
				Number.isFinite(megabytes) && megabytes > 0
					? Math.min(megabytes, WHATSAPP_MAX_MEDIA_MB)
					: DEFAULT_MAX_MB;
			const download = await downloadMedia(
				async (request) => await this.helpers.httpRequest(request),
				{
					url,
					maxBytes: Math.round(maxMb * 1_048_576),
					fileName: typeof options.fileName === 'string' ? options.fileName : undefined,
				},
			);
			if (!download.ok) {
				const { error } = download;
				throw attachErrorDetails(
					new NodeOperationError(this.getNode(), error.message, {
						itemIndex,
						description: error.fix,
					}),
					{
						code: error.reason,
						...(error.httpStatus === null ? {} : { httpStatus: error.httpStatus }),
						message: error.message,
						meaning: error.message,
						fix: error.fix,
						retryable: error.reason === 'network_error' || error.reason === 'http_error',
					},
				);
			}
			const { data, fileName, mimeType, fileSize } = download.file;
			const binary = await this.helpers.prepareBinaryData(data, fileName, mimeType);
			output.push({
				json: {
					...items[itemIndex].json,
					media: { binaryProperty: property, fileName, mimeType, fileSize },
				},
				binary: { ...(items[itemIndex].binary ?? {}), [property]: binary },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!continueOnFail) throw withItemIndex.call(this, error, itemIndex);
			output.push({
				json: errorItemJson(errorDetailsOf(error), { url: redactedUrl(url) }),
				pairedItem: { item: itemIndex },
			});
		}
	}
	return output;
}
