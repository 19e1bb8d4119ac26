import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { oasExample, shape } from './oas';
import { openSandbox, run, runExpectingError, TO } from './setup';

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

async function sendOne(parameters: IDataObject) {
	const result = await run(sandbox, { parameters: { options: {}, to: TO, ...parameters } });
	expect(result.sends).toHaveLength(1);
	const body = result.sends[0].body as IDataObject;
	const stored = sandbox.messages();
	expect(stored).toHaveLength(1);
	expect(stored[0].body).toEqual(body);
	expect(result.output).toEqual([
		{
			json: expect.objectContaining({
				umid: stored[0].umid,
				status: 'queued',
				to: TO,
			}),
			pairedItem: { item: 0 },
		},
	]);
	return { body, result };
}

function omit(value: IDataObject, keys: string[]): IDataObject {
	return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** The OAS example without its recipient (our requests carry msisdn only, and a clientMessageId). */
function oasWithoutUser(name: string) {
	return omit(oasExample(name) as IDataObject, ['user']);
}

function withoutEnvelope(body: IDataObject) {
	return omit(body, ['user', 'clientMessageId']);
}

describe('Send Text', () => {
	it('sends the OAS text shape', async () => {
		const { body, result } = await sendOne({ operation: 'sendText', text: 'Hello\nworld' });
		expect(body).toEqual({
			user: { msisdn: TO },
			type: 'text',
			content: { text: 'Hello\nworld' },
			clientMessageId: result.output[0].json.clientMessageId,
		});
		expect(shape(withoutEnvelope(body))).toEqual(shape(oasWithoutUser('whatsAppText')));
		expect(result.output[0].json.type).toBe('text');
	});

	it('sends every option: schedule, expiry, receipt URL, SMS fallback and a contextual reply', async () => {
		const { body } = await sendOne({
			operation: 'sendText',
			text: 'Yes, we see it.',
			options: {
				clientMessageId: 'crm-1',
				scheduled: '2030-01-31T09:00:00',
				expiry: '2030-02-01T09:00:00',
				dlrCallbackUrl: 'https://hooks.example/dr',
				smsFallbackText: 'Yes, we see it (SMS).',
				smsFallbackAfter: 300,
				smsSenderId: 'ACME',
				replyToUmid: 'aa7c29ad-4433-2211-9c8b-00004e2b9ecc',
			},
		});
		expect(body).toEqual({
			user: { msisdn: TO },
			type: 'text',
			content: {
				text: 'Yes, we see it.',
				fallbackText: 'Yes, we see it (SMS).',
				sms: { source: 'ACME' },
			},
			clientMessageId: 'crm-1',
			scheduled: '2030-01-31T09:00:00.000Z',
			expiry: '2030-02-01T09:00:00.000Z',
			dlrCallbackUrl: 'https://hooks.example/dr',
			channels: [
				{ channel: 'WhatsApp', fallbackAfter: 300, successStatus: 'Delivered' },
				{ channel: 'SMS' },
			],
			context: { umid: 'aa7c29ad-4433-2211-9c8b-00004e2b9ecc' },
		});
		expect(shape(body.context)).toEqual(shape(oasExample('whatsAppTextContextualReply').context));
	});

	it('refuses text over 4,096 characters, naming the limit and the length', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: { operation: 'sendText', to: TO, text: 'x'.repeat(4100), options: {} },
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Text is 4,100 characters long; WhatsApp allows at most 4,096');
		expect(error.description).toBe('Nothing was sent. Shorten or fill the Text field.');
		expect(sandbox.messages()).toHaveLength(0);
	});
});

