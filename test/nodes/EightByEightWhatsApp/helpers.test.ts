import { deriveClientMessageId } from '../../../nodes/EightByEightWhatsApp/helpers/clientMessageId';
import {
	buildInteractiveMessage,
	buildLocationMessage,
	buildMediaMessage,
	buildTextMessage,
	groupRowsIntoSections,
	parseSectionsJson,
} from '../../../nodes/EightByEightWhatsApp/helpers/content';
import { toIsoInstant } from '../../../nodes/EightByEightWhatsApp/helpers/dates';
import { buildEnvelope } from '../../../nodes/EightByEightWhatsApp/helpers/envelope';
import { characterCount, lengthProblem } from '../../../nodes/EightByEightWhatsApp/helpers/limits';
import { acceptedJson, errorJson } from '../../../nodes/EightByEightWhatsApp/helpers/output';
import {
	searchApprovedTemplates,
	toTemplateDefinitions,
} from '../../../nodes/EightByEightWhatsApp/helpers/templateLookup';
import {
	buildTemplateComponents,
	decodeTemplateValue,
	describeTemplate,
	encodeTemplateValue,
	parsePlaceholders,
	templateMapperFields,
} from '../../../nodes/EightByEightWhatsApp/helpers/templates';
import type { TemplateDefinition } from '../../../nodes/EightByEightWhatsApp/helpers/types';
import { pairBatchAnswers } from '../../../nodes/EightByEightWhatsApp/actions/message/sendMessages';

describe('template placeholders', () => {
	it('sorts numbered placeholders by number and keeps each once', () => {
		expect(parsePlaceholders('{{2}} and {{1}}, again {{2}} and {{10}}')).toEqual([
			{ key: '1', named: false },
			{ key: '2', named: false },
			{ key: '10', named: false },
		]);
	});

	it('keeps named placeholders in order of first use, tolerating spaces', () => {
		expect(parsePlaceholders('Hi {{ first_name }}, on {{date}} ({{first_name}})')).toEqual([
			{ key: 'first_name', named: true },
			{ key: 'date', named: true },
		]);
	});

	it('finds none in plain text or undefined', () => {
		expect(parsePlaceholders('Welcome!')).toEqual([]);
		expect(parsePlaceholders(undefined)).toEqual([]);
	});

	it('encodes and decodes name|language', () => {
		expect(encodeTemplateValue('order_update', 'en')).toBe('order_update|en');
		expect(decodeTemplateValue('order_update|en_US')).toEqual({
			name: 'order_update',
			language: 'en_US',
		});
		expect(decodeTemplateValue('order_update')).toBeUndefined();
		expect(decodeTemplateValue('|en')).toBeUndefined();
		expect(decodeTemplateValue('order_update|')).toBeUndefined();
		expect(decodeTemplateValue(42)).toBeUndefined();
	});
});

const everything: TemplateDefinition = {
	templateName: 'everything',
	language: 'en_US',
	status: 'APPROVED',
	category: 'MARKETING',
	components: [
		{ type: 'HEADER', format: 'Text', text: 'Order {{1}}' },
		{ type: 'BODY', text: 'Hi {{1}}, {{2}}' },
		{ type: 'FOOTER', text: 'Bye' },
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'COPY_CODE', text: 'Copy' },
				{ type: 'URL', text: 'Track', url: 'https://x.example/{{1}}' },
				{ type: 'URL', text: 'Home', url: 'https://x.example/' },
				{ type: 'PHONE_NUMBER', text: 'Call' },
				{ type: 'FLOW', text: 'Book' },
				{ type: 'quick_reply', text: 'Stop' },
			],
		},
	],
};

