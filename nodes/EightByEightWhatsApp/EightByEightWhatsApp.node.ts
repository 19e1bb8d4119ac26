import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperty } from './actions/descriptions';
import * as errorResource from './actions/error/Error.resource';
import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import * as template from './actions/template/Template.resource';
import * as webhook from './actions/webhook/Webhook.resource';
import { RESUME_WEBHOOKS, resumeWebhook } from './helpers/sendAndWait';
import {
	CREDENTIAL_TEST_NAME,
	testEightByEightCredential,
} from '../shared/transport/credentialTest';
import { listSearch, loadOptions, resourceMapping } from './methods';

/** "Send Template", "Template: Get Many", …: the operation as the user picked it, not its value. */
function subtitleExpression(): string {
	const labels: Record<string, string> = {};
	for (const property of [
		...message.description,
		...template.description,
		...webhook.description,
		...errorResource.description,
	]) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const resource = String(property.displayOptions?.show?.resource?.[0] ?? '');
		const resourceName = resourceProperty.options?.find(
			(option) => 'value' in option && option.value === resource,
		)?.name;
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			labels[`${resource}:${String(option.value)}`] =
				resource === 'message' ? option.name : `${resourceName}: ${option.name}`;
		}
	}
	return `={{ (${JSON.stringify(labels)})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}`;
}

export class EightByEightWhatsApp implements INodeType {
	description: INodeTypeDescription = {
		displayName: '8x8 WhatsApp',
		name: 'eightByEightWhatsApp',
		icon: {
			light: 'file:../../icons/8x8-whatsapp.svg',
			dark: 'file:../../icons/8x8-whatsapp.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: subtitleExpression(),
		description:
			'Send WhatsApp templates and messages through 8x8 Connect, with every error explained',
		defaults: { name: '8x8 WhatsApp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Error > Explain looks codes up in the package's catalog and makes no request.
		credentials: [
			{
				name: 'eightByEightApi',
				required: true,
				testedBy: 'eightByEightApiTest',
				displayOptions: { hide: { resource: ['error'] } },
			},
		],
		// The resume webhook of "Send and Wait for Delivery" (a restart webhook: nothing is registered
		// anywhere, n8n serves it at /webhook-waiting/<executionId> while an execution waits).
		webhooks: RESUME_WEBHOOKS,
		properties: [
			resourceProperty,
			...message.description,
			...template.description,
			...webhook.description,
			...errorResource.description,
		],
	};

	methods = {
		listSearch,
		loadOptions,
		resourceMapping,
		credentialTest: { [CREDENTIAL_TEST_NAME]: testEightByEightCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWebhook.call(this);
	}
}
