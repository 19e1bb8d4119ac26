import {
	explainApiError,
	explainDeliveryError,
	findApiError,
	findDeliveryError,
	findDeliveryErrorByMetaCode,
	parseErrorCode,
} from '../../../../nodes/shared/errors';

describe('parseErrorCode', () => {
	it.each([
		[1022, 1022],
		['1022', 1022],
		[' 131047 ', 131047],
		['1022.0', 1022],
		[BigInt(131062), 131062],
	])('reads %p as %p', (input, expected) => {
		expect(parseErrorCode(input)).toBe(expected);
	});

	it.each([
		[undefined],
		[null],
		[''],
		['  '],
		['abc'],
		['10x'],
		[12.5],
		[NaN],
		[Infinity],
		[{}],
		[[1022]],
	])('gives undefined for %p', (input) => {
		expect(parseErrorCode(input)).toBeUndefined();
	});
});

describe('explainApiError', () => {
	it('explains a documented code with its HTTP status', () => {
		expect(explainApiError(3038)).toEqual({
			source: 'api',
			code: 3038,
			title: 'Template not found',
			meaning: 'No approved template has this name in this language on the channel.',
			fix: 'Check the template name and language against the approved templates of the WhatsApp channel (exact spelling; en and en_US are different languages). New templates can only be sent once Meta has approved them.',
			retryable: false,
			httpStatus: 400,
			known: true,
		});
	});

	it('accepts the code as a numeric string', () => {
		expect(explainApiError('3041')).toMatchObject({
			code: 3041,
			title: 'Invalid template parameter',
			known: true,
		});
	});

	it('keeps the HTTP status actually received', () => {
		expect(explainApiError(1000, 422).httpStatus).toBe(422);
		expect(explainApiError(1000).httpStatus).toBe(400);
	});

	it('explains 1005 both as the documented "Invalid source" and as a missing or invalid field', () => {
		const explanation = explainApiError(1005, 400);
		expect(explanation.meaning).toContain('"Invalid source"');
		expect(explanation.meaning).toContain("Invalid parameter(s): 'user.msisdn'");
		expect(explanation.meaning).toMatch(/required field is missing or has an invalid value/);
		expect(explanation.fix).toMatch(/^Read the message returned with the error/);
	});

	it('points 1200 at the API key of the credential', () => {
		expect(explainApiError(1200)).toMatchObject({ httpStatus: 401, retryable: false });
		expect(explainApiError(1200).fix).toMatch(/^Check the API key in the 8x8 credential/);
	});

	it("points 1201 at the credential's Region (the wrong-region answer) and at key access", () => {
		const explanation = explainApiError(1201, 403);
		expect(explanation.httpStatus).toBe(403);
		expect(explanation.meaning).toContain(
			'Account was not found in SG. Please use the ID endpoint!',
		);
		expect(explanation.fix).toMatch(/^Check the credential's Region/);
		expect(explanation.fix).toContain('"Please use the ID endpoint" means Indonesia');
	});

	it.each([
		[2000, true, 500],
		[1400, true, 400],
		[3041, false, 400],
		[3060, false, 409],
		[1300, false, 404],
	])('code %i: retryable %p, HTTP %i', (code, retryable, status) => {
		expect(explainApiError(code)).toMatchObject({ retryable, httpStatus: status, known: true });
	});

	it('says templates being deleted block the name for weeks', () => {
		expect(explainApiError(3060).fix).toMatch(/new name.*about 4 weeks/);
	});

	it.each([
		[401, 'Unauthorized (HTTP 401)', false, /API key/],
		[403, 'Forbidden (HTTP 403)', false, /Region/],
		[429, 'Too many requests (HTTP 429)', true, /Retry-After/],
		[500, 'Internal server error (HTTP 500)', true, /again/],
		[502, 'Bad gateway (HTTP 502)', true, /again/],
		[503, 'Service unavailable (HTTP 503)', true, /Retry-After/],
	])('without a code, explains HTTP %i by its status', (status, title, retryable, fix) => {
		const explanation = explainApiError(undefined, status);
		expect(explanation).toMatchObject({
			source: 'api',
			code: 0,
			title,
			retryable,
			httpStatus: status,
			known: false,
		});
		expect(explanation.fix).toMatch(fix);
	});

	it('says 429 means rate limiting', () => {
		expect(explainApiError(undefined, 429).meaning).toBe(
			'8x8 is rate limiting: too many requests were sent in a short time.',
		);
	});

	it('reads the documented 429 body, whose code is the status itself', () => {
		expect(explainApiError(429)).toMatchObject({
			code: 429,
			title: 'Too many requests (HTTP 429)',
			retryable: true,
			httpStatus: 429,
		});
		expect(explainApiError(429).meaning).not.toContain('not in the documented list');
	});

	it('falls back to the HTTP status for an undocumented code and names the code', () => {
		const explanation = explainApiError('9999', 503);
		expect(explanation).toMatchObject({
			code: 9999,
			title: 'Service unavailable (HTTP 503)',
			retryable: true,
			known: false,
		});
		expect(explanation.meaning).toContain(
			'The 8x8 code 9999 is not in the documented list (https://developer.8x8.com/connect/docs/api-error-codes).',
		);
	});

	it.each([
		[418, 'Request rejected (HTTP 418)', false],
		[599, 'Server error (HTTP 599)', true],
	])('classifies the unlisted status %i by its class', (status, title, retryable) => {
		expect(explainApiError(undefined, status)).toMatchObject({ title, retryable, known: false });
	});

	it('explains an unknown code without status generically, pointing at the docs', () => {
		expect(explainApiError(4242)).toEqual({
			source: 'api',
			code: 4242,
			title: 'Unknown 8x8 API error 4242',
			meaning:
				'8x8 answered with error code 4242, which is not in its documented list of API error codes.',
			fix: 'Read the message returned with the error and look the code up at https://developer.8x8.com/connect/docs/api-error-codes; if it stays unclear, contact 8x8 support with the errorId.',
			retryable: false,
			httpStatus: undefined,
			known: false,
		});
	});

	it('handles a missing code and status', () => {
		expect(explainApiError(undefined)).toMatchObject({
			code: 0,
			title: 'Unknown 8x8 API error',
			meaning: '8x8 answered with an error but gave no error code.',
			known: false,
		});
	});

	it.each([[null], [{}], ['not a code'], [NaN], [Symbol('x')], [() => 1]])(
		'never throws for %p',
		(input) => {
			expect(() => explainApiError(input, NaN)).not.toThrow();
			expect(explainApiError(input).code).toBe(0);
		},
	);
});

describe('explainDeliveryError', () => {
	it('explains a WhatsApp code with its Meta code', () => {
		expect(explainDeliveryError(1022)).toEqual({
			source: 'delivery',
			code: 1022,
			title: 'Message window expired',
			meaning:
				'More than 24 hours have passed since the user last wrote to you, so WhatsApp refuses free-form messages.',
			fix: "Send an approved template instead; free-form messages only work within 24 h of the user's last message to you.",
			retryable: false,
			metaCode: 131047,
			known: true,
		});
	});

	it('does not confuse delivery codes with the API codes of the same number', () => {
		for (const code of [
			1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1014,
		]) {
			expect(explainDeliveryError(code).title).not.toBe(explainApiError(code).title);
		}
		expect(explainApiError(1009).title).toBe('Invalid country code');
		expect(explainDeliveryError(1009).title).toBe('Throughput exceeded');
	});

	it('accepts numeric strings for both codes', () => {
		expect(explainDeliveryError('1030', '132000')).toMatchObject({
			code: 1030,
			title: 'Wrong number of template parameters',
			metaCode: 132000,
		});
	});

	it('finds the entry by Meta code when the 8x8 code is missing', () => {
		expect(explainDeliveryError(undefined, '131047')).toMatchObject({
			code: 0,
			title: 'Message window expired',
			metaCode: 131047,
			retryable: false,
			known: true,
		});
		expect(explainDeliveryError(undefined, 131062).title).toBe('BSUID recipient not supported');
	});

	it("keeps the 8x8 code's entry when the Meta code points elsewhere (the docs' own sample: 15 with 131009)", () => {
		expect(explainDeliveryError(15, '131009')).toMatchObject({
			code: 15,
			title: 'Invalid destination',
			metaCode: 131009,
			known: true,
		});
	});

	it('uses the Meta code when the 8x8 code is unknown', () => {
		expect(explainDeliveryError(9876, '130429')).toMatchObject({
			code: 9876,
			title: 'Throughput exceeded',
			metaCode: 130429,
			retryable: true,
			known: true,
		});
	});

	it.each([
		[1009, true],
		[1024, false],
		[1018, false],
		[1035, false],
		[11, true],
		[61, false],
	])('code %i: retryable %p', (code, retryable) => {
		expect(explainDeliveryError(code).retryable).toBe(retryable);
	});

	it('tells to wait 24 hours after 1024 / 131049 instead of retrying', () => {
		expect(explainDeliveryError(1024).fix).toBe(
			'Do not resend right away: wait at least 24 hours before sending this user another marketing template.',
		);
	});

	it('tells to slow down on 130429', () => {
		expect(explainDeliveryError(undefined, 130429).fix).toMatch(/^Slow down the sending rate/);
	});

	it('explains 1054 ↔ 131062 as needing a phone number', () => {
		expect(explainDeliveryError(1054)).toMatchObject({ metaCode: 131062 });
		expect(explainDeliveryError(1054).fix).toContain('user.msisdn');
	});

	it('explains an unknown code generically with the docs link', () => {
		expect(explainDeliveryError(7777, '999999')).toEqual({
			source: 'delivery',
			code: 7777,
			title: 'Unknown delivery error 7777',
			meaning:
				"The delivery receipt carries error code 7777 (WhatsApp code 999999), which is not in 8x8's documented list of delivery error codes.",
			fix: "Read the receipt's errorMessage, look the code up at https://developer.8x8.com/connect/docs/delivery-error-codes, and check the message by its umid in 8x8 Connect → Logs; if it stays unclear, contact 8x8 support with the umid.",
			retryable: false,
			metaCode: 999999,
			known: false,
		});
	});

	it('handles a receipt without any code', () => {
		expect(explainDeliveryError(undefined, undefined)).toMatchObject({
			code: 0,
			title: 'Undelivered (no error code)',
			metaCode: undefined,
			known: false,
		});
	});

	it.each([[null], [{}], ['n/a'], [NaN], [Symbol('x')]])('never throws for %p', (input) => {
		expect(() => explainDeliveryError(input, input)).not.toThrow();
	});
});

describe('lookups', () => {
	it('find entries by code and Meta code', () => {
		expect(findApiError('3038')?.title).toBe('Template not found');
		expect(findDeliveryError(1018)?.metaCode).toBe(131026);
		expect(findDeliveryErrorByMetaCode('132015')?.code).toBe(1035);
		expect(findDeliveryErrorByMetaCode(1)).toBeUndefined();
		expect(findApiError(undefined)).toBeUndefined();
	});
});
