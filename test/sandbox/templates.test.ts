import { startSandbox, type Sandbox } from '../../sandbox';
import {
	call,
	expectError,
	ISO_RE,
	registerWebhook,
	send,
	startReceiver,
	templatesPath,
	waitFor,
	type Json,
	type Receiver,
} from './helpers';

let sandbox: Sandbox;
let path: string;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
	path = templatesPath(sandbox.credentials.channelId);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function template(name: string, language: string, components?: unknown[]) {
	const body: Json = { name, language };
	if (components !== undefined) body.components = components;
	return { user: { msisdn: '+6591234567' }, type: 'template', content: { template: body } };
}

const bodyParams = (...values: string[]) => ({
	type: 'body',
	parameters: values.map((text) => ({ type: 'text', text })),
});

describe('template sends', () => {
	it('accepts order_update with its two body parameters', async () => {
		const response = await send(
			sandbox,
			template('order_update', 'en', [bodyParams('Dana', 'A-1042')]),
		);
		expect(response.status).toBe(200);
		expect(sandbox.state.messages[0].template).toEqual({
			name: 'order_update',
			language: 'en',
			category: 'UTILITY',
		});
	});

	it('answers 3031 without a name and 3036 without a language', async () => {
		expectError(await send(sandbox, template('', 'en')), 400, 3031);
		expectError(
			await send(sandbox, {
				user: { msisdn: '+6591234567' },
				type: 'template',
				content: { template: { name: 'order_update' } },
			}),
			400,
			3036,
		);
	});

	it('answers 3038 for an unknown name, naming the languages that exist for a known one', async () => {
		expectError(
			await send(sandbox, template('no_such_template', 'en')),
			400,
			3038,
			'Template not found for provided name and language',
		);
		expectError(
			await send(sandbox, template('order_update', 'fr', [bodyParams('a', 'b')])),
			400,
			3038,
			/exists in: en/,
		);
	});

	it('answers 3038 for REJECTED and PENDING templates, but accepts PAUSED ones (they fail asynchronously)', async () => {
		expectError(
			await send(sandbox, template('bad_promo', 'en', [bodyParams('x')])),
			400,
			3038,
			/REJECTED/,
		);
		const created = await call(sandbox, 'POST', path, {
			name: 'fresh_one',
			language: 'en',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Hello' }],
		});
		expect(created.body.status).toBe('PENDING');
		expectError(await send(sandbox, template('fresh_one', 'en')), 400, 3038, /PENDING/);
		const paused = await send(sandbox, template('spring_sale', 'en', [bodyParams('30%')]));
		expect(paused.status).toBe(200);
		expect(sandbox.state.messages[0].outcome).toMatchObject({
			outcome: 'undelivered',
			errorCode: 1035,
		});
	});

	it('answers 3040 when a template with variables gets no parameters', async () => {
		expectError(
			await send(sandbox, template('order_update', 'en')),
			400,
			3040,
			/Empty template parameters/,
		);
		expectError(
			await send(sandbox, template('order_update', 'en', [{ type: 'body', parameters: [] }])),
			400,
			3040,
		);
	});

	it('answers 3041 naming the component and the expected vs given count', async () => {
		const one = await send(sandbox, template('order_update', 'en', [bodyParams('Dana')]));
		expectError(one, 400, 3041, /BODY .*'order_update'.* expects 2 parameters .*1 given/);
		const three = await send(sandbox, template('order_update', 'en', [bodyParams('a', 'b', 'c')]));
		expectError(three, 400, 3041, /expects 2 parameters.*3 given/);
	});

	it('accepts a template without variables, and refuses parameters for it', async () => {
		expect((await send(sandbox, template('welcome_plain', 'en'))).status).toBe(200);
		expectError(
			await send(sandbox, template('welcome_plain', 'en', [bodyParams('x')])),
			400,
			3041,
			/expects 0 parameters, 1 given/,
		);
	});

	describe('image header + body + dynamic URL button (event_invitation, he)', () => {
		const header = {
			type: 'header',
			parameters: [{ type: 'image', url: 'https://picsum.photos/200/300.jpg' }],
		};
		const button = {
			type: 'button',
			subType: 'url',
			index: 0,
			parameters: [{ type: 'text', text: 'launch-2025' }],
		};

		it('accepts the full set (index as a string too)', async () => {
			expect(
				(
					await send(
						sandbox,
						template('event_invitation', 'he', [bodyParams('דנה', 'השקה'), header, button]),
					)
				).status,
			).toBe(200);
			const stringIndex = { ...button, index: '0', subType: 'URL' };
			expect(
				(
					await send(
						sandbox,
						template('event_invitation', 'he', [bodyParams('a', 'b'), header, stringIndex]),
					)
				).status,
			).toBe(200);
		});

		it('names the missing header', async () => {
			expectError(
				await send(sandbox, template('event_invitation', 'he', [bodyParams('a', 'b'), button])),
				400,
				3041,
				/HEADER .*expects 1 IMAGE parameter, 0 given/,
			);
		});

		it('refuses a text parameter for an image header (3042) and a bad media URL (3046)', async () => {
			const textHeader = { type: 'header', parameters: [{ type: 'text', text: 'x' }] };
			expectError(
				await send(
					sandbox,
					template('event_invitation', 'he', [bodyParams('a', 'b'), textHeader, button]),
				),
				400,
				3042,
			);
			const badUrl = { type: 'header', parameters: [{ type: 'image', url: 'picture.jpg' }] };
			expectError(
				await send(
					sandbox,
					template('event_invitation', 'he', [bodyParams('a', 'b'), badUrl, button]),
				),
				400,
				3046,
			);
		});

		it('names the missing button parameter', async () => {
			expectError(
				await send(sandbox, template('event_invitation', 'he', [bodyParams('a', 'b'), header])),
				400,
				3041,
				/BUTTON 0 \(URL\).*expects 1 parameter, 0 given/,
			);
		});

		it('refuses a wrong button index (3053) and a missing subType (3052)', async () => {
			expectError(
				await send(
					sandbox,
					template('event_invitation', 'he', [
						bodyParams('a', 'b'),
						header,
						{ ...button, index: 3 },
					]),
				),
				400,
				3053,
			);
			const noSubType: Json = { ...button };
			delete noSubType.subType;
			expectError(
				await send(
					sandbox,
					template('event_invitation', 'he', [bodyParams('a', 'b'), header, noSubType]),
				),
				400,
				3052,
			);
			expectError(
				await send(
					sandbox,
					template('event_invitation', 'he', [
						bodyParams('a', 'b'),
						header,
						{ ...button, subType: 'quickReply' },
					]),
				),
				400,
				3052,
			);
		});
	});

	describe('named variables (appointment_reminder)', () => {
		it('accepts named parameters and plain ordered ones', async () => {
			const named = {
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Dana' },
					{ type: 'text', parameter_name: 'date', text: 'June 3' },
				],
			};
			expect((await send(sandbox, template('appointment_reminder', 'en', [named]))).status).toBe(
				200,
			);
			expect(
				(
					await send(
						sandbox,
						template('appointment_reminder', 'en', [bodyParams('Dana', 'June 3')]),
					)
				).status,
			).toBe(200);
		});

		it('refuses an unknown name and a wrong count', async () => {
			const wrong = {
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Dana' },
					{ type: 'text', parameter_name: 'when', text: 'June 3' },
				],
			};
			expectError(
				await send(sandbox, template('appointment_reminder', 'en', [wrong])),
				400,
				3041,
				/unknown: when/,
			);
			expectError(
				await send(sandbox, template('appointment_reminder', 'en', [bodyParams('Dana')])),
				400,
				3041,
				/expects 2 parameters \(\{\{first_name\}\}, \{\{date\}\}\), 1 given/,
			);
		});

		it('allows an optional quick-reply payload', async () => {
			const payload = {
				type: 'button',
				subType: 'QuickReply',
				index: 1,
				parameters: [{ type: 'payload', payload: 'resched' }],
			};
			expect(
				(
					await send(
						sandbox,
						template('appointment_reminder', 'en', [bodyParams('a', 'b'), payload]),
					)
				).status,
			).toBe(200);
		});
	});

	it('checks the copy-code coupon button', async () => {
		const ok = {
			type: 'button',
			subType: 'copyCode',
			index: 0,
			parameters: [{ type: 'couponCode', couponCode: '25OFF' }],
		};
		expect(
			(await send(sandbox, template('summer_coupon', 'en', [bodyParams('25%'), ok]))).status,
		).toBe(200);
		const asText = { ...ok, parameters: [{ type: 'text', text: '25OFF' }] };
		expectError(
			await send(sandbox, template('summer_coupon', 'en', [bodyParams('25%'), asText])),
			400,
			3049,
		);
		expectError(
			await send(sandbox, template('summer_coupon', 'en', [bodyParams('25%')])),
			400,
			3041,
			/BUTTON 0 \(COPY_CODE\)/,
		);
	});

	it('checks the location header', async () => {
		const location = {
			type: 'header',
			parameters: [
				{
					type: 'location',
					location: { latitude: '38.8693', longitude: '-77.0536', name: 'Metro' },
				},
			],
		};
		expect(
			(await send(sandbox, template('store_pickup', 'en', [location, bodyParams('A-1')]))).status,
		).toBe(200);
		const empty = {
			type: 'header',
			parameters: [{ type: 'location', location: { name: 'Metro' } }],
		};
		expectError(
			await send(sandbox, template('store_pickup', 'en', [empty, bodyParams('A-1')])),
			400,
			3044,
		);
	});

	it('checks the text header and the document header', async () => {
		const textHeader = { type: 'header', parameters: [{ type: 'text', text: 'T-311' }] };
		expect(
			(
				await send(
					sandbox,
					template('ticket_update', 'en', [textHeader, bodyParams('Dana', 'resolved')]),
				)
			).status,
		).toBe(200);
		expectError(
			await send(sandbox, template('ticket_update', 'en', [bodyParams('Dana', 'resolved')])),
			400,
			3041,
			/HEADER/,
		);
		const doc = {
			type: 'header',
			parameters: [{ type: 'document', url: 'https://pdfobject.com/pdf/sample.pdf' }],
		};
		expect(
			(await send(sandbox, template('invoice_ready', 'en', [doc, bodyParams('Dana', 'INV-1')])))
				.status,
		).toBe(200);
	});

	it('sends the authentication template with the code in body and button', async () => {
		const otp = {
			type: 'Button',
			subType: 'url',
			index: 0,
			parameters: [{ type: 'text', text: '123456' }],
		};
		expect(
			(await send(sandbox, template('login_code', 'en', [bodyParams('123456'), otp]))).status,
		).toBe(200);
	});

	it('finds both languages of delivery_update', async () => {
		expect(
			(await send(sandbox, template('delivery_update', 'en', [bodyParams('A-1')]))).status,
		).toBe(200);
		expect(
			(await send(sandbox, template('delivery_update', 'es', [bodyParams('A-1')]))).status,
		).toBe(200);
	});
});

