/**
 * The request body of "Create template" (`POST /api/v1/accounts/{accountId}/channels/{channelId}/templates`),
 * built from the node's fields and checked before anything is sent against what 8x8 documents:
 * every `{{n}}` has an example, media headers have an example URL, URL buttons put their one
 * variable at the end, button texts are 1–20 characters (OpenAPI), phone buttons name their
 * country when the number is national, the time to live fits its category.
 *
 * Shape (8x8 OpenAPI "Add WhatsApp template" and the docs' template library):
 * `{name, language, category, allow_category_change, components: [HEADER?, BODY, FOOTER?, BUTTONS?],
 *   message_send_ttl_seconds?}` with `examples: [...]` on HEADER / BODY components and on buttons.
 * (The OpenAPI names the button property `example`; every example in 8x8's docs uses `examples`,
 * as the components do, so that is what is sent.)
 *
 * AUTHENTICATION templates have their own shape (template-message-api-library.mdx): WhatsApp
 * writes their text, so there is no header, body text or other button:
 * `[{type: BODY, add_security_recommendation}, {type: FOOTER, code_expiration_minutes}?,
 *   {type: BUTTONS, buttons: [{type: OTP, text, otp_type: COPY_CODE}]}]`.
 *
 * Variables are numbered: 8x8 documents only `{{1}}`, `{{2}}`, … for templates it creates; its API
 * has no field for Meta's named parameters (`parameter_format`), so named ones are refused.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizePhone } from '../../shared/phone';
import { isHttpUrl } from './limits';
import { parsePlaceholders } from './templates';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const HEADER_TYPES = ['none', 'text', 'image', 'video', 'document', 'location'] as const;
export const BUTTON_TYPES = ['quickReply', 'url', 'phoneNumber', 'copyCode', 'flow'] as const;
export const FLOW_ACTIONS = ['navigate', 'data_exchange'] as const;

export type HeaderType = (typeof HEADER_TYPES)[number];
export type ButtonType = (typeof BUTTON_TYPES)[number];

export const TEMPLATE_LIMITS = {
	headerText: 60,
	/** supported-chat-apps-content-type.md: "Template Body (with other components) 1,024". */
	bodyTextWithOtherComponents: 1024,
	footerText: 60,
	/** OpenAPI: button `text` minLength 1, maxLength 20 (the guides say 25; the API is the contract). */
	buttonText: 20,
	buttons: 10,
	/** Meta's range for an authentication template's code expiry. */
	codeExpirationMinutes: { min: 1, max: 90 },
} as const;

/** OpenAPI `message_send_ttl_seconds`: the valid ranges per category; -1 = 30 days where allowed. */
export const TTL_RANGES: Record<string, { min: number; max: number; unlimited: boolean }> = {
	AUTHENTICATION: { min: 30, max: 900, unlimited: true },
	UTILITY: { min: 30, max: 43200, unlimited: true },
	MARKETING: { min: 43200, max: 2592000, unlimited: false },
};

export const DEFAULT_COPY_CODE_TEXT = 'Copy offer code';
export const DEFAULT_OTP_BUTTON_TEXT = 'Copy code';

export interface TemplateButtonInput {
	type: ButtonType | string;
	text?: string;
	url?: string;
	urlExample?: string;
	phoneNumber?: string;
	/** Phone buttons: ISO 3166-1 alpha-2 country, required for a national number (OpenAPI `country`). */
	country?: string;
	example?: string;
	/** Flow buttons. */
	flowId?: string;
	flowAction?: string;
	navigateScreen?: string;
}

/** The fields of an AUTHENTICATION template (the others are WhatsApp's fixed text). */
export interface AuthenticationInput {
	addSecurityRecommendation: boolean;
	/** Adds "This code expires in N minutes."; undefined: no expiry footer. */
	codeExpirationMinutes?: number;
	/** The copy-code button's label. */
	otpButtonText?: string;
}

export interface TemplateCreateInput {
	name: string;
	language: string;
	category: string;
	allowCategoryChange: boolean;
	headerType: HeaderType | string;
	headerText?: string;
	headerTextExample?: string;
	headerMediaExample?: string;
	bodyText: string;
	bodyExamples: string[];
	footerText?: string;
	buttons: TemplateButtonInput[];
	messageSendTtlSeconds?: number;
	/** Used (only) when category is AUTHENTICATION. */
	authentication?: AuthenticationInput;
}

