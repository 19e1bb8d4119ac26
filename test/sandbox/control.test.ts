import { startSandbox, type Sandbox } from '../../sandbox';
import {
	call,
	expectError,
	messagesPath,
	registerWebhook,
	send,
	startReceiver,
	text,
	UUID_RE,
	waitFor,
	webhooksPath,
	type Json,
	type Receiver,
} from './helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false, receiptRetryDelaysMs: [5, 5, 5] });
	receiver = await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});
beforeEach(() => {
	sandbox.reset();
	receiver.calls.length = 0;
	receiver.respond = () => 200;
});

describe('webhook configuration', () => {
	it('creates CADR + MSG when type is missing, masks secrets, and replaces by (subAccountId, type)', async () => {
		await registerWebhook(sandbox, [
			{
				subAccountId: 'SandboxSub',
				url: 'http://example.com/dr',
				enabled: true,
				httpAuthorization: 'Basic dXNlcjpwYXNzd29yZA==',
			},
			{ subAccountId: '*', url: 'http://example.com/mo/general', type: 'MSG' },
			{
				subAccountId: '*',
				type: 'CABM',
				url: 'http://example.com/cabm',
				enabled: false,
				oauth: {
					url: 'https://auth.example.com/token',
					clientId: 'my-client',
					clientSecret: 'very-secret',
					credentialsLocation: 'header',
					scope: 'read',
				},
			},
		]);
		const listed = await call(sandbox, 'GET', webhooksPath);
		expect(listed.status).toBe(200);
		expect(listed.body).toEqual([
			{
				type: 'CADR',
				subAccountId: 'SandboxSub',
				url: 'http://example.com/dr',
				enabled: true,
				httpAuthorization: '***',
			},
			{
				type: 'MSG',
				subAccountId: 'SandboxSub',
				url: 'http://example.com/dr',
				enabled: true,
				httpAuthorization: '***',
			},
			{ type: 'MSG', subAccountId: '*', url: 'http://example.com/mo/general', enabled: true },
			{
				type: 'CABM',
				subAccountId: '*',
				url: 'http://example.com/cabm',
				enabled: false,
				oauth: {
					url: 'https://auth.example.com/token',
					clientId: 'my-client',
					clientSecret: '***',
					credentialsLocation: 'header',
					scope: 'read',
				},
			},
		]);

		await registerWebhook(sandbox, [
			{ subAccountId: 'SandboxSub', type: 'cadr', url: 'http://example.com/dr-v2' },
		]);
		const cadr = ((await call(sandbox, 'GET', webhooksPath)).body as Json[]).filter(
			(h) => h.type === 'CADR',
		);
		expect(cadr).toEqual([
			{ type: 'CADR', subAccountId: 'SandboxSub', url: 'http://example.com/dr-v2', enabled: true },
		]);
		expect(
			sandbox.state.webhooks.find((h) => h.type === 'MSG' && h.subAccountId === 'SandboxSub')
				?.httpAuthorization,
		).toBe('Basic dXNlcjpwYXNzd29yZA==');
	});

	it('deletes by (subAccountId, type), and CADR + MSG when type is missing', async () => {
		await registerWebhook(sandbox, [
			{ subAccountId: 'SandboxSub', url: 'http://example.com/a' },
			{ subAccountId: 'SandboxSub', type: 'CABM', url: 'http://example.com/b' },
			{ subAccountId: '*', url: 'http://example.com/c' },
		]);
		expect(
			(await call(sandbox, 'DELETE', webhooksPath, [{ subAccountId: 'SandboxSub', type: 'CADR' }]))
				.status,
		).toBe(200);
		let types = ((await call(sandbox, 'GET', webhooksPath)).body as Json[]).map(
			(h) => `${h.type}/${h.subAccountId}`,
		);
		expect(types).toEqual(['MSG/SandboxSub', 'CABM/SandboxSub', 'CADR/*', 'MSG/*']);
		expect(
			(
				await call(sandbox, 'DELETE', webhooksPath, [
					{ subAccountId: 'SandboxSub' },
					{ subAccountId: '*' },
				])
			).status,
		).toBe(200);
		types = ((await call(sandbox, 'GET', webhooksPath)).body as Json[]).map(
			(h) => `${h.type}/${h.subAccountId}`,
		);
		expect(types).toEqual(['CABM/SandboxSub']);
	});

	it('validates the body', async () => {
		expectError(
			await call(sandbox, 'POST', webhooksPath, { subAccountId: '*', url: 'http://example.com' }),
			400,
			1000,
		);
		expectError(
			await call(sandbox, 'POST', webhooksPath, [
				{ subAccountId: 'Other', url: 'http://example.com' },
			]),
			400,
			1001,
		);
		expectError(
			await call(sandbox, 'POST', webhooksPath, [{ subAccountId: '*', url: 'not a url' }]),
			400,
			1005,
		);
		expectError(
			await call(sandbox, 'POST', webhooksPath, [
				{ subAccountId: '*', url: 'http://example.com', type: 'DR' },
			]),
			400,
			1005,
		);
		expectError(
			await call(sandbox, 'POST', webhooksPath, [{ url: 'http://example.com' }]),
			400,
			1005,
		);
		expectError(await call(sandbox, 'DELETE', webhooksPath, [{ type: 'MSG' }]), 400, 1005);
		expect(sandbox.state.webhooks).toHaveLength(0);
	});
});

