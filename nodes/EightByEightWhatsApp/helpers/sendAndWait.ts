/**
 * "Send and Wait for Delivery": the message is sent with `dlrCallbackUrl` = this execution's resume
 * URL, the execution waits, and 8x8's delivery receipts are POSTed to that URL, where the node's
 * webhook() decides: intermediate receipt → answer 200 and keep waiting; final receipt → resume with
 * one output item.
 *
 * How it sits on n8n (read in n8n 1.123.81 and 2.41.1, verified by the e2e tests):
 * - Resume URL: `$execution.resumeUrl` (`<WEBHOOK_URL>webhook-waiting/<executionId>`; on 2.x n8n
 *   appends `?signature=<resumeToken>`, a random per-execution token it checks before the node sees
 *   the call). The node adds `waitToken` = HMAC-SHA256(API key, execution id + node id), which it
 *   checks itself: on 1.x this is the only URL secret (1.x checks signatures only for operations
 *   named "sendAndWait").
 * - The operation value is deliberately NOT "sendAndWait": n8n 2.x turns every node that has a
 *   webhook and an operation of that name into a "Human in the Loop" approval tool and validates
 *   its resume calls as approval links (HMAC-signed URL, HTML answers). Delivery waiting is neither.
 * - State between execute() and webhook(): execute() replaces the waiting node's pending input
 *   (`getExecuteData().data.main[0]`) with the "timeout" output item. n8n saves it with the waiting
 *   execution; webhook() reads it back as `$json` (the webhook context's input is that entry); and
 *   when the wait limit passes, n8n resumes by passing the node's pending input through (the node
 *   is disabled on resume), so that item becomes the output: `finalState: "timeout"`.
 * - Receipt history: n8n persists nothing from a waiting-webhook call that does not resume the
 *   execution (no execution save; the workflow, static data included, is rebuilt from the
 *   execution's snapshot and never saved on that path). Checked in both versions with a probe build
 *   that wrote the queued / sent / delivered receipts to node static data (keyed by umid): at the
 *   final call the static data was empty, and workflow_entity.staticData stayed null. So the history
 *   holds what the node can really know: the send answer (queued, with 8x8's timestamp) and the
 *   receipt that ended the wait. Intermediate receipts are acknowledged (200) and not recorded.
 * - A webhook() that throws makes n8n resume the execution with an error, so every refusal is an
 *   explicit 4xx answer with no workflowData.
 * - What ends the wait is the receipt's meaning (shared/events/receiptMeaning.ts), not its raw
 *   state: WhatsApp's `delivered` + `delivered_to_operator` is the hand-over before WhatsApp has the
 *   message, so it keeps the wait going, and an `undelivered` that follows ends it as a failure.
 * - On resume n8n runs the waiting node disabled, i.e. passes the webhook's item through, and then
 *   applies the node's On Error setting to it like to any output: a failed item shaped for the error
 *   output (helpers/output.ts failedItemJson) leaves by the error output.
 * - Resumed once: two final receipts at once (8x8 retrying a read while the delivered is in flight)
 *   would resume the execution twice on n8n 1.x; the first claims it (helpers/resumeOnce.ts, per
 *   process) and the others are answered 200 "already resumed".
 * - Who may resume: the resume URL is the credential. The node's waitToken (and on 2.x n8n's
 *   signature) must be right; 8x8 documents no Authorization header for a per-message
 *   dlrCallbackUrl, so a call without one is not refused for that alone, but a call that sends an
 *   Authorization other than the credential's Webhook Authorization Header is.
 */
import { createHmac } from 'crypto';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { DeliveryStatusItem } from '../../shared/events';
import { normalizeEvent } from '../../shared/events';
import { CREDENTIAL_TYPE } from '../../shared/transport';
import { REJECTION_MESSAGES, sameSecret } from '../../shared/verifyCaller';
import { failedItemJson, usesErrorOutput } from './output';
import { claimResume } from './resumeOnce';

export const SEND_AND_WAIT_OPERATION = 'sendAndWaitForDelivery';

/** Query parameter of the resume URL that carries the node's own token. */
export const WAIT_TOKEN_PARAM = 'waitToken';

/** The resume webhook: a restart webhook (n8n serves it at /webhook-waiting/<executionId>). */
export const RESUME_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '',
		restartWebhook: true,
	},
];

