export interface CountryNumbering {
	iso2: string;
	name: string;
	callingCode: string;
	/** Dialled before national numbers inside the country and dropped in E.164 ('' when there is none). */
	trunkPrefix: string;
	/** Digits of the national significant number (after calling code and trunk prefix). */
	minLength: number;
	maxLength: number;
}

type Row = [
	iso2: string,
	name: string,
	callingCode: string,
	trunkPrefix: string,
	minLength: number,
	maxLength: number,
];

/*
 * Lengths cover mobile and fixed lines and are kept a little generous. MX and AR allow one extra
 * digit because WhatsApp IDs still carry the old mobile marker (+52 1 …, +54 9 …).
 */
const ROWS: Row[] = [
	['US', 'United States', '1', '', 10, 10],
	['CA', 'Canada', '1', '', 10, 10],
	['RU', 'Russia', '7', '8', 10, 10],
	['KZ', 'Kazakhstan', '7', '8', 10, 10],
	['EG', 'Egypt', '20', '0', 8, 10],
	['ZA', 'South Africa', '27', '0', 9, 9],
	['GR', 'Greece', '30', '', 10, 10],
	['NL', 'Netherlands', '31', '0', 9, 9],
	['BE', 'Belgium', '32', '0', 8, 9],
	['FR', 'France', '33', '0', 9, 9],
	['ES', 'Spain', '34', '', 9, 9],
	['HU', 'Hungary', '36', '06', 8, 9],
	['IT', 'Italy', '39', '', 6, 11],
	['RO', 'Romania', '40', '0', 9, 9],
	['CH', 'Switzerland', '41', '0', 9, 9],
	['AT', 'Austria', '43', '0', 7, 13],
	['GB', 'United Kingdom', '44', '0', 9, 10],
	['DK', 'Denmark', '45', '', 8, 8],
	['SE', 'Sweden', '46', '0', 7, 10],
	['NO', 'Norway', '47', '', 8, 8],
	['PL', 'Poland', '48', '', 9, 9],
	['DE', 'Germany', '49', '0', 6, 13],
	['PE', 'Peru', '51', '0', 8, 9],
	['MX', 'Mexico', '52', '', 10, 11],
	['AR', 'Argentina', '54', '0', 10, 11],
	['BR', 'Brazil', '55', '0', 10, 11],
	['CL', 'Chile', '56', '', 9, 9],
	['CO', 'Colombia', '57', '', 10, 10],
	['VE', 'Venezuela', '58', '0', 10, 10],
	['MY', 'Malaysia', '60', '0', 8, 10],
	['AU', 'Australia', '61', '0', 9, 9],
	['ID', 'Indonesia', '62', '0', 8, 12],
	['PH', 'Philippines', '63', '0', 8, 10],
	['NZ', 'New Zealand', '64', '0', 8, 10],
	['SG', 'Singapore', '65', '', 8, 8],
	['TH', 'Thailand', '66', '0', 8, 9],
	['JP', 'Japan', '81', '0', 9, 10],
	['KR', 'South Korea', '82', '0', 8, 10],
	['VN', 'Vietnam', '84', '0', 9, 10],
	['CN', 'China', '86', '0', 10, 11],
	['TR', 'Turkey', '90', '0', 10, 10],
	['IN', 'India', '91', '0', 10, 10],
	['PK', 'Pakistan', '92', '0', 9, 10],
	['LK', 'Sri Lanka', '94', '0', 9, 9],
	['MA', 'Morocco', '212', '0', 9, 9],
	['GH', 'Ghana', '233', '0', 9, 9],
	['NG', 'Nigeria', '234', '0', 8, 10],
	['KE', 'Kenya', '254', '0', 9, 9],
	['TZ', 'Tanzania', '255', '0', 9, 9],
	['UG', 'Uganda', '256', '0', 9, 9],
	['PT', 'Portugal', '351', '', 9, 9],
	['IE', 'Ireland', '353', '0', 7, 9],
	['FI', 'Finland', '358', '0', 6, 11],
	['UA', 'Ukraine', '380', '0', 9, 9],
	['CZ', 'Czechia', '420', '', 9, 9],
	['EC', 'Ecuador', '593', '0', 8, 9],
	['HK', 'Hong Kong', '852', '', 8, 8],
	['BD', 'Bangladesh', '880', '0', 8, 10],
	['TW', 'Taiwan', '886', '0', 8, 9],
	['JO', 'Jordan', '962', '0', 8, 9],
	['KW', 'Kuwait', '965', '', 8, 8],
	['SA', 'Saudi Arabia', '966', '0', 9, 9],
	['AE', 'United Arab Emirates', '971', '0', 8, 9],
	['IL', 'Israel', '972', '0', 8, 9],
	['QA', 'Qatar', '974', '', 8, 8],
	['NP', 'Nepal', '977', '0', 8, 10],
];

export const COUNTRIES: readonly CountryNumbering[] = ROWS.map(
	([iso2, name, callingCode, trunkPrefix, minLength, maxLength]) => ({
		iso2,
		name,
		callingCode,
		trunkPrefix,
		minLength,
		maxLength,
	}),
);

/** Common non-ISO spellings people type for Default Country. */
const ALIASES: Record<string, string> = { UK: 'GB' };

const byIso2 = new Map(COUNTRIES.map((country) => [country.iso2, country]));

export function findCountry(iso2: string): CountryNumbering | undefined {
	const key = iso2.trim().toUpperCase();
	return byIso2.get(ALIASES[key] ?? key);
}

export function countriesWithCallingCode(callingCode: string): CountryNumbering[] {
	return COUNTRIES.filter((country) => country.callingCode === callingCode);
}

/** The calling code of a country in the table that `digits` starts with (longest match first). */
export function matchTableCallingCode(digits: string): string | undefined {
	for (let length = 3; length >= 1; length--) {
		const candidate = digits.slice(0, length);
		if (
			candidate.length === length &&
			COUNTRIES.some((country) => country.callingCode === candidate)
		) {
			return candidate;
		}
	}
	return undefined;
}
