import {
	tierLimit,
	type AccountUpdateItem,
	type PhoneNumberQualityItem,
	type TemplateEventItem,
} from '../../../../nodes/shared/events';
import { eventItem, fixture, otherItem, RECEIVED_AT, setPath } from './helpers';

const EVENT_ID = '0f88f5c4-fae7-4dcf-8ff2-b2990133edea';
const ACCOUNT_EVENT_ID = '9ac6f2cb-abb7-43e6-b533-b3d7017846fd';

function template(body: unknown): TemplateEventItem {
	return eventItem<TemplateEventItem>(body);
}

function phone(body: unknown): PhoneNumberQualityItem {
	return eventItem<PhoneNumberQualityItem>(body, 'phone_number_quality_update');
}

function account(body: unknown): AccountUpdateItem {
	return eventItem<AccountUpdateItem>(body, 'account_update');
}

describe('template events', () => {
	it('status rejected: every field', () => {
		expect(template(fixture('seed003-template-status-rejected'))).toEqual({
			eventType: 'template_status_update',
			dedupeKey: EVENT_ID,
			receivedAt: RECEIVED_AT,
			eventId: EVENT_ID,
			timestamp: '2025-01-01T00:00:00.00Z',
			provider: 'WhatsApp',
			accountId: '<AccountId>',
			businessAccountId: '<BusinessAccountId>',
			templateId: '<TEMPLATE_ID>',
			templateName: '<TEMPLATE_NAME>',
			templateLanguage: '<TEMPLATE_LANGUAGE>',
			status: 'REJECTED',
			reason: 'INCORRECT_CATEGORY',
			disableDate: null,
			pause: null,
			previousQualityScore: null,
			newQualityScore: null,
			previousCategory: null,
			newCategory: null,
		});
	});

	it('seed 000 rejected sample without ids', () => {
		expect(template(fixture('seed000-template-status-rejected'))).toMatchObject({
			eventId: '0f88f5c4-...',
			dedupeKey: '0f88f5c4-...',
			templateId: null,
			accountId: null,
			businessAccountId: null,
			templateName: '<YOUR_TEMPLATE_NAME>',
			templateLanguage: 'en_US',
			status: 'REJECTED',
		});
	});

	it('approved', () => {
		expect(template(fixture('docs-template-status-approved'))).toMatchObject({
			status: 'APPROVED',
			reason: 'NONE',
		});
	});

	it('flagged, scheduled to be disabled', () => {
		expect(template(fixture('docs-template-status-flagged'))).toMatchObject({
			status: 'FLAGGED',
			reason: null,
			disableDate: 'DATE',
			pause: null,
		});
	});

	it('paused', () => {
		expect(template(fixture('seed003-template-status-paused'))).toMatchObject({
			status: 'PAUSED',
			reason: 'NONE',
			pause: { title: 'FIRST_PAUSE', description: 'Pause description' },
		});
	});

	it('quality update', () => {
		const item = template(fixture('docs-template-quality-update'));
		expect(item.eventType).toBe('template_quality_update');
		expect(item).toMatchObject({
			previousQualityScore: 'UNKNOWN',
			newQualityScore: 'GREEN',
			status: null,
		});
	});

	it('category update', () => {
		const item = template(fixture('seed003-template-category-update'));
		expect(item.eventType).toBe('template_category_update');
		expect(item).toMatchObject({ previousCategory: 'UTILITY', newCategory: 'MARKETING' });
	});

	it('numeric ids (the documented type of templateId is long) become strings', () => {
		const body = fixture('docs-template-status-paused');
		setPath(body, 'eventDetails.templateId', 1234567890123);
		setPath(body, 'businessAccountId', 950523421983857);
		setPath(body, 'eventDetails.meta.disableInfo', { disableDate: 1705093200 });
		expect(template(body)).toMatchObject({
			templateId: '1234567890123',
			businessAccountId: '950523421983857',
			disableDate: '1705093200',
		});
	});

	it('no meta: still a template event, with empty fields', () => {
		const body = setPath(fixture('docs-template-status-approved'), 'eventDetails.meta', undefined);
		expect(template(body)).toMatchObject({ status: null, reason: null, pause: null });
	});

	it.each([
		['eventId', undefined, 'eventId: required'],
		['eventId', '', 'eventId: must not be empty'],
		['eventDetails', undefined, 'eventDetails: required'],
		['eventDetails', [], 'eventDetails: expected object, got array'],
		[
			'eventDetails.templateId',
			{ id: 1 },
			'eventDetails.templateId: expected string or number, got object',
		],
		['eventDetails.meta', 'REJECTED', 'eventDetails.meta: expected object, got string'],
		[
			'eventDetails.meta.otherInfo.title',
			1,
			'eventDetails.meta.otherInfo.title: expected string, got number',
		],
	])('%s = %j → schema mismatch', (path, value, issue) => {
		const other = otherItem(setPath(fixture('docs-template-status-paused'), path, value));
		expect(other.reason).toBe('schema_mismatch');
		expect(other.eventType).toBe('template_status_update');
		expect(other.issues).toEqual([issue]);
	});
});

