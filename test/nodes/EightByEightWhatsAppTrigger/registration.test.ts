import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import {
	counterpartUrl,
	webhookTypesFor,
} from '../../../nodes/EightByEightWhatsAppTrigger/registration';
import { EVENT_TYPES } from '../../../nodes/shared/events';
import { makeHookContext } from '../../support/hookContext';
import type { HookContextOptions, HookHarness } from '../../support/hookContext';
import { playCall } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import type { RecordedStaticData } from '../../support/webhookContext';
import { startFakeWebhooksApi } from './fakeWebhooksApi';
import type { FakeWebhooksApi, StoredWebhook } from './fakeWebhooksApi';

const trigger = new EightByEightWhatsAppTrigger();
const nodeDefaults = parameterDefaults(trigger.description.properties);
/** The tests here select every event (MSG, CADR and CABM); the default selection is tested below. */
const defaults = { ...nodeDefaults, events: [...EVENT_TYPES] };
const methods = trigger.webhookMethods.default;

const PROD_URL = 'https://n8n.example.test/webhook/0b5e-hook/webhook';
const TEST_URL = 'https://n8n.example.test/webhook-test/0b5e-hook/webhook';
const ELSEWHERE = 'https://crm.example.test/8x8/inbound';
const SUB = 'Acme_WA';
const NODE_KEY = 'node:8x8 WhatsApp Trigger';
const GENERATED = /^Bearer [0-9a-f]{64}$/;

let api: FakeWebhooksApi;

function credentials(overrides: IDataObject = {}): Record<string, ICredentialDataDecryptedObject> {
	return {
		eightByEightApi: {
			apiKey: api.apiKey,
			subAccountId: SUB,
			accountId: api.accountId,
			channelId: '',
			region: 'custom',
			baseUrl: api.baseUrl,
			webhookSecret: '',
			...overrides,
		},
	};
}

function hook(options: HookContextOptions & { creds?: IDataObject } = {}): HookHarness {
	const { creds, ...rest } = options;
	return makeHookContext({
		defaults,
		params: { registration: 'automatic' },
		credentials: credentials(creds),
		webhookUrl: PROD_URL,
		...rest,
	});
}

function nodeData(staticData: RecordedStaticData): IDataObject {
	return (staticData.root[NODE_KEY] ?? {}) as IDataObject;
}

function apiCalls(): string[] {
	return api.calls.map((call) => `${call.method} ${call.path}`);
}

const PATH = '/api/v1/accounts/acct-test/webhooks';

beforeEach(async () => {
	api = await startFakeWebhooksApi();
});

afterEach(async () => {
	await api.close();
});

describe('helpers', () => {
	it('maps events to 8x8 webhook types', () => {
		expect(webhookTypesFor(['account_update', 'inbound_message_received'])).toEqual(['MSG', 'CABM']);
		expect(webhookTypesFor(['outbound_message_status_changed'])).toEqual(['CADR']);
		expect(webhookTypesFor(['template_status_update', 'phone_number_quality_update'])).toEqual(['CABM']);
		expect(webhookTypesFor([])).toEqual([]);
	});

	it('knows the test and production URL of the same node', () => {
		expect(counterpartUrl(PROD_URL)).toBe(TEST_URL);
		expect(counterpartUrl(TEST_URL)).toBe(PROD_URL);
		expect(counterpartUrl('https://x.test/hooks/1')).toBeNull();
	});
});

