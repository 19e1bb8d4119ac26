import { API_ERRORS, DELIVERY_ERRORS, HTTP_STATUS_ERRORS } from '../../../../nodes/shared/errors';

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, index) => from + index);

// Copied by hand from 8x8-docs/api-error-codes.md ("SMS API, Messaging API" table).
const DOCUMENTED_API_CODES = [
	...range(1000, 1012),
	1014,
	1100,
	1200,
	1201,
	1300,
	1400,
	...range(2000, 2003),
	...range(3001, 3053),
	3060,
];

// Copied by hand from 8x8-docs/delivery-error-codes.md ("General Error Codes" table).
const DOCUMENTED_GENERAL_DELIVERY_CODES = [
	1, 2, 3, 9, 11, 14, 15, 18, 23, 25, 29, 36, 41, 42, 43, 46, 57, 61,
];

// "WhatsApp Error Codes" table: 8x8 code → the Meta code in "(WhatsApp: n)"; 1054 from the BSUID guide.
const DOCUMENTED_WHATSAPP_META_CODES: Array<[number, number]> = [
	[1000, 0],
	[1001, 3],
	[1002, 4],
	[1003, 10],
	[1004, 33],
	[1005, 100],
	[1006, 190],
	[1007, 368],
	[1008, 80007],
	[1009, 130429],
	[1010, 130472],
	[1011, 130497],
	[1012, 131000],
	[1013, 131005],
	[1014, 131008],
	[1015, 131009],
	[1016, 131016],
	[1017, 131021],
	[1018, 131026],
	[1019, 131031],
	[1020, 131037],
	[1021, 131045],
	[1022, 131047],
	[1023, 131048],
	[1024, 131049],
	[1025, 131051],
	[1026, 131052],
	[1027, 131053],
	[1028, 131056],
	[1029, 131057],
	[1030, 132000],
	[1031, 132001],
	[1032, 132005],
	[1033, 132007],
	[1034, 132012],
	[1035, 132015],
	[1036, 132016],
	[1037, 132068],
	[1038, 132069],
	[1039, 133000],
	[1040, 133004],
	[1041, 133005],
	[1042, 133006],
	[1043, 133008],
	[1044, 133009],
	[1045, 133010],
	[1046, 133015],
	[1047, 133016],
	[1048, 135000],
	[1049, 2593107],
	[1050, 2593108],
	[1051, 131050],
	[1052, 138017],
	[1053, 138009],
	[1054, 131062],
];

describe('API error table', () => {
	it('has every documented code, and nothing undocumented besides the OpenAPI examples 4018 and 7001', () => {
		const codes = API_ERRORS.map((entry) => entry.code).sort((a, b) => a - b);
		expect(codes).toEqual([...DOCUMENTED_API_CODES, 4018, 7001]);
	});

	it('lists each code once', () => {
		const codes = API_ERRORS.map((entry) => entry.code);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it.each(API_ERRORS.map((entry) => [entry.code, entry] as const))(
		'%i has a title, a meaning and a fix written as sentences',
		(_code, entry) => {
			expect(entry.title.trim()).not.toBe('');
			expect(entry.meaning).toMatch(/^\S.{15,}[.)]$/s);
			expect(entry.fix).toMatch(/^\S.{15,}[.)]$/s);
			expect(typeof entry.retryable).toBe('boolean');
		},
	);

	it.each([
		[1000, 400],
		[1001, 400],
		[1002, 400],
		[1200, 401],
		[1201, 403],
		[1300, 404],
		[2000, 500],
		[3038, 400],
		[3060, 409],
		[7001, 413],
	])('code %i is answered with HTTP %i', (code, status) => {
		expect(API_ERRORS.find((entry) => entry.code === code)?.httpStatus).toBe(status);
	});

	it('marks only the server-side and wait-and-resend codes as retryable', () => {
		const retryable = API_ERRORS.filter((entry) => entry.retryable).map((entry) => entry.code);
		expect(retryable).toEqual([1400, 2000]);
	});
});

describe('delivery error table', () => {
	it('has every documented general and WhatsApp code', () => {
		const codes = DELIVERY_ERRORS.map((entry) => entry.code).sort((a, b) => a - b);
		expect(codes).toEqual([
			...DOCUMENTED_GENERAL_DELIVERY_CODES,
			...DOCUMENTED_WHATSAPP_META_CODES.map(([code]) => code),
		]);
	});

	it('lists each code once and each Meta code once', () => {
		const codes = DELIVERY_ERRORS.map((entry) => entry.code);
		const metaCodes = DELIVERY_ERRORS.flatMap((entry) =>
			entry.metaCode === undefined ? [] : [entry.metaCode],
		);
		expect(new Set(codes).size).toBe(codes.length);
		expect(new Set(metaCodes).size).toBe(metaCodes.length);
	});

	it.each(DOCUMENTED_WHATSAPP_META_CODES)(
		'WhatsApp code %i carries Meta code %i',
		(code, metaCode) => {
			const entry = DELIVERY_ERRORS.find((candidate) => candidate.code === code);
			expect(entry).toMatchObject({ group: 'whatsapp', metaCode });
		},
	);

	it('gives general codes no Meta code', () => {
		const general = DELIVERY_ERRORS.filter((entry) => entry.group === 'general');
		expect(general.map((entry) => entry.code)).toEqual(DOCUMENTED_GENERAL_DELIVERY_CODES);
		expect(general.every((entry) => entry.metaCode === undefined)).toBe(true);
	});

	it.each(DELIVERY_ERRORS.map((entry) => [entry.code, entry] as const))(
		'%i has a title, a meaning and a fix written as sentences',
		(_code, entry) => {
			expect(entry.title.trim()).not.toBe('');
			expect(entry.meaning).toMatch(/^\S.{15,}[.)]$/s);
			expect(entry.fix).toMatch(/^\S.{8,}[.)]$/s);
			expect(typeof entry.retryable).toBe('boolean');
		},
	);

	it('marks exactly the transient failures as retryable', () => {
		const retryable = DELIVERY_ERRORS.filter((entry) => entry.retryable).map((entry) => entry.code);
		expect(retryable).toEqual([
			11, 14, 23, 36, 46, 57, 1002, 1008, 1009, 1012, 1016, 1028, 1029, 1040, 1046, 1049,
		]);
	});
});

describe('HTTP status table', () => {
	it('covers the documented error statuses and the usual gateway errors', () => {
		expect(HTTP_STATUS_ERRORS.map((entry) => entry.status)).toEqual([
			400, 401, 403, 404, 409, 410, 413, 422, 426, 429, 500, 502, 503, 504,
		]);
	});

	it('treats 429 and 5xx as retryable, other 4xx not', () => {
		for (const entry of HTTP_STATUS_ERRORS) {
			expect(entry.retryable).toBe(entry.status === 429 || entry.status >= 500);
		}
	});
});
