import {
	BSUID_PATTERN,
	isBsuid,
	parseRecipient,
	replyToOf,
	userObject,
	waIdToE164,
} from '../../../nodes/shared/recipient';

describe('parseRecipient', () => {
	it.each([
		['US.13491208655302741918', 'US.13491208655302741918'],
		['  US.13491208655302741918 ', 'US.13491208655302741918'],
		['US.ENT.11815799212886844830', 'US.ENT.11815799212886844830'],
		['SG.77120098453310928876', 'SG.77120098453310928876'],
		['IL.a1B2c3', 'IL.a1B2c3'],
	])('%j is a BSUID, sent as user.channelUserId', (input, bsuid) => {
		const recipient = parseRecipient(input);
		expect(recipient).toEqual({ ok: true, kind: 'bsuid', channelUserId: bsuid, shown: bsuid });
		if (recipient.ok) expect(userObject(recipient)).toEqual({ channelUserId: bsuid });
	});

	it.each([
		['+972 50-437-0045', '+972504370045', {}],
		['0504370045', '+972504370045', { defaultCountry: 'IL' }],
		['6591234567', '+6591234567', {}],
		[6591234567, '+6591234567', {}],
	])('%j is a phone number, sent as user.msisdn', (input, e164, options) => {
		const recipient = parseRecipient(input, options);
		expect(recipient).toEqual({ ok: true, kind: 'msisdn', msisdn: e164, shown: e164 });
		if (recipient.ok) expect(userObject(recipient)).toEqual({ msisdn: e164 });
	});

	it.each([
		['us.13491208655302741918', /capitals/],
		['US.1349-1208', /looks like a WhatsApp user ID/],
		['US.', /looks like a WhatsApp user ID/],
		['US.ENT.', /looks like a WhatsApp user ID/],
		['US.X.123', /looks like a WhatsApp user ID/],
	])('%j looks like a BSUID but is not one: the reason says how one looks', (input, reason) => {
		const recipient = parseRecipient(input);
		expect(recipient.ok).toBe(false);
		if (!recipient.ok) expect(recipient.reason).toMatch(reason);
	});

	it.each([
		['', /empty/],
		['dana', /letters/],
		['+1 555', /too short/],
		[null, /empty/],
		[{}, /must be text/],
	])('%j is neither: the phone reason', (input, reason) => {
		const recipient = parseRecipient(input);
		expect(recipient.ok).toBe(false);
		if (!recipient.ok) expect(recipient.reason).toMatch(reason);
	});

	it('the pattern is anchored and bounded', () => {
		expect(BSUID_PATTERN.test(`US.${'1'.repeat(120)}`)).toBe(true);
		expect(BSUID_PATTERN.test(`US.${'1'.repeat(121)}`)).toBe(false);
		expect(isBsuid('xUS.1')).toBe(false);
		expect(isBsuid(12)).toBe(false);
	});
});

describe('replyToOf', () => {
	it.each([
		[{ msisdn: '+15551234567', channelUserId: 'US.13491208655302741918' }, '+15551234567'],
		[{ channelUserId: 'US.13491208655302741918' }, 'US.13491208655302741918'],
		[{ msisdn: '', channelUserId: 'US.1' }, 'US.1'],
		[{ msisdn: null, channelUserId: null }, null],
		[null, null],
		[undefined, null],
	])('%j → %j (the phone wins: it works for every message)', (user, expected) => {
		expect(replyToOf(user)).toBe(expected);
	});
});

describe('waIdToE164', () => {
	it.each([
		['15551234567', '+15551234567'],
		[15551234567, '+15551234567'],
		['+15551234567', '+15551234567'],
		['<WHATSAPP_USER_PHONE_NUMBER>', '<WHATSAPP_USER_PHONE_NUMBER>'],
		['', null],
		[null, null],
	])('%j → %j', (input, expected) => {
		expect(waIdToE164(input)).toBe(expected);
	});
});
