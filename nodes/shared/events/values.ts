/** Small conversions shared by the normalizers. */

export function str(value: string | number | null | undefined): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

export function lower(value: string | null | undefined): string | null {
	return typeof value === 'string' ? value.toLowerCase() : null;
}

/** `version` as sent (3, 9, "9"...), or the format that has no version field. */
export function formatVersion(
	value: string | number | null | undefined,
	unversioned: number,
): number {
	const n = typeof value === 'string' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : unversioned;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope fields of a CABM event (schemas.ts businessEvent), as every such item carries them. */
export function businessEventFields(
	body: {
		eventId: string;
		timestamp?: string | null;
		provider?: string | null;
		accountId?: string | number | null;
		businessAccountId?: string | number | null;
	},
	receivedAt: string,
) {
	return {
		dedupeKey: body.eventId,
		receivedAt,
		eventId: body.eventId,
		timestamp: body.timestamp ?? receivedAt,
		provider: body.provider ?? null,
		accountId: str(body.accountId),
		businessAccountId: str(body.businessAccountId),
	};
}
