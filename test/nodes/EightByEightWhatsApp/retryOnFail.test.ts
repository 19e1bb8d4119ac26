/**
 * n8n's Retry On Fail re-runs the whole node (same execute data, same input items) when it threw or
 * its first output item has json.error. These tests play that loop: a second try of the same node
 * run (`retryOf`), as n8n-core's workflow-execute.js does it, and check that no message is sent
 * twice (helpers/rerunMemory.ts): accepted sends and "delivery state unknown" sends come back as the
 * first try left them, only the items that failed for sure run again. The same in real n8n 1.x and
 * 2.x: test/e2e/send.test.js.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import type { ExecuteContext, ExecuteContextOptions } from '../../support/executeContext';
import { createExecuteContext, sandboxCredentials } from '../../support/executeContext';
import { node, openSandbox, templateLocator } from './setup';

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

const SEND_PATH = '/api/v1/subaccounts/SandboxSub/messages';
/** Passes the node's phone check (+213 has no length table) but 8x8 (the sandbox) refuses it: 1002. */
const REFUSED = '+2131234';

type Options = Omit<ExecuteContextOptions, 'credentials'>;

interface Try {
	ctx: ExecuteContext;
	output?: INodeExecutionData[];
	error?: Error;
}

async function attempt(options: Options, retryOf?: ExecuteContext): Promise<Try> {
	const ctx = createExecuteContext({
		credentials: sandboxCredentials(sandbox),
		...options,
		parameters: { resource: 'message', ...options.parameters },
		retryOf,
	});
	try {
		const [output] = await node.execute.call(ctx.context);
		return { ctx, output };
	} catch (error) {
		return { ctx, error: error as Error };
	}
}

const sends = (t: Try) =>
	t.ctx.requests
		.filter((request) => request.method === 'POST')
		.map((request) => request.body as IDataObject);
const recipients = () => sandbox.messages().map((message) => message.user.msisdn);
const settings = (onError: INode['onError']) => ({
	node: { retryOnFail: true, maxTries: 3, onError },
});

