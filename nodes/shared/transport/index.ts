/**
 * The only place that talks HTTP to 8x8 and the only place that maps 8x8 API errors.
 *
 * Every request goes through `httpRequestWithAuthentication` with `returnFullResponse` and
 * `ignoreHttpStatusErrors`, so HTTP errors come back as data and only network failures throw.
 * - 429: waits for Retry-After (at most 30 s, via n8n's `sleep`) and tries again, 3 times.
 * - A request that can queue a message (`sendsMessage`) is never repeated after an ambiguous
 *   failure (5xx, connection reset, timeout): it fails as "delivery state unknown" unless the
 *   caller allows a resend of the very same body (same clientMessageId).
 * - Other requests repeat 5xx and network failures twice.
 * - Every non-2xx becomes a NodeApiError whose message names the 8x8 code and its meaning and
 *   whose description says how to fix it; `errorDetailsOf` gives the same as plain data.
 */
import type {
	Failure,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { explainApiError } from '../errors';
import { resolveBaseUrl } from '../regions';

export const CREDENTIAL_TYPE = 'eightByEightApi';

export type EightByEightContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

export interface EightByEightCredentials {
	apiKey: string;
	subAccountId: string;
	accountId: string;
	channelId: string;
	region: string;
	baseUrl: string;
	webhookSecret: string;
}

// One read (and decryption) per n8n context: an execution's items, a lifecycle call, a dropdown load.
const credentialsByContext = new WeakMap<object, Promise<EightByEightCredentials>>();

export function getEightByEightCredentials(
	this: EightByEightContext,
): Promise<EightByEightCredentials> {
	let credentials = credentialsByContext.get(this);
	if (!credentials) {
		credentials = readCredentials(this);
		credentialsByContext.set(this, credentials);
		// A failed read (e.g. no credential selected) is not remembered: the next call reports it again.
		credentials.catch(() => credentialsByContext.delete(this));
	}
	return credentials;
}

async function readCredentials(context: EightByEightContext): Promise<EightByEightCredentials> {
	return normalizeCredentials(await context.getCredentials(CREDENTIAL_TYPE));
}

/**
 * The credential as the nodes use it: every field trimmed except the Webhook Authorization Header,
 * which is compared exactly. The credential test reads it the same way.
 */
export function normalizeCredentials(raw: ICredentialDataDecryptedObject): EightByEightCredentials {
	const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
	return {
		apiKey: text('apiKey'),
		subAccountId: text('subAccountId'),
		accountId: text('accountId'),
		channelId: text('channelId'),
		region: text('region') || 'apac',
		baseUrl: text('baseUrl'),
		webhookSecret:
			typeof raw.webhookSecret === 'string' ? raw.webhookSecret : '',
	};
}

/** 8x8 documents "up to 1,000 messages per request" for the batch endpoint. */
export const MAX_BATCH_SIZE = 1000;
export const RATE_LIMIT_RETRIES = 3;
export const MAX_RETRY_AFTER_SECONDS = 30;
const DEFAULT_RETRY_AFTER_SECONDS = 1;
export const TRANSIENT_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;
const TRANSIENT_BACKOFF_MS = 500;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the regional origin, e.g. `/api/v1/subaccounts/Acme/messages`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/**
	 * True for requests that can queue a WhatsApp message (send, batch send). Such a request is never
	 * repeated after an ambiguous failure (timeout after sending, connection reset, 5xx).
	 */
	sendsMessage?: boolean;
	/** Item the request belongs to, for the error's itemIndex. */
	itemIndex?: number;
	/** Milliseconds before the request is abandoned (default 30 s). */
	timeout?: number;
	/** Send requests only: after an ambiguous failure, send the same body again (same clientMessageId). */
	retryUnknownDeliveryState?: boolean;
	/** Send requests only: the clientMessageIds of the body, named in a "delivery state unknown" error. */
	clientMessageIds?: string[];
}

