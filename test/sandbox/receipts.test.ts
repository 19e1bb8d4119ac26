import { OUTCOMES_BY_LAST_DIGIT, startSandbox, type Sandbox } from '../../sandbox';
import {
	call,
	messagesPath,
	receiptsFor,
	registerWebhook,
	send,
	stamped,
	startReceiver,
	states,
	steps,
	text,
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

const orderUpdate = (msisdn: string, extra: Record<string, unknown> = {}) => ({
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
	...extra,
});

const HOP = 'delivered:delivered_to_operator';
const PHONE = 'delivered:delivered_to_recipient';
const BSUID_RE = /^SG\.\d+$/;

/** The v9 envelope around a payload. */
const v9 = (payload: Json) => ({
	version: 9,
	namespace: 'ChatApps',
	eventType: 'outbound_message_status_changed',
	description: 'ChatApps outbound message delivery receipt',
	payload,
});

describe('WhatsApp receipt sequences by last digit (v9)', () => {
	it('0: queued → delivered_to_operator → delivered_to_recipient → read; exact bodies, to the CADR webhook', async () => {
		const { umid, receipts } = await sendAndSettle(
			text('+6591234560', { clientMessageId: 'cm-0' }),
		);
		expect(steps(receipts)).toEqual(['queued', HOP, PHONE, 'read']);
		const bsuid = receipts[2].payload.user.channelUserId;
		expect(bsuid).toMatch(BSUID_RE);
		const base = { umid, clientMessageId: 'cm-0', subAccountId: 'SandboxSub', channel: 'whatsapp' };
		const phoneOnly = { msisdn: '+6591234560' };
		const withBsuid = { msisdn: '+6591234560', channelUserId: bsuid };
		expect(receipts.map(stamped)).toEqual([
			v9({ ...base, user: phoneOnly, status: { state: 'queued', timestamp: 'ts' } }),
			v9({
				...base,
				user: phoneOnly,
				status: { state: 'delivered', detail: 'delivered_to_operator', timestamp: 'ts' },
			}),
			v9({
				...base,
				user: withBsuid,
				status: { state: 'delivered', detail: 'delivered_to_recipient', timestamp: 'ts' },
				whatsapp: { pricingCategory: 'service' },
				outboundContent: {
					channel: 'whatsapp',
					contentType: 'text',
					body: { text: 'Hello from the test' },
				},
			}),
			v9({
				...base,
				user: withBsuid,
				status: { state: 'read', timestamp: 'ts' },
				whatsapp: { pricingCategory: 'service' },
			}),
		]);
		const calls = receiver.calls.filter((c) => c.body?.payload?.umid === umid);
		for (const c of calls) {
			expect(c.method).toBe('POST');
			expect(c.path).toBe('/dr');
			expect(c.headers.authorization).toBe('Bearer dr-secret');
			expect(c.headers['content-type']).toMatch(/application\/json/);
		}
		const details = await call(sandbox, 'GET', `${messagesPath}/${umid}`);
		expect(details.body.data[0].status.state).toBe('read');
		const logged = sandbox.state.webhookDeliveries.filter((d) => d.umid === umid);
		expect(logged.map((d) => [d.state, d.detail])).toEqual([
			['queued', undefined],
			['delivered', 'delivered_to_operator'],
			['delivered', 'delivered_to_recipient'],
			['read', undefined],
		]);
	});

	it('9 plays the same as 0', async () => {
		const { receipts } = await sendAndSettle(text('+6591234569'));
		expect(steps(receipts)).toEqual(['queued', HOP, PHONE, 'read']);
	});

	it('1: queued → delivered_to_operator → undelivered_to_recipient 1018 / Meta 131026 (issue 10, item 1)', async () => {
		const { umid, receipts } = await sendAndSettle(text('+6591234561'));
		expect(steps(receipts)).toEqual(['queued', HOP, 'undelivered:undelivered_to_recipient']);
		expect(stamped(receipts[2])).toEqual(
			v9({
				umid,
				subAccountId: 'SandboxSub',
				channel: 'whatsapp',
				user: { msisdn: '+6591234561' },
				status: {
					state: 'undelivered',
					detail: 'undelivered_to_recipient',
					timestamp: 'ts',
					errorCode: 1018,
					errorMessage: 'Message rejected',
				},
				whatsapp: { providerErrorCode: '131026' },
			}),
		);
		expect(receipts[1].payload.user).toEqual({ msisdn: '+6591234561' });
		expect(receipts[1].payload.whatsapp).toBeUndefined();
		expect(sandbox.state.messagesByUmid.get(umid)?.status).toMatchObject({
			state: 'undelivered',
			errorCode: 1018,
		});
	});

	it('2: session messages end rejected_by_operator 1022 / 131047 after the hop; templates are read', async () => {
		const session = await sendAndSettle(text('+6591234562'));
		expect(steps(session.receipts)).toEqual(['queued', HOP, 'undelivered:rejected_by_operator']);
		expect(session.receipts[2].payload.status).toMatchObject({
			errorCode: 1022,
			errorMessage: 'Message window expired',
		});
		expect(session.receipts[2].payload.whatsapp).toEqual({ providerErrorCode: '131047' });

		const templated = await sendAndSettle(orderUpdate('+6591234562'));
		expect(steps(templated.receipts)).toEqual(['queued', HOP, PHONE, 'read']);
		expect(templated.receipts[2].payload.whatsapp).toEqual({ pricingCategory: 'utility' });
		expect(templated.receipts[2].payload.outboundContent).toEqual({
			channel: 'whatsapp',
			contentType: 'template',
			template: { name: 'order_update', language: 'en', category: 'UTILITY' },
			body: { text: 'Hi Dana, your order A-1 has shipped.' },
		});
		expect(templated.receipts[3].payload.outboundContent).toBeUndefined();
	});

	it('3: 1024 / 131049 after the hop; 5: 1009 / 130429 straight after queued', async () => {
		const three = await sendAndSettle(text('+6591234563'));
		expect(steps(three.receipts)).toEqual(['queued', HOP, 'undelivered:rejected_by_operator']);
		expect(three.receipts[2].payload.status).toMatchObject({
			errorCode: 1024,
			errorMessage: 'Message suppressed',
		});
		expect(three.receipts[2].payload.whatsapp).toEqual({ providerErrorCode: '131049' });
		const five = await sendAndSettle(orderUpdate('+6591234565'));
		expect(steps(five.receipts)).toEqual(['queued', 'undelivered:rejected_by_operator']);
		expect(five.receipts[1].payload.status).toMatchObject({
			errorCode: 1009,
			errorMessage: 'Throughput exceeded',
		});
		expect(five.receipts[1].payload.whatsapp).toEqual({ providerErrorCode: '130429' });
	});

	it('4: templates end 1035 / 132015 straight after queued; session messages are read', async () => {
		const templated = await sendAndSettle(orderUpdate('+6591234564'));
		expect(steps(templated.receipts)).toEqual(['queued', 'undelivered:rejected_by_operator']);
		expect(templated.receipts[1].payload.status).toMatchObject({
			errorCode: 1035,
			errorMessage: 'Template paused',
		});
		expect(templated.receipts[1].payload.whatsapp).toEqual({ providerErrorCode: '132015' });
		const session = await sendAndSettle(text('+6591234564'));
		expect(steps(session.receipts)).toEqual(['queued', HOP, PHONE, 'read']);
	});

	it('6: on the phone, never read', async () => {
		const { umid, receipts } = await sendAndSettle(text('+6591234566'));
		expect(steps(receipts)).toEqual(['queued', HOP, PHONE]);
		expect(sandbox.state.messagesByUmid.get(umid)?.status).toMatchObject({
			state: 'delivered',
			detail: 'delivered_to_recipient',
		});
	});

	it('7: queued → sent → delivered_to_recipient → read, sent carries pricing but no BSUID', async () => {
		const { receipts } = await sendAndSettle(orderUpdate('+6591234567'));
		expect(steps(receipts)).toEqual(['queued', 'sent', PHONE, 'read']);
		expect(receipts[1].payload.status).toEqual({ state: 'sent', timestamp: expect.any(String) });
		expect(receipts[1].payload.user).toEqual({ msisdn: '+6591234567' });
		expect(receipts[1].payload.whatsapp).toEqual({ pricingCategory: 'utility' });
		expect(receipts[2].payload.user.channelUserId).toMatch(BSUID_RE);
	});

	it('8: templates are rejected by 8x8 after queued with API code 3038; session messages are read', async () => {
		const { umid, receipts } = await sendAndSettle(orderUpdate('+6591234568'));
		expect(steps(receipts)).toEqual(['queued', 'rejected']);
		expect(stamped(receipts[1])).toEqual(
			v9({
				umid,
				subAccountId: 'SandboxSub',
				channel: 'whatsapp',
				user: { msisdn: '+6591234568' },
				status: {
					state: 'rejected',
					timestamp: 'ts',
					errorCode: 3038,
					errorMessage: 'Template not found for provided name and language',
				},
			}),
		);
		const session = await sendAndSettle(text('+6591234568'));
		expect(steps(session.receipts)).toEqual(['queued', HOP, PHONE, 'read']);
	});

	it('a PAUSED template plays digit 4 whatever the number', async () => {
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
		expect(steps(receipts)).toEqual(['queued', 'undelivered:rejected_by_operator']);
		expect(receipts[1].payload.status.errorCode).toBe(1035);
		expect(receipts[1].payload.whatsapp).toEqual({ providerErrorCode: '132015' });
	});

	it('sent to a BSUID only: every receipt names it, none has msisdn; the BSUID digit picks the outcome', async () => {
		const bsuid = 'SG.1234567890123451';
		const { receipts } = await sendAndSettle({
			user: { channelUserId: bsuid },
			type: 'text',
			content: { text: 'hi' },
		});
		expect(steps(receipts)).toEqual(['queued', HOP, 'undelivered:undelivered_to_recipient']);
		expect(receipts.map((r) => r.payload.user)).toEqual([
			{ channelUserId: bsuid },
			{ channelUserId: bsuid },
			{ channelUserId: bsuid },
		]);
	});

	it('an authentication template to a BSUID only is undelivered 1054 / Meta 131062; with msisdn it is delivered', async () => {
		const login = (user: Record<string, string>) => ({
			user,
			type: 'template',
			content: {
				template: {
					name: 'login_code',
					language: 'en',
					components: [
						{ type: 'body', parameters: [{ type: 'text', text: '123456' }] },
						{ type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: '123456' }] },
					],
				},
			},
		});
		const { receipts } = await sendAndSettle(login({ channelUserId: 'US.13491208655302741910' }));
		expect(steps(receipts)).toEqual(['queued', 'undelivered:rejected_by_operator']);
		expect(receipts[1].payload.status).toMatchObject({ errorCode: 1054, errorMessage: 'BSUID Not Supported' });
		expect(receipts[1].payload.whatsapp).toEqual({ providerErrorCode: '131062' });
		const withPhone = await sendAndSettle(login({ msisdn: '+6591234560', channelUserId: 'US.13491208655302741910' }));
		expect(steps(withPhone.receipts)).toEqual(['queued', HOP, PHONE, 'read']);
	});

	it('batch receipts carry batchId and clientBatchId on every step', async () => {
		const batch = await call(sandbox, 'POST', `${messagesPath}/batch`, {
			clientBatchId: 'cb-0',
			messages: [text('+6591234560', { clientMessageId: 'b-0' })],
			includeMessagesInResponse: true,
		});
		expect(await sandbox.whenIdle(5000)).toBe(true);
		const receipts = receiptsFor(receiver, batch.body.messages[0].umid);
		expect(steps(receipts)).toEqual(['queued', HOP, PHONE, 'read']);
		for (const r of receipts)
			expect(Object.keys(r.payload).slice(0, 5)).toEqual([
				'umid',
				'batchId',
				'clientMessageId',
				'clientBatchId',
				'subAccountId',
			]);
		expect(receipts[0].payload).toMatchObject({
			batchId: batch.body.batchId,
			clientBatchId: 'cb-0',
			clientMessageId: 'b-0',
		});
	});
});

