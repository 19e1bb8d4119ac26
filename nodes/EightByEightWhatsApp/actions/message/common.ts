/** The Message ID (umid) parameter of the message operations that act on one existing message. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getEightByEightCredentials } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import type { ItemResult } from '../../helpers/perItem';
import { forEachItem, textParameter } from '../../helpers/perItem';

/** umids are UUIDs; 8x8 answers 400 / 1000 "Invalid umid." otherwise. */
export const UMID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the umid of an inbound message comes from (Mark as Read, Show Typing). */
export const INBOUND_UMID_FIX =
	"Map the inbound message's umid, e.g. {{ $json.umid }} after the 8x8 WhatsApp Trigger.";

export function umidProperty(description: string): INodeProperties {
	return {
		displayName: 'Message ID (UMID)',
		name: 'umid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
		description,
	};
}

/** The item's Message ID, checked to be a umid; `fix` says where a valid one comes from. */
export function umidParameter(this: IExecuteFunctions, itemIndex: number, fix: string): string {
	const umid = textParameter.call(this, 'umid', itemIndex);
	if (!UMID_PATTERN.test(umid)) {
		throw validationError(
			this.getNode(),
			itemIndex,
			[umid ? `"${umid}" is not a message ID (a UUID)` : 'Message ID is empty'],
			fix,
		);
	}
	return umid;
}

/** The checked umid of an item, and the sub-account of the credential that owns the message. */
export interface UmidTarget {
	umid: string;
	subAccountId: string;
}

/**
 * Runs the operation once per item (see forEachItem) with the item's checked umid and the
 * credential's sub-account; under Continue On Fail an error item names the umid it was given.
 */
export async function forEachUmid(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	fix: string,
	run: (target: UmidTarget, itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const umid = umidParameter.call(this, itemIndex, fix);
			const { subAccountId } = await getEightByEightCredentials.call(this);
			return await run({ umid, subAccountId }, itemIndex);
		},
		(itemIndex) => ({ umid: textParameter.call(this, 'umid', itemIndex) }),
	);
}
