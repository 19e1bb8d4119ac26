/**
 * Template > Create: the limits 8x8's OpenAPI and template docs give, checked before sending, and
 * the documented AUTHENTICATION shape.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import {
	buildTemplateCreateBody,
	type TemplateCreateInput,
} from '../../../nodes/EightByEightWhatsApp/helpers/templateCreate';
import { openSandbox, run, runExpectingError } from './setup';

const BASE: TemplateCreateInput = {
	name: 'order_update_v2',
	language: 'en',
	category: 'UTILITY',
	allowCategoryChange: true,
	headerType: 'none',
	bodyText: 'Hi {{1}}, your order {{2}} is on its way.',
	bodyExamples: ['Dana', 'A-1042'],
	footerText: '',
	buttons: [],
};

const build = (overrides: Partial<TemplateCreateInput>) => buildTemplateCreateBody({ ...BASE, ...overrides });

describe('AUTHENTICATION: the documented shape (template-message-api-library.mdx)', () => {
	it('BODY with add_security_recommendation, FOOTER with code_expiration_minutes, an OTP copy-code button', () => {
		expect(
			build({
				category: 'AUTHENTICATION',
				authentication: { addSecurityRecommendation: true, codeExpirationMinutes: 5, otpButtonText: 'Copy Code' },
			}),
		).toEqual({
			problems: [],
			body: {
				name: 'order_update_v2',
				language: 'en',
				category: 'AUTHENTICATION',
				allow_category_change: true,
				components: [
					{ type: 'BODY', add_security_recommendation: true },
					{ type: 'FOOTER', code_expiration_minutes: 5 },
					{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy Code', otp_type: 'COPY_CODE' }] },
				],
			},
		});
	});

	it('no body text, header or other buttons are sent, whatever the other fields hold', () => {
		const { body } = build({
			category: 'authentication',
			headerType: 'text',
			headerText: 'Hello',
			footerText: 'ignored',
			buttons: [{ type: 'quickReply', text: 'x' }],
			authentication: { addSecurityRecommendation: false },
		});
		expect(body?.components).toEqual([
			{ type: 'BODY', add_security_recommendation: false },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code', otp_type: 'COPY_CODE' }] },
		]);
	});

	it.each([0, 91, 2.5])('code expiration %j minutes is refused (1-90)', (minutes) => {
		expect(
			build({ category: 'AUTHENTICATION', authentication: { addSecurityRecommendation: true, codeExpirationMinutes: minutes } })
				.problems,
		).toEqual([`Code Expiration must be a whole number of minutes from 1 to 90, got ${minutes}`]);
	});
});

describe('limits from the OpenAPI', () => {
	it('button text: 1-20 characters', () => {
		expect(build({ buttons: [{ type: 'quickReply', text: 'x'.repeat(20) }] }).problems).toEqual([]);
		expect(build({ buttons: [{ type: 'quickReply', text: 'Talk to our sales team' }] }).problems).toEqual([
			'Button 1 text is 22 characters long; WhatsApp allows at most 20',
		]);
	});

	it.each([
		['AUTHENTICATION', 30, true],
		['AUTHENTICATION', 900, true],
		['AUTHENTICATION', 901, false],
		['AUTHENTICATION', -1, true],
		['UTILITY', 29, false],
		['UTILITY', 43200, true],
		['UTILITY', 43201, false],
		['UTILITY', -1, true],
		['MARKETING', 600, false],
		['MARKETING', 43200, true],
		['MARKETING', 2592000, true],
		['MARKETING', -1, false],
		['UTILITY', 60.5, false],
	])('%s with message_send_ttl_seconds %j: %s', (category, ttl, ok) => {
		const { problems } = build({ category, messageSendTtlSeconds: ttl });
		if (ok) expect(problems).toEqual([]);
		else expect(problems).toEqual([expect.stringMatching(new RegExp(`^Message Send TTL for a ${category} template must be`))]);
	});

	it('a marketing TTL out of range names the range and that -1 is not allowed there', () => {
		expect(build({ category: 'MARKETING', messageSendTtlSeconds: 600 }).problems).toEqual([
			'Message Send TTL for a MARKETING template must be 43,200–2,592,000 seconds; got 600',
		]);
		expect(build({ category: 'UTILITY', messageSendTtlSeconds: 10 }).problems).toEqual([
			'Message Send TTL for a UTILITY template must be 30–43,200 seconds, or -1 for 30 days; got 10',
		]);
	});

	it('phone number buttons: a national number needs its country, sent as country', () => {
		const national = { type: 'phoneNumber', text: 'Call us', phoneNumber: '62211521' };
		expect(build({ buttons: [national] }).problems).toEqual([
			'Button 1: "62211521" is a national number; set Country (8x8 requires it for numbers without + and country code) or write it with + and the country code',
		]);
		const { body } = build({ buttons: [{ ...national, country: 'sg' }] });
		expect((body?.components as IDataObject[])[1]).toEqual({
			type: 'BUTTONS',
			buttons: [{ type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '62211521', country: 'SG' }],
		});
		expect(build({ buttons: [{ ...national, country: 'Singapore' }] }).problems).toEqual([
			'Button 1: Country "Singapore" is not a two-letter ISO country code (e.g. SG, US)',
		]);
		expect(build({ buttons: [{ ...national, phoneNumber: '+65 6221 1521' }] }).problems).toEqual([]);
		expect(build({ buttons: [{ ...national, phoneNumber: '123', country: 'SG' }] }).problems).toEqual([
			expect.stringMatching(/^Button 1: "123" is too short/),
		]);
	});

	it('Flow buttons: the Flow ID is required; action and screen as the OpenAPI names them', () => {
		expect(build({ buttons: [{ type: 'flow', text: 'Book' }] }).problems).toEqual([
			'Button 1: a Flow button needs the Flow ID of a published WhatsApp Flow',
		]);
		const { body } = build({
			buttons: [{ type: 'flow', text: 'Book', flowId: '859504979861628', flowAction: 'navigate', navigateScreen: 'RECOMMEND' }],
		});
		expect((body?.components as IDataObject[])[1]).toEqual({
			type: 'BUTTONS',
			buttons: [{ type: 'FLOW', text: 'Book', flowId: '859504979861628', flowAction: 'navigate', navigateScreen: 'RECOMMEND' }],
		});
		expect(build({ buttons: [{ type: 'flow', text: 'Book', flowId: '1', flowAction: 'jump' }] }).problems).toEqual([
			'Button 1: Flow Action "jump" is not one of navigate, data_exchange',
		]);
	});
});

describe('variables and the body limit as 8x8 documents them', () => {
	it('named variables are refused with the reason', () => {
		expect(build({ bodyText: 'Hi {{first_name}}', bodyExamples: ['Dana'] }).problems).toEqual([
			'Body Text has named variables ({{first_name}}): 8x8 documents only numbered variables for new templates ({{1}}, {{2}}, …) and its API has no field to declare named ones; number them instead',
		]);
	});

	it('1,024 characters apply to a body with other components only', () => {
		const long = `Hi {{1}}, ${'x'.repeat(1100)}`;
		expect(build({ bodyText: long, bodyExamples: ['Dana'] }).problems).toEqual([]);
		expect(build({ bodyText: long, bodyExamples: ['Dana'], footerText: 'Acme' }).problems).toEqual([
			`Body Text (in a template with a header, footer or buttons) is ${long.length} characters long; WhatsApp allows at most 1024`,
		]);
	});
});

describe('Template > Create in the node, against the sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await openSandbox();
	});
	afterAll(async () => {
		await sandbox.close();
	});

	const create = (parameters: IDataObject) => ({
		resource: 'template',
		operation: 'create',
		channelId: '',
		templateName: 'login_code_v2',
		language: 'en',
		allowCategoryChange: true,
		headerType: 'none',
		bodyText: '',
		bodyExamples: {},
		footerText: '',
		buttons: {},
		options: {},
		...parameters,
	});

	it('an authentication template: the documented body, accepted as PENDING', async () => {
		const { output, requests } = await run(sandbox, {
			parameters: create({
				category: 'AUTHENTICATION',
				addSecurityRecommendation: true,
				codeExpirationMinutes: 10,
				otpButtonText: 'Copy code',
				options: { messageSendTtlSeconds: 600 },
			}),
		});
		expect(requests[0].body).toEqual({
			name: 'login_code_v2',
			language: 'en',
			category: 'AUTHENTICATION',
			allow_category_change: true,
			components: [
				{ type: 'BODY', add_security_recommendation: true },
				{ type: 'FOOTER', code_expiration_minutes: 10 },
				{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code', otp_type: 'COPY_CODE' }] },
			],
			message_send_ttl_seconds: 600,
		});
		expect(output[0].json).toMatchObject({ templateName: 'login_code_v2', status: 'PENDING' });
	});

	it('Code Expiration 0 leaves the expiry footer out', async () => {
		const { requests } = await run(sandbox, {
			parameters: create({ templateName: 'login_code_v3', category: 'AUTHENTICATION', addSecurityRecommendation: false, codeExpirationMinutes: 0, otpButtonText: '' }),
		});
		expect((requests[0].body as IDataObject).components).toEqual([
			{ type: 'BODY', add_security_recommendation: false },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code', otp_type: 'COPY_CODE' }] },
		]);
	});

	it('a marketing TTL of 600 s is refused before anything is sent', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: create({ category: 'MARKETING', bodyText: 'New spring collection', options: { messageSendTtlSeconds: 600 } }),
		});
		expect(error.message).toBe('Message Send TTL for a MARKETING template must be 43,200–2,592,000 seconds; got 600');
		expect(error.requests).toHaveLength(0);
	});
});
