import { OUTCOMES_BY_LAST_DIGIT, startSandbox, type Sandbox } from '../../sandbox';
import {
	call,
	ISO_RE,
	messagesPath,
	receiptsFor,
	registerWebhook,
	send,
	startReceiver,
	states,
	text,
	waitFor,
	type Json,
	type Receiver,
} from './helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ receiptDelayMs: 0, receiptRetryDelaysMs: [5, 5, 5] });
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
			httpAuthorization: 'Bearer dr-secret',
		},
	]);
});

/** Send and wait until the sandbox has played every receipt of the message. */
async function sendAndSettle(message: Json): Promise<{ umid: string; receipts: Json[] }> {
	const response = await send(sandbox, message);
	expect(response.status).toBe(200);
	expect(await sandbox.whenIdle(5000)).toBe(true);
	return { umid: response.body.umid, receipts: receiptsFor(receiver, response.body.umid) };
}

const orderUpdate = (msisdn: string) => ({
	user: { msisdn },
	type: 'template',
	content: {
		template: {
			name: 'order_update',
			language: 'en',
			components: [
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Dana' },
						{ type: 'text', text: 'A-1' },
					],
				},
			],
		},
	},
});

describe('delivery receipts (v9)', () => {
	it('posts queued → sent → delivered → read, in order, with the webhook Authorization', async () => {
		const response = await send(sandbox, text('+6591234569', { clientMessageId: 'cm-9' }));
		const umid = response.body.umid;
		const receipts = await waitFor(() => {
			const got = receiptsFor(receiver, umid);
			return got.length === 4 ? got : undefined;
		}, 'four receipts');
		expect(states(receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
		const calls = receiver.calls.filter((c) => c.body?.payload?.umid === umid);
		for (const c of calls) {
			expect(c.method).toBe('POST');
			expect(c.path).toBe('/dr');
			expect(c.headers.authorization).toBe('Bearer dr-secret');
			expect(c.headers['content-type']).toMatch(/application\/json/);
		}
		for (const receipt of receipts) {
			expect(receipt).toMatchObject({
				version: 9,
				namespace: 'ChatApps',
				eventType: 'outbound_message_status_changed',
				description: 'ChatApps outbound message delivery receipt',
				payload: {
					umid,
					clientMessageId: 'cm-9',
					subAccountId: 'SandboxSub',
					channel: 'whatsapp',
					user: { msisdn: '+6591234569' },
				},
			});
			expect(receipt.payload.status.timestamp).toMatch(ISO_RE);
		}
		expect(receipts[0].payload.user.channelUserId).toBeUndefined();
		expect(receipts[0].payload.whatsapp).toBeUndefined();
		expect(receipts[1].payload.whatsapp).toEqual({ pricingCategory: 'service' });
		expect(receipts[2].payload.status.detail).toBe('delivered_to_recipient');
		expect(receipts[2].payload.user.channelUserId).toMatch(/^SG\.\d+$/);
		expect(receipts[2].payload.outboundContent).toEqual({
			channel: 'whatsapp',
			contentType: 'text',
			body: { text: 'Hello from the test' },
		});
		expect(receipts[3].payload.user.channelUserId).toBe(receipts[2].payload.user.channelUserId);

		const details = await call(sandbox, 'GET', `${messagesPath}/${umid}`);
		expect(details.body.data[0].status.state).toBe('read');
	});

	it('ending 1: undelivered 1018 / 131026 after queued', async () => {
		const { receipts } = await sendAndSettle(text('+6591234561'));
		expect(states(receipts)).toEqual(['queued', 'undelivered']);
		expect(receipts[1].payload.status).toMatchObject({
			state: 'undelivered',
			detail: 'rejected_by_operator',
			errorCode: 1018,
			errorMessage: OUTCOMES_BY_LAST_DIGIT[1].errorMessage,
		});
		expect(receipts[1].payload.whatsapp).toEqual({ providerErrorCode: '131026' });
	});

	it('ending 2: session messages fail with 1022 / 131047, templates are delivered and read', async () => {
		const session = await sendAndSettle(text('+6591234562'));
		expect(states(session.receipts)).toEqual(['queued', 'undelivered']);
		expect(session.receipts[1].payload.status).toMatchObject({
			errorCode: 1022,
			errorMessage: 'Message window expired',
		});
		expect(session.receipts[1].payload.whatsapp.providerErrorCode).toBe('131047');

		const templated = await sendAndSettle(orderUpdate('+6591234562'));
		expect(states(templated.receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
		expect(templated.receipts[1].payload.whatsapp).toEqual({ pricingCategory: 'utility' });
		expect(templated.receipts[2].payload.outboundContent).toMatchObject({
			contentType: 'template',
			template: { name: 'order_update', language: 'en', category: 'UTILITY' },
			body: { text: 'Hi Dana, your order A-1 has shipped.' },
		});
	});

	it('ending 3: 1024 / 131049; ending 5: 1009 / 130429', async () => {
		const three = await sendAndSettle(text('+6591234563'));
		expect(three.receipts[1].payload.status.errorCode).toBe(1024);
		expect(three.receipts[1].payload.whatsapp.providerErrorCode).toBe('131049');
		const five = await sendAndSettle(orderUpdate('+6591234565'));
		expect(five.receipts[1].payload.status.errorCode).toBe(1009);
		expect(five.receipts[1].payload.whatsapp.providerErrorCode).toBe('130429');
	});

	it('ending 4: templates fail with 1035 / 132015, session messages are read', async () => {
		const templated = await sendAndSettle(orderUpdate('+6591234564'));
		expect(states(templated.receipts)).toEqual(['queued', 'undelivered']);
		expect(templated.receipts[1].payload.status.errorCode).toBe(1035);
		const session = await sendAndSettle(text('+6591234564'));
		expect(states(session.receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
	});

	it('ending 6: delivered but never read', async () => {
		const { umid, receipts } = await sendAndSettle(text('+6591234566'));
		expect(states(receipts)).toEqual(['queued', 'sent', 'delivered']);
		expect(sandbox.state.messagesByUmid.get(umid)?.status.state).toBe('delivered');
	});

	it('a PAUSED template fails with 1035 whatever the number', async () => {
		const { receipts } = await sendAndSettle({
			user: { msisdn: '+6591234569' },
			type: 'template',
			content: {
				template: {
					name: 'spring_sale',
					language: 'en',
					components: [{ type: 'body', parameters: [{ type: 'text', text: '30%' }] }],
				},
			},
		});
		expect(states(receipts)).toEqual(['queued', 'undelivered']);
		expect(receipts[1].payload.status.errorCode).toBe(1035);
	});

	it('exports the outcome table', () => {
		expect(Object.keys(OUTCOMES_BY_LAST_DIGIT)).toEqual([
			'0',
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9',
		]);
		expect(sandbox.outcomeFor('+6591234562', true).outcome).toBe('read');
		expect(sandbox.outcomeFor('+6591234562', false)).toMatchObject({
			outcome: 'undelivered',
			errorCode: 1022,
		});
	});

	it('sends to dlrCallbackUrl instead of the webhook when given', async () => {
		const other = await startReceiver();
		try {
			const response = await send(
				sandbox,
				text('+6591234560', { dlrCallbackUrl: `${other.url}/per-message` }),
			);
			expect(await sandbox.whenIdle(5000)).toBe(true);
			expect(states(receiptsFor(other, response.body.umid))).toEqual([
				'queued',
				'sent',
				'delivered',
				'read',
			]);
			expect(other.calls[0].path).toBe('/per-message');
			expect(receiptsFor(receiver, response.body.umid)).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('falls back to the * webhook, and carries batch ids', async () => {
		await call(sandbox, 'DELETE', '/api/v1/accounts/SandboxAccount/webhooks', [
			{ subAccountId: 'SandboxSub', type: 'CADR' },
		]);
		await registerWebhook(sandbox, [
			{ subAccountId: '*', type: 'CADR', url: `${receiver.url}/all` },
		]);
		const batch = await call(sandbox, 'POST', `${messagesPath}/batch`, {
			clientBatchId: 'cb-1',
			messages: [text('+6591234567', { clientMessageId: 'b-1' })],
			includeMessagesInResponse: true,
		});
		expect(await sandbox.whenIdle(5000)).toBe(true);
		const receipts = receiptsFor(receiver, batch.body.messages[0].umid);
		expect(states(receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
		expect(receipts[0].payload).toMatchObject({
			batchId: batch.body.batchId,
			clientBatchId: 'cb-1',
			clientMessageId: 'b-1',
		});
		expect(
			receiver.calls.every((c) => c.path === '/all' && c.headers.authorization === undefined),
		).toBe(true);
	});

	it('retries a receipt after non-2xx answers and records every attempt', async () => {
		receiver.respond = (index) => (index < 2 ? 500 : 200);
		const { umid, receipts } = await sendAndSettle(text('+6591234569'));
		expect(states(receipts)).toEqual(['queued', 'queued', 'queued', 'sent', 'delivered', 'read']);
		const attempts = sandbox.state.webhookDeliveries.filter(
			(d) => d.umid === umid && d.state === 'queued',
		);
		expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
			[1, 500, false],
			[2, 500, false],
			[3, 200, true],
		]);
		expect(attempts[0].headers.Authorization).toBe('Bearer dr-secret');
		const viaHttp = await call(
			sandbox,
			'GET',
			`/__sandbox/webhook-deliveries?umid=${umid}&state=queued`,
		);
		expect(viaHttp.body.count).toBe(3);
	});

	it('gives up after the configured retries on a connection error', async () => {
		const gone = await startReceiver();
		const deadUrl = `${gone.url}/dead`;
		await gone.close();
		const { umid } = await sendAndSettle(text('+6591234566', { dlrCallbackUrl: deadUrl }));
		const attempts = sandbox.state.webhookDeliveries.filter(
			(d) => d.umid === umid && d.state === 'queued',
		);
		expect(attempts).toHaveLength(4);
		expect(attempts.every((a) => a.status === 0 && a.error)).toBe(true);
		expect(attempts[3].final).toBe(true);
		expect(sandbox.state.counters.receiptsFailed).toBe(3);
	});

	it('fetches an OAuth client-credentials token for a webhook with an oauth block', async () => {
		const auth = await startReceiver();
		auth.respond = () => ({
			status: 200,
			json: { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 },
		});
		try {
			await registerWebhook(sandbox, [
				{
					subAccountId: 'SandboxSub',
					type: 'CADR',
					url: `${receiver.url}/dr-oauth`,
					oauth: {
						url: `${auth.url}/token`,
						clientId: 'id-1',
						clientSecret: 's3cret',
						credentialsLocation: 'header',
						scope: 'dr',
					},
				},
			]);
			const { receipts } = await sendAndSettle(text('+6591234560'));
			expect(states(receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
			expect(auth.calls).toHaveLength(1);
			expect(auth.calls[0].headers.authorization).toBe(
				`Basic ${Buffer.from('id-1:s3cret').toString('base64')}`,
			);
			expect(auth.calls[0].body).toBe('grant_type=client_credentials&scope=dr');
			const drCalls = receiver.calls.filter((c) => c.path === '/dr-oauth');
			expect(drCalls).toHaveLength(4);
			expect(drCalls.every((c) => c.headers.authorization === 'Bearer tok-1')).toBe(true);
		} finally {
			await auth.close();
		}
	});
});

describe('receipt switches', () => {
	it('plays no receipts with receipts:false and keeps the message queued', async () => {
		const quiet = await startSandbox({ receipts: false, recordBodies: false });
		const rx = await startReceiver();
		try {
			await registerWebhook(quiet, [{ subAccountId: '*', url: rx.url }]);
			const response = await send(quiet, text('+6591234569'));
			expect(await quiet.whenIdle(1000)).toBe(true);
			expect(rx.calls).toHaveLength(0);
			expect(quiet.state.messagesByUmid.get(response.body.umid)?.status.state).toBe('queued');
			expect(quiet.state.messages[0].body).toBeUndefined();
		} finally {
			await quiet.close();
			await rx.close();
		}
	});

	it('reset cancels receipts still pending', async () => {
		const slow = await startSandbox({ receiptDelayMs: 60_000 });
		try {
			await send(slow, text('+6591234569'));
			expect(await slow.whenIdle(20)).toBe(false);
			slow.reset();
			expect(await slow.whenIdle(20)).toBe(true);
			expect(slow.state.messages).toHaveLength(0);
		} finally {
			await slow.close();
		}
	});
});
