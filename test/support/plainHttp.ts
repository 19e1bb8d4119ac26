/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * n8n's `helpers.httpRequest` (no credential) and `helpers.prepareBinaryData`, for the parts the
 * media download uses, performed for real: `encoding: 'stream'` gives the response stream itself (an
 * IncomingMessage, as axios does), `returnFullResponse` gives {body, headers, statusCode},
 * `ignoreHttpStatusErrors` keeps 4xx/5xx from throwing, `timeout` aborts with ECONNABORTED like
 * axios. prepareBinaryData returns what n8n's default (in-memory) binary mode stores: the bytes as
 * base64, the MIME type, the file name and extension, and the size as n8n writes it.
 */
import http from 'node:http';
import https from 'node:https';

import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

export interface PlainRequestRecord {
	method: string;
	url: string;
	headers: Record<string, string>;
}

export function makePlainHttpRequest(requests: PlainRequestRecord[] = []) {
	return async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
		const url = new URL(options.url, options.baseURL);
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(options.headers ?? {})) headers[key] = String(value);
		requests.push({ method: options.method ?? 'GET', url: url.toString(), headers });
		const client = url.protocol === 'https:' ? https : http;
		const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
			const request = client.request(url, { method: options.method ?? 'GET', headers }, resolve);
			if (options.timeout) {
				request.setTimeout(options.timeout, () => {
					const error = Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), {
						code: 'ECONNABORTED',
					});
					request.destroy(error);
				});
			}
			request.on('error', reject);
			request.end();
		});
		const status = response.statusCode ?? 0;
		let body: unknown = response;
		if (options.encoding !== 'stream') {
			const chunks: Buffer[] = [];
			for await (const chunk of response) chunks.push(chunk as Buffer);
			const data = Buffer.concat(chunks);
			body = options.encoding === 'arraybuffer' ? data : data.toString('utf8');
		}
		if (status >= 400 && !options.ignoreHttpStatusErrors) {
			if (body === response) response.destroy();
			throw Object.assign(new Error(`Request failed with status code ${status}`), {
				response: { status },
			});
		}
		return options.returnFullResponse
			? { body, headers: response.headers, statusCode: status, statusMessage: response.statusMessage }
			: body;
	};
}

function sizeText(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} kB`;
	return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export async function prepareBinaryData(
	data: Buffer,
	fileName?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	const extension = fileName && fileName.includes('.') ? fileName.split('.').pop() : undefined;
	return {
		data: data.toString('base64'),
		mimeType: mimeType ?? 'application/octet-stream',
		...(fileName ? { fileName } : {}),
		...(extension ? { fileExtension: extension } : {}),
		fileSize: sizeText(data.length),
	};
}
