/**
 * Downloading a WhatsApp media file from the URL 8x8 gives with an inbound message
 * (`content.url`, "pre-signed URL to download the media file (expires after 24 hours)",
 * whatsapp-webhooks.md). The URL carries its own token, so no 8x8 credential is sent (it must not
 * leak to a URL from elsewhere either). Used by the trigger (after 8x8 has its 200) and by the
 * action node's Message > Download Media.
 *
 * Never throws: every failure is a MediaDownloadError naming the reason, the cause and the fix, so
 * the caller can put it on the item (trigger) or fail the item (action node). The size cap is
 * checked against Content-Length first and then while reading, so an oversized file is never held
 * in memory whole.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

/** n8n's `this.helpers.httpRequest` (no authentication). */
export type PlainHttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

export type MediaDownloadReason =
	| 'invalid_url'
	| 'too_large'
	| 'url_expired'
	| 'not_found'
	| 'http_error'
	| 'network_error'
	| 'storage_error';

export interface MediaDownloadError {
	reason: MediaDownloadReason;
	message: string;
	fix: string;
	/** The answer's HTTP status; null when there was none. */
	httpStatus: number | null;
}

export interface MediaFile {
	data: Buffer;
	/** Without parameters (`audio/ogg`, not `audio/ogg; codecs=opus`). */
	mimeType: string;
	fileName: string;
	fileSize: number;
}

export type MediaDownload = { ok: true; file: MediaFile } | { ok: false; error: MediaDownloadError };

export interface MediaDownloadOptions {
	url: unknown;
	maxBytes: number;
	timeoutMs?: number;
	/** Used when the answer names no file: e.g. `image-<umid>`; the extension comes from the type. */
	fallbackName?: string;
	/** Overrides the file name the answer or the URL gives. */
	fileName?: string;
}

export const DEFAULT_MEDIA_TIMEOUT_MS = 60_000;
/** WhatsApp's own limits (supported-chat-apps-content-type.md): documents 100 MB, audio / video 16 MB, images 5 MB. */
export const WHATSAPP_MAX_MEDIA_MB = 100;

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/ogg': 'ogg',
	'audio/opus': 'opus',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

const MIME_BY_EXTENSION: Record<string, string> = Object.fromEntries(
	Object.entries(EXTENSIONS).map(([mime, extension]) => [extension, mime]),
);
MIME_BY_EXTENSION.jpeg = 'image/jpeg';

const EXPIRY_FIX =
	"8x8's media URLs are pre-signed and expire 24 hours after the message arrived: download the file sooner (turn on the trigger's Download Media option), or ask the customer to send it again.";

function megabytes(bytes: number): string {
	const mb = bytes / 1_048_576;
	return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

function failure(
	reason: MediaDownloadReason,
	message: string,
	fix: string,
	httpStatus: number | null = null,
): MediaDownload {
	return { ok: false, error: { reason, message, fix, httpStatus } };
}

/** The URL without its query (pre-signed tokens stay out of messages and logs). */
export function redactedUrl(url: string): string {
	const query = url.indexOf('?');
	return query === -1 ? url : `${url.slice(0, query)}?…`;
}

function header(headers: unknown, name: string): string | undefined {
	if (headers === null || typeof headers !== 'object') return undefined;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() !== name) continue;
		if (Array.isArray(value)) return value.map(String).join(', ');
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

function fileNameFromDisposition(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
	if (encoded) {
		try {
			return decodeURIComponent(encoded[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*("?)([^";]+)\1/i.exec(disposition);
	return plain ? plain[2].trim() : undefined;
}

function fileNameFromUrl(url: string): string | undefined {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		if (!last) return undefined;
		const decoded = decodeURIComponent(last);
		return /\.[A-Za-z0-9]{1,8}$/.test(decoded) ? decoded : undefined;
	} catch {
		return undefined;
	}
}

function extensionOf(fileName: string): string | undefined {
	const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
	return match ? match[1].toLowerCase() : undefined;
}

/** The file's name and type from the answer, the URL and the fallback, in that order. */
export function describeFile(
	url: string,
	headers: unknown,
	options: Pick<MediaDownloadOptions, 'fallbackName' | 'fileName'>,
): { fileName: string; mimeType: string } {
	const declared = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
	const named =
		(options.fileName && options.fileName.trim()) ||
		fileNameFromDisposition(header(headers, 'content-disposition')) ||
		fileNameFromUrl(url);
	const fromName = named ? MIME_BY_EXTENSION[extensionOf(named) ?? ''] : undefined;
	const mimeType =
		declared && declared !== 'application/octet-stream'
			? declared
			: (fromName ?? (declared || 'application/octet-stream'));
	if (named) return { fileName: named, mimeType };
	const extension = EXTENSIONS[mimeType];
	const base = options.fallbackName || 'media';
	return { fileName: extension ? `${base}.${extension}` : base, mimeType };
}

interface ReadableLike {
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
	destroy?: (error?: Error) => void;
	resume?: () => void;
}

function isReadable(value: unknown): value is ReadableLike {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as ReadableLike)[Symbol.asyncIterator] === 'function'
	);
}

function discard(body: unknown): void {
	if (isReadable(body)) {
		try {
			body.destroy?.();
		} catch {
			// nothing more to free
		}
	}
}

function chunkBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	return Buffer.from(String(chunk));
}

