import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { errorDetailsOf, getEightByEightCredentials } from '../../../shared/transport';
import { validationError } from '../../helpers/errors';
import { acceptedJson, errorJson } from '../../helpers/output';
import { failedItem, withItemIndex } from '../../helpers/perItem';
import { rerunMemory } from '../../helpers/rerunMemory';
import {
	finalStatesFor,
	resumeUrlWithToken,
	SEND_AND_WAIT_OPERATION,
	TIMEOUT_NOTE,
	waitToken,
} from '../../helpers/sendAndWait';
import { prepareTemplateContent } from '../../helpers/templateContent';
import {
	channelIdProperty,
	recipientProperty,
	sendOptionsProperty,
	templateProperty,
	templateVariablesProperty,
} from '../descriptions';
import type { Attempt, PreparedContent } from './prepareMessage';
import { prepareMessage, prepareTextContent } from './prepareMessage';
import type { SendOutcome } from './sendMessages';
import { sendSingle } from './sendMessages';

/** Send options that make sense while waiting (no batch, no own receipt URL, no schedule or SMS fallback). */
const WAIT_OPTIONS = [
	'clientMessageId',
	'defaultCountry',
	'expiry',
	'replyToUmid',
	'retryUnknownDeliveryState',
];

const UNIT_MS: Record<string, number> = {
	seconds: 1000,
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Sends one message, then pauses the execution until 8x8 reports the chosen final state (an undelivered or rejected receipt always ends the wait) or the wait limit passes. 8x8 posts the receipts to this execution\'s resume URL, so n8n must be reachable from the internet (WEBHOOK_URL). The output history lists the send answer and the receipt that ended the wait. With On Error = "Continue (using error output)", an undelivered or rejected message leaves by the error output.',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	recipientProperty,
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{
				name: 'Template',
				value: 'template',
				description: 'An approved template (works outside the 24-hour window)',
			},
			{
				name: 'Text',
				value: 'text',
				description: 'Free-form text (only inside the 24-hour window)',
			},
		],
		default: 'template',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description:
			'The message, at most 4,096 characters. Free-form messages only reach users who wrote to you in the last 24 hours (otherwise: undelivered, code 1022).',
		displayOptions: { show: { messageType: ['text'] } },
	},
	{ ...channelIdProperty, displayOptions: { show: { messageType: ['template'] } } },
	{ ...templateProperty, displayOptions: { show: { messageType: ['template'] } } },
	{ ...templateVariablesProperty, displayOptions: { show: { messageType: ['template'] } } },
	{
		displayName: 'Resume On',
		name: 'resumeOn',
		type: 'multiOptions',
		options: [
			{
				name: 'Delivered',
				value: 'delivered',
				description:
					"WhatsApp reports the message on the recipient's phone (delivered_to_recipient; a read receipt also counts). The hand-over to the operator (delivered_to_operator) does not.",
			},
			{
				name: 'Read',
				value: 'read',
				description:
					'The recipient opened the message (only when they have read receipts on; otherwise the wait runs to its limit)',
			},
			{
				name: 'Undelivered',
				value: 'undelivered',
				description:
					'The message failed: undelivered, or rejected by 8x8. This always ends the wait, selected or not.',
			},
		],
		default: ['delivered'],
		description:
			'What ends the wait; the first of these to arrive resumes the workflow. Queued, sent and the hand-over to the operator never do.',
	},
	{
		displayName: 'Wait Limit',
		name: 'waitAmount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description:
			'Resume with finalState "timeout" after this long without a final receipt. n8n checks waiting executions once a minute, so a short limit can resume up to a minute late.',
	},
	{
		displayName: 'Wait Limit Unit',
		name: 'waitUnit',
		type: 'options',
		options: [
			{ name: 'Seconds', value: 'seconds' },
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		default: 'hours',
	},
	{
		...sendOptionsProperty,
		options: (sendOptionsProperty.options ?? []).filter((option) =>
			WAIT_OPTIONS.includes(option.name),
		),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] } },
	properties,
);

function waitTillFrom(this: IExecuteFunctions): Date {
	const amount = Number(this.getNodeParameter('waitAmount', 0, 24));
	const unit = String(this.getNodeParameter('waitUnit', 0, 'hours'));
	const factor = UNIT_MS[unit];
	if (!Number.isFinite(amount) || amount <= 0 || factor === undefined) {
		throw validationError(
			this.getNode(),
			0,
			[`Wait Limit ${String(amount)} ${unit} is not a positive duration`],
			'Set Wait Limit to a number above 0 and pick its unit.',
		);
	}
	return new Date(Date.now() + amount * factor);
}

