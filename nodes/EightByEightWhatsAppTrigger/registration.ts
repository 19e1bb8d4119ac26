/**
 * Webhook lifecycle (checkExists / create / delete) against 8x8's Webhooks API:
 * GET | POST | DELETE /api/v1/accounts/{accountId}/webhooks, bodies are arrays.
 *
 * - Manual registration: nothing is sent to 8x8; the user pastes the URL into 8x8 Connect.
 * - Automatic registration: on activation, point the webhook types the selected events need
 *   (MSG, CADR, CABM; WEBHOOK_TYPE_FOR_EVENT) at this node's URL, with `httpAuthorization` set to the credential's Webhook
 *   Authorization Header or else a generated `Bearer <random>` secret kept in static data.
 *   8x8 keeps one URL per (sub-account, type): an entry pointing elsewhere is only replaced with
 *   "Replace Existing Webhooks" on, and is then restored on delete (without its secret, which 8x8's
 *   GET masks as "***").
 *
 * Errors are never swallowed: API failures surface as the transport's NodeApiError, configuration
 * problems as NodeOperationError.
 */
import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_EVENTS } from '../shared/events';
import type { KnownEventType } from '../shared/events';
import { apiRequest, getEightByEightCredentials, webhooksPath } from '../shared/transport';
import { selectedEvents } from './outputs';
import {
	credentialSecret,
	readRegistrations,
	removeRegistration,
	secretFingerprint,
	SECRET_KEY,
	storedSecret,
	writeRegistration,
} from './staticData';
import type { PreviousWebhook, RegistrationRecord } from './staticData';

export type WebhookType = 'MSG' | 'CADR' | 'CABM';

export const WEBHOOK_TYPE_LABELS: Record<WebhookType, string> = {
	MSG: 'inbound messages',
	CADR: 'delivery receipts',
	CABM: 'business management events (templates, phone number, account, contact cards, opt-in/out, user ID changes)',
};

const WEBHOOK_TYPE_FOR_EVENT: Record<KnownEventType, WebhookType> = {
	inbound_message_received: 'MSG',
	outbound_message_status_changed: 'CADR',
	template_status_update: 'CABM',
	template_quality_update: 'CABM',
	template_category_update: 'CABM',
	phone_number_quality_update: 'CABM',
	account_update: 'CABM',
	// Contact cards are inbound messages, but 8x8 forwards them with the BSUID events on CABM.
	whatsapp_contact: 'CABM',
	external_app_message: 'CADR',
	template_correct_category_detection: 'CABM',
	whatsapp_preference: 'CABM',
	whatsapp_user_id_update: 'CABM',
};

const WEBHOOK_TYPE_ORDER: WebhookType[] = ['MSG', 'CADR', 'CABM'];

/** The 8x8 webhook types the selected events need, in a fixed order. */
export function webhookTypesFor(events: readonly KnownEventType[]): WebhookType[] {
	const needed = new Set(events.map((eventType) => WEBHOOK_TYPE_FOR_EVENT[eventType]));
	return WEBHOOK_TYPE_ORDER.filter((type) => needed.has(type));
}

/** n8n serves the same node at /webhook/… (production) and /webhook-test/… (test). */
export function counterpartUrl(url: string): string | null {
	if (url.includes('/webhook-test/')) return url.replace('/webhook-test/', '/webhook/');
	if (url.includes('/webhook/')) return url.replace('/webhook/', '/webhook-test/');
	return null;
}

interface RemoteWebhook {
	type?: string;
	subAccountId?: string;
	url?: string;
	enabled?: boolean;
	httpAuthorization?: string;
	oauth?: IDataObject;
}

interface Plan {
	accountId: string;
	subAccountId: string;
	url: string;
	types: WebhookType[];
	credentialSecret: string;
}

function registrationMode(context: IHookFunctions): string {
	return context.getNodeParameter('registration', 'manual') as string;
}

function describeEntry(entry: { type?: string; subAccountId?: string }): string {
	const type = (entry.type ?? '') as WebhookType;
	const label = WEBHOOK_TYPE_LABELS[type] ? ` (${WEBHOOK_TYPE_LABELS[type]})` : '';
	return `${entry.type}${label} webhook of sub-account "${entry.subAccountId}"`;
}

async function ownWebhookUrl(context: IHookFunctions): Promise<string> {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(
			context.getNode(),
			'n8n did not provide a webhook URL for this trigger, so it cannot be registered at 8x8',
		);
	}
	return url;
}

