/**
 * One webhook call to the 8x8 trigger, played the way n8n plays it (webhook-helpers.js of n8n 1.123
 * and 2.41, responseMode "onReceived", responseData ''):
 * - webhook() runs; if it wrote the response itself it returns noWebhookResponse;
 * - otherwise n8n answers: with `webhookResponse` (status 200) when there is no workflowData, and
 *   when there is, it starts the execution and answers 200 with `webhookResponse` (2.x after the
 *   execution exists, 1.x just before);
 * - the execution runs the trigger's execute() with webhook()'s workflowData as its input, which
 *   gives the node's outputs.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IWebhookResponseData,
} from 'n8n-workflow';

import { makePlainHttpRequest, prepareBinaryData } from './plainHttp';
import type { WebhookHarness } from './webhookContext';

export interface Answer {
	status: number;
	body: unknown;
	/** Times a body was sent; anything but 1 is a bug. */
	sends: number;
}

export interface TriggerCall {
	result: IWebhookResponseData;
	/** What the caller got back. */
	answer: Answer;
	/** The trigger's outputs in the execution, or undefined when no execution was started. */
	outputs: INodeExecutionData[][] | undefined;
	/** Whether an execution was started. */
	executed: boolean;
}

function answerOf(result: IWebhookResponseData, harness: WebhookHarness): Answer {
	const written = harness.response;
	if (result.noWebhookResponse === true) {
		return { status: written.statusCode ?? 200, body: written.body, sends: written.sends };
	}
	const body =
		result.webhookResponse ??
		(result.workflowData === undefined
			? { message: 'Webhook call received' }
			: { message: 'Workflow was started' });
	return { status: 200, body, sends: written.sends + 1 };
}

/** The trigger's execute() on the items webhook() returned, with the same node parameters. */
export async function runExecution(
	trigger: INodeType,
	harness: WebhookHarness,
	workflowData: INodeExecutionData[][],
): Promise<INodeExecutionData[][]> {
	if (typeof trigger.execute !== 'function') throw new Error('the trigger has no execute()');
	const webhookContext = harness.context;
	const context = {
		logger: webhookContext.logger,
		getNode: () => webhookContext.getNode(),
		getInputData: (inputIndex = 0) => workflowData[inputIndex] ?? [],
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			(webhookContext.getNodeParameter as (n: string, f?: unknown) => unknown)(name, fallback),
		continueOnFail: () => false,
		// n8n's own helpers, for the Download Media option (real HTTP, in-memory binary data)
		helpers: { httpRequest: makePlainHttpRequest(), prepareBinaryData },
	};
	const outputs = await trigger.execute.call(context as unknown as IExecuteFunctions);
	if (!Array.isArray(outputs)) throw new Error('execute() returned no outputs');
	return outputs as INodeExecutionData[][];
}

export async function callTrigger(trigger: INodeType, harness: WebhookHarness): Promise<TriggerCall> {
	if (typeof trigger.webhook !== 'function') throw new Error('the trigger has no webhook()');
	const result = await trigger.webhook.call(harness.context);
	const answer = answerOf(result, harness);
	const executed = result.workflowData !== undefined;
	const outputs = executed
		? await runExecution(trigger, harness, result.workflowData as INodeExecutionData[][])
		: undefined;
	return { result, answer, outputs, executed };
}

/** Output index -> number of items ([] when nothing was executed). */
export function outputCounts(outputs: INodeExecutionData[][] | undefined): number[] {
	return (outputs ?? []).map((items) => items.length);
}

/** Every emitted item's json, in output order. */
export function emittedItems(outputs: INodeExecutionData[][] | undefined): IDataObject[] {
	return (outputs ?? []).flat().map((item) => item.json);
}

/**
 * The harness after a call, with `response` holding what the caller got (whoever sent it) and the
 * call's result and outputs: a drop-in for tests written against webhook() alone.
 */
export async function playCall(trigger: INodeType, harness: WebhookHarness) {
	const call = await callTrigger(trigger, harness);
	return {
		...harness,
		...call,
		response: {
			...harness.response,
			statusCode: call.answer.status,
			body: call.answer.body,
			sends: call.answer.sends,
		},
	};
}
