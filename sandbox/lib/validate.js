'use strict';
/**
 * Validation of one outbound message (single send, or one entry of a batch), with 8x8's
 * synchronous error codes. Throws ApiError(400, code, message); returns what the sandbox needs to
 * record the message and play its receipts.
 */
const { invalid, isObject, isHttpUrl } = require('./util');
const { MESSAGE_TYPES, MEDIA_TYPES, INTERACTIVE_TYPES, CALLING_CODES } = require('./constants');
const { requirementsOf } = require('./templates');

const E164_RE = /^\+[1-9]\d{7,14}$/;
const NATIONAL_RE = /^\+?\d{4,15}$/;
const BSUID_RE = /^[A-Z]{2}\.[A-Za-z0-9]+$/;
const SEPARATORS_RE = /[\s\-().]/g;

const MSISDN_MESSAGE = 'Invalid MSISDN format (not E.164 international number)';

function normalizeRecipient(user) {
	if (!isObject(user)) throw invalid(3001, "Missed user: 'user' is required");
	const channelUserId = typeof user.channelUserId === 'string' ? user.channelUserId.trim() : '';
	const hasMsisdn = user.msisdn !== undefined && user.msisdn !== null && user.msisdn !== '';
	if (!hasMsisdn) {
		if (channelUserId) {
			if (!BSUID_RE.test(channelUserId)) {
				throw invalid(
					1005,
					"Invalid parameter(s): 'user.channelUserId' must look like 'US.13491208655302741918'",
				);
			}
			return { channelUserId };
		}
		throw invalid(1002, MSISDN_MESSAGE);
	}
	if (typeof user.msisdn !== 'string' && typeof user.msisdn !== 'number')
		throw invalid(1002, MSISDN_MESSAGE);
	const raw = String(user.msisdn).replace(SEPARATORS_RE, '');
	let msisdn;
	if (E164_RE.test(raw)) {
		msisdn = raw;
	} else if (user.country !== undefined && user.country !== null && user.country !== '') {
		const country = String(user.country).toUpperCase();
		if (!/^[A-Z]{2}$/.test(country)) throw invalid(3018, `Invalid country code '${user.country}'`);
		if (!NATIONAL_RE.test(raw)) throw invalid(1002, MSISDN_MESSAGE);
		const calling = CALLING_CODES[country];
		if (raw.startsWith('+')) msisdn = raw;
		else if (calling && raw.startsWith('00' + calling)) msisdn = '+' + raw.slice(2);
		else if (calling) msisdn = '+' + calling + raw.replace(/^0+/, '');
		else msisdn = '+' + raw.replace(/^0+/, '');
		if (!E164_RE.test(msisdn)) throw invalid(1002, MSISDN_MESSAGE);
	} else {
		throw invalid(1002, MSISDN_MESSAGE);
	}
	const out = { msisdn };
	if (channelUserId) out.channelUserId = channelUserId;
	return out;
}

function requireText(content, type) {
	if (typeof content.text !== 'string' || content.text.length === 0) {
		throw invalid(3005, `Missed text: 'content.text' is required for type ${type}`);
	}
	if (content.text.length > 4096) {
		throw invalid(
			3006,
			`Too long text: 'content.text' has ${content.text.length} characters, WhatsApp allows 4096`,
		);
	}
}

function validCoordinate(value, limit) {
	if (value === undefined || value === null || value === '') return false;
	const n = Number(value);
	return Number.isFinite(n) && Math.abs(n) <= limit;
}

function validateLocation(location) {
	return (
		isObject(location) &&
		validCoordinate(location.latitude, 90) &&
		validCoordinate(location.longitude, 180)
	);
}

