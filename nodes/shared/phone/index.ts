/**
 * Phone numbers to E.164, hand-written and table-driven (runtime dependencies are banned).
 *
 * This is a pragmatic normalizer, not a numbering-plan validator like libphonenumber: it knows each
 * country's calling code, trunk prefix and plausible number lengths, not which number ranges are
 * assigned. A number it accepts can still be unassigned; 8x8 then answers 1002 or the receipt says
 * undeliverable.
 */
import { matchCallingCode } from './callingCodes';
import type { CountryNumbering } from './countries';
import { countriesWithCallingCode, findCountry, matchTableCallingCode } from './countries';

export { CALLING_CODES, matchCallingCode } from './callingCodes';
export { COUNTRIES, findCountry } from './countries';
export type { CountryNumbering } from './countries';

export type PhoneNormalization =
	| { ok: true; e164: string; callingCode: string; country?: string }
	| { ok: false; reason: string };

export interface PhoneOptions {
	/** ISO 3166-1 alpha-2 country used for national numbers such as 0504370045 (IL). */
	defaultCountry?: string;
}

const E164_MAX_DIGITS = 15;
const MIN_DIGITS = 5;
/** Bidi marks and similar invisible characters that copy-paste (e.g. from Hebrew or Arabic text) brings along. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const NON_ASCII_DIGITS = /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g;
const SEPARATORS = /[\s.\-\u2010-\u2015()[\]/]/g;

type Resolved = { ok: true; callingCode: string; nsn: string; country?: string };

function fail(reason: string): PhoneNormalization {
	return { ok: false, reason };
}

function fits(country: CountryNumbering, nsn: string): boolean {
	return nsn.length >= country.minLength && nsn.length <= country.maxLength;
}

function lengthRange(country: CountryNumbering): string {
	return country.minLength === country.maxLength
		? `${country.minLength}`
		: `${country.minLength}–${country.maxLength}`;
}

function label(country: CountryNumbering): string {
	return `${country.name} (${country.iso2})`;
}

/** Arabic-Indic, Persian and full-width digits (and full-width +), as typed on some phone keyboards. */
function toAsciiDigits(text: string): string {
	return text.replace(/\uff0b/g, '+').replace(NON_ASCII_DIGITS, (digit) => {
		const code = digit.charCodeAt(0);
		const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
		return String(code - zero);
	});
}

function toText(input: unknown): string | PhoneNormalization {
	if (input === undefined || input === null) return fail('The phone number is empty.');
	if (typeof input === 'number') {
		return Number.isSafeInteger(input) && input > 0
			? String(input)
			: fail(`${input} is not a phone number: a number value must be a positive whole number.`);
	}
	if (typeof input === 'string') return input;
	return fail(
		`The phone number must be text, got ${Array.isArray(input) ? 'a list' : typeof input}.`,
	);
}

/**
 * Numbers whose calling code is known. `nsn` may still carry a trunk prefix, as in
 * "+44 (0)20 7946 0958" or "+972 050…"; it is dropped when only the shorter form has a valid length.
 */
function withCallingCode(
	callingCode: string,
	nsn: string,
	shown: string,
	preferred?: CountryNumbering,
): Resolved | string {
	const candidates = countriesWithCallingCode(callingCode);
	if (candidates.length === 0) {
		return nsn.length >= 4
			? { ok: true, callingCode, nsn }
			: `"${shown}" is too short: only ${nsn.length} digits follow the calling code +${callingCode}.`;
	}
	let matching = candidates.filter((country) => fits(country, nsn));
	let national = nsn;
	if (matching.length === 0) {
		const trunkMatches = candidates.filter(
			(country) =>
				country.trunkPrefix &&
				nsn.startsWith(country.trunkPrefix) &&
				fits(country, nsn.slice(country.trunkPrefix.length)),
		);
		if (trunkMatches.length > 0) {
			matching = trunkMatches;
			national = nsn.slice(trunkMatches[0].trunkPrefix.length);
		}
	}
	if (matching.length === 0) {
		const min = Math.min(...candidates.map((country) => country.minLength));
		const names = candidates.map(label).join(' / ');
		const range = candidates
			.map(lengthRange)
			.filter((value, index, all) => all.indexOf(value) === index)
			.join(' or ');
		return `"${shown}" is too ${nsn.length < min ? 'short' : 'long'} for ${names}: numbers there have ${range} digits after +${callingCode}, this one has ${nsn.length}.`;
	}
	const country =
		preferred && matching.includes(preferred)
			? preferred
			: matching.length === 1
				? matching[0]
				: undefined;
	return { ok: true, callingCode, nsn: national, country: country?.iso2 };
}

function international(
	digits: string,
	shown: string,
	preferred?: CountryNumbering,
): Resolved | string {
	if (digits.startsWith('0')) {
		return `"${shown}": a country calling code never starts with 0. For a national number drop the + (or 00) and set Default Country; otherwise write the country code right after the +.`;
	}
	if (digits.length > E164_MAX_DIGITS) {
		return `"${shown}" is too long: an international (E.164) number has at most ${E164_MAX_DIGITS} digits, this one has ${digits.length}.`;
	}
	const callingCode = matchCallingCode(digits);
	if (!callingCode) {
		return `"${shown}" has an unknown calling code: +${digits.slice(0, 3)}… is not an assigned country calling code.`;
	}
	return withCallingCode(callingCode, digits.slice(callingCode.length), shown, preferred);
}

