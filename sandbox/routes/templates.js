'use strict';
/**
 * WhatsApp templates (transport: templatesPath, templatePath):
 *   GET    /api/v1/accounts/{acc}/channels/{ch}/templates         list
 *   POST   /api/v1/accounts/{acc}/channels/{ch}/templates         create (→ PENDING, or autoApproveMs)
 *   DELETE /api/v1/accounts/{acc}/channels/{ch}/templates/{name}  delete every language of a name
 * The store and the validation rules are in lib/templates.js; status changes post a CABM event
 * (cabmEvents.js).
 */
const { ApiError } = require('../lib/util');
const { toListItem } = require('../lib/templates');
const { setTemplateStatus } = require('../cabmEvents');

function channelOf(sb) {
	return { channelId: sb.options.channelId, channelName: sb.options.channelName };
}

function listTemplates(sb) {
	return { status: 200, body: { templates: sb.templates.list(channelOf(sb)) } };
}

function createTemplate(sb, body) {
	const template = sb.templates.create(body);
	if (sb.options.autoApproveMs !== null) {
		const generation = sb.generation;
		sb.receiptTimers.later(sb.options.autoApproveMs, () => {
			if (generation !== sb.generation || !sb.templates.items.includes(template)) return;
			const rejected = template.templateName.startsWith('reject_');
			setTemplateStatus(
				sb,
				template,
				rejected ? 'REJECTED' : 'APPROVED',
				rejected ? 'INVALID_FORMAT' : 'NONE',
			);
		});
	}
	return { status: 200, body: toListItem(template, channelOf(sb)) };
}

function deleteTemplate(sb, name) {
	const removed = sb.templates.remove(name);
	if (!removed.length) throw new ApiError(404, 1300, `Template not found: '${name}'`);
	return { status: 200 };
}

const TEMPLATES = '/api/v1/accounts/:account/channels/:channel/templates';
const routes = [
	{ method: 'GET', path: TEMPLATES, handle: (sb) => listTemplates(sb) },
	{ method: 'POST', path: TEMPLATES, handle: (sb, { body }) => createTemplate(sb, body()) },
	{
		method: 'DELETE',
		path: `${TEMPLATES}/:name`,
		handle: (sb, { params }) => deleteTemplate(sb, params.name),
	},
];

module.exports = { routes, channelOf };