describe('describeTemplate and the mapper fields', () => {
	it('derives one field per value, with stable ids and button indexes', () => {
		const fields = templateMapperFields(describeTemplate(everything));
		expect(
			fields.map((field) => [field.id, field.displayName, field.required, field.type]),
		).toEqual([
			['header.text', 'Header {{1}}', true, 'string'],
			['body.1', 'Body {{1}}', true, 'string'],
			['body.2', 'Body {{2}}', true, 'string'],
			['button.0.couponCode', 'Button 1 Code (Copy)', true, 'string'],
			['button.1.url', 'Button 2 URL (Track)', true, 'string'],
			['button.5.payload', 'Button 6 Payload (Stop)', false, 'string'],
		]);
		expect(
			fields.every(
				(field) => field.display && !field.defaultMatch && field.canBeUsedToMatch === false,
			),
		).toBe(true);
	});

	it('reports carousel templates as unsupported', () => {
		const spec = describeTemplate({
			templateName: 'c',
			language: 'en',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'x' }, { type: 'CAROUSEL' }],
		});
		expect(spec.unsupported).toEqual(['carousel cards']);
		expect(buildTemplateComponents(spec, {}).problems).toEqual([
			'Template "c" (en) uses carousel cards, which this node cannot fill yet',
		]);
	});
});