describe('the digit table', () => {
	const DOCUMENTED: Record<string, Array<string | undefined>> = {
		queued: [undefined],
		rejected: [undefined],
		sent: [undefined],
		delivered: ['delivered_to_operator', 'delivered_to_recipient'],
		undelivered: ['rejected_by_operator', 'undelivered_to_recipient'],
		read: [undefined],
	};

	it('uses only the state / detail pairs 8x8 documents, and ends every sequence in a final state', () => {
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
		for (const [digit, entry] of Object.entries(OUTCOMES_BY_LAST_DIGIT)) {
			expect(entry.sequence[0]).toEqual({ state: 'queued' });
			for (const step of entry.sequence)
				expect({ digit, pair: DOCUMENTED[step.state]?.includes(step.detail) }).toEqual({
					digit,
					pair: true,
				});
			const last = entry.sequence[entry.sequence.length - 1];
			expect({ digit, outcome: entry.outcome }).toEqual({
				digit,
				outcome: last.state === 'delivered' ? 'delivered' : last.state,
			});
		}
	});

	it('covers what issue 10 asks for: hop then 1018, hop then phone then read, a rejected ending', () => {
		const seq = (digit: keyof typeof OUTCOMES_BY_LAST_DIGIT) =>
			OUTCOMES_BY_LAST_DIGIT[digit].sequence.map((s) => [s.state, s.detail, s.errorCode]);
		expect(seq('1')).toEqual([
			['queued', undefined, undefined],
			['delivered', 'delivered_to_operator', undefined],
			['undelivered', 'undelivered_to_recipient', 1018],
		]);
		expect(OUTCOMES_BY_LAST_DIGIT[1].providerErrorCode).toBe('131026');
		expect(seq('0')).toEqual([
			['queued', undefined, undefined],
			['delivered', 'delivered_to_operator', undefined],
			['delivered', 'delivered_to_recipient', undefined],
			['read', undefined, undefined],
		]);
		expect(seq('8')).toEqual([
			['queued', undefined, undefined],
			['rejected', undefined, 3038],
		]);
	});

	it('outcomeFor applies session / template rules', () => {
		expect(sandbox.outcomeFor('+6591234562', true).outcome).toBe('read');
		expect(sandbox.outcomeFor('+6591234562', false)).toMatchObject({
			outcome: 'undelivered',
			errorCode: 1022,
			providerErrorCode: '131047',
		});
		expect(sandbox.outcomeFor('+6591234568', true)).toMatchObject({
			outcome: 'rejected',
			errorCode: 3038,
		});
		expect(sandbox.outcomeFor('+6591234568', false).outcome).toBe('read');
		expect(sandbox.outcomeFor('+6591234564', false).outcome).toBe('read');
	});
});

