import { startSandbox, ZERO_UMID, type Sandbox } from '../../sandbox';
import {
	call,
	expectError,
	ISO_RE,
	messagesPath,
	send,
	text,
	UUID_RE,
	webhooksPath,
	type Json,
} from './helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('authentication', () => {
	it('answers 401 / 1200 without an Authorization header', async () => {
		expectError(
			await call(sandbox, 'POST', messagesPath, text('+6591234567'), null),
			401,
			1200,
			'Request was not authenticated properly',
		);
	});

	it('answers 401 / 1200 to a wrong key and to a non-Bearer scheme', async () => {
		expectError(
			await call(sandbox, 'GET', `${messagesPath}/${ZERO_UMID}`, undefined, 'nope'),
			401,
			1200,
		);
		const basic = await fetch(`${sandbox.url}${messagesPath}/${ZERO_UMID}`, {
			headers: { Authorization: 'Basic sandbox-api-key' },
		});
		expect(basic.status).toBe(401);
		expect(((await basic.json()) as Json).code).toBe(1200);
	});

	it('answers 403 / 1201 to the wrong-region key', async () => {
		expectError(
			await call(
				sandbox,
				'GET',
				`${messagesPath}/${ZERO_UMID}`,
				undefined,
				'sandbox-wrong-region-key',
			),
			403,
			1201,
			'Account was not found in SG. Please use the ID endpoint!',
		);
	});

	it('answers 400 / 1001 to an unknown sub-account', async () => {
		expectError(
			await call(sandbox, 'POST', '/api/v1/subaccounts/Other_Sub/messages', text('+6591234567')),
			400,
			1001,
			"Provided subAccountId doesn't belongs to your account",
		);
	});

	it('answers 403 / 1201 to an unknown account id (different text than wrong region)', async () => {
		const response = await call(sandbox, 'GET', '/api/v1/accounts/SomeoneElse/webhooks');
		expectError(response, 403, 1201, /account 'SomeoneElse'/);
	});

	it('answers 404 / 2001 to an unknown route after authenticating', async () => {
		expectError(await call(sandbox, 'GET', '/api/v1/nothing/here'), 404, 2001);
		expectError(await call(sandbox, 'GET', '/api/v1/nothing/here', undefined, null), 401, 1200);
	});
});

describe('message details (credential test)', () => {
	it('answers 404 / 1300 for the zero umid with valid credentials', async () => {
		expectError(
			await call(sandbox, 'GET', `${messagesPath}/${ZERO_UMID}`),
			404,
			1300,
			"Object wasn't found or is already expired",
		);
	});

	it('answers 400 / 1000 for a umid that is not a UUID', async () => {
		expectError(
			await call(sandbox, 'GET', `${messagesPath}/not-a-umid`),
			400,
			1000,
			'Invalid umid.',
		);
	});

	it('returns the OAS details shape for a sent message, masked', async () => {
		const sent = await send(sandbox, text('+6591234567', { clientMessageId: 'details-1' }));
		const response = await call(sandbox, 'GET', `${messagesPath}/${sent.body.umid}`);
		expect(response.status).toBe(200);
		expect(response.body.data).toHaveLength(1);
		expect(response.body.data[0]).toMatchObject({
			umid: sent.body.umid,
			subAccountId: 'SandboxSub',
			channel: 'whatsapp',
			direction: 'outbound',
			status: { state: 'queued' },
			clientMessageId: 'details-1',
			user: { msisdn: '+659123xxxx' },
			content: '**MASKED**',
			country: 'SG',
		});
		expect(response.body.data[0].createdAt).toMatch(ISO_RE);
	});
});

