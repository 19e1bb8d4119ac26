/** Chat Apps Business Management (CABM) events: templates, phone number quality, account updates. */
import type { AccountUpdateItem, PhoneNumberQualityItem, TemplateEventItem } from './index';
import type { AccountUpdateBody, PhoneNumberQualityBody, TemplateBody } from './schemas';
import { tierLimit } from './tiers';
import { businessEventFields, str } from './values';

export function normalizeTemplateEvent(
	body: TemplateBody,
	eventType: TemplateEventItem['eventType'],
	receivedAt: string,
): TemplateEventItem {
	const details = body.eventDetails;
	const meta = details.meta;
	const pause = meta?.otherInfo;
	return {
		eventType,
		...businessEventFields(body, receivedAt),
		templateId: str(details.templateId),
		templateName: details.templateName ?? null,
		templateLanguage: details.templateLanguage ?? null,
		status: meta?.status ?? null,
		reason: meta?.reason ?? null,
		disableDate: str(meta?.disableInfo?.disableDate),
		pause: pause ? { title: pause.title ?? null, description: pause.description ?? null } : null,
		previousQualityScore: meta?.previousQualityScore ?? null,
		newQualityScore: meta?.newQualityScore ?? null,
		previousCategory: meta?.previousCategory ?? null,
		newCategory: meta?.newCategory ?? null,
	};
}

export function normalizePhoneNumberQuality(
	body: PhoneNumberQualityBody,
	receivedAt: string,
): PhoneNumberQualityItem {
	const meta = body.eventDetails.meta;
	const maxDaily = meta?.maxDailyConversationsPerBusiness ?? null;
	// currentLimit is deprecated (removed Feb 2026) in favour of the portfolio-wide limit.
	const currentLimit = maxDaily ?? meta?.currentLimit ?? null;
	return {
		eventType: 'phone_number_quality_update',
		...businessEventFields(body, receivedAt),
		displayPhoneNumber: str(body.eventDetails.displayPhoneNumber),
		event: meta?.event ?? null,
		currentLimit,
		oldLimit: meta?.oldLimit ?? null,
		currentLimitValue: tierLimit(currentLimit),
		maxDailyConversationsPerBusiness: maxDaily,
		reason: meta?.reason ?? null,
	};
}

export function normalizeAccountUpdate(
	body: AccountUpdateBody,
	receivedAt: string,
): AccountUpdateItem {
	const details = body.eventDetails;
	return {
		eventType: 'account_update',
		...businessEventFields(body, receivedAt),
		event: details.event ?? null,
		phoneNumber: str(details.phoneNumber),
		verificationStatus: details.businessVerificationInfo?.verificationStatus ?? null,
		violationType: details.violationInfo?.violationType ?? null,
		details: details as Record<string, unknown>,
	};
}
