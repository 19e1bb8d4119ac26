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

/** WhatsApp's own receipts (the phone got it, or read it) carry the BSUID; earlier ones do not. */
function fromWhatsApp(step) {
	return step.detail === 'delivered_to_recipient' || step.state === 'read';
}

/** pricingCategory: "with sent status, and one of either delivered or read" (the samples show both). */
function carriesPricing(step) {
	if (step.state === 'sent' || step.state === 'read') return true;
	// The operator hop is generated before WhatsApp has the message; whether it carries pricing is
	// not documented, so it does not here.
	return step.state === 'delivered' && step.detail !== 'delivered_to_operator';
}

function receiptUser(record, step, version) {
	const user = {};
	const { msisdn, channelUserId } = record.user;
	if (msisdn) user.msisdn = msisdn;
	if (step.channelUserId !== undefined) {
		if (step.channelUserId !== null) user.channelUserId = step.channelUserId;
	} else if (version === 8) {
		// v8: "Always the phone number digits (same value as msisdn)"; the samples use one placeholder
		// for both, so the sandbox repeats msisdn as given.
		if (msisdn || channelUserId) user.channelUserId = msisdn || channelUserId;
	} else if (channelUserId) {
		user.channelUserId = channelUserId; // sent to the BSUID: every receipt names it
	} else if (fromWhatsApp(step) && msisdn) {
		user.channelUserId = syntheticBsuid(msisdn);
	}
	return user;
}

/**
 * The webhook body of one receipt step. options: {content (outboundContent), version 8 | 9}.
 * v8 differs from v9: no `version` field, channelUserId = the phone number, no outboundContent.
 */
function receiptEnvelope(record, step, options = {}) {
	const version = options.version === 8 ? 8 : 9;
	const status = { state: step.state };
	if (step.detail) status.detail = step.detail;
	status.timestamp = timestamp();
	if (step.errorCode !== undefined) status.errorCode = step.errorCode;
	if (step.errorMessage !== undefined) status.errorMessage = step.errorMessage;
	const payload = { umid: record.umid };
	if (record.batchId) payload.batchId = record.batchId;
	if (record.clientMessageId !== undefined) payload.clientMessageId = record.clientMessageId;
	if (record.clientBatchId !== undefined) payload.clientBatchId = record.clientBatchId;
	payload.subAccountId = record.subAccountId;
	payload.channel = 'whatsapp';
	payload.user = receiptUser(record, step, version);
	payload.status = status;
	const whatsapp = {};
	if (step.providerErrorCode) whatsapp.providerErrorCode = step.providerErrorCode;
	if (step.pricingCategory !== undefined) {
		if (step.pricingCategory !== null) whatsapp.pricingCategory = step.pricingCategory;
	} else if (carriesPricing(step)) {
		whatsapp.pricingCategory = record.template ? record.template.category.toLowerCase() : 'service';
	}
	if (Object.keys(whatsapp).length) payload.whatsapp = whatsapp;
	if (version === 9 && step.detail === 'delivered_to_recipient' && options.content)
		payload.outboundContent = options.content;
	const envelope = {
		version: 9,
		namespace: 'ChatApps',
		eventType: 'outbound_message_status_changed',
		description: 'ChatApps outbound message delivery receipt',
		payload,
	};
	if (version === 8) delete envelope.version;
	return envelope;
}

module.exports = { outboundContent, receiptEnvelope };
