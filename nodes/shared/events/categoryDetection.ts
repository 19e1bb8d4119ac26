/**
 * `template_correct_category_detection` (CABM, whatsapp-template-change-webhook.md): Meta found
 * that messages of a template were sent under the wrong category. Advisory only: the template's
 * category is NOT changed; re-categorize it to `correctCategory` to clear the warning.
 */
import { z } from 'zod';

import type { BaseItem } from './index';
import { businessEvent } from './schemas';
import { businessEventFields, str } from './values';

const text = z.string().nullable().optional();
const looseId = z.union([z.string(), z.number()]).nullable().optional();

export const categoryDetectionSchema = businessEvent(
	z.object({
		templateId: looseId,
		templateName: text,
		templateLanguage: text,
		meta: z.object({ category: text, correctCategory: text }).nullable().optional(),
	}),
);

export type CategoryDetectionBody = z.infer<typeof categoryDetectionSchema>;

export interface CategoryDetectionItem extends BaseItem {
	eventType: 'template_correct_category_detection';
	eventId: string;
	/** As sent; receivedAt when 8x8 sent none. */
	timestamp: string;
	provider: string | null;
	accountId: string | null;
	businessAccountId: string | null;
	templateId: string | null;
	templateName: string | null;
	templateLanguage: string | null;
	/** The category the template was sent under, e.g. UTILITY. */
	category: string | null;
	/** The category Meta detected, e.g. MARKETING. */
	correctCategory: string | null;
}

export function normalizeCategoryDetection(
	body: CategoryDetectionBody,
	receivedAt: string,
): CategoryDetectionItem {
	const details = body.eventDetails;
	return {
		eventType: 'template_correct_category_detection',
		...businessEventFields(body, receivedAt),
		templateId: str(details.templateId),
		templateName: details.templateName ?? null,
		templateLanguage: details.templateLanguage ?? null,
		category: details.meta?.category ?? null,
		correctCategory: details.meta?.correctCategory ?? null,
	};
}
