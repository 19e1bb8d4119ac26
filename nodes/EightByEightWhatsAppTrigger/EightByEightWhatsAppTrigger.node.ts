import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { DEFAULT_EVENTS } from '../shared/events';
import { TRIGGER_PANEL, triggerProperties } from './description';
import { handleRequest } from './handleRequest';
import type { TriggerSettings } from './handleRequest';
import { OUTPUTS_EXPRESSION, routeItems, selectedEvents } from './outputs';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { cachedWebhookSecret } from '../shared/webhookSecretCache';
import { CREDENTIAL_TEST_NAME, testEightByEightCredential } from '../shared/transport/credentialTest';
import { checkWebhookExists, createWebhooks, deleteWebhooks } from './registration';
import { attachInboundMedia, mediaSettings } from './media';
import { expectedAuthorization } from './staticData';

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.map(String) : [];
}

function readSettings(context: IWebhookFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		events: selectedEvents(context.getNodeParameter('events', [...DEFAULT_EVENTS])),
		messageTypes: stringList(options.messageTypes),
		statusStates: stringList(options.statusStates),
		includeRaw: options.includeRaw === true,
		includeHeaders: options.includeHeaders === true,
	};
}

export class EightByEightWhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '8x8 WhatsApp Trigger',
		name: 'eightByEightWhatsAppTrigger',
		icon: { light: 'file:../../icons/8x8-whatsapp.svg', dark: 'file:../../icons/8x8-whatsapp.dark.svg' },
		group: ['trigger'],
		// 1 and 1.1 behave the same. 1.1 exists because n8n's webhook handler (webhook-helpers
		// parseRequestBody, 1.x and 2.x) evaluates the expression $parameter.options.binaryData for
		// every start node of typeVersion 1: on 2.x with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true that
		// one evaluation builds an expression isolate per call (~60 ms of CPU, measured).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{$parameter["registration"] === "automatic" ? "Registers its own 8x8 webhook" : "Webhook set up in 8x8 Connect"}}',
		// n8n's node creator shows this text for the merged "8x8 WhatsApp" entry (trigger and actions).
		description:
			'WhatsApp through 8x8 Connect: every event 8x8 sends (messages, contact cards, delivery receipts, Business App messages, template, number and account updates, opt-outs, user ID changes) on its own output, and templates and messages sent with every error explained',
		defaults: {
			name: '8x8 WhatsApp Trigger',
		},
		inputs: [],
		// One output per selected event (EVENT_TYPES order), then "Other". See outputs.ts: the order is
		// stable because n8n stores connections by output index.
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
				// n8n uses the test of the first node it finds for the credential: both nodes have it.
				testedBy: 'eightByEightApiTest',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// 8x8 wants an answer within 5 seconds: never wait for the workflow. The body is webhook()'s
				// `webhookResponse` (an empty responseData makes n8n use it instead of "firstEntryJson").
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
		triggerPanel: TRIGGER_PANEL,
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testEightByEightCredential } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkWebhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhooks.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhooks.call(this);
			},
		},
	};

	/**
	 * The hot path: verify the caller, classify, filter, answer. It evaluates no expression and reads
	 * the credential at most once per 30 s (webhookSecretCache.ts), so a call costs what n8n's own
	 * Webhook node costs. Refusals and filtered events start nothing and are answered here. An
	 * accepted event is answered by n8n itself (`webhookResponse`): on n8n 2.x only after it has
	 * created (and in queue mode enqueued) the execution, so a 200 means n8n holds the event; on 1.x
	 * at the same moment as for n8n's own Webhook node.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date().toISOString();
		const settings = readSettings(this);
		const registration = this.getNodeParameter('registration', 'manual') as string;
		const credentialValue = await cachedWebhookSecret(
			this.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? undefined,
			async () => {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				return typeof credentials.webhookSecret === 'string'
					? credentials.webhookSecret
					: '';
			},
		);

		const outcome = handleRequest(
			{
				headers: this.getHeaderData() as Record<string, unknown>,
				body: this.getBodyData() as unknown,
				expectedAuthorization: expectedAuthorization(credentialValue, registration, () =>
					this.getWorkflowStaticData('node'),
				),
				receivedAt,
			},
			settings,
		);

		if (outcome.kind === 'emit') {
			// One item on input 0; execute() puts it on its output (outputs.ts, outputIndexOfItem).
			return { webhookResponse: outcome.body, workflowData: [[{ json: outcome.json }]] };
		}
		this.getResponseObject().status(outcome.status).json(outcome.body);
		if (outcome.kind === 'reject') {
			this.logger.warn(outcome.logMessage, {
				node: this.getNode().name,
				status: outcome.status,
				reason: outcome.body.reason ?? outcome.body.error,
			});
		}
		return { noWebhookResponse: true };
	}

	/**
	 * Runs in the execution the webhook started (on a worker in queue mode), with webhook()'s item as
	 * its input, after n8n has answered 8x8: downloads inbound media when Download Media is on
	 * (media.ts), then places each item on its event's output.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const events = selectedEvents(this.getNodeParameter('events', 0, [...DEFAULT_EVENTS]));
		const media = mediaSettings(this.getNodeParameter('options', 0, {}) as IDataObject);
		const items = media.download
			? await attachInboundMedia(this.getInputData(), media, {
					httpRequest: async (options) => await this.helpers.httpRequest(options),
					prepareBinaryData: async (data, fileName, mimeType) =>
						await this.helpers.prepareBinaryData(data, fileName, mimeType),
				})
			: this.getInputData();
		return routeItems(items, events);
	}
}
