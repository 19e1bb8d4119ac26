'use strict';
/**
 * WhatsApp templates: the seed set, the store behind GET/POST/DELETE …/templates, and the
 * placeholder analysis used to validate template sends (codes 3040 / 3041 / 3042 …).
 *
 * Templates are stored in the list (OAS "Registered template") shape: components with type
 * HEADER|BODY|FOOTER|BUTTONS, `format` Text|Image|Video|Document|Location, `text`, `buttons`,
 * `example {headerText, bodyText, headerHandle}`.
 */
const { ApiError, invalid, isObject, isHttpUrl, timestamp } = require('./util');
const { LANGUAGE_NAMES, TEMPLATE_CATEGORIES, TEMPLATE_STATUS_NAMES } = require('./constants');

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const SEED_CREATED = '2025-03-02T09:15:27.41Z';
const SEED_UPDATED = '2025-03-03T11:02:48.07Z';

/** The templates every fresh (or reset) sandbox starts with. */
const SEED_TEMPLATES = [
	{
		templateName: 'order_update',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: 'Hi {{1}}, your order {{2}} has shipped.',
				example: { bodyText: ['Dana', 'A-1042'] },
			},
		],
	},
	{
		templateName: 'event_invitation',
		language: 'he',
		category: 'MARKETING',
		status: 'APPROVED',
		components: [
			{
				type: 'HEADER',
				format: 'Image',
				example: { headerHandle: ['https://picsum.photos/seed/event/800/418.jpg'] },
			},
			{
				type: 'BODY',
				text: 'שלום {{1}}, הוזמנת לאירוע {{2}}! לכל הפרטים ולאישור הגעה לחצו על הכפתור.',
				example: { bodyText: ['דנה', 'ערב השקה'] },
			},
			{ type: 'FOOTER', text: 'נשמח לראותך' },
			{
				type: 'BUTTONS',
				buttons: [
					{
						type: 'URL',
						text: 'לפרטים ואישור',
						url: 'https://events.example.com/e/{{1}}',
						example: ['launch-2025'],
					},
				],
			},
		],
	},
	{
		templateName: 'appointment_reminder',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		parameterFormat: 'NAMED',
		components: [
			{
				type: 'BODY',
				text: 'Hello {{first_name}}, this is a reminder of your appointment on {{date}}. Reply to confirm or reschedule.',
				example: { bodyText: ['Dana', 'June 3 at 10:00'] },
			},
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Confirm' },
					{ type: 'QUICK_REPLY', text: 'Reschedule' },
				],
			},
		],
	},
	{
		templateName: 'welcome_plain',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: 'Welcome to Sandbox Co! Reply to this message any time to chat with us.',
			},
			{ type: 'FOOTER', text: 'Sandbox Co' },
		],
	},
	{
		templateName: 'summer_coupon',
		language: 'en',
		category: 'MARKETING',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: 'Enjoy {{1}} off your next order with the code below.',
				example: { bodyText: ['25%'] },
			},
			{
				type: 'BUTTONS',
				buttons: [{ type: 'COPY_CODE', text: 'Copy offer code', example: ['25OFF'] }],
			},
		],
	},
	{
		templateName: 'store_pickup',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{ type: 'HEADER', format: 'Location' },
			{
				type: 'BODY',
				text: 'Your order {{1}} is ready for pickup at the store above.',
				example: { bodyText: ['A-1042'] },
			},
		],
	},
	{
		templateName: 'ticket_update',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'HEADER',
				format: 'Text',
				text: 'Ticket {{1}} updated',
				example: { headerText: ['T-311'] },
			},
			{
				type: 'BODY',
				text: 'Hi {{1}}, your ticket is now {{2}}.',
				example: { bodyText: ['Dana', 'resolved'] },
			},
			{ type: 'FOOTER', text: 'Sandbox Support' },
		],
	},
	{
		templateName: 'invoice_ready',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'HEADER',
				format: 'Document',
				example: { headerHandle: ['https://pdfobject.com/pdf/sample.pdf'] },
			},
			{
				type: 'BODY',
				text: 'Hi {{1}}, invoice {{2}} is attached.',
				example: { bodyText: ['Dana', 'INV-77'] },
			},
		],
	},
	{
		templateName: 'login_code',
		language: 'en',
		category: 'AUTHENTICATION',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: '*{{1}}* is your verification code. For your security, do not share this code.',
			},
			{ type: 'FOOTER', text: 'This code expires in 5 minutes.' },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
		],
	},
	{
		templateName: 'delivery_update',
		language: 'en',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: 'Your delivery {{1}} arrives today.',
				example: { bodyText: ['A-1042'] },
			},
		],
	},
	{
		templateName: 'delivery_update',
		language: 'es',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{ type: 'BODY', text: 'Tu entrega {{1}} llega hoy.', example: { bodyText: ['A-1042'] } },
		],
	},
	{
		templateName: 'spring_sale',
		language: 'en',
		category: 'MARKETING',
		status: 'PAUSED',
		components: [
			{
				type: 'BODY',
				text: 'Spring sale! {{1}} off everything this weekend.',
				example: { bodyText: ['30%'] },
			},
		],
	},
	{
		templateName: 'bad_promo',
		language: 'en',
		category: 'MARKETING',
		status: 'REJECTED',
		reason: 'INVALID_FORMAT',
		components: [
			{ type: 'BODY', text: 'CLICK NOW!!! {{1}}', example: { bodyText: ['http://spam.example'] } },
		],
	},
];

