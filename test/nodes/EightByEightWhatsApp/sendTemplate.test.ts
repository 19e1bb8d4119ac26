import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { PIN_DATA_HINT } from '../../../nodes/EightByEightWhatsApp/helpers/hints';
import { QUEUED_NOTE } from '../../../nodes/EightByEightWhatsApp/helpers/output';
import { componentsByKind, oasExample, shape } from './oas';
import { openSandbox, run, runExpectingError, templateLocator, TO, variables } from './setup';

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

function sendTemplate(template: string, values: IDataObject, extra: IDataObject = {}) {
	return {
		operation: 'sendTemplate',
		to: TO,
		channelId: '',
		template: templateLocator(template),
		templateVariables: variables(values),
		options: {},
		...extra,
	};
}

type Body = {
	content: { template: { name: string; language: string; components?: IDataObject[] } };
} & IDataObject;

async function sendOne(template: string, values: IDataObject) {
	const result = await run(sandbox, { parameters: sendTemplate(template, values) });
	expect(result.sends).toHaveLength(1);
	const body = result.sends[0].body as Body;
	const stored = sandbox.messages();
	expect(stored).toHaveLength(1);
	expect(stored[0].body).toEqual(body);
	return { body, result };
}

describe('Send Template: request bodies', () => {
	it('order_update: two body variables, OAS envelope, queued output', async () => {
		const { body, result } = await sendOne('order_update|en', {
			'body.1': 'Dana',
			'body.2': 'A-1042',
		});
		const clientMessageId = result.output[0].json.clientMessageId as string;
		expect(clientMessageId).toMatch(/^n8n-4711-0-[0-9a-f]{8}$/);
		expect(body).toEqual({
			user: { msisdn: TO },
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
								{ type: 'text', text: 'A-1042' },
							],
						},
					],
				},
			},
			clientMessageId,
		});
		const stored = sandbox.messages()[0];
		expect(result.output).toEqual([
			{
				json: {
					umid: stored.umid,
					clientMessageId,
					to: TO,
					status: 'queued',
					template: 'order_update',
					language: 'en',
					acceptedAt: stored.status.timestamp,
				},
				pairedItem: { item: 0 },
			},
		]);
		// "queued is not delivered" and the pin-data advice are said once, as hints, not in every item
		expect(result.output[0].json).not.toHaveProperty('note');
		expect(result.hints).toEqual([
			{ message: QUEUED_NOTE, type: 'info', location: 'outputPane' },
			{ message: PIN_DATA_HINT, type: 'warning', location: 'outputPane' },
		]);
		expect(result.requests[0].headers.Authorization).toBe('Bearer sandbox-api-key');
		expect(result.requests[0].url).toBe(
			`${sandbox.url}/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`,
		);
		expect(result.sends[0].url).toBe(`${sandbox.url}/api/v1/subaccounts/SandboxSub/messages`);
	});

	it('outside the editor (an active workflow) only the queued hint is added; nothing sent, no hint', async () => {
		const active = await run(sandbox, {
			parameters: sendTemplate('order_update|en', { 'body.1': 'Dana', 'body.2': 'A-1042' }),
			mode: 'webhook',
		});
		expect(active.hints.map((hint) => hint.message)).toEqual([QUEUED_NOTE]);
		const refused = await run(sandbox, {
			parameters: sendTemplate('order_update|en', { 'body.1': 'Dana' }),
			continueOnFail: true,
		});
		expect(refused.output[0].json.error).toBeDefined();
		expect(refused.hints).toEqual([]);
	});

	it('refuses a variable holding an expression n8n never evaluated, naming the field and the fix', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate('order_update|en', {
				'body.1': 'Dana',
				'body.2': 'Order {{ $json.missingField',
			}),
		});
		expect(error.message).toBe(
			'"Body {{2}}" holds the text "{{ $json.missingField": an n8n expression that was never evaluated, so the customer would receive it as typed',
		);
		expect(error.description).toContain('Switch that field to Expression');
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('refuses values of a form made for another template, naming them', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate('order_update|en', {
				'body.1': 'Dana',
				'body.2': 'A-1042',
				'header.mediaUrl': 'https://example.com/a.jpg',
			}),
		});
		expect(error.message).toBe(
			'Template Variables holds header.mediaUrl, which Template "order_update" (en) does not take',
		);
		expect(error.description).toContain('Refresh Variable List');
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('event_invitation: image header, body variables and a URL button, shaped like the OAS CTA example', async () => {
		const { body } = await sendOne('event_invitation|he', {
			'header.mediaUrl': 'https://picsum.photos/seed/event/800/418.jpg',
			'body.1': 'דנה',
			'body.2': 'ערב השקה',
			'button.0.url': 'launch-2025',
		});
		const components = body.content.template.components;
		expect(components).toEqual([
			{
				type: 'header',
				parameters: [{ type: 'image', url: 'https://picsum.photos/seed/event/800/418.jpg' }],
			},
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'דנה' },
					{ type: 'text', text: 'ערב השקה' },
				],
			},
			{
				type: 'button',
				index: 0,
				subType: 'Url',
				parameters: [{ type: 'text', text: 'launch-2025' }],
			},
		]);
		const oas = oasExample('whatsAppDynamicCTAButtonTemplate');
		expect(shape(componentsByKind(body))).toEqual(shape(componentsByKind(oas)));
		expect(Object.keys(body).sort()).toEqual(
			[...Object.keys(oas).filter((key) => key !== 'user'), 'clientMessageId', 'user'].sort(),
		);
	});

	it('appointment_reminder: named variables carry their name; an optional quick-reply payload is sent only when set', async () => {
		const { body } = await sendOne('appointment_reminder|en', {
			'body.first_name': 'Dana',
			'body.date': 'June 3 at 10:00',
			'button.0.payload': 'confirm-42',
		});
		expect(body.content.template.components).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Dana' },
					{ type: 'text', parameter_name: 'date', text: 'June 3 at 10:00' },
				],
			},
			{
				type: 'button',
				index: 0,
				subType: 'QuickReply',
				parameters: [{ type: 'payload', payload: 'confirm-42' }],
			},
		]);
		expect(shape(componentsByKind(body)['button:quickreply'])).toEqual(
			shape(componentsByKind(oasExample('whatsAppQuickReplyTemplate'))['button:quickreply']),
		);
	});

	it('summer_coupon: copy-code button, shaped like the OAS coupon example', async () => {
		const { body } = await sendOne('summer_coupon|en', {
			'body.1': '25%',
			'button.0.couponCode': '25OFF',
		});
		expect(body.content.template.components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '25%' }] },
			{
				type: 'button',
				index: 0,
				subType: 'CopyCode',
				parameters: [{ type: 'couponCode', couponCode: '25OFF' }],
			},
		]);
		expect(shape(componentsByKind(body)['button:copycode'])).toEqual(
			shape(componentsByKind(oasExample('whatsAppCouponCodeTemplate'))['button:copycode']),
		);
	});

	it('store_pickup: location header, shaped like the OAS location example (numbers, as the schema types them)', async () => {
		const { body } = await sendOne('store_pickup|en', {
			'header.latitude': 38.8693,
			'header.longitude': '-77.0536',
			'header.name': 'Metro Station',
			'header.address': '1 Connector Drive',
			'body.1': 'A-1042',
		});
		expect(body.content.template.components).toEqual([
			{
				type: 'header',
				parameters: [
					{
						type: 'location',
						location: {
							latitude: 38.8693,
							longitude: -77.0536,
							name: 'Metro Station',
							address: '1 Connector Drive',
						},
					},
				],
			},
			{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] },
		]);
		expect(shape(componentsByKind(body).header)).toEqual(
			shape(componentsByKind(oasExample('whatsAppTemplateWithLocation')).header),
		);
	});

	it('ticket_update: text header variable', async () => {
		const { body } = await sendOne('ticket_update|en', {
			'header.text': 'T-311',
			'body.1': 'Dana',
			'body.2': 'resolved',
		});
		expect(body.content.template.components).toEqual([
			{ type: 'header', parameters: [{ type: 'text', text: 'T-311' }] },
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Dana' },
					{ type: 'text', text: 'resolved' },
				],
			},
		]);
	});

	it('invoice_ready: document header', async () => {
		const { body } = await sendOne('invoice_ready|en', {
			'header.mediaUrl': 'https://pdfobject.com/pdf/sample.pdf',
			'body.1': 'Dana',
			'body.2': 'INV-77',
		});
		expect(body.content.template.components?.[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'document', url: 'https://pdfobject.com/pdf/sample.pdf' }],
		});
		expect(shape(componentsByKind(body).header)).toEqual(
			shape(componentsByKind(oasExample('whatsAppTemplateWithImage')).header),
		);
	});

	it('login_code: authentication template, the code fills body {{1}} and the OTP button, like the OAS example', async () => {
		const { body } = await sendOne('login_code|en', { 'body.1': '123456' });
		expect(body.content.template.components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '123456' }] },
			{ type: 'button', index: 0, subType: 'Url', parameters: [{ type: 'text', text: '123456' }] },
		]);
		expect(shape(componentsByKind(body))).toEqual(
			shape(componentsByKind(oasExample('whatsAppAuthenticationTemplate'))),
		);
	});

	it('welcome_plain: a template without variables is sent without components', async () => {
		const { body } = await sendOne('welcome_plain|en', {});
		expect(body.content).toEqual({ template: { name: 'welcome_plain', language: 'en' } });
	});

	it('By Name and Language picks the exact language', async () => {
		const result = await run(sandbox, {
			parameters: sendTemplate(
				'',
				{ 'body.1': 'A-1042' },
				{ template: templateLocator('delivery_update|es', 'name') },
			),
		});
		expect((result.sends[0].body as Body).content.template).toEqual({
			name: 'delivery_update',
			language: 'es',
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
		});
		expect(result.output[0].json).toMatchObject({
			template: 'delivery_update',
			language: 'es',
			status: 'queued',
		});
	});

	it('fetches the template list once per execution, however many items', async () => {
		const result = await run(sandbox, {
			items: [{}, {}, {}],
			parameters: sendTemplate('order_update|en', {}),
			itemParameters: [1, 2, 3].map((n) => ({
				templateVariables: variables({ 'body.1': `P${n}`, 'body.2': `O${n}` }),
			})),
		});
		expect(result.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
		expect(result.sends).toHaveLength(3);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(new Set(result.output.map((item) => item.json.clientMessageId)).size).toBe(3);
		expect(
			sandbox.messages().map((message) => (message.body as Body).content.template.components),
		).toEqual(
			[1, 2, 3].map((n) => [
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: `P${n}` },
						{ type: 'text', text: `O${n}` },
					],
				},
			]),
		);
	});

	it('uses the Channel ID parameter instead of the credential channel', async () => {
		const result = await run(sandbox, {
			credentials: {
				apiKey: 'sandbox-api-key',
				subAccountId: 'SandboxSub',
				accountId: 'SandboxAccount',
				channelId: '',
				region: 'custom',
				baseUrl: sandbox.url,
			},
			parameters: sendTemplate(
				'order_update|en',
				{ 'body.1': 'a', 'body.2': 'b' },
				{ channelId: sandbox.credentials.channelId },
			),
		});
		expect(result.requests[0].url).toContain(
			`/channels/${sandbox.credentials.channelId}/templates`,
		);
		expect(result.output[0].json.status).toBe('queued');
	});

	it('normalizes a national number with Default Country and sends E.164', async () => {
		const result = await run(sandbox, {
			parameters: sendTemplate(
				'order_update|en',
				{ 'body.1': 'a', 'body.2': 'b' },
				{
					to: '050-437-0045',
					options: { defaultCountry: 'IL', clientMessageId: 'my-ref-1' },
				},
			),
		});
		expect((result.sends[0].body as IDataObject).user).toEqual({ msisdn: '+972504370045' });
		expect(result.output[0].json).toMatchObject({
			to: '+972504370045',
			clientMessageId: 'my-ref-1',
		});
	});
});