/** An error as data, for Continue On Fail output items. */
export interface EightByEightErrorDetails {
	/** The 8x8 code (number), or one of VALIDATION_FAILED, DELIVERY_STATE_UNKNOWN, NETWORK_ERROR. */
	code: number | string;
	httpStatus?: number;
	message: string;
	meaning: string;
	fix: string;
	errorId?: string;
	retryable: boolean;
	/** True when 8x8 may have queued the message although the request failed. */
	deliveryStateUnknown?: boolean;
}

const DETAILS_KEY = 'eightByEight';

/** Stores the details on the error, where they survive n8n's re-wrapping and serialization. */
export function attachErrorDetails<E extends NodeApiError | NodeOperationError>(
	error: E,
	details: EightByEightErrorDetails,
): E {
	error.context[DETAILS_KEY] = { ...details } as IDataObject;
	return error;
}

export function errorDetailsOf(error: unknown): EightByEightErrorDetails {
	const candidate = error as { context?: IDataObject; message?: unknown; description?: unknown };
	const stored = candidate?.context?.[DETAILS_KEY] as EightByEightErrorDetails | undefined;
	if (stored && typeof stored === 'object') return { ...stored };
	const message = typeof candidate?.message === 'string' ? candidate.message : String(error);
	const description = typeof candidate?.description === 'string' ? candidate.description : '';
	// The node's own errors without details (a missing Account ID, …) say what to do in their description.
	return {
		code: 'NODE_ERROR',
		message,
		meaning: message,
		fix: description,
		retryable: false,
	};
}

export function messagesPath(subAccountId: string): string {
	return `/api/v1/subaccounts/${encodeURIComponent(subAccountId)}/messages`;
}

export function batchMessagesPath(subAccountId: string): string {
	return `${messagesPath(subAccountId)}/batch`;
}

export function templatesPath(accountId: string, channelId: string): string {
	return `/api/v1/accounts/${encodeURIComponent(accountId)}/channels/${encodeURIComponent(channelId)}/templates`;
}

/** `…/templates/{templateName}`: DELETE removes the name in every language. */
export function templatePath(accountId: string, channelId: string, templateName: string): string {
	return `${templatesPath(accountId, channelId)}/${encodeURIComponent(templateName)}`;
}

/** `…/messages/{umid}`: GET message details (1 request/s per sub-account), DELETE cancels a scheduled one. */
export function messagePath(subAccountId: string, umid: string): string {
	return `${messagesPath(subAccountId)}/${encodeURIComponent(umid)}`;
}

/** `…/messages/batch/{batchId}`: DELETE cancels the scheduled messages of a batch. */
export function batchPath(subAccountId: string, batchId: string): string {
	return `${batchMessagesPath(subAccountId)}/${encodeURIComponent(batchId)}`;
}

/** `…/subaccounts/{sub}/events`: typing indicator. */
export function eventsPath(subAccountId: string): string {
	return `/api/v1/subaccounts/${encodeURIComponent(subAccountId)}/events`;
}

/** `…/accounts/{accountId}/webhooks`: GET lists, POST creates or replaces, DELETE (array body) removes. */
export function webhooksPath(accountId: string): string {
	return `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`;
}

function credentialName(node: INode): string {
	const name = node.credentials?.[CREDENTIAL_TYPE]?.name;
	return name ? `"${name}"` : '(8x8 Connect API)';
}

interface NetworkFailure {
	code: string;
	text: string;
	/** The connection never opened, so nothing reached 8x8. */
	notSent: boolean;
	timedOut: boolean;
}

const NOT_SENT_CODES = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
];
const TIMEOUT_CODES = ['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_TIMEOUT'];

function stringCode(value: unknown): string | undefined {
	return typeof value === 'string' && /^[A-Z][A-Z0-9_]+$/.test(value) ? value : undefined;
}

