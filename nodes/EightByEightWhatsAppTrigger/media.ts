/**
 * The trigger's Download Media option: inbound images, videos, audio and documents become n8n
 * binary data. It runs in the trigger's execute(), i.e. in the execution, after n8n has answered 8x8
 * (8x8 wants its answer within 5 s; webhook() stays cheap). A file that cannot be downloaded (too
 * large, expired URL, …) never loses the item: the item goes on with `mediaError` saying why.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	downloadMedia,
	WHATSAPP_MAX_MEDIA_MB,
	type MediaDownloadError,
	type PlainHttpRequest,
} from '../shared/transport/media';

export const MEDIA_MESSAGE_TYPES = ['image', 'video', 'audio', 'document'];
export const DEFAULT_MAX_MEDIA_MB = 16;
export const DEFAULT_MEDIA_PROPERTY = 'data';

export interface MediaSettings {
	download: boolean;
	binaryProperty: string;
	maxBytes: number;
}

export type PrepareBinaryData = (
	data: Buffer,
	fileName?: string,
	mimeType?: string,
) => Promise<IBinaryData>;

/** The media settings from the trigger's Options collection. */
export function mediaSettings(options: IDataObject): MediaSettings {
	const property =
		typeof options.mediaBinaryProperty === 'string' ? options.mediaBinaryProperty.trim() : '';
	const megabytes = Number(options.maxMediaSizeMb ?? DEFAULT_MAX_MEDIA_MB);
	const capped =
		Number.isFinite(megabytes) && megabytes > 0
			? Math.min(megabytes, WHATSAPP_MAX_MEDIA_MB)
			: DEFAULT_MAX_MEDIA_MB;
	return {
		download: options.downloadMedia === true,
		binaryProperty: property || DEFAULT_MEDIA_PROPERTY,
		maxBytes: Math.round(capped * 1_048_576),
	};
}

function isInboundMedia(json: IDataObject): boolean {
	return (
		json.eventType === 'inbound_message_received' &&
		MEDIA_MESSAGE_TYPES.includes(String(json.messageType)) &&
		typeof json.mediaUrl === 'string' &&
		!Array.isArray(json.issues)
	);
}

function storageError(error: unknown): MediaDownloadError {
	return {
		reason: 'storage_error',
		message: `n8n could not store the downloaded file: ${error instanceof Error ? error.message : String(error)}`,
		fix: "Check n8n's binary data storage (N8N_DEFAULT_BINARY_DATA_MODE, disk space), then run the workflow again while the media URL is valid.",
		httpStatus: null,
	};
}

/** Each inbound media item with its file as binary data (`media`), or the reason it has none (`mediaError`). */
export async function attachInboundMedia(
	items: INodeExecutionData[],
	settings: MediaSettings,
	helpers: { httpRequest: PlainHttpRequest; prepareBinaryData: PrepareBinaryData },
): Promise<INodeExecutionData[]> {
	const result: INodeExecutionData[] = [];
	for (const item of items) {
		if (!isInboundMedia(item.json)) {
			result.push(item);
			continue;
		}
		const umid = typeof item.json.umid === 'string' ? item.json.umid : 'media';
		const download = await downloadMedia(helpers.httpRequest, {
			url: item.json.mediaUrl,
			maxBytes: settings.maxBytes,
			fallbackName: `${String(item.json.messageType)}-${umid}`,
		});
		if (!download.ok) {
			result.push({ ...item, json: { ...item.json, media: null, mediaError: { ...download.error } } });
			continue;
		}
		const { data, fileName, mimeType, fileSize } = download.file;
		try {
			const binary = await helpers.prepareBinaryData(data, fileName, mimeType);
			result.push({
				...item,
				json: {
					...item.json,
					media: { binaryProperty: settings.binaryProperty, fileName, mimeType, fileSize },
					mediaError: null,
				},
				binary: { ...(item.binary ?? {}), [settings.binaryProperty]: binary },
			});
		} catch (error) {
			result.push({
				...item,
				json: { ...item.json, media: null, mediaError: { ...storageError(error) } },
			});
		}
	}
	return result;
}
