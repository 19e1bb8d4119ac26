/** 8x8 Chat Apps API hosts per data-centre region (OpenAPI `servers`). */
export const REGION_BASE_URLS = {
	apac: 'https://chatapps.8x8.com',
	us: 'https://chatapps.us.8x8.com',
	eu: 'https://chatapps.8x8.uk',
	id: 'https://chatapps.8x8.id',
} as const;

export type Region = keyof typeof REGION_BASE_URLS | 'custom';

export const REGION_OPTIONS: Array<{ name: string; value: Region; description: string }> = [
	{ name: 'Asia-Pacific (Singapore)', value: 'apac', description: REGION_BASE_URLS.apac },
	{ name: 'North America', value: 'us', description: REGION_BASE_URLS.us },
	{ name: 'Europe (UK)', value: 'eu', description: REGION_BASE_URLS.eu },
	{ name: 'Indonesia', value: 'id', description: REGION_BASE_URLS.id },
	{
		name: 'Custom URL (Proxy or Local Sandbox)',
		value: 'custom',
		description: 'Use the Base URL field',
	},
];

/** The API origin for a credential, without a trailing slash. */
export function resolveBaseUrl(credentials: { region?: unknown; baseUrl?: unknown }): string {
	const region = String(credentials.region ?? 'apac');
	if (region === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		if (!custom)
			throw new Error('The credential uses region "Custom URL" but its Base URL is empty');
		return custom.replace(/\/+$/, '');
	}
	const url = REGION_BASE_URLS[region as keyof typeof REGION_BASE_URLS];
	if (!url) throw new Error(`Unknown 8x8 region "${region}": choose apac, us, eu, id or custom`);
	return url;
}
