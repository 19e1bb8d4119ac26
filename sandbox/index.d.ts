/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** Types for the local 8x8 Chat Apps sandbox (sandbox/index.js). Dev tooling, not published. */
import type { Server } from 'node:http';

export interface SandboxLogger {
	info?(line: string): void;
	log?(line: string): void;
}

export interface SandboxOptions {
	/** Listen address. Default '127.0.0.1'. */
	host?: string;
	/** Listen port; 0 (default) picks a free one. */
	port?: number;
	/** Accepted Bearer key. Default 'sandbox-api-key'. */
	apiKey?: string;
	/** Key answered with 403 / code 1201 "Account was not found in SG…". Default 'sandbox-wrong-region-key'. */
	wrongRegionKey?: string;
	/** Default 'SandboxSub'. */
	subAccountId?: string;
	/** Default 'SandboxAccount'. */
	accountId?: string;
	/** Default '5a4db0c5-8e8e-4c1a-9b1d-0000000008a8'. */
	channelId?: string;
	channelName?: string;
	businessAccountId?: string;
	/** Play delivery receipts for accepted messages. Default true. */
	receipts?: boolean;
	/** Receipt body format: 9 (default, latest) or 8 (no `version`, channelUserId = phone number, no outboundContent). */
	receiptVersion?: 8 | 9;
	/** Pause before each receipt. Default 150; 0 allowed. */
	receiptDelayMs?: number;
	/** Webhook retry pauses after a failed attempt. Default [50, 200, 500] (8x8: 1, 10, 30, 90 s). */
	receiptRetryDelaysMs?: number[];
	/** A webhook call slower than this fails (and is retried). Default 5000. */
	webhookTimeoutMs?: number;
	/** null (default): new templates stay PENDING. A number: APPROVED (or REJECTED for `reject_*` names) after that many ms. */
	autoApproveMs?: number | null;
	/** Keep request and message bodies in the logs. Default true; false for load tests. */
	recordBodies?: boolean;
	/** Default 1000. */
	maxBatchSize?: number;
	maxRequestLog?: number;
	maxDeliveryLog?: number;
	maxMessages?: number;
	/** How long a deleted template name answers 409 / 3060. Default 30 days. */
	templateNameCooldownMs?: number;
	bodyLimitBytes?: number;
	/** Replace the seed templates (list shape). */
	templates?: SandboxTemplate[];
	/** Silent by default. A function, an object with info()/log(), or true for console. */
	logger?: ((line: string) => void) | SandboxLogger | boolean;
}

/** States and details 8x8 documents (message-status-references.md). */
export type ReceiptState = 'queued' | 'rejected' | 'sent' | 'delivered' | 'undelivered' | 'read';
export type ReceiptDetail =
	| 'delivered_to_operator'
	| 'delivered_to_recipient'
	| 'rejected_by_operator'
	| 'undelivered_to_recipient';

/** One receipt of a sequence. */
export interface ReceiptStep {
	state: ReceiptState;
	/** delivered_to_* with delivered, rejected_by_operator / undelivered_to_recipient with undelivered. */
	detail?: ReceiptDetail;
	/** undelivered: 8x8 delivery code; rejected: 8x8 API code. Only on those two states. */
	errorCode?: number;
	/** Default: 8x8's text for a known code. null: left out. */
	errorMessage?: string | null;
	/** Meta's code (undelivered only). Default: the one 8x8's table gives for the code. null: left out. */
	providerErrorCode?: string | null;
	/** Override whatsapp.pricingCategory; null: left out. */
	pricingCategory?: string | null;
	/** Override user.channelUserId; null: left out. */
	channelUserId?: string | null;
	/** Pause before this step (default: the sequence's delayMs, else receiptDelayMs). */
	delayMs?: number;
}

export interface OutcomeEntry {
	outcome: 'read' | 'delivered' | 'undelivered' | 'rejected' | 'scripted';
	/** 'session': only non-template messages; 'template': only template messages; elsewhere → digit 0. */
	appliesTo: 'all' | 'session' | 'template';
	/** Code of the last receipt when it is a failure. */
	errorCode?: number;
	errorMessage?: string;
	providerErrorCode?: string;
	description: string;
	/** The receipts played, in order. */
	sequence: readonly ReceiptStep[];
}