describe('Send Template: checked before sending', () => {
	it('fails the item with the missing variable and the expected count, sending nothing', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate('order_update|en', { 'body.1': 'Dana' }),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Template "order_update" (en) expects 2 body variables ({{1}}, {{2}}) but 1 is empty: {{2}}',
		);
		expect(error.description).toBe(
			'Nothing was sent. Fill the fields named above under Template Variables (type a value or map an input field). They are generated from the template in 8x8: after the template changes, open Template Variables and refresh the fields.',
		);
		expect(error.context.itemIndex).toBe(0);
		expect(error.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('lists every problem of an item at once', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate('event_invitation|he', { 'body.1': 'Dana', 'button.0.url': '' }),
		});
		expect(error.message).toBe(
			'3 problems: Template "event_invitation" (he) has an IMAGE header, but "Header Image URL" is empty; ' +
				'Template "event_invitation" (he) expects 2 body variables ({{1}}, {{2}}) but 1 is empty: {{2}}; ' +
				'Template "event_invitation" (he) has a dynamic URL button (button 1, "לפרטים ואישור") whose URL ends in {{1}}, but "Button 1 URL (לפרטים ואי…)" is empty',
		);
	});

	it('refuses PAUSED and REJECTED templates', async () => {
		const paused = await runExpectingError(sandbox, {
			parameters: sendTemplate(
				'',
				{ 'body.1': '30%' },
				{ template: templateLocator('spring_sale|en', 'name') },
			),
		});
		expect(paused.message).toBe(
			'Template "spring_sale" (en) is PAUSED; WhatsApp only sends APPROVED templates',
		);
		expect(paused.description).toBe(
			'Nothing was sent. Only APPROVED templates are sent: pick another template, or wait until WhatsApp approves (or unpauses) this one.',
		);
		const rejected = await runExpectingError(sandbox, {
			parameters: sendTemplate('', {}, { template: templateLocator('bad_promo|en', 'name') }),
		});
		expect(rejected.message).toBe(
			'2 problems: Template "bad_promo" (en) is REJECTED; WhatsApp only sends APPROVED templates; Template "bad_promo" (en) expects 1 body variable ({{1}}) but 1 is empty: {{1}}',
		);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('names the languages a template exists in when the chosen one does not exist', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate('', {}, { template: templateLocator('delivery_update|fr', 'name') }),
		});
		expect(error.message).toBe(
			`Template "delivery_update" (fr) was not found on WhatsApp channel ${sandbox.credentials.channelId}; that name exists in en, es`,
		);
		const unknown = await runExpectingError(sandbox, {
			parameters: sendTemplate('', {}, { template: templateLocator('no_such|en', 'name') }),
		});
		expect(unknown.message).toBe(
			`Template "no_such" (en) was not found on WhatsApp channel ${sandbox.credentials.channelId}; no template of that name exists in any language`,
		);
		const malformed = await runExpectingError(sandbox, {
			parameters: sendTemplate('', {}, { template: templateLocator('order_update', 'name') }),
		});
		expect(malformed.message).toBe('Template "order_update" is not a template name and language');
	});

	it('rejects what is not a phone number, with the reason', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: sendTemplate(
				'order_update|en',
				{ 'body.1': 'a', 'body.2': 'b' },
				{ to: 'call me' },
			),
		});
		expect(error.message).toMatch(
			/^"call me" is not a phone number or WhatsApp user ID WhatsApp can reach: .*contains letters/,
		);
		expect(error.description).toBe(
			'Nothing was sent. Put the recipient in "To": a phone number in international format (+ and country code, e.g. +6591234567; set Options > Default Country for national numbers), or the user\'s WhatsApp user ID (BSUID, e.g. US.13491208655302741918). After the 8x8 WhatsApp Trigger, {{ $json.replyTo }} is the right value either way.',
		);
		expect(sandbox.messages()).toHaveLength(0);
	});
});

