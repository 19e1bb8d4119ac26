/**
 * What a delivery receipt means for the message, in one place: where the message is (`stage`) and
 * whether it reached the recipient (`reachedRecipient`), derived from 8x8's state, detail and
 * channel. Used by the trigger's Delivery Status items, its Delivery States filter and Send and
 * Wait for Delivery, so the three never disagree.
 *
 * From 8x8's pages (message-status-references.md, delivery-receipts-for-outbound-chatapps.mdx):
 * - `queued`: accepted and queued. `rejected`: "rejected by 8x8" (never sent); its code is an API
 *   error code, as in the OpenAPI batch answer (`state: rejected`, `errorCode: 3038`).
 * - `sent`: sent to the operator, no acknowledgment yet.
 * - `delivered` + `delivered_to_operator` on WhatsApp: the hand-over, generated "before the message
 *   reaches WhatsApp" (section "When channelUserId is missing"); the phone does not have it yet and
 *   an `undelivered` can still follow.
 * - `delivered` + `delivered_to_recipient`: on the recipient's device (WhatsApp's own receipt).
 * - `delivered` on other channels: 8x8's only Viber sample, titled "Viber — delivered to
 *   recipient", carries `delivered_to_operator`: for Viber and RCS that receipt is the delivery.
 * - `delivered` without a detail (or with one 8x8 does not document): the state's own definition,
 *   "delivered to the destination".
 * - `read`: delivered and read. `undelivered` (`rejected_by_operator`, `undelivered_to_recipient`):
 *   not delivered, with a delivery error code.
 * Any other state is undocumented: stage `unknown`, not reached.
 */

/** The stages a receipt can report, in the order a message moves through them. */
export const DELIVERY_STAGES = [
	'queued',
	'rejected',
	'sent',
	'handed_to_operator',
	'delivered',
	'read',
	'undelivered',
] as const;

export type DeliveryStage = (typeof DELIVERY_STAGES)[number] | 'unknown';

export interface ReceiptMeaning {
	stage: DeliveryStage;
	/** True only when the message is on the recipient's device (delivered to the recipient, or read). */
	reachedRecipient: boolean;
	/** True for `rejected` and `undelivered`: the message will not arrive. */
	failed: boolean;
}

/** Which catalog explains a receipt's error code: rejected by 8x8 = an API code, else a delivery code. */
export type ReceiptErrorSource = 'api' | 'delivery';

function deliveredStage(detail: string, channel: string): DeliveryStage {
	if (detail === 'delivered_to_operator' && channel === 'whatsapp') return 'handed_to_operator';
	return 'delivered';
}

/** The meaning of one receipt; `state`, `detail` and `channel` as 8x8 sent them (any case). */
export function receiptMeaning(
	state: string,
	detail: string | null | undefined,
	channel: string | null | undefined,
): ReceiptMeaning {
	const normalizedState = state.toLowerCase();
	let stage: DeliveryStage;
	switch (normalizedState) {
		case 'queued':
		case 'rejected':
		case 'sent':
		case 'read':
		case 'undelivered':
			stage = normalizedState;
			break;
		case 'delivered':
			stage = deliveredStage((detail ?? '').toLowerCase(), (channel ?? '').toLowerCase());
			break;
		default:
			stage = 'unknown';
	}
	return {
		stage,
		reachedRecipient: stage === 'delivered' || stage === 'read',
		failed: stage === 'rejected' || stage === 'undelivered',
	};
}

export function receiptErrorSource(stage: DeliveryStage): ReceiptErrorSource {
	return stage === 'rejected' ? 'api' : 'delivery';
}

/**
 * The trigger's Delivery States filter: empty = every receipt; otherwise the selected stages, plus
 * receipts in a state 8x8 does not document (they cannot be selected, and are never dropped unseen).
 */
export function passesDeliveryFilter(selected: readonly string[], stage: DeliveryStage): boolean {
	return selected.length === 0 || stage === 'unknown' || selected.includes(stage);
}
