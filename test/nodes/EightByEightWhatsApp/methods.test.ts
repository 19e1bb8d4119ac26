import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import {
	searchTemplateNames,
	searchTemplates,
} from '../../../nodes/EightByEightWhatsApp/methods/listSearch';
import {
	getCountries,
	getTemplateLanguages,
} from '../../../nodes/EightByEightWhatsApp/methods/loadOptions';
import { getTemplateVariables } from '../../../nodes/EightByEightWhatsApp/methods/resourceMapping';
import { sandboxCredentials } from '../../support/executeContext';
import { createLoadOptionsContext } from '../../support/loadOptionsContext';
import { openSandbox, templateLocator } from './setup';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await openSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

function loadOptions(parameters: IDataObject) {
	return createLoadOptionsContext({
		parameters: { channelId: '', ...parameters },
		credentials: sandboxCredentials(sandbox),
	});
}

describe('searchTemplates (template list)', () => {
	it('lists only APPROVED templates as "name (language)" with value name|language', async () => {
		const { context, requests } = loadOptions({});
		const { results } = await searchTemplates.call(context);
		expect(requests.map((request) => request.url)).toEqual([
			`${sandbox.url}/api/v1/accounts/SandboxAccount/channels/${sandbox.credentials.channelId}/templates`,
		]);
		expect(results.map((result) => [result.name, result.value, result.description])).toEqual([
			['appointment_reminder (en)', 'appointment_reminder|en', 'UTILITY'],
			['delivery_update (en)', 'delivery_update|en', 'UTILITY'],
			['delivery_update (es)', 'delivery_update|es', 'UTILITY'],
			['event_invitation (he)', 'event_invitation|he', 'MARKETING'],
			['invoice_ready (en)', 'invoice_ready|en', 'UTILITY'],
			['login_code (en)', 'login_code|en', 'AUTHENTICATION'],
			['order_update (en)', 'order_update|en', 'UTILITY'],
			['store_pickup (en)', 'store_pickup|en', 'UTILITY'],
			['summer_coupon (en)', 'summer_coupon|en', 'MARKETING'],
			['ticket_update (en)', 'ticket_update|en', 'UTILITY'],
			['welcome_plain (en)', 'welcome_plain|en', 'UTILITY'],
		]);
	});

	it('searches by name', async () => {
		const { context } = loadOptions({});
		const { results } = await searchTemplates.call(context, 'UPDATE');
		expect(results.map((result) => result.value)).toEqual([
			'delivery_update|en',
			'delivery_update|es',
			'order_update|en',
			'ticket_update|en',
		]);
	});

	it('uses the Channel ID parameter when set (an unknown channel is 8x8 code 1300)', async () => {
		const { context, requests } = loadOptions({ channelId: 'other-channel' });
		await expect(searchTemplates.call(context)).rejects.toThrow(/^1300 /);
		expect(requests[0].url).toBe(
			`${sandbox.url}/api/v1/accounts/SandboxAccount/channels/other-channel/templates`,
		);
	});
});

async function fieldsOf(template: string) {
	const { context } = loadOptions({ template: templateLocator(template) });
	return await getTemplateVariables.call(context);
}

function summary(
	fields: Array<{ id: string; displayName: string; required: boolean; type?: string }>,
) {
	return fields.map(
		(field) =>
			`${field.id} | ${field.displayName} | ${field.required ? 'required' : 'optional'} | ${field.type}`,
	);
}

