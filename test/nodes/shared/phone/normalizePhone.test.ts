import { normalizePhone } from '../../../../nodes/shared/phone';

function reasonOf(input: unknown, defaultCountry?: string): string {
	const result = normalizePhone(input, { defaultCountry });
	if (result.ok) throw new Error(`expected a rejection, got ${result.e164}`);
	return result.reason;
}

describe('normalizePhone: the Israeli examples of seed 004', () => {
	it.each([['0504370045'], ['050-437-0045'], ['+972504370045'], ['972504370045']])(
		'%s with Default Country IL → +972504370045',
		(input) => {
			expect(normalizePhone(input, { defaultCountry: 'IL' })).toEqual({
				ok: true,
				e164: '+972504370045',
				callingCode: '972',
				country: 'IL',
			});
		},
	);

	it.each([['+972504370045'], ['972504370045'], ['00972504370045'], ['tel:+972-50-437-0045']])(
		'%s needs no Default Country',
		(input) => {
			expect(normalizePhone(input)).toEqual({
				ok: true,
				e164: '+972504370045',
				callingCode: '972',
				country: 'IL',
			});
		},
	);
});

describe('normalizePhone: national numbers with a Default Country', () => {
	it.each([
		['(415) 555-2671', 'US', '+14155552671'],
		['646 555 1234', 'US', '+16465551234'],
		['604-555-0123', 'CA', '+16045550123'],
		['07911 123456', 'GB', '+447911123456'],
		['07911 123456', 'uk', '+447911123456'],
		['0151 23456789', 'DE', '+4915123456789'],
		['06 12 34 56 78', 'FR', '+33612345678'],
		['06 1234 5678', 'IT', '+390612345678'],
		['333 123 4567', 'IT', '+393331234567'],
		['393 123 4567', 'IT', '+393931234567'],
		['612 34 56 78', 'ES', '+34612345678'],
		['912 345 678', 'PT', '+351912345678'],
		['06-12345678', 'NL', '+31612345678'],
		['0470 12 34 56', 'BE', '+32470123456'],
		['078 123 45 67', 'CH', '+41781234567'],
		['0664 1234567', 'AT', '+436641234567'],
		['512 345 678', 'PL', '+48512345678'],
		['070-123 45 67', 'SE', '+46701234567'],
		['412 34 567', 'NO', '+4741234567'],
		['20 12 34 56', 'DK', '+4520123456'],
		['085 123 4567', 'IE', '+353851234567'],
		['06 30 123 4567', 'HU', '+36301234567'],
		['8 (916) 123-45-67', 'RU', '+79161234567'],
		['0532 123 45 67', 'TR', '+905321234567'],
		['050 123 4567', 'SA', '+966501234567'],
		['050 123 4567', 'AE', '+971501234567'],
		['054-1234567', 'IL', '+972541234567'],
		['504370045', 'IL', '+972504370045'],
		['010 1234 5678', 'EG', '+201012345678'],
		['0803 123 4567', 'NG', '+2348031234567'],
		['0712 345678', 'KE', '+254712345678'],
		['082 123 4567', 'ZA', '+27821234567'],
		['098765 43210', 'IN', '+919876543210'],
		['9876543210', 'IN', '+919876543210'],
		['0300 1234567', 'PK', '+923001234567'],
		['01712-345678', 'BD', '+8801712345678'],
		['138 0013 8000', 'CN', '+8613800138000'],
		['090-1234-5678', 'JP', '+819012345678'],
		['010-1234-5678', 'KR', '+821012345678'],
		['0912 345 678', 'TW', '+886912345678'],
		['9123 4567', 'HK', '+85291234567'],
		['9123 4567', 'SG', '+6591234567'],
		['0812-3456-7890', 'ID', '+6281234567890'],
		['0917 123 4567', 'PH', '+639171234567'],
		['012-345 6789', 'MY', '+60123456789'],
		['081 234 5678', 'TH', '+66812345678'],
		['091 234 56 78', 'VN', '+84912345678'],
		['0412 345 678', 'AU', '+61412345678'],
		['021 123 4567', 'NZ', '+64211234567'],
		['(11) 91234-5678', 'BR', '+5511912345678'],
		['011 2345-6789', 'AR', '+541123456789'],
		['55 1234 5678', 'MX', '+525512345678'],
		['300 123 4567', 'CO', '+573001234567'],
		['9 6123 4567', 'CL', '+56961234567'],
		['0991 234 567', 'EC', '+593991234567'],
		['050 123 4567', 'UA', '+380501234567'],
		['601 123 456', 'CZ', '+420601123456'],
		['694 123 4567', 'GR', '+306941234567'],
		['0722 123 456', 'RO', '+40722123456'],
		['041 234 5678', 'FI', '+358412345678'],
		['3312 3456', 'QA', '+97433123456'],
		['5123 4567', 'KW', '+96551234567'],
		['079 123 4567', 'JO', '+962791234567'],
		['024 123 4567', 'GH', '+233241234567'],
		['0712 345 678', 'TZ', '+255712345678'],
		['0772 123 456', 'UG', '+256772123456'],
		['0612-345678', 'MA', '+212612345678'],
		['077 123 4567', 'LK', '+94771234567'],
		['0412 1234567', 'VE', '+584121234567'],
		['987 654 321', 'PE', '+51987654321'],
		['8 701 123 4567', 'KZ', '+77011234567'],
		['98 4123 4567', 'NP', '+9779841234567'],
	])('%s with %s → %s', (input, defaultCountry, e164) => {
		const result = normalizePhone(input, { defaultCountry });
		expect(result).toMatchObject({ ok: true, e164 });
		expect(result.ok && result.country).toBe(
			defaultCountry.toUpperCase() === 'UK' ? 'GB' : defaultCountry.toUpperCase(),
		);
	});
});