describe('inbound messages and events', () => {
	it('posts a v3 inbound envelope to the MSG webhook with its Authorization', async () => {
		await registerWebhook(sandbox, [
			{
				subAccountId: 'SandboxSub',
				type: 'MSG',
				url: `${receiver.url}/in`,
				httpAuthorization: 'Bearer in-secret',
			},
		]);
		const response = await call(
			sandbox,
			'POST',
			'/__sandbox/inbound',
			{ user: { msisdn: '+15551234567', name: 'Jo' }, content: { text: 'Hello there' } },
			null,
		);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			delivered: true,
			status: 200,
			url: `${receiver.url}/in`,
		});
		expect(receiver.calls).toHaveLength(1);
		const [received] = receiver.calls;
		expect(received.headers.authorization).toBe('Bearer in-secret');
		expect(received.body).toMatchObject({
			version: 3,
			namespace: 'ChatApps',
			eventType: 'inbound_message_received',
			description: 'ChatApps inbound message',
			payload: {
				umid: response.body.umid,
				subAccountId: 'SandboxSub',
				user: {
					msisdn: '+15551234567',
					name: 'Jo',
					channelUserId: expect.stringMatching(/^US\.\d+$/),
				},
				recipient: { channel: 'whatsapp', channelId: sandbox.credentials.channelId },
				type: 'Text',
				content: { text: 'Hello there' },
			},
		});
		expect(received.body.payload.umid).toMatch(UUID_RE);
	});

	it('posts to an explicit url, fills media defaults, and answers 409 without any target', async () => {
		const result = await sandbox.sendInbound(
			{ type: 'image' },
			{ url: `${receiver.url}/explicit` },
		);
		expect(result.delivered).toBe(true);
		expect(receiver.calls[0].path).toBe('/explicit');
		expect(receiver.calls[0].body.payload).toMatchObject({
			type: 'Image',
			content: { url: expect.stringContaining(`${sandbox.url}/files/`) },
		});
		const image = await fetch(receiver.calls[0].body.payload.content.url);
		expect(image.headers.get('content-type')).toBe('image/jpeg');

		const none = await call(
			sandbox,
			'POST',
			'/__sandbox/inbound',
			{ text: 'nobody listens' },
			null,
		);
		expectError(none, 409, 1000, /No MSG webhook/);
	});

	it('drops user fields set to null (a username-only v3 user) and keeps replyToUmid', async () => {
		const replyTo = '0f4c9e0a-5b1e-4c7d-9a51-2f2b1d6c8e11';
		await sandbox.sendInbound(
			{
				user: { msisdn: null, channelUserId: 'US.13491208655302741918', username: 'jo' },
				replyToUmid: replyTo,
			},
			{ url: receiver.url },
		);
		expect(receiver.calls[0].body.payload.user).toEqual({
			channelUserId: 'US.13491208655302741918',
			name: 'Sandbox User',
			username: 'jo',
		});
		expect(receiver.calls[0].body.payload.replyToUmid).toBe(replyTo);
	});

	it('retries an inbound webhook that fails, like 8x8', async () => {
		receiver.respond = (index) => (index === 0 ? 503 : 200);
		const result = await sandbox.sendInbound({ text: 'retry me' }, { url: receiver.url });
		expect(result.attempts.map((a) => a.status)).toEqual([503, 200]);
		expect(receiver.calls).toHaveLength(2);
		expect(receiver.calls[0].body.payload.umid).toBe(receiver.calls[1].body.payload.umid);
	});

	it('posts a raw event to the CABM webhook', async () => {
		await registerWebhook(sandbox, [
			{ subAccountId: '*', type: 'CABM', url: `${receiver.url}/cabm` },
		]);
		const event = {
			eventId: 'e-1',
			eventType: 'phone_number_quality_update',
			eventDetails: { meta: { event: 'UPGRADE' } },
		};
		const response = await call(sandbox, 'POST', '/__sandbox/event', event, null);
		expect(response.body).toMatchObject({ delivered: true, status: 200 });
		expect(receiver.calls[0]).toMatchObject({ path: '/cabm', body: event });

		const inline = await call(
			sandbox,
			'POST',
			'/__sandbox/event',
			{ ...event, url: `${receiver.url}/inline` },
			null,
		);
		expect(inline.body.delivered).toBe(true);
		expect(receiver.calls[1]).toMatchObject({ path: '/inline', body: event });
	});
});

