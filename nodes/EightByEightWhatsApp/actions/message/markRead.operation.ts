import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, messagePath } from '../../../shared/transport';
import { forEachUmid, INBOUND_UMID_FIX, umidProperty } from './common';

const properties: INodeProperties[] = [
	umidProperty(
		'The umid of the INBOUND message to mark as read (the Inbound output of the 8x8 WhatsApp Trigger gives it). The user sees blue ticks.',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['markRead'] } },
	properties,
);

/** `POST …/messages/{umid}/read` with no body. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachUmid.call(
		this,
		items,
		INBOUND_UMID_FIX,
		async ({ umid, subAccountId }, itemIndex) => {
			await apiRequest.call(this, {
				method: 'POST',
				path: `${messagePath(subAccountId, umid)}/read`,
				itemIndex,
			});
			return { umid, markedRead: true };
		},
	);
}