const BUTTON_API_TYPES: Record<ButtonType, string> = {
	quickReply: 'QUICK_REPLY',
	url: 'URL',
	phoneNumber: 'PHONE_NUMBER',
	copyCode: 'COPY_CODE',
	flow: 'FLOW',
};

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function clean(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

function list(keys: string[]): string {
	return keys.map((key) => `{{${key}}}`).join(', ');
}

/** Problems with the variables of a text: numbering and the number of examples given. */
function variableProblems(part: string, text: string, examples: string[]): string[] {
	const placeholders = parsePlaceholders(text);
	const problems: string[] = [];
	if (placeholders.length === 0) {
		if (examples.length) {
			problems.push(
				`${part} has no variables but ${examples.length} example${examples.length === 1 ? '' : 's'} ${examples.length === 1 ? 'was' : 'were'} given; remove ${examples.length === 1 ? 'it' : 'them'}`,
			);
		}
		return problems;
	}
	const keys = placeholders.map((placeholder) => placeholder.key);
	const named = placeholders.filter((placeholder) => placeholder.named);
	if (named.length) {
		problems.push(
			`${part} has named variables (${list(named.map((placeholder) => placeholder.key))}): 8x8 documents only numbered variables for new templates ({{1}}, {{2}}, …) and its API has no field to declare named ones; number them instead`,
		);
	} else {
		const expected = keys.map((_, index) => String(index + 1));
		if (keys.join(',') !== expected.join(',')) {
			problems.push(
				`${part} variables must be numbered {{1}}, {{2}}, … without gaps; found ${list(keys)}`,
			);
		}
	}
	const empty = examples.findIndex((example) => example === '');
	if (empty >= 0) problems.push(`${part} example ${empty + 1} is empty`);
	if (examples.length !== placeholders.length) {
		const missing = keys.slice(examples.length);
		problems.push(
			examples.length < placeholders.length
				? `${part} has ${placeholders.length} variable${placeholders.length === 1 ? '' : 's'} (${list(keys)}) but ${examples.length} example${examples.length === 1 ? '' : 's'}: add an example for ${list(missing)}`
				: `${part} has ${placeholders.length} variable${placeholders.length === 1 ? '' : 's'} (${list(keys)}) but ${examples.length} examples; give exactly one example per variable`,
		);
	}
	return problems;
}

function lengthProblem(part: string, text: string, limit: number): string | undefined {
	const length = [...text].length;
	return length > limit
		? `${part} is ${length} characters long; WhatsApp allows at most ${limit}`
		: undefined;
}

type Push = (problem: string | undefined) => void;

function headerComponent(input: TemplateCreateInput, push: Push): IDataObject | undefined {
	const headerType = clean(input.headerType || 'none').toLowerCase();
	if (headerType === 'text') {
		const text = input.headerText ?? '';
		const example = clean(input.headerTextExample);
		if (!text.trim()) push('Header Text is empty');
		push(lengthProblem('Header Text', text, TEMPLATE_LIMITS.headerText));
		const placeholders = parsePlaceholders(text);
		if (placeholders.length > 1) {
			push(`Header Text has ${placeholders.length} variables; a text header can hold one ({{1}})`);
		} else {
			variableProblems('Header Text', text, example ? [example] : []).forEach(push);
		}
		const header: IDataObject = { type: 'HEADER', format: 'TEXT', text };
		if (placeholders.length === 1 && example) header.examples = [example];
		return header;
	}
	if (headerType === 'image' || headerType === 'video' || headerType === 'document') {
		const example = clean(input.headerMediaExample);
		if (!example) {
			push(
				`A ${headerType.toUpperCase()} header needs an example: a public URL of a sample ${headerType} for WhatsApp's review`,
			);
		} else if (!isHttpUrl(example)) {
			push(`Header Example URL must be an http(s) URL, got "${example}"`);
		}
		return {
			type: 'HEADER',
			format: headerType.toUpperCase(),
			...(example ? { examples: [example] } : {}),
		};
	}
	if (headerType === 'location') return { type: 'HEADER', format: 'LOCATION' };
	if (headerType !== 'none') {
		push(`Header Type "${input.headerType}" is not one of ${HEADER_TYPES.join(', ')}`);
	}
	return undefined;
}

function phoneButtonProblems(label: string, raw: TemplateButtonInput, push: Push): IDataObject {
	const phoneNumber = clean(raw.phoneNumber);
	const country = clean(raw.country).toUpperCase();
	const out: IDataObject = { phoneNumber };
	if (!phoneNumber) {
		push(`${label}: Phone Number is empty`);
		return out;
	}
	if (country && !/^[A-Z]{2}$/.test(country)) {
		push(`${label}: Country "${raw.country}" is not a two-letter ISO country code (e.g. SG, US)`);
		return out;
	}
	const international = /^\s*(\+|00)/.test(phoneNumber);
	if (!international && !country) {
		push(
			`${label}: "${phoneNumber}" is a national number; set Country (8x8 requires it for numbers without + and country code) or write it with + and the country code`,
		);
		return out;
	}
	const checked = normalizePhone(phoneNumber, country ? { defaultCountry: country } : {});
	if (!checked.ok) push(`${label}: ${checked.reason}`);
	if (country) out.country = country;
	return out;
}

function buttonComponents(input: TemplateCreateInput, push: Push): IDataObject[] {
	if (input.buttons.length > TEMPLATE_LIMITS.buttons) {
		push(`${input.buttons.length} buttons; WhatsApp allows at most ${TEMPLATE_LIMITS.buttons}`);
	}
	const buttons: IDataObject[] = [];
	input.buttons.forEach((raw, index) => {
		const label = `Button ${index + 1}`;
		const type = raw.type as ButtonType;
		const apiType = BUTTON_API_TYPES[type];
		if (!apiType) {
			push(`${label}: type "${raw.type}" is not one of ${BUTTON_TYPES.join(', ')}`);
			return;
		}
		const text = clean(raw.text) || (type === 'copyCode' ? DEFAULT_COPY_CODE_TEXT : '');
		if (!text) push(`${label}: Text is empty`);
		push(lengthProblem(`${label} text`, text, TEMPLATE_LIMITS.buttonText));
		const button: IDataObject = { type: apiType, text };
		if (type === 'url') {
			const url = clean(raw.url);
			const placeholders = [...url.matchAll(PLACEHOLDER)].map((match) => match[1]);
			if (!url) push(`${label}: URL is empty`);
			else if (!isHttpUrl(url.replace(PLACEHOLDER, 'x')))
				push(`${label}: URL must be an http(s) URL, got "${url}"`);
			if (placeholders.length > 1 || (placeholders.length === 1 && placeholders[0] !== '1')) {
				push(`${label}: a URL button takes one variable, {{1}}, at the end of the URL`);
			} else if (placeholders.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url)) {
				push(`${label}: {{1}} must be at the end of the URL`);
			}
			button.url = url;
			const example = clean(raw.urlExample);
			if (placeholders.length) {
				if (!example) {
					push(
						`${label}: the URL has the variable {{1}}; add URL Example (the value that replaces {{1}}, e.g. the last part of a real link)`,
					);
				} else button.examples = [example];
			}
		} else if (type === 'phoneNumber') {
			Object.assign(button, phoneButtonProblems(label, raw, push));
		} else if (type === 'copyCode') {
			const example = clean(raw.example);
			if (!example) push(`${label}: a copy-code button needs an Example Code`);
			else button.examples = [example];
		} else if (type === 'flow') {
			const flowId = clean(raw.flowId);
			if (!flowId) push(`${label}: a Flow button needs the Flow ID of a published WhatsApp Flow`);
			button.flowId = flowId;
			const action = clean(raw.flowAction);
			if (action) {
				if (!(FLOW_ACTIONS as readonly string[]).includes(action))
					push(`${label}: Flow Action "${action}" is not one of ${FLOW_ACTIONS.join(', ')}`);
				button.flowAction = action;
			}
			const screen = clean(raw.navigateScreen);
			if (screen) button.navigateScreen = screen;
		}
		buttons.push(button);
	});
	return buttons;
}

