/** Meta messaging-limit tiers (phone number / business portfolio) as a number of conversations a day. */
const TIER_VALUES: ReadonlyMap<string, number> = new Map([
	['TIER_50', 50],
	['TIER_250', 250],
	['TIER_1K', 1000],
	['TIER_2K', 2000],
	['TIER_10K', 10000],
	['TIER_100K', 100000],
]);

/** 50 … 100000; null for TIER_NOT_SET, TIER_UNLIMITED / UNLIMITED, unknown tiers and no tier. */
export function tierLimit(tier: string | null | undefined): number | null {
	if (typeof tier !== 'string') return null;
	return TIER_VALUES.get(tier.toUpperCase()) ?? null;
}
