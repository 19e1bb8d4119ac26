/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	IWebhookResponseData,
} from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { callTrigger, outputCounts } from '../../support/triggerCall';
import { makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import type { WebhookContextOptions, WebhookHarness } from '../../support/webhookContext';

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
const NOW = '2026-07-03T04:05:06.789Z';
const SECRET = 'Bearer s3cret-for-tests';
const GENERATED = 'Bearer 0f0f0f0f';
const NODE_KEY = 'node:8x8 WhatsApp Trigger';

const EVENT_TYPES = [
	'inbound_message_received',
	'whatsapp_contact',
	'outbound_message_status_changed',
	'external_app_message',
	'template_status_update',
	'template_quality_update',
	'template_category_update',
	'template_correct_category_detection',
	'phone_number_quality_update',
	'account_update',
	'whatsapp_preference',
	'whatsapp_user_id_update',
];
const OUTPUT_NAMES = [
	'Inbound',
	'Contact Card',
	'Delivery',
	'Biz App',
	'Tpl Status',
	'Tpl Quality',
	'Tpl Category',
	'Tpl Mismatch',
	'Phone Number',
	'Account',
	'Opt In/Out',
	'New User ID',
	'Other',
];
/** The other names whatsapp-business-scoped-user-ids.md gives three event types. */
const ALIASES: Record<string, string> = {
	user_id_update: 'whatsapp_user_id_update',
	contacts: 'whatsapp_contact',
	user_preferences: 'whatsapp_preference',
};
const DEFAULT_EVENTS = ['inbound_message_received', 'outbound_message_status_changed'];
/** Most tests here select every event; the real default is tested under "node description". */
const allEvents = { ...defaults, events: EVENT_TYPES };

const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'events');
const fixtureNames = readdirSync(FIXTURE_DIR)
	.filter((name) => name.endsWith('.json'))
	.sort();

function fixture(name: string): IDataObject {
	return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as IDataObject;
}

function credentials(webhookSecret = ''): Record<string, ICredentialDataDecryptedObject> {
	return {
		eightByEightApi: {
			apiKey: 'test-api-key',
			subAccountId: 'Acme_WA',
			accountId: '',
			channelId: '',
			region: 'apac',
			baseUrl: '',
			webhookSecret,
		},
	};
}

interface Run extends Omit<WebhookHarness, 'response'> {
	result: IWebhookResponseData;
	/** The trigger's outputs in the execution n8n started (undefined: no execution). */
	outputs: INodeExecutionData[][] | undefined;
	executed: boolean;
	/** What the caller got back, whoever sent it (webhook() itself, or n8n with webhookResponse). */
	response: { statusCode: number; body: unknown; sends: number };
}

async function run(options: WebhookContextOptions = {}): Promise<Run> {
	const harness = makeWebhookContext({ defaults: allEvents, credentials: credentials(), ...options });
	const call = await callTrigger(trigger, harness);
	return {
		...harness,
		result: call.result,
		outputs: call.outputs,
		executed: call.executed,
		response: { statusCode: call.answer.status, body: call.answer.body, sends: call.answer.sends },
	};
}

/** Output index -> number of items, for readable assertions. */
const counts = outputCounts;
/** The counts of a call that emitted one item on the named output (all events selected). */
const onlyOn = (output: string) => OUTPUT_NAMES.map((name) => (name === output ? 1 : 0));

function onlyItem(outputs: INodeExecutionData[][] | undefined): IDataObject {
	const items = (outputs ?? []).flat();
	expect(items).toHaveLength(1);
	return items[0].json;
}

beforeAll(() => {
	jest.useFakeTimers({ now: new Date(NOW) });
});

afterAll(() => {
	jest.useRealTimers();
});