describe('normalizePhone: international numbers', () => {
	it.each([
		['+1 415 555 2671', undefined, '+14155552671', '1', undefined],
		['+1 604 555 0123', 'CA', '+16045550123', '1', 'CA'],
		['14155552671', undefined, '+14155552671', '1', undefined],
		['14155552671', 'US', '+14155552671', '1', 'US'],
		['+44 (0)20 7946 0958', undefined, '+442079460958', '44', 'GB'],
		['+972 (0)50-437-0045', undefined, '+972504370045', '972', 'IL'],
		['0044 20 7946 0958', 'DE', '+442079460958', '44', 'GB'],
		['+7 916 123-45-67', undefined, '+79161234567', '7', undefined],
		['+7 916 123-45-67', 'RU', '+79161234567', '7', 'RU'],
		['+39 06 1234 5678', undefined, '+390612345678', '39', 'IT'],
		['390612345678', 'US', '+390612345678', '39', 'IT'],
		['4915123456789', 'IL', '+4915123456789', '49', 'DE'],
		['4915123456789', 'DE', '+4915123456789', '49', 'DE'],
		['447911123456', 'GB', '+447911123456', '44', 'GB'],
		['6591234567', 'SG', '+6591234567', '65', 'SG'],
		['+65 9123 4567', 'IL', '+6591234567', '65', 'SG'],
		['8613800138000', 'CN', '+8613800138000', '86', 'CN'],
		['+52 1 55 1234 5678', undefined, '+5215512345678', '52', 'MX'],
		['+54 9 11 2345-6789', undefined, '+5491123456789', '54', 'AR'],
		['+226 70 12 34 56', undefined, '+22670123456', '226', undefined],
		['+372 5123 4567', 'IL', '+37251234567', '372', undefined],
		['+971 50 123 4567', undefined, '+971501234567', '971', 'AE'],
		['+62 812-3456-7890', undefined, '+6281234567890', '62', 'ID'],
		['+63 917 123 4567', undefined, '+639171234567', '63', 'PH'],
		['+234 803 123 4567', undefined, '+2348031234567', '234', 'NG'],
		[' \u200e+972-50-437-0045\u200f ', undefined, '+972504370045', '972', 'IL'],
		['+972.50.437.0045', undefined, '+972504370045', '972', 'IL'],
		['٠٥٠٤٣٧٠٠٤٥', 'IL', '+972504370045', '972', 'IL'],
		['۰۵۰۴۳۷۰۰۴۵', 'IL', '+972504370045', '972', 'IL'],
		['＋９７２５０４３７００４５', undefined, '+972504370045', '972', 'IL'],
		['+972 50 437 0045', undefined, '+972504370045', '972', 'IL'],
		['TEL:+14155552671', undefined, '+14155552671', '1', undefined],
		[972504370045, undefined, '+972504370045', '972', 'IL'],
	])('%p (default %p) → %s', (input, defaultCountry, e164, callingCode, country) => {
		expect(normalizePhone(input, { defaultCountry })).toEqual({
			ok: true,
			e164,
			callingCode,
			...(country ? { country } : {}),
		});
	});

	it('ignores an unsupported Default Country when the number has its calling code', () => {
		expect(normalizePhone('+972504370045', { defaultCountry: 'Israel' })).toMatchObject({
			ok: true,
			e164: '+972504370045',
		});
	});
});