/** n8n wraps network errors in NodeApiError; the system code sits on the error or its cause. */
function networkFailure(error: unknown): NetworkFailure {
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	while (current && typeof current === 'object' && chain.length < 5 && !chain.includes(current)) {
		chain.push(current);
		current = current.cause as Record<string, unknown> | undefined;
	}
	let code: string | undefined;
	for (const entry of chain) {
		code = stringCode(entry.code) ?? stringCode(entry.errno) ?? stringCode(entry.httpCode);
		if (code) break;
	}
	const messages = chain
		.map((entry) => (typeof entry.message === 'string' ? entry.message : ''))
		.filter(Boolean);
	const text = messages[messages.length - 1] ?? String(error);
	if (!code) {
		const fromText = /\b(E[A-Z_]{3,})\b/.exec(messages.join(' '));
		code = fromText ? fromText[1] : /timeout/i.test(messages.join(' ')) ? 'ETIMEDOUT' : 'UNKNOWN';
	}
	return {
		code,
		text,
		notSent: NOT_SENT_CODES.includes(code),
		timedOut: TIMEOUT_CODES.includes(code) || /timeout/i.test(text),
	};
}

function formatDuration(ms: number): string {
	return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** Retry-After in ms: delta seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(headers: IDataObject | undefined, now = Date.now()): number {
	const value = header(headers, 'retry-after')?.trim();
	if (value && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	if (value) {
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return DEFAULT_RETRY_AFTER_SECONDS * 1000;
}

interface ErrorBody {
	code?: unknown;
	message?: string;
	errorId?: string;
}

function errorBody(body: unknown): ErrorBody {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 500) } : {};
	}
	const raw = body as IDataObject;
	return {
		code: raw.code,
		message: typeof raw.message === 'string' ? raw.message : undefined,
		errorId: typeof raw.errorId === 'string' ? raw.errorId : undefined,
	};
}

function failureFor(
	status: number | undefined,
	code: number,
	retryAfter?: number,
): Failure | undefined {
	if (status === 429 || code === 429) {
		return retryAfter === undefined
			? { cause: 'rate-limited' }
			: { cause: 'rate-limited', retryAfterMs: retryAfter };
	}
	if (status === 401 || status === 403 || code === 1200 || code === 1201 || code === 1001) {
		return { cause: 'credential-invalid' };
	}
	if (code === 3038 || code === 3035) return { cause: 'configuration-invalid' };
	if (status !== undefined && status >= 500) return { cause: 'temporarily-unavailable' };
	return undefined;
}

function credentialHint(node: INode, status: number | undefined, code: number): string {
	const credential = credentialName(node);
	if (status === 401 || code === 1200) return ` Credential: ${credential} (field API Key).`;
	if (status === 403 || code === 1201) return ` Credential: ${credential} (field Region).`;
	if (code === 1001) return ` Credential: ${credential} (field Sub-Account ID).`;
	return '';
}

export interface ApiErrorInput {
	/** HTTP status of the answer; absent for a message rejected inside a 200 batch answer. */
	status?: number;
	code?: unknown;
	message?: string;
	errorId?: string;
	itemIndex?: number;
	retryAfterMs?: number;
	/** Appended to the message, e.g. "(rejected inside batch …)". */
	context?: string;
	/** Appended to the description. */
	extraDescription?: string;
}