describe('phone number quality', () => {
	it('upgrade: every field', () => {
		expect(phone(fixture('docs-phone-quality-upgrade'))).toEqual({
			eventType: 'phone_number_quality_update',
			dedupeKey: EVENT_ID,
			receivedAt: RECEIVED_AT,
			eventId: EVENT_ID,
			timestamp: '2025-01-01T00:00:00.00Z',
			provider: 'WhatsApp',
			accountId: '<AccountId>',
			businessAccountId: '<BusinessAccountId>',
			displayPhoneNumber: '15550783881',
			event: 'UPGRADE',
			currentLimit: 'TIER_10K',
			oldLimit: 'TIER_1K',
			currentLimitValue: 10000,
			maxDailyConversationsPerBusiness: null,
			reason: null,
		});
	});

	it('seed 002 throughput upgrade to unlimited', () => {
		expect(phone(fixture('seed002-phone-throughput-upgrade'))).toMatchObject({
			event: 'THROUGHPUT_UPGRADE',
			currentLimit: 'TIER_UNLIMITED',
			oldLimit: null,
			currentLimitValue: null,
		});
	});

	it('newer payloads: maxDailyConversationsPerBusiness instead of currentLimit', () => {
		expect(phone(fixture('docs-phone-onboarding-max-daily'))).toMatchObject({
			event: 'ONBOARDING',
			currentLimit: 'TIER_10K',
			currentLimitValue: 10000,
			maxDailyConversationsPerBusiness: 'TIER_10K',
			oldLimit: null,
		});
		expect(phone(fixture('docs-phone-throughput-upgrade-max-daily'))).toMatchObject({
			currentLimit: 'TIER_UNLIMITED',
			currentLimitValue: null,
		});
	});

	it('both fields sent: the portfolio limit wins', () => {
		const body = setPath(
			fixture('docs-phone-quality-upgrade'),
			'eventDetails.meta.maxDailyConversationsPerBusiness',
			'TIER_2K',
		);
		expect(phone(body)).toMatchObject({
			currentLimit: 'TIER_2K',
			currentLimitValue: 2000,
			oldLimit: 'TIER_1K',
		});
	});

	it('flagged with a reason and no limit', () => {
		expect(phone(fixture('seed001-phone-quality-flagged'))).toMatchObject({
			event: 'FLAGGED',
			reason: 'QUALITY_DECREASE',
			currentLimit: null,
			currentLimitValue: null,
		});
	});

	it('seed 000 sample without account ids', () => {
		expect(phone(fixture('seed000-phone-quality-upgrade'))).toMatchObject({
			eventId: '0f88f5c4-...',
			accountId: null,
			businessAccountId: null,
			currentLimitValue: 10000,
		});
	});

	it.each([
		['eventDetails', undefined, 'eventDetails: required'],
		[
			'eventDetails.meta.currentLimit',
			10000,
			'eventDetails.meta.currentLimit: expected string, got number',
		],
		['eventId', 7, 'eventId: expected string, got number'],
	])('%s = %j → schema mismatch', (path, value, issue) => {
		expect(otherItem(setPath(fixture('docs-phone-quality-upgrade'), path, value)).issues).toEqual([
			issue,
		]);
	});
});