function languageKey(language) {
	return String(language || '')
		.trim()
		.replace(/-/g, '_')
		.toLowerCase();
}

function templateKey(name, language) {
	return String(name || '').trim() + '|' + languageKey(language);
}

function languageName(language) {
	return LANGUAGE_NAMES[language] || LANGUAGE_NAMES[String(language).split('_')[0]] || language;
}

function placeholders(text) {
	const seen = [];
	if (typeof text !== 'string') return seen;
	PLACEHOLDER_RE.lastIndex = 0;
	let match;
	while ((match = PLACEHOLDER_RE.exec(text)) !== null)
		if (!seen.includes(match[1])) seen.push(match[1]);
	return seen;
}

/**
 * What a send of this template must carry:
 *  body: the distinct `{{n}}` / `{{name}}` placeholders of the BODY text (one text parameter each);
 *  header: null, or {kind: text|image|video|document|gif|location} (exactly one parameter);
 *  buttons: per button index, the parameter it needs (text for dynamic URL / OTP, couponCode for COPY_CODE)
 *           or what it may carry (payload for QUICK_REPLY, action for FLOW).
 */
function requirementsOf(template) {
	if (template._req) return template._req;
	const req = { body: [], named: false, header: null, buttons: [], requiredCount: 0 };
	for (const component of template.components || []) {
		const type = String(component.type || 'BODY').toUpperCase();
		if (type === 'BODY') {
			req.body = placeholders(component.text);
		} else if (type === 'HEADER') {
			const format = String(component.format || 'TEXT').toUpperCase();
			if (format === 'TEXT') {
				const vars = placeholders(component.text);
				if (vars.length) req.header = { kind: 'text', format, placeholders: vars };
			} else {
				req.header = { kind: format.toLowerCase(), format };
			}
		} else if (type === 'BUTTONS') {
			(component.buttons || []).forEach((button, index) => {
				const buttonType = String(button.type || '').toUpperCase();
				let needs = null;
				let optional = null;
				if (buttonType === 'URL' && placeholders(button.url).length) needs = 'text';
				else if (buttonType === 'COPY_CODE') needs = 'couponCode';
				else if (buttonType === 'OTP') needs = 'text';
				else if (buttonType === 'QUICK_REPLY') optional = 'payload';
				else if (buttonType === 'FLOW') optional = 'action';
				req.buttons.push({ index, type: buttonType, needs, optional });
			});
		}
	}
	req.named = req.body.some((name) => !/^\d+$/.test(name));
	req.requiredCount =
		req.body.length + (req.header ? 1 : 0) + req.buttons.filter((b) => b.needs).length;
	Object.defineProperty(template, '_req', {
		value: req,
		enumerable: false,
		writable: true,
		configurable: true,
	});
	return req;
}

