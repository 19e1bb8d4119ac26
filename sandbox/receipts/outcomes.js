'use strict';
/**
 * What an accepted message's receipts say, chosen by the last digit of the recipient's msisdn (or
 * of the BSUID when only `channelUserId` was given), or by a PAUSED template. Each outcome is a
 * sequence of WhatsApp receipts with 8x8's documented state/detail pairs
 * (8x8-docs/message-status-references.md; delivery-receipts-for-outbound-chatapps.mdx):
 *   queued                             accepted by 8x8
 *   delivered + delivered_to_operator  handed to WhatsApp; generated before the message reaches
 *                                      WhatsApp, so it carries no channelUserId ("When
 *                                      channelUserId is missing"). NOT on the phone yet.
 *   sent                               sent to the operator, not acknowledged yet
 *   delivered + delivered_to_recipient on the phone; from WhatsApp: channelUserId (BSUID), v9
 *                                      outboundContent, whatsapp.pricingCategory
 *   read                               read; from WhatsApp: channelUserId, pricingCategory
 *   undelivered + undelivered_to_recipient | rejected_by_operator   errorCode, errorMessage,
 *                                      whatsapp.providerErrorCode (Meta's code)
 *   rejected                           rejected by 8x8 itself, with an API error code (e.g. 3038)
 *
 * Where the docs leave things open, these are the sandbox's choices:
 * - 8x8 does not say which failures follow the operator hop. Failures Meta reports after taking the
 *   message (1018, 1022, 1024) come after it; refusals at hand-over (1009 throughput, 1035 paused
 *   template) come straight after queued.
 * - 8x8 does not map error codes to the two undelivered details. 1018 "Message undeliverable"
 *   (recipient's app cannot take it) uses undelivered_to_recipient; the others rejected_by_operator
 *   (the v8 sample pairs rejected_by_operator with a Meta code).
 * - `sent` is a documented state and carries pricingCategory, but the docs do not place it in a
 *   WhatsApp sequence; digit 7 plays it instead of the operator hop, so a workflow meets both.
 * - A `rejected` receipt after queued: the docs show `rejected` + 3038 in the batch answer; the
 *   receipt form (no detail, no whatsapp object) is inferred from the status object.
 * - Whether an undelivered receipt carries channelUserId is not documented; it does not here.
 *
 * `appliesTo`: 'all' | 'session' (non-template messages only) | 'template' (template messages only);
 * where it does not apply the message gets digit 0's outcome.
 */

const QUEUED = Object.freeze({ state: 'queued' });
const TO_OPERATOR = Object.freeze({ state: 'delivered', detail: 'delivered_to_operator' });
const SENT = Object.freeze({ state: 'sent' });
const ON_PHONE = Object.freeze({ state: 'delivered', detail: 'delivered_to_recipient' });
const READ = Object.freeze({ state: 'read' });

function undelivered(detail, errorCode, errorMessage, providerErrorCode) {
	return Object.freeze({
		state: 'undelivered',
		detail,
		errorCode,
		errorMessage,
		providerErrorCode,
	});
}

function outcome(fields, sequence) {
	const last = sequence[sequence.length - 1];
	return Object.freeze({
		...fields,
		errorCode: last.errorCode,
		errorMessage: last.errorMessage,
		providerErrorCode: last.providerErrorCode,
		sequence: Object.freeze(sequence),
	});
}

const READ_VIA_OPERATOR = outcome(
	{ outcome: 'read', appliesTo: 'all', description: 'handed to WhatsApp, on the phone, read' },
	[QUEUED, TO_OPERATOR, ON_PHONE, READ],
);

