import type { DeliveryStatusItem } from '../../../../nodes/shared/events';
import { eventItem, fixture } from './helpers';

jest.mock('../../../../nodes/shared/errors', () => ({
	explainDeliveryError: () => {
		throw new Error('catalog unavailable');
	},
}));

describe('delivery receipts when the error catalog throws', () => {
	it('still reach the Delivery output, with a generic explanation', () => {
		const item = eventItem<DeliveryStatusItem>(
			fixture('docs-receipt-v8-undelivered'),
			'outbound_message_status_changed',
		);
		expect(item.error).toMatchObject({
			code: 15,
			message: 'Invalid destination',
			providerErrorCode: '131009',
			metaCode: 131009,
			retryable: false,
		});
		expect(item.error?.meaning).toBe('Invalid destination');
		expect(item.error?.title.length).toBeGreaterThan(0);
		expect(item.error?.fix.length).toBeGreaterThan(0);
	});
});
