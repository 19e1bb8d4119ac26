import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	apiRequest,
	eightByEightApiError,
	errorDetailsOf,
	messagePath,
} from '../../../shared/transport';
import { createPacer, MESSAGE_DETAILS_INTERVAL_MS } from '../../helpers/pacing';
import { withItemIndex } from '../../helpers/perItem';
import { forEachUmid, umidProperty } from './common';

const properties: INodeProperties[] = [
	{
		displayName:
			'8x8 allows one message-details request per second per sub-account: with several items the node waits 1 second between lookups.',
		name: 'rateNotice',
		type: 'notice',
		default: '',
	},
	umidProperty('The umid of a message sent or received by this sub-account'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

/**
 * `GET …/messages/{umid}`: one item per record 8x8 returns (a message that fell back to SMS has one
 * record per channel tried). Content and phone numbers come back masked by 8x8.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const pace = createPacer(MESSAGE_DETAILS_INTERVAL_MS);
	return await forEachUmid.call(
		this,
		items,
		'Use the umid from a send result or a trigger item, e.g. dec02e44-c76f-4a0a-b69f-6ac2a4386eb9.',
		async ({ umid, subAccountId }, itemIndex) => {
			await pace();
			let answer: IDataObject;
			try {
				answer = (await apiRequest.call(this, {
					method: 'GET',
					path: messagePath(subAccountId, umid),
					itemIndex,
				})) as IDataObject;
			} catch (error) {
				const details = errorDetailsOf(error);
				if (details.httpStatus !== 404) throw withItemIndex.call(this, error, itemIndex);
				throw eightByEightApiError(this.getNode(), {
					status: 404,
					code: details.code,
					message: `message ${umid} was not found or has expired`,
					errorId: details.errorId,
					itemIndex,
					extraDescription: ` 8x8 keeps message details for a limited time, and only for the sub-account that sent or received the message (this credential: ${subAccountId}). Check the umid and the credential's Sub-Account ID.`,
				});
			}
			const records = Array.isArray(answer?.data) ? (answer.data as IDataObject[]) : [];
			return records.map((record) => ({ ...record }));
		},
	);
}