describe('normalizePhone: rejections say why', () => {
	it.each([[undefined], [null], [''], ['   '], ['tel:']])('%p is empty', (input) => {
		expect(reasonOf(input)).toBe('The phone number is empty.');
	});

	it('rejects letters', () => {
		expect(reasonOf('call 050-437-0045', 'IL')).toBe(
			'"call 050-437-0045" contains letters; a phone number may only contain digits, spaces, + ( ) - . and /.',
		);
		expect(reasonOf('1-800-FLOWERS', 'US')).toMatch(/contains letters/);
		expect(reasonOf('+1 415 555 2671 ext 12')).toMatch(/contains letters/);
	});

	it('rejects other symbols and a misplaced +', () => {
		expect(reasonOf('050#4370045', 'IL')).toBe(
			'"050#4370045" contains "#", which is not allowed in a phone number.',
		);
		expect(reasonOf('972+504370045')).toBe(
			'"972+504370045": + may only appear once, at the start of the number.',
		);
		expect(reasonOf('++972504370045')).toMatch(/\+ may only appear once/);
	});

	it('rejects a national number without Default Country and says what to do', () => {
		expect(reasonOf('0504370045')).toBe(
			'"0504370045" looks like a national number (it starts with 0) but no Default Country is set: write it with + and the country code instead of the leading 0 (e.g. +972504370045 for 050-437-0045 in Israel), or set Default Country.',
		);
	});

	it('names an unsupported Default Country', () => {
		expect(reasonOf('0504370045', 'Israel')).toMatch(
			/^"0504370045" looks like a national number \(it starts with 0\) but Default Country "Israel" is not a supported two-letter country code:/,
		);
	});

	it('rejects digits without a known calling code when no Default Country is set', () => {
		expect(reasonOf('5551234567')).toBe(
			'Cannot tell which country "5551234567" belongs to: it does not start with a known country calling code and no Default Country is set. Write it with + and the country code, or set Default Country.',
		);
	});

	it('rejects national numbers of the wrong length for the Default Country', () => {
		expect(reasonOf('050-437', 'IL')).toBe(
			'"050-437" is too short for Israel (IL): national numbers there have 8–9 digits after the leading 0, this one has 5. If it is a number from another country, write it with + and its country code.',
		);
		expect(reasonOf('212 555 12345', 'US')).toBe(
			'"212 555 12345" is too long for United States (US): national numbers there have 10 digits, this one has 11. If it is a number from another country, write it with + and its country code.',
		);
	});

	it('rejects international numbers of the wrong length for their country', () => {
		expect(reasonOf('+972 50 437')).toBe(
			'"+972 50 437" is too short for Israel (IL): numbers there have 8–9 digits after +972, this one has 5.',
		);
		expect(reasonOf('+65 9123 45678')).toBe(
			'"+65 9123 45678" is too long for Singapore (SG): numbers there have 8 digits after +65, this one has 9.',
		);
		expect(reasonOf('+1 415 555 267')).toBe(
			'"+1 415 555 267" is too short for United States (US) / Canada (CA): numbers there have 10 digits after +1, this one has 9.',
		);
	});

	it('rejects numbers longer than E.164 allows', () => {
		expect(reasonOf('+97250437004512345')).toBe(
			'"+97250437004512345" is too long: an international (E.164) number has at most 15 digits, this one has 17.',
		);
		expect(reasonOf('1234567890123456', 'IT')).toBe(
			'"1234567890123456" is too long: a phone number has at most 15 digits (E.164), this one has 16.',
		);
	});

	it('rejects numbers too short to be phone numbers', () => {
		expect(reasonOf('+972', 'IL')).toBe(
			'"+972" is too short to be a phone number: it has only 3 digits.',
		);
	});

	it('rejects unknown calling codes', () => {
		expect(reasonOf('+999 123 4567')).toBe(
			'"+999 123 4567" has an unknown calling code: +999… is not an assigned country calling code.',
		);
		expect(reasonOf('+0504370045', 'IL')).toBe(
			'"+0504370045": a country calling code never starts with 0. For a national number drop the + (or 00) and set Default Country; otherwise write the country code right after the +.',
		);
	});

	it('rejects too short numbers of countries outside the length table', () => {
		expect(reasonOf('+226 123')).toBe(
			'"+226 123" is too short: only 3 digits follow the calling code +226.',
		);
	});

	it('rejects values that are not text', () => {
		expect(reasonOf({ msisdn: '+972504370045' })).toBe(
			'The phone number must be text, got object.',
		);
		expect(reasonOf(['+972504370045'])).toBe('The phone number must be text, got a list.');
		expect(reasonOf(9.72504370045)).toBe(
			'9.72504370045 is not a phone number: a number value must be a positive whole number.',
		);
	});

	it.each([[NaN], [-1], [true], [Symbol('x')], [() => '+1']])('never throws for %p', (input) => {
		expect(() => normalizePhone(input, { defaultCountry: 'IL' })).not.toThrow();
		expect(normalizePhone(input).ok).toBe(false);
	});
});
