/**
 * A fake IExecuteFunctions for running the action node against a real HTTP server (the 8x8
 * sandbox). Parameters are plain values (no expressions): node-wide `parameters`, overridden per
 * item by `itemParameters[i]`. `helpers.httpRequestWithAuthentication` performs a REAL request with
 * Node's global fetch and behaves like n8n's helper: it adds the credential's
 * `Authorization: Bearer <apiKey>`, honours method/url/qs/body/json/headers/timeout/
 * returnFullResponse/ignoreHttpStatusErrors, and on a connection failure throws what n8n throws: a
 * NodeApiError wrapping an axios-like error whose `code` is ECONNRESET, ECONNREFUSED, ECONNABORTED….
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IPairedItemData,
	JsonObject,
	NodeExecutionHint,
	NodeExecutionWithMetadata,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { makePlainHttpRequest, prepareBinaryData } from './plainHttp';

export const CREDENTIAL_TYPE = 'eightByEightApi';

export interface RecordedHttpRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	/** The request body as sent (parsed back from JSON when it was JSON). */
	body: unknown;
	timeout?: number;
}

/** Shaped like the AxiosError n8n's request helper throws for a network failure. */
export class NetworkError extends Error {
	readonly isAxiosError = true;

	constructor(
		message: string,
		readonly code: string,
		readonly cause?: unknown,
	) {
		super(message);
		this.name = 'AxiosError';
	}
}

function appendQuery(url: string, qs: IDataObject | undefined): string {
	if (!qs || Object.keys(qs).length === 0) return url;
	const target = new URL(url);
	for (const [key, value] of Object.entries(qs)) {
		if (value !== undefined && value !== null) target.searchParams.append(key, String(value));
	}
	return target.toString();
}

/** undici (fetch) names connection failures differently from Node's http module; n8n sees the latter. */
function systemCode(error: unknown): { code: string; message: string } {
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const raw = cause?.code ?? (error as { code?: string })?.code ?? '';
	const message = cause?.message ?? (error as Error)?.message ?? String(error);
	if (raw === 'UND_ERR_SOCKET' || raw === 'ECONNRESET')
		return { code: 'ECONNRESET', message: 'socket hang up' };
	if (raw === 'UND_ERR_CONNECT_TIMEOUT') return { code: 'ETIMEDOUT', message };
	if (raw) return { code: raw, message };
	return { code: 'ECONNRESET', message };
}

export interface HttpHelperOptions {
	credentials: () => ICredentialDataDecryptedObject;
	node: () => INode;
	requests: RecordedHttpRequest[];
	/** Called just before each request goes out (e.g. to change the sandbox in between). */
	onRequest?: (request: RecordedHttpRequest) => void | Promise<void>;
}