describe('POST …/messages', () => {
	it('accepts a text message and answers the OAS shape', async () => {
		const response = await send(sandbox, text('+6591234567', { clientMessageId: 'order-42' }));
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			umid: expect.stringMatching(UUID_RE),
			clientMessageId: 'order-42',
			user: { msisdn: '+6591234567' },
			status: { state: 'queued', timestamp: expect.stringMatching(ISO_RE) },
		});
		expect(sandbox.state.messages.map((m) => m.umid)).toEqual([response.body.umid]);
		expect(sandbox.state.messages[0].body).toMatchObject({ clientMessageId: 'order-42' });
	});

	const cases: Array<[string, unknown, number]> = [
		['no user', { type: 'text', content: { text: 'x' } }, 3001],
		[
			'user without msisdn or channelUserId',
			{ user: {}, type: 'text', content: { text: 'x' } },
			1002,
		],
		['msisdn without +', text('6591234567'), 1002],
		['msisdn with 7 digits', text('+6591234'), 1002],
		['msisdn with 16 digits', text('+6591234567890123'), 1002],
		['msisdn with letters', text('+65abc45678'), 1002],
		['bad BSUID', { user: { channelUserId: 'nope' }, type: 'text', content: { text: 'x' } }, 1005],
		[
			'bad country',
			{ user: { msisdn: '91234567', country: 'Singapore' }, type: 'text', content: { text: 'x' } },
			3018,
		],
		['no type', { user: { msisdn: '+6591234567' }, content: { text: 'x' } }, 1005],
		['no content', { user: { msisdn: '+6591234567' }, type: 'text' }, 3004],
		[
			'unknown type',
			{ user: { msisdn: '+6591234567' }, type: 'sticker', content: { text: 'x' } },
			3010,
		],
		['text without text', { user: { msisdn: '+6591234567' }, type: 'text', content: {} }, 3005],
		[
			'text over 4096',
			{ user: { msisdn: '+6591234567' }, type: 'text', content: { text: 'a'.repeat(4097) } },
			3006,
		],
		[
			'image without url',
			{ user: { msisdn: '+6591234567' }, type: 'image', content: { text: 'caption' } },
			3007,
		],
		[
			'image with a bad url',
			{ user: { msisdn: '+6591234567' }, type: 'image', content: { url: 'not a url' } },
			3008,
		],
		[
			'video with an ftp url',
			{ user: { msisdn: '+6591234567' }, type: 'video', content: { url: 'ftp://x.example/a.mp4' } },
			3008,
		],
		['clientMessageId of 51', text('+6591234567', { clientMessageId: 'c'.repeat(51) }), 3009],
		[
			'location without longitude',
			{
				user: { msisdn: '+6591234567' },
				type: 'location',
				content: { location: { latitude: 1.28 } },
			},
			3021,
		],
		[
			'interactive without interactive',
			{ user: { msisdn: '+6591234567' }, type: 'interactive', content: {} },
			1005,
		],
		['bad dlrCallbackUrl', text('+6591234567', { dlrCallbackUrl: 'nope' }), 3020],
		['bad scheduled', text('+6591234567', { scheduled: 'tomorrow-ish' }), 1011],
		[
			'template without template',
			{ user: { msisdn: '+6591234567' }, type: 'template', content: {} },
			3030,
		],
	];

	it.each(cases)('rejects %s', async (_name, message, code) => {
		const response = await send(sandbox, message);
		expectError(response, 400, code);
		expect(sandbox.state.messages).toHaveLength(0);
	});

	it('uses the documented text for an invalid msisdn', async () => {
		expectError(
			await send(sandbox, text('12345')),
			400,
			1002,
			'Invalid MSISDN format (not E.164 international number)',
		);
	});

	it('rejects invalid JSON with 400 / 1000', async () => {
		expectError(await call(sandbox, 'POST', messagesPath, '{"user":'), 400, 1000);
	});

	const accepted: Array<[string, Json]> = [
		['type in any case', { user: { msisdn: '+6591234567' }, type: 'Text', content: { text: 'x' } }],
		[
			'text of exactly 4096',
			{ user: { msisdn: '+6591234567' }, type: 'text', content: { text: 'a'.repeat(4096) } },
		],
		['clientMessageId of 50', text('+6591234567', { clientMessageId: 'c'.repeat(50) })],
		[
			'national number with country',
			{ user: { msisdn: '9123 4567', country: 'SG' }, type: 'text', content: { text: 'x' } },
		],
		[
			'BSUID only',
			{ user: { channelUserId: 'US.13491208655302741918' }, type: 'text', content: { text: 'x' } },
		],
		[
			'File with url and caption',
			{
				user: { msisdn: '+15551234567' },
				type: 'File',
				content: { url: 'https://pdfobject.com/pdf/sample.pdf', text: 'Invoice' },
			},
		],
		[
			'document',
			{
				user: { msisdn: '+15551234567' },
				type: 'document',
				content: { url: 'https://pdfobject.com/pdf/sample.pdf' },
			},
		],
		[
			'audio',
			{
				user: { msisdn: '+15551234567' },
				type: 'audio',
				content: { url: 'https://example.com/a.ogg' },
			},
		],
		[
			'location with string coordinates',
			{
				user: { msisdn: '+15551234567' },
				type: 'location',
				content: { location: { latitude: '1.2857', longitude: '103.8479', name: 'Office' } },
			},
		],
		[
			'interactive reply buttons',
			{
				user: { msisdn: '+6500000000' },
				type: 'interactive',
				content: {
					interactive: {
						type: 'button',
						body: { text: 'How may we help?' },
						action: { buttons: [{ type: 'reply', reply: { title: 'faq', id: 'option-1' } }] },
					},
				},
			},
		],
	];

	it.each(accepted)('accepts %s', async (_name, message) => {
		const response = await send(sandbox, message);
		expect(response.status).toBe(200);
		expect(response.body.status.state).toBe('queued');
	});

	it('normalises a national number with its country to E.164', async () => {
		const response = await send(sandbox, {
			user: { msisdn: '091234567', country: 'sg' },
			type: 'text',
			content: { text: 'x' },
		});
		expect(response.body.user.msisdn).toBe('+6591234567');
	});
});