describe('Send Media', () => {
	it.each([
		['image', 'image', 'https://www.example.com/image.jpg', 'A caption'],
		[
			'video',
			'video',
			'https://samplelib.com/lib/preview/mp4/sample-5s.mp4',
			'This is the video file',
		],
		['document', 'file', 'https://pdfobject.com/pdf/sample.pdf', 'Your invoice'],
		['audio', 'audio', 'https://samplelib.com/mp3/sample.mp3', ''],
	])('%s is sent as type "%s" with url and caption', async (mediaType, type, url, caption) => {
		const { body, result } = await sendOne({
			operation: 'sendMedia',
			mediaType,
			mediaUrl: url,
			caption,
		});
		const content: IDataObject = { url };
		if (caption) content.text = caption;
		expect(withoutEnvelope(body)).toEqual({ type, content });
		expect(result.output[0].json.type).toBe(type);
	});

	it('matches the OAS image-with-text example structurally', async () => {
		const { body } = await sendOne({
			operation: 'sendMedia',
			mediaType: 'image',
			mediaUrl: 'https://www.example.com/image.jpg',
			caption: 'Hi',
		});
		expect(shape(withoutEnvelope(body))).toEqual(shape(oasWithoutUser('whatsAppImageWithText')));
	});

	it('refuses a caption over 1,024 characters and a URL that is not http(s)', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				operation: 'sendMedia',
				to: TO,
				mediaType: 'image',
				mediaUrl: 'file:///etc/passwd',
				caption: 'c'.repeat(1030),
				options: {},
			},
		});
		expect(error.message).toBe(
			'2 problems: Media URL must be a public http(s) URL, got "file:///etc/passwd"; Caption is 1,030 characters long; WhatsApp allows at most 1,024',
		);
	});
});

describe('Send Location', () => {
	it('sends the location object', async () => {
		const { body } = await sendOne({
			operation: 'sendLocation',
			latitude: 1.2857,
			longitude: 103.8479,
			locationName: '8x8 Singapore Office',
			address: '1 George St',
		});
		expect(withoutEnvelope(body)).toEqual({
			type: 'location',
			content: {
				location: {
					latitude: 1.2857,
					longitude: 103.8479,
					name: '8x8 Singapore Office',
					address: '1 George St',
				},
			},
		});
	});

	it('refuses coordinates out of range', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				operation: 'sendLocation',
				to: TO,
				latitude: 100,
				longitude: 0,
				locationName: '',
				address: '',
				options: {},
			},
		});
		expect(error.message).toBe('Latitude "100" is not a number between -90 and 90');
	});
});

const interactiveBase = {
	operation: 'sendInteractive',
	headerType: 'text',
	headerText: '8x8 Inc.',
	bodyText: 'Welcome to 8x8 Inc. How may we help?',
	footerText: 'This is an official message from 8x8.',
};