async function plan(context: IHookFunctions): Promise<Plan> {
	const credentials = await getEightByEightCredentials.call(context);
	if (!credentials.accountId) {
		throw new NodeOperationError(
			context.getNode(),
			'Fill in "Account ID" in the 8x8 credential to register the webhook automatically',
			{
				description:
					'Automatic registration uses 8x8\'s Webhooks API (/api/v1/accounts/{accountId}/webhooks), which needs the account ID. Add it to the 8x8 Connect API credential, or set Registration to "Manual" and add the webhook in 8x8 Connect > Webhooks.',
			},
		);
	}
	const allSubAccounts = context.getNodeParameter('options.allSubAccounts', false) as boolean;
	const subAccountId = allSubAccounts ? '*' : credentials.subAccountId;
	if (!subAccountId) {
		throw new NodeOperationError(
			context.getNode(),
			'Fill in "Sub-Account ID" in the 8x8 credential, or turn on "Register for All Sub-Accounts"',
		);
	}
	const events = selectedEvents(context.getNodeParameter('events', [...DEFAULT_EVENTS]));
	return {
		accountId: credentials.accountId,
		subAccountId,
		url: await ownWebhookUrl(context),
		types: webhookTypesFor(events),
		credentialSecret: credentialSecret(credentials.webhookSecret),
	};
}

async function listWebhooks(context: IHookFunctions, accountId: string): Promise<RemoteWebhook[]> {
	const response = await apiRequest.call(context, { method: 'GET', path: webhooksPath(accountId) });
	if (!Array.isArray(response)) {
		throw new NodeOperationError(
			context.getNode(),
			'8x8 answered the webhook list with something other than an array',
			{ description: `Answer: ${JSON.stringify(response)?.slice(0, 300)}` },
		);
	}
	return response.filter(
		(entry): entry is RemoteWebhook => entry !== null && typeof entry === 'object',
	);
}

/** True when every webhook type the selected events need points at this node, with a known secret. */
export async function checkWebhookExists(this: IHookFunctions): Promise<boolean> {
	if (registrationMode(this) !== 'automatic') return true;
	const wanted = await plan(this);
	if (wanted.types.length === 0) return false;

	const staticData = this.getWorkflowStaticData('node');
	const secret = wanted.credentialSecret || storedSecret(staticData);
	const record = readRegistrations(staticData)[wanted.url];
	if (
		secret === '' ||
		record === undefined ||
		record.subAccountId !== wanted.subAccountId ||
		record.secretFingerprint !== secretFingerprint(secret)
	) {
		return false;
	}

	const remote = await listWebhooks(this, wanted.accountId);
	return wanted.types.every((type) =>
		remote.some(
			(entry) =>
				entry.type === type &&
				entry.subAccountId === wanted.subAccountId &&
				entry.url === wanted.url &&
				entry.enabled !== false,
		),
	);
}