/** n8n's `httpRequestWithAuthentication`, performed for real with fetch. */
export function makeHttpRequestWithAuthentication(options: HttpHelperOptions) {
	return async function httpRequestWithAuthentication(
		this: unknown,
		credentialType: string,
		request: IHttpRequestOptions,
	): Promise<unknown> {
		if (credentialType !== CREDENTIAL_TYPE)
			throw new Error(`Unexpected credential type ${credentialType}`);
		const method = (request.method ?? 'GET').toUpperCase();
		const url = appendQuery(
			request.baseURL ? new URL(request.url, request.baseURL).toString() : request.url,
			request.qs,
		);
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(request.headers ?? {})) headers[key] = String(value);
		headers.Authorization = `Bearer ${String(options.credentials().apiKey ?? '')}`;
		let payload: string | undefined;
		let recordedBody: unknown;
		const hasBody =
			request.body !== undefined &&
			method !== 'GET' &&
			!(
				typeof request.body === 'object' &&
				request.body !== null &&
				Object.keys(request.body).length === 0
			);
		if (hasBody) {
			if (typeof request.body === 'string') {
				payload = request.body;
			} else {
				payload = JSON.stringify(request.body);
				if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
					headers['Content-Type'] = 'application/json';
				}
			}
			recordedBody = typeof request.body === 'string' ? request.body : JSON.parse(payload);
		}
		if (request.json && !Object.keys(headers).some((key) => key.toLowerCase() === 'accept')) {
			headers.Accept = 'application/json';
		}
		const recorded: RecordedHttpRequest = {
			method,
			url,
			headers,
			body: recordedBody,
			timeout: request.timeout,
		};
		options.requests.push(recorded);
		if (options.onRequest) await options.onRequest(recorded);

		let response: Response;
		let text: string;
		try {
			response = await fetch(url, {
				method,
				headers,
				body: payload,
				signal: request.timeout ? AbortSignal.timeout(request.timeout) : undefined,
			});
			text = await response.text();
		} catch (error) {
			const name = (error as Error)?.name;
			const failure =
				name === 'TimeoutError' || name === 'AbortError'
					? { code: 'ECONNABORTED', message: `timeout of ${request.timeout ?? 0}ms exceeded` }
					: systemCode(error);
			throw new NodeApiError(
				options.node(),
				new NetworkError(failure.message, failure.code, error) as unknown as JsonObject,
			);
		}

		let body: unknown = text;
		const contentType = response.headers.get('content-type') ?? '';
		if (text && (request.json || contentType.includes('json'))) {
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
			}
		}
		const responseHeaders: IDataObject = {};
		response.headers.forEach((value, key) => {
			responseHeaders[key] = value;
		});
		const ok = response.status >= 200 && response.status < 300;
		if (!ok && !request.ignoreHttpStatusErrors) {
			const axiosLike = Object.assign(
				new Error(`Request failed with status code ${response.status}`),
				{
					isAxiosError: true,
					response: {
						status: response.status,
						statusText: response.statusText,
						data: body,
						headers: responseHeaders,
					},
				},
			);
			throw new NodeApiError(options.node(), axiosLike as unknown as JsonObject);
		}
		if (request.returnFullResponse) {
			return {
				body,
				headers: responseHeaders,
				statusCode: response.status,
				statusMessage: response.statusText,
			};
		}
		return body;
	};
}

function getPath(source: unknown, path: string[]): unknown {
	let current = source;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function isResourceLocator(value: unknown): value is { mode: string; value: unknown } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'mode' in value &&
		'value' in value &&
		((value as { __rl?: unknown }).__rl === true ||
			typeof (value as { mode: unknown }).mode === 'string')
	);
}

/** Reads `name` (dotted paths allowed) from the item's parameters, then the node's. */
export function readParameter(
	parameters: IDataObject,
	itemParameters: IDataObject | undefined,
	name: string,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	const path = name.split('.');
	let value =
		itemParameters && path[0] in itemParameters
			? getPath(itemParameters, path)
			: getPath(parameters, path);
	if (value === undefined) value = fallback;
	if (value === undefined) throw new Error(`Could not get parameter "${name}"`);
	if (options?.extractValue && isResourceLocator(value)) return value.value;
	return value;
}

export function makeNode(parameters: IDataObject, overrides: Partial<INode> = {}): INode {
	// Plain values only: the fake never evaluates expressions.
	return {
		id: 'c0ffee00-0000-4000-8000-000000000001',
		name: '8x8 WhatsApp',
		type: 'n8n-nodes-8x8-whatsapp.eightByEightWhatsApp',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: '8x8 Sandbox' } },
		...overrides,
	};
}

export interface ExecuteContextOptions {
	/** Input items (their json). Default: one empty item. */
	items?: IDataObject[];
	/** Node parameters, as plain values (resource locators as `{ __rl: true, mode, value }`). */
	parameters: IDataObject;
	/** Per-item overrides of top-level parameters. */
	itemParameters?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	executionId?: string;
	timezone?: string;
	/** Node settings such as onError ('continueErrorOutput' implies Continue On Fail, as in n8n) or retryOnFail. */
	node?: Partial<INode>;
	onRequest?: HttpHelperOptions['onRequest'];
	/** n8n's execution mode (default "manual", as when a user tests in the editor). */
	mode?: WorkflowExecuteMode;
	/**
	 * n8n's Retry On Fail runs the node again with the same execute data and input items: pass the
	 * context of the earlier try to get a second try of the same node run.
	 */
	retryOf?: ExecuteContext;
	/** What `$execution.resumeUrl` evaluates to (Send and Wait). */
	resumeUrl?: string;
}

