'use strict';
/**
 * CABM (business management) events to the CABM webhook: any body (POST /__sandbox/event,
 * postEvent()), and the template_status_update that follows a template status change.
 */
const { isObject, randomUUID, timestamp } = require('./lib/util');
const { toListItem } = require('./lib/templates');
const { findWebhook } = require('./routes/webhooks');

/** POST any body to the CABM webhook (subAccountId `*` first) or options.url. */
async function postEvent(sb, body, options = {}) {
	let target;
	if (options.url) target = { url: options.url, authorization: options.authorization };
	else {
		const hook =
			findWebhook(sb, '*', 'CABM') ||
			sb.state.webhooks.find((h) => h.type === 'CABM' && h.enabled !== false);
		if (hook)
			target = {
				url: hook.url,
				authorization: options.authorization || hook.httpAuthorization,
				oauth: options.authorization ? undefined : hook.oauth,
			};
	}
	if (!target)
		return {
			delivered: false,
			attempts: [],
			error: 'No CABM webhook is registered and no url was given',
		};
	const result = await sb.deliverer.deliver(target, body, {
		kind: 'event',
		eventType: isObject(body) ? body.eventType : undefined,
	});
	return { url: target.url, ...result };
}

/** Change a template's status and post a CABM template_status_update (when a CABM webhook exists). */
function setTemplateStatus(sb, templateOrName, status, reason, language) {
	let template = templateOrName;
	if (typeof templateOrName === 'string') {
		template = language
			? sb.templates.find(templateOrName, language)
			: sb.templates.items.find((t) => t.templateName === templateOrName);
	}
	if (!template) return undefined;
	const upper = String(status).toUpperCase();
	sb.templates.setStatus(
		template,
		upper,
		reason || (upper === 'REJECTED' ? 'INVALID_FORMAT' : 'NONE'),
	);
	const meta = { status: upper, reason: template.reason || 'NONE' };
	if (upper === 'PAUSED')
		meta.otherInfo = {
			title: 'FIRST_PAUSE',
			description: 'Your template has been paused for 3 hours due to low quality.',
		};
	if (upper === 'APPROVED' && reason === 'UNPAUSE') {
		meta.reason = 'NONE';
		meta.otherInfo = { title: 'UNPAUSE', description: 'Your template has been unpaused.' };
	}
	const event = {
		eventId: randomUUID(),
		timestamp: timestamp(),
		provider: 'WhatsApp',
		businessAccountId: sb.options.businessAccountId,
		accountId: sb.options.accountId,
		eventType: 'template_status_update',
		eventDetails: {
			templateId: Number(template.id),
			templateName: template.templateName,
			templateLanguage: template.language,
			meta,
		},
	};
	const delivery = postEvent(sb, event);
	const channel = { channelId: sb.options.channelId, channelName: sb.options.channelName };
	return { template: toListItem(template, channel), event, delivery };
}

module.exports = { postEvent, setTemplateStatus };