function authenticationComponents(input: TemplateCreateInput, push: Push): IDataObject[] {
	const auth = input.authentication ?? { addSecurityRecommendation: true };
	const components: IDataObject[] = [
		{ type: 'BODY', add_security_recommendation: auth.addSecurityRecommendation === true },
	];
	if (auth.codeExpirationMinutes !== undefined) {
		const minutes = Number(auth.codeExpirationMinutes);
		const { min, max } = TEMPLATE_LIMITS.codeExpirationMinutes;
		if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
			push(
				`Code Expiration must be a whole number of minutes from ${min} to ${max}, got ${String(auth.codeExpirationMinutes)}`,
			);
		}
		components.push({ type: 'FOOTER', code_expiration_minutes: minutes });
	}
	const text = clean(auth.otpButtonText) || DEFAULT_OTP_BUTTON_TEXT;
	push(lengthProblem('Copy Code Button Text', text, TEMPLATE_LIMITS.buttonText));
	components.push({ type: 'BUTTONS', buttons: [{ type: 'OTP', text, otp_type: 'COPY_CODE' }] });
	return components;
}

function ttlProblem(category: string, value: number | undefined): string | undefined {
	if (value === undefined) return undefined;
	const ttl = Number(value);
	const range = TTL_RANGES[category];
	if (!range) return undefined;
	const allowed = `${range.min.toLocaleString('en-US')}–${range.max.toLocaleString('en-US')} seconds${range.unlimited ? ', or -1 for 30 days' : ''}`;
	const ok =
		Number.isInteger(ttl) &&
		((ttl >= range.min && ttl <= range.max) || (range.unlimited && ttl === -1));
	return ok
		? undefined
		: `Message Send TTL for a ${category} template must be ${allowed}; got ${String(value)}`;
}

