'use strict';
/**
 * Customer messages: a v3 inbound_message_received envelope built from a partial payload and POSTed
 * to the MSG webhook of the sub-account (or a given url). POST /__sandbox/inbound, sendInbound().
 */
const { isObject, isUuid, pushBounded, randomUUID, timestamp } = require('./lib/util');
const { syntheticBsuid } = require('./lib/identity');
const { findWebhook } = require('./routes/webhooks');
const { MEDIA_FOR_TYPE } = require('./routes/files');

const INBOUND_TYPES = {
	none: 'None',
	text: 'Text',
	audio: 'Audio',
	video: 'Video',
	image: 'Image',
	location: 'Location',
	file: 'File',
	document: 'File',
	carousel: 'Carousel',
	list: 'List',
	buttons: 'Buttons',
	button: 'Buttons',
	template: 'Template',
	interactive: 'Interactive',
};

function buildInbound(sb, input) {
	const partial = isObject(input) ? { ...(isObject(input.payload) ? input.payload : input) } : {};
	for (const key of ['url', 'authorization', 'wait']) delete partial[key];
	const typeKey = String(partial.type || 'text').toLowerCase();
	const type = INBOUND_TYPES[typeKey] || partial.type;
	const user = {
		msisdn: '+6591234567',
		name: 'Sandbox User',
		...(isObject(partial.user) ? partial.user : {}),
	};
	if (user.channelUserId === undefined && user.msisdn)
		user.channelUserId = syntheticBsuid(user.msisdn);
	for (const key of Object.keys(user)) if (user[key] === null) delete user[key];
	let content = partial.content;
	if (!isObject(content)) {
		if (type === 'Text')
			content = {
				text: typeof partial.text === 'string' ? partial.text : 'Hello from the 8x8 sandbox',
			};
		else if (MEDIA_FOR_TYPE[type])
			content = {
				url: `${sb.url}/files/${MEDIA_FOR_TYPE[type]}?token=sandbox`,
				...(typeof partial.text === 'string' ? { text: partial.text } : {}),
			};
		else if (type === 'Location') content = { location: { latitude: 1.2857, longitude: 103.8479 } };
		else if (type === 'Interactive') {
			content = {
				interactive: { type: 'button_reply', button_reply: { id: 'option-1', title: 'Yes' } },
			};
		} else content = {};
	}
	const payload = {
		umid: isUuid(partial.umid) ? partial.umid : randomUUID(),
		subAccountId: partial.subAccountId || sb.options.subAccountId,
		timestamp: partial.timestamp || timestamp(),
		user,
		recipient: {
			channel: 'whatsapp',
			channelId: sb.options.channelId,
			...(isObject(partial.recipient) ? partial.recipient : {}),
		},
		type,
		content,
	};
	if (partial.replyToUmid) payload.replyToUmid = partial.replyToUmid;
	return {
		version: 3,
		namespace: 'ChatApps',
		eventType: 'inbound_message_received',
		description: 'ChatApps inbound message',
		payload,
	};
}

/** Build a v3 inbound envelope and POST it to the MSG webhook (or options.url). */
async function sendInbound(sb, input = {}, options = {}) {
	const envelope = buildInbound(sb, input);
	const payload = envelope.payload;
	const record = {
		umid: payload.umid,
		subAccountId: payload.subAccountId,
		direction: 'inbound',
		type: String(payload.type).toLowerCase(),
		user: payload.user,
		status: { state: 'received', timestamp: payload.timestamp },
		receivedAt: payload.timestamp,
		envelope,
	};
	pushBounded(sb.state.inbound, record, sb.options.maxRequestLog);
	sb.state.inboundByUmid.set(record.umid, record);
	if (sb.state.inboundByUmid.size > sb.options.maxRequestLog * 2) {
		const keep = new Set(sb.state.inbound.map((r) => r.umid));
		for (const umid of sb.state.inboundByUmid.keys())
			if (!keep.has(umid)) sb.state.inboundByUmid.delete(umid);
	}
	const url = options.url || (isObject(input) ? input.url : undefined);
	const authorization =
		options.authorization || (isObject(input) ? input.authorization : undefined);
	let target;
	if (url) target = { url, authorization };
	else {
		const hook = findWebhook(sb, payload.subAccountId, 'MSG');
		if (hook)
			target = {
				url: hook.url,
				authorization: authorization || hook.httpAuthorization,
				oauth: authorization ? undefined : hook.oauth,
			};
	}
	if (!target) {
		return {
			umid: payload.umid,
			envelope,
			delivered: false,
			attempts: [],
			error: `No MSG webhook is registered for sub-account ${payload.subAccountId} and no url was given`,
		};
	}
	const result = await sb.deliverer.deliver(target, envelope, {
		kind: 'inbound',
		umid: payload.umid,
	});
	return { umid: payload.umid, envelope, url: target.url, ...result };
}

module.exports = { sendInbound };
