import { startSandbox, type Sandbox } from '../../sandbox';
import { call, expectError, templatesPath, webhooksPath } from './helpers';

const CHANNEL = '5a4db0c5-8e8e-4c1a-9b1d-0000000008a8';
const account = (id: string) => `/api/v1/accounts/${encodeURIComponent(id)}`;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** Every templates and webhooks call a credential check could make, for an account and channel. */
function calls(accountId: string, channelId = CHANNEL) {
	return [
		['GET', `${account(accountId)}/channels/${encodeURIComponent(channelId)}/templates`, undefined],
		['POST', `${account(accountId)}/channels/${encodeURIComponent(channelId)}/templates`, {}],
		[
			'DELETE',
			`${account(accountId)}/channels/${encodeURIComponent(channelId)}/templates/x`,
			undefined,
		],
		['GET', `${account(accountId)}/webhooks`, undefined],
		['POST', `${account(accountId)}/webhooks`, []],
		['DELETE', `${account(accountId)}/webhooks`, []],
	] as const;
}

describe('an Account ID or Channel ID the key cannot use', () => {
	it('unknown account: 403 / 1201 "Access forbidden" on every templates and webhooks route, before the body is read', async () => {
		for (const [method, path, body] of calls('SomeoneElse'))
			expectError(
				await call(sandbox, method, path, body),
				403,
				1201,
				"Access forbidden: account 'SomeoneElse' is not accessible with this API key",
			);
	});

	it('the wrong-region key answers 403 / 1201 too, with another text', async () => {
		const response = await call(
			sandbox,
			'GET',
			webhooksPath,
			undefined,
			'sandbox-wrong-region-key',
		);
		expectError(response, 403, 1201, 'Account was not found in SG. Please use the ID endpoint!');
	});

	it('unknown channel: 404 / 1300 on the templates routes; the account is checked first', async () => {
		for (const [method, path, body] of calls('SandboxAccount', 'other-channel').slice(0, 3))
			expectError(
				await call(sandbox, method, path, body),
				404,
				1300,
				"Channel 'other-channel' was not found for account 'SandboxAccount'",
			);
		expectError(
			await call(sandbox, 'GET', `${account('SomeoneElse')}/channels/other-channel/templates`),
			403,
			1201,
		);
		expect((await call(sandbox, 'GET', templatesPath(CHANNEL))).status).toBe(200);
	});

	it('ids with surrounding spaces are refused like unknown ones (a client must trim)', async () => {
		expectError(
			await call(sandbox, 'GET', `${account(' SandboxAccount ')}/webhooks`),
			403,
			1201,
			/account ' SandboxAccount '/,
		);
		expectError(
			await call(
				sandbox,
				'GET',
				`${account('SandboxAccount')}/channels/${encodeURIComponent(` ${CHANNEL}`)}/templates`,
			),
			404,
			1300,
		);
		expectError(
			await call(
				sandbox,
				'GET',
				'/api/v1/subaccounts/%20SandboxSub/messages/00000000-0000-0000-0000-000000000000',
			),
			400,
			1001,
		);
	});
});

describe('refusals: answering an unknown account / channel another way', () => {
	it('POST /__sandbox/refusals changes the answer for unknown ids only; config shows it; reset restores', async () => {
		const set = await call(sandbox, 'POST', '/__sandbox/refusals', {
			account: { status: 404, code: 1300, message: 'Account not found' },
			channel: { status: 400, code: 1000 },
		});
		expect(set.body).toEqual({
			account: { status: 404, code: 1300, message: 'Account not found' },
			channel: { status: 400, code: 1000 },
		});
		for (const [method, path, body] of calls('SomeoneElse'))
			expectError(await call(sandbox, method, path, body), 404, 1300, 'Account not found');
		expectError(
			await call(sandbox, 'GET', `${account('SandboxAccount')}/channels/nope/templates`),
			400,
			1000,
			/Channel 'nope' was not found/,
		);
		expect((await call(sandbox, 'GET', webhooksPath)).status).toBe(200);
		expect((await call(sandbox, 'GET', templatesPath(CHANNEL))).status).toBe(200);
		expect((await call(sandbox, 'GET', '/__sandbox/config')).body.refusals).toEqual(set.body);
		expect((await call(sandbox, 'GET', '/__sandbox/refusals')).body).toEqual(set.body);

		sandbox.setRefusals({ channel: null });
		expectError(
			await call(sandbox, 'GET', `${account('SandboxAccount')}/channels/nope/templates`),
			404,
			1300,
		);
		sandbox.reset();
		expectError(await call(sandbox, 'GET', `${account('SomeoneElse')}/webhooks`), 403, 1201);
	});

	it.each([
		[{ account: { status: 200, code: 1 } }, /status 400-599/],
		[{ account: { status: 404 } }, /code \(integer\)/],
		[{ user: null }, /Unknown refusal 'user'/],
		[[], /Give \{account\?, channel\?\}/],
		[{ channel: { status: 404, code: 1300, message: 7 } }, /message must be a string/],
	])('refuses %j', async (body, message) => {
		expectError(await call(sandbox, 'POST', '/__sandbox/refusals', body), 400, 1000, message);
		expect(sandbox.setRefusals({})).toEqual({ account: null, channel: null });
	});
});