/** Points the needed 8x8 webhook types at this node. */
export async function createWebhooks(this: IHookFunctions): Promise<boolean> {
	if (registrationMode(this) !== 'automatic') return true;
	const wanted = await plan(this);
	if (wanted.types.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'Select at least one event to register the webhook automatically',
			{
				description:
					'With no event selected there is no 8x8 webhook type to register. Select events, or set Registration to "Manual".',
			},
		);
	}
	const replaceExisting = this.getNodeParameter('options.replaceExisting', false) as boolean;
	const staticData = this.getWorkflowStaticData('node');

	let secret: string;
	let secretSource: RegistrationRecord['secretSource'];
	if (wanted.credentialSecret !== '') {
		secret = wanted.credentialSecret;
		secretSource = 'credential';
	} else {
		secret = storedSecret(staticData) || `Bearer ${randomBytes(32).toString('hex')}`;
		secretSource = 'generated';
	}

	const remote = await listWebhooks(this, wanted.accountId);
	const earlier = readRegistrations(staticData)[wanted.url];
	let previous: PreviousWebhook[] =
		earlier?.subAccountId === wanted.subAccountId ? [...earlier.previous] : [];

	const conflicts = wanted.types
		.map((type) =>
			remote.find((entry) => entry.type === type && entry.subAccountId === wanted.subAccountId),
		)
		.filter(
			(entry): entry is RemoteWebhook => entry !== undefined && entry.url !== wanted.url,
		);

	if (conflicts.length > 0 && !replaceExisting) {
		const lines = conflicts.map((entry) => `the ${describeEntry(entry)} points to ${entry.url}`);
		const ownOther = counterpartUrl(wanted.url);
		const hint = conflicts.some((entry) => entry.url === ownOther)
			? ' That URL is this same trigger\'s other (test or production) URL: deactivate the workflow before testing, or turn on "Replace Existing Webhooks".'
			: '';
		throw new NodeOperationError(
			this.getNode(),
			`8x8 already sends these webhooks elsewhere: ${lines.join('; ')}`,
			{
				description:
					'8x8 keeps one URL per sub-account and webhook type, so registering this trigger would take those events away from that URL. ' +
					'Remove or change that webhook in 8x8 Connect > Webhooks, turn on "Replace Existing Webhooks" (the previous URL is put back when this workflow is deactivated, but without its Authorization secret, which 8x8 does not reveal), or set Registration to "Manual".' +
					hint,
			},
		);
	}

	for (const entry of conflicts) {
		const hadSecret =
			(typeof entry.httpAuthorization === 'string' && entry.httpAuthorization !== '') ||
			(entry.oauth !== undefined && entry.oauth !== null);
		previous = previous.filter(
			(item) => !(item.type === entry.type && item.subAccountId === entry.subAccountId),
		);
		previous.push({
			type: String(entry.type),
			subAccountId: String(entry.subAccountId),
			url: String(entry.url),
			enabled: entry.enabled !== false,
			hadSecret,
		});
		this.logger.warn(
			`8x8 WhatsApp Trigger replaced the ${describeEntry(entry)}, which pointed to ${entry.url}. ` +
				'It will be restored when this workflow is deactivated' +
				(hadSecret
					? ', but without its Authorization secret: 8x8 only shows it as "***", so set it again in 8x8 Connect > Webhooks after restoring.'
					: '.'),
		);
	}

	await apiRequest.call(this, {
		method: 'POST',
		path: webhooksPath(wanted.accountId),
		body: wanted.types.map((type) => ({
			subAccountId: wanted.subAccountId,
			type,
			url: wanted.url,
			enabled: true,
			httpAuthorization: secret,
		})),
	});

	if (secretSource === 'generated') staticData[SECRET_KEY] = secret;
	else delete staticData[SECRET_KEY];
	writeRegistration(staticData, {
		url: wanted.url,
		subAccountId: wanted.subAccountId,
		types: wanted.types,
		secretSource,
		secretFingerprint: secretFingerprint(secret),
		previous,
	});
	return true;
}

/** Removes the 8x8 webhooks that point at this node's URL and restores the ones it replaced. */
export async function deleteWebhooks(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const url = await ownWebhookUrl(this);
	const record = readRegistrations(staticData)[url];
	if (registrationMode(this) !== 'automatic' && record === undefined) return true;

	const credentials = await getEightByEightCredentials.call(this);
	if (!credentials.accountId) {
		// Without an account ID nothing can have been registered by this trigger.
		if (record === undefined) return true;
		throw new NodeOperationError(
			this.getNode(),
			'Fill in "Account ID" in the 8x8 credential so the trigger can remove the webhooks it registered',
			{ description: `This trigger registered ${url} at 8x8; it stays registered until removed.` },
		);
	}
	const path = webhooksPath(credentials.accountId);

	const own = (await listWebhooks(this, credentials.accountId)).filter((entry) => entry.url === url);
	if (own.length > 0) {
		await apiRequest.call(this, {
			method: 'DELETE',
			path,
			body: own.map((entry) => ({ subAccountId: entry.subAccountId, type: entry.type })),
		});
	}

	// Put back what was replaced, but only where this trigger's entry was still in place.
	const restore = (record?.previous ?? []).filter((item) =>
		own.some((entry) => entry.type === item.type && entry.subAccountId === item.subAccountId),
	);
	if (restore.length > 0) {
		const secret = credentialSecret(credentials.webhookSecret) || storedSecret(staticData);
		const ownOther = counterpartUrl(url);
		await apiRequest.call(this, {
			method: 'POST',
			path,
			body: restore.map((item) => {
				const entry: IDataObject = {
					subAccountId: item.subAccountId,
					type: item.type,
					url: item.url,
					enabled: item.enabled,
				};
				// This trigger's other URL (test vs production) uses the same secret, so it can be restored whole.
				if (item.url === ownOther && secret !== '') entry.httpAuthorization = secret;
				return entry;
			}),
		});
		for (const item of restore) {
			const secretLost = item.hadSecret && !(item.url === ownOther && secret !== '');
			this.logger.warn(
				`8x8 WhatsApp Trigger restored the ${describeEntry(item)} to ${item.url}` +
					(secretLost
						? ' without its Authorization secret (8x8 only showed it as "***"): set it again in 8x8 Connect > Webhooks.'
						: '.'),
			);
		}
	}

	removeRegistration(staticData, url);
	return true;
}
