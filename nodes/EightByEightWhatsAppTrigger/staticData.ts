/**
 * What the trigger keeps in the node's workflow static data. Only the lifecycle methods (which run
 * on the main instance) write it; webhook() only reads it, and only in automatic registration mode.
 *
 * {
 *   webhookSecret?: 'Bearer <64 hex>',          // generated secret, shared by test and production URLs
 *   registrations?: { [webhookUrl]: RegistrationRecord } // one per URL this node registered at 8x8
 * }
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export const SECRET_KEY = 'webhookSecret';
export const REGISTRATIONS_KEY = 'registrations';

/** A webhook this trigger replaced (with "Replace Existing Webhooks"), restored on delete. */
export interface PreviousWebhook {
	type: string;
	subAccountId: string;
	url: string;
	enabled: boolean;
	/** The entry had an httpAuthorization or oauth secret; 8x8 only shows it as "***". */
	hadSecret: boolean;
}

export interface RegistrationRecord {
	url: string;
	subAccountId: string;
	types: string[];
	secretSource: 'credential' | 'generated';
	/** First 16 hex digits of sha256(secret): tells whether the registered secret is still current. */
	secretFingerprint: string;
	previous: PreviousWebhook[];
}

export function secretFingerprint(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** The credential's webhook authorization value, or '' when it is empty or only whitespace. */
export function credentialSecret(value: unknown): string {
	return typeof value === 'string' && value.trim() !== '' ? value : '';
}

export function storedSecret(staticData: IDataObject | undefined): string {
	const value = staticData?.[SECRET_KEY];
	return typeof value === 'string' ? value : '';
}

/**
 * Returned by expectedAuthorization in automatic mode before activation has stored the generated
 * secret: n8n may route calls to the URL before create() has finished (seen on n8n 2.x), and those
 * calls must not pass unverified. No real header can equal it (it starts with a NUL character).
 */
export const REGISTRATION_PENDING = '\u0000registration-pending';

/**
 * The Authorization value callers must present: the credential's, else (automatic registration
 * only) the one the trigger generated and registered, or REGISTRATION_PENDING while there is none
 * yet. '' means no verification is configured (manual registration without a credential secret).
 */
export function expectedAuthorization(
	credentialValue: unknown,
	registration: string,
	readStaticData: () => IDataObject,
): string {
	const fromCredential = credentialSecret(credentialValue);
	if (fromCredential !== '') return fromCredential;
	if (registration !== 'automatic') return '';
	return storedSecret(readStaticData()) || REGISTRATION_PENDING;
}

export function readRegistrations(staticData: IDataObject): Record<string, RegistrationRecord> {
	const value = staticData[REGISTRATIONS_KEY];
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
	return value as unknown as Record<string, RegistrationRecord>;
}

export function writeRegistration(staticData: IDataObject, record: RegistrationRecord): void {
	staticData[REGISTRATIONS_KEY] = {
		...readRegistrations(staticData),
		[record.url]: record,
	} as unknown as IDataObject;
}

/** Forgets one URL's registration; the generated secret goes when no registration is left. */
export function removeRegistration(staticData: IDataObject, url: string): void {
	const rest = { ...readRegistrations(staticData) };
	delete rest[url];
	if (Object.keys(rest).length > 0) {
		staticData[REGISTRATIONS_KEY] = rest as unknown as IDataObject;
		return;
	}
	delete staticData[REGISTRATIONS_KEY];
	delete staticData[SECRET_KEY];
}