export const RESUME_STATES = ['delivered', 'read', 'undelivered'] as const;
export type ResumeState = (typeof RESUME_STATES)[number];
/** How a wait ends on a receipt: a chosen state, or rejected (by 8x8), which always ends it like undelivered. */
export type FinalState = ResumeState | 'rejected';

export const TIMEOUT_NOTE =
	'No final delivery receipt arrived before the wait limit. The message may still be delivered later: the 8x8 WhatsApp Trigger (Delivery Status) or Message > Get shows its status.';

export interface WaitState extends IDataObject {
	umid: string;
	clientMessageId: string;
	waitedFor: string[];
	history: IDataObject[];
}

/** The node's own resume-URL token: HMAC-SHA256(API key, "execution id|node id"), hex. */
export function waitToken(apiKey: string, executionId: string, nodeId: string): string {
	return createHmac('sha256', apiKey)
		.update(`8x8-whatsapp-wait|${executionId}|${nodeId}`)
		.digest('hex');
}

export function resumeUrlWithToken(resumeUrl: string, token: string): string {
	const url = new URL(resumeUrl);
	url.searchParams.set(WAIT_TOKEN_PARAM, token);
	return url.toString();
}

/** The states the wait ends on: the chosen ones, `read` when `delivered` was chosen, and always `undelivered`. */
export function finalStatesFor(resumeOn: unknown): string[] {
	const chosen = (Array.isArray(resumeOn) ? resumeOn : [resumeOn])
		.map((state) => String(state ?? '').toLowerCase())
		.filter((state) => (RESUME_STATES as readonly string[]).includes(state));
	const states = new Set(chosen.length ? chosen : ['delivered']);
	if (states.has('delivered')) states.add('read');
	states.add('undelivered');
	return RESUME_STATES.filter((state) => states.has(state));
}

/**
 * What a receipt means for the wait: the final state it ends with, or undefined to keep waiting.
 * Only delivery to the recipient (stage delivered) or read counts as delivered; queued, sent, the
 * operator hand-over and states 8x8 does not document keep the wait going.
 */
export function finalStateOf(
	receipt: Pick<DeliveryStatusItem, 'stage'>,
	waitedFor: string[],
): FinalState | undefined {
	const { stage } = receipt;
	if (stage === 'undelivered' || stage === 'rejected') return stage;
	if ((stage === 'delivered' || stage === 'read') && waitedFor.includes(stage)) return stage;
	return undefined;
}

/**
 * Resume calls are authenticated by their URL (waitToken, and n8n 2.x's signature). A call without
 * an Authorization header passes this check; one whose Authorization is not the credential's Webhook
 * Authorization Header (when that is set) does not.
 */
export function authorizationRefusal(expected: string, header: unknown): string | undefined {
	if (expected === '' || header === undefined || header === '') return undefined;
	if (Array.isArray(header) || !sameSecret(header, expected)) {
		return REJECTION_MESSAGES.authorization_mismatch;
	}
	return undefined;
}

/**
 * The output item of a final receipt: the waiting item with the outcome, the receipt and the
 * history; for a failure shaped for the error output when the node sends failures there.
 */
export function finalJson(
	state: WaitState,
	finalState: FinalState,
	receipt: DeliveryStatusItem,
	errorOutput = false,
): IDataObject {
	const rest: IDataObject = { ...state };
	delete rest.note;
	const entry: IDataObject = {
		state: receipt.state,
		detail: receipt.detail,
		timestamp: receipt.statusTimestamp,
		receivedAt: receipt.receivedAt,
		source: 'receipt',
	};
	if (receipt.error) {
		entry.errorCode = receipt.error.code;
		entry.providerErrorCode = receipt.error.providerErrorCode;
	}
	const failed = finalState === 'undelivered' || finalState === 'rejected';
	const json: IDataObject = {
		...rest,
		finalState,
		statusDetail: receipt.detail,
		statusTimestamp: receipt.statusTimestamp,
		history: [...(Array.isArray(state.history) ? state.history : []), entry],
		error: failed ? (receipt.error ?? null) : null,
		receipt: receipt as unknown as IDataObject,
	};
	return failed ? failedItemJson(json, errorOutput) : json;
}

function refuse(
	this: IWebhookFunctions,
	status: number,
	reason: string,
	message: string,
): IWebhookResponseData {
	this.logger.warn(`8x8 WhatsApp resume call refused (${status} ${reason}): ${message}`);
	const res = this.getResponseObject();
	res.status(status).json({ error: reason, message });
	return { noWebhookResponse: true };
}