describe('faults', () => {
	it('answers 429 with Retry-After for the next N matching requests, without processing them', async () => {
		const queued = await call(
			sandbox,
			'POST',
			'/__sandbox/faults',
			{ match: { method: 'POST', path: messagesPath }, status: 429, retryAfter: 1, count: 2 },
			null,
		);
		expect(queued.status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const limited = await send(sandbox, text('+6591234567', { clientMessageId: 'rl' }));
			expectError(limited, 429, 429, 'Quota exceeded. Please try again in 1 second(s).');
			expect(limited.headers.get('retry-after')).toBe('1');
		}
		expect((await send(sandbox, text('+6591234567', { clientMessageId: 'rl' }))).status).toBe(200);
		expect(sandbox.state.messages).toHaveLength(1);
		expect(sandbox.state.faults).toHaveLength(0);
	});

	it('answers 503 and processes nothing', async () => {
		sandbox.injectFault({ status: 503 });
		expectError(await send(sandbox, text('+6591234567')), 503, 2000);
		expect(sandbox.state.messages).toHaveLength(0);
	});

	it('reset: accepts the message, then destroys the socket (an ambiguous failure)', async () => {
		sandbox.injectFault({ match: { path: '/api/v1/subaccounts/*/messages' }, reset: true });
		await expect(
			send(sandbox, text('+6591234567', { clientMessageId: 'ambiguous-1' })),
		).rejects.toThrow();
		const listed = await call(
			sandbox,
			'GET',
			'/__sandbox/messages?clientMessageId=ambiguous-1',
			undefined,
			null,
		);
		expect(listed.body.count).toBe(1);
		expect(listed.body.messages[0]).toMatchObject({
			clientMessageId: 'ambiguous-1',
			body: { clientMessageId: 'ambiguous-1' },
		});
		const log = sandbox.state.requests.find((r) => r.path === messagesPath);
		expect(log).toMatchObject({ status: 0, reset: true, processedStatus: 200 });
	});

	it('afterAccept: accepts and queues the message but answers 500', async () => {
		sandbox.injectFault({ status: 500, afterAccept: true });
		expectError(
			await send(sandbox, text('+6591234567', { clientMessageId: 'half' })),
			500,
			2000,
			'Internal server error',
		);
		expect(sandbox.state.messages.map((m) => m.clientMessageId)).toEqual(['half']);
	});

	it('delayMs: processes normally and answers late, even if the client gave up', async () => {
		sandbox.injectFault({ delayMs: 30 });
		expect((await send(sandbox, text('+6591234567', { clientMessageId: 'slow' }))).status).toBe(
			200,
		);

		sandbox.injectFault({ delayMs: 60_000 });
		const controller = new AbortController();
		const pending = fetch(`${sandbox.url}${messagesPath}`, {
			method: 'POST',
			headers: { Authorization: 'Bearer sandbox-api-key', 'Content-Type': 'application/json' },
			body: JSON.stringify(text('+6591234567', { clientMessageId: 'timed-out' })),
			signal: controller.signal,
		});
		await waitFor(
			() => sandbox.state.messages.some((m) => m.clientMessageId === 'timed-out'),
			'the slow message to be accepted',
		);
		controller.abort();
		await expect(pending).rejects.toThrow();
		expect(sandbox.state.messages.map((m) => m.clientMessageId)).toEqual(['slow', 'timed-out']);
	});

	it('only hits matching requests (method, glob path) and can be listed and cleared', async () => {
		sandbox.injectFault({
			match: { method: 'POST', path: '/api/v1/subaccounts/*/messages/batch' },
			status: 503,
		});
		expect((await send(sandbox, text('+6591234567'))).status).toBe(200);
		const faults = await call(sandbox, 'GET', '/__sandbox/faults', undefined, null);
		expect(faults.body.faults).toHaveLength(1);
		expectError(
			await call(sandbox, 'POST', `${messagesPath}/batch`, { messages: [text('+6591234567')] }),
			503,
			2000,
		);

		sandbox.injectFault([{ status: 500 }, { status: 502 }]);
		expect(
			(await call(sandbox, 'DELETE', '/__sandbox/faults', undefined, null)).body.faults,
		).toEqual([]);
		expect((await send(sandbox, text('+6591234567'))).status).toBe(200);
	});

	it('refuses a fault that does nothing', async () => {
		expect((await call(sandbox, 'POST', '/__sandbox/faults', { count: 2 }, null)).status).toBe(400);
	});
});

