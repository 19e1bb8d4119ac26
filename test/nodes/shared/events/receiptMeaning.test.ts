import {
	DELIVERY_STAGES,
	DELIVERY_STATES,
	passesDeliveryFilter,
	receiptMeaning,
} from '../../../../nodes/shared/events';

describe('receiptMeaning: state + detail + channel', () => {
	it.each([
		// state, detail, channel, stage, reachedRecipient, failed
		['queued', null, 'whatsapp', 'queued', false, false],
		['rejected', null, 'whatsapp', 'rejected', false, true],
		['sent', null, 'whatsapp', 'sent', false, false],
		['delivered', 'delivered_to_operator', 'whatsapp', 'handed_to_operator', false, false],
		['delivered', 'delivered_to_recipient', 'whatsapp', 'delivered', true, false],
		['delivered', null, 'whatsapp', 'delivered', true, false],
		['delivered', 'something_new', 'whatsapp', 'delivered', true, false],
		['delivered', 'delivered_to_operator', 'viber', 'delivered', true, false],
		['delivered', 'delivered_to_operator', 'rcs', 'delivered', true, false],
		['delivered', 'delivered_to_recipient', 'viber', 'delivered', true, false],
		['read', null, 'whatsapp', 'read', true, false],
		['read', null, 'rcs', 'read', true, false],
		['undelivered', 'rejected_by_operator', 'whatsapp', 'undelivered', false, true],
		['undelivered', 'undelivered_to_recipient', 'whatsapp', 'undelivered', false, true],
		['failed', null, 'whatsapp', 'unknown', false, false],
	] as const)('%s / %s / %s -> %s', (state, detail, channel, stage, reachedRecipient, failed) => {
		expect(receiptMeaning(state, detail, channel)).toEqual({ stage, reachedRecipient, failed });
	});

	it('reads state, detail and channel in any case ("whatsApp", "Delivered")', () => {
		expect(receiptMeaning('Delivered', 'Delivered_To_Operator', 'whatsApp').stage).toBe(
			'handed_to_operator',
		);
		expect(receiptMeaning('READ', null, null)).toMatchObject({
			stage: 'read',
			reachedRecipient: true,
		});
	});

	it('without a channel, delivered_to_operator is not taken for WhatsApp (the documented Viber reading)', () => {
		expect(receiptMeaning('delivered', 'delivered_to_operator', null).stage).toBe('delivered');
	});

	it('every documented state has a stage of the same name, except delivered', () => {
		for (const state of DELIVERY_STATES) {
			const { stage } = receiptMeaning(state, null, 'whatsapp');
			expect(DELIVERY_STAGES).toContain(stage);
			if (state !== 'delivered') expect(stage).toBe(state);
		}
	});
});

describe('passesDeliveryFilter', () => {
	it('empty selection passes everything', () => {
		for (const stage of [...DELIVERY_STAGES, 'unknown' as const]) {
			expect(passesDeliveryFilter([], stage)).toBe(true);
		}
	});

	it('tells the operator hand-over from the phone', () => {
		expect(passesDeliveryFilter(['delivered'], 'handed_to_operator')).toBe(false);
		expect(passesDeliveryFilter(['delivered'], 'delivered')).toBe(true);
		expect(passesDeliveryFilter(['handed_to_operator'], 'handed_to_operator')).toBe(true);
		expect(passesDeliveryFilter(['handed_to_operator'], 'delivered')).toBe(false);
	});

	it('rejected can be selected; undocumented states always pass', () => {
		expect(passesDeliveryFilter(['undelivered', 'rejected'], 'rejected')).toBe(true);
		expect(passesDeliveryFilter(['undelivered'], 'rejected')).toBe(false);
		expect(passesDeliveryFilter(['undelivered'], 'unknown')).toBe(true);
	});
});
