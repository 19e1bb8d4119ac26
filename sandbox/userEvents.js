'use strict';
/**
 * The WhatsApp user events 8x8 forwards on CABM (whatsapp-business-scoped-user-ids.md) and the
 * WhatsApp Business App echo it sends on CADR (delivery-receipts-for-outbound-chatapps.mdx), built
 * in the documented shapes from a few fields and posted to the webhook of their type.
 *
 *   POST /__sandbox/user-event  {eventType, user?, value?, cards?, newChannelUserId?, url?, authorization?}
 *     eventType  whatsapp_preference (value 'stop' | 'resume', default 'stop'), whatsapp_contact
 *                (cards: Meta contact cards, default one), whatsapp_user_id_update
 *                (newChannelUserId: the rotated BSUID, default derived)
 *     user       {msisdn?, channelUserId?, name?, username?}; msisdn null = a username user (no wa_id)
 *     → CABM webhook (subAccountId `*` first) or url
 *   POST /__sandbox/business-app-message  {user?, type?, content?, text?, url?, authorization?}
 *     → CADR webhook of the sub-account (or `*`) or url, eventType external_app_message (v9)
 */
const { ApiError, isObject, randomUUID, timestamp } = require('./lib/util');
const { syntheticBsuid } = require('./lib/identity');
const { findWebhook } = require('./routes/webhooks');
const { postEvent } = require('./cabmEvents');

const USER_EVENT_TYPES = ['whatsapp_preference', 'whatsapp_contact', 'whatsapp_user_id_update'];

function userOf(input) {
	const given = isObject(input) ? input : {};
	const user = { msisdn: '+6591234567', name: 'Sandbox User', ...given };
	if (user.channelUserId === undefined || user.channelUserId === null)
		user.channelUserId = user.msisdn ? syntheticBsuid(user.msisdn) : syntheticBsuid('anonymous');
	return user;
}

const waIdOf = (user) => (user.msisdn ? String(user.msisdn).replace(/^\+/, '') : undefined);
const unixNow = () => String(Math.floor(Date.now() / 1000));
const compact = (object) =>
	Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

function envelope(sb, eventType, field, value) {
	return {
		eventId: randomUUID(),
		timestamp: timestamp(),
		provider: 'WhatsApp',
		businessAccountId: sb.options.businessAccountId,
		accountId: sb.options.accountId,
		eventType,
		eventDetails: {
			rawEvent: {
				value: {
					messaging_product: 'whatsapp',
					metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
					...value,
				},
				field,
			},
		},
	};
}

function profile(user) {
	return compact({
		profile: compact({ name: user.name, username: user.username }),
		wa_id: waIdOf(user),
		user_id: user.channelUserId,
	});
}

const DEFAULT_CARD = {
	name: { first_name: 'Dana', last_name: 'Katz', formatted_name: 'Dana Katz' },
	phones: [{ phone: '+65 9123 4560', wa_id: '6591234560', type: 'CELL' }],
	emails: [{ email: 'dana@example.com', type: 'WORK' }],
	org: { company: 'Example Ltd', title: 'Buyer' },
};

/** The body of a BSUID user event, in 8x8's documented shape. */
function buildUserEvent(sb, spec = {}) {
	const eventType = spec.eventType;
	if (!USER_EVENT_TYPES.includes(eventType))
		throw new ApiError(400, 1000, `eventType must be one of ${USER_EVENT_TYPES.join(', ')}`);
	const user = userOf(spec.user);
	const waId = waIdOf(user);
	if (eventType === 'whatsapp_preference') {
		const value = spec.value === undefined ? 'stop' : String(spec.value);
		return envelope(sb, eventType, 'user_preferences', {
			contacts: [profile(user)],
			user_preferences: [
				compact({
					wa_id: waId,
					user_id: user.channelUserId,
					detail:
						value === 'stop'
							? 'User requested to stop receiving marketing messages'
							: 'User requested to resume receiving marketing messages',
					category: 'marketing_messages',
					value,
					timestamp: unixNow(),
				}),
			],
		});
	}
	if (eventType === 'whatsapp_contact') {
		const cards = Array.isArray(spec.cards) && spec.cards.length ? spec.cards : [DEFAULT_CARD];
		return envelope(sb, eventType, 'messages', {
			contacts: [profile(user)],
			messages: [
				compact({
					id: `wamid.sandbox${randomUUID().replace(/-/g, '')}`,
					timestamp: unixNow(),
					type: 'contacts',
					from: waId,
					from_user_id: user.channelUserId,
					contacts: cards,
				}),
			],
		});
	}
	const current = spec.newChannelUserId || syntheticBsuid(`${user.channelUserId}:rotated`);
	return envelope(sb, eventType, 'user_id_update', {
		contacts: [profile(user)],
		user_id_update: [
			compact({
				wa_id: waId,
				detail: `User id for ${user.name || 'the user'} has been updated.`,
				user_id: { previous: user.channelUserId, current },
				timestamp: unixNow(),
			}),
		],
	});
}

async function postUserEvent(sb, spec = {}, options = {}) {
	const body = buildUserEvent(sb, spec);
	const delivery = await postEvent(sb, body, {
		url: options.url || spec.url,
		authorization: options.authorization || spec.authorization,
	});
	return { ...delivery, body };
}

/** A v9 external_app_message: a message the business sent from the WhatsApp Business App. */
function buildBusinessAppMessage(sb, spec = {}) {
	const user = userOf(spec.user);
	const type = spec.type || 'Text';
	const content = isObject(spec.content)
		? spec.content
		: { text: typeof spec.text === 'string' ? spec.text : 'Sent from the WhatsApp Business App' };
	return {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'external_app_message',
		description: 'External App Message',
		payload: {
			umid: randomUUID(),
			subAccountId: sb.options.subAccountId,
			timestamp: timestamp(),
			channel: 'whatsapp',
			user: compact({ msisdn: user.msisdn || undefined, channelUserId: user.channelUserId }),
			type,
			content,
		},
	};
}

async function postBusinessAppMessage(sb, spec = {}, options = {}) {
	const body = buildBusinessAppMessage(sb, spec);
	const url = options.url || spec.url;
	let target;
	if (url) target = { url, authorization: options.authorization || spec.authorization };
	else {
		const hook = findWebhook(sb, sb.options.subAccountId, 'CADR');
		if (hook)
			target = { url: hook.url, authorization: hook.httpAuthorization, oauth: hook.oauth };
	}
	if (!target)
		return { delivered: false, attempts: [], error: 'No CADR webhook is registered and no url was given', body };
	const result = await sb.deliverer.deliver(target, body, {
		kind: 'event',
		eventType: 'external_app_message',
	});
	return { url: target.url, ...result, body };
}

module.exports = {
	USER_EVENT_TYPES,
	buildUserEvent,
	postUserEvent,
	buildBusinessAppMessage,
	postBusinessAppMessage,
};
