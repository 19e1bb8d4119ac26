import { timingSafeEqual } from 'crypto';

import { redactHeaders, verifyCaller } from '../../../nodes/shared/verifyCaller';

jest.mock('crypto', () => {
	const actual = jest.requireActual<typeof import('crypto')>('crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

describe('verifyCaller', () => {
	beforeEach(() => {
		(timingSafeEqual as jest.Mock).mockClear();
	});

	it('accepts everything when no value is expected', () => {
		expect(verifyCaller('', undefined)).toEqual({ ok: true });
		expect(verifyCaller('', 'Bearer x')).toEqual({ ok: true });
	});

	it('accepts only the exact value', () => {
		expect(verifyCaller('Bearer abc', 'Bearer abc')).toEqual({ ok: true });
		for (const header of ['Bearer ab', 'Bearer abcd', 'bearer abc', ' Bearer abc', 'Bearer abc ']) {
			expect(verifyCaller('Bearer abc', header)).toMatchObject({
				ok: false,
				reason: 'authorization_mismatch',
			});
		}
	});

	it('tells a missing header from a wrong one', () => {
		expect(verifyCaller('Bearer abc', undefined)).toMatchObject({
			ok: false,
			reason: 'missing_authorization',
		});
		expect(verifyCaller('Bearer abc', '')).toMatchObject({
			ok: false,
			reason: 'missing_authorization',
		});
		expect(verifyCaller('Bearer abc', 42)).toMatchObject({
			ok: false,
			reason: 'missing_authorization',
		});
		expect(verifyCaller('Bearer abc', ['Bearer abc', 'Bearer abc'])).toMatchObject({
			ok: false,
			reason: 'authorization_mismatch',
		});
	});

	it('refuses an array-valued header even when it holds exactly the secret', () => {
		expect(verifyCaller('Bearer abc', ['Bearer abc'])).toMatchObject({
			ok: false,
			reason: 'authorization_mismatch',
		});
	});

	it('compares fixed-length digests with timingSafeEqual, whatever the header length', () => {
		const spy = timingSafeEqual as jest.Mock;
		verifyCaller('Bearer a-rather-long-secret-value', 'x');
		verifyCaller('Bearer a-rather-long-secret-value', 'Bearer a-rather-long-secret-value');
		expect(spy).toHaveBeenCalledTimes(2);
		for (const [left, right] of spy.mock.calls) {
			expect((left as Buffer).length).toBe(32);
			expect((right as Buffer).length).toBe(32);
		}
	});

	it('never puts the secret in its messages', () => {
		const result = verifyCaller('Bearer top-secret', 'Bearer nope');
		expect(JSON.stringify(result)).not.toContain('top-secret');
	});
});

describe('redactHeaders', () => {
	it('lower-cases names and redacts credentials only', () => {
		expect(
			redactHeaders({
				Authorization: 'Bearer x',
				'Proxy-Authorization': 'Basic y',
				'content-type': 'application/json',
				'x-forwarded-for': ['1.2.3.4'],
			}),
		).toEqual({
			authorization: '[redacted]',
			'proxy-authorization': '[redacted]',
			'content-type': 'application/json',
			'x-forwarded-for': ['1.2.3.4'],
		});
	});
});
