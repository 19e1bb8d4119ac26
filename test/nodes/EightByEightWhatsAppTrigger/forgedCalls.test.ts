/**
 * Forged webhook calls (issue 7, reliability): with a webhook secret configured, either in the
 * credential ("Webhook Authorization Header") or generated at automatic registration (node static
 * data), every call that does not present exactly that value is answered 401, emits nothing, logs
 * one warning with the reason, and the secret appears in nothing logged or answered. The comparison
 * runs on fixed-length digests, so wrong values of every length are refused the same way.
 */
import { createHash, timingSafeEqual } from 'crypto';

import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { fixture } from '../../fixtures/events';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import { unicodeString } from './arbitraries';

jest.mock('crypto', () => {
	const actual = jest.requireActual<typeof import('crypto')>('crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
const SEED = 0x401;

const CREDENTIAL_SECRET = 'Bearer cr3d-Secret-7f3a9b2c41d0e8f6';
/** Shaped like the secret createWebhooks generates: "Bearer " + 64 hex digits. */
const GENERATED_SECRET = `Bearer ${createHash('sha256').update('forged-calls').digest('hex')}`;

const MESSAGES = {
	missing_authorization:
		'The request has no Authorization header, but this trigger expects the value configured on the 8x8 webhook',
	authorization_mismatch:
		'The Authorization header does not match the value configured for this trigger',
};
type Reason = keyof typeof MESSAGES;

function credentials(webhookSecret: string): Record<string, ICredentialDataDecryptedObject> {
	return {
		eightByEightApi: {
			apiKey: 'test-api-key',
			subAccountId: 'Acme_WA',
			accountId: 'acme',
			channelId: '',
			region: 'apac',
			baseUrl: '',
			webhookSecret,
		},
	};
}

interface Setup {
	name: string;
	secret: string;
	options: {
		params: IDataObject;
		credentials: Record<string, ICredentialDataDecryptedObject>;
		staticData?: IDataObject;
	};
}

const SETUPS: Setup[] = [
	{
		name: 'credential webhookSecret (manual registration)',
		secret: CREDENTIAL_SECRET,
		options: { params: { registration: 'manual' }, credentials: credentials(CREDENTIAL_SECRET) },
	},
	{
		name: 'credential webhookSecret (automatic registration)',
		secret: CREDENTIAL_SECRET,
		options: {
			params: { registration: 'automatic' },
			credentials: credentials(CREDENTIAL_SECRET),
			staticData: { webhookSecret: GENERATED_SECRET },
		},
	},
	{
		name: 'secret generated at registration (static data)',
		secret: GENERATED_SECRET,
		options: {
			params: { registration: 'automatic' },
			credentials: credentials(''),
			staticData: { webhookSecret: GENERATED_SECRET },
		},
	},
];

type Call = Awaited<ReturnType<typeof playCall>>;

async function call(
	setup: Setup,
	header: string | string[] | undefined,
	extra: IDataObject = {},
): Promise<Call> {
	const harness = makeWebhookContext({
		defaults,
		...setup.options,
		params: { ...setup.options.params, ...extra },
		staticData:
			setup.options.staticData === undefined ? undefined : { ...setup.options.staticData },
		body: fixture('seed001-inbound-text'),
		headers:
			header === undefined
				? { 'Content-Type': 'application/json' }
				: { 'Content-Type': 'application/json', Authorization: header },
	});
	return await playCall(trigger, harness);
}

/** The secret, and its token without the scheme, in any form it could leak in. */
function secretForms(secret: string): string[] {
	const token = secret.replace(/^Bearer /, '');
	return [
		secret,
		token,
		token.slice(0, 16),
		token.slice(-16),
		Buffer.from(token).toString('base64'),
	];
}

const compare = timingSafeEqual as unknown as jest.Mock;

function expectRefused(
	outcome: Call,
	setup: Setup,
	reason: Reason,
	presented?: string | string[],
): void {
	expect(outcome.response.statusCode).toBe(401);
	expect(outcome.response.sends).toBe(1);
	expect(outcome.response.body).toEqual({
		received: false,
		error: 'unauthorized',
		reason,
		message: MESSAGES[reason],
	});
	expect(outcome.result).toEqual({ noWebhookResponse: true });
	expect(outcome.result.workflowData).toBeUndefined();

	expect(outcome.log).toHaveLength(1);
	expect(outcome.log[0].level).toBe('warn');
	expect(outcome.log[0].message).toContain(`401 (${reason})`);
	expect(outcome.log[0].meta).toEqual({ node: '8x8 WhatsApp Trigger', status: 401, reason });

	// Nothing logged (every argument of every call) or answered carries the secret, or echoes what
	// the caller sent (a near miss such as a prefix would reveal most of the secret).
	const everything = JSON.stringify([outcome.response.body, outcome.log]);
	for (const form of secretForms(setup.secret)) expect(everything).not.toContain(form);
	for (const value of [presented ?? []].flat()) {
		if (value.trim().length >= 10) expect(everything).not.toContain(value.trim());
	}
	expect(outcome.staticData.writes.filter((write) => !write.startsWith('create '))).toEqual([]);
}

/** Every timingSafeEqual call since the last reset compared two 32-byte digests. */
function expectDigestComparisons(count: number): void {
	expect(compare).toHaveBeenCalledTimes(count);
	for (const [left, right] of compare.mock.calls as Array<[Buffer, Buffer]>) {
		expect([left.length, right.length]).toEqual([32, 32]);
	}
}

beforeEach(() => {
	compare.mockClear();
});

describe.each(SETUPS)('forged calls, secret from the $name', (setup) => {
	const { secret } = setup;
	const token = secret.replace(/^Bearer /, '');
	const flipLast = `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;

	it('accepts the exact secret (control: the refusals below are not vacuous)', async () => {
		const outcome = await call(setup, secret, { options: { includeHeaders: true } });
		expect(outcome.response.statusCode).toBe(200);
		expect(outcome.outputs?.[0]).toHaveLength(1);
		expect(outcome.log).toEqual([]);
		const item = outcome.outputs?.[0][0].json as IDataObject;
		expect((item.headers as IDataObject).authorization).toBe('[redacted]');
		for (const form of secretForms(secret)) {
			expect(JSON.stringify([outcome.response.body, item])).not.toContain(form);
		}
		expectDigestComparisons(1);
	});

	const forged: Array<[string, string | string[] | undefined, Reason]> = [
		['missing header', undefined, 'missing_authorization'],
		['empty header', '', 'missing_authorization'],
		['empty array', [], 'missing_authorization'],
		['wrong header', 'Bearer wrong-secret-value', 'authorization_mismatch'],
		['same length, last character changed', flipLast, 'authorization_mismatch'],
		['same length, all "A"', 'A'.repeat(secret.length), 'authorization_mismatch'],
		[
			'same length, token reversed',
			`Bearer ${[...token].reverse().join('')}`,
			'authorization_mismatch',
		],
		['prefix: all but the last character', secret.slice(0, -1), 'authorization_mismatch'],
		[
			'prefix: half of the secret',
			secret.slice(0, Math.floor(secret.length / 2)),
			'authorization_mismatch',
		],
		['prefix: only the scheme', 'Bearer', 'authorization_mismatch'],
		['prefix: the scheme and a space', 'Bearer ', 'authorization_mismatch'],
		['secret with a trailing space', `${secret} `, 'authorization_mismatch'],
		['secret with a leading space', ` ${secret}`, 'authorization_mismatch'],
		['secret with a trailing tab', `${secret}\t`, 'authorization_mismatch'],
		['secret followed by more', `${secret}0`, 'authorization_mismatch'],
		['secret twice', `${secret}${secret}`, 'authorization_mismatch'],
		['different case: upper', secret.toUpperCase(), 'authorization_mismatch'],
		['different case: lower', secret.toLowerCase(), 'authorization_mismatch'],
		['different case: scheme only', `bearer ${token}`, 'authorization_mismatch'],
		['Basic scheme with the token', `Basic ${token}`, 'authorization_mismatch'],
		[
			'Basic scheme, base64 token',
			`Basic ${Buffer.from(token).toString('base64')}`,
			'authorization_mismatch',
		],
		[
			'Basic scheme, base64 user:token',
			`Basic ${Buffer.from(`8x8:${token}`).toString('base64')}`,
			'authorization_mismatch',
		],
		['token without scheme', token, 'authorization_mismatch'],
		['Bearer scheme, two spaces', `Bearer  ${token}`, 'authorization_mismatch'],
		['Token scheme', `Token ${token}`, 'authorization_mismatch'],
		['array: secret twice', [secret, secret], 'authorization_mismatch'],
		['array: wrong then secret', ['Bearer wrong', secret], 'authorization_mismatch'],
		['array: secret then wrong', [secret, 'Bearer wrong'], 'authorization_mismatch'],
		['array: a wrong value', ['Bearer wrong-secret-value'], 'authorization_mismatch'],
	];

	it.each(forged)(
		'%s: 401, nothing emitted, warned, secret not revealed',
		async (_case, header, reason) => {
			const outcome = await call(setup, header, {
				options: { includeHeaders: true, includeRaw: true },
			});
			expectRefused(outcome, setup, reason, header);
			// A refused call is compared once on digests, or not at all when nothing was presented.
			expectDigestComparisons(reason === 'missing_authorization' ? 0 : 1);
		},
	);

	it('refuses wrong values of every length 0 .. 2 × the secret length the same way', async () => {
		let refused = 0;
		for (let length = 0; length <= 2 * secret.length; length++) {
			const candidates = [
				'A'.repeat(length),
				length < secret.length
					? secret.slice(0, length)
					: `${secret}${'x'.repeat(length - secret.length)}`,
				length === 0 ? '' : `${secret.slice(0, length - 1).padEnd(length - 1, '#')}\u00e9`,
			].filter((candidate) => candidate !== secret);
			for (const candidate of candidates) {
				compare.mockClear();
				const outcome = await call(setup, candidate);
				expect(outcome.response.statusCode).toBe(401);
				expect(outcome.result).toEqual({ noWebhookResponse: true });
				expect((outcome.response.body as IDataObject).reason).toBe(
					candidate === '' ? 'missing_authorization' : 'authorization_mismatch',
				);
				expect(JSON.stringify(outcome.log)).not.toContain(secret.replace(/^Bearer /, ''));
				// No short cut on length: every non-empty value is compared as a 32-byte digest.
				expectDigestComparisons(candidate === '' ? 0 : 1);
				refused += 1;
			}
		}
		// Three candidates per length, less the one that is the secret itself.
		expect(refused).toBe(3 * (2 * secret.length + 1) - 1);
	});

	it('refuses random wrong values and random one-character edits of the secret (fast-check)', async () => {
		const edit = fc
			.tuple(
				fc.nat({ max: secret.length }),
				fc.constantFrom('insert', 'delete', 'replace'),
				fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
			)
			.map(([at, kind, char]) => {
				if (kind === 'insert') return secret.slice(0, at) + char + secret.slice(at);
				if (kind === 'delete') return secret.slice(0, at) + secret.slice(at + 1);
				return secret.slice(0, at) + char + secret.slice(at + 1);
			});
		const anyValue = fc.oneof(
			fc.string(),
			unicodeString,
			fc.string({ unit: 'binary', maxLength: 200 }),
			edit,
		);
		await fc.assert(
			fc.asyncProperty(anyValue, async (value) => {
				fc.pre(value !== secret);
				compare.mockClear();
				const outcome = await call(setup, value);
				expectRefused(
					outcome,
					setup,
					value === '' ? 'missing_authorization' : 'authorization_mismatch',
					value,
				);
			}),
			{ seed: SEED, numRuns: 300 },
		);
	});
});

describe('which secret counts', () => {
	it('with a credential secret, the generated one left in static data is a forged value', async () => {
		const outcome = await call(SETUPS[1], GENERATED_SECRET);
		expectRefused(outcome, SETUPS[1], 'authorization_mismatch', GENERATED_SECRET);
		for (const form of secretForms(GENERATED_SECRET))
			expect(JSON.stringify(outcome.log)).not.toContain(form);
	});

	it('in manual registration a generated secret left in static data is not required (no secret configured)', async () => {
		const outcome = await call(
			{ ...SETUPS[2], options: { ...SETUPS[2].options, params: { registration: 'manual' } } },
			undefined,
		);
		expect(outcome.response.statusCode).toBe(200);
		expect(compare).not.toHaveBeenCalled();
	});
});