function resumeUrlOf(this: IExecuteFunctions): string {
	const value = this.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof value === 'string') {
		try {
			return new URL(value).toString();
		} catch {
			// Reported below.
		}
	}
	throw new NodeOperationError(this.getNode(), 'n8n gave no resume URL for this execution', {
		itemIndex: 0,
		description: `$execution.resumeUrl evaluated to ${JSON.stringify(value)}. Send and Wait needs a saved execution with a resume URL (check WEBHOOK_URL).`,
	});
}

/** A text or a template message, by Message Type. */
async function prepareContent(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedContent> {
	if (this.getNodeParameter('messageType', itemIndex, 'template') === 'text') {
		return await prepareTextContent.call(this, itemIndex);
	}
	return await prepareTemplateContent.call(this, itemIndex);
}

/**
 * Sends the message of the (single) input item with the resume URL as its receipt URL and puts the
 * execution to wait. See helpers/sendAndWait.ts for how the wait ends.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	if (items.length > 1) {
		throw new NodeOperationError(
			node,
			`Send and Wait for Delivery sends one message per execution, but ${items.length} items arrived`,
			{
				description:
					'Put a Loop Over Items node (batch size 1) before this node so each message waits on its own, or use Send Text / Send Template and the 8x8 WhatsApp Trigger for many messages.',
			},
		);
	}
	const attempt: Attempt = { to: '', clientMessageId: null };
	let json: IDataObject;
	let waitTill: Date;
	try {
		waitTill = waitTillFrom.call(this);
		const waitedFor = finalStatesFor(this.getNodeParameter('resumeOn', 0, ['delivered']));
		const credentials = await getEightByEightCredentials.call(this);
		const resumeUrl = resumeUrlWithToken(
			resumeUrlOf.call(this),
			waitToken(credentials.apiKey, String(this.getExecutionId() ?? ''), node.id),
		);
		const message = await prepareMessage.call(this, 0, prepareContent, attempt, {
			dlrCallbackUrl: resumeUrl,
		});
		// Under Retry On Fail, a re-run of this node does not send the message again.
		const answer = await sendSingle.call(
			this,
			message,
			credentials.subAccountId,
			rerunMemory<SendOutcome>(this, 'send'),
		);
		const accepted = acceptedJson(message, answer);
		if (typeof accepted.umid !== 'string' || !accepted.umid) {
			throw new NodeOperationError(node, '8x8 accepted the message but returned no umid', {
				itemIndex: 0,
				description: `The receipts cannot be matched to the message without its umid, so the node does not wait. Answer: ${JSON.stringify(answer).slice(0, 300)}`,
			});
		}
		const status = accepted.status;
		const rest: IDataObject = { ...accepted };
		delete rest.status;
		delete rest.note;
		json = {
			...rest,
			finalState: 'timeout',
			waitedFor,
			waitTill: waitTill.toISOString(),
			history: [{ state: status, timestamp: accepted.acceptedAt, source: 'send' }],
			error: null,
			note: TIMEOUT_NOTE,
		};
	} catch (error) {
		if (!this.continueOnFail()) throw withItemIndex.call(this, error, 0);
		return [
			failedItem.call(
				this,
				0,
				errorJson(errorDetailsOf(error), attempt.to, attempt.clientMessageId),
			),
		];
	}

	await this.putExecutionToWait(waitTill);
	// The pending input of the waiting node becomes its output when the wait limit passes (n8n
	// resumes a timed-out wait by passing the pending input through), and is what webhook() reads
	// as $json to recognise the receipts of this message.
	const executeData = typeof this.getExecuteData === 'function' ? this.getExecuteData() : undefined;
	if (executeData?.data?.main) {
		executeData.data.main[0] = [{ json, pairedItem: { item: 0 } }];
	} else {
		this.logger.warn(
			"8x8 WhatsApp: this n8n gives no access to the waiting node's input; receipts cannot be matched and the wait ends at the limit",
		);
	}
	const waiting: IDataObject = { ...json, finalState: 'waiting' };
	delete waiting.note;
	return [{ json: waiting, pairedItem: { item: 0 } }];
}
