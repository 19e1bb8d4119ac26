import type { IDataObject, INode } from 'n8n-workflow';

import type { EightByEightErrorDetails } from '../../shared/transport';

export const QUEUED_NOTE =
	"Queued is not delivered: delivery, read and failure arrive later on the 8x8 WhatsApp Trigger's Delivery output (join on umid or clientMessageId).";

export interface SentMessage {
	to: string;
	clientMessageId: string;
	/** `{ template, language }` or `{ type }`. */
	summary: IDataObject;
}

/** The output of one accepted message, from a single-send answer or one entry of a batch answer. */
export function acceptedJson(
	message: SentMessage,
	answer: IDataObject | undefined,
	batchId?: unknown,
): IDataObject {
	const status = (answer?.status ?? {}) as IDataObject;
	const state =
		typeof status.state === 'string' && status.state ? status.state.toLowerCase() : 'queued';
	const json: IDataObject = {
		umid: typeof answer?.umid === 'string' ? answer.umid : null,
		clientMessageId:
			typeof answer?.clientMessageId === 'string'
				? answer.clientMessageId
				: message.clientMessageId,
		to: message.to,
		status: state,
		...message.summary,
		acceptedAt: typeof status.timestamp === 'string' ? status.timestamp : new Date().toISOString(),
	};
	if (typeof batchId === 'string') json.batchId = batchId;
	return json;
}

/**
 * The error of a failed item as data: `{ error: { code, httpStatus, message, meaning, fix, errorId,
 * retryable }, ...context }` (the error items of every operation).
 */
export function errorItemJson(
	details: EightByEightErrorDetails,
	context: IDataObject = {},
): IDataObject {
	const error: IDataObject = {
		code: details.code,
		httpStatus: details.httpStatus ?? null,
		message: details.message,
		meaning: details.meaning,
		fix: details.fix,
		errorId: details.errorId ?? null,
		retryable: details.retryable,
	};
	return { error, ...context };
}

/** The error item of a send, which also says when the message may have reached 8x8. */
export function errorJson(
	details: EightByEightErrorDetails,
	to: string,
	clientMessageId: string | null,
): IDataObject {
	const json = errorItemJson(details, { to, clientMessageId });
	if (details.deliveryStateUnknown) (json.error as IDataObject).deliveryStateUnknown = true;
	return json;
}

/** The node setting On Error = "Continue (using error output)". */
export function usesErrorOutput(node: INode): boolean {
	return node.onError === 'continueErrorOutput';
}

/**
 * A failed item's json, shaped for the output n8n puts it on. Regular output: as built,
 * `{ error: {...}, ...context }`. Error output: everything inside `error`, because n8n-core
 * (handleNodeErrorOutput in workflow-execute.js, 1.123 and 2.41) moves an item to the error output
 * only when its json holds nothing but `error` (1.x also allows `message`, 2.x `message` and
 * `details`), then merges the paired input item's json into it. (Setting `item.error` routes it as
 * well, but n8n then replaces the json with `{ error: <message> }` and the explanation is lost.)
 */
export function failedItemJson(json: IDataObject, errorOutput: boolean): IDataObject {
	if (!errorOutput) return json;
	const { error, ...context } = json;
	const details: IDataObject = {
		errorId: null,
		...(typeof error === 'object' && error !== null ? (error as IDataObject) : {}),
	};
	// A context field named like an error field (Explain's input `code`) is kept under `input`.
	const input: IDataObject = {};
	for (const [key, value] of Object.entries(context)) {
		if (key in details) input[key] = value;
		else details[key] = value;
	}
	return { error: Object.keys(input).length ? { ...details, input } : details };
}
