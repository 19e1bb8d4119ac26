/**
 * The send pipeline shared by every send operation: check and prepare all items first, then send
 * them one request per item or in batches of up to 1,000, and give every input item exactly one
 * output item at its own position (a result, or an error item under Continue On Fail, on the output
 * the node's On Error setting names). Under Retry On Fail, a re-run of the node sends only the
 * items that were not accepted (see helpers/rerunMemory.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	apiRequest,
	batchMessagesPath,
	deliveryStateUnknownError,
	eightByEightApiError,
	errorDetailsOf,
	getEightByEightCredentials,
	MAX_BATCH_SIZE,
	messagesPath,
} from '../../../shared/transport';
import { addSendHints } from '../../helpers/hints';
import { acceptedJson, errorJson } from '../../helpers/output';
import { failedItem, withItemIndex } from '../../helpers/perItem';
import type { RerunMemory } from '../../helpers/rerunMemory';
import { rerunMemory } from '../../helpers/rerunMemory';
import type { Attempt, ContentPreparer, PreparedMessage } from './prepareMessage';
import { prepareMessage } from './prepareMessage';

const BATCH_TIMEOUT_MS = 120_000;

export async function sendMessages(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	prepareContent: ContentPreparer,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = new Array(items.length);
	const continueOnFail = this.continueOnFail();
	const fail = (itemIndex: number, error: unknown, to: string, clientMessageId: string | null) => {
		if (!continueOnFail) throw withItemIndex.call(this, error, itemIndex);
		results[itemIndex] = failedItem.call(
			this,
			itemIndex,
			errorJson(errorDetailsOf(error), to, clientMessageId),
		);
	};

	const prepared: PreparedMessage[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const attempt: Attempt = { to: '', clientMessageId: null };
		try {
			prepared.push(await prepareMessage.call(this, itemIndex, prepareContent, attempt));
		} catch (error) {
			fail(itemIndex, error, attempt.to, attempt.clientMessageId);
		}
	}

	const batch = items.length > 0 && this.getNodeParameter('options.batch', 0, false) === true;
	const memory = rerunMemory<SendOutcome>(this, 'send');
	const pending = memory ? replayKept(prepared, memory, results, fail) : prepared;
	if (pending.length > 0) {
		const { subAccountId } = await getEightByEightCredentials.call(this);
		const send = { subAccountId, results, fail, memory };
		if (batch) await sendInBatches.call(this, pending, send);
		else await sendOneByOne.call(this, pending, send);
	}
	addSendHints.call(this, results.filter((result) => typeof result?.json?.umid === 'string').length);
	return results;
}

type Fail = (itemIndex: number, error: unknown, to: string, clientMessageId: string | null) => void;

/** What a send did that a re-run must not repeat: 8x8 accepted it, or may have queued it. */
export type SendOutcome = { answer: IDataObject; batchId?: unknown } | { error: unknown };

interface SendRun {
	subAccountId: string;
	results: INodeExecutionData[];
	fail: Fail;
	memory: RerunMemory<SendOutcome> | undefined;
}

const fingerprintOf = (message: PreparedMessage) => JSON.stringify(message.body);

/** Items an earlier try of this node run already sent get that try's result; the rest are returned. */
function replayKept(
	prepared: PreparedMessage[],
	memory: RerunMemory<SendOutcome>,
	results: INodeExecutionData[],
	fail: Fail,
): PreparedMessage[] {
	const pending: PreparedMessage[] = [];
	for (const message of prepared) {
		const kept = memory.recall(message.itemIndex, fingerprintOf(message));
		if (kept === undefined) pending.push(message);
		else if ('error' in kept)
			fail(message.itemIndex, kept.error, message.to, message.clientMessageId);
		else {
			results[message.itemIndex] = {
				json: acceptedJson(message, kept.answer, kept.batchId),
				pairedItem: { item: message.itemIndex },
			};
		}
	}
	return pending;
}

function keepOutcome(
	memory: RerunMemory<SendOutcome> | undefined,
	message: PreparedMessage,
	outcome: SendOutcome,
): void {
	if (!memory) return;
	// A failure that says for sure nothing was queued may be retried; every other outcome is kept.
	if ('error' in outcome && errorDetailsOf(outcome.error).deliveryStateUnknown !== true) return;
	memory.keep(message.itemIndex, outcome, fingerprintOf(message));
}

async function sendOneByOne(
	this: IExecuteFunctions,
	prepared: PreparedMessage[],
	{ subAccountId, results, fail, memory }: SendRun,
): Promise<void> {
	for (const message of prepared) {
		try {
			const answer = await sendSingle.call(this, message, subAccountId, memory);
			results[message.itemIndex] = {
				json: acceptedJson(message, answer),
				pairedItem: { item: message.itemIndex },
			};
		} catch (error) {
			fail(message.itemIndex, error, message.to, message.clientMessageId);
		}
	}
}

/**
 * One message in one request (the send operations, and Send and Wait for Delivery). With a memory,
 * a Retry On Fail re-run gets the answer, or the "delivery state unknown" failure, of the try that
 * sent it, and sends nothing.
 */
