/** Error > Explain: the catalog as data, no HTTP request. */
import type { IDataObject } from 'n8n-workflow';

import {
	API_ERRORS,
	DELIVERY_ERRORS,
	explainApiError,
	explainDeliveryError,
} from '../../../nodes/shared/errors';
import { createExecuteContext } from '../../support/executeContext';
import { node } from './setup';

async function explain(
	parameters: IDataObject,
	extra: { items?: IDataObject[]; itemParameters?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	const { context, requests } = createExecuteContext({
		// No server behind it: the operation must not make a request.
		credentials: {
			apiKey: 'k',
			subAccountId: 'S',
			region: 'custom',
			baseUrl: 'http://127.0.0.1:9',
		},
		parameters: { resource: 'error', operation: 'explain', ...parameters },
		...extra,
	});
	const [output] = await node.execute.call(context);
	expect(requests).toHaveLength(0);
	return output;
}

describe('Error > Explain', () => {
	it('explains a delivery code with its Meta code (1022 / 131047: the 24-hour window)', async () => {
		const [item] = await explain({ source: 'delivery', code: '1022', providerErrorCode: '131047' });
		const expected = explainDeliveryError(1022, 131047);
		expect(item).toEqual({
			json: {
				source: 'delivery',
				code: 1022,
				metaCode: 131047,
				title: expected.title,
				meaning: expected.meaning,
				fix: expected.fix,
				retryable: expected.retryable,
				known: true,
				docsUrl: 'https://developer.8x8.com/connect/docs/delivery-error-codes',
			},
			pairedItem: { item: 0 },
		});
		expect(DELIVERY_ERRORS.find((entry) => entry.code === 1022)?.metaCode).toBe(131047);
	});

	it('explains a delivery failure known only by its Meta code', async () => {
		const [item] = await explain({ source: 'delivery', code: '', providerErrorCode: '131047' });
		expect(item.json).toMatchObject({ code: null, metaCode: 131047, known: true });
		expect(item.json.title).toBe(explainDeliveryError(undefined, 131047).title);
	});

	it('explains an API code with the HTTP status it comes with (3038 template not found)', async () => {
		const [item] = await explain({ source: 'api', code: '3038', httpStatus: 400 });
		const expected = explainApiError(3038, 400);
		expect(item.json).toEqual({
			source: 'api',
			code: 3038,
			title: expected.title,
			meaning: expected.meaning,
			fix: expected.fix,
			retryable: expected.retryable,
			httpStatus: 400,
			known: true,
			docsUrl: 'https://developer.8x8.com/connect/docs/api-error-codes',
		});
		expect(API_ERRORS.some((entry) => entry.code === 3038)).toBe(true);
	});

	it('tells the two tables apart: 1002 means different things in an API answer and a receipt', async () => {
		const [api] = await explain({ source: 'api', code: '1002' });
		const [delivery] = await explain({ source: 'delivery', code: '1002' });
		expect(api.json.meaning).toBe(explainApiError(1002).meaning);
		expect(delivery.json.meaning).toBe(explainDeliveryError(1002).meaning);
		expect(api.json.meaning).not.toBe(delivery.json.meaning);
	});

	it('says when a code is not in the catalog, and how retryable 429 / 5xx are', async () => {
		const [unknown] = await explain({ source: 'delivery', code: '999999' });
		expect(unknown.json).toMatchObject({ known: false, retryable: false });
		const [rateLimited] = await explain({ source: 'api', code: '', httpStatus: 429 });
		expect(rateLimited.json.retryable).toBe(true);
	});

	it('refuses empty and non-numeric codes (error items under Continue On Fail), one result per item', async () => {
		const output = await explain(
			{ source: 'delivery' },
			{
				items: [{}, {}, {}],
				itemParameters: [{ code: '' }, { code: 'abc' }, { code: '1018' }],
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.error).toMatchObject({
			code: 'VALIDATION_FAILED',
			message: 'Error Code and WhatsApp Error Code are both empty',
		});
		expect(output[1].json.error).toMatchObject({ message: 'Error Code "abc" is not a number' });
		expect(output[2].json).toMatchObject({ code: 1018, known: true });
	});
});
