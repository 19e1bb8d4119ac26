/**
 * WhatsApp users known only by their business-scoped user ID (BSUID): To takes a phone number or a
 * BSUID; a BSUID goes out as user.channelUserId (constructing-whatsapp-template-send-requests.md:
 * "Provide msisdn, channelUserId, or both"). What still needs a phone number (authentication
 * templates: 8x8 1054 / Meta 131062; SMS fallback) fails before anything is sent, with the reason.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { SEND_AND_WAIT_OPERATION } from '../../../nodes/EightByEightWhatsApp/helpers/sendAndWait';
import { createExecuteContext, sandboxCredentials } from '../../support/executeContext';
import { node, openSandbox, run, runExpectingError, templateLocator, TO, variables } from './setup';

const BSUID = 'US.13491208655302741918';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

const text = (to: string, extra: IDataObject = {}) => ({
	operation: 'sendText',
	to,
	text: 'Hi Dana',
	options: {},
	...extra,
});

const template = (to: string, name: string, values: IDataObject, extra: IDataObject = {}) => ({
	operation: 'sendTemplate',
	to,
	channelId: '',
	template: templateLocator(name),
	templateVariables: variables(values),
	options: {},
	...extra,
});

describe('To: a BSUID is sent as user.channelUserId', () => {
	it.each([BSUID, `  ${BSUID} `])('Send Text to %j', async (to) => {
		const result = await run(sandbox, { parameters: text(to) });
		expect(result.sends).toHaveLength(1);
		const bsuid = to.trim();
		expect(result.sends[0].body).toEqual({
			user: { channelUserId: bsuid },
			type: 'text',
			content: { text: 'Hi Dana' },
			clientMessageId: result.output[0].json.clientMessageId,
		});
		expect(result.output[0].json).toMatchObject({ to: bsuid, status: 'queued' });
		expect(sandbox.messages()).toHaveLength(1);
	});

	it('Send Template (order_update) to a BSUID: the documented body with channelUserId', async () => {
		const result = await run(sandbox, {
			parameters: template(BSUID, 'order_update|en', { 'body.1': 'Dana', 'body.2': 'A-1042' }),
		});
		expect(result.sends[0].body).toMatchObject({
			user: { channelUserId: BSUID },
			type: 'template',
			content: { template: { name: 'order_update', language: 'en' } },
		});
		expect((result.sends[0].body as IDataObject).user).not.toHaveProperty('msisdn');
		expect(result.output[0].json).toMatchObject({ to: BSUID, template: 'order_update' });
	});

	it('a phone number still goes out as user.msisdn only', async () => {
		const result = await run(sandbox, { parameters: text('+972 50-437-0045') });
		expect((result.sends[0].body as IDataObject).user).toEqual({ msisdn: '+972504370045' });
	});

	it('Batch mixes phone numbers and BSUIDs, each with its own user object', async () => {
		const result = await run(sandbox, {
			items: [{}, {}],
			parameters: text('', { options: { batch: true } }),
			itemParameters: [{ to: TO }, { to: BSUID }],
		});
		expect(result.sends).toHaveLength(1);
		const messages = (result.sends[0].body as { messages: IDataObject[] }).messages;
		expect(messages.map((message) => message.user)).toEqual([
			{ msisdn: TO },
			{ channelUserId: BSUID },
		]);
		expect(result.output.map((item) => item.json.to)).toEqual([TO, BSUID]);
	});
});

describe('what needs a phone number fails before sending', () => {
	it('an authentication template to a BSUID names the template, 1054 / 131062 and the fix', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: template(BSUID, 'login_code|en', { 'body.1': '123456' }),
		});
		expect(error.message).toBe(
			`"${BSUID}" is a WhatsApp user ID (BSUID), but Template "login_code" (en) is an authentication template, which reaches only a phone number: 8x8 would reject it (error 1054, Meta 131062)`,
		);
		expect(error.description).toMatch(/^Nothing was sent\. Put the user's phone number in "To"/);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('the same authentication template to the phone number is sent', async () => {
		const result = await run(sandbox, {
			parameters: template(TO, 'login_code|en', { 'body.1': '123456' }),
		});
		expect((result.sends[0].body as IDataObject).user).toEqual({ msisdn: TO });
	});

	it('SMS fallback to a BSUID is refused: an SMS needs a phone number', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: text(BSUID, { options: { smsFallbackText: 'Hi Dana (SMS)' } }),
		});
		expect(error.message).toContain(
			`SMS Fallback Text is set, but the recipient "${BSUID}" is a WhatsApp user ID (BSUID): an SMS needs a phone number`,
		);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('under Continue On Fail the refused item is an error item and the others are sent', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}],
			parameters: template('', 'login_code|en', { 'body.1': '123456' }),
			itemParameters: [{ to: BSUID }, { to: TO }],
		});
		expect(result.output[0].json).toMatchObject({
			to: BSUID,
			error: expect.objectContaining({ message: expect.stringContaining('1054') }),
		});
		expect(result.output[1].json).toMatchObject({ to: TO, status: 'queued' });
		expect(sandbox.messages()).toHaveLength(1);
	});

	it.each([
		['us.13491208655302741918', /capitals/],
		['US.1349-1208', /looks like a WhatsApp user ID \(BSUID\) but is not one/],
	])('%j: a malformed BSUID is refused with how one looks', async (to, reason) => {
		const error = await runExpectingError(sandbox, { parameters: text(to) });
		expect(error.message).toMatch(reason);
		expect(sandbox.messages()).toHaveLength(0);
	});
});

describe('the umid operations work for users known only by BSUID', () => {
	const inboundFromBsuid = async () =>
		await sandbox.sendInbound(
			{ text: 'hi', user: { msisdn: null, channelUserId: BSUID, name: 'Dana' } },
			{ url: 'http://127.0.0.1:9/none' },
		);

	it('the sandbox inbound has no msisdn', async () => {
		const inbound = await inboundFromBsuid();
		expect(sandbox.state.inbound.at(-1)?.user).toEqual({ channelUserId: BSUID, name: 'Dana' });
		expect(inbound.umid).toEqual(expect.any(String));
	});

	it('Mark as Read and Show Typing need only the umid', async () => {
		const inbound = await inboundFromBsuid();
		const read = await run(sandbox, {
			parameters: { operation: 'markRead', umid: inbound.umid },
		});
		expect(read.output[0].json).toEqual({ umid: inbound.umid, markedRead: true });
		const typing = await run(sandbox, {
			parameters: { operation: 'showTyping', umid: inbound.umid },
		});
		expect(typing.output[0].json).toEqual({ umid: inbound.umid, typing: true });
		expect(sandbox.state.reads.map((entry) => entry.umid)).toContain(inbound.umid);
	});

	it('Send and Wait for Delivery sends to the BSUID and waits', async () => {
		const { context, requests } = createExecuteContext({
			credentials: sandboxCredentials(sandbox),
			parameters: {
				resource: 'message',
				operation: SEND_AND_WAIT_OPERATION,
				to: BSUID,
				messageType: 'text',
				text: 'Your order shipped',
				resumeOn: ['delivered'],
				waitAmount: 1,
				waitUnit: 'hours',
				options: {},
			},
			items: [{}],
			executionId: '4711',
		});
		let waitTill: Date | undefined;
		Object.assign(context, {
			evaluateExpression: () => 'https://n8n.example.test/webhook-waiting/4711',
			putExecutionToWait: async (date: Date) => {
				waitTill = date;
			},
			getExecuteData: () => ({ node: context.getNode(), data: { main: [[{ json: {} }]] }, source: null }),
		});
		await node.execute.call(context as IExecuteFunctions);
		const sent = requests.filter((request) => request.method === 'POST');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toMatchObject({
			user: { channelUserId: BSUID },
			dlrCallbackUrl: expect.stringContaining('https://n8n.example.test/webhook-waiting/4711'),
		});
		expect(waitTill).toBeInstanceOf(Date);
	});

	it('Send and Wait refuses an authentication template to a BSUID before sending', async () => {
		const { context, requests } = createExecuteContext({
			credentials: sandboxCredentials(sandbox),
			parameters: {
				resource: 'message',
				operation: SEND_AND_WAIT_OPERATION,
				to: BSUID,
				messageType: 'template',
				channelId: '',
				template: templateLocator('login_code|en'),
				templateVariables: variables({ 'body.1': '123456' }),
				resumeOn: ['delivered'],
				waitAmount: 1,
				waitUnit: 'hours',
				options: {},
			},
			items: [{}],
			executionId: '4711',
		});
		Object.assign(context, {
			evaluateExpression: () => 'https://n8n.example.test/webhook-waiting/4711',
			putExecutionToWait: async () => undefined,
			getExecuteData: () => ({ node: context.getNode(), data: { main: [[{ json: {} }]] }, source: null }),
		});
		await expect(node.execute.call(context as IExecuteFunctions)).rejects.toThrow(/1054, Meta 131062/);
		expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});
});