describe('create', () => {
	it('registers MSG, CADR and CABM for all events with one generated secret', async () => {
		const { context, staticData, log } = hook();
		await expect(methods.create.call(context)).resolves.toBe(true);

		expect(apiCalls()).toEqual([`GET ${PATH}`, `POST ${PATH}`]);
		expect(api.calls.every((call) => call.authorization === `Bearer ${api.apiKey}`)).toBe(true);
		const posted = api.calls[1].body as IDataObject[];
		const secret = posted[0].httpAuthorization as string;
		expect(secret).toMatch(GENERATED);
		expect(posted).toEqual(
			['MSG', 'CADR', 'CABM'].map((type) => ({
				subAccountId: SUB,
				type,
				url: PROD_URL,
				enabled: true,
				httpAuthorization: secret,
			})),
		);
		expect(api.webhooks).toEqual(
			['MSG', 'CADR', 'CABM'].map((type) => ({
				type,
				subAccountId: SUB,
				url: PROD_URL,
				enabled: true,
				httpAuthorization: secret,
			})),
		);
		const data = nodeData(staticData);
		expect(data.webhookSecret).toBe(secret);
		expect(data.registrations).toEqual({
			[PROD_URL]: {
				url: PROD_URL,
				subAccountId: SUB,
				types: ['MSG', 'CADR', 'CABM'],
				secretSource: 'generated',
				secretFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
				previous: [],
			},
		});
		expect(log).toEqual([]);
	});

	it('registers only the types the selected events need', async () => {
		const inbound = hook({ params: { registration: 'automatic', events: ['inbound_message_received'] } });
		await methods.create.call(inbound.context);
		expect(api.webhooks.map((entry) => entry.type)).toEqual(['MSG']);

		api.webhooks.length = 0;
		const business = hook({
			params: { registration: 'automatic', events: ['template_status_update', 'account_update'] },
		});
		await methods.create.call(business.context);
		expect(api.webhooks.map((entry) => entry.type)).toEqual(['CABM']);
	});

	it('the default selection registers MSG and CADR only (8x8 sends CABM only when asked)', async () => {
		const { context } = hook({ defaults: nodeDefaults });
		await methods.create.call(context);
		expect(api.webhooks.map((entry) => entry.type)).toEqual(['MSG', 'CADR']);
	});

	it.each([
		[['whatsapp_contact'], ['CABM']],
		[['whatsapp_preference', 'whatsapp_user_id_update'], ['CABM']],
		[['template_correct_category_detection'], ['CABM']],
		[['external_app_message'], ['CADR']],
		[['inbound_message_received', 'whatsapp_contact'], ['MSG', 'CABM']],
	])('events %j register %j', async (events, types) => {
		const { context } = hook({ params: { registration: 'automatic', events } });
		await methods.create.call(context);
		expect(api.webhooks.map((entry) => entry.type)).toEqual(types);
	});

	it('uses the credential secret when set and keeps no generated one', async () => {
		const { context, staticData } = hook({
			creds: { webhookSecret: 'Basic dXNlcjpwYXNz' },
			staticData: { webhookSecret: 'Bearer old-generated' },
		});
		await methods.create.call(context);
		expect(api.webhooks.map((entry) => entry.httpAuthorization)).toEqual([
			'Basic dXNlcjpwYXNz',
			'Basic dXNlcjpwYXNz',
			'Basic dXNlcjpwYXNz',
		]);
		const data = nodeData(staticData);
		expect(data.webhookSecret).toBeUndefined();
		expect(((data.registrations as IDataObject)[PROD_URL] as IDataObject).secretSource).toBe('credential');
	});

	it('reuses a generated secret already in static data', async () => {
		const { context } = hook({ staticData: { webhookSecret: 'Bearer kept-secret' } });
		await methods.create.call(context);
		expect(new Set(api.webhooks.map((entry) => entry.httpAuthorization))).toEqual(new Set(['Bearer kept-secret']));
	});

	it('registers for every sub-account with "*"', async () => {
		const { context } = hook({
			params: { registration: 'automatic', events: ['inbound_message_received'], options: { allSubAccounts: true } },
		});
		await methods.create.call(context);
		expect(api.webhooks).toEqual([
			expect.objectContaining({ type: 'MSG', subAccountId: '*', url: PROD_URL }),
		]);
	});

	it('fails naming the URL and type when a needed type already points elsewhere', async () => {
		api.webhooks.push({ type: 'MSG', subAccountId: SUB, url: ELSEWHERE, enabled: true, httpAuthorization: 'Basic c2VjcmV0' });
		const before = structuredClone(api.webhooks);
		const { context, staticData } = hook();

		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			`8x8 already sends these webhooks elsewhere: the MSG (inbound messages) webhook of sub-account "${SUB}" points to ${ELSEWHERE}`,
		);
		expect((error as NodeOperationError).description).toContain('Replace Existing Webhooks');
		expect(apiCalls()).toEqual([`GET ${PATH}`]);
		expect(api.webhooks).toEqual(before);
		expect(nodeData(staticData).registrations).toBeUndefined();
		expect(nodeData(staticData).webhookSecret).toBeUndefined();
	});

	it('ignores entries of other sub-accounts and types it does not need', async () => {
		api.webhooks.push(
			{ type: 'MSG', subAccountId: 'Other_Sub', url: ELSEWHERE, enabled: true },
			{ type: 'CABM', subAccountId: SUB, url: ELSEWHERE, enabled: true },
		);
		const { context } = hook({ params: { registration: 'automatic', events: ['inbound_message_received'] } });
		await expect(methods.create.call(context)).resolves.toBe(true);
		expect(api.webhooks.filter((entry) => entry.url === ELSEWHERE)).toHaveLength(2);
	});

	it('with replaceExisting takes the type over, logs it, and delete restores the previous entry', async () => {
		api.webhooks.push({ type: 'MSG', subAccountId: SUB, url: ELSEWHERE, enabled: true, httpAuthorization: 'Basic c2VjcmV0' });
		const activation = hook({
			params: { registration: 'automatic', options: { replaceExisting: true } },
		});
		await expect(methods.create.call(activation.context)).resolves.toBe(true);
		expect(api.webhooks.find((entry) => entry.type === 'MSG')?.url).toBe(PROD_URL);
		expect(activation.log).toHaveLength(1);
		expect(activation.log[0].level).toBe('warn');
		expect(activation.log[0].message).toContain(ELSEWHERE);
		expect(activation.log[0].message).toContain('"***"');
		expect(activation.log[0].message).not.toContain('c2VjcmV0');
		const record = (nodeData(activation.staticData).registrations as IDataObject)[PROD_URL] as IDataObject;
		expect(record.previous).toEqual([
			{ type: 'MSG', subAccountId: SUB, url: ELSEWHERE, enabled: true, hadSecret: true },
		]);

		api.calls.length = 0;
		const deactivation = hook({
			params: { registration: 'automatic', options: { replaceExisting: true } },
			sharedStaticData: activation.staticData,
		});
		await expect(methods.delete.call(deactivation.context)).resolves.toBe(true);
		expect(apiCalls()).toEqual([`GET ${PATH}`, `DELETE ${PATH}`, `POST ${PATH}`]);
		expect(api.calls[1].body).toEqual([
			{ subAccountId: SUB, type: 'MSG' },
			{ subAccountId: SUB, type: 'CADR' },
			{ subAccountId: SUB, type: 'CABM' },
		]);
		expect(api.calls[2].body).toEqual([{ subAccountId: SUB, type: 'MSG', url: ELSEWHERE, enabled: true }]);
		expect(api.webhooks).toEqual([{ type: 'MSG', subAccountId: SUB, url: ELSEWHERE, enabled: true }]);
		expect(deactivation.log).toHaveLength(1);
		expect(deactivation.log[0].level).toBe('warn');
		expect(deactivation.log[0].message).toBe(
			`8x8 WhatsApp Trigger restored the MSG (inbound messages) webhook of sub-account "${SUB}" to ${ELSEWHERE} without its Authorization secret (8x8 only showed it as "***"): set it again in 8x8 Connect > Webhooks.`,
		);
		expect(nodeData(deactivation.staticData)).toEqual({});
	});

	it('fails clearly without an Account ID', async () => {
		const { context } = hook({ creds: { accountId: '' } });
		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			'Fill in "Account ID" in the 8x8 credential to register the webhook automatically',
		);
		expect(api.calls).toEqual([]);
		await expect(methods.checkExists.call(context)).rejects.toThrow('Account ID');
	});

	it('refuses automatic registration with no event selected', async () => {
		const { context } = hook({ params: { registration: 'automatic', events: [] } });
		await expect(methods.create.call(context)).rejects.toThrow('Select at least one event');
		await expect(methods.checkExists.call(context)).resolves.toBe(false);
		expect(api.calls).toEqual([]);
	});

	it('surfaces a failing GET and registers nothing', async () => {
		api.failNext(400, { code: 1000, message: 'Invalid parameter', errorId: 'e-1' });
		const { context, staticData } = hook();
		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect(apiCalls()).toEqual([`GET ${PATH}`]);
		expect(nodeData(staticData)).toEqual({});
	});

	it('surfaces a failing POST after a successful GET and keeps no secret', async () => {
		api.failNext(400, { code: 1005, message: "Invalid parameter(s): '[0].url'", errorId: 'e-2' }, 1, 'POST');
		const { context, staticData } = hook();
		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect(apiCalls()).toEqual([`GET ${PATH}`, `POST ${PATH}`]);
		expect(api.webhooks).toEqual([]);
		expect(nodeData(staticData)).toEqual({});
	});

	it('surfaces a rejected API key', async () => {
		const { context } = hook({ creds: { apiKey: 'wrong-key' } });
		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(api.calls[0].authorization).toBe('Bearer wrong-key');
	});

	it('surfaces a server error after the transport retries', async () => {
		api.failNext(500, { code: 1000, message: 'Internal error', errorId: 'e-5' }, 3);
		const { context } = hook();
		const error = await methods.create.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('500');
		expect(apiCalls()).toEqual([`GET ${PATH}`, `GET ${PATH}`, `GET ${PATH}`]);
	});
});