function validateInteractive(interactive) {
	if (!isObject(interactive))
		throw invalid(
			1005,
			"Invalid parameter(s): 'content.interactive' is required for type interactive",
		);
	const type = String(interactive.type || '').toLowerCase();
	if (!INTERACTIVE_TYPES.has(type)) {
		throw invalid(
			1005,
			`Invalid parameter(s): 'content.interactive.type' '${interactive.type}' is not supported`,
		);
	}
	if (type === 'button' || type === 'list' || type === 'cta_url' || type === 'flow') {
		if (
			!isObject(interactive.body) ||
			typeof interactive.body.text !== 'string' ||
			!interactive.body.text
		) {
			throw invalid(1005, "Invalid parameter(s): 'content.interactive.body.text' is required");
		}
		if (interactive.body.text.length > 1024)
			throw invalid(
				1005,
				"Invalid parameter(s): 'content.interactive.body.text' is longer than 1024",
			);
		if (!isObject(interactive.action))
			throw invalid(1005, "Invalid parameter(s): 'content.interactive.action' is required");
	}
	if (type === 'button') {
		const buttons = interactive.action.buttons;
		if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
			throw invalid(
				1005,
				"Invalid parameter(s): 'content.interactive.action.buttons' must hold 1-3 reply buttons",
			);
		}
	}
	if (type === 'list') {
		const sections = interactive.action.sections;
		if (
			!Array.isArray(sections) ||
			sections.length < 1 ||
			sections.length > 10 ||
			typeof interactive.action.button !== 'string'
		) {
			throw invalid(
				1005,
				"Invalid parameter(s): a list needs 'action.button' and 1-10 'action.sections'",
			);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Templates

const SUBTYPE_OF_BUTTON = {
	URL: ['url'],
	COPY_CODE: ['copycode'],
	QUICK_REPLY: ['quickreply'],
	FLOW: ['flow'],
	VOICE_CALL: ['voicecall'],
	OTP: ['url', 'copycode'],
};

function plural(n, word) {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeTemplate(template) {
	return `template '${template.templateName}' (${template.language})`;
}

function checkTextParameter(param, where) {
	if (!isObject(param))
		throw invalid(3042, `Invalid template parameter type: ${where} is not an object`);
	const type = String(param.type || 'text').toLowerCase();
	if (type === 'currency' || type === 'date_time') return;
	if (type !== 'text') {
		throw invalid(
			3042,
			`Invalid template parameter type: ${where} must be of type text, got '${param.type}'`,
		);
	}
	if (typeof param.text !== 'string' && typeof param.text !== 'number') {
		throw invalid(3041, `Invalid template parameter: ${where} has no 'text'`);
	}
	if (String(param.text).length === 0)
		throw invalid(3041, `Invalid template parameter: ${where} is empty`);
	if (String(param.text).length > 1024) {
		throw invalid(
			3043,
			`Template text parameter length exceeded: ${where} is longer than 1024 characters`,
		);
	}
}

function validateTemplateComponents(template, sent) {
	const req = requirementsOf(template);
	const components =
		sent.components === undefined || sent.components === null ? [] : sent.components;
	if (!Array.isArray(components))
		throw invalid(1005, "Invalid parameter(s): 'content.template.components' must be an array");

	const body = [];
	const header = [];
	let headerSeen = false;
	const buttons = new Map();
	let given = 0;
	for (let i = 0; i < components.length; i++) {
		const component = components[i];
		if (!isObject(component))
			throw invalid(3039, `Invalid template component type: components[${i}] is not an object`);
		const type = String(component.type || 'body').toLowerCase();
		const params =
			component.parameters === undefined || component.parameters === null
				? []
				: component.parameters;
		if (!Array.isArray(params)) {
			throw invalid(
				1005,
				`Invalid parameter(s): 'content.template.components[${i}].parameters' must be an array`,
			);
		}
		given += params.length;
		if (type === 'body') body.push(...params);
		else if (type === 'header') {
			headerSeen = true;
			header.push(...params);
		} else if (type === 'button' || type === 'buttons') {
			const index = Number(component.index);
			if (
				component.index === undefined ||
				component.index === null ||
				component.index === '' ||
				!Number.isInteger(index) ||
				index < 0 ||
				index > 9
			) {
				throw invalid(
					3053,
					`Invalid index: button components need an 'index' 0-9 (components[${i}])`,
				);
			}
			const spec = req.buttons[index];
			if (!spec) {
				throw invalid(
					3053,
					`Invalid index: ${describeTemplate(template)} has ${plural(req.buttons.length, 'button')}, index ${index} was given`,
				);
			}
			const subType = String(component.subType === undefined ? '' : component.subType)
				.replace(/[_\s-]/g, '')
				.toLowerCase();
			const allowed = SUBTYPE_OF_BUTTON[spec.type] || [];
			if (!subType)
				throw invalid(3052, `Invalid template component SubType: button ${index} needs 'subType'`);
			if (allowed.length && !allowed.includes(subType)) {
				throw invalid(
					3052,
					`Invalid template component SubType: button ${index} of ${describeTemplate(template)} is ${spec.type}, subType '${component.subType}' was given`,
				);
			}
			buttons.set(index, { spec, params });
		} else if (type === 'footer') {
			if (params.length)
				throw invalid(3045, 'Template parameter not allowed: FOOTER takes no parameters');
		} else if (
			type === 'carousel' ||
			type === 'call_permission_request' ||
			type === 'request_contact_info'
		) {
			// accepted as-is
		} else {
			throw invalid(
				3039,
				`Invalid template component type '${component.type}': use body, header or button`,
			);
		}
	}

	if (req.requiredCount > 0 && given === 0) {
		throw invalid(
			3040,
			`Empty template parameters: ${describeTemplate(template)} needs ${plural(req.requiredCount, 'parameter')} but none were sent`,
		);
	}

	// BODY
	if (body.length !== req.body.length) {
		const expected = req.body.map((p) => `{{${p}}}`).join(', ');
		throw invalid(
			3041,
			`Invalid template parameter: BODY of ${describeTemplate(template)} expects ${plural(req.body.length, 'parameter')}` +
				(expected ? ` (${expected})` : '') +
				`, ${body.length} given`,
		);
	}
	body.forEach((param, i) => checkTextParameter(param, `BODY parameter ${i + 1}`));
	if (req.named) {
		const names = body
			.map((p) => p.parameter_name ?? p.parameterName)
			.filter((n) => n !== undefined);
		if (names.length) {
			const unknown = names.filter((n) => !req.body.includes(String(n)));
			if (unknown.length || names.length !== body.length) {
				throw invalid(
					3041,
					`Invalid template parameter: BODY of ${describeTemplate(template)} expects named parameters ${req.body.join(', ')}` +
						(unknown.length
							? `; unknown: ${unknown.join(', ')}`
							: '; some parameters have no parameter_name'),
				);
			}
		}
	}

	// HEADER
	const headerExpected = req.header ? 1 : 0;
	if (header.length !== headerExpected || (headerSeen && !req.header && header.length)) {
		const what = req.header ? `1 ${req.header.format} parameter` : 'no parameters';
		throw invalid(
			3041,
			`Invalid template parameter: HEADER of ${describeTemplate(template)} expects ${what}, ${header.length} given`,
		);
	}
	if (req.header) {
		const param = header[0];
		const kind = req.header.kind;
		const type = isObject(param) ? String(param.type || '').toLowerCase() : '';
		if (kind === 'text') {
			checkTextParameter(param, 'HEADER parameter');
		} else if (kind === 'location') {
			if (type !== 'location') {
				throw invalid(
					3042,
					`Invalid template parameter type: HEADER of ${describeTemplate(template)} expects a location parameter, got '${type || typeof param}'`,
				);
			}
			if (!validateLocation(param.location)) {
				throw invalid(
					3044,
					'Template location parameter empty: the HEADER location needs latitude and longitude',
				);
			}
		} else {
			const accepted = kind === 'gif' ? ['gif', 'video'] : [kind];
			if (!accepted.includes(type)) {
				throw invalid(
					3042,
					`Invalid template parameter type: HEADER of ${describeTemplate(template)} expects a ${kind} parameter, got '${type || typeof param}'`,
				);
			}
			if (!isHttpUrl(param.url)) {
				throw invalid(
					3046,
					`Template parameter URL is invalid: the HEADER ${kind} needs an absolute http(s) 'url'`,
				);
			}
		}
	}

	// BUTTONS
	for (const spec of req.buttons) {
		const sentButton = buttons.get(spec.index);
		const count = sentButton ? sentButton.params.length : 0;
		if (spec.needs && count !== 1) {
			throw invalid(
				3041,
				`Invalid template parameter: BUTTON ${spec.index} (${spec.type}) of ${describeTemplate(template)} expects 1 parameter, ${count} given`,
			);
		}
		if (!spec.needs && !spec.optional && count > 0) {
			throw invalid(
				3045,
				`Template parameter not allowed: BUTTON ${spec.index} (${spec.type}) takes no parameters`,
			);
		}
		if (count > 1) {
			throw invalid(
				3041,
				`Invalid template parameter: BUTTON ${spec.index} (${spec.type}) expects at most 1 parameter, ${count} given`,
			);
		}
		if (!count) continue;
		const param = sentButton.params[0];
		if (!isObject(param))
			throw invalid(
				3049,
				`Invalid button parameter: BUTTON ${spec.index} parameter is not an object`,
			);
		const type = String(param.type || '').toLowerCase();
		if (spec.needs === 'text') checkTextParameter(param, `BUTTON ${spec.index} parameter`);
		else if (spec.needs === 'couponCode') {
			if (type !== 'couponcode' || typeof param.couponCode !== 'string' || !param.couponCode) {
				throw invalid(
					3049,
					`Invalid button parameter: BUTTON ${spec.index} (COPY_CODE) needs {"type":"couponCode","couponCode":"…"}`,
				);
			}
			if (param.couponCode.length > 15)
				throw invalid(3049, 'Invalid button parameter: couponCode is longer than 15 characters');
		} else if (spec.optional === 'payload' && type !== 'payload') {
			throw invalid(
				3049,
				`Invalid button parameter: BUTTON ${spec.index} (QUICK_REPLY) takes a payload parameter`,
			);
		} else if (spec.optional === 'action' && type !== 'action') {
			throw invalid(
				3049,
				`Invalid button parameter: BUTTON ${spec.index} (FLOW) takes an action parameter`,
			);
		}
	}
	return { body, header: header[0] };
}

function validateTemplate(content, templates) {
	const sent = content.template;
	if (!isObject(sent))
		throw invalid(3030, "Empty template: 'content.template' is required for type template");
	const name = typeof sent.name === 'string' ? sent.name.trim() : '';
	if (!name || name.length > 512) {
		throw invalid(
			3031,
			"Invalid template name length: 'content.template.name' must be 1-512 characters",
		);
	}
	const language = typeof sent.language === 'string' ? sent.language.trim() : '';
	if (!language)
		throw invalid(3036, "Empty template language: 'content.template.language' is required");
	if (!/^[A-Za-z]{2,3}([_-][A-Za-z]{2,4})?$/.test(language)) {
		throw invalid(3037, `Invalid template language '${language}'`);
	}
	const template = templates.find(name, language);
	const NOT_FOUND = 'Template not found for provided name and language';
	if (!template) {
		const others = templates.languagesOf(name);
		throw invalid(
			3038,
			others.length ? `${NOT_FOUND} ('${name}' exists in: ${others.join(', ')})` : NOT_FOUND,
		);
	}
	if (template.status !== 'APPROVED' && template.status !== 'PAUSED') {
		throw invalid(
			3038,
			`${NOT_FOUND} ('${name}' (${template.language}) is ${template.status}; only APPROVED templates can be sent)`,
		);
	}
	const params = validateTemplateComponents(template, sent);
	return { template, params };
}

/**
 * @returns {{type: string, user: {msisdn?: string, channelUserId?: string}, template?: object,
 *   templateParams?: object}}
 */
function validateMessage(message, templates) {
	if (!isObject(message)) throw invalid(1000, 'Invalid parameter: a message must be a JSON object');
	const user = normalizeRecipient(message.user);
	if (message.type === undefined || message.type === null || message.type === '') {
		throw invalid(1005, "Invalid parameter(s): 'type'");
	}
	const content = message.content;
	if (!isObject(content)) throw invalid(3004, "Missed content: 'content' is required");
	const type = String(message.type).toLowerCase();
	if (!MESSAGE_TYPES.includes(type)) {
		throw invalid(3010, `Invalid content type '${message.type}': use ${MESSAGE_TYPES.join(', ')}`);
	}
	const result = { type, user };
	if (type === 'text') {
		requireText(content, type);
	} else if (MEDIA_TYPES.has(type)) {
		if (content.url === undefined || content.url === null || content.url === '') {
			throw invalid(3007, `Missed media URL: 'content.url' is required for type ${type}`);
		}
		if (!isHttpUrl(content.url))
			throw invalid(3008, "Invalid media URL: 'content.url' must be an absolute http(s) URL");
		if (typeof content.text === 'string' && content.text.length > 1024) {
			throw invalid(3006, 'Too long text: a media caption can hold 1024 characters');
		}
	} else if (type === 'location') {
		if (!validateLocation(content.location)) {
			throw invalid(
				3021,
				"Empty or invalid location: 'content.location.latitude' and 'content.location.longitude' are required",
			);
		}
	} else if (type === 'interactive') {
		validateInteractive(content.interactive);
	} else if (type === 'template') {
		const { template, params } = validateTemplate(content, templates);
		result.template = template;
		result.templateParams = params;
	}
	if (message.clientMessageId !== undefined && message.clientMessageId !== null) {
		if (String(message.clientMessageId).length > 50) {
			throw invalid(3009, 'Too long ClientMessageId: it can hold 50 characters');
		}
	}
	if (
		message.dlrCallbackUrl !== undefined &&
		message.dlrCallbackUrl !== null &&
		message.dlrCallbackUrl !== ''
	) {
		if (!isHttpUrl(message.dlrCallbackUrl))
			throw invalid(3020, "Invalid DR callback URL: 'dlrCallbackUrl' must be an http(s) URL");
	}
	if (message.scheduled !== undefined && message.scheduled !== null && message.scheduled !== '') {
		if (Number.isNaN(Date.parse(message.scheduled)))
			throw invalid(1011, "Invalid schedule time: 'scheduled' is not a date-time");
	}
	if (message.expiry !== undefined && message.expiry !== null && message.expiry !== '') {
		if (Number.isNaN(Date.parse(message.expiry)))
			throw invalid(1006, "Invalid expiry: 'expiry' is not a date-time");
	}
	if (typeof content.fallbackText === 'string' && content.fallbackText.length > 35000) {
		throw invalid(3017, 'Too long fallback text');
	}
	return result;
}

module.exports = { validateMessage, normalizeRecipient };