describe('control API', () => {
	it('lists messages (for duplicate checks), requests and health; reset clears them', async () => {
		await send(sandbox, text('+6591234567', { clientMessageId: 'a' }));
		await send(sandbox, text('+6591234568', { clientMessageId: 'b' }));
		await call(sandbox, 'GET', `${messagesPath}/00000000-0000-0000-0000-000000000000`);

		const messages = await call(sandbox, 'GET', '/__sandbox/messages', undefined, null);
		expect(messages.body.count).toBe(2);
		expect(messages.body.messages.map((m: Json) => m.clientMessageId)).toEqual(['a', 'b']);
		expect(messages.body.messages[0]).toMatchObject({
			umid: expect.stringMatching(UUID_RE),
			receivedAt: expect.any(String),
			body: { clientMessageId: 'a' },
		});

		const requests = await call(sandbox, 'GET', '/__sandbox/requests?method=GET', undefined, null);
		expect(requests.body.requests.map((r: Json) => r.status)).toEqual([404]);

		const health = await call(sandbox, 'GET', '/__sandbox/health', undefined, null);
		expect(health.body).toMatchObject({ ok: true, url: sandbox.url, messages: 2 });

		const config = await call(sandbox, 'GET', '/__sandbox/config', undefined, null);
		expect(config.body.credentials).toEqual(sandbox.credentials);
		expect(config.body.outcomesByLastDigit['1'].errorCode).toBe(1018);

		await registerWebhook(sandbox, [{ subAccountId: '*', url: 'http://example.com' }]);
		expect((await call(sandbox, 'POST', '/__sandbox/reset', {}, null)).status).toBe(200);
		expect((await call(sandbox, 'GET', '/__sandbox/messages', undefined, null)).body.count).toBe(0);
		expect(sandbox.state.webhooks).toHaveLength(0);
	});

	it('answers 404 to unknown control routes', async () => {
		expect((await call(sandbox, 'GET', '/__sandbox/nope', undefined, null)).status).toBe(404);
	});
});