/** POST /__sandbox/receipts, playReceipts(). */
export interface PlayReceiptsSpec {
	/** An accepted message (404 / 1300 otherwise). */
	umid: string;
	sequence: ReceiptStep[];
	/** Post here (with `authorization`) instead of the dlrCallbackUrl / CADR webhook. */
	url?: string;
	/** Authorization header to send (default: the CADR webhook's). */
	authorization?: string;
	/** Pause before each step (default receiptDelayMs). */
	delayMs?: number;
	version?: 8 | 9;
}

export interface PlayedReceipt {
	state: ReceiptState;
	detail?: ReceiptDetail;
	url?: string;
	delivered: boolean;
	attempts: WebhookDeliveryAttempt[];
}

export interface PlayReceiptsResult {
	played: PlayedReceipt[];
	/** True when a reset, a cancel or a newer play stopped it. */
	stopped: boolean;
}

/** POST /__sandbox/receipt-scripts, scriptReceipts(). */
export interface ReceiptScriptSpec extends Omit<PlayReceiptsSpec, 'umid'> {
	/** At least one; all given must equal the accepted message's. */
	match: { msisdn?: string; channelUserId?: string; clientMessageId?: string };
	/** How many matching messages it applies to. Default 1. */
	count?: number;
}

export interface ReceiptScript extends Omit<ReceiptScriptSpec, 'count'> {
	id: number;
	count: number;
	remaining: number;
}

/** How an unknown account / channel is answered (null: 403 / 1201 and 404 / 1300). */
export interface Refusal {
	status: number;
	code: number;
	message?: string;
}
export interface Refusals {
	account: Refusal | null;
	channel: Refusal | null;
}

export const OUTCOMES_BY_LAST_DIGIT: Readonly<
	Record<'0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9', OutcomeEntry>
>;
export const DEFAULTS: Readonly<Required<Omit<SandboxOptions, 'templates' | 'logger'>>> & {
	autoApproveMs: number | null;
};
export const SEED_TEMPLATES: SandboxTemplate[];
export const ZERO_UMID: '00000000-0000-0000-0000-000000000000';

export interface SandboxTemplateComponent {
	type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS' | string;
	format?: 'Text' | 'Image' | 'Gif' | 'Video' | 'Document' | 'Location' | string;
	text?: string;
	buttons?: Array<{
		type: string;
		text: string;
		url?: string;
		phoneNumber?: string;
		otp_type?: string;
		example?: string[];
	}>;
	example?: { headerText?: string[]; bodyText?: string[]; headerHandle?: string[] };
}

export interface SandboxTemplate {
	templateName: string;
	language: string;
	category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
	status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | string;
	components: SandboxTemplateComponent[];
	reason?: string;
	parameterFormat?: 'NAMED' | 'POSITIONAL';
	id?: string;
	createdAt?: string;
	updatedAt?: string;
}

export interface MessageStatus {
	state: string;
	detail?: string;
	timestamp: string;
	errorCode?: number;
	errorMessage?: string;
}

export interface SandboxMessage {
	umid: string;
	subAccountId: string;
	channel: 'whatsapp';
	direction: 'outbound';
	batchId?: string;
	clientBatchId?: string;
	clientMessageId?: string;
	type: string;
	user: { msisdn?: string; channelUserId?: string };
	template?: { name: string; language: string; category: string };
	status: MessageStatus;
	outcome: OutcomeEntry & { digit: string | null };
	dlrCallbackUrl?: string;
	/** The v9 outboundContent its delivered_to_recipient receipt carries (recordBodies only). */
	outboundContent?: Record<string, unknown>;
	scheduled?: string;
	cancelled?: boolean;
	receivedAt: string;
	/** The request message (after batch `template` merge); only with recordBodies. */
	body?: Record<string, unknown>;
}

/** Same as SandboxMessage but `outcome` is just the outcome name (GET /__sandbox/messages). */
export interface SandboxMessageView
	extends Omit<
		SandboxMessage,
		'outcome' | 'channel' | 'direction' | 'dlrCallbackUrl' | 'outboundContent'
	> {
	outcome: OutcomeEntry['outcome'];
}

export interface SandboxRequestLogEntry {
	id: number;
	method: string;
	path: string;
	query?: string;
	receivedAt: string;
	/** HTTP status answered; 0 when the socket was destroyed (reset fault). */
	status: number;
	/** Status the route produced before a fault replaced the answer. */
	processedStatus?: number;
	durationMs?: number;
	fault?: number;
	reset?: boolean;
	headers?: Record<string, string | string[] | undefined>;
	/** Raw request body text (recordBodies). */
	body?: string;
}

