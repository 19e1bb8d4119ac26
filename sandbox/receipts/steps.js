'use strict';
/**
 * Checks an explicit receipt sequence (POST /__sandbox/receipts, …/receipt-scripts) against the
 * states and details 8x8 documents (8x8-docs/message-status-references.md), and fills what a
 * code implies: errorMessage from 8x8's tables, Meta's providerErrorCode for WhatsApp delivery codes.
 */
const { ApiError, isObject } = require('../lib/util');
const { DELIVERY_ERRORS, API_ERRORS } = require('./errorTexts');

const STATES = ['queued', 'rejected', 'sent', 'delivered', 'undelivered', 'read'];
/** detail → the state 8x8 associates it with */
const DETAILS = {
	delivered_to_operator: 'delivered',
	delivered_to_recipient: 'delivered',
	rejected_by_operator: 'undelivered',
	undelivered_to_recipient: 'undelivered',
};
const STEP_KEYS = [
	'state',
	'detail',
	'errorCode',
	'errorMessage',
	'providerErrorCode',
	'pricingCategory',
	'channelUserId',
	'delayMs',
];

function bad(index, message) {
	return new ApiError(400, 1000, `sequence[${index}]: ${message}`);
}

function optionalString(step, key, index) {
	const value = step[key];
	if (value === undefined || value === null || typeof value === 'string') return value;
	throw bad(index, `${key} must be a string or null`);
}

/** One step as given → {state, detail?, errorCode?, errorMessage?, providerErrorCode?, …}. */
function normalizeStep(step, index) {
	if (!isObject(step)) throw bad(index, 'each step is an object {state, detail?, errorCode?, …}');
	const unknown = Object.keys(step).filter((key) => !STEP_KEYS.includes(key));
	if (unknown.length)
		throw bad(index, `unknown field(s) ${unknown.join(', ')}; allowed: ${STEP_KEYS.join(', ')}`);
	const { state, detail } = step;
	if (!STATES.includes(state))
		throw bad(index, `state '${state}' is not one 8x8 documents (${STATES.join(', ')})`);
	if (detail !== undefined && detail !== null) {
		if (!DETAILS[detail])
			throw bad(
				index,
				`detail '${detail}' is not one 8x8 documents (${Object.keys(DETAILS).join(', ')})`,
			);
		if (DETAILS[detail] !== state)
			throw bad(
				index,
				`8x8 documents detail '${detail}' with state '${DETAILS[detail]}', not '${state}'`,
			);
	}
	const failed = state === 'undelivered' || state === 'rejected';
	const out = { state };
	if (detail) out.detail = detail;
	if (step.errorCode !== undefined && step.errorCode !== null) {
		if (!failed) throw bad(index, `errorCode is only set on undelivered and rejected receipts`);
		if (!Number.isInteger(step.errorCode)) throw bad(index, 'errorCode must be an integer');
		out.errorCode = step.errorCode;
	}
	let errorMessage = optionalString(step, 'errorMessage', index);
	let providerErrorCode = optionalString(step, 'providerErrorCode', index);
	if (out.errorCode !== undefined) {
		// undelivered → the delivery table; rejected (by 8x8) → the API table. Same numbers, other meanings.
		const known = state === 'undelivered' ? DELIVERY_ERRORS[out.errorCode] : undefined;
		if (errorMessage === undefined)
			errorMessage = known
				? known[0]
				: state === 'rejected'
					? API_ERRORS[out.errorCode]
					: undefined;
		if (errorMessage === undefined)
			throw bad(
				index,
				`errorCode ${out.errorCode} is not in 8x8's ${state === 'rejected' ? 'API' : 'delivery'} error table: give errorMessage`,
			);
		if (providerErrorCode === undefined && known && known[1]) providerErrorCode = known[1];
	}
	if (errorMessage) out.errorMessage = errorMessage;
	if (providerErrorCode) {
		if (state !== 'undelivered')
			throw bad(index, "providerErrorCode (Meta's code) is only set on undelivered receipts");
		out.providerErrorCode = providerErrorCode;
	}
	const pricingCategory = optionalString(step, 'pricingCategory', index);
	if (pricingCategory !== undefined) out.pricingCategory = pricingCategory;
	const channelUserId = optionalString(step, 'channelUserId', index);
	if (channelUserId !== undefined) out.channelUserId = channelUserId;
	if (step.delayMs !== undefined) {
		const ms = Number(step.delayMs);
		if (!Number.isFinite(ms) || ms < 0) throw bad(index, 'delayMs must be a number ≥ 0');
		out.delayMs = ms;
	}
	return out;
}

function normalizeSequence(sequence) {
	if (!Array.isArray(sequence) || sequence.length === 0)
		throw new ApiError(400, 1000, 'sequence must be a non-empty array of {state, detail?, …}');
	return sequence.map(normalizeStep);
}

module.exports = { STATES, DETAILS, normalizeSequence };