export async function sendSingle(
	this: IExecuteFunctions,
	message: PreparedMessage,
	subAccountId: string,
	memory: RerunMemory<SendOutcome> | undefined,
): Promise<IDataObject> {
	const kept = memory?.recall(message.itemIndex, fingerprintOf(message));
	if (kept && 'error' in kept) throw kept.error;
	if (kept) return kept.answer;
	let answer: IDataObject;
	try {
		answer = (await apiRequest.call(this, {
			method: 'POST',
			path: messagesPath(subAccountId),
			body: message.body,
			sendsMessage: true,
			itemIndex: message.itemIndex,
			retryUnknownDeliveryState: message.retryUnknownDeliveryState,
			clientMessageIds: [message.clientMessageId],
		})) as IDataObject;
	} catch (error) {
		keepOutcome(memory, message, { error });
		throw withItemIndex.call(this, error, message.itemIndex);
	}
	keepOutcome(memory, message, { answer });
	return answer;
}

/** Each request message's answer: by position when the answer lists them in order, else by clientMessageId. */
export function pairBatchAnswers(
	requestIds: string[],
	answers: IDataObject[],
): Array<IDataObject | undefined> {
	const inOrder =
		answers.length === requestIds.length &&
		answers.every(
			(answer, index) =>
				answer.clientMessageId === undefined || answer.clientMessageId === requestIds[index],
		);
	if (inOrder) return answers;
	const unique = new Set(requestIds).size === requestIds.length;
	if (!unique) return requestIds.map(() => undefined);
	const byId = new Map<string, IDataObject>();
	for (const answer of answers) {
		if (typeof answer.clientMessageId === 'string') byId.set(answer.clientMessageId, answer);
	}
	return requestIds.map((id) => byId.get(id));
}

function isRejected(answer: IDataObject): boolean {
	const status = (answer.status ?? {}) as IDataObject;
	const state = String(status.state ?? '').toLowerCase();
	return (
		['rejected', 'failed', 'error'].includes(state) ||
		(status.errorCode !== undefined && status.errorCode !== null)
	);
}

async function sendInBatches(
	this: IExecuteFunctions,
	prepared: PreparedMessage[],
	{ subAccountId, results, fail, memory }: SendRun,
): Promise<void> {
	for (let start = 0; start < prepared.length; start += MAX_BATCH_SIZE) {
		const chunk = prepared.slice(start, start + MAX_BATCH_SIZE);
		// A batch is one request: it may be resent only if every message in it allows a resend.
		const retryUnknownDeliveryState = chunk.every((message) => message.retryUnknownDeliveryState);
		const ids = chunk.map((message) => message.clientMessageId);
		let answer: IDataObject;
		try {
			answer = (await apiRequest.call(this, {
				method: 'POST',
				path: batchMessagesPath(subAccountId),
				body: { messages: chunk.map((message) => message.body), includeMessagesInResponse: true },
				sendsMessage: true,
				itemIndex: chunk[0].itemIndex,
				timeout: BATCH_TIMEOUT_MS,
				retryUnknownDeliveryState,
				clientMessageIds: ids,
			})) as IDataObject;
		} catch (error) {
			for (const message of chunk) {
				keepOutcome(memory, message, { error });
				fail(message.itemIndex, error, message.to, message.clientMessageId);
			}
			continue;
		}
		const answers = Array.isArray(answer?.messages) ? (answer.messages as IDataObject[]) : [];
		const paired = pairBatchAnswers(ids, answers);
		const rejectedTotal = paired.filter((entry) => entry !== undefined && isRejected(entry)).length;
		for (const [index, message] of chunk.entries()) {
			const entry = paired[index];
			if (entry === undefined) {
				const error = unpairedError.call(this, message, answer);
				keepOutcome(memory, message, { error });
				fail(message.itemIndex, error, message.to, message.clientMessageId);
			} else if (isRejected(entry)) {
				const status = (entry.status ?? {}) as IDataObject;
				const accepted = chunk.length - rejectedTotal;
				const error = eightByEightApiError(this.getNode(), {
					code: status.errorCode,
					message: typeof status.errorMessage === 'string' ? status.errorMessage : undefined,
					itemIndex: message.itemIndex,
					context:
						typeof answer.batchId === 'string'
							? `(rejected inside batch ${answer.batchId})`
							: '(rejected inside the batch)',
					extraDescription:
						accepted > 0
							? ` ${accepted} other message${accepted === 1 ? '' : 's'} of this batch ${accepted === 1 ? 'was' : 'were'} accepted; set Settings > On Error to "Continue (using error output)" to get one output item per message, the rejected ones on the error output.`
							: undefined,
				});
				fail(message.itemIndex, error, message.to, message.clientMessageId);
			} else {
				keepOutcome(memory, message, { answer: entry, batchId: answer.batchId });
				results[message.itemIndex] = {
					json: acceptedJson(message, entry, answer.batchId),
					pairedItem: { item: message.itemIndex },
				};
			}
		}
	}
}

function unpairedError(this: IExecuteFunctions, message: PreparedMessage, answer: IDataObject) {
	const batch = typeof answer?.batchId === 'string' ? ` ${answer.batchId}` : '';
	return deliveryStateUnknownError(this.getNode(), {
		cause: Array.isArray(answer?.messages)
			? `8x8 accepted batch${batch} but its answer has no entry for this message`
			: `8x8 accepted batch${batch} but its answer lists no messages`,
		itemIndex: message.itemIndex,
		clientMessageIds: [message.clientMessageId],
		retried: 0,
		offerResend: false,
	});
}