export interface WebhookDeliveryAttempt {
	id: number;
	kind: 'receipt' | 'inbound' | 'event';
	umid?: string;
	clientMessageId?: string;
	state?: string;
	detail?: string;
	eventType?: string;
	url: string;
	attempt: number;
	/** HTTP status of the receiver, 0 on connection error / timeout. */
	status: number;
	ok: boolean;
	error?: string;
	headers: Record<string, string | number>;
	body: unknown;
	responseBody?: string;
	durationMs?: number;
	at: string;
	/** True for the last attempt of a delivery (delivered, or out of retries). */
	final: boolean;
}

export interface SandboxWebhook {
	type: 'CADR' | 'MSG' | 'CABM';
	subAccountId: string;
	url: string;
	enabled: boolean;
	httpAuthorization?: string;
	oauth?: {
		url: string;
		clientId: string;
		clientSecret: string;
		credentialsLocation: 'header' | 'body';
		scope?: string;
	};
}

export interface FaultSpec {
	match?: { method?: string; path?: string | RegExp };
	/** Shorthands for match.method / match.path. */
	method?: string;
	path?: string | RegExp;
	/** How many matching requests it applies to. Default 1. */
	count?: number;
	/** Answer with this status (nothing is processed unless afterAccept). */
	status?: number;
	/** Retry-After seconds (429 sends 1 unless null). */
	retryAfter?: number | null;
	code?: number;
	message?: string;
	/** Replaces the whole error body: an object is sent as JSON, a string as is (text/plain unless contentType). */
	body?: unknown;
	/** Content-Type of the answer, e.g. 'text/html' for a gateway page. */
	contentType?: string;
	/** Answer text/html: the string body, or an nginx-style "<status> <reason>" page. */
	html?: boolean;
	headers?: Record<string, string>;
	/** Answer late (processed normally unless status is set). */
	delayMs?: number;
	/** Destroy the socket instead of answering; the request IS processed (a send is accepted) unless afterAccept:false. */
	reset?: boolean;
	/** Process the request (accept the message), then answer `status` (default 500). */
	afterAccept?: boolean;
}

export interface Fault extends FaultSpec {
	id: number;
	match: { method?: string; path?: string };
	count: number;
	remaining: number;
	processes: boolean;
	createdAt: string;
}

export interface InboundInput {
	umid?: string;
	subAccountId?: string;
	timestamp?: string;
	user?: {
		msisdn?: string | null;
		channelUserId?: string | null;
		name?: string | null;
		username?: string | null;
	};
	recipient?: { channel?: string; channelId?: string };
	/** text (default) | image | video | audio | file | location | interactive | … (any case) */
	type?: string;
	content?: Record<string, unknown>;
	/** Shorthand for content.text. */
	text?: string;
	replyToUmid?: string;
	/** A full payload can also be given here. */
	payload?: Record<string, unknown>;
	url?: string;
	authorization?: string;
	wait?: boolean;
}

export interface DeliveryResult {
	delivered: boolean;
	attempts: WebhookDeliveryAttempt[];
	url?: string;
	aborted?: boolean;
	error?: string;
}

export interface InboundResult extends DeliveryResult {
	umid: string;
	envelope: {
		version: 3;
		namespace: 'ChatApps';
		eventType: 'inbound_message_received';
		description: string;
		payload: Record<string, unknown> & { umid: string };
	};
}

export interface SandboxState {
	/** Every accepted message, in order (bounded by maxMessages). */
	messages: SandboxMessage[];
	messagesByUmid: Map<string, SandboxMessage>;
	batches: Map<
		string,
		{
			batchId: string;
			clientBatchId?: string;
			subAccountId: string;
			umids: string[];
			createdAt: string;
		}
	>;
	inbound: Array<{
		umid: string;
		subAccountId: string;
		direction: 'inbound';
		user: Record<string, unknown>;
		envelope: InboundResult['envelope'];
	}>;
	inboundByUmid: Map<string, unknown>;
	/** POST …/messages/{umid}/read calls. */
	reads: Array<{ subAccountId: string; umid: string; at: string }>;
	/** POST …/events (typing) calls. */
	events: Array<Record<string, unknown>>;
	webhooks: SandboxWebhook[];
	requests: SandboxRequestLogEntry[];
	webhookDeliveries: WebhookDeliveryAttempt[];
	faults: Fault[];
	/** Armed receipt scripts (POST /__sandbox/receipt-scripts). */
	receiptScripts: ReceiptScript[];
	counters: {
		requests: number;
		accepted: number;
		rejected: number;
		receiptsDelivered: number;
		receiptsFailed: number;
	};
	readonly templates: SandboxTemplate[];
}

