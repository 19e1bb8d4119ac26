import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	API_ERROR_DOCS_URL,
	DELIVERY_ERROR_DOCS_URL,
	explainApiError,
	explainDeliveryError,
	parseErrorCode,
} from '../../../shared/errors';
import { validationError } from '../../helpers/errors';
import { forEachItem, textParameter } from '../../helpers/perItem';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'API Response',
				value: 'api',
				description: 'The "code" of an 8x8 error answer (HTTP 4xx/5xx), e.g. 3038 or 1200',
			},
			{
				name: 'Delivery Receipt',
				value: 'delivery',
				description:
					"The status.errorCode of an undelivered receipt, e.g. 1022. WhatsApp's providerErrorCode (e.g. 131047) helps too.",
			},
		],
		default: 'delivery',
		description:
			'Where the code comes from: the two lists overlap (1002 means one thing in an API answer and another in a receipt)',
	},
	{
		displayName: 'Error Code',
		name: 'code',
		type: 'string',
		default: '',
		placeholder: '1022',
		description:
			'The 8x8 code. For a delivery receipt it may be empty when only the WhatsApp (Meta) code is known.',
	},
	{
		displayName: 'WhatsApp Error Code',
		name: 'providerErrorCode',
		type: 'string',
		default: '',
		placeholder: '131047',
		description: "Meta's code from the receipt's whatsapp.providerErrorCode (optional)",
		displayOptions: { show: { source: ['delivery'] } },
	},
	{
		displayName: 'HTTP Status',
		name: 'httpStatus',
		type: 'number',
		default: 0,
		placeholder: '400',
		description:
			'The HTTP status of the answer (optional, 0 = unknown); explains codes 8x8 does not document',
		displayOptions: { show: { source: ['api'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['error'], operation: ['explain'] } },
	properties,
);

/** The catalog entry for a code, as data: no request is made. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(
		this,
		items,
		async (itemIndex) => {
			const source = String(this.getNodeParameter('source', itemIndex, 'delivery'));
			const rawCode = textParameter.call(this, 'code', itemIndex);
			if (source === 'api') {
				const status = Number(this.getNodeParameter('httpStatus', itemIndex, 0)) || undefined;
				if (rawCode === '' && status === undefined) {
					throw validationError(
						this.getNode(),
						itemIndex,
						['Error Code is empty'],
						'Give the "code" of the 8x8 error answer (or at least its HTTP status).',
					);
				}
				checkNumeric.call(this, itemIndex, 'Error Code', rawCode);
				const explanation = explainApiError(rawCode === '' ? undefined : rawCode, status);
				const json: IDataObject = {
					source: 'api',
					code: explanation.code,
					title: explanation.title,
					meaning: explanation.meaning,
					fix: explanation.fix,
					retryable: explanation.retryable,
					httpStatus: explanation.httpStatus ?? null,
					known: explanation.known,
					docsUrl: API_ERROR_DOCS_URL,
				};
				return json;
			}
			const providerErrorCode = textParameter.call(this, 'providerErrorCode', itemIndex);
			if (rawCode === '' && providerErrorCode === '') {
				throw validationError(
					this.getNode(),
					itemIndex,
					['Error Code and WhatsApp Error Code are both empty'],
					"Give the receipt's status.errorCode, its whatsapp.providerErrorCode, or both.",
				);
			}
			checkNumeric.call(this, itemIndex, 'Error Code', rawCode);
			checkNumeric.call(this, itemIndex, 'WhatsApp Error Code', providerErrorCode);
			const explanation = explainDeliveryError(
				rawCode === '' ? undefined : rawCode,
				providerErrorCode === '' ? undefined : providerErrorCode,
			);
			return {
				source: 'delivery',
				code: explanation.code || null,
				metaCode: explanation.metaCode ?? null,
				title: explanation.title,
				meaning: explanation.meaning,
				fix: explanation.fix,
				retryable: explanation.retryable,
				known: explanation.known,
				docsUrl: DELIVERY_ERROR_DOCS_URL,
			};
		},
		(itemIndex) => ({ code: textParameter.call(this, 'code', itemIndex) }),
	);
}

function checkNumeric(this: IExecuteFunctions, itemIndex: number, field: string, value: string) {
	if (value !== '' && parseErrorCode(value) === undefined) {
		throw validationError(
			this.getNode(),
			itemIndex,
			[`${field} "${value}" is not a number`],
			'8x8 and WhatsApp error codes are whole numbers, e.g. 3038 or 131047.',
		);
	}
}
