/**
 * The trigger reads its credential at most once per SECRET_CACHE_TTL_MS (per process and
 * credential): the bound within which a rotated or revoked Webhook Authorization Header applies.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import {
	clearWebhookSecretCache,
	SECRET_CACHE_TTL_MS,
} from '../../../nodes/shared/webhookSecretCache';
import { fixture } from '../../fixtures/events';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
const START = new Date('2026-12-01T10:00:00.000Z').getTime();

/** One stored credential that tests can edit, and a count of how often n8n was asked for it. */
const stored: { data: ICredentialDataDecryptedObject; reads: number } = {
	data: {},
	reads: 0,
};

function setSecret(webhookSecret: string): void {
	stored.data = {
		apiKey: 'k',
		subAccountId: 'Sub',
		region: 'apac',
		webhookSecret,
	};
}

async function deliver(authorization: string | undefined, credentialId = 'cred-rotation') {
	const harness = makeWebhookContext({
		defaults,
		body: fixture('seed001-receipt-delivered'),
		headers: authorization === undefined ? {} : { authorization },
		nodeCredentials: { eightByEightApi: { id: credentialId, name: '8x8' } },
	});
	// The credential as stored now, like n8n would decrypt it.
	(harness.context as unknown as { getCredentials: unknown }).getCredentials = async () => {
		stored.reads++;
		return { ...stored.data };
	};
	const call = await playCall(trigger, harness);
	return { status: call.response.statusCode, executed: call.executed };
}

beforeEach(() => {
	clearWebhookSecretCache();
	jest.useFakeTimers({ now: START });
	setSecret('Bearer old-secret');
	stored.reads = 0;
});

afterEach(() => jest.useRealTimers());

describe('secret rotation', () => {
	it(`applies a new secret within ${SECRET_CACHE_TTL_MS / 1000} s, and then refuses the old one`, async () => {
		expect(await deliver('Bearer old-secret')).toEqual({ status: 200, executed: true });

		setSecret('Bearer new-secret');
		jest.setSystemTime(START + SECRET_CACHE_TTL_MS - 1);
		// Inside the bound the process still knows only the old value (documented staleness).
		expect((await deliver('Bearer old-secret')).status).toBe(200);
		expect((await deliver('Bearer new-secret')).status).toBe(401);

		jest.setSystemTime(START + SECRET_CACHE_TTL_MS);
		expect(await deliver('Bearer new-secret')).toEqual({ status: 200, executed: true });
		expect(await deliver('Bearer old-secret')).toEqual({ status: 401, executed: false });
	});

	it('a revoked secret (emptied in the credential) stops being required within the bound', async () => {
		expect((await deliver(undefined)).status).toBe(401);
		setSecret('');
		jest.setSystemTime(START + SECRET_CACHE_TTL_MS);
		expect((await deliver(undefined)).status).toBe(200);
	});

	it('reads the credential once per bound, whatever the traffic, forged calls included', async () => {
		for (let i = 0; i < 100; i++) await deliver('Bearer old-secret');
		for (let i = 0; i < 100; i++) expect((await deliver('Bearer forged')).status).toBe(401);
		expect(stored.reads).toBe(1);
		jest.setSystemTime(START + SECRET_CACHE_TTL_MS);
		await deliver('Bearer old-secret');
		expect(stored.reads).toBe(2);
	});

	it('credentials are cached apart', async () => {
		await deliver('Bearer old-secret', 'cred-a');
		setSecret('Bearer other');
		expect((await deliver('Bearer other', 'cred-b')).status).toBe(200);
		expect((await deliver('Bearer old-secret', 'cred-a')).status).toBe(200);
		expect(stored.reads).toBe(2);
	});
});