describe('receipt format v8 (receiptVersion: 8)', () => {
	it('no version field, channelUserId = the phone number on every receipt, no outboundContent', async () => {
		const old = await startSandbox({ receiptDelayMs: 0, receiptVersion: 8 });
		const rx = await startReceiver();
		try {
			await registerWebhook(old, [{ subAccountId: '*', type: 'CADR', url: rx.url }]);
			const response = await send(old, text('+6591234560'));
			expect(await old.whenIdle(5000)).toBe(true);
			const receipts = receiptsFor(rx, response.body.umid);
			expect(steps(receipts)).toEqual(['queued', HOP, PHONE, 'read']);
			for (const r of receipts) {
				expect(r.version).toBeUndefined();
				expect(r.namespace).toBe('ChatApps');
				expect(r.payload.user).toEqual({ msisdn: '+6591234560', channelUserId: '+6591234560' });
				expect(r.payload.outboundContent).toBeUndefined();
			}
			expect(receipts[2].payload.whatsapp).toEqual({ pricingCategory: 'service' });
			const config = await call(old, 'GET', '/__sandbox/config');
			expect(config.body.receiptVersion).toBe(8);
		} finally {
			await old.close();
			await rx.close();
		}
	});
});

describe('receipt targets and retries', () => {
	it('sends to dlrCallbackUrl instead of the webhook when given, with the webhook Authorization', async () => {
		const other = await startReceiver();
		try {
			const response = await send(
				sandbox,
				text('+6591234560', { dlrCallbackUrl: `${other.url}/per-message` }),
			);
			expect(await sandbox.whenIdle(5000)).toBe(true);
			expect(steps(receiptsFor(other, response.body.umid))).toEqual(['queued', HOP, PHONE, 'read']);
			expect(other.calls.every((c) => c.path === '/per-message')).toBe(true);
			expect(other.calls[0].headers.authorization).toBe('Bearer dr-secret');
			expect(receiptsFor(receiver, response.body.umid)).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('falls back to the * webhook', async () => {
		await call(sandbox, 'DELETE', '/api/v1/accounts/SandboxAccount/webhooks', [
			{ subAccountId: 'SandboxSub', type: 'CADR' },
		]);
		await registerWebhook(sandbox, [
			{ subAccountId: '*', type: 'CADR', url: `${receiver.url}/all` },
		]);
		const { receipts } = await sendAndSettle(text('+6591234567'));
		expect(states(receipts)).toEqual(['queued', 'sent', 'delivered', 'read']);
		expect(
			receiver.calls.every((c) => c.path === '/all' && c.headers.authorization === undefined),
		).toBe(true);
	});

	it('retries a receipt after non-2xx answers and records every attempt', async () => {
		receiver.respond = (index) => (index < 2 ? 500 : 200);
		const { umid, receipts } = await sendAndSettle(text('+6591234569'));
		expect(steps(receipts)).toEqual(['queued', 'queued', 'queued', HOP, PHONE, 'read']);
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
		const hop = await call(
			sandbox,
			'GET',
			`/__sandbox/webhook-deliveries?umid=${umid}&detail=delivered_to_operator`,
		);
		expect(hop.body.deliveries.map((d: Json) => d.body.payload.status.detail)).toEqual([
			'delivered_to_operator',
		]);
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
			expect(steps(receipts)).toEqual(['queued', HOP, PHONE, 'read']);
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
