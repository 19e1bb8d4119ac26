import type { CategoryDetectionItem } from '../../../../nodes/shared/events';
import { eventItem, fixture, RECEIVED_AT, setPath } from './helpers';

const EVENT_ID = '0f88f5c4-fae7-4dcf-8ff2-b2990133edea';

describe('template_correct_category_detection (advisory)', () => {
	it('the documented sample: the category it was sent under and the one Meta detected', () => {
		expect(
			eventItem(fixture('docs-template-correct-category-detection'), 'template_correct_category_detection'),
		).toEqual({
			eventType: 'template_correct_category_detection',
			dedupeKey: EVENT_ID,
			receivedAt: RECEIVED_AT,
			eventId: EVENT_ID,
			timestamp: '2025-01-01T00:00:00.00Z',
			provider: 'WhatsApp',
			accountId: '<AccountId>',
			businessAccountId: '<BusinessAccountId>',
			templateId: '<TEMPLATE_ID>',
			templateName: '<TEMPLATE_NAME>',
			templateLanguage: '<TEMPLATE_LANGUAGE>',
			category: 'UTILITY',
			correctCategory: 'MARKETING',
		});
	});

	it('numeric ids (the page types templateId as long) become text', () => {
		expect(
			eventItem<CategoryDetectionItem>(fixture('variant-category-detection-numeric-id')),
		).toMatchObject({
			templateId: '1179221430437011',
			businessAccountId: '102290129340398',
			templateName: 'login_code',
			category: 'UTILITY',
			correctCategory: 'AUTHENTICATION',
		});
	});

	it('without meta the categories are null, still on its own output', () => {
		const body = setPath(fixture('docs-template-correct-category-detection'), 'eventDetails.meta', undefined);
		expect(eventItem<CategoryDetectionItem>(body)).toMatchObject({ category: null, correctCategory: null });
	});
});
