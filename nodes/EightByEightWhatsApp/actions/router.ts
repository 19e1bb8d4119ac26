import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as errorResource from './error/Error.resource';
import * as message from './message/Message.resource';
import type { EightByEightWhatsAppType } from './node.type';
import * as template from './template/Template.resource';
import * as webhook from './webhook/Webhook.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const nodeData = { resource, operation } as EightByEightWhatsAppType;
	const unsupported = () =>
		new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);

	let returnData: INodeExecutionData[];
	switch (nodeData.resource) {
		case 'message': {
			const handler = message[nodeData.operation];
			if (typeof handler?.execute !== 'function') throw unsupported();
			returnData = await handler.execute.call(this, items);
			break;
		}
		case 'template': {
			const handler = template[nodeData.operation];
			if (typeof handler?.execute !== 'function') throw unsupported();
			returnData = await handler.execute.call(this, items);
			break;
		}
		case 'webhook': {
			const handler = webhook[nodeData.operation];
			if (typeof handler?.execute !== 'function') throw unsupported();
			returnData = await handler.execute.call(this, items);
			break;
		}
		case 'error': {
			const handler = errorResource[nodeData.operation];
			if (typeof handler?.execute !== 'function') throw unsupported();
			returnData = await handler.execute.call(this, items);
			break;
		}
		default:
			throw unsupported();
	}
	return [returnData];
}
