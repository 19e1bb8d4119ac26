'use strict';
/**
 * Constants shared by the sandbox modules: defaults, the outcome table, error texts, small lookup
 * tables. Everything here is plain data.
 */

const DEFAULTS = Object.freeze({
	host: '127.0.0.1',
	port: 0,
	apiKey: 'sandbox-api-key',
	wrongRegionKey: 'sandbox-wrong-region-key',
	subAccountId: 'SandboxSub',
	accountId: 'SandboxAccount',
	channelId: '5a4db0c5-8e8e-4c1a-9b1d-0000000008a8',
	channelName: 'Sandbox WhatsApp',
	businessAccountId: '104857600000001',
	receipts: true,
	receiptDelayMs: 150,
	receiptRetryDelaysMs: [50, 200, 500],
	webhookTimeoutMs: 5000,
	autoApproveMs: null,
	recordBodies: true,
	maxBatchSize: 1000,
	maxRequestLog: 2000,
	maxDeliveryLog: 10000,
	maxMessages: 200000,
	templateNameCooldownMs: 30 * 24 * 3600 * 1000,
	bodyLimitBytes: 20 * 1024 * 1024,
});

/**
 * What happens to an accepted message, chosen by the last digit of the recipient number
 * (or of the BSUID when the message was sent to `channelUserId` only).
 * `appliesTo`: 'all' | 'session' (non-template messages only) | 'template' (template messages only);
 * where it does not apply the message is delivered and read.
 */
const OUTCOMES_BY_LAST_DIGIT = Object.freeze({
	0: Object.freeze({ outcome: 'read', appliesTo: 'all', description: 'delivered, then read' }),
	1: Object.freeze({
		outcome: 'undelivered',
		appliesTo: 'all',
		errorCode: 1018,
		errorMessage: 'Message rejected',
		providerErrorCode: '131026',
		description:
			'undelivered: message undeliverable (not on WhatsApp / old client / ToS not accepted)',
	}),
	2: Object.freeze({
		outcome: 'undelivered',
		appliesTo: 'session',
		errorCode: 1022,
		errorMessage: 'Message window expired',
		providerErrorCode: '131047',
		description:
			'undelivered: 24 h customer-service window closed (session messages only; templates deliver)',
	}),
	3: Object.freeze({
		outcome: 'undelivered',
		appliesTo: 'all',
		errorCode: 1024,
		errorMessage: 'Message suppressed',
		providerErrorCode: '131049',
		description: 'undelivered: Meta chose not to deliver (ecosystem / per-user marketing limit)',
	}),
	4: Object.freeze({
		outcome: 'undelivered',
		appliesTo: 'template',
		errorCode: 1035,
		errorMessage: 'Template paused',
		providerErrorCode: '132015',
		description: 'undelivered: template paused (template messages only; session messages deliver)',
	}),
	5: Object.freeze({
		outcome: 'undelivered',
		appliesTo: 'all',
		errorCode: 1009,
		errorMessage: 'Throughput exceeded',
		providerErrorCode: '130429',
		description: 'undelivered: throughput limit reached',
	}),
	6: Object.freeze({
		outcome: 'delivered',
		appliesTo: 'all',
		description: 'delivered, never read',
	}),
	7: Object.freeze({ outcome: 'read', appliesTo: 'all', description: 'delivered, then read' }),
	8: Object.freeze({ outcome: 'read', appliesTo: 'all', description: 'delivered, then read' }),
	9: Object.freeze({ outcome: 'read', appliesTo: 'all', description: 'delivered, then read' }),
});

/** A template with status PAUSED is accepted by the API and then fails like this. */
const PAUSED_TEMPLATE_OUTCOME = OUTCOMES_BY_LAST_DIGIT[4];

const MESSAGE_TYPES = [
	'text',
	'image',
	'video',
	'audio',
	'file',
	'document',
	'location',
	'interactive',
	'template',
];
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'file', 'document']);

const INTERACTIVE_TYPES = new Set([
	'button',
	'list',
	'cta_url',
	'flow',
	'location_request_message',
	'product',
	'product_list',
	'call_permission_request',
	'request_contact_info',
	'voice_call',
]);

/** ISO country → calling code, for national-format numbers (`user.country`) and synthetic BSUIDs. */
const CALLING_CODES = {
	SG: '65',
	US: '1',
	CA: '1',
	GB: '44',
	UK: '44',
	IL: '972',
	ID: '62',
	IN: '91',
	DE: '49',
	FR: '33',
	ES: '34',
	IT: '39',
	NL: '31',
	BR: '55',
	MX: '52',
	AU: '61',
	NZ: '64',
	MY: '60',
	PH: '63',
	TH: '66',
	VN: '84',
	HK: '852',
	JP: '81',
	KR: '82',
	CN: '86',
	AE: '971',
	SA: '966',
	ZA: '27',
	NG: '234',
	KE: '254',
	TR: '90',
	PL: '48',
	PT: '351',
	IE: '353',
	AR: '54',
	CO: '57',
	CL: '56',
	PE: '51',
	EG: '20',
	PK: '92',
};

/** Longest prefix first, so '+972…' is IL rather than a 1/2-digit code. */
const COUNTRY_BY_PREFIX = Object.entries(CALLING_CODES)
	.filter(([cc]) => cc !== 'UK' && cc !== 'CA')
	.sort((a, b) => b[1].length - a[1].length);

const LANGUAGE_NAMES = {
	af: 'Afrikaans',
	ar: 'Arabic',
	de: 'German',
	el: 'Greek',
	en: 'English',
	en_GB: 'English (UK)',
	en_US: 'English (US)',
	es: 'Spanish',
	es_AR: 'Spanish (ARG)',
	es_ES: 'Spanish (SPA)',
	es_MX: 'Spanish (MEX)',
	fr: 'French',
	he: 'Hebrew',
	hi: 'Hindi',
	id: 'Indonesian',
	it: 'Italian',
	ja: 'Japanese',
	ko: 'Korean',
	ms: 'Malay',
	nl: 'Dutch',
	pl: 'Polish',
	pt_BR: 'Portuguese (BR)',
	pt_PT: 'Portuguese (POR)',
	ru: 'Russian',
	th: 'Thai',
	tr: 'Turkish',
	vi: 'Vietnamese',
	zh_CN: 'Chinese (CHN)',
	zh_HK: 'Chinese (HKG)',
	zh_TW: 'Chinese (TAI)',
};

const TEMPLATE_CATEGORIES = {
	MARKETING: 'Marketing',
	UTILITY: 'Utility',
	AUTHENTICATION: 'Authentication',
};

const TEMPLATE_STATUS_NAMES = {
	APPROVED: 'Approved',
	PENDING: 'Pending',
	REJECTED: 'Rejected',
	PAUSED: 'Paused',
	DISABLED: 'Disabled',
	FLAGGED: 'Flagged',
	PENDING_DELETION: 'Pending deletion',
	IN_APPEAL: 'In appeal',
};

const WEBHOOK_TYPES = ['CADR', 'MSG', 'CABM'];

module.exports = {
	DEFAULTS,
	OUTCOMES_BY_LAST_DIGIT,
	PAUSED_TEMPLATE_OUTCOME,
	MESSAGE_TYPES,
	MEDIA_TYPES,
	INTERACTIVE_TYPES,
	CALLING_CODES,
	COUNTRY_BY_PREFIX,
	LANGUAGE_NAMES,
	TEMPLATE_CATEGORIES,
	TEMPLATE_STATUS_NAMES,
	WEBHOOK_TYPES,
};
