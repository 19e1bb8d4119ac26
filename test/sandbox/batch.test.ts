import { startSandbox, type Sandbox } from '../../sandbox';
import { call, expectError, ISO_RE, messagesPath, text, UUID_RE, type Json } from './helpers';

let sandbox: Sandbox;
const batchPath = `${messagesPath}/batch`;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false, recordBodies: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const many = (n: number) =>
	Array.from({ length: n }, (_, i) =>
		text(`+659${String(1000000 + i).padStart(7, '0')}`, { clientMessageId: `m-${i}` }),
	);

describe('POST …/messages/batch', () => {
	it('accepts 1000 messages', async () => {
		const response = await call(sandbox, 'POST', batchPath, {
			clientBatchId: 'big',
			messages: many(1000),
		});
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			batchId: expect.stringMatching(UUID_RE),
			clientBatchId: 'big',
			acceptedCount: 1000,
			rejectedCount: 0,
		});
		expect(sandbox.state.messages).toHaveLength(1000);
		expect(new Set(sandbox.state.messages.map((m) => m.clientMessageId)).size).toBe(1000);
		expect(sandbox.state.messages.every((m) => m.batchId === response.body.batchId)).toBe(true);
	});

	it('refuses 1001 messages with 400 / 3013 and accepts none of them', async () => {
		expectError(
			await call(sandbox, 'POST', batchPath, { messages: many(1001) }),
			400,
			3013,
			/at most 1000 messages, 1001 given/,
		);
		expect(sandbox.state.messages).toHaveLength(0);
	});

	it('refuses an empty or missing message list with 3012, and a long clientBatchId with 3014', async () => {
		expectError(await call(sandbox, 'POST', batchPath, { messages: [] }), 400, 3012);
		expectError(await call(sandbox, 'POST', batchPath, { clientBatchId: 'x' }), 400, 3012);
		expectError(
			await call(sandbox, 'POST', batchPath, { clientBatchId: 'x'.repeat(101), messages: many(1) }),
			400,
			3014,
		);
	});

	it('reports per-message rejections with the single-send codes when includeMessagesInResponse is true', async () => {
		const response = await call(sandbox, 'POST', batchPath, {
			clientBatchId: 'mixed',
			includeMessagesInResponse: true,
			messages: [
				text('+6591234567', { clientMessageId: 'ok-1' }),
				text('12345', { clientMessageId: 'bad-msisdn' }),
				{
					user: { msisdn: '+6591234568' },
					clientMessageId: 'bad-template',
					type: 'template',
					content: { template: { name: 'nope', language: 'en' } },
				},
				{ user: { msisdn: '+6591234569' }, clientMessageId: 'no-text', type: 'text', content: {} },
				text('+6591234570', { clientMessageId: 'ok-2' }),
			],
		});
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			clientBatchId: 'mixed',
			acceptedCount: 2,
			rejectedCount: 3,
		});
		const byId = Object.fromEntries(
			(response.body.messages as Json[]).map((m) => [m.clientMessageId, m]),
		);
		expect(Object.keys(byId)).toEqual(['ok-1', 'bad-msisdn', 'bad-template', 'no-text', 'ok-2']);
		expect(byId['ok-1']).toEqual({
			umid: expect.stringMatching(UUID_RE),
			user: { msisdn: '+6591234567' },
			clientMessageId: 'ok-1',
			status: { state: 'queued', timestamp: expect.stringMatching(ISO_RE) },
		});
		expect(byId['bad-msisdn'].status).toMatchObject({
			state: 'rejected',
			errorCode: 1002,
			errorMessage: 'Invalid MSISDN format (not E.164 international number)',
		});
		expect(byId['bad-msisdn'].user).toEqual({ msisdn: '12345' });
		expect(byId['bad-template'].status).toMatchObject({
			state: 'rejected',
			errorCode: 3038,
			errorMessage: 'Template not found for provided name and language',
		});
		expect(byId['no-text'].status).toMatchObject({ state: 'rejected', errorCode: 3005 });
		const stored = sandbox.state.messages.map((m) => m.umid);
		expect(stored).toEqual([byId['ok-1'].umid, byId['ok-2'].umid]);
		expect(sandbox.state.counters.rejected).toBe(3);
	});

	it('leaves messages out unless includeMessagesInResponse is true', async () => {
		const response = await call(sandbox, 'POST', batchPath, {
			messages: [text('+6591234567'), text('bad')],
		});
		expect(response.body).toEqual({
			batchId: expect.stringMatching(UUID_RE),
			acceptedCount: 1,
			rejectedCount: 1,
		});
		expect(response.body).not.toHaveProperty('messages');
	});

	it('merges the shared template fields into every message', async () => {
		const response = await call(sandbox, 'POST', batchPath, {
			includeMessagesInResponse: true,
			template: {
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
			},
			messages: [
				{ user: { msisdn: '+6591234567' }, clientMessageId: 'shared' },
				{
					user: { msisdn: '+6591234568' },
					clientMessageId: 'own-text',
					type: 'text',
					content: { text: 'Just text' },
				},
			],
		});
		expect(response.body).toMatchObject({ acceptedCount: 2, rejectedCount: 0 });
		expect(sandbox.state.messages.map((m) => [m.clientMessageId, m.type])).toEqual([
			['shared', 'template'],
			['own-text', 'text'],
		]);
	});

	it('needs authentication and a known sub-account', async () => {
		expectError(await call(sandbox, 'POST', batchPath, { messages: many(1) }, null), 401, 1200);
		expectError(
			await call(sandbox, 'POST', '/api/v1/subaccounts/Nope/messages/batch', { messages: many(1) }),
			400,
			1001,
		);
	});
});
