/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Round trip against the local 8x8 sandbox: the trigger registers itself through the sandbox's
 * Webhooks API, the sandbox posts events to a small HTTP server that runs webhook() like n8n does
 * (headers and JSON body in, the node's own answer out), and deactivation removes the registration.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EightByEightWhatsAppTrigger } from '../../../nodes/EightByEightWhatsAppTrigger/EightByEightWhatsAppTrigger.node';
import { EVENT_TYPES } from '../../../nodes/shared/events';
import { startSandbox } from '../../../sandbox';
import type { Sandbox } from '../../../sandbox';
import { makeHookContext } from '../../support/hookContext';
import { playCall } from '../../support/triggerCall';
import { makeStaticData, makeNode, makeWebhookContext, parameterDefaults } from '../../support/webhookContext';
import type { RecordedStaticData } from '../../support/webhookContext';

const trigger = new EightByEightWhatsAppTrigger();
const defaults = parameterDefaults(trigger.description.properties);
// every event, so that MSG, CADR and CABM are all registered
const params = { registration: 'automatic', events: [...EVENT_TYPES] };

let sandbox: Sandbox;
let n8n: Server;
let webhookUrl: string;
let staticData: RecordedStaticData;
const emitted: INodeExecutionData[][][] = [];

function credentials() {
	const { apiKey, subAccountId, accountId, channelId, region, baseUrl } = sandbox.credentials;
	return { eightByEightApi: { apiKey, subAccountId, accountId, channelId, region, baseUrl, webhookSecret: '' } };
}

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false, receiptRetryDelaysMs: [5, 5] });
	staticData = makeStaticData(makeNode(), {});
	n8n = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const text = Buffer.concat(chunks).toString('utf8');
				const harness = makeWebhookContext({
					defaults,
					params,
					credentials: credentials(),
					staticData: staticData.root['node:8x8 WhatsApp Trigger'] as IDataObject,
					headers: req.headers as Record<string, string>,
					body: text === '' ? undefined : (JSON.parse(text) as unknown),
				});
				const { outputs, response } = await playCall(trigger, harness);
				if (outputs) emitted.push(outputs);
				res.writeHead(response.statusCode ?? 500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(response.body));
			})();
		});
	});
	await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
	webhookUrl = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}/webhook/0b5e-hook/webhook`;
});

afterAll(async () => {
	await sandbox.close();
	await new Promise<void>((resolve) => n8n.close(() => resolve()));
});

function hook() {
	return makeHookContext({ defaults, params, credentials: credentials(), webhookUrl, sharedStaticData: staticData });
}

it('registers, receives with the generated secret, refuses other callers, and unregisters', async () => {
	const methods = trigger.webhookMethods.default;
	await expect(methods.checkExists.call(hook().context)).resolves.toBe(false);
	await expect(methods.create.call(hook().context)).resolves.toBe(true);
	await expect(methods.checkExists.call(hook().context)).resolves.toBe(true);

	const secret = (staticData.root['node:8x8 WhatsApp Trigger'] as IDataObject).webhookSecret;
	expect(sandbox.state.webhooks).toEqual(
		['MSG', 'CADR', 'CABM'].map((type) => ({
			type,
			subAccountId: sandbox.credentials.subAccountId,
			url: webhookUrl,
			enabled: true,
			httpAuthorization: secret,
		})),
	);

	const inbound = await sandbox.sendInbound({ text: 'hello from the sandbox' });
	expect(inbound.delivered).toBe(true);
	expect(inbound.attempts[0].status).toBe(200);
	expect(JSON.parse(inbound.attempts[0].responseBody ?? '{}')).toEqual({
		received: true,
		emitted: 1,
		output: 'Inbound',
	});
	expect(emitted).toHaveLength(1);
	expect(emitted[0].map((items) => items.length)).toEqual([1, ...EVENT_TYPES.map(() => 0)]);
	expect(emitted[0][0][0].json).toMatchObject({
		eventType: 'inbound_message_received',
		umid: inbound.umid,
		text: 'hello from the sandbox',
		messageType: 'text',
	});

	const templateEvent = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'fixtures', 'events', 'seed003-template-status-approved.json'), 'utf8'),
	) as IDataObject;
	const business = await sandbox.postEvent(templateEvent);
	expect(business.delivered).toBe(true);
	expect(emitted).toHaveLength(2);
	expect(emitted[1].map((items) => items.length)).toEqual(
		[...EVENT_TYPES, 'other'].map((type) => (type === 'template_status_update' ? 1 : 0)),
	);

	const forged = await sandbox.sendInbound({ text: 'forged' }, { authorization: 'Bearer not-the-secret' });
	expect(forged.delivered).toBe(false);
	expect(forged.attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401]);
	expect(JSON.parse(forged.attempts[0].responseBody ?? '{}')).toMatchObject({
		error: 'unauthorized',
		reason: 'authorization_mismatch',
	});
	expect(emitted).toHaveLength(2);

	await expect(methods.delete.call(hook().context)).resolves.toBe(true);
	expect(sandbox.state.webhooks).toEqual([]);
	expect(staticData.root['node:8x8 WhatsApp Trigger']).toEqual({});
});