describe('buildTemplateComponents', () => {
	it('builds header, body and every button that takes a parameter, in OAS shape', () => {
		const spec = describeTemplate(everything);
		const { components, problems } = buildTemplateComponents(spec, {
			'header.text': 'A-1',
			'body.1': 'Dana',
			'body.2': 42,
			'button.0.couponCode': '25OFF',
			'button.1.url': 'track/A-1',
			'button.5.payload': 'stop-123',
		});
		expect(problems).toEqual([]);
		expect(components).toEqual([
			{ type: 'header', parameters: [{ type: 'text', text: 'A-1' }] },
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Dana' },
					{ type: 'text', text: '42' },
				],
			},
			{
				type: 'button',
				index: 0,
				subType: 'CopyCode',
				parameters: [{ type: 'couponCode', couponCode: '25OFF' }],
			},
			{
				type: 'button',
				index: 1,
				subType: 'Url',
				parameters: [{ type: 'text', text: 'track/A-1' }],
			},
			{ type: 'button', index: 4, subType: 'Flow', parameters: [{ type: 'action' }] },
			{
				type: 'button',
				index: 5,
				subType: 'QuickReply',
				parameters: [{ type: 'payload', payload: 'stop-123' }],
			},
		]);
	});

	it('leaves out an optional quick-reply payload that is empty', () => {
		const { components } = buildTemplateComponents(describeTemplate(everything), {
			'header.text': 'A-1',
			'body.1': 'Dana',
			'body.2': 'x',
			'button.0.couponCode': '25OFF',
			'button.1.url': 'a',
			'button.5.payload': '',
		});
		expect(components.filter((component) => component.subType === 'QuickReply')).toEqual([]);
	});

	it('names every missing value and how many body variables were expected', () => {
		const { problems } = buildTemplateComponents(describeTemplate(everything), {
			'body.1': 'Dana',
			'body.2': '  ',
		});
		expect(problems).toEqual([
			'Template "everything" (en_US) has a text header with the variable {{1}}, but "Header {{1}}" is empty',
			'Template "everything" (en_US) expects 2 body variables ({{1}}, {{2}}) but 1 is empty: {{2}}',
			'Template "everything" (en_US) has a copy-code button (button 1), but "Button 1 Code (Copy)" is empty',
			'Template "everything" (en_US) has a dynamic URL button (button 2, "Track") whose URL ends in {{1}}, but "Button 2 URL (Track)" is empty',
		]);
	});

	it('checks the header and body with their variables filled in against 60 and 1,024 characters', () => {
		const spec = describeTemplate(everything);
		const { problems } = buildTemplateComponents(spec, {
			'header.text': 'x'.repeat(55),
			'body.1': 'y'.repeat(1000),
			'body.2': 'z'.repeat(30),
			'button.0.couponCode': 'THIS-CODE-IS-TOO-LONG',
			'button.1.url': 'a',
		});
		expect(problems).toEqual([
			'The header with its variable filled in is 61 characters long; WhatsApp allows at most 60',
			'The body with its variables filled in is 1,035 characters long; WhatsApp allows at most 1,024',
			'Button 1 Code (Copy) is 21 characters long; WhatsApp allows at most 15',
		]);
	});

	it('sends named variables with their name', () => {
		const spec = describeTemplate({
			templateName: 'appointment_reminder',
			language: 'en',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hello {{first_name}}, on {{date}}' }],
		});
		expect(
			buildTemplateComponents(spec, { 'body.first_name': 'Dana', 'body.date': 'June 3' }),
		).toEqual({
			problems: [],
			unevaluated: [],
			components: [
				{
					type: 'body',
					parameters: [
						{ type: 'text', parameter_name: 'first_name', text: 'Dana' },
						{ type: 'text', parameter_name: 'date', text: 'June 3' },
					],
				},
			],
		});
	});

	it('refuses a template that is not APPROVED', () => {
		const spec = describeTemplate({
			templateName: 'spring_sale',
			language: 'en',
			status: 'PAUSED',
			components: [],
		});
		expect(buildTemplateComponents(spec, {}).problems).toEqual([
			'Template "spring_sale" (en) is PAUSED; WhatsApp only sends APPROVED templates',
		]);
	});

	it('builds media and location headers and validates them', () => {
		const image = describeTemplate({
			templateName: 'i',
			language: 'en',
			status: 'APPROVED',
			components: [{ type: 'HEADER', format: 'Image' }],
		});
		expect(
			buildTemplateComponents(image, { 'header.mediaUrl': ' https://a.example/p.jpg ' }).components,
		).toEqual([
			{ type: 'header', parameters: [{ type: 'image', url: 'https://a.example/p.jpg' }] },
		]);
		expect(
			buildTemplateComponents(image, { 'header.mediaUrl': 'ftp://a.example/p.jpg' }).problems,
		).toEqual(['"Header Image URL" must be a public http(s) URL, got "ftp://a.example/p.jpg"']);
		const location = describeTemplate({
			templateName: 'l',
			language: 'en',
			status: 'APPROVED',
			components: [{ type: 'HEADER', format: 'Location' }],
		});
		expect(
			buildTemplateComponents(location, {
				'header.latitude': '1.2857',
				'header.longitude': 103.8479,
				'header.name': 'Office',
			}).components,
		).toEqual([
			{
				type: 'header',
				parameters: [
					{ type: 'location', location: { latitude: 1.2857, longitude: 103.8479, name: 'Office' } },
				],
			},
		]);
		expect(
			buildTemplateComponents(location, { 'header.latitude': '91', 'header.longitude': 'east' })
				.problems,
		).toEqual([
			'Header location latitude "91" is not a number between -90 and 90',
			'Header location longitude "east" is not a number between -180 and 180',
		]);
	});

	it('fills the OTP button of an authentication template with the body code', () => {
		const spec = describeTemplate({
			templateName: 'login_code',
			language: 'en',
			status: 'APPROVED',
			category: 'AUTHENTICATION',
			components: [
				{ type: 'BODY' },
				{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
			],
		});
		expect(templateMapperFields(spec).map((field) => field.id)).toEqual(['body.1']);
		expect(buildTemplateComponents(spec, { 'body.1': '123456' }).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '123456' }] },
			{ type: 'button', index: 0, subType: 'Url', parameters: [{ type: 'text', text: '123456' }] },
		]);
	});
});

describe('limits', () => {
	it('counts emoji as one character and names field, limit and length', () => {
		expect(characterCount('👍👍')).toBe(2);
		expect(lengthProblem('Text', 'a'.repeat(4096), 4096)).toBeUndefined();
		expect(lengthProblem('Text', 'a'.repeat(4097), 4096)).toBe(
			'Text is 4,097 characters long; WhatsApp allows at most 4,096',
		);
	});
});