/** The OAS list-item shape of a stored template. */
function toListItem(template, channel) {
	const item = {
		channelId: channel.channelId,
		channelName: channel.channelName,
		templateName: template.templateName,
		language: template.language,
		languageName: languageName(template.language),
		components: template.components,
		category: template.category,
		categoryName: TEMPLATE_CATEGORIES[template.category] || template.category,
		status: template.status,
		statusName: TEMPLATE_STATUS_NAMES[template.status] || template.status,
		createdAt: template.createdAt,
		updatedAt: template.updatedAt,
	};
	if (template.parameterFormat) item.parameterFormat = template.parameterFormat;
	return item;
}

const COMPONENT_TYPES = [
	'HEADER',
	'BODY',
	'FOOTER',
	'BUTTONS',
	'CAROUSEL',
	'CALL_PERMISSION_REQUEST',
	'REQUEST_CONTACT_INFO',
];
const HEADER_FORMATS = {
	TEXT: 'Text',
	IMAGE: 'Image',
	GIF: 'Gif',
	VIDEO: 'Video',
	DOCUMENT: 'Document',
	LOCATION: 'Location',
};
const BUTTON_TYPES = [
	'PHONE_NUMBER',
	'URL',
	'QUICK_REPLY',
	'OTP',
	'COPY_CODE',
	'FLOW',
	'VOICE_CALL',
	'REQUEST_CONTACT_INFO',
];

function examplesOf(source) {
	if (Array.isArray(source.examples))
		return source.examples.filter((e) => typeof e === 'string' && e.length);
	if (Array.isArray(source.example))
		return source.example.filter((e) => typeof e === 'string' && e.length);
	if (isObject(source.example)) {
		const all = [].concat(
			source.example.headerHandle || [],
			source.example.headerText || [],
			source.example.bodyText || [],
		);
		return all.filter((e) => typeof e === 'string' && e.length);
	}
	return [];
}