describe('template management', () => {
	it('lists the seed templates in the OAS shape', async () => {
		const response = await call(sandbox, 'GET', path);
		expect(response.status).toBe(200);
		const list: Json[] = response.body.templates;
		const keys = list.map((t) => `${t.templateName}/${t.language}/${t.status}`);
		expect(keys).toEqual(
			expect.arrayContaining([
				'order_update/en/APPROVED',
				'event_invitation/he/APPROVED',
				'appointment_reminder/en/APPROVED',
				'welcome_plain/en/APPROVED',
				'summer_coupon/en/APPROVED',
				'store_pickup/en/APPROVED',
				'spring_sale/en/PAUSED',
				'bad_promo/en/REJECTED',
				'delivery_update/en/APPROVED',
				'delivery_update/es/APPROVED',
			]),
		);
		const order = list.find((t) => t.templateName === 'order_update');
		expect(order).toEqual({
			channelId: sandbox.credentials.channelId,
			channelName: 'Sandbox WhatsApp',
			templateName: 'order_update',
			language: 'en',
			languageName: 'English',
			components: [
				{
					type: 'BODY',
					text: 'Hi {{1}}, your order {{2}} has shipped.',
					example: { bodyText: ['Dana', 'A-1042'] },
				},
			],
			category: 'UTILITY',
			categoryName: 'Utility',
			status: 'APPROVED',
			statusName: 'Approved',
			createdAt: expect.stringMatching(ISO_RE),
			updatedAt: expect.stringMatching(ISO_RE),
		});
		const invitation = list.find((t) => t.templateName === 'event_invitation');
		expect(invitation.components[0]).toMatchObject({ type: 'HEADER', format: 'Image' });
		expect(invitation.components[3].buttons[0]).toMatchObject({
			type: 'URL',
			url: 'https://events.example.com/e/{{1}}',
		});
	});

	it('answers 404 / 1300 for another channel and 403 / 1201 for another account', async () => {
		expectError(
			await call(
				sandbox,
				'GET',
				'/api/v1/accounts/SandboxAccount/channels/ec36a867-3dd4-e911-814a-02d85f55fce8/templates',
			),
			404,
			1300,
		);
		expectError(
			await call(
				sandbox,
				'GET',
				`/api/v1/accounts/Nope/channels/${sandbox.credentials.channelId}/templates`,
			),
			403,
			1201,
		);
	});

	const marketing = {
		language: 'en_US',
		name: 'marketing_template_demo',
		category: 'MARKETING',
		components: [
			{ type: 'HEADER', format: 'image', examples: ['https://iili.io/KtDO5BV.jpg'] },
			{
				type: 'BODY',
				text: 'Hi {{1}}, ready to elevate your customer communications?',
				examples: ['Tony'],
			},
			{ type: 'FOOTER', text: 'Powered by 8x8' },
			{
				type: 'BUTTONS',
				buttons: [
					{
						type: 'URL',
						text: 'Discover all channels',
						url: 'https://cpaas.8x8.com/en/products/{{1}}',
						examples: ['omnichannel'],
					},
					{ type: 'quick_reply', text: 'Talk to Sales' },
				],
			},
		],
	};

	it('creates a template as PENDING and lists it', async () => {
		const created = await call(sandbox, 'POST', path, marketing);
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			templateName: 'marketing_template_demo',
			language: 'en_US',
			status: 'PENDING',
			category: 'MARKETING',
		});
		const list = (await call(sandbox, 'GET', path)).body.templates as Json[];
		const stored = list.find((t) => t.templateName === 'marketing_template_demo');
		expect(stored.components[0]).toEqual({
			type: 'HEADER',
			format: 'Image',
			example: { headerHandle: ['https://iili.io/KtDO5BV.jpg'] },
		});
		expect(stored.components[3].buttons[1]).toMatchObject({
			type: 'QUICK_REPLY',
			text: 'Talk to Sales',
		});
	});

	it('refuses a duplicate name + language with 400 / 3032', async () => {
		expect((await call(sandbox, 'POST', path, marketing)).status).toBe(200);
		expectError(
			await call(sandbox, 'POST', path, marketing),
			400,
			3032,
			/already exists in language 'en_US'/,
		);
		expect((await call(sandbox, 'POST', path, { ...marketing, language: 'es' })).status).toBe(200);
	});

	it('refuses a media header without example with 400 / 3032', async () => {
		const noExample = {
			...marketing,
			components: [{ type: 'HEADER', format: 'IMAGE' }, marketing.components[1]],
		};
		expectError(
			await call(sandbox, 'POST', path, noExample),
			400,
			3032,
			'Templates with IMAGE header type need an example/sample, but it was not provided.',
		);
	});

	const invalid: Array<[string, Json, number]> = [
		['upper-case name', { name: 'Bad-Name' }, 3032],
		['missing name', { name: undefined }, 3031],
		['name over 512', { name: 'a'.repeat(513) }, 3031],
		['missing language', { language: undefined }, 3036],
		['bad language', { language: 'english' }, 3037],
		['bad category', { category: 'PROMO' }, 1005],
		['no components', { components: [] }, 3034],
		['unknown component type', { components: [{ type: 'SIDEBAR', text: 'x' }] }, 3039],
		['no BODY', { components: [{ type: 'FOOTER', text: 'x' }] }, 3034],
		[
			'button without text',
			{
				components: [
					{ type: 'BODY', text: 'x' },
					{ type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.example' }] },
				],
			},
			3049,
		],
	];

	it.each(invalid)('refuses %s', async (_name, patch, code) => {
		const body = {
			name: 'valid_name',
			language: 'en',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Hi {{1}}' }],
			...patch,
		};
		for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
		expectError(await call(sandbox, 'POST', path, body), 400, code);
	});

	it('deletes every language of a name, then answers 409 / 3060 to re-creating it', async () => {
		const removed = await call(sandbox, 'DELETE', `${path}/delivery_update`);
		expect(removed.status).toBe(200);
		const names = ((await call(sandbox, 'GET', path)).body.templates as Json[]).map(
			(t) => t.templateName,
		);
		expect(names).not.toContain('delivery_update');
		expectError(
			await send(sandbox, template('delivery_update', 'es', [bodyParams('A-1')])),
			400,
			3038,
		);
		const again = await call(sandbox, 'POST', path, {
			name: 'delivery_update',
			language: 'es',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Tu entrega {{1}} llega hoy.' }],
		});
		expectError(
			again,
			409,
			3060,
			/Spanish content can't be added while the existing Spanish content is being deleted/,
		);
		expectError(await call(sandbox, 'DELETE', `${path}/delivery_update`), 404, 1300);
	});

	it('restores the seed templates on reset', async () => {
		await call(sandbox, 'DELETE', `${path}/order_update`);
		sandbox.reset();
		expect(
			(await send(sandbox, template('order_update', 'en', [bodyParams('a', 'b')]))).status,
		).toBe(200);
	});
});

