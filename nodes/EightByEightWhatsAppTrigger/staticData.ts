/**
 * What the trigger keeps in the node's workflow static data. Only the lifecycle methods (which run
 * on the main instance) write it; webhook() only reads it, and only in automatic registration mode.
 *
 * {
 *   webhookAuthorization?: 'Bearer <64 hex>',          // generated secret, shared by test and production URLs
 *   registrations?: { [webhookUrl]: RegistrationRecord } // one per URL this node registered at 8x8
 * }
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export const SECRET_KEY = 'webhookAuthorization';
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
 * The Authorization value callers must present: the credential's, else (automatic registration
 * only) the one the trigger generated and registered. '' means no verification is configured.
 */
export function expectedAuthorization(
	credentialValue: unknown,
	registration: string,
	readStaticData: () => IDataObject,
): string {
	const fromCredential = credentialSecret(credentialValue);
	if (fromCredential !== '') return fromCredential;
	if (registration !== 'automatic') return '';
	return storedSecret(readStaticData());
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