/** The waiting item execute() left as this node's pending input; undefined when it cannot be read. */
export function readWaitState(this: IWebhookFunctions): WaitState | undefined {
	let raw: unknown;
	try {
		raw = this.evaluateExpression('{{ JSON.stringify($json) }}', 0);
	} catch (error) {
		this.logger.warn(
			`8x8 WhatsApp: could not read the waiting message: ${(error as Error).message}`,
		);
		return undefined;
	}
	if (typeof raw !== 'string') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
	const state = parsed as IDataObject;
	if (typeof state.umid !== 'string' || !state.umid) return undefined;
	return {
		...state,
		umid: state.umid,
		clientMessageId: typeof state.clientMessageId === 'string' ? state.clientMessageId : '',
		waitedFor: finalStatesFor(state.waitedFor),
		history: Array.isArray(state.history) ? (state.history as IDataObject[]) : [],
	};
}

/**
 * The resume webhook. Checks, in order: the node's wait token, that an Authorization header, when
 * sent, is the credential's Webhook Authorization Header (when set), the waiting message, that the
 * body is a delivery receipt, and that the receipt is for this message (umid, and clientMessageId
 * when 8x8 sends one). Anything else is refused with a 4xx and the execution keeps waiting.
 */
export async function resumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData();
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	const expectedAuthorization =
		typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';

	const query = this.getQueryData() as IDataObject;
	const expectedToken = waitToken(apiKey, String(this.getExecutionId() ?? ''), this.getNode().id);
	if (!sameSecret(query[WAIT_TOKEN_PARAM], expectedToken)) {
		return refuse.call(
			this,
			401,
			'invalid_wait_token',
			`The ${WAIT_TOKEN_PARAM} of this resume URL is missing or wrong: only the URL the node gave 8x8 as dlrCallbackUrl resumes this execution`,
		);
	}
	const wrongAuthorization = authorizationRefusal(expectedAuthorization, headers.authorization);
	if (wrongAuthorization) {
		return refuse.call(this, 401, 'authorization_mismatch', wrongAuthorization);
	}

	const state = readWaitState.call(this);
	if (!state) {
		return refuse.call(
			this,
			409,
			'no_waiting_message',
			'This execution is not waiting for an 8x8 delivery receipt (the waiting message could not be read)',
		);
	}

	const receivedAt = new Date().toISOString();
	const classified = normalizeEvent(this.getBodyData() as Record<string, unknown>, receivedAt);
	if (classified.kind !== 'event' || classified.eventType !== 'outbound_message_status_changed') {
		const eventType = classified.item.eventType || 'none';
		return refuse.call(
			this,
			400,
			'not_a_delivery_receipt',
			`Expected an 8x8 delivery receipt (eventType outbound_message_status_changed), got eventType ${eventType}`,
		);
	}
	const receipt = classified.item as DeliveryStatusItem;
	if (receipt.umid !== state.umid) {
		return refuse.call(
			this,
			409,
			'foreign_message',
			`The receipt is for message ${receipt.umid}; this execution waits for ${state.umid}`,
		);
	}
	if (
		receipt.clientMessageId &&
		state.clientMessageId &&
		receipt.clientMessageId !== state.clientMessageId
	) {
		return refuse.call(
			this,
			409,
			'foreign_message',
			`The receipt carries clientMessageId ${receipt.clientMessageId}; this execution waits for ${state.clientMessageId}`,
		);
	}

	const finalState = finalStateOf(receipt, state.waitedFor);
	if (!finalState) {
		return {
			webhookResponse: {
				received: true,
				umid: receipt.umid,
				state: receipt.state,
				stage: receipt.stage,
				waiting: true,
				waitingFor: state.waitedFor,
			},
		};
	}
	const executionId = String(this.getExecutionId() ?? '');
	const earlier = executionId ? claimResume(executionId, finalState) : undefined;
	if (earlier) {
		return {
			webhookResponse: {
				received: true,
				umid: receipt.umid,
				state: receipt.state,
				stage: receipt.stage,
				resumed: false,
				alreadyResumed: true,
				finalState: earlier.finalState,
			},
		};
	}
	const item: INodeExecutionData = {
		json: finalJson(state, finalState, receipt, usesErrorOutput(this.getNode())),
		pairedItem: { item: 0 },
	};
	return {
		webhookResponse: {
			received: true,
			umid: receipt.umid,
			state: receipt.state,
			stage: receipt.stage,
			resumed: true,
			finalState,
		},
		workflowData: [[item]],
	};
}
