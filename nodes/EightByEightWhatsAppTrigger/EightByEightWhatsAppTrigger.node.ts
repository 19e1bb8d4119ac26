import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { EVENT_TYPES } from '../shared/events';
import { triggerProperties } from './description';
import { handleRequest } from './handleRequest';
import type { TriggerSettings } from './handleRequest';
import { OUTPUTS_EXPRESSION, selectedEvents } from './outputs';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { checkWebhookExists, createWebhooks, deleteWebhooks } from './registration';
import { expectedAuthorization } from './staticData';

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.map(String) : [];
}

function readSettings(context: IWebhookFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		events: selectedEvents(context.getNodeParameter('events', [...EVENT_TYPES])),
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
		version: 1,
		subtitle:
			'={{$parameter["registration"] === "automatic" ? "Registers its own 8x8 webhook" : "Webhook set up in 8x8 Connect"}}',
		description:
			'Starts the workflow when 8x8 sends a WhatsApp event: inbound messages, delivery statuses, template, number and account updates, each on its own output',
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
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// 8x8 wants an answer within 5 seconds; webhook() answers itself (see below).
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

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
	 * Stateless and fast: verify the caller, classify the event, answer, emit. It answers every call
	 * itself through the response object (200 with a small JSON receipt, 400 or 401 with the reason),
	 * because n8n's default answer in "onReceived" mode would be the literal text "firstEntryJson".
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date().toISOString();
		const settings = readSettings(this);
		const registration = this.getNodeParameter('registration', 'manual') as string;
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);

		const outcome = handleRequest(
			{
				headers: this.getHeaderData() as Record<string, unknown>,
				body: this.getBodyData() as unknown,
				expectedAuthorization: expectedAuthorization(
					credentials.webhookAuthorization,
					registration,
					() => this.getWorkflowStaticData('node'),
				),
				receivedAt,
			},
			settings,
		);

		const response = this.getResponseObject();
		response.status(outcome.status).json(outcome.body);

		if (outcome.kind === 'reject') {
			this.logger.warn(outcome.logMessage, {
				node: this.getNode().name,
				status: outcome.status,
				reason: outcome.body.reason ?? outcome.body.error,
			});
			return { noWebhookResponse: true };
		}
		if (outcome.kind === 'ignore') return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: outcome.workflowData };
	}
}
