'use strict';
/**
 * Constants shared by the sandbox modules: defaults and small lookup tables. Everything here is plain data.
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
	receiptVersion: 9,
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
