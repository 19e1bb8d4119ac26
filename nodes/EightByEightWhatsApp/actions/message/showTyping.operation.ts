import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, eventsPath, getEightByEightCredentials } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { UMID_PATTERN, umidProperty } from './common';

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
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const umid = textParameter.call(this, 'umid', itemIndex);
			if (!UMID_PATTERN.test(umid)) {
				throw validationError(
					this.getNode(),
					itemIndex,
					[umid ? `"${umid}" is not a message ID (a UUID)` : 'Message ID is empty'],
					"Map the inbound message's umid, e.g. {{ $json.umid }} after the 8x8 WhatsApp Trigger.",
				);
			}
			const { subAccountId } = await getEightByEightCredentials.call(this);
			await apiRequest.call(this, {
				method: 'POST',
				path: eventsPath(subAccountId),
				body: { channel: 'whatsapp', type: 'typing', umid },
				itemIndex,
			});
			return { umid, typing: true };
		},
		(itemIndex) => ({ umid: textParameter.call(this, 'umid', itemIndex) }),
	);
}