describe('Send Interactive', () => {
	it('reply buttons, like the OAS reply-buttons example', async () => {
		const { body } = await sendOne({
			...interactiveBase,
			interactiveType: 'button',
			replyButtons: {
				button: [
					{ title: 'contact-us', id: 'option-1' },
					{ title: 'faq', id: 'option-2' },
					{ title: 'office', id: 'option-3' },
				],
			},
		});
		const oas = oasWithoutUser('whatsAppInteractiveMessageReplyButtons');
		expect(withoutEnvelope(body)).toEqual(oas);
	});

	it('a list from rows, grouped into sections like the OAS menu example', async () => {
		const { body } = await sendOne({
			operation: 'sendInteractive',
			interactiveType: 'list',
			headerType: 'text',
			headerText: 'Customer Success personalized sessions',
			bodyText:
				'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.',
			footerText: 'For urgent inquiries, email cpaas-support@8x8.com',
			listButtonText: 'Book Slot',
			listSource: 'rows',
			listRows: {
				row: [
					{
						section: 'Oct 9, 2024',
						id: 'slot-1',
						title: 'Monday, Oct 9',
						description: '9:00 AM - 10:00 AM',
					},
					{
						section: 'Oct 9, 2024',
						id: 'slot-2',
						title: 'Monday, Oct 9',
						description: '11:00 AM - 12:00 PM',
					},
					{
						section: 'Oct 10, 2024',
						id: 'slot-3',
						title: 'Tuesday, Oct 10',
						description: '2:00 PM - 3:00 PM',
					},
					{
						section: 'Oct 10, 2024',
						id: 'slot-4',
						title: 'Tuesday, Oct 10',
						description: '4:00 PM - 5:00 PM',
					},
				],
			},
		});
		expect(withoutEnvelope(body)).toEqual(oasWithoutUser('whatsAppInteractiveMessageMenuOptions'));
	});

	it('a list from sections JSON', async () => {
		const { body } = await sendOne({
			...interactiveBase,
			headerType: 'none',
			footerText: '',
			interactiveType: 'list',
			listButtonText: 'Choose',
			listSource: 'json',
			sectionsJson:
				'[{"rows":[{"id":"a","title":"A"},{"id":"b","title":"B","description":"bee"}]}]',
		});
		expect(withoutEnvelope(body)).toEqual({
			type: 'interactive',
			content: {
				interactive: {
					type: 'list',
					body: { text: 'Welcome to 8x8 Inc. How may we help?' },
					action: {
						button: 'Choose',
						sections: [
							{
								rows: [
									{ id: 'a', title: 'A' },
									{ id: 'b', title: 'B', description: 'bee' },
								],
							},
						],
					},
				},
			},
		});
	});

	it('a call-to-action URL button, like the OAS CTA example', async () => {
		const { body } = await sendOne({
			...interactiveBase,
			interactiveType: 'cta_url',
			ctaDisplayText: 'Click for more',
			ctaUrl:
				'https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages',
		});
		expect(withoutEnvelope(body)).toEqual(oasWithoutUser('whatsAppInteractiveMessageCtaUrl'));
	});

	it('a media header', async () => {
		const { body } = await sendOne({
			...interactiveBase,
			headerType: 'image',
			headerMediaUrl: 'https://chatapps.8x8.com/files/a.png',
			interactiveType: 'button',
			replyButtons: { button: [{ title: 'OK', id: 'ok' }] },
		});
		expect((body.content as IDataObject).interactive).toMatchObject({
			header: { type: 'image', image: { link: 'https://chatapps.8x8.com/files/a.png' } },
		});
	});

	it('refuses a fourth reply button and a title over 20 characters', async () => {
		const error = await runExpectingError(sandbox, {
			parameters: {
				...interactiveBase,
				to: TO,
				options: {},
				interactiveType: 'button',
				replyButtons: {
					button: [
						{ title: 'One', id: '1' },
						{ title: 'Two', id: '2' },
						{ title: 'Three', id: '3' },
						{ title: 'Four is a long title', id: '4' },
					],
				},
			},
		});
		expect(error.message).toBe('4 reply buttons given; WhatsApp allows at most 3');
		const long = await runExpectingError(sandbox, {
			parameters: {
				...interactiveBase,
				to: TO,
				options: {},
				interactiveType: 'button',
				replyButtons: { button: [{ title: 'Twenty-one characters', id: '1' }] },
			},
		});
		expect(long.message).toBe(
			'Reply button 1 title "Twenty-one characters" is 21 characters long; WhatsApp allows at most 20',
		);
		expect(long.description).toBe(
			'Nothing was sent. Correct the fields named above: reply buttons take at most 3 buttons, lists at most 10 rows in at most 10 sections.',
		);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('refuses more than 10 list rows and long row fields', async () => {
		const rows = Array.from({ length: 11 }, (_, i) => ({
			section: '',
			id: `r${i}`,
			title: `Row ${i}`,
			description: '',
		}));
		rows[0].title = 'A row title over 24 chars';
		const error = await runExpectingError(sandbox, {
			parameters: {
				...interactiveBase,
				to: TO,
				options: {},
				interactiveType: 'list',
				listButtonText: 'Pick',
				listSource: 'rows',
				listRows: { row: rows },
			},
		});
		expect(error.message).toBe(
			'2 problems: 11 list rows given; WhatsApp allows at most 10 rows across all sections; Row 1 title "A row title over 24 chars" is 25 characters long; WhatsApp allows at most 24',
		);
	});
});
