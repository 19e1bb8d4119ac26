import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as message from './message/Message.resource';
import type { EightByEightWhatsAppType } from './node.type';

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
		default:
			throw unsupported();
	}
	return [returnData];
}