describe('session message builders', () => {
	it('text', () => {
		expect(buildTextMessage('Hello')).toEqual({
			problems: [],
			payload: { type: 'text', content: { text: 'Hello' } },
		});
		expect(buildTextMessage('').problems).toEqual(['Text is empty']);
		expect(buildTextMessage('x'.repeat(5000)).problems).toEqual([
			'Text is 5,000 characters long; WhatsApp allows at most 4,096',
		]);
	});

	it('media: document becomes type "file", audio takes no caption', () => {
		expect(buildMediaMessage('document', 'https://a.example/a.pdf', 'Invoice').payload).toEqual({
			type: 'file',
			content: { url: 'https://a.example/a.pdf', text: 'Invoice' },
		});
		expect(buildMediaMessage('image', 'https://a.example/a.png', '').payload).toEqual({
			type: 'image',
			content: { url: 'https://a.example/a.png' },
		});
		expect(buildMediaMessage('audio', 'https://a.example/a.mp3', 'hi').problems).toEqual([
			'WhatsApp audio messages cannot have a caption',
		]);
		expect(buildMediaMessage('video', 'not a url', 'c'.repeat(1025)).problems).toEqual([
			'Media URL must be a public http(s) URL, got "not a url"',
			'Caption is 1,025 characters long; WhatsApp allows at most 1,024',
		]);
	});

	it('location', () => {
		expect(buildLocationMessage(1.2857, '103.8479', 'Office', '').payload).toEqual({
			type: 'location',
			content: { location: { latitude: 1.2857, longitude: 103.8479, name: 'Office' } },
		});
		expect(buildLocationMessage('', 200, '', '').problems).toEqual([
			'Latitude "" is not a number between -90 and 90',
			'Longitude "200" is not a number between -180 and 180',
		]);
	});

	it('interactive reply buttons: at most 3, titles at most 20, unique', () => {
		const base = {
			interactiveType: 'button' as const,
			header: { type: 'none' as const },
			body: 'Pick one',
		};
		const { problems } = buildInteractiveMessage({
			...base,
			buttons: [
				{ id: 'a', title: 'Yes' },
				{ id: 'a', title: 'Yes' },
				{ id: 'c', title: 'A title that is far too long' },
				{ id: 'd', title: 'Four' },
			],
		});
		expect(problems).toEqual([
			'4 reply buttons given; WhatsApp allows at most 3',
			'Reply button 3 title "A title that is far too long" is 28 characters long; WhatsApp allows at most 20',
			'Reply button title "Yes" is used twice; titles must be unique',
			'Reply button ID "a" is used twice; IDs must be unique',
		]);
	});

	it('interactive list: sections from consecutive section titles, limits per field', () => {
		const sections = groupRowsIntoSections([
			{ section: 'Mon', id: '1', title: 'Nine' },
			{ section: 'Mon', id: '2', title: 'Ten', description: 'd' },
			{ section: 'Tue', id: '3', title: 'Nine' },
		]);
		expect(sections).toEqual([
			{
				title: 'Mon',
				rows: [
					{ id: '1', title: 'Nine' },
					{ id: '2', title: 'Ten', description: 'd' },
				],
			},
			{ title: 'Tue', rows: [{ id: '3', title: 'Nine' }] },
		]);
		const tooMany = buildInteractiveMessage({
			interactiveType: 'list',
			header: { type: 'image', url: 'https://a.example/a.png' },
			body: 'b',
			listButton: 'A list button label too long',
			sections: [
				{
					title: 'A section title that is too long',
					rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: 'x' })),
				},
				{ rows: [{ id: 'r0', title: 'y'.repeat(25), description: 'z'.repeat(73) }] },
			],
		});
		expect(tooMany.problems).toEqual([
			'A list message can only have a text header, not image',
			'List button text is 28 characters long; WhatsApp allows at most 20',
			'12 list rows given; WhatsApp allows at most 10 rows across all sections',
			'Section title "A section title that is too long" is 32 characters long; WhatsApp allows at most 24',
			'List section 2 has no title; a list with several sections needs one per section',
			`Row 1 title "${'y'.repeat(25)}" is 25 characters long; WhatsApp allows at most 24`,
			'Row 1 description is 73 characters long; WhatsApp allows at most 72',
			'List row ID "r0" is used twice; row IDs must be unique',
		]);
	});

	it('parses sections JSON and reports what is wrong with it', () => {
		expect(parseSectionsJson('[{"title":"A","rows":[{"id":1,"title":"One"}]}]')).toEqual({
			sections: [{ title: 'A', rows: [{ id: '1', title: 'One' }] }],
		});
		expect(parseSectionsJson('{').problem).toMatch(/^Sections \(JSON\) is not valid JSON: /);
		expect(parseSectionsJson('{}').problem).toBe('Sections (JSON) must be an array of sections');
		expect(parseSectionsJson([{ title: 'A' }]).problem).toBe(
			'Section 1 of Sections (JSON) needs a "rows" array',
		);
	});

	it('interactive CTA URL', () => {
		expect(
			buildInteractiveMessage({
				interactiveType: 'cta_url',
				header: { type: 'document', url: 'https://a.example/a.pdf', filename: 'a.pdf' },
				body: 'Track it',
				footer: 'f'.repeat(61),
				ctaDisplayText: 'Track',
				ctaUrl: 'https://a.example/t',
			}).problems,
		).toEqual(['Footer text is 61 characters long; WhatsApp allows at most 60']);
	});
});

