import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest, getEightByEightCredentials, messagePath } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { forEachItem, textParameter } from '../../helpers/perItem';
import { UMID_PATTERN, umidProperty } from './common';

const properties: INodeProperties[] = [
	umidProperty(
		'The umid of the INBOUND message to mark as read (the Inbound Message output of the 8x8 WhatsApp Trigger gives it). The user sees blue ticks.',
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
				path: `${messagePath(subAccountId, umid)}/read`,
				itemIndex,
			});
			return { umid, markedRead: true };
		},
		(itemIndex) => ({ umid: textParameter.call(this, 'umid', itemIndex) }),
	);
}