export interface ExecuteContext {
	context: IExecuteFunctions;
	/** Every HTTP request the node made, in order. */
	requests: RecordedHttpRequest[];
	node: INode;
	/** Execution hints the node added (this.addExecutionHints), in order. */
	hints: NodeExecutionHint[];
	/** What getExecuteData() returns (n8n's execute data of this node run). */
	executeData: IDataObject;
}

export function returnJsonArray(jsonData: IDataObject | IDataObject[]): INodeExecutionData[] {
	const list = Array.isArray(jsonData) ? jsonData : [jsonData];
	return list.map((json) => ({ json }));
}

export function constructExecutionMetaData(
	inputData: INodeExecutionData[],
	options: { itemData: IPairedItemData | IPairedItemData[] },
): NodeExecutionWithMetadata[] {
	return inputData.map((data) => ({
		...data,
		pairedItem: options.itemData,
	})) as NodeExecutionWithMetadata[];
}

export function createExecuteContext(options: ExecuteContextOptions): ExecuteContext {
	const node = options.retryOf?.node ?? makeNode(options.parameters, options.node);
	const executeData: IDataObject = options.retryOf?.executeData ?? {
		node: node as unknown as IDataObject,
		data: { main: [(options.items ?? [{}]).map((json) => ({ json }))] },
		source: null,
	};
	const items = (executeData.data as { main: INodeExecutionData[][] }).main[0];
	const requests: RecordedHttpRequest[] = [];
	const hints: NodeExecutionHint[] = [];
	const credentials = () => ({ ...options.credentials });
	const context = {
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
		getInputData: () => items,
		getNode: () => node,
		getExecuteData: () => executeData,
		// The only expression the node evaluates itself (Send and Wait for Delivery).
		evaluateExpression: (expression: string) => {
			if (expression !== '{{ $execution.resumeUrl }}') throw new Error(`unexpected ${expression}`);
			return (
				options.resumeUrl ??
				`https://n8n.example.test/webhook-waiting/${options.executionId ?? '4711'}`
			);
		},
		putExecutionToWait: async () => {},
		getExecutionId: () => options.executionId ?? '4711',
		getTimezone: () => options.timezone ?? 'UTC',
		getMode: () => options.mode ?? 'manual',
		// n8n: true for On Error = "Continue (using regular output)" and "Continue (using error output)".
		continueOnFail: () =>
			options.continueOnFail === true ||
			node.onError === 'continueRegularOutput' ||
			node.onError === 'continueErrorOutput',
		getCredentials: async (type: string) => {
			if (type !== CREDENTIAL_TYPE) throw new Error(`Unexpected credential type ${type}`);
			return credentials();
		},
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback?: unknown,
			parameterOptions?: IGetNodeParameterOptions,
		) =>
			readParameter(
				options.parameters,
				options.itemParameters?.[itemIndex],
				name,
				fallback,
				parameterOptions,
			),
		helpers: {
			httpRequestWithAuthentication: makeHttpRequestWithAuthentication({
				credentials,
				node: () => node,
				requests,
				onRequest: options.onRequest,
			}),
			returnJsonArray,
			constructExecutionMetaData,
			httpRequest: makePlainHttpRequest(),
			prepareBinaryData,
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return { context: context as unknown as IExecuteFunctions, requests, node, hints, executeData };
}

/** The credential values for a running sandbox (region "custom" pointing at it). */
export function sandboxCredentials(sandbox: {
	url: string;
	credentials: { apiKey: string; subAccountId: string; accountId: string; channelId: string };
}): ICredentialDataDecryptedObject {
	return {
		apiKey: sandbox.credentials.apiKey,
		subAccountId: sandbox.credentials.subAccountId,
		accountId: sandbox.credentials.accountId,
		channelId: sandbox.credentials.channelId,
		region: 'custom',
		baseUrl: sandbox.url,
		webhookSecret: '',
	};
}