describe('checkExists', () => {
	it('is true after create and false before', async () => {
		const shared = hook();
		await expect(methods.checkExists.call(shared.context)).resolves.toBe(false);
		await methods.create.call(shared.context);
		const again = hook({ sharedStaticData: shared.staticData });
		await expect(methods.checkExists.call(again.context)).resolves.toBe(true);
	});

	it.each([
		['another URL took a type over', (hooks: StoredWebhook[]) => {
			hooks[0].url = ELSEWHERE;
		}],
		['a type was removed', (hooks: StoredWebhook[]) => {
			hooks.splice(1, 1);
		}],
		['a type was disabled', (hooks: StoredWebhook[]) => {
			hooks[2].enabled = false;
		}],
	])('is false when %s', async (_case, change) => {
		const first = hook();
		await methods.create.call(first.context);
		change(api.webhooks);
		const check = hook({ sharedStaticData: first.staticData });
		await expect(methods.checkExists.call(check.context)).resolves.toBe(false);
	});

	it('is false when the static data does not know the secret', async () => {
		const first = hook();
		await methods.create.call(first.context);
		const lost = hook();
		await expect(methods.checkExists.call(lost.context)).resolves.toBe(false);
	});

	it('is false when the credential secret changed since registration', async () => {
		const first = hook({ creds: { webhookSecret: 'Bearer one' } });
		await methods.create.call(first.context);
		const changed = hook({ creds: { webhookSecret: 'Bearer two' }, sharedStaticData: first.staticData });
		await expect(methods.checkExists.call(changed.context)).resolves.toBe(false);
		const same = hook({ creds: { webhookSecret: 'Bearer one' }, sharedStaticData: first.staticData });
		await expect(methods.checkExists.call(same.context)).resolves.toBe(true);
	});

	it('surfaces API errors instead of answering false', async () => {
		const first = hook();
		await methods.create.call(first.context);
		api.failNext(403, { code: 1201, message: 'Access forbidden', errorId: 'e-3' });
		const check = hook({ sharedStaticData: first.staticData });
		await expect(methods.checkExists.call(check.context)).rejects.toBeInstanceOf(NodeApiError);
	});

	it('does nothing in manual mode', async () => {
		const { context } = hook({ params: { registration: 'manual' } });
		await expect(methods.checkExists.call(context)).resolves.toBe(true);
		await expect(methods.create.call(context)).resolves.toBe(true);
		await expect(methods.delete.call(context)).resolves.toBe(true);
		expect(api.calls).toEqual([]);
	});
});