/** Validate a create request and turn it into the stored (list) shape. Throws ApiError. */
function parseCreateRequest(body) {
	if (!isObject(body))
		throw invalid(1000, 'Invalid parameter: the request body must be a JSON object');
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (!name || name.length > 512) {
		throw invalid(3031, "Invalid template name length: 'name' must be 1-512 characters");
	}
	if (!/^[a-z0-9_]+$/.test(name)) {
		throw invalid(
			3032,
			`Invalid template name '${name}': use only lowercase letters, digits and underscores`,
		);
	}
	const language = typeof body.language === 'string' ? body.language.trim() : '';
	if (!language) throw invalid(3036, "Empty template language: 'language' is required");
	if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language)) {
		throw invalid(
			3037,
			`Invalid template language '${language}': use a WhatsApp language code such as en, en_US or pt_BR`,
		);
	}
	const category = typeof body.category === 'string' ? body.category.trim().toUpperCase() : '';
	if (!TEMPLATE_CATEGORIES[category]) {
		throw invalid(
			1005,
			"Invalid parameter(s): 'category' must be MARKETING, UTILITY or AUTHENTICATION",
		);
	}
	if (!Array.isArray(body.components) || body.components.length === 0) {
		throw invalid(
			3034,
			"Invalid template components combination: 'components' must be a non-empty array",
		);
	}
	const seen = new Set();
	const components = [];
	body.components.forEach((raw, i) => {
		if (!isObject(raw))
			throw invalid(3039, `Invalid template component type: components[${i}] is not an object`);
		const type = String(raw.type || '').toUpperCase();
		if (!COMPONENT_TYPES.includes(type)) {
			throw invalid(
				3039,
				`Invalid template component type '${raw.type}' in components[${i}]: use ${COMPONENT_TYPES.join(', ')}`,
			);
		}
		if (seen.has(type))
			throw invalid(
				3034,
				`Invalid template components combination: more than one ${type} component`,
			);
		seen.add(type);
		const out = { type };
		if (type === 'HEADER') {
			const format = String(raw.format || '').toUpperCase();
			if (!HEADER_FORMATS[format]) {
				throw invalid(
					1005,
					`Invalid parameter(s): 'components[${i}].format' must be TEXT, IMAGE, GIF, VIDEO, DOCUMENT or LOCATION`,
				);
			}
			out.format = HEADER_FORMATS[format];
			const examples = examplesOf(raw);
			if (format === 'TEXT') {
				if (typeof raw.text !== 'string' || !raw.text.trim()) {
					throw invalid(
						1005,
						`Invalid parameter(s): 'components[${i}].text' is required for a TEXT header`,
					);
				}
				if (raw.text.length > 60)
					throw invalid(1005, `Invalid parameter(s): header text is longer than 60 characters`);
				if (placeholders(raw.text).length > 1) {
					throw invalid(3033, 'Too many template parameters: a TEXT header can hold one variable');
				}
				out.text = raw.text;
				if (examples.length) out.example = { headerText: examples };
			} else if (format !== 'LOCATION') {
				if (!examples.length) {
					throw invalid(
						3032,
						`Templates with ${format} header type need an example/sample, but it was not provided.`,
					);
				}
				out.example = { headerHandle: examples };
			}
		} else if (type === 'BODY' || type === 'FOOTER') {
			const limit = type === 'BODY' ? 1024 : 60;
			const needsText = !(
				category === 'AUTHENTICATION' &&
				(raw.add_security_recommendation !== undefined || type === 'FOOTER')
			);
			if (typeof raw.text === 'string' && raw.text.length) {
				if (raw.text.length > limit) {
					throw invalid(
						1005,
						`Invalid parameter(s): ${type} text is longer than ${limit} characters`,
					);
				}
				out.text = raw.text;
			} else if (needsText) {
				throw invalid(
					1005,
					`Invalid parameter(s): 'components[${i}].text' is required for ${type}`,
				);
			} else if (type === 'BODY') {
				out.text =
					'{{1}} is your verification code.' +
					(raw.add_security_recommendation ? ' For your security, do not share this code.' : '');
			} else {
				out.text = `This code expires in ${Number(raw.code_expiration_minutes) || 5} minutes.`;
			}
			const examples = examplesOf(raw);
			if (type === 'BODY' && examples.length) out.example = { bodyText: examples };
		} else if (type === 'BUTTONS') {
			if (!Array.isArray(raw.buttons) || raw.buttons.length === 0 || raw.buttons.length > 10) {
				throw invalid(
					3049,
					`Invalid button parameter: 'components[${i}].buttons' must hold 1-10 buttons`,
				);
			}
			out.buttons = raw.buttons.map((b, j) => {
				if (!isObject(b))
					throw invalid(3049, `Invalid button parameter: buttons[${j}] is not an object`);
				const buttonType = String(b.type || '').toUpperCase();
				if (!BUTTON_TYPES.includes(buttonType)) {
					throw invalid(
						3049,
						`Invalid button parameter: buttons[${j}].type '${b.type}' is not one of ${BUTTON_TYPES.join(', ')}`,
					);
				}
				if (typeof b.text !== 'string' || b.text.length < 1 || b.text.length > 25) {
					throw invalid(
						3049,
						`Invalid button parameter: buttons[${j}].text must be 1-25 characters`,
					);
				}
				const button = { type: buttonType, text: b.text };
				if (buttonType === 'URL') {
					if (!isHttpUrl(String(b.url || '').replace(/\{\{\s*1\s*\}\}/, 'x'))) {
						throw invalid(
							3049,
							`Invalid button parameter: buttons[${j}].url must be an http(s) URL`,
						);
					}
					button.url = b.url;
				}
				if (buttonType === 'PHONE_NUMBER') {
					if (typeof b.phoneNumber !== 'string' || !b.phoneNumber) {
						throw invalid(3049, `Invalid button parameter: buttons[${j}].phoneNumber is required`);
					}
					button.phoneNumber = b.phoneNumber;
				}
				if (buttonType === 'OTP') button.otp_type = b.otp_type || 'COPY_CODE';
				for (const key of ['flowId', 'flowAction', 'navigateScreen', 'ttlMinutes'])
					if (b[key] !== undefined) button[key] = b[key];
				const examples = examplesOf(b);
				if (examples.length) button.example = examples;
				return button;
			});
		} else {
			Object.assign(out, raw, { type });
		}
		components.push(out);
	});
	if (!seen.has('BODY') && !seen.has('CAROUSEL')) {
		throw invalid(
			3034,
			'Invalid template components combination: a template needs a BODY component',
		);
	}
	const template = { templateName: name, language, category, status: 'PENDING', components };
	if (
		components.some((c) => c.type === 'BODY' && placeholders(c.text).some((p) => !/^\d+$/.test(p)))
	) {
		template.parameterFormat = 'NAMED';
	}
	return template;
}

