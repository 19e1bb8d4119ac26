import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperty } from './actions/descriptions';
import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import { listSearch, loadOptions, resourceMapping } from './methods';

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
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send WhatsApp templates and messages through 8x8 Connect, with every error explained',
		defaults: { name: '8x8 WhatsApp' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'eightByEightApi', required: true }],
		properties: [resourceProperty, ...message.description],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