describe('delete', () => {
	it('removes only the entries that point to this URL and forgets the secret', async () => {
		api.webhooks.push(
			{ type: 'MSG', subAccountId: 'Other_Sub', url: ELSEWHERE, enabled: true },
			{ type: 'CADR', subAccountId: '*', url: ELSEWHERE, enabled: true },
		);
		const first = hook({ params: { registration: 'automatic', events: ['inbound_message_received'] } });
		await methods.create.call(first.context);
		expect(api.webhooks).toHaveLength(3);

		const second = hook({
			params: { registration: 'automatic', events: ['inbound_message_received'] },
			sharedStaticData: first.staticData,
		});
		await expect(methods.delete.call(second.context)).resolves.toBe(true);
		expect(api.webhooks).toEqual([
			{ type: 'MSG', subAccountId: 'Other_Sub', url: ELSEWHERE, enabled: true },
			{ type: 'CADR', subAccountId: '*', url: ELSEWHERE, enabled: true },
		]);
		expect(nodeData(second.staticData)).toEqual({});
		expect(second.log).toEqual([]);
	});

	it('does not restore an entry someone else re-pointed meanwhile', async () => {
		api.webhooks.push({ type: 'MSG', subAccountId: SUB, url: ELSEWHERE, enabled: true });
		const params = { registration: 'automatic', events: ['inbound_message_received'], options: { replaceExisting: true } };
		const first = hook({ params });
		await methods.create.call(first.context);
		api.webhooks[0] = { type: 'MSG', subAccountId: SUB, url: 'https://third.example.test/hook', enabled: true };
		api.calls.length = 0;
		const second = hook({ params, sharedStaticData: first.staticData });
		await methods.delete.call(second.context);
		expect(apiCalls()).toEqual([`GET ${PATH}`]);
		expect(api.webhooks).toEqual([
			{ type: 'MSG', subAccountId: SUB, url: 'https://third.example.test/hook', enabled: true },
		]);
	});

	it('cleans up a registration even after the node was switched to manual', async () => {
		const first = hook({ params: { registration: 'automatic', events: ['outbound_message_status_changed'] } });
		await methods.create.call(first.context);
		const second = hook({ params: { registration: 'manual' }, sharedStaticData: first.staticData });
		await methods.delete.call(second.context);
		expect(api.webhooks).toEqual([]);
	});

	it('surfaces API errors and keeps the record for a retry', async () => {
		const first = hook();
		await methods.create.call(first.context);
		api.failNext(400, { code: 1000, message: 'Invalid parameter', errorId: 'e-4' });
		const second = hook({ sharedStaticData: first.staticData });
		await expect(methods.delete.call(second.context)).rejects.toBeInstanceOf(NodeApiError);
		expect(Object.keys(nodeData(second.staticData).registrations as IDataObject)).toEqual([PROD_URL]);
		expect(api.webhooks).toHaveLength(3);
	});

	it('asks for the Account ID when it must remove a registration, and is a no-op when nothing was registered', async () => {
		const first = hook();
		await methods.create.call(first.context);
		const noAccount = hook({ creds: { accountId: '' }, sharedStaticData: first.staticData });
		await expect(methods.delete.call(noAccount.context)).rejects.toThrow('Account ID');

		const never = hook({ creds: { accountId: '' } });
		api.calls.length = 0;
		await expect(methods.delete.call(never.context)).resolves.toBe(true);
		expect(api.calls).toEqual([]);
	});
});

