/**
 * The item loop of the management operations (template, webhook, message details/read/typing/cancel,
 * error explain): every input item runs the operation once; each object it returns becomes an
 * output item paired with that input item. Under Continue On Fail a failing item gives one error
 * item shaped like the send operations' (`{ error: { code, httpStatus, message, meaning, fix,
 * errorId, retryable }, ...context }`); otherwise the error is thrown with its item index.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorDetailsOf } from '../../shared/transport';
import { errorItemJson } from './output';

export type ItemResult = IDataObject | IDataObject[];

/** Sets the item index on an n8n error (or wraps anything else) so the editor points at the item. */
export function withItemIndex(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<ItemResult>,
	errorContext?: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const continueOnFail = this.continueOnFail();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await run(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (!continueOnFail) throw withItemIndex.call(this, error, itemIndex);
			let context: IDataObject = {};
			try {
				context = errorContext ? errorContext(itemIndex) : {};
			} catch (contextError) {
				// The context only labels the error item; a parameter that cannot be read leaves it out.
				context = { contextError: (contextError as Error).message };
			}
			output.push({
				json: errorItemJson(errorDetailsOf(error), context),
				pairedItem: { item: itemIndex },
			});
		}
	}
	return output;
}

/** A trimmed string parameter of one item ('' when absent). */
export function textParameter(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}
