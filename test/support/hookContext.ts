/**
 * A fake IHookFunctions for driving webhookMethods (checkExists / create / delete). Its
 * helpers.httpRequestWithAuthentication performs a REAL HTTP request (Node's global fetch), adds the
 * credential's `Authorization: Bearer <apiKey>` like the 8x8 credential does, and behaves like n8n's
 * helper: qs, body (JSON unless a string), json parsing, returnFullResponse, ignoreHttpStatusErrors,
 * and a NodeApiError wrapping an axios-like error on non-2xx answers.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	makeNode,
	makeParameterReader,
	makeRecordingLogger,
	makeStaticData,
	returnJsonArray,
} from './webhookContext';
import type { LogCall, RecordedStaticData } from './webhookContext';

/** Shaped like the AxiosError n8n's request helper throws (NodeApiError reads its response). */
export class AxiosError extends Error {
	readonly isAxiosError = true;

	readonly response: { status: number; statusText: string; data: unknown; headers: Record<string, string> };

	constructor(status: number, statusText: string, data: unknown, headers: Record<string, string>) {
		super(`Request failed with status code ${status}`);
		this.response = { status, statusText, data, headers };
	}
}

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: unknown;
}

export interface HookContextOptions {
	params?: IDataObject;
	defaults?: IDataObject;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The credential type whose apiKey the authenticated helper sends. */
	credentialType?: string;
	/** Initial node static data (undefined = none yet). */
	staticData?: IDataObject;
	/** Share static data between several contexts (e.g. activation, then deactivation). */
	sharedStaticData?: RecordedStaticData;
	webhookUrl?: string;
	mode?: 'trigger' | 'manual' | 'internal';
	activationMode?: 'init' | 'create' | 'update' | 'activate' | 'manual' | 'leadershipChange';
	nodeName?: string;
}

export interface HookHarness {
	context: IHookFunctions;
	log: LogCall[];
	requests: RecordedRequest[];
	staticData: RecordedStaticData;
}

function toSearchParams(qs: IDataObject | undefined, url: URL): void {
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value === undefined || value === null) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const item of values) url.searchParams.append(key, String(item));
	}
}

export function makeHookContext(options: HookContextOptions = {}): HookHarness {
	const params = options.params ?? {};
	const node = makeNode({ name: options.nodeName, parameters: params });
	const readParameter = makeParameterReader(params, options.defaults ?? {});
	const { logger, calls } = makeRecordingLogger();
	const staticData = options.sharedStaticData ?? makeStaticData(node, options.staticData);
	const credentials = options.credentials ?? {};
	const requests: RecordedRequest[] = [];

	const getCredentials = async (type: string): Promise<ICredentialDataDecryptedObject> => {
		const data = credentials[type];
		if (data === undefined) {
			throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
		}
		return structuredClone(data);
	};

	const httpRequest = async (request: IHttpRequestOptions, authorization?: string): Promise<unknown> => {
		const url = new URL(request.baseURL ? `${request.baseURL}${request.url}` : request.url);
		toSearchParams(request.qs, url);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = String(value);
		if (authorization !== undefined) headers.Authorization = authorization;
		let body: string | undefined;
		if (request.body !== undefined && request.body !== null) {
			if (typeof request.body === 'string') {
				body = request.body;
			} else {
				body = JSON.stringify(request.body);
				if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
					headers['Content-Type'] = 'application/json';
				}
			}
		}
		const method = (request.method ?? 'GET').toUpperCase();
		requests.push({
			method,
			url: url.toString(),
			headers,
			body: body === undefined ? undefined : (JSON.parse(body) as unknown),
		});

		const answer = await fetch(url, { method, headers, body });
		const text = await answer.text();
		const contentType = answer.headers.get('content-type') ?? '';
		let data: unknown = text;
		if (text !== '' && (request.json === true || contentType.includes('json'))) {
			try {
				data = JSON.parse(text) as unknown;
			} catch {
				data = text;
			}
		}
		const responseHeaders: Record<string, string> = {};
		answer.headers.forEach((value, name) => {
			responseHeaders[name] = value;
		});
		if (!answer.ok && request.ignoreHttpStatusErrors !== true) {
			throw new NodeApiError(
				node,
				new AxiosError(answer.status, answer.statusText, data, responseHeaders) as unknown as JsonObject,
			);
		}
		if (request.returnFullResponse === true) {
			return { body: data, headers: responseHeaders, statusCode: answer.status, statusMessage: answer.statusText };
		}
		return data;
	};

	const context = {
		logger,
		getNode: () => node,
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => options.activationMode ?? 'activate',
		getWebhookName: () => 'default',
		getWebhookDescription: () => undefined,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(name, fallback),
		getNodeWebhookUrl: () =>
			options.webhookUrl ?? `https://n8n.example.test/webhook/${node.webhookId}/webhook`,
		getWorkflowStaticData: (type: string) => staticData.getWorkflowStaticData(type),
		getCredentials,
		helpers: {
			returnJsonArray,
			httpRequest: async (request: IHttpRequestOptions) => await httpRequest(request),
			httpRequestWithAuthentication: async (credentialType: string, request: IHttpRequestOptions) => {
				const expectedType = options.credentialType ?? 'eightByEightApi';
				if (credentialType !== expectedType) {
					throw new Error(`Unexpected credential type "${credentialType}" (expected "${expectedType}")`);
				}
				const data = await getCredentials(credentialType);
				return await httpRequest(request, `Bearer ${String(data.apiKey ?? '')}`);
			},
		},
	};

	return { context: context as unknown as IHookFunctions, log: calls, requests, staticData };
}