export interface SandboxCredentials {
	apiKey: string;
	subAccountId: string;
	accountId: string;
	channelId: string;
	region: 'custom';
	baseUrl: string;
	wrongRegionKey: string;
}

export interface Sandbox {
	/** Base URL, e.g. http://127.0.0.1:41769 (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly host: string;
	readonly options: Required<Omit<SandboxOptions, 'templates' | 'logger'>> & {
		logger: ((line: string) => void) | null;
	};
	/** The values to put in the n8n credential. */
	readonly credentials: SandboxCredentials;
	readonly state: SandboxState;
	readonly server: Server;
	close(): Promise<void>;
	/** Clear messages, logs, faults, pending receipts; webhooks and templates too unless kept. */
	reset(options?: { keepWebhooks?: boolean; keepTemplates?: boolean }): void;
	injectFault(fault: FaultSpec): Fault;
	injectFault(faults: FaultSpec[]): Fault[];
	clearFaults(): void;
	/** Post a v3 inbound message to the MSG webhook (or options.url); resolves after delivery / retries. */
	sendInbound(
		input?: InboundInput,
		options?: { url?: string; authorization?: string },
	): Promise<InboundResult>;
	/** Post any body to the CABM webhook (or options.url). */
	postEvent(
		body: unknown,
		options?: { url?: string; authorization?: string },
	): Promise<DeliveryResult>;
	/**
	 * Build a WhatsApp user event (whatsapp_preference, whatsapp_contact, whatsapp_user_id_update) in
	 * 8x8's documented shape and post it to the CABM webhook (or options.url). See userEvents.js.
	 */
	postUserEvent(
		spec: UserEventSpec,
		options?: { url?: string; authorization?: string },
	): Promise<DeliveryResult & { body: Record<string, unknown> }>;
	/** Build a v9 external_app_message (a WhatsApp Business App echo) and post it to the CADR webhook. */
	postBusinessAppMessage(
		spec?: BusinessAppMessageSpec,
		options?: { url?: string; authorization?: string },
	): Promise<DeliveryResult & { body: Record<string, unknown> }>;
	/** Change a template's status and post a CABM template_status_update. Undefined when not found. */
	setTemplateStatus(
		name: string,
		status: string,
		options?: { language?: string; reason?: string },
	): Promise<
		| { template: SandboxTemplate; event: Record<string, unknown>; delivery: DeliveryResult }
		| undefined
	>;
	/** Play a receipt sequence for an accepted message now (its automatic receipts stop). Rejects on a bad spec. */
	playReceipts(spec: PlayReceiptsSpec): Promise<PlayReceiptsResult>;
	/** Arm a sequence for the next accepted message(s) that match. */
	scriptReceipts(spec: ReceiptScriptSpec): ReceiptScript;
	clearReceiptScripts(): void;
	/** Change how an unknown account / channel is answered; null restores the default. Returns the current ones. */
	setRefusals(refusals: { account?: Refusal | null; channel?: Refusal | null }): Refusals;
	/** Resolves true when no receipt chain is pending (false on timeout, default 10 s). */
	whenIdle(timeoutMs?: number): Promise<boolean>;
	/** The outcome a recipient number gets. */
	outcomeFor(msisdn: string, isTemplate?: boolean): OutcomeEntry & { digit: string | null };
	/** Snapshot of GET /__sandbox/messages. */
	messages(): SandboxMessageView[];
	webhookDeliveries(): WebhookDeliveryAttempt[];
}

export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;

/** A WhatsApp user of the sandbox's built events; msisdn null = a user known only by BSUID. */
export interface SandboxUser {
	msisdn?: string | null;
	channelUserId?: string;
	name?: string;
	username?: string;
}

export interface UserEventSpec {
	eventType: 'whatsapp_preference' | 'whatsapp_contact' | 'whatsapp_user_id_update';
	user?: SandboxUser;
	/** whatsapp_preference: 'stop' (default) or 'resume'. */
	value?: string;
	/** whatsapp_contact: Meta contact cards (default: one card). */
	cards?: Array<Record<string, unknown>>;
	/** whatsapp_user_id_update: the new BSUID (default: derived from the old one). */
	newChannelUserId?: string;
}

export interface BusinessAppMessageSpec {
	user?: SandboxUser;
	/** 8x8's message type, e.g. Text (default) or Image. */
	type?: string;
	content?: Record<string, unknown>;
	text?: string;
}