describe('every fixture payload, all events selected', () => {
	it('has fixtures to run', () => {
		expect(fixtureNames.length).toBeGreaterThanOrEqual(40);
	});

	it.each(fixtureNames.map((name) => name.replace(/\.json$/, '')))('%s', async (name) => {
		const body = fixture(name);
		const known = EVENT_TYPES.indexOf(ALIASES[body.eventType as string] ?? (body.eventType as string));
		const expectedIndex = known >= 0 ? known : OUTPUT_NAMES.length - 1;
		const { result, outputs, response, log, staticData } = await run({
			body,
			headers: { 'content-type': 'application/json' },
		});

		const expectedCounts = OUTPUT_NAMES.map((_, index) => (index === expectedIndex ? 1 : 0));
		expect(counts(outputs)).toEqual(expectedCounts);
		// n8n answers accepted events itself (after it holds the execution on 2.x)
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual(response.body);
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({ received: true, emitted: 1, output: OUTPUT_NAMES[expectedIndex] });
		expect(response.sends).toBe(1);
		expect(log).toEqual([]);
		expect(staticData.writes).toEqual([]);

		const item = onlyItem(outputs);
		expect(item.receivedAt).toBe(NOW);
		expect(typeof item.dedupeKey).toBe('string');
		expect((item.dedupeKey as string).length).toBeGreaterThan(0);
		expect(item.raw).toBeUndefined();
		expect(item.headers).toBeUndefined();

		const payload = (body.payload ?? {}) as IDataObject;
		const eventType = expectedIndex < EVENT_TYPES.length ? EVENT_TYPES[expectedIndex] : 'other';
		switch (eventType) {
			case 'inbound_message_received':
				expect(item.eventType).toBe('inbound_message_received');
				expect(item.umid).toBe(payload.umid);
				expect(item.subAccountId).toBe(payload.subAccountId);
				expect(item.messageType).toBe(String(payload.type).toLowerCase() === 'file' ? 'document' : String(payload.type).toLowerCase());
				break;
			case 'outbound_message_status_changed':
				expect(item.eventType).toBe('outbound_message_status_changed');
				expect(item.umid).toBe(payload.umid);
				expect(item.state).toBe((payload.status as IDataObject).state);
				break;
			case 'external_app_message':
				expect(item.eventType).toBe('external_app_message');
				expect(item.umid).toBe(payload.umid);
				expect(item.timestamp).toBe(payload.timestamp);
				break;
			case 'other':
				expect(item.eventType).toBe(typeof body.eventType === 'string' ? body.eventType : '');
				expect(item.reason).toBe(typeof body.eventType === 'string' ? 'unknown_event_type' : 'missing_event_type');
				expect(item.issues).toEqual([]);
				expect(item.body).toEqual(body);
				break;
			default:
				expect(item.eventType).toBe(eventType);
				expect(item.eventId).toBe(body.eventId);
				expect(item.timestamp).toBe(body.timestamp);
		}
	});
});

describe('a subset of events', () => {
	const params = { events: ['account_update', 'outbound_message_status_changed'] };

	it('puts the selected events on shifted outputs and Other last', async () => {
		const receipt = await run({ params, body: fixture('seed001-receipt-delivered') });
		expect(counts(receipt.outputs)).toEqual([1, 0, 0]);
		expect(receipt.response.body).toEqual({ received: true, emitted: 1, output: 'Delivery' });

		const account = await run({ params, body: fixture('docs-account-violation') });
		expect(counts(account.outputs)).toEqual([0, 1, 0]);
		expect(account.response.body).toEqual({ received: true, emitted: 1, output: 'Account' });

		const unknown = await run({ params, body: { ...fixture('docs-receipt-v9-read'), eventType: 'external_app_something' } });
		expect(counts(unknown.outputs)).toEqual([0, 0, 1]);
		expect(onlyItem(unknown.outputs).reason).toBe('unknown_event_type');
	});

	it('acknowledges events that are not selected and starts no execution', async () => {
		const { result, response, log } = await run({ params, body: fixture('seed001-inbound-text') });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({ received: true, emitted: 0, ignored: 'event not selected' });
		expect(log).toEqual([]);
	});

	it('also drops a malformed payload of an event that is not selected', async () => {
		const body = fixture('seed001-inbound-text');
		delete (body.payload as IDataObject).umid;
		const { result, response } = await run({ params, body });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.body).toEqual({ received: true, emitted: 0, ignored: 'event not selected' });
	});

	it('with no event selected has only the Other output', async () => {
		const known = await run({ params: { events: [] }, body: fixture('seed001-inbound-text') });
		expect(known.result).toEqual({ noWebhookResponse: true });
		const unknown = await run({ params: { events: [] }, body: { eventType: 'something_new' } });
		expect(counts(unknown.outputs)).toEqual([1]);
	});
});

