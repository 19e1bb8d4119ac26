'use strict';
/** Country of a phone number and the BSUID-shaped id the sandbox gives it. */
const { createHash } = require('node:crypto');
const { COUNTRY_BY_PREFIX } = require('./constants');

function countryOf(msisdn) {
	if (typeof msisdn !== 'string') return undefined;
	const digits = msisdn.replace(/^\+/, '');
	for (const [country, code] of COUNTRY_BY_PREFIX) if (digits.startsWith(code)) return country;
	return undefined;
}

/** A stable, BSUID-shaped id for a phone number: "<CC>.<digits>". */
function syntheticBsuid(msisdn) {
	const hex = createHash('sha256').update(String(msisdn)).digest('hex');
	return `${countryOf(msisdn) || 'US'}.${BigInt('0x' + hex.slice(0, 15)).toString()}`;
}

module.exports = { countryOf, syntheticBsuid };