describe('test and production URLs', () => {
	it('will not silently take over the production URL while testing', async () => {
		const production = hook();
		await methods.create.call(production.context);
		const testing = hook({ webhookUrl: TEST_URL, mode: 'manual', sharedStaticData: production.staticData });
		const error = await methods.create.call(testing.context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(PROD_URL);
		expect((error as NodeOperationError).description).toContain("this same trigger's other (test or production) URL");
	});

	it('restores the production entry with its secret after a test with replaceExisting', async () => {
		const params = { registration: 'automatic', options: { replaceExisting: true } };
		const production = hook({ params });
		await methods.create.call(production.context);
		const secret = nodeData(production.staticData).webhookSecret as string;

		const testing = hook({ params, webhookUrl: TEST_URL, mode: 'manual', sharedStaticData: production.staticData });
		await methods.create.call(testing.context);
		expect(new Set(api.webhooks.map((entry) => entry.url))).toEqual(new Set([TEST_URL]));
		expect(new Set(api.webhooks.map((entry) => entry.httpAuthorization))).toEqual(new Set([secret]));

		const endTest = hook({ params, webhookUrl: TEST_URL, mode: 'manual', sharedStaticData: production.staticData });
		await methods.delete.call(endTest.context);
		expect(api.webhooks).toEqual(
			['MSG', 'CADR', 'CABM'].map((type) => ({
				type,
				subAccountId: SUB,
				url: PROD_URL,
				enabled: true,
				httpAuthorization: secret,
			})),
		);
		expect(endTest.log.map((entry) => entry.message)).toEqual(
			['MSG (inbound messages)', 'CADR (delivery receipts)', 'CABM (business management events (templates, phone number, account, contact cards, opt-in/out, user ID changes))'].map(
				(label) => `8x8 WhatsApp Trigger restored the ${label} webhook of sub-account "${SUB}" to ${PROD_URL}.`,
			),
		);
		// The production registration and its secret are still known.
		const data = nodeData(endTest.staticData);
		expect(data.webhookSecret).toBe(secret);
		expect(Object.keys(data.registrations as IDataObject)).toEqual([PROD_URL]);
		const check = hook({ params, sharedStaticData: production.staticData });
		await expect(methods.checkExists.call(check.context)).resolves.toBe(true);
	});
});

describe('registration and webhook() together', () => {
	it('the generated secret is what webhook() then requires', async () => {
		const activation = hook();
		await methods.create.call(activation.context);
		const secret = api.webhooks[0].httpAuthorization as string;
		const body = { eventType: 'something_new' };
		const common = {
			defaults,
			params: { registration: 'automatic' },
			credentials: credentials(),
			staticData: nodeData(activation.staticData),
			body,
		};

		const refused = await playCall(trigger, makeWebhookContext(common));
		expect(refused.response.statusCode).toBe(401);

		const accepted = await playCall(
			trigger,
			makeWebhookContext({ ...common, headers: { authorization: secret } }),
		);
		expect(accepted.response.statusCode).toBe(200);
		expect(accepted.outputs?.map((items) => items.length)).toEqual([...EVENT_TYPES.map(() => 0), 1]);
		expect(accepted.staticData.writes).toEqual([]);
	});
});
