import { startSandbox, type Sandbox } from '../../sandbox';
import {
	call,
	expectError,
	receiptsFor,
	registerWebhook,
	send,
	stamped,
	startReceiver,
	steps,
	text,
	type Json,
	type Receiver,
} from './helpers';

// Automatic receipts wait a minute here, so every receipt a test sees was played explicitly.
let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ receiptDelayMs: 60_000, receiptRetryDelaysMs: [5] });
	receiver = await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});
beforeEach(async () => {
	sandbox.reset();
	receiver.calls.length = 0;
	receiver.respond = () => 200;
	await registerWebhook(sandbox, [
		{
			subAccountId: 'SandboxSub',
			type: 'CADR',
			url: `${receiver.url}/dr`,
			httpAuthorization: 'Bearer dr',
		},
	]);
});

async function accepted(message: Json = text('+6591234569', { clientMessageId: 'c-1' })) {
	const response = await send(sandbox, message);
	expect(response.status).toBe(200);
	return response.body.umid as string;
}

const OPERATOR_THEN_1018 = [
	{ state: 'queued' },
	{ state: 'delivered', detail: 'delivered_to_operator' },
	{ state: 'undelivered', detail: 'rejected_by_operator', errorCode: 1018 },
];

describe('POST /__sandbox/receipts', () => {
	it('plays the given sequence now, in order, to the CADR webhook; the automatic receipts stop', async () => {
		const umid = await accepted();
		expect(await sandbox.whenIdle(20)).toBe(false); // the automatic chain is waiting
		const response = await call(sandbox, 'POST', '/__sandbox/receipts', {
			umid,
			sequence: OPERATOR_THEN_1018,
			delayMs: 0,
		});
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			umid,
			stopped: false,
			played: [
				{ state: 'queued', delivered: true, status: 200, url: `${receiver.url}/dr` },
				{ state: 'delivered', detail: 'delivered_to_operator', delivered: true, status: 200 },
				{ state: 'undelivered', detail: 'rejected_by_operator', delivered: true, status: 200 },
			],
			status: { state: 'undelivered', errorCode: 1018 },
		});
		expect(await sandbox.whenIdle(1000)).toBe(true); // the superseded chain ended too
		const receipts = receiptsFor(receiver, umid);
		expect(steps(receipts)).toEqual([
			'queued',
			'delivered:delivered_to_operator',
			'undelivered:rejected_by_operator',
		]);
		// 1018 fills 8x8's "Possible reason" and Meta's code from the delivery error table
		expect(stamped(receipts[2]).payload).toEqual({
			umid,
			clientMessageId: 'c-1',
			subAccountId: 'SandboxSub',
			channel: 'whatsapp',
			user: { msisdn: '+6591234569' },
			status: {
				state: 'undelivered',
				detail: 'rejected_by_operator',
				timestamp: 'ts',
				errorCode: 1018,
				errorMessage: 'Message rejected',
			},
			whatsapp: { providerErrorCode: '131026' },
		});
		expect(receiver.calls.every((c) => c.headers.authorization === 'Bearer dr')).toBe(true);
		const details = await call(sandbox, 'GET', `/api/v1/subaccounts/SandboxSub/messages/${umid}`);
		expect(details.body.data[0].status).toMatchObject({ state: 'undelivered', errorCode: 1018 });
	});

	it('delivered_to_recipient carries channelUserId, outboundContent and pricing; overrides and null leave fields out', async () => {
		const umid = await accepted();
		await sandbox.playReceipts({
			umid,
			delayMs: 0,
			sequence: [
				{ state: 'delivered', detail: 'delivered_to_recipient' },
				{ state: 'read', channelUserId: 'SG.42', pricingCategory: 'marketing' },
				{ state: 'read', channelUserId: null, pricingCategory: null },
			],
		});
		const [phone, read, bare] = receiptsFor(receiver, umid);
		expect(phone.payload.user).toEqual({
			msisdn: '+6591234569',
			channelUserId: expect.stringMatching(/^SG\.\d+$/),
		});
		expect(phone.payload.whatsapp).toEqual({ pricingCategory: 'service' });
		expect(phone.payload.outboundContent).toEqual({
			channel: 'whatsapp',
			contentType: 'text',
			body: { text: 'Hello from the test' },
		});
		expect(read.payload.user).toEqual({ msisdn: '+6591234569', channelUserId: 'SG.42' });
		expect(read.payload.whatsapp).toEqual({ pricingCategory: 'marketing' });
		expect(bare.payload.user).toEqual({ msisdn: '+6591234569' });
		expect(bare.payload.whatsapp).toBeUndefined();
	});

	it('rejected takes its code from the API table; explicit texts and Meta codes are kept', async () => {
		const umid = await accepted();
		await sandbox.playReceipts({
			umid,
			delayMs: 0,
			sequence: [
				{ state: 'rejected', errorCode: 3038 },
				{
					state: 'undelivered',
					detail: 'undelivered_to_recipient',
					errorCode: 1009,
					errorMessage: 'custom',
					providerErrorCode: '999',
				},
				{ state: 'undelivered', errorCode: 77, errorMessage: 'Not in any table' },
			],
		});
		const [rejected, undelivered, other] = receiptsFor(receiver, umid);
		expect(rejected.payload.status).toEqual({
			state: 'rejected',
			timestamp: expect.any(String),
			errorCode: 3038,
			errorMessage: 'Template not found',
		});
		expect(rejected.payload.whatsapp).toBeUndefined();
		expect(undelivered.payload.status).toMatchObject({ errorCode: 1009, errorMessage: 'custom' });
		expect(undelivered.payload.whatsapp).toEqual({ providerErrorCode: '999' });
		expect(other.payload.status).toMatchObject({
			state: 'undelivered',
			errorCode: 77,
			errorMessage: 'Not in any table',
		});
		expect(other.payload.status.detail).toBeUndefined();
		expect(other.payload.whatsapp).toBeUndefined();
	});

	it('posts to url with the given authorization, per-step delays, version 8; wait:false answers 202', async () => {
		const other = await startReceiver();
		try {
			const umid = await accepted();
			const response = await call(sandbox, 'POST', '/__sandbox/receipts', {
				umid,
				url: `${other.url}/resume?token=t`,
				authorization: 'Bearer other',
				version: 8,
				delayMs: 0,
				wait: false,
				sequence: [
					{ state: 'delivered', detail: 'delivered_to_operator' },
					{ state: 'read', delayMs: 30 },
				],
			});
			expect(response.status).toBe(202);
			expect(response.body).toEqual({ umid, steps: 2 });
			expect(await sandbox.whenIdle(2000)).toBe(true);
			expect(
				other.calls.map((c) => [
					c.path,
					c.headers.authorization,
					c.body.version,
					c.body.payload.user,
				]),
			).toEqual([
				[
					'/resume?token=t',
					'Bearer other',
					undefined,
					{ msisdn: '+6591234569', channelUserId: '+6591234569' },
				],
				[
					'/resume?token=t',
					'Bearer other',
					undefined,
					{ msisdn: '+6591234569', channelUserId: '+6591234569' },
				],
			]);
			expect(receiptsFor(receiver, umid)).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('goes to the dlrCallbackUrl of the message when it has one', async () => {
		const other = await startReceiver();
		try {
			const umid = await accepted(text('+6591234560', { dlrCallbackUrl: `${other.url}/cb` }));
			await sandbox.playReceipts({ umid, delayMs: 0, sequence: [{ state: 'queued' }] });
			expect(other.calls.map((c) => [c.path, c.headers.authorization])).toEqual([
				['/cb', 'Bearer dr'],
			]);
		} finally {
			await other.close();
		}
	});

	it.each([
		[{ state: 'failed' }, /state 'failed' is not one 8x8 documents/],
		[
			{ state: 'delivered', detail: 'rejected_by_operator' },
			/with state 'undelivered', not 'delivered'/,
		],
		[
			{ state: 'delivered', detail: 'delivered_to_phone' },
			/detail 'delivered_to_phone' is not one/,
		],
		[{ state: 'delivered', errorCode: 1018 }, /errorCode is only set on undelivered and rejected/],
		[{ state: 'queued', providerErrorCode: '1' }, /only set on undelivered receipts/],
		[
			{ state: 'undelivered', errorCode: 99999 },
			/not in 8x8's delivery error table: give errorMessage/,
		],
		[{ state: 'rejected', errorCode: 1018 }, /not in 8x8's API error table/],
		[{ state: 'read', colour: 'blue' }, /unknown field\(s\) colour/],
		['queued', /each step is an object/],
	])('refuses step %j with 400 / 1000', async (step, message) => {
		const umid = await accepted();
		const response = await call(sandbox, 'POST', '/__sandbox/receipts', { umid, sequence: [step] });
		expectError(response, 400, 1000, message);
		expect(receiptsFor(receiver, umid)).toHaveLength(0);
	});

	it('refuses an empty sequence, a bad url or version, and answers 404 / 1300 for an unknown umid', async () => {
		const umid = await accepted();
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipts', { umid, sequence: [] }),
			400,
			1000,
			/non-empty array/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipts', {
				umid,
				url: 'ftp://x',
				sequence: [{ state: 'queued' }],
			}),
			400,
			1000,
			/http\(s\) URL/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipts', {
				umid,
				version: 7,
				sequence: [{ state: 'queued' }],
			}),
			400,
			1000,
			/8 or 9/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipts', {
				umid: '00000000-0000-0000-0000-000000000000',
				sequence: [{ state: 'queued' }],
			}),
			404,
			1300,
		);
		await expect(
			sandbox.playReceipts({ umid: 'nope', sequence: [{ state: 'queued' }] }),
		).rejects.toThrow(/No accepted message/);
	});
});

