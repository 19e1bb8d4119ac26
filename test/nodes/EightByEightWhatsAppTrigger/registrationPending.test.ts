import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { fixture } from '../../fixtures/events';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import type { WebhookContextOptions } from '../../support/webhookContext';

/**
 * Automatic registration stores its generated secret in create(); n8n 2.x was seen routing calls to
 * the URL about a second before create() finished. Those calls must fail closed, not pass unverified.
 */
const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
const GENERATED = 'Bearer 1f2e3d4c5b6a79881f2e3d4c5b6a7988';

function credentials(webhookSecret = ''): Record<string, ICredentialDataDecryptedObject> {
	return {
		eightByEightApi: {
			apiKey: 'k',
			subAccountId: 'Acme_WA',
			accountId: 'Acme',
			channelId: '',
			region: 'apac',
			baseUrl: '',
			webhookSecret,
		},
	};
}

async function call(options: WebhookContextOptions) {
	const harness = makeWebhookContext({
		defaults,
		params: { registration: 'automatic' },
		credentials: credentials(),
		body: fixture('seed001-receipt-delivered') as IDataObject,
		...options,
	});
	return await playCall(trigger, harness);
}

describe('automatic registration before the secret is stored', () => {
	it('answers 503 registration_pending, emits nothing and warns', async () => {
		const { result, response, log } = await call({});
		expect(response.statusCode).toBe(503);
		expect(response.body).toMatchObject({ received: false, error: 'registration_pending' });
		expect(result.workflowData).toBeUndefined();
		expect(log.filter((entry) => entry.level === 'warn')).toHaveLength(1);
	});

	it('refuses even a caller that sends some Authorization header', async () => {
		const { response, result } = await call({ headers: { Authorization: 'Bearer guess' } });
		expect(response.statusCode).toBe(503);
		expect(result.workflowData).toBeUndefined();
	});

	it('verifies normally once the generated secret is in static data', async () => {
		const staticData = { webhookSecret: GENERATED };
		expect((await call({ staticData })).response.statusCode).toBe(401);
		const accepted = await call({ staticData, headers: { Authorization: GENERATED } });
		expect(accepted.response.statusCode).toBe(200);
		expect(accepted.outputs?.[1]).toHaveLength(1);
	});

	it('uses the credential secret at once when there is one', async () => {
		const { response } = await call({
			credentials: credentials('Basic c2VjcmV0'),
			headers: { Authorization: 'Basic c2VjcmV0' },
		});
		expect(response.statusCode).toBe(200);
	});

	it('manual registration without any secret still accepts every caller', async () => {
		const { response } = await call({ params: { registration: 'manual' } });
		expect(response.statusCode).toBe(200);
	});
});
