/**
 * The item loop of the management operations (template, webhook, message details/read/typing/cancel,
 * error explain): every input item runs the operation once; each object it returns becomes an
 * output item paired with that input item. Under Continue On Fail a failing item gives one error
 * item shaped like the send operations' (`{ error: { code, httpStatus, message, meaning, fix,
 * errorId, retryable }, ...context }`, or everything inside `error` on the error output: see
 * failedItem); otherwise the error is thrown with its item index.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorDetailsOf } from '../../shared/transport';
import { errorItemJson, failedItemJson, usesErrorOutput } from './output';
import { rerunMemory } from './rerunMemory';

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

/**
 * The output item of a failed input item under Continue On Fail, on the output the node's On Error
 * setting names: `json` as built for the regular output, reshaped for the error output.
 */
export function failedItem(
	this: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	return {
		json: failedItemJson(json, usesErrorOutput(this.getNode())),
		pairedItem: { item: itemIndex },
	};
}

export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<ItemResult>,
	errorContext?: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const continueOnFail = this.continueOnFail();
	// A Retry On Fail re-run repeats only the items that failed (templates are not created twice).
	const memory = rerunMemory<ItemResult>(this, 'item');
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			let result = memory?.recall(itemIndex);
			if (result === undefined) {
				result = await run(itemIndex);
				memory?.keep(itemIndex, result);
			}
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
			output.push(failedItem.call(this, itemIndex, errorItemJson(errorDetailsOf(error), context)));
		}
	}
	return output;
}

/** A trimmed string parameter of one item ('' when absent). */
export function textParameter(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}
