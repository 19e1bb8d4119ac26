/**
 * The sandbox builds the WhatsApp user events (CABM) and Business App echoes (CADR) in 8x8's
 * documented shapes: what it posts is what the trigger's schemas accept, typed.
 */
import { normalizeEvent } from '../../nodes/shared/events';
import { startSandbox, type Sandbox } from '../../sandbox';
import { call, startReceiver, type Json, type Receiver } from './helpers';

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
	receiver = await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});
beforeEach(() => {
	sandbox.reset();
	receiver.calls.length = 0;
});

const BSUID = 'US.13491208655302741918';

async function register(type: string) {
	const answer = await call(sandbox, 'POST', '/api/v1/accounts/SandboxAccount/webhooks', [
		{ subAccountId: type === 'CABM' ? '*' : 'SandboxSub', type, url: `${receiver.url}/${type}`, enabled: true, httpAuthorization: 'Bearer x' },
	]);
	expect(answer.status).toBe(200);
}

function typed(body: Json) {
	const classified = normalizeEvent(body, 'now');
	if (classified.kind !== 'event') throw new Error(classified.item.issues.join('; '));
	return classified.item as unknown as Record<string, unknown>;
}

describe('POST /__sandbox/user-event', () => {
	it('an opt-out of a phone user reaches the CABM webhook and is a typed whatsapp_preference', async () => {
		await register('CABM');
		const answer = await call(sandbox, 'POST', '/__sandbox/user-event', {
			eventType: 'whatsapp_preference',
			user: { msisdn: '+6591234567', channelUserId: 'SG.77120098453310928876' },
		});
		expect(answer.status).toBe(200);
		expect(answer.body.delivered).toBe(true);
		expect(receiver.calls[0].path).toBe('/CABM');
		expect(receiver.calls[0].headers.authorization).toBe('Bearer x');
		expect(receiver.calls[0].body).toEqual(answer.body.body);
		expect(typed(receiver.calls[0].body)).toMatchObject({
			eventType: 'whatsapp_preference',
			userId: 'SG.77120098453310928876',
			phone: '+6591234567',
			value: 'stop',
			optedOut: true,
			replyTo: '+6591234567',
		});
	});

	it('a username user (msisdn null) opting back in has no wa_id: replyTo is the BSUID', async () => {
		const result = await sandbox.postUserEvent(
			{ eventType: 'whatsapp_preference', value: 'resume', user: { msisdn: null, channelUserId: BSUID } },
			{ url: receiver.url },
		);
		const entry = (result.body as Json).eventDetails.rawEvent.value.user_preferences[0];
		expect(entry).not.toHaveProperty('wa_id');
		expect(typed(result.body)).toMatchObject({ optedOut: false, phone: null, replyTo: BSUID });
	});

	it('a contact card and a user ID change', async () => {
		const contact = await sandbox.postUserEvent(
			{ eventType: 'whatsapp_contact', user: { msisdn: null, channelUserId: BSUID, name: 'Dana' } },
			{ url: receiver.url },
		);
		expect(typed(contact.body)).toMatchObject({
			eventType: 'whatsapp_contact',
			from: { channelUserId: BSUID, msisdn: null, name: 'Dana' },
			contactName: 'Dana Katz',
			contactWaId: '6591234560',
		});
		const rotated = await sandbox.postUserEvent(
			{ eventType: 'whatsapp_user_id_update', user: { channelUserId: BSUID }, newChannelUserId: 'US.99' },
			{ url: receiver.url },
		);
		expect(typed(rotated.body)).toMatchObject({
			eventType: 'whatsapp_user_id_update',
			previousUserId: BSUID,
			userId: 'US.99',
			phone: '+6591234567',
		});
	});

	it('refuses an unknown eventType and answers 409 without a CABM webhook', async () => {
		const bad = await call(sandbox, 'POST', '/__sandbox/user-event', { eventType: 'nope' });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/whatsapp_preference/);
		const none = await call(sandbox, 'POST', '/__sandbox/user-event', { eventType: 'whatsapp_contact' });
		expect(none.status).toBe(409);
	});
});

describe('POST /__sandbox/business-app-message', () => {
	it('posts a v9 external_app_message to the CADR webhook', async () => {
		await register('CADR');
		const answer = await call(sandbox, 'POST', '/__sandbox/business-app-message', {
			text: 'Your table is booked',
			user: { msisdn: null, channelUserId: BSUID },
		});
		expect(answer.status).toBe(200);
		expect(receiver.calls[0].path).toBe('/CADR');
		expect(typed(receiver.calls[0].body)).toMatchObject({
			eventType: 'external_app_message',
			formatVersion: 9,
			text: 'Your table is booked',
			to: { msisdn: null, channelUserId: BSUID },
			replyTo: BSUID,
		});
	});
});