describe('Retry On Fail never sends twice', () => {
	const texts: Options = {
		parameters: { operation: 'sendText', text: 'Your order shipped' },
		items: [{ n: 0 }, { n: 1 }, { n: 2 }],
		itemParameters: [{ to: REFUSED }, { to: '+6591234561' }, { to: '+6591234562' }],
	};

	it('one request per item, error output: a re-run resends only the refused item', async () => {
		const first = await attempt({ ...texts, ...settings('continueErrorOutput') });
		// n8n re-runs because the first item is an error item.
		expect(Object.keys(first.output![0].json)).toEqual(['error']);
		expect(recipients()).toEqual(['+6591234561', '+6591234562']);

		const second = await attempt({ ...texts, ...settings('continueErrorOutput') }, first.ctx);
		expect(sends(second).map((body) => (body.user as IDataObject).msisdn)).toEqual([REFUSED]);
		expect(recipients()).toEqual(['+6591234561', '+6591234562']);
		// The accepted items come back unchanged; the refused one failed again (a new 8x8 errorId).
		expect(second.output!.slice(1)).toEqual(first.output!.slice(1));
		expect(second.output![0].json.error).toMatchObject({ code: 1002, to: REFUSED });
	});

	it('stop on error: the try that threw at item 1 is re-run without resending item 0', async () => {
		const options: Options = {
			...texts,
			itemParameters: [{ to: '+6591234561' }, { to: REFUSED }],
			items: [{ n: 0 }, { n: 1 }],
			node: { retryOnFail: true, maxTries: 3 },
		};
		const first = await attempt(options);
		expect(first.error?.message).toMatch(/^1002 /);
		const second = await attempt(options, first.ctx);
		expect(second.error?.message).toMatch(/^1002 /);
		expect(sends(second).map((body) => (body.user as IDataObject).msisdn)).toEqual([REFUSED]);
		expect(recipients()).toEqual(['+6591234561']);
	});

	it('a send whose delivery state is unknown (500 after accepting) is not resent: the same error item again', async () => {
		sandbox.injectFault({ path: SEND_PATH, status: 500, afterAccept: true, count: 1 });
		const options: Options = {
			...texts,
			itemParameters: [{ to: '+6591234561' }, { to: '+6591234562' }],
			items: [{ n: 0 }, { n: 1 }],
			...settings('continueRegularOutput'),
		};
		const first = await attempt(options);
		expect(first.output![0].json.error).toMatchObject({
			code: 'DELIVERY_STATE_UNKNOWN',
			deliveryStateUnknown: true,
		});
		const second = await attempt(options, first.ctx);
		expect(sends(second)).toEqual([]);
		expect(second.output).toEqual(first.output);
		// 8x8 queued both; nothing went out twice.
		expect(recipients()).toEqual(['+6591234561', '+6591234562']);
	});

	it('batch: a message rejected inside the 200 answer is resent alone; the accepted ones are not', async () => {
		const options: Options = {
			...texts,
			parameters: { ...texts.parameters, options: { batch: true } },
			...settings('continueErrorOutput'),
		};
		const first = await attempt(options);
		expect(first.output![0].json.error).toMatchObject({ code: 1002 });
		expect(recipients()).toEqual(['+6591234561', '+6591234562']);
		const second = await attempt(options, first.ctx);
		const [batch] = sends(second);
		expect((batch.messages as IDataObject[]).map((m) => (m.user as IDataObject).msisdn)).toEqual([
			REFUSED,
		]);
		expect(recipients()).toEqual(['+6591234561', '+6591234562']);
		expect(second.output![1].json).toEqual(first.output![1].json);
		expect(second.output![2].json).toEqual(first.output![2].json);
	});

	it('Send and Wait for Delivery: an unknown delivery state is not resent by a re-run', async () => {
		sandbox.injectFault({ path: SEND_PATH, status: 500, afterAccept: true, count: 1 });
		const options: Options = {
			parameters: {
				operation: 'sendAndWaitForDelivery',
				to: '+6591234569',
				messageType: 'text',
				text: 'Your order shipped',
				resumeOn: ['delivered'],
				waitAmount: 1,
				waitUnit: 'hours',
				options: {},
			},
			...settings('continueErrorOutput'),
		};
		const first = await attempt(options);
		expect(first.output![0].json.error).toMatchObject({ code: 'DELIVERY_STATE_UNKNOWN' });
		const second = await attempt(options, first.ctx);
		expect(sends(second)).toEqual([]);
		expect(second.output).toEqual(first.output);
		expect(recipients()).toEqual(['+6591234569']);
	});

	it('management: a template deleted by the first try is not deleted again (which would fail)', async () => {
		const options: Options = {
			parameters: { resource: 'template', operation: 'delete', channelId: '' },
			items: [{ n: 0 }, { n: 1 }],
			itemParameters: [{ templateName: '' }, { templateName: 'order_update' }],
			...settings('continueRegularOutput'),
		};
		const first = await attempt(options);
		expect(first.output![0].json.error).toBeDefined();
		expect(first.output![1].json.error).toBeUndefined();
		const second = await attempt(options, first.ctx);
		expect(second.ctx.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
		expect(second.output).toEqual(first.output);
	});
});

describe('only within one node run, and only with Retry On Fail', () => {
	const options: Options = {
		parameters: {
			operation: 'sendTemplate',
			channelId: '',
			template: templateLocator('welcome_plain|en'),
		},
		items: [{}],
		itemParameters: [{ to: '+6591234561' }],
	};

	it('a new run of the node (new execute data) sends again', async () => {
		await attempt({ ...options, ...settings('continueRegularOutput') });
		await attempt({ ...options, ...settings('continueRegularOutput') });
		expect(recipients()).toEqual(['+6591234561', '+6591234561']);
	});

	it('without Retry On Fail nothing is remembered (n8n does not re-run the node)', async () => {
		const first = await attempt(options);
		await attempt(options, first.ctx);
		expect(recipients()).toEqual(['+6591234561', '+6591234561']);
	});
});
