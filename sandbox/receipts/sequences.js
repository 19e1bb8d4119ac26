'use strict';
/** The receipt steps ({state, detail?, errorCode?, …}) an outcome plays, in order. */

function receiptSteps(record) {
	const outcome = record.outcome;
	if (outcome.outcome === 'undelivered') {
		return [
			{ state: 'queued' },
			{
				state: 'undelivered',
				detail: 'rejected_by_operator',
				errorCode: outcome.errorCode,
				errorMessage: outcome.errorMessage,
				providerErrorCode: outcome.providerErrorCode,
			},
		];
	}
	const steps = [
		{ state: 'queued' },
		{ state: 'sent' },
		{ state: 'delivered', detail: 'delivered_to_recipient' },
	];
	if (outcome.outcome === 'read') steps.push({ state: 'read' });
	return steps;
}

module.exports = { receiptSteps };
