import {
	CALLING_CODES,
	COUNTRIES,
	findCountry,
	matchCallingCode,
} from '../../../../nodes/shared/phone';

// The countries the brief asks for: G20 members plus the listed markets.
const REQUIRED = [
	'AR',
	'AU',
	'BR',
	'CA',
	'CN',
	'FR',
	'DE',
	'IN',
	'ID',
	'IT',
	'JP',
	'KR',
	'MX',
	'RU',
	'SA',
	'ZA',
	'TR',
	'GB',
	'US',
	'IL',
	'SG',
	'PH',
	'MY',
	'TH',
	'VN',
	'AE',
	'EG',
	'NG',
	'KE',
	'CO',
	'CL',
	'ES',
	'PT',
	'NL',
	'BE',
	'CH',
	'AT',
	'PL',
	'SE',
	'NO',
	'DK',
	'IE',
	'HK',
	'TW',
	'PK',
	'BD',
	'NZ',
];

describe('country table', () => {
	it('contains every required country', () => {
		const missing = REQUIRED.filter((iso2) => !findCountry(iso2));
		expect(missing).toEqual([]);
	});

	it('lists each country once', () => {
		const codes = COUNTRIES.map((country) => country.iso2);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it.each(COUNTRIES.map((country) => [country.iso2, country] as const))(
		'%s is consistent',
		(_iso2, country) => {
			expect(country.iso2).toMatch(/^[A-Z]{2}$/);
			expect(CALLING_CODES).toContain(country.callingCode);
			expect(country.trunkPrefix).toMatch(/^\d{0,2}$/);
			expect(country.minLength).toBeGreaterThanOrEqual(4);
			expect(country.minLength).toBeLessThanOrEqual(country.maxLength);
			expect(country.callingCode.length + country.maxLength).toBeLessThanOrEqual(15);
		},
	);

	it.each([
		['IL', '972', '0'],
		['US', '1', ''],
		['IT', '39', ''],
		['RU', '7', '8'],
		['HU', '36', '06'],
		['GB', '44', '0'],
	])('%s has calling code %s and trunk prefix %p', (iso2, callingCode, trunkPrefix) => {
		expect(findCountry(iso2)).toMatchObject({ callingCode, trunkPrefix });
	});

	it('finds countries case-insensitively and knows UK as GB', () => {
		expect(findCountry(' il ')?.name).toBe('Israel');
		expect(findCountry('UK')?.iso2).toBe('GB');
		expect(findCountry('XX')).toBeUndefined();
	});
});

describe('calling codes', () => {
	it('are prefix-free, so a number starts with at most one of them', () => {
		const clashes = CALLING_CODES.filter((code) =>
			CALLING_CODES.some((other) => other !== code && other.startsWith(code)),
		);
		expect(clashes).toEqual([]);
	});

	it.each([
		['14155552671', '1'],
		['79161234567', '7'],
		['447911123456', '44'],
		['972504370045', '972'],
		['2348031234567', '234'],
		['35312345678', '353'],
		['85291234567', '852'],
		['0504370045', undefined],
		['999123', undefined],
		['', undefined],
	])('%s starts with %p', (digits, expected) => {
		expect(matchCallingCode(digits)).toBe(expected);
	});
});
