/**
 * Template resource against the sandbox: the requests 8x8 documents (list, create, delete by name),
 * the mapping of the answers, the pre-send checks of Create, and 8x8's errors (3032, 3060, 1300).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { openSandbox, run, runExpectingError } from './setup';

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

const templatesUrl = () =>
	`${sandbox.url}/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`;

async function template(operation: string, parameters: IDataObject, extra: IDataObject = {}) {
	return await run(sandbox, {
		parameters: { resource: 'template', operation, channelId: '', ...parameters },
		...extra,
	});
}

describe('Template > Get Many', () => {
	it('lists every template of the channel, sorted by name and language, with one GET', async () => {
		const { output, requests } = await template('getAll', { returnAll: true, filters: {} });
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', templatesUrl()],
		]);
		const names = output.map((item) => `${item.json.templateName}|${item.json.language}`);
		const expected = sandbox.state.templates
			.map((entry) => `${entry.templateName}|${entry.language}`)
			.sort();
		expect(names).toEqual(expected);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		// The items are 8x8's list entries as returned.
		const orderUpdate = output.find((item) => item.json.templateName === 'order_update');
		expect(orderUpdate?.json).toMatchObject({
			channelId: sandbox.credentials.channelId,
			language: 'en',
			status: 'APPROVED',
			category: 'UTILITY',
			components: expect.any(Array),
		});
	});

	it('filters by status, language, name and category, and applies the limit', async () => {
		const byStatus = await template('getAll', {
			returnAll: true,
			filters: { status: ['PAUSED', 'REJECTED'] },
		});
		expect(byStatus.output.map((item) => item.json.templateName)).toEqual([
			'bad_promo',
			'spring_sale',
		]);

		const byLanguage = await template('getAll', {
			returnAll: true,
			filters: { language: 'es, he' },
		});
		expect(
			byLanguage.output.map((item) => `${item.json.templateName}|${item.json.language}`),
		).toEqual(['delivery_update|es', 'event_invitation|he']);

		const byName = await template('getAll', {
			returnAll: true,
			filters: { nameContains: 'DELIVERY', category: 'UTILITY' },
		});
		expect(byName.output.map((item) => item.json.language)).toEqual(['en', 'es']);

		const limited = await template('getAll', { returnAll: false, limit: 2, filters: {} });
		expect(limited.output).toHaveLength(2);
	});

	it('asks once per channel for several input items and pairs every result with its item', async () => {
		const { output, requests } = await template(
			'getAll',
			{ returnAll: false, limit: 1, filters: {} },
			{ items: [{}, {}] },
		);
		expect(requests).toHaveLength(1);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Template > Get', () => {
	it('takes the template picked from the list (a resource locator)', async () => {
		const { output } = await template('get', {
			templateName: { __rl: true, mode: 'list', value: 'delivery_update' },
			language: 'es',
		});
		expect(output[0].json).toEqual(
			expect.objectContaining({ templateName: 'delivery_update', language: 'es' }),
		);
	});

	it('finds one template by name and language in the list (8x8 has no single-get endpoint)', async () => {
		const { output, requests } = await template('get', {
			templateName: 'delivery_update',
			language: 'es',
		});
		expect(requests.map((request) => request.method)).toEqual(['GET']);
		expect(output).toEqual([
			{
				json: expect.objectContaining({ templateName: 'delivery_update', language: 'es' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names the name, the language asked for and the languages that exist when not found', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'get',
				channelId: '',
				templateName: 'delivery_update',
				language: 'en_US',
			},
		});
		expect(error.message).toBe(
			`Template "delivery_update" in language "en_US" was not found on WhatsApp channel ${sandbox.credentials.channelId}`,
		);
		expect(error.description).toContain('exists in languages en, es');
		expect(error.context.itemIndex).toBe(0);

		const unknown = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'get',
				channelId: '',
				templateName: 'nope',
				language: 'en',
			},
		});
		expect(unknown.description).toContain('No template named "nope" exists on this channel');
	});

	it('gives an error item under Continue On Fail and carries on with the next item', async () => {
		const { output } = await run(sandbox, {
			parameters: { resource: 'template', operation: 'get', channelId: '' },
			itemParameters: [
				{ templateName: 'nope', language: 'en' },
				{ templateName: 'order_update', language: 'en' },
			],
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(output[0]).toEqual({
			json: {
				error: expect.objectContaining({
					code: 'TEMPLATE_NOT_FOUND',
					retryable: false,
					message: expect.stringContaining('"nope"'),
				}),
				templateName: 'nope',
				language: 'en',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1].json.templateName).toBe('order_update');
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});

const FULL_TEMPLATE: IDataObject = {
	templateName: 'order_shipped',
	language: 'en_US',
	category: 'UTILITY',
	allowCategoryChange: false,
	headerType: 'text',
	headerText: 'Order {{1}} shipped',
	headerTextExample: 'A-1042',
	bodyText: 'Hi {{1}}, your order {{2}} is on its way.',
	bodyExamples: { example: [{ value: 'Dana' }, { value: 'A-1042' }] },
	footerText: 'Acme Shop',
	buttons: {
		button: [
			{ type: 'quickReply', text: 'Thanks' },
			{
				type: 'url',
				text: 'Track',
				url: 'https://shop.example.com/track/{{1}}',
				urlExample: 'A-1042',
			},
			{ type: 'phoneNumber', text: 'Call us', phoneNumber: '+6591234567' },
			{ type: 'copyCode', text: '', example: '25OFF' },
		],
	},
	options: { messageSendTtlSeconds: 3600 },
};

describe('Template > Create', () => {
	it('sends the documented body: components with examples, buttons of every kind', async () => {
		const { output, requests } = await template('create', FULL_TEMPLATE);
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['POST', templatesUrl()],
		]);
		expect(requests[0].body).toEqual({
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			allow_category_change: false,
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}} shipped', examples: ['A-1042'] },
				{
					type: 'BODY',
					text: 'Hi {{1}}, your order {{2}} is on its way.',
					examples: ['Dana', 'A-1042'],
				},
				{ type: 'FOOTER', text: 'Acme Shop' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Thanks' },
						{
							type: 'URL',
							text: 'Track',
							url: 'https://shop.example.com/track/{{1}}',
							examples: ['A-1042'],
						},
						{ type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+6591234567' },
						{ type: 'COPY_CODE', text: 'Copy offer code', examples: ['25OFF'] },
					],
				},
			],
			message_send_ttl_seconds: 3600,
		});
		const stored = sandbox.state.templates.find(
			(entry) => entry.templateName === 'order_shipped' && entry.language === 'en_US',
		);
		expect(stored?.status).toBe('PENDING');
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			templateName: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			status: 'PENDING',
		});
		expect(output[0].json.note).toContain('PENDING');
	});

	it('sends media headers with their example URL and location headers without one', async () => {
		const image = await template('create', {
			templateName: 'promo_image',
			language: 'en',
			category: 'MARKETING',
			allowCategoryChange: true,
			headerType: 'image',
			headerMediaExample: 'https://example.com/promo.jpg',
			bodyText: 'New arrivals are in.',
			bodyExamples: {},
			buttons: {},
			options: {},
		});
		expect(image.requests[0].body).toEqual({
			name: 'promo_image',
			language: 'en',
			category: 'MARKETING',
			allow_category_change: true,
			components: [
				{ type: 'HEADER', format: 'IMAGE', examples: ['https://example.com/promo.jpg'] },
				{ type: 'BODY', text: 'New arrivals are in.' },
			],
		});

		const location = await template('create', {
			templateName: 'pickup_point',
			language: 'en',
			category: 'UTILITY',
			headerType: 'location',
			bodyText: 'Your parcel waits here.',
		});
		expect((location.requests[0].body as IDataObject).components).toEqual([
			{ type: 'HEADER', format: 'LOCATION' },
			{ type: 'BODY', text: 'Your parcel waits here.' },
		]);
	});

	it('checks every placeholder has an example before sending anything', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'create',
				channelId: '',
				...FULL_TEMPLATE,
				headerTextExample: '',
				bodyExamples: { example: [{ value: 'Dana' }] },
				buttons: {
					button: [
						{ type: 'url', text: 'Track', url: 'https://shop.example.com/track/{{1}}' },
						{ type: 'copyCode', text: 'Copy' },
					],
				},
			},
		});
		expect(error.requests).toHaveLength(0);
		expect(error.message).toContain('Header Text has 1 variable ({{1}}) but 0 examples');
		expect(error.message).toContain(
			'Body Text has 2 variables ({{1}}, {{2}}) but 1 example: add an example for {{2}}',
		);
		expect(error.message).toContain('Button 1: the URL has the variable {{1}}; add URL Example');
		expect(error.message).toContain('Button 2: a copy-code button needs an Example Code');
		expect(error.context.eightByEight).toMatchObject({ code: 'VALIDATION_FAILED' });
	});

	it('refuses media headers without an example, numbering gaps and misplaced URL variables', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'create',
				channelId: '',
				templateName: 'x',
				language: 'en',
				category: 'UTILITY',
				headerType: 'video',
				bodyText: 'Hi {{1}}, see {{3}}',
				bodyExamples: { example: [{ value: 'a' }, { value: 'b' }] },
				buttons: {
					button: [
						{ type: 'url', text: 'Open', url: 'https://x.example/{{1}}/page', urlExample: 'q' },
					],
				},
			},
		});
		expect(error.requests).toHaveLength(0);
		expect(error.message).toContain('A VIDEO header needs an example');
		expect(error.message).toContain('numbered {{1}}, {{2}}, … without gaps; found {{1}}, {{3}}');
		expect(error.message).toContain('{{1}} must be at the end of the URL');
	});

	it('maps 8x8 code 3032 (name and language exist) through the transport', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'create',
				channelId: '',
				templateName: 'order_update',
				language: 'en',
				category: 'UTILITY',
				bodyText: 'Hello',
			},
		});
		expect(error.requests).toHaveLength(1);
		expect(error.message).toMatch(/^3032 /);
		expect(error.message).toContain("already exists in language 'en'");
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(0);
	});

	it('maps 409 / 3060 for a name deleted in the last weeks', async () => {
		await template('delete', { templateName: 'welcome_plain' });
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'create',
				channelId: '',
				templateName: 'welcome_plain',
				language: 'en',
				category: 'UTILITY',
				bodyText: 'Welcome back',
			},
		});
		expect(error.message).toMatch(/^3060 /);
		expect(error.httpCode).toBe('409');
	});
});

describe('Template > Delete', () => {
	it('deletes the name in every language with DELETE …/templates/{name}', async () => {
		const { output, requests } = await template('delete', { templateName: 'delivery_update' });
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
			['DELETE', `${templatesUrl()}/delivery_update`, undefined],
		]);
		expect(
			sandbox.state.templates.filter((entry) => entry.templateName === 'delivery_update'),
		).toEqual([]);
		expect(output).toEqual([
			{
				json: {
					deleted: true,
					templateName: 'delivery_update',
					allLanguages: true,
					channelId: sandbox.credentials.channelId,
					note: expect.stringContaining('every language'),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('maps 404 / 1300 for an unknown name', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				resource: 'template',
				operation: 'delete',
				channelId: '',
				templateName: 'nope',
			},
		});
		expect(error.message).toMatch(/^1300 /);
		expect(error.httpCode).toBe('404');
	});
});