describe('read, typing, cancel', () => {
	const inboundUmid = '0f4c9e0a-5b1e-4c7d-9a51-2f2b1d6c8e11';

	it('marks a message read (200) and records it', async () => {
		const response = await call(sandbox, 'POST', `${messagesPath}/${inboundUmid}/read`);
		expect(response.status).toBe(200);
		expect(sandbox.state.reads.map((r) => r.umid)).toEqual([inboundUmid]);
	});

	it('accepts a typing indicator and validates it', async () => {
		const path = '/api/v1/subaccounts/SandboxSub/events';
		expect(
			(
				await call(sandbox, 'POST', path, {
					channel: 'whatsapp',
					type: 'typing',
					umid: inboundUmid,
				})
			).status,
		).toBe(200);
		expectError(
			await call(sandbox, 'POST', path, { channel: 'whatsapp', type: 'typing' }),
			400,
			3029,
		);
		expectError(
			await call(sandbox, 'POST', path, { channel: 'sms', type: 'typing', umid: inboundUmid }),
			400,
			1005,
		);
		expect(sandbox.state.events).toHaveLength(1);
	});

	it('cancels a scheduled message once, and refuses unknown or unscheduled ones', async () => {
		const later = new Date(Date.now() + 3600_000).toISOString();
		const scheduled = await send(sandbox, text('+6591234567', { scheduled: later }));
		const now = await send(sandbox, text('+6591234567'));
		const first = await call(sandbox, 'DELETE', `${messagesPath}/${scheduled.body.umid}`);
		expect(first).toMatchObject({ status: 200, body: { cancelledCount: 1 } });
		expectError(await call(sandbox, 'DELETE', `${messagesPath}/${scheduled.body.umid}`), 400, 1000);
		expectError(await call(sandbox, 'DELETE', `${messagesPath}/${now.body.umid}`), 400, 1000);
		expectError(await call(sandbox, 'DELETE', `${messagesPath}/${ZERO_UMID}`), 404, 1300);
		expect(sandbox.state.messagesByUmid.get(scheduled.body.umid)?.status.state).toBe('cancelled');
	});

	it('cancels the scheduled messages of a batch', async () => {
		const later = new Date(Date.now() + 3600_000).toISOString();
		const batch = await call(sandbox, 'POST', `${messagesPath}/batch`, {
			template: { type: 'text', content: { text: 'Later' }, scheduled: later },
			messages: [{ user: { msisdn: '+6591234567' } }, { user: { msisdn: '+6591234568' } }],
		});
		expect(batch.body.acceptedCount).toBe(2);
		const cancel = await call(sandbox, 'DELETE', `${messagesPath}/batch/${batch.body.batchId}`);
		expect(cancel).toMatchObject({ status: 200, body: { cancelledCount: 2 } });
		expectError(await call(sandbox, 'DELETE', `${messagesPath}/batch/${ZERO_UMID}`), 404, 1300);
	});
});

describe('webhook configuration auth', () => {
	it('needs the key like every /api route', async () => {
		expectError(await call(sandbox, 'GET', webhooksPath, undefined, null), 401, 1200);
	});
});