describe('the Other output', () => {
	it('gets unknown event types with the reason', async () => {
		const body = { eventType: 'brand_new_event', payload: { a: 1 } };
		const { outputs, response } = await run({ body });
		expect(counts(outputs)).toEqual([...EVENT_TYPES.map(() => 0), 1]);
		expect(response.body).toEqual({ received: true, emitted: 1, output: 'Other' });
		const item = onlyItem(outputs);
		expect(item.reason).toBe('unknown_event_type');
		expect(item.eventType).toBe('brand_new_event');
		expect(item.body).toEqual(body);
	});

	it('gets bodies without an event type', async () => {
		const item = onlyItem((await run({ body: { hello: 'world' } })).outputs);
		expect(item.reason).toBe('missing_event_type');
		expect(item.body).toEqual({ hello: 'world' });
	});

	it('gets known events that fail their schema, with the issues, never the typed output', async () => {
		const body = fixture('seed001-inbound-text');
		delete (body.payload as IDataObject).umid;
		const { outputs } = await run({ body });
		expect(counts(outputs)).toEqual([...EVENT_TYPES.map(() => 0), 1]);
		const item = onlyItem(outputs);
		expect(item.reason).toBe('schema_mismatch');
		expect(item.eventType).toBe('inbound_message_received');
		expect((item.issues as string[]).some((issue) => issue.startsWith('payload.umid'))).toBe(true);
		expect(item.body).toEqual(body);
	});
});

