import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, eventsPath } from '../../../shared/transport';
import { forEachUmid, INBOUND_UMID_FIX, umidProperty } from './common';

const properties: INodeProperties[] = [
	umidProperty(
		'The umid of the INBOUND message you are answering. WhatsApp shows "typing…" until you reply or for up to 25 seconds, and marks the message read. Only for messages received in the last 2 hours.',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['showTyping'] } },
	properties,
);

/** `POST …/events` with `{channel: "whatsapp", type: "typing", umid}`. */
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
				path: eventsPath(subAccountId),
				body: { channel: 'whatsapp', type: 'typing', umid },
				itemIndex,
			});
			return { umid, typing: true };
		},
	);
}