/** The NodeApiError for an 8x8 error answer, explained with the error catalog. */
export function eightByEightApiError(node: INode, input: ApiErrorInput): NodeApiError {
	const explanation = explainApiError(input.code, input.status);
	const code = explanation.code || input.status || 0;
	const raw = input.message?.trim();
	const titleRepeated = raw !== undefined && raw.toLowerCase() === explanation.title.toLowerCase();
	const prefix = explanation.code ? `${explanation.code} ${explanation.title}` : explanation.title;
	const message = `${prefix}${raw && !titleRepeated ? `: ${raw}` : ''}${input.context ? ` ${input.context}` : ''}`;
	const hint = credentialHint(node, input.status, explanation.code);
	const errorIdText = input.errorId
		? ` 8x8 error ID: ${input.errorId} (quote it to 8x8 support).`
		: '';
	const description = `${explanation.meaning} ${explanation.fix}${hint}${input.extraDescription ?? ''}${errorIdText}`;
	const failure = failureFor(input.status, explanation.code, input.retryAfterMs);
	// No `code`/`status` keys: NodeApiError would read them as the HTTP code.
	const response: JsonObject = { eightByEightCode: explanation.code || null, message: raw ?? null };
	if (input.errorId) response.errorId = input.errorId;
	const error = new NodeApiError(node, response, {
		message,
		description,
		httpCode: input.status === undefined ? undefined : String(input.status),
		itemIndex: input.itemIndex,
		...(failure ? { failure } : {}),
	});
	const details: EightByEightErrorDetails = {
		code,
		message,
		meaning: explanation.meaning,
		fix: `${explanation.fix}${hint}`,
		retryable: explanation.retryable,
	};
	if (input.status !== undefined) details.httpStatus = input.status;
	if (input.errorId) details.errorId = input.errorId;
	return attachErrorDetails(error, details);
}

function idsText(ids: string[] | undefined): string {
	if (!ids || ids.length === 0) return 'its clientMessageId';
	if (ids.length === 1) return `clientMessageId ${ids[0]}`;
	return `clientMessageIds ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''}`;
}

interface UnknownStateInput {
	cause: string;
	status?: number;
	code?: number;
	errorId?: string;
	itemIndex?: number;
	clientMessageIds?: string[];
	retried: number;
	/** False where the "Retry Unknown Delivery State" option would not help. */
	offerResend?: boolean;
}

/** The error for a send whose outcome is unknown: 8x8 may or may not have queued it. */
export function deliveryStateUnknownError(node: INode, input: UnknownStateInput): NodeApiError {
	const ids = input.clientMessageIds ?? [];
	const subject = ids.length > 1 ? `${ids.length} messages` : idsText(ids);
	const message = `Delivery state unknown for ${subject}: 8x8 may already have queued ${ids.length > 1 ? 'them' : 'it'}`;
	const meaning = `${input.cause}${input.retried ? ` (also after ${input.retried} resend${input.retried === 1 ? '' : 's'} with the same clientMessageId)` : ''}, so 8x8 may or may not have queued the message.`;
	const fix =
		`Do not simply run the item again: the recipient could get the message twice. Look it up first by ${idsText(ids)}: ` +
		"the 8x8 WhatsApp Trigger's Delivery Status output reports its receipts with that clientMessageId, and 8x8 Connect > Messaging Apps > Logs shows whether it was sent." +
		(input.offerResend === false
			? ''
			: ' To have the node resend automatically with the same clientMessageId instead, turn on the option "Retry Unknown Delivery State".');
	const errorIdText = input.errorId ? ` 8x8 error ID: ${input.errorId}.` : '';
	const response: JsonObject = { deliveryStateUnknown: true, clientMessageIds: ids };
	const error = new NodeApiError(node, response, {
		message,
		description: `${meaning} ${fix}${errorIdText}`,
		httpCode: input.status === undefined ? undefined : String(input.status),
		itemIndex: input.itemIndex,
		failure: { cause: 'temporarily-unavailable' },
	});
	const details: EightByEightErrorDetails = {
		code: 'DELIVERY_STATE_UNKNOWN',
		message,
		meaning,
		fix,
		retryable: false,
		deliveryStateUnknown: true,
	};
	if (input.status !== undefined) details.httpStatus = input.status;
	if (input.errorId) details.errorId = input.errorId;
	return attachErrorDetails(error, details);
}