class TemplateStore {
	constructor(options) {
		this.options = options;
		this.reset();
	}

	reset() {
		this.items = [];
		this.byKey = new Map();
		this.deletedNames = new Map();
		this.nextId = 1000000000000001n;
		const seeds = this.options.templates || SEED_TEMPLATES;
		for (const seed of seeds) {
			this.add({
				createdAt: SEED_CREATED,
				updatedAt: SEED_UPDATED,
				...JSON.parse(JSON.stringify(seed)),
			});
		}
	}

	add(template) {
		if (!template.id) template.id = String(this.nextId++);
		if (!template.createdAt) template.createdAt = timestamp();
		if (!template.updatedAt) template.updatedAt = template.createdAt;
		this.items.push(template);
		this.byKey.set(templateKey(template.templateName, template.language), template);
		return template;
	}

	find(name, language) {
		return this.byKey.get(templateKey(name, language));
	}

	languagesOf(name) {
		return this.items.filter((t) => t.templateName === name).map((t) => t.language);
	}

	list(channel) {
		return this.items.map((t) => toListItem(t, channel));
	}

	/** POST …/templates. Returns the stored template (status PENDING). Throws ApiError. */
	create(body) {
		const template = parseCreateRequest(body);
		const deletedAt = this.deletedNames.get(template.templateName);
		if (deletedAt !== undefined && Date.now() - deletedAt < this.options.templateNameCooldownMs) {
			const lang = languageName(template.language);
			throw new ApiError(
				409,
				3060,
				`New ${lang} content can't be added while the existing ${lang} content is being deleted. Try again in 4 weeks or consider creating a new message template.`,
			);
		}
		if (this.find(template.templateName, template.language)) {
			throw invalid(
				3032,
				`Invalid template name: a template named '${template.templateName}' already exists in language '${template.language}'`,
			);
		}
		return this.add(template);
	}

	/** DELETE …/templates/{name}: removes every language of the name. Returns the removed templates. */
	remove(name) {
		const removed = this.items.filter((t) => t.templateName === name);
		if (!removed.length) return removed;
		this.items = this.items.filter((t) => t.templateName !== name);
		for (const t of removed) this.byKey.delete(templateKey(t.templateName, t.language));
		this.deletedNames.set(name, Date.now());
		return removed;
	}

	setStatus(template, status, reason) {
		template.status = status;
		if (reason !== undefined) template.reason = reason;
		template.updatedAt = timestamp();
		template._req = undefined;
	}
}

module.exports = {
	SEED_TEMPLATES,
	TemplateStore,
	requirementsOf,
	placeholders,
	languageName,
	templateKey,
	toListItem,
};