describe('template approval and CABM events', () => {
	let approving: Sandbox;
	let receiver: Receiver;

	beforeAll(async () => {
		approving = await startSandbox({ autoApproveMs: 0, receipts: false });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await approving.close();
		await receiver.close();
	});

	it('approves a new template and posts template_status_update to the CABM webhook', async () => {
		await registerWebhook(approving, [
			{
				subAccountId: '*',
				type: 'CABM',
				url: `${receiver.url}/cabm`,
				httpAuthorization: 'Bearer cabm',
			},
		]);
		const created = await call(approving, 'POST', templatesPath(approving.credentials.channelId), {
			name: 'shipping_notice',
			language: 'en',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Your parcel {{1}} is on its way.', examples: ['P-1'] }],
		});
		expect(created.body.status).toBe('PENDING');
		const event = await waitFor(
			() => receiver.calls.find((c) => c.body?.eventDetails?.templateName === 'shipping_notice'),
			'CABM event',
		);
		expect(event.headers.authorization).toBe('Bearer cabm');
		expect(event.body).toMatchObject({
			provider: 'WhatsApp',
			accountId: 'SandboxAccount',
			eventType: 'template_status_update',
			eventDetails: {
				templateName: 'shipping_notice',
				templateLanguage: 'en',
				meta: { status: 'APPROVED', reason: 'NONE' },
			},
		});
		expect(typeof event.body.eventDetails.templateId).toBe('number');
		const sent = await send(approving, {
			user: { msisdn: '+6591234567' },
			type: 'template',
			content: {
				template: { name: 'shipping_notice', language: 'en', components: [bodyParams('P-1')] },
			},
		});
		expect(sent.status).toBe(200);
	});

	it('rejects reject_* names and lets tests pause a template', async () => {
		await call(approving, 'POST', templatesPath(approving.credentials.channelId), {
			name: 'reject_me',
			language: 'en',
			category: 'MARKETING',
			components: [{ type: 'BODY', text: 'Buy now' }],
		});
		await waitFor(
			() => receiver.calls.find((c) => c.body?.eventDetails?.templateName === 'reject_me'),
			'reject event',
		);
		const rejected = receiver.calls.find((c) => c.body?.eventDetails?.templateName === 'reject_me');
		expect(rejected?.body.eventDetails.meta).toMatchObject({
			status: 'REJECTED',
			reason: 'INVALID_FORMAT',
		});

		const paused = await call(approving, 'POST', '/__sandbox/template-status', {
			name: 'order_update',
			status: 'PAUSED',
		});
		expect(paused.status).toBe(200);
		expect(paused.body.template.status).toBe('PAUSED');
		expect(paused.body.delivered).toBe(true);
	});
});