function networkError(
	node: INode,
	failure: NetworkFailure,
	url: string,
	itemIndex?: number,
	retried = 0,
): NodeApiError {
	const message = failure.timedOut
		? `8x8 did not answer in time (${new URL(url).origin})`
		: `Could not reach 8x8 at ${new URL(url).origin}`;
	const meaning = `The request failed on the network (${failure.code}: ${failure.text})${retried ? ` after ${retried + 1} attempts` : ''}.`;
	const fix = failure.notSent
		? "Check the credential's Region (or Base URL for a custom host) and that this n8n instance can reach it, then run again."
		: 'Check the network between n8n and 8x8 and run again; 8x8 may be degraded (status.8x8.com).';
	const error = new NodeApiError(
		node,
		{ message: failure.text, networkCode: failure.code } as JsonObject,
		{
			message,
			description: `${meaning} ${fix}`,
			itemIndex,
			failure: { cause: 'temporarily-unavailable' },
		},
	);
	return attachErrorDetails(error, {
		code: 'NETWORK_ERROR',
		message,
		meaning,
		fix,
		retryable: true,
	});
}

export async function apiRequest<T = unknown>(
	this: EightByEightContext,
	request: ApiRequest,
): Promise<T> {
	const credentials = await getEightByEightCredentials.call(this);
	const node = this.getNode();
	let origin: string;
	try {
		origin = resolveBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			itemIndex: request.itemIndex,
			description: `Open the 8x8 credential ${credentialName(node)} and choose a Region (or fill Base URL for "Custom URL").`,
		});
	}
	const url = `${origin}${request.path}`;
	const timeout = request.timeout ?? DEFAULT_TIMEOUT_MS;
	let rateLimited = 0;
	let retried = 0;
	// Set once a send was repeated after a failure that may have queued it: from then on, whatever
	// the resend runs into, the message may already be at 8x8, so the item's state is unknown.
	let mayHaveQueued: string | null = null;
	const stateUnknownAfterResend = (finalFailure: string, status?: number, errorId?: string) =>
		deliveryStateUnknownError(node, {
			cause: `${mayHaveQueued}; the resend then failed (${finalFailure})`,
			status,
			errorId,
			itemIndex: request.itemIndex,
			clientMessageIds: request.clientMessageIds,
			retried,
		});

	for (;;) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout,
		};
		// Any method may carry a body: 8x8's DELETE …/webhooks takes a JSON array (n8n sends a
		// non-empty body with DELETE as well).
		if (request.body !== undefined) options.body = request.body;
		if (request.qs !== undefined) options.qs = request.qs;

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = networkFailure(error);
			const mayRepeat =
				failure.notSent || !request.sendsMessage || request.retryUnknownDeliveryState === true;
			if (request.sendsMessage && !failure.notSent && mayHaveQueued === null) {
				mayHaveQueued = failure.timedOut
					? `8x8 did not answer within ${formatDuration(timeout)} after the request was sent (${failure.code})`
					: `The connection broke after the request was sent (${failure.code}: ${failure.text})`;
			}
			if (mayRepeat && retried < TRANSIENT_RETRIES) {
				retried++;
				await sleep(TRANSIENT_BACKOFF_MS * retried);
				continue;
			}
			if (request.sendsMessage && mayHaveQueued !== null && failure.notSent) {
				throw stateUnknownAfterResend(`${failure.code}: ${failure.text}`);
			}
			if (request.sendsMessage && !failure.notSent) {
				throw deliveryStateUnknownError(node, {
					cause: failure.timedOut
						? `8x8 did not answer within ${formatDuration(timeout)} after the request was sent (${failure.code})`
						: `The connection broke after the request was sent (${failure.code}: ${failure.text})`,
					itemIndex: request.itemIndex,
					clientMessageIds: request.clientMessageIds,
					retried,
				});
			}
			throw networkError(node, failure, url, request.itemIndex, retried);
		}

		const status = Number(response.statusCode);
		const headers = (response.headers ?? {}) as IDataObject;
		if (status >= 200 && status < 300) return response.body as T;

		const body = errorBody(response.body);
		if (status === 429) {
			const wait = retryAfterMs(headers);
			if (rateLimited < RATE_LIMIT_RETRIES && wait <= MAX_RETRY_AFTER_SECONDS * 1000) {
				rateLimited++;
				await sleep(wait);
				continue;
			}
			if (request.sendsMessage && mayHaveQueued !== null) {
				throw stateUnknownAfterResend('HTTP 429, rate limited', status, body.errorId);
			}
			throw eightByEightApiError(node, {
				status,
				code: body.code ?? 429,
				message: body.message,
				errorId: body.errorId,
				itemIndex: request.itemIndex,
				retryAfterMs: wait,
				extraDescription:
					wait > MAX_RETRY_AFTER_SECONDS * 1000
						? ` 8x8 asked to wait ${Math.ceil(wait / 1000)} s, longer than the node waits (${MAX_RETRY_AFTER_SECONDS} s)${retried ? '' : '; nothing was sent'}.`
						: ` The node waited for Retry-After and tried ${rateLimited + 1} times${retried ? '' : '; nothing was sent'}. Send fewer messages per second (smaller batches, or a Wait node between runs).`,
			});
		}
		if (status >= 500) {
			const mayRepeat = !request.sendsMessage || request.retryUnknownDeliveryState === true;
			if (request.sendsMessage && mayHaveQueued === null) {
				mayHaveQueued = `8x8 answered HTTP ${status} after receiving the request`;
			}
			if (mayRepeat && retried < TRANSIENT_RETRIES) {
				retried++;
				await sleep(TRANSIENT_BACKOFF_MS * retried);
				continue;
			}
			if (request.sendsMessage) {
				const explanation = explainApiError(body.code, status);
				throw deliveryStateUnknownError(node, {
					cause: `8x8 answered HTTP ${status} (${explanation.code ? `${explanation.code} ` : ''}${explanation.title}${body.message ? `: ${body.message}` : ''}) after receiving the request`,
					status,
					errorId: body.errorId,
					itemIndex: request.itemIndex,
					clientMessageIds: request.clientMessageIds,
					retried,
				});
			}
		}
		if (request.sendsMessage && mayHaveQueued !== null && status < 500) {
			throw stateUnknownAfterResend(
				`HTTP ${status}${body.code !== undefined ? `, code ${String(body.code)}` : ''}`,
				status,
				body.errorId,
			);
		}
		throw eightByEightApiError(node, {
			status,
			code: body.code,
			message: body.message,
			errorId: body.errorId,
			itemIndex: request.itemIndex,
		});
	}
}

