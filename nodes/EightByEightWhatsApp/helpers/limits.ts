/**
 * WhatsApp content limits (8x8 "Supported Messaging Apps Content Types" and the OpenAPI maxLength
 * values), checked before sending so the user gets the field, the limit and the actual length.
 */
export const LIMITS = {
	text: 4096,
	buttonTitle: 20,
	listButton: 20,
	rowTitle: 24,
	rowDescription: 72,
	sectionTitle: 24,
	headerText: 60,
	body: 1024,
	footer: 60,
	caption: 1024,
	buttonId: 256,
	rowId: 200,
	ctaDisplayText: 20,
	/** WhatsApp's limit for the code of a copy-code template button. */
	couponCode: 15,
	replyButtons: 3,
	sections: 10,
	rows: 10,
	clientMessageId: 50,
	smsSenderId: 16,
	fallbackText: 35000,
} as const;

/** Counted in Unicode code points, so an emoji counts once. */
export function characterCount(value: string): number {
	return Array.from(value).length;
}

export function formatNumber(value: number): string {
	return value.toLocaleString('en-US');
}

/** A sentence naming the field, the limit and the actual length, or undefined when it fits. */
export function lengthProblem(field: string, value: string, limit: number): string | undefined {
	const length = characterCount(value);
	if (length <= limit) return undefined;
	return `${field} is ${formatNumber(length)} characters long; WhatsApp allows at most ${formatNumber(limit)}`;
}

export function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value)) return false;
	try {
		return Boolean(new URL(value).host);
	} catch {
		return false;
	}
}