const OUTCOMES_BY_LAST_DIGIT = Object.freeze({
	0: READ_VIA_OPERATOR,
	1: outcome(
		{
			outcome: 'undelivered',
			appliesTo: 'all',
			description:
				'handed to WhatsApp, then undelivered: not on WhatsApp / old app / terms not accepted',
		},
		[
			QUEUED,
			TO_OPERATOR,
			undelivered('undelivered_to_recipient', 1018, 'Message rejected', '131026'),
		],
	),
	2: outcome(
		{
			outcome: 'undelivered',
			appliesTo: 'session',
			description:
				'session messages: handed to WhatsApp, then undelivered, 24 h window closed (templates: digit 0)',
		},
		[
			QUEUED,
			TO_OPERATOR,
			undelivered('rejected_by_operator', 1022, 'Message window expired', '131047'),
		],
	),
	3: outcome(
		{
			outcome: 'undelivered',
			appliesTo: 'all',
			description: 'handed to WhatsApp, then undelivered: Meta chose not to deliver',
		},
		[
			QUEUED,
			TO_OPERATOR,
			undelivered('rejected_by_operator', 1024, 'Message suppressed', '131049'),
		],
	),
	4: outcome(
		{
			outcome: 'undelivered',
			appliesTo: 'template',
			description:
				'templates: undelivered at hand-over, template paused (session messages: digit 0)',
		},
		[QUEUED, undelivered('rejected_by_operator', 1035, 'Template paused', '132015')],
	),
	5: outcome(
		{
			outcome: 'undelivered',
			appliesTo: 'all',
			description: 'undelivered at hand-over: throughput limit reached',
		},
		[QUEUED, undelivered('rejected_by_operator', 1009, 'Throughput exceeded', '130429')],
	),
	6: outcome(
		{
			outcome: 'delivered',
			appliesTo: 'all',
			description: 'handed to WhatsApp, on the phone, never read',
		},
		[QUEUED, TO_OPERATOR, ON_PHONE],
	),
	7: outcome(
		{
			outcome: 'read',
			appliesTo: 'all',
			description: 'sent (no operator receipt), on the phone, read',
		},
		[QUEUED, SENT, ON_PHONE, READ],
	),
	8: outcome(
		{
			outcome: 'rejected',
			appliesTo: 'template',
			description:
				'templates: rejected by 8x8 after queued, template not found (session messages: digit 0)',
		},
		[
			QUEUED,
			Object.freeze({
				state: 'rejected',
				errorCode: 3038,
				errorMessage: 'Template not found for provided name and language',
			}),
		],
	),
	9: READ_VIA_OPERATOR,
});

/** A template with status PAUSED is accepted by the API and then fails like digit 4. */
const PAUSED_TEMPLATE_OUTCOME = OUTCOMES_BY_LAST_DIGIT[4];

/**
 * An authentication template sent to a BSUID only (no msisdn): 8x8 documents the rejection as
 * error 1054 (Meta 131062) (constructing-whatsapp-template-send-requests.md); it is a delivery
 * code, so here the message is accepted and its receipt says undelivered.
 */
const AUTH_TEMPLATE_TO_BSUID_OUTCOME = outcome(
	{
		outcome: 'undelivered',
		appliesTo: 'template',
		description: 'authentication template to a BSUID without msisdn: undelivered 1054 / 131062',
	},
	[QUEUED, undelivered('rejected_by_operator', 1054, 'BSUID Not Supported', '131062')],
);

function outcomeFor(input) {
	const isTemplate = !!(input.template || input.type === 'template');
	if (input.template && input.template.status === 'PAUSED')
		return { digit: null, ...PAUSED_TEMPLATE_OUTCOME, reason: 'template PAUSED' };
	if (
		input.template &&
		String(input.template.category).toUpperCase() === 'AUTHENTICATION' &&
		input.user &&
		!input.user.msisdn
	)
		return { digit: null, ...AUTH_TEMPLATE_TO_BSUID_OUTCOME, reason: 'authentication template to a BSUID' };
	const id = String(
		(input.user && (input.user.msisdn || input.user.channelUserId)) || input.msisdn || '',
	);
	const last = id.slice(-1);
	const digit = /\d/.test(last) ? last : '0';
	let entry = OUTCOMES_BY_LAST_DIGIT[digit];
	if (
		(entry.appliesTo === 'session' && isTemplate) ||
		(entry.appliesTo === 'template' && !isTemplate)
	)
		entry = OUTCOMES_BY_LAST_DIGIT[0];
	return { digit, ...entry };
}

module.exports = {
	OUTCOMES_BY_LAST_DIGIT,
	PAUSED_TEMPLATE_OUTCOME,
	AUTH_TEMPLATE_TO_BSUID_OUTCOME,
	outcomeFor,
};
