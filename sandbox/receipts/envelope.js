'use strict';
/** The v9 outbound_message_status_changed body of one receipt step, and its `outboundContent`. */
const { timestamp } = require('../lib/util');
const { syntheticBsuid } = require('../lib/identity');

function hydrate(text, params, names) {
	if (typeof text !== 'string') return text;
	return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key) => {
		const index = names.indexOf(key);
		const param = index >= 0 ? params[index] : undefined;
		return param && param.text !== undefined ? String(param.text) : whole;
	});
}

/** What the recipient saw, as 8x8 echoes it in v9 receipts (`outboundContent`). */
function outboundContent(message, validated) {
	const content = message.content || {};
	if (validated.type === 'text')
		return { channel: 'whatsapp', contentType: 'text', body: { text: content.text } };
	if (validated.type === 'location')
		return {
			channel: 'whatsapp',
			contentType: 'location',
			header: { type: 'location', location: content.location },
		};
	if (validated.type === 'interactive') {
		const interactive = content.interactive || {};
		return {
			channel: 'whatsapp',
			contentType: 'interactive',
			body: interactive.body ? { text: interactive.body.text } : undefined,
			meta: { interactiveType: interactive.type },
		};
	}
	if (validated.type === 'template') {
		const template = validated.template;
		const out = {
			channel: 'whatsapp',
			contentType: template.category === 'AUTHENTICATION' ? 'template_auth' : 'template',
			template: {
				name: template.templateName,
				language: template.language,
				category: template.category,
			},
		};
		const params = validated.templateParams || {};
		for (const component of template.components) {
			if (component.type === 'BODY') {
				const names = [];
				String(component.text || '').replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (w, k) => {
					if (!names.includes(k)) names.push(k);
					return w;
				});
				out.body = { text: hydrate(component.text, params.body || [], names) };
			} else if (component.type === 'FOOTER') {
				out.footer = { text: component.text };
			}
		}
		if (out.contentType === 'template_auth' && out.body) {
			out.body.text = out.body.text.replace(/\d{4,8}/g, '******');
			out.meta = {
				redacted: true,
				redactionReason: 'OTP codes are masked in agent-facing contexts',
			};
		}
		return out;
	}
	return {
		channel: 'whatsapp',
		contentType: 'media',
		header: {
			type: validated.type === 'file' ? 'document' : validated.type,
			media: { url: content.url },
		},
		body: content.text ? { text: content.text } : undefined,
	};
}

function receiptEnvelope(record, step, content) {
	const status = { state: step.state };
	if (step.detail) status.detail = step.detail;
	status.timestamp = timestamp();
	if (step.errorCode !== undefined) {
		status.errorCode = step.errorCode;
		status.errorMessage = step.errorMessage;
	}
	const user = {};
	if (record.user.msisdn) user.msisdn = record.user.msisdn;
	const fromWhatsApp = step.state === 'delivered' || step.state === 'read';
	if (record.user.channelUserId) user.channelUserId = record.user.channelUserId;
	else if (fromWhatsApp && record.user.msisdn)
		user.channelUserId = syntheticBsuid(record.user.msisdn);
	const payload = { umid: record.umid };
	if (record.batchId) payload.batchId = record.batchId;
	if (record.clientMessageId !== undefined) payload.clientMessageId = record.clientMessageId;
	if (record.clientBatchId !== undefined) payload.clientBatchId = record.clientBatchId;
	payload.subAccountId = record.subAccountId;
	payload.channel = 'whatsapp';
	payload.user = user;
	payload.status = status;
	if (step.providerErrorCode) payload.whatsapp = { providerErrorCode: step.providerErrorCode };
	else if (step.state !== 'queued')
		payload.whatsapp = {
			pricingCategory: record.template ? record.template.category.toLowerCase() : 'service',
		};
	if (step.detail === 'delivered_to_recipient' && content) payload.outboundContent = content;
	return {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload,
	};
}

module.exports = { outboundContent, receiptEnvelope };