describe('envelope', () => {
	const payload = { type: 'text', content: { text: 'Hi' } };

	it('adds every option in the OAS shape', () => {
		const { body, problems } = buildEnvelope({
			user: { msisdn: '+6591234567' },
			payload,
			clientMessageId: 'ref-1',
			timeZone: 'Asia/Singapore',
			options: {
				scheduled: '2030-01-31T09:00:00',
				expiry: '2030-01-31T10:00:00Z',
				dlrCallbackUrl: 'https://hooks.example/dr',
				smsFallbackText: 'Hi by SMS',
				smsFallbackAfter: 120,
				smsSenderId: 'ACME',
				replyToUmid: 'aa7c29ad-4433-2211-9c8b-00004e2b9ecc',
			},
		});
		expect(problems).toEqual([]);
		expect(body).toEqual({
			user: { msisdn: '+6591234567' },
			type: 'text',
			content: { text: 'Hi', fallbackText: 'Hi by SMS', sms: { source: 'ACME' } },
			clientMessageId: 'ref-1',
			scheduled: '2030-01-31T01:00:00.000Z',
			expiry: '2030-01-31T10:00:00.000Z',
			dlrCallbackUrl: 'https://hooks.example/dr',
			channels: [
				{ channel: 'WhatsApp', fallbackAfter: 120, successStatus: 'Delivered' },
				{ channel: 'SMS' },
			],
			context: { umid: 'aa7c29ad-4433-2211-9c8b-00004e2b9ecc' },
		});
	});

	it('reports bad options', () => {
		const { problems } = buildEnvelope({
			user: { msisdn: '+6591234567' },
			payload,
			clientMessageId: 'x'.repeat(51),
			timeZone: 'UTC',
			options: {
				scheduled: 'tomorrow',
				expiry: '2020-01-01T00:00:00Z',
				dlrCallbackUrl: 'example.com',
				smsFallbackText: 'x',
				smsFallbackAfter: 5,
				smsSenderId: 'A-sender-id-that-is-long',
			},
		});
		expect(problems).toEqual([
			'Client Message ID is 51 characters long; 8x8 allows at most 50',
			'Scheduled Time "tomorrow" is not a date-time',
			'Delivery Receipt URL must be an http(s) URL, got "example.com"',
			'SMS Sender ID is 24 characters long; WhatsApp allows at most 16',
			'SMS Fallback After must be a whole number of seconds from 10 to 86400, got 5',
		]);
	});
});

describe('dates', () => {
	it('reads wall-clock time in the workflow time zone, across DST', () => {
		expect(toIsoInstant('2030-07-01T09:00:00', 'Europe/Berlin')).toBe('2030-07-01T07:00:00.000Z');
		expect(toIsoInstant('2030-01-01T09:00:00', 'Europe/Berlin')).toBe('2030-01-01T08:00:00.000Z');
		expect(toIsoInstant('2030-01-01T09:00:00+02:00', 'Europe/Berlin')).toBe(
			'2030-01-01T07:00:00.000Z',
		);
		expect(toIsoInstant('2030-01-01', 'UTC')).toBe('2030-01-01T00:00:00.000Z');
		expect(toIsoInstant('next week', 'UTC')).toBeUndefined();
	});
});