describe('caller verification', () => {
	const body = fixture('seed001-inbound-text');

	it.each([
		[undefined, 'missing_authorization'],
		['', 'missing_authorization'],
		['Bearer wrong', 'authorization_mismatch'],
		[`${SECRET} `, 'authorization_mismatch'],
		[SECRET.toLowerCase(), 'authorization_mismatch'],
	])('answers 401 to Authorization %j (%s) and starts nothing', async (header, reason) => {
		const headers = header === undefined ? {} : { Authorization: header };
		const { result, response, log } = await run({ body, headers, credentials: credentials(SECRET) });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual({
			received: false,
			error: 'unauthorized',
			reason,
			message:
				reason === 'missing_authorization'
					? 'The request has no Authorization header, but this trigger expects the value configured on the 8x8 webhook'
					: 'The Authorization header does not match the value configured for this trigger',
		});
		expect(log).toHaveLength(1);
		expect(log[0].level).toBe('warn');
		expect(log[0].message).toContain(`401 (${reason})`);
		expect(log[0].meta).toEqual({ node: '8x8 WhatsApp Trigger', status: 401, reason });
		expect(JSON.stringify(log)).not.toContain('s3cret');
		expect(JSON.stringify(response.body)).not.toContain('s3cret');
	});

	it('accepts the exact configured value', async () => {
		const { outputs, response, log } = await run({
			body,
			headers: { Authorization: SECRET },
			credentials: credentials(SECRET),
		});
		expect(counts(outputs)).toEqual(onlyOn('Inbound'));
		expect(response.statusCode).toBe(200);
		expect(log).toEqual([]);
	});

	it('accepts any caller when no secret is configured, even one that sends a header', async () => {
		const { outputs, response } = await run({ body, headers: { Authorization: 'Bearer anything' } });
		expect(counts(outputs)).toEqual(onlyOn('Inbound'));
		expect(response.statusCode).toBe(200);
	});

	it('treats a whitespace-only credential value as no secret', async () => {
		const { response } = await run({ body, credentials: credentials('   ') });
		expect(response.statusCode).toBe(200);
	});

	it('checks the secret generated at registration (automatic), on production and test URLs', async () => {
		for (const [mode, webhookUrl] of [
			['webhook', 'https://n8n.example.test/webhook/id/webhook'],
			['manual', 'https://n8n.example.test/webhook-test/id/webhook'],
		] as const) {
			const options = {
				body,
				mode,
				webhookUrl,
				params: { registration: 'automatic' },
				staticData: { webhookSecret: GENERATED },
			};
			const refused = await run(options);
			expect(refused.response.statusCode).toBe(401);
			expect(refused.result).toEqual({ noWebhookResponse: true });
			expect(JSON.stringify(refused.log)).not.toContain('0f0f0f0f');

			const accepted = await run({ ...options, headers: { authorization: GENERATED } });
			expect(accepted.response.statusCode).toBe(200);
			expect(counts(accepted.outputs)).toEqual(onlyOn('Inbound'));
			expect(accepted.staticData.writes).toEqual([]);
		}
	});

	it('prefers the credential value over a generated one', async () => {
		const options = {
			body,
			params: { registration: 'automatic' },
			staticData: { webhookSecret: GENERATED },
			credentials: credentials(SECRET),
		};
		expect((await run({ ...options, headers: { authorization: GENERATED } })).response.statusCode).toBe(401);
		expect((await run({ ...options, headers: { authorization: SECRET } })).response.statusCode).toBe(200);
	});

	it('ignores leftover generated secrets in manual mode and does not touch static data', async () => {
		const { response, staticData } = await run({ body, staticData: { webhookSecret: GENERATED } });
		expect(response.statusCode).toBe(200);
		expect(staticData.writes).toEqual([]);
		const fresh = await run({ body });
		expect(fresh.staticData.root[NODE_KEY]).toBeUndefined();
	});

	it('verifies the caller before looking at the body', async () => {
		const { response } = await run({ body: [1, 2], credentials: credentials(SECRET) });
		expect(response.statusCode).toBe(401);
	});
});

describe('bodies that are not a JSON object', () => {
	it.each([
		[[{ eventType: 'inbound_message_received' }], 'an array'],
		['inbound_message_received', 'a string'],
		[42, 'a number'],
		[null, 'null'],
		[true, 'a boolean'],
		[undefined, 'an empty body'],
	])('answers 400 to %j', async (body, described) => {
		const { result, response, log } = await run({ body });
		const message = `The request body must be a JSON object (an 8x8 webhook event); got ${described}`;
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({ received: false, error: 'invalid_body', message });
		expect(log).toHaveLength(1);
		expect(log[0].level).toBe('warn');
		expect(log[0].message).toContain(message);
	});
});