function tooLarge(size: string, maxBytes: number): MediaDownload {
	return failure(
		'too_large',
		`The media file is larger than the limit of ${megabytes(maxBytes)} (${size})`,
		'Raise "Max File Size (MB)" (WhatsApp allows documents up to 100 MB, audio and video up to 16 MB, images up to 5 MB), or leave this file as a link (mediaUrl).',
	);
}

async function readBody(body: unknown, maxBytes: number): Promise<Buffer | MediaDownload> {
	if (Buffer.isBuffer(body) || body instanceof Uint8Array || typeof body === 'string') {
		const data = chunkBuffer(body);
		return data.length > maxBytes ? tooLarge(megabytes(data.length), maxBytes) : data;
	}
	if (!isReadable(body)) return Buffer.alloc(0);
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of body) {
		const buffer = chunkBuffer(chunk);
		total += buffer.length;
		if (total > maxBytes) {
			discard(body);
			return tooLarge(`more than ${megabytes(maxBytes)} received`, maxBytes);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks, total);
}

function statusFailure(status: number, url: string): MediaDownload {
	const shown = redactedUrl(url);
	if (status === 401 || status === 403 || status === 410) {
		return failure(
			'url_expired',
			`The media URL was refused (HTTP ${status}): it has expired or its token is not valid (${shown})`,
			EXPIRY_FIX,
			status,
		);
	}
	if (status === 404) {
		return failure(
			'not_found',
			`No media file at this URL (HTTP 404): it was removed or the URL has expired (${shown})`,
			EXPIRY_FIX,
			status,
		);
	}
	return failure(
		'http_error',
		`The media server answered HTTP ${status} (${shown})`,
		status >= 500
			? 'The media server had a problem: try again later (the URL stays valid for 24 hours after the message arrived).'
			: 'Check the URL: it must be the media URL of a message (mediaUrl), unchanged.',
		status,
	);
}

function networkFailure(error: unknown, url: string): MediaDownload {
	const code = (error as { code?: unknown })?.code;
	const text = error instanceof Error ? error.message : String(error);
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text);
	return failure(
		'network_error',
		timedOut
			? `The media download timed out (${redactedUrl(url)})`
			: `The media file could not be downloaded: ${text} (${redactedUrl(url)})`,
		'Check that n8n can reach the media host (proxy, firewall, DNS), then run the workflow again while the URL is valid (24 hours after the message arrived).',
	);
}

export async function downloadMedia(
	httpRequest: PlainHttpRequest,
	options: MediaDownloadOptions,
): Promise<MediaDownload> {
	const url = typeof options.url === 'string' ? options.url.trim() : '';
	if (!/^https?:\/\/[^\s]+$/i.test(url)) {
		return failure(
			'invalid_url',
			url ? `"${redactedUrl(url)}" is not an http(s) URL` : 'The media URL is empty',
			'Map the media URL of a message, e.g. the mediaUrl field of the 8x8 WhatsApp Trigger\'s Inbound Message output.',
		);
	}
	let response: { statusCode?: unknown; headers?: unknown; body?: unknown };
	try {
		response = (await httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS,
		})) as typeof response;
	} catch (error) {
		return networkFailure(error, url);
	}
	const status = Number(response?.statusCode ?? 200);
	if (status >= 400) {
		discard(response.body);
		return statusFailure(status, url);
	}
	const declaredLength = Number(header(response.headers, 'content-length'));
	if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
		discard(response.body);
		return tooLarge(megabytes(declaredLength), options.maxBytes);
	}
	let data: Buffer | MediaDownload;
	try {
		data = await readBody(response.body, options.maxBytes);
	} catch (error) {
		return networkFailure(error, url);
	}
	if (!Buffer.isBuffer(data)) return data;
	const { fileName, mimeType } = describeFile(url, response.headers, options);
	return { ok: true, file: { data, mimeType, fileName, fileSize: data.length } };
}