describe('tierLimit', () => {
	it.each([
		['TIER_50', 50],
		['TIER_250', 250],
		['TIER_1K', 1000],
		['TIER_2K', 2000],
		['TIER_10K', 10000],
		['TIER_100K', 100000],
		['tier_1k', 1000],
		['TIER_NOT_SET', null],
		['TIER_UNLIMITED', null],
		['UNLIMITED', null],
		['TIER_5K', null],
		['', null],
		[null, null],
		[undefined, null],
	])('%j → %j', (tier, value) => {
		expect(tierLimit(tier)).toBe(value);
	});
});

describe('account updates', () => {
	it('verification failed: every field, details kept as objects', () => {
		const body = fixture('docs-account-verification-failed');
		expect(account(body)).toEqual({
			eventType: 'account_update',
			dedupeKey: ACCOUNT_EVENT_ID,
			receivedAt: RECEIVED_AT,
			eventId: ACCOUNT_EVENT_ID,
			timestamp: '2026-01-19T13:50:20.00Z',
			provider: 'WhatsApp',
			accountId: 'IntegrationTestCampaign',
			businessAccountId: '950523421983857',
			event: 'BUSINESS_VERIFICATION_STATUS_UPDATE',
			phoneNumber: null,
			verificationStatus: 'FAILED',
			violationType: null,
			details: {
				event: 'BUSINESS_VERIFICATION_STATUS_UPDATE',
				businessVerificationInfo: {
					businessId: '2729063412676005',
					verificationStatus: 'FAILED',
					rejectionReasons: ['LEGAL_NAME_NOT_FOUND_IN_DOCUMENTS', 'BUSINESS_NOT_ELIGIBLE'],
				},
			},
		});
	});

	it('violation', () => {
		expect(account(fixture('docs-account-violation'))).toMatchObject({
			event: 'ACCOUNT_VIOLATION',
			phoneNumber: '16505552771',
			violationType: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE',
			details: { violationInfo: { remediation: expect.stringContaining('user-initiated calls') } },
		});
	});

	it('restriction', () => {
		const item = account(fixture('docs-account-restriction'));
		expect(item).toMatchObject({
			event: 'ACCOUNT_RESTRICTION',
			phoneNumber: '16505552771',
			violationType: null,
		});
		expect(item.details.restrictionInfo).toEqual([
			{
				restrictionType: 'RESTRICTED_USER_INITIATED_CALLING',
				expiration: '2022-01-10T20:54:17.00Z',
			},
		]);
	});

	it('Direct Send strike: violation and restriction together', () => {
		const item = account(fixture('docs-account-direct-send-strike'));
		expect(item.violationType).toBe('DIRECT_SEND_UTILITY_CATEGORY_ABUSE_STRIKE_1');
		expect(item.details.restrictionInfo).toEqual([
			{
				restrictionType: 'RESTRICTED_DIRECT_SEND_UTILITY_TEMPLATES',
				expiration: '2026-01-26T13:50:20.00Z',
			},
		]);
	});

	it.each([
		'docs-account-direct-send-warning',
		'docs-account-direct-send-unban',
		'docs-account-verification-approved',
	])('%s', (name) => {
		const item = account(fixture(name));
		expect(item.event).toEqual(expect.any(String));
		expect(item.details).toEqual(fixture(name).eventDetails);
	});

	it.each([
		['eventDetails', 'ACCOUNT_VIOLATION', 'eventDetails: expected object, got string'],
		[
			'eventDetails.restrictionInfo',
			{ restrictionType: 'X' },
			'eventDetails.restrictionInfo: expected array, got object',
		],
		[
			'eventDetails.restrictionInfo.0.expiration',
			1700000000,
			'eventDetails.restrictionInfo[0].expiration: expected string, got number',
		],
	])('%s = %j → schema mismatch', (path, value, issue) => {
		expect(otherItem(setPath(fixture('docs-account-restriction'), path, value)).issues).toEqual([
			issue,
		]);
	});

	it('rejection reasons must be strings', () => {
		const body = setPath(
			fixture('docs-account-verification-failed'),
			'eventDetails.businessVerificationInfo.rejectionReasons',
			['OK', 3],
		);
		expect(otherItem(body).issues).toEqual([
			'eventDetails.businessVerificationInfo.rejectionReasons[1]: expected string, got number',
		]);
	});
});