describe('filters', () => {
	it('emits only the selected inbound message types', async () => {
		const params = { options: { messageTypes: ['image'] } };
		const text = await run({ params, body: fixture('seed001-inbound-text') });
		expect(text.result).toEqual({ noWebhookResponse: true });
		expect(text.response.statusCode).toBe(200);
		expect(text.response.body).toEqual({ received: true, emitted: 0, ignored: 'message type not selected' });

		const image = await run({ params, body: fixture('seed001-inbound-image') });
		expect(counts(image.outputs)).toEqual(onlyOn('Inbound'));
		expect(onlyItem(image.outputs).messageType).toBe('image');
	});

	it('emits only the selected delivery states', async () => {
		const params = { options: { statusStates: ['undelivered'] } };
		const delivered = await run({ params, body: fixture('seed001-receipt-delivered') });
		expect(delivered.result).toEqual({ noWebhookResponse: true });
		expect(delivered.response.body).toEqual({
			received: true,
			emitted: 0,
			ignored: 'delivery state not selected',
		});

		const undelivered = await run({ params, body: fixture('seed001-receipt-undelivered') });
		expect(counts(undelivered.outputs)).toEqual(onlyOn('Delivery'));
		expect(onlyItem(undelivered.outputs).state).toBe('undelivered');
	});

	it('tells "handed to the operator" from "on the phone", and lets rejected be selected', async () => {
		const receiptWith = (status: IDataObject, channel = 'whatsapp') => {
			const body = fixture('docs-receipt-v9-queued');
			const payload = body.payload as IDataObject;
			payload.channel = channel;
			payload.status = { timestamp: '2026-07-03T03:23:22.10Z', ...status };
			return body;
		};
		const hop = receiptWith({ state: 'delivered', detail: 'delivered_to_operator' });
		const onPhone = receiptWith({ state: 'delivered', detail: 'delivered_to_recipient' });
		const rejected = receiptWith({ state: 'rejected', errorCode: 3038, errorMessage: 'Template not found' });
		const viber = receiptWith({ state: 'delivered', detail: 'delivered_to_operator' }, 'viber');
		const undocumented = receiptWith({ state: 'expired' });

		const phoneOnly = { options: { statusStates: ['delivered'] } };
		const dropped = await run({ params: phoneOnly, body: hop });
		expect(dropped.response.body).toEqual({ received: true, emitted: 0, ignored: 'delivery state not selected' });
		expect(onlyItem((await run({ params: phoneOnly, body: onPhone })).outputs)).toMatchObject({
			stage: 'delivered',
			reachedRecipient: true,
		});
		expect(onlyItem((await run({ params: phoneOnly, body: viber })).outputs).stage).toBe('delivered');

		const hopOnly = { options: { statusStates: ['handed_to_operator'] } };
		expect(onlyItem((await run({ params: hopOnly, body: hop })).outputs)).toMatchObject({
			state: 'delivered',
			detail: 'delivered_to_operator',
			stage: 'handed_to_operator',
			reachedRecipient: false,
		});
		expect(((await run({ params: hopOnly, body: onPhone })).response.body as IDataObject).ignored).toBe(
			'delivery state not selected',
		);

		const failures = { options: { statusStates: ['undelivered', 'rejected'] } };
		const item = onlyItem((await run({ params: failures, body: rejected })).outputs);
		expect(item).toMatchObject({ state: 'rejected', stage: 'rejected', reachedRecipient: false });
		expect(item.error).toMatchObject({ code: 3038, source: 'api', title: 'Template not found' });
		// A state 8x8 does not document cannot be selected, so a filter never drops it unseen.
		expect(onlyItem((await run({ params: failures, body: undocumented })).outputs).stage).toBe('unknown');
	});

	it('offers every stage in the Delivery States option', () => {
		const options = trigger.description.properties.find((p) => p.name === 'options')?.options as Array<{
			name: string;
			options?: Array<{ value: string }>;
		}>;
		const states = options.find((o) => o.name === 'statusStates');
		expect(states?.options?.map((o) => o.value).sort()).toEqual(
			['delivered', 'handed_to_operator', 'queued', 'read', 'rejected', 'sent', 'undelivered'],
		);
	});

	it('does not filter other outputs', async () => {
		const params = { options: { messageTypes: ['image'], statusStates: ['read'] } };
		const { outputs } = await run({ params, body: fixture('seed003-template-status-approved') });
		expect(counts(outputs)).toEqual(onlyOn('Tpl Status'));
	});
});