describe('receipt scripts', () => {
	it('the next matching message plays the script instead of its digit; the one after plays its digit', async () => {
		const quick = await startSandbox({ receiptDelayMs: 0 });
		const rx = await startReceiver();
		try {
			await registerWebhook(quick, [{ subAccountId: '*', type: 'CADR', url: rx.url }]);
			const armed = await call(quick, 'POST', '/__sandbox/receipt-scripts', {
				match: { msisdn: '+6591234569' },
				sequence: OPERATOR_THEN_1018,
			});
			expect(armed.status).toBe(200);
			expect(armed.body.script).toMatchObject({
				id: 1,
				match: { msisdn: '+6591234569' },
				count: 1,
				remaining: 1,
			});
			const listed = await call(quick, 'GET', '/__sandbox/receipt-scripts');
			expect(listed.body.scripts).toHaveLength(1);
			const other = await send(quick, text('+6591234560'));
			const first = await send(quick, text('+6591234569'));
			const second = await send(quick, text('+6591234569'));
			expect(await quick.whenIdle(5000)).toBe(true);
			expect(steps(receiptsFor(rx, other.body.umid))).toEqual([
				'queued',
				'delivered:delivered_to_operator',
				'delivered:delivered_to_recipient',
				'read',
			]);
			expect(steps(receiptsFor(rx, first.body.umid))).toEqual([
				'queued',
				'delivered:delivered_to_operator',
				'undelivered:rejected_by_operator',
			]);
			expect(steps(receiptsFor(rx, second.body.umid))).toEqual([
				'queued',
				'delivered:delivered_to_operator',
				'delivered:delivered_to_recipient',
				'read',
			]);
			const views = await call(quick, 'GET', '/__sandbox/messages');
			expect(views.body.messages.map((m: Json) => m.outcome)).toEqual(['read', 'scripted', 'read']);
			expect(quick.state.receiptScripts).toHaveLength(0);
		} finally {
			await quick.close();
			await rx.close();
		}
	});

	it('matches clientMessageId, plays with receipts:false, counts down, and is cleared by DELETE and reset', async () => {
		const quiet = await startSandbox({ receipts: false, receiptDelayMs: 0 });
		const rx = await startReceiver();
		try {
			await registerWebhook(quiet, [{ subAccountId: '*', type: 'CADR', url: rx.url }]);
			quiet.scriptReceipts({
				match: { clientMessageId: 'wait-1' },
				count: 2,
				sequence: [{ state: 'read' }],
			});
			const a = await send(quiet, text('+6591234561', { clientMessageId: 'wait-1' }));
			const b = await send(quiet, text('+6591234562', { clientMessageId: 'other' }));
			const c = await send(quiet, text('+6591234563', { clientMessageId: 'wait-1' }));
			expect(await quiet.whenIdle(5000)).toBe(true);
			expect(steps(receiptsFor(rx, a.body.umid))).toEqual(['read']);
			expect(receiptsFor(rx, b.body.umid)).toEqual([]);
			expect(steps(receiptsFor(rx, c.body.umid))).toEqual(['read']);
			await quiet.playReceipts({
				umid: b.body.umid,
				delayMs: 0,
				sequence: [{ state: 'delivered', detail: 'delivered_to_recipient' }],
			});
			expect(receiptsFor(rx, b.body.umid)[0].payload.outboundContent).toEqual({
				channel: 'whatsapp',
				contentType: 'text',
				body: { text: 'Hello from the test' },
			});
			quiet.scriptReceipts({ match: { msisdn: '+1' }, sequence: [{ state: 'read' }] });
			expect((await call(quiet, 'DELETE', '/__sandbox/receipt-scripts')).body).toEqual({
				scripts: [],
			});
			quiet.scriptReceipts({ match: { msisdn: '+1' }, sequence: [{ state: 'read' }] });
			quiet.reset();
			expect(quiet.state.receiptScripts).toEqual([]);
		} finally {
			await quiet.close();
			await rx.close();
		}
	});

	it('needs a match and a valid sequence', async () => {
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipt-scripts', { sequence: [{ state: 'read' }] }),
			400,
			1000,
			/match needs/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipt-scripts', {
				match: { phone: '+1' },
				sequence: [{ state: 'read' }],
			}),
			400,
			1000,
			/match needs/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/receipt-scripts', {
				match: { msisdn: '+1' },
				sequence: [{ state: 'gone' }],
			}),
			400,
			1000,
			/not one 8x8 documents/,
		);
		expect(sandbox.state.receiptScripts).toEqual([]);
	});
});