describe('getTemplateVariables (resource mapper)', () => {
	it.each([
		[
			'order_update|en',
			['body.1 | Body {{1}} | required | string', 'body.2 | Body {{2}} | required | string'],
		],
		[
			'event_invitation|he',
			[
				'header.mediaUrl | Header Image URL | required | string',
				'body.1 | Body {{1}} | required | string',
				'body.2 | Body {{2}} | required | string',
				'button.0.url | Button 1 URL (לפרטים ואי…) | required | string',
			],
		],
		[
			'appointment_reminder|en',
			[
				'body.first_name | Body {{first_name}} | required | string',
				'body.date | Body {{date}} | required | string',
				'button.0.payload | Button 1 Payload (Confirm) | optional | string',
				'button.1.payload | Button 2 Payload (Resche…) | optional | string',
			],
		],
		[
			'summer_coupon|en',
			[
				'body.1 | Body {{1}} | required | string',
				'button.0.couponCode | Button 1 Code (Copy offe…) | required | string',
			],
		],
		[
			'store_pickup|en',
			[
				'header.latitude | Header Location Latitude | required | string',
				'header.longitude | Header Location Longitude | required | string',
				'header.name | Header Location Name | optional | string',
				'header.address | Header Location Address | optional | string',
				'body.1 | Body {{1}} | required | string',
			],
		],
		[
			'ticket_update|en',
			[
				'header.text | Header {{1}} | required | string',
				'body.1 | Body {{1}} | required | string',
				'body.2 | Body {{2}} | required | string',
			],
		],
		[
			'invoice_ready|en',
			[
				'header.mediaUrl | Header Document URL | required | string',
				'body.1 | Body {{1}} | required | string',
				'body.2 | Body {{2}} | required | string',
			],
		],
		['login_code|en', ['body.1 | Body {{1}} (One-Time Code) | required | string']],
		['delivery_update|es', ['body.1 | Body {{1}} | required | string']],
		['spring_sale|en', ['body.1 | Body {{1}} | required | string']],
		['bad_promo|en', ['body.1 | Body {{1}} | required | string']],
	])('%s', async (template, expected) => {
		const { fields, emptyFieldsNotice } = await fieldsOf(template);
		expect(summary(fields)).toEqual(expected);
		expect(emptyFieldsNotice).toBeUndefined();
	});

	it('welcome_plain has no fields and says so', async () => {
		expect(await fieldsOf('welcome_plain|en')).toEqual({
			fields: [],
			emptyFieldsNotice: 'This template has no variables: there is nothing to fill in',
		});
	});

	it('asks for a template first', async () => {
		expect(await fieldsOf('')).toEqual({
			fields: [],
			emptyFieldsNotice: 'Choose a template first',
		});
	});

	it('explains a template that does not exist in that language', async () => {
		await expect(fieldsOf('delivery_update|fr')).rejects.toThrow(
			`Template "delivery_update" (fr) was not found on WhatsApp channel ${sandbox.credentials.channelId}`,
		);
	});
});

describe('getCountries', () => {
	it('lists countries by name with their calling code, valued by ISO code', async () => {
		const { context } = loadOptions({});
		const countries = await getCountries.call(context);
		expect(countries).toContainEqual({ name: 'Singapore (+65)', value: 'SG' });
		expect(countries).toContainEqual({ name: 'Israel (+972)', value: 'IL' });
		const names = countries.map((country) => country.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('searchTemplateNames and getTemplateLanguages (Template > Get / Delete)', () => {
	it('lists every template name, any status, with its languages and statuses', async () => {
		const { context } = loadOptions({});
		const { results } = await searchTemplateNames.call(context);
		const expected = [...new Set(sandbox.state.templates.map((t) => t.templateName))].sort();
		expect(results.map((result) => result.value)).toEqual(expected);
		const byName = Object.fromEntries(results.map((result) => [result.value, result.description]));
		expect(byName.delivery_update).toBe('en APPROVED, es APPROVED');
		expect(byName.spring_sale).toBe('en PAUSED');
		expect(byName.bad_promo).toBe('en REJECTED');
	});

	it('searches names', async () => {
		const { context } = loadOptions({});
		const { results } = await searchTemplateNames.call(context, 'DELIVERY');
		expect(results.map((result) => result.value)).toEqual(['delivery_update']);
	});

	it('offers the languages of the chosen template, from a locator or a plain name', async () => {
		for (const templateName of [{ __rl: true, mode: 'list', value: 'delivery_update' }, 'delivery_update']) {
			const { context } = loadOptions({ templateName });
			expect(await getTemplateLanguages.call(context)).toEqual([
				{ name: 'en (APPROVED)', value: 'en' },
				{ name: 'es (APPROVED)', value: 'es' },
			]);
		}
		const { context } = loadOptions({ templateName: { __rl: true, mode: 'list', value: '' } });
		expect(await getTemplateLanguages.call(context)).toEqual([]);
	});
});
