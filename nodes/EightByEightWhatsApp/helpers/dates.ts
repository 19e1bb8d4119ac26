/**
 * n8n date-time parameters arrive as text, often without an offset ("2030-01-31T09:00:00"), meaning
 * wall-clock time in the workflow's time zone. 8x8 wants an absolute ISO 8601 instant.
 */
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

function zoneOffsetMs(timestamp: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(timestamp));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(timestamp / 1000) * 1000;
}

/** ISO 8601 UTC text for a date-time parameter, or undefined when it is not a date. */
export function toIsoInstant(value: unknown, timeZone: string): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (HAS_OFFSET.test(text)) {
		const parsed = Date.parse(text);
		return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
	}
	const match = LOCAL_DATE_TIME.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0'] = match;
	const wallClock = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Number(millis.padEnd(3, '0')),
	);
	if (Number.isNaN(wallClock)) return undefined;
	let zone = timeZone;
	try {
		zoneOffsetMs(wallClock, zone);
	} catch {
		zone = 'UTC';
	}
	let instant = wallClock - zoneOffsetMs(wallClock, zone);
	const corrected = wallClock - zoneOffsetMs(instant, zone);
	if (corrected !== instant) instant = corrected;
	return new Date(instant).toISOString();
}