/** The credential's Account ID, or an error naming the field to fill (templates and webhooks need it). */
export async function requireAccountId(
	this: EightByEightContext,
	purpose: string,
	itemIndex?: number,
): Promise<string> {
	const { accountId } = await getEightByEightCredentials.call(this);
	if (accountId) return accountId;
	const node = this.getNode();
	throw new NodeOperationError(node, 'The 8x8 credential has no Account ID', {
		itemIndex,
		description: `${purpose} live under /accounts/{accountId}. Open the 8x8 credential ${credentialName(node)} and fill Account ID.`,
	});
}

/** Every template of a WhatsApp channel (8x8 documents no paging for this list). */
export async function listTemplates(
	this: EightByEightContext,
	channelIdOverride?: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const credentials = await getEightByEightCredentials.call(this);
	const channelId = (channelIdOverride ?? '').trim() || credentials.channelId;
	const node = this.getNode();
	if (!credentials.accountId) {
		throw new NodeOperationError(node, 'The 8x8 credential has no Account ID', {
			itemIndex,
			description: `Templates live under /accounts/{accountId}. Open the 8x8 credential ${credentialName(node)} and fill Account ID.`,
		});
	}
	if (!channelId) {
		throw new NodeOperationError(node, 'No WhatsApp Channel ID', {
			itemIndex,
			description: `Templates belong to a WhatsApp channel. Fill "WhatsApp Channel ID" in the 8x8 credential ${credentialName(node)} or the Channel ID field of this node (8x8 Connect > Channels).`,
		});
	}
	const response = (await apiRequest.call(this, {
		method: 'GET',
		path: templatesPath(credentials.accountId, channelId),
		itemIndex,
	})) as IDataObject | undefined;
	const templates = response?.templates;
	return Array.isArray(templates) ? (templates as IDataObject[]) : [];
}