export function buildTemplateCreateBody(input: TemplateCreateInput): {
	body?: IDataObject;
	problems: string[];
} {
	const problems: string[] = [];
	const push: Push = (problem) => {
		if (problem) problems.push(problem);
	};
	const name = clean(input.name);
	const language = clean(input.language);
	const category = clean(input.category).toUpperCase();
	if (!name) problems.push('Name is empty');
	if (!language) problems.push('Language is empty (a WhatsApp language code such as en or en_US)');
	if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
		problems.push(`Category "${input.category}" is not one of ${TEMPLATE_CATEGORIES.join(', ')}`);
	}

	let components: IDataObject[];
	if (category === 'AUTHENTICATION') {
		// WhatsApp writes the text of authentication templates: the other fields do not apply.
		components = authenticationComponents(input, push);
	} else {
		components = [];
		const header = headerComponent(input, push);
		if (header) components.push(header);

		const bodyText = input.bodyText ?? '';
		const bodyExamples = input.bodyExamples.map(clean);
		if (!bodyText.trim()) problems.push('Body Text is empty');
		problems.push(...variableProblems('Body Text', bodyText, bodyExamples));
		const body: IDataObject = { type: 'BODY', text: bodyText };
		if (bodyExamples.length && parsePlaceholders(bodyText).length) body.examples = bodyExamples;
		components.push(body);

		const footerText = input.footerText ?? '';
		if (footerText.trim()) {
			push(lengthProblem('Footer Text', footerText, TEMPLATE_LIMITS.footerText));
			if (parsePlaceholders(footerText).length) problems.push('Footer Text cannot hold variables');
			components.push({ type: 'FOOTER', text: footerText });
		}

		const buttons = buttonComponents(input, push);
		if (buttons.length) components.push({ type: 'BUTTONS', buttons });

		// 8x8 documents the 1,024-character limit for a body with other components only.
		if (components.length > 1) {
			push(
				lengthProblem(
					'Body Text (in a template with a header, footer or buttons)',
					bodyText,
					TEMPLATE_LIMITS.bodyTextWithOtherComponents,
				),
			);
		}
	}

	const request: IDataObject = {
		name,
		language,
		category,
		allow_category_change: input.allowCategoryChange,
		components,
	};
	if (input.messageSendTtlSeconds !== undefined) {
		push(ttlProblem(category, input.messageSendTtlSeconds));
		request.message_send_ttl_seconds = Number(input.messageSendTtlSeconds);
	}
	return problems.length ? { problems } : { body: request, problems };
}