describe('includeRaw and includeHeaders', () => {
	it('adds the original body as raw', async () => {
		const body = fixture('seed001-receipt-read');
		const item = onlyItem((await run({ params: { options: { includeRaw: true } }, body })).outputs);
		expect(item.raw).toEqual(body);
		expect(item.headers).toBeUndefined();
	});

	it('adds the headers with the Authorization value redacted', async () => {
		const { outputs } = await run({
			params: { options: { includeHeaders: true } },
			credentials: credentials(SECRET),
			body: fixture('seed001-inbound-text'),
			headers: { Authorization: SECRET, 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' },
		});
		const item = onlyItem(outputs);
		expect(item.headers).toEqual({
			authorization: '[redacted]',
			'content-type': 'application/json',
			'x-request-id': 'r-1',
		});
		expect(item.raw).toBeUndefined();
		expect(JSON.stringify(item)).not.toContain('s3cret');
	});
});

describe('node description', () => {
	const description = trigger.description;

	it('is a webhook trigger with the 8x8 credential and no request defaults', () => {
		expect(description.name).toBe('eightByEightWhatsAppTrigger');
		expect(description.displayName).toBe('8x8 WhatsApp Trigger');
		expect(description.group).toEqual(['trigger']);
		// 1.1 = 1: a start node of typeVersion 1 makes n8n evaluate an expression on every call
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([
			{ name: 'eightByEightApi', required: true, testedBy: 'eightByEightApiTest' },
		]);
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' },
		]);
		expect(description.requestDefaults).toBeUndefined();
		expect(description.usableAsTool).toBeUndefined();
		expect(typeof description.subtitle).toBe('string');
		expect(description.icon).toEqual({
			light: 'file:../../icons/8x8-whatsapp.svg',
			dark: 'file:../../icons/8x8-whatsapp.dark.svg',
		});
		expect(Object.keys(trigger.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('defaults to manual registration, Inbound Message and Delivery Status; offers every event', () => {
		expect(defaults.registration).toBe('manual');
		expect(defaults.events).toEqual(DEFAULT_EVENTS);
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.options?.map((option) => ('value' in option ? option.value : undefined)).sort()).toEqual(
			[...EVENT_TYPES].sort(),
		);
	});
});

describe('the default selection', () => {
	const withDefaults = (body: IDataObject) =>
		run({ defaults, body, headers: { 'content-type': 'application/json' } });

	it('a new trigger has Inbound Message, Delivery Status and Other', async () => {
		const inbound = await withDefaults(fixture('docs-inbound-v3-whatsapp-text'));
		expect(counts(inbound.outputs)).toEqual([1, 0, 0]);
		const receipt = await withDefaults(fixture('docs-receipt-v9-read'));
		expect(counts(receipt.outputs)).toEqual([0, 1, 0]);
		expect(receipt.response.body).toEqual({ received: true, emitted: 1, output: 'Delivery' });
	});

	it.each([
		'docs-template-status-approved',
		'docs-bsuid-user-preferences',
		'docs-receipt-v9-external-app-message',
	])('%s is acknowledged and dropped until its event is selected', async (name) => {
		const { executed, response } = await withDefaults(fixture(name));
		expect(executed).toBe(false);
		expect(response.body).toEqual({ received: true, emitted: 0, ignored: 'event not selected' });
	});
});

describe('the other names of the user events (user_preferences, contacts, user_id_update)', () => {
	it('reach the typed output when selected, and are dropped like it when not, valid or not', async () => {
		const alias = fixture('variant-alias-user-preferences');
		const selected = await run({ params: { events: ['whatsapp_preference'] }, body: alias });
		expect(selected.response.body).toEqual({ received: true, emitted: 1, output: 'Opt In/Out' });
		expect(onlyItem(selected.outputs).eventType).toBe('whatsapp_preference');

		const broken = { ...alias, eventDetails: {} };
		const brokenSelected = await run({ params: { events: ['whatsapp_preference'] }, body: broken });
		expect(counts(brokenSelected.outputs)).toEqual([0, 1]);
		expect(onlyItem(brokenSelected.outputs)).toMatchObject({
			eventType: 'whatsapp_preference',
			reason: 'schema_mismatch',
			body: broken,
		});
		for (const body of [alias, broken]) {
			const dropped = await run({ params: { events: ['inbound_message_received'] }, body });
			expect(dropped.executed).toBe(false);
			expect(dropped.response.body).toEqual({ received: true, emitted: 0, ignored: 'event not selected' });
		}
	});
});
