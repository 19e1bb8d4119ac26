/**
 * Message > Get (paced: 8x8 allows 1 request/s per sub-account), Mark as Read, Show Typing and
 * Cancel Scheduled, against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import {
	MESSAGE_DETAILS_INTERVAL_MS,
	pacing,
} from '../../../nodes/EightByEightWhatsApp/helpers/pacing';
import { openSandbox, run, runExpectingError, TO } from './setup';

let sandbox: Sandbox;
const realSleep = pacing.sleep;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	pacing.sleep = realSleep;
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

afterEach(() => {
	pacing.sleep = realSleep;
});

const sub = () => `${sandbox.url}/api/v1/subaccounts/SandboxSub`;

async function sendText(to = TO, options: IDataObject = {}): Promise<string> {
	const { output } = await run(sandbox, {
		parameters: { operation: 'sendText', to, text: 'Hi', options },
	});
	return output[0].json.umid as string;
}

describe('Message > Get', () => {
	it('GETs …/messages/{umid} and outputs each record 8x8 returns', async () => {
		const umid = await sendText();
		const { output, requests } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'get', umid },
		});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', `${sub()}/messages/${umid}`],
		]);
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					umid,
					subAccountId: 'SandboxSub',
					channel: 'whatsapp',
					direction: 'outbound',
					status: expect.objectContaining({ state: 'queued' }),
					content: '**MASKED**',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('waits at least 1000 ms (n8n sleep) between consecutive lookups, never before the first', async () => {
		const umids = [
			await sendText('+6591234560'),
			await sendText('+6591234561'),
			await sendText('+6591234562'),
		];
		const events: string[] = [];
		const sleep = jest.fn(async (ms: number) => {
			events.push(`sleep ${ms}`);
		});
		pacing.sleep = sleep;
		const { output } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'get' },
			items: umids.map(() => ({})),
			itemParameters: umids.map((umid) => ({ umid })),
			onRequest: (request) => {
				events.push(`${request.method} ${request.url.split('/').pop()}`);
			},
		});
		expect(output.map((item) => item.json.umid)).toEqual(umids);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(events).toEqual([
			`GET ${umids[0]}`,
			'sleep 1000',
			`GET ${umids[1]}`,
			'sleep 1000',
			`GET ${umids[2]}`,
		]);
		for (const [ms] of sleep.mock.calls) expect(ms).toBeGreaterThanOrEqual(1000);
		expect(MESSAGE_DETAILS_INTERVAL_MS).toBeGreaterThanOrEqual(1000);
	});

	it('says "not found or expired" for an unknown umid (404 / 1300), and checks the umid first', async () => {
		const umid = '0b0d3a5e-8d3e-4f57-9d55-3f0f7c1b2a11';
		const error = await runExpectingError(sandbox, {
			parameters: { resource: 'message', operation: 'get', umid },
		});
		expect(error.message).toBe(`1300 Not found: message ${umid} was not found or has expired`);
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain(
			'only for the sub-account that sent or received the message',
		);
		expect(error.description).toContain('SandboxSub');

		const bad = await runExpectingError(sandbox, {
			parameters: { resource: 'message', operation: 'get', umid: 'not-a-umid' },
		});
		expect(bad.requests).toHaveLength(0);
		expect(bad.message).toBe('"not-a-umid" is not a message ID (a UUID)');
	});

	it('paces also around failed lookups and gives error items under Continue On Fail', async () => {
		const umid = await sendText();
		const sleep = jest.fn(async () => {});
		pacing.sleep = sleep;
		const { output } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'get' },
			items: [{}, {}],
			itemParameters: [{ umid: '0b0d3a5e-8d3e-4f57-9d55-3f0f7c1b2a11' }, { umid }],
			continueOnFail: true,
		});
		expect(sleep).toHaveBeenCalledTimes(1);
		expect(output[0].json).toEqual({
			error: expect.objectContaining({ code: 1300, httpStatus: 404, retryable: false }),
			umid: '0b0d3a5e-8d3e-4f57-9d55-3f0f7c1b2a11',
		});
		expect(output[1].json.umid).toBe(umid);
	});
});

describe('Message > Mark as Read', () => {
	it('POSTs …/messages/{umid}/read without a body', async () => {
		const inbound = await sandbox.sendInbound(
			{ text: 'hello' },
			{ url: 'http://127.0.0.1:9/none' },
		);
		const { output, requests } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'markRead', umid: inbound.umid },
		});
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
			['POST', `${sub()}/messages/${inbound.umid}/read`, undefined],
		]);
		expect(sandbox.state.reads.map((read) => read.umid)).toEqual([inbound.umid]);
		expect(output).toEqual([
			{ json: { umid: inbound.umid, markedRead: true }, pairedItem: { item: 0 } },
		]);
	});
});

describe('Message > Show Typing', () => {
	it('POSTs …/events {channel: "whatsapp", type: "typing", umid}', async () => {
		const umid = '2f1c0e4b-6a4d-4b8e-9f7a-1d2c3b4a5e6f';
		const { output, requests } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'showTyping', umid },
		});
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
			['POST', `${sub()}/events`, { channel: 'whatsapp', type: 'typing', umid }],
		]);
		expect(sandbox.state.events).toEqual([
			expect.objectContaining({ channel: 'whatsapp', type: 'typing', umid }),
		]);
		expect(output[0].json).toEqual({ umid, typing: true });
	});
});

describe('Message > Cancel Scheduled', () => {
	const later = () => new Date(Date.now() + 3_600_000).toISOString();

	it('DELETEs …/messages/{umid} for a scheduled message', async () => {
		const umid = await sendText(TO, { scheduled: later() });
		const { output, requests } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'cancel', cancelTarget: 'message', umid },
		});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['DELETE', `${sub()}/messages/${umid}`],
		]);
		expect(sandbox.state.messagesByUmid.get(umid)?.cancelled).toBe(true);
		expect(output[0].json).toEqual({ umid, cancelled: true, cancelledCount: 1 });
	});

	it('DELETEs …/messages/batch/{batchId} for a scheduled batch', async () => {
		const sent = await run(sandbox, {
			parameters: {
				operation: 'sendText',
				text: 'Hi',
				options: { batch: true, scheduled: later() },
			},
			items: [{}, {}],
			itemParameters: [{ to: '+6591234560' }, { to: '+6591234561' }],
		});
		const batchId = sent.output[0].json.batchId as string;
		const { output, requests } = await run(sandbox, {
			parameters: { resource: 'message', operation: 'cancel', cancelTarget: 'batch', batchId },
		});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['DELETE', `${sub()}/messages/batch/${batchId}`],
		]);
		expect(output[0].json).toEqual({ batchId, cancelled: true, cancelledCount: 2 });
	});

	it('maps 8x8 refusing to cancel a message that is not scheduled (400 / 1000)', async () => {
		const umid = await sendText();
		const error = await runExpectingError(sandbox, {
			parameters: { resource: 'message', operation: 'cancel', cancelTarget: 'message', umid },
		});
		expect(error.message).toMatch(/^1000 /);
		expect(error.message).toContain('not scheduled');
	});
});