function nationalReason(digits: string, shown: string, country: CountryNumbering): string {
	const hasTrunk = country.trunkPrefix !== '' && digits.startsWith(country.trunkPrefix);
	const nsn = hasTrunk ? digits.slice(country.trunkPrefix.length) : digits;
	const after = hasTrunk ? ` after the leading ${country.trunkPrefix}` : '';
	const tooShort = nsn.length < country.minLength;
	return `"${shown}" is too ${tooShort ? 'short' : 'long'} for ${label(country)}: national numbers there have ${lengthRange(country)} digits${after}, this one has ${nsn.length}. If it is a number from another country, write it with + and its country code.`;
}

function withoutPrefix(
	digits: string,
	shown: string,
	country: CountryNumbering | undefined,
	unknownDefault: string,
): Resolved | string {
	if (country) {
		const trunk = country.trunkPrefix;
		if (trunk && digits.startsWith(trunk) && fits(country, digits.slice(trunk.length))) {
			return {
				ok: true,
				callingCode: country.callingCode,
				nsn: digits.slice(trunk.length),
				country: country.iso2,
			};
		}
	}
	const callingCode = matchTableCallingCode(digits);
	const detected = callingCode
		? withCallingCode(callingCode, digits.slice(callingCode.length), shown, country)
		: undefined;
	const asInternational = typeof detected === 'object' ? detected : undefined;
	const asNational: Resolved | undefined =
		country && fits(country, digits)
			? { ok: true, callingCode: country.callingCode, nsn: digits, country: country.iso2 }
			: undefined;
	// Both readings can fit. Where national numbers are written with a trunk prefix (DE 0151…), digits
	// starting with the country's own code are "code + number" (49151…), and other digits are a
	// number without its trunk prefix (CN mobiles 138…, not +1 38…). Where there is no trunk prefix
	// the national reading wins: Italian mobiles start with 39…, New York's area code 646 with +64.
	if (asInternational && asNational) {
		return country?.trunkPrefix && asInternational.callingCode === country.callingCode
			? asInternational
			: asNational;
	}
	const resolved = asNational ?? asInternational;
	if (resolved) return resolved;

	if (digits.length > E164_MAX_DIGITS) {
		return `"${shown}" is too long: a phone number has at most ${E164_MAX_DIGITS} digits (E.164), this one has ${digits.length}.`;
	}
	if (country) return nationalReason(digits, shown, country);
	const defaultNote = unknownDefault
		? `Default Country "${unknownDefault}" is not a supported two-letter country code`
		: 'no Default Country is set';
	if (digits.startsWith('0')) {
		return `"${shown}" looks like a national number (it starts with 0) but ${defaultNote}: write it with + and the country code instead of the leading 0 (e.g. +972504370045 for 050-437-0045 in Israel), or set Default Country.`;
	}
	return `Cannot tell which country "${shown}" belongs to: it does not start with a known country calling code and ${defaultNote}. Write it with + and the country code, or set Default Country.`;
}

export function normalizePhone(input: unknown, options: PhoneOptions = {}): PhoneNormalization {
	const text = toText(input);
	if (typeof text !== 'string') return text;

	const shown = text.replace(INVISIBLE, '').trim();
	const body = toAsciiDigits(shown.replace(/^tel:/i, '')).trim();
	if (body === '') return fail('The phone number is empty.');
	if (/\p{L}/u.test(body)) {
		return fail(
			`"${shown}" contains letters; a phone number may only contain digits, spaces, + ( ) - . and /.`,
		);
	}
	const compact = body.replace(SEPARATORS, '');
	const invalid = compact.replace(/^\+/, '').match(/[^0-9]/);
	if (invalid) {
		return fail(
			invalid[0] === '+'
				? `"${shown}": + may only appear once, at the start of the number.`
				: `"${shown}" contains "${invalid[0]}", which is not allowed in a phone number.`,
		);
	}

	const defaultText =
		typeof options.defaultCountry === 'string' ? options.defaultCountry.trim() : '';
	const country = defaultText ? findCountry(defaultText) : undefined;

	const hasPlus = compact.startsWith('+');
	const hasExitCode = !hasPlus && compact.startsWith('00');
	const digits = hasPlus ? compact.slice(1) : hasExitCode ? compact.slice(2) : compact;
	if (digits === '') return fail(`"${shown}" has no digits.`);
	if (digits.length < MIN_DIGITS) {
		return fail(
			`"${shown}" is too short to be a phone number: it has only ${digits.length} digits.`,
		);
	}

	const resolved =
		hasPlus || hasExitCode
			? international(digits, shown, country)
			: withoutPrefix(digits, shown, country, country ? '' : defaultText);
	if (typeof resolved === 'string') return fail(resolved);
	return {
		ok: true,
		e164: `+${resolved.callingCode}${resolved.nsn}`,
		callingCode: resolved.callingCode,
		...(resolved.country ? { country: resolved.country } : {}),
	};
}
