'use strict';
/** Which outcome an accepted message gets: PAUSED template first, else the recipient's last digit. */
const { OUTCOMES_BY_LAST_DIGIT, PAUSED_TEMPLATE_OUTCOME } = require('../lib/constants');

function outcomeFor(input) {
	const isTemplate = !!(input.template || input.type === 'template');
	if (input.template && input.template.status === 'PAUSED')
		return { digit: null, ...PAUSED_TEMPLATE_OUTCOME, reason: 'template PAUSED' };
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

module.exports = { outcomeFor };
