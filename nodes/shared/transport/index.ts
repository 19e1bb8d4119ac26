/**
 * The only place that talks HTTP to 8x8 and the only place that maps 8x8 API errors.
 *
 * CONTRACT (minimal first version): the action-node work extends apiRequest with 429 / Retry-After
 * handling, "delivery state unknown" for ambiguous failures of message sends, and the full error
 * mapping; the exported names and signatures stay.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
	webhookAuthorization: string;
}

export async function getEightByEightCredentials(
	this: EightByEightContext,
): Promise<EightByEightCredentials> {
	const raw = await this.getCredentials(CREDENTIAL_TYPE);
	const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
	return {
		apiKey: text('apiKey'),
		subAccountId: text('subAccountId'),
		accountId: text('accountId'),
		channelId: text('channelId'),
		region: text('region') || 'apac',
		baseUrl: text('baseUrl'),
		webhookAuthorization: typeof raw.webhookAuthorization === 'string' ? raw.webhookAuthorization : '',
	};
}

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
}

export async function apiRequest<T = unknown>(this: EightByEightContext, request: ApiRequest): Promise<T> {
	const credentials = await getEightByEightCredentials.call(this);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${resolveBaseUrl(credentials)}${request.path}`,
		json: true,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;
	try {
		return (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as T;
	} catch (error) {
		const body = (error?.response?.data ?? error?.cause?.response?.data ?? {}) as IDataObject;
		const status = Number(error?.httpCode ?? error?.response?.status ?? 0) || undefined;
		const explanation = explainApiError(body.code, status);
		throw new NodeApiError(this.getNode(), error as JsonObject, {
			message: `${explanation.code} ${explanation.title}`,
			description: `${explanation.meaning} ${explanation.fix}`,
			itemIndex: request.itemIndex,
		});
	}
}