describe('clientMessageId', () => {
	const source = { executionId: '4711', itemIndex: 3, nodeId: 'node-a', fingerprint: '["+65",{}]' };

	it('is readable, deterministic and at most 50 characters', () => {
		const id = deriveClientMessageId(source);
		expect(id).toMatch(/^n8n-4711-3-[0-9a-f]{8}$/);
		expect(deriveClientMessageId(source)).toBe(id);
		expect(deriveClientMessageId({ ...source, nodeId: 'node-b' })).not.toBe(id);
		expect(deriveClientMessageId({ ...source, fingerprint: 'other' })).not.toBe(id);
	});

	it('falls back to a hash when the execution id is long', () => {
		const id = deriveClientMessageId({ ...source, executionId: 'e'.repeat(60) });
		expect(id).toMatch(/^n8n-[0-9a-f]{46}$/);
		expect(id).toHaveLength(50);
	});
});

describe('output shaping', () => {
	it('shapes an accepted message and an error item', () => {
		expect(
			acceptedJson(
				{
					to: '+6591234567',
					clientMessageId: 'c-1',
					summary: { template: 'order_update', language: 'en' },
				},
				{ umid: 'u-1', status: { state: 'queued', timestamp: '2030-01-01T00:00:00.00Z' } },
			),
		).toEqual({
			umid: 'u-1',
			clientMessageId: 'c-1',
			to: '+6591234567',
			status: 'queued',
			template: 'order_update',
			language: 'en',
			acceptedAt: '2030-01-01T00:00:00.00Z',
		});
		expect(
			errorJson(
				{ code: 3038, httpStatus: 400, message: 'm', meaning: 'x', fix: 'y', retryable: false },
				'+65',
				'c-1',
			),
		).toEqual({
			error: {
				code: 3038,
				httpStatus: 400,
				message: 'm',
				meaning: 'x',
				fix: 'y',
				errorId: null,
				retryable: false,
			},
			to: '+65',
			clientMessageId: 'c-1',
		});
	});
});

describe('template list helpers', () => {
	it('keeps APPROVED templates matching the filter, sorted by name and language', () => {
		const templates = toTemplateDefinitions([
			{ templateName: 'b', language: 'es', status: 'APPROVED' },
			{ templateName: 'b', language: 'en', status: 'approved' },
			{ templateName: 'a_order', language: 'en', status: 'PAUSED' },
			{ name: 'c_order', language: 'en', status: 'APPROVED' },
			{ language: 'en', status: 'APPROVED' },
			'junk',
		]);
		expect(
			searchApprovedTemplates(templates).map((t) => `${t.templateName}|${t.language}`),
		).toEqual(['b|en', 'b|es', 'c_order|en']);
		expect(searchApprovedTemplates(templates, 'ORDER').map((t) => t.templateName)).toEqual([
			'c_order',
		]);
	});
});

describe('batch answer pairing', () => {
	it('pairs by position when the answer is in request order', () => {
		const answers = [{ clientMessageId: 'a' }, { clientMessageId: 'b' }];
		expect(pairBatchAnswers(['a', 'b'], answers)).toEqual(answers);
	});

	it('pairs by clientMessageId when the order differs, and leaves unknown ones unpaired', () => {
		expect(
			pairBatchAnswers(['a', 'b', 'c'], [{ clientMessageId: 'b' }, { clientMessageId: 'a' }]),
		).toEqual([{ clientMessageId: 'a' }, { clientMessageId: 'b' }, undefined]);
	});

	it('does not guess when ids repeat and the answer is not in order', () => {
		expect(pairBatchAnswers(['a', 'a'], [{ clientMessageId: 'a' }])).toEqual([
			undefined,
			undefined,
		]);
	});
});