describe('Send Template: Continue On Fail', () => {
	it('turns a failed item into an error item at its own position and sends the others', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			items: [{}, {}, {}],
			parameters: sendTemplate('order_update|en', {}),
			itemParameters: [
				{ templateVariables: variables({ 'body.1': 'A', 'body.2': '1' }) },
				{ templateVariables: variables({ 'body.1': 'B' }), to: '+65 9123 4568' },
				{ templateVariables: variables({ 'body.1': 'C', 'body.2': '3' }) },
			],
		});
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.output[0].json.status).toBe('queued');
		expect(result.output[2].json.status).toBe('queued');
		const failed = result.output[1].json;
		expect(failed).toEqual({
			error: {
				code: 'VALIDATION_FAILED',
				httpStatus: null,
				message:
					'Template "order_update" (en) expects 2 body variables ({{1}}, {{2}}) but 1 is empty: {{2}}',
				meaning: 'The node checked the item before sending it; nothing was sent to 8x8.',
				fix: 'Fill the fields named above under Template Variables (type a value or map an input field). They are generated from the template in 8x8: after the template changes, open Template Variables and refresh the fields.',
				errorId: null,
				retryable: false,
			},
			to: '+6591234568',
			clientMessageId: null,
		});
		expect(sandbox.messages().map((message) => message.clientMessageId)).toEqual([
			result.output[0].json.clientMessageId,
			result.output[2].json.clientMessageId,
		]);
	});

	it('keeps the recipient and a Client Message ID of your own on the error item', async () => {
		const result = await run(sandbox, {
			continueOnFail: true,
			parameters: sendTemplate('order_update|en', {}, { options: { clientMessageId: 'crm-77' } }),
		});
		expect(result.output).toEqual([
			{
				json: expect.objectContaining({ to: TO, clientMessageId: 'crm-77' }),
				pairedItem: { item: 0 },
			},
		]);
		expect((result.output[0].json.error as IDataObject).code).toBe('VALIDATION_FAILED');
	});
});
