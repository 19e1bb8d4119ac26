/**
 * The request body of "Create template" (`POST /api/v1/accounts/{accountId}/channels/{channelId}/templates`),
 * built from the node's fields and checked before anything is sent: every `{{n}}` has an example,
 * media headers have an example URL, URL buttons put their one variable at the end.
 *
 * Shape (8x8 OpenAPI "Add WhatsApp template" and the docs' template library):
 * `{name, language, category, allow_category_change, components: [HEADER?, BODY, FOOTER?, BUTTONS?],
 *   message_send_ttl_seconds?}` with `examples: [...]` on HEADER / BODY components and on buttons.
 * (The OpenAPI names the button property `example`; every example in 8x8's docs uses `examples`,
 * as the components do, so that is what is sent.)
 */
import type { IDataObject } from 'n8n-workflow';

import { isHttpUrl } from './limits';
import { parsePlaceholders } from './templates';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const HEADER_TYPES = ['none', 'text', 'image', 'video', 'document', 'location'] as const;
export const BUTTON_TYPES = ['quickReply', 'url', 'phoneNumber', 'copyCode'] as const;

export type HeaderType = (typeof HEADER_TYPES)[number];
export type ButtonType = (typeof BUTTON_TYPES)[number];

export const TEMPLATE_LIMITS = {
	headerText: 60,
	bodyText: 1024,
	footerText: 60,
	buttonText: 25,
	buttons: 10,
} as const;

export const DEFAULT_COPY_CODE_TEXT = 'Copy offer code';

export interface TemplateButtonInput {
	type: ButtonType | string;
	text?: string;
	url?: string;
	urlExample?: string;
	phoneNumber?: string;
	example?: string;
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
}

const BUTTON_API_TYPES: Record<ButtonType, string> = {
	quickReply: 'QUICK_REPLY',
	url: 'URL',
	phoneNumber: 'PHONE_NUMBER',
	copyCode: 'COPY_CODE',
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
	if (named.length && named.length !== placeholders.length) {
		problems.push(`${part} mixes numbered and named variables (${list(keys)}); use one kind`);
	} else if (!named.length) {
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

export function buildTemplateCreateBody(input: TemplateCreateInput): {
	body?: IDataObject;
	problems: string[];
} {
	const problems: string[] = [];
	const push = (problem: string | undefined) => {
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

	const components: IDataObject[] = [];

	const headerType = clean(input.headerType || 'none').toLowerCase();
	if (headerType === 'text') {
		const text = input.headerText ?? '';
		const example = clean(input.headerTextExample);
		if (!text.trim()) problems.push('Header Text is empty');
		push(lengthProblem('Header Text', text, TEMPLATE_LIMITS.headerText));
		const placeholders = parsePlaceholders(text);
		if (placeholders.length > 1) {
			problems.push(
				`Header Text has ${placeholders.length} variables; a text header can hold one ({{1}})`,
			);
		} else {
			problems.push(...variableProblems('Header Text', text, example ? [example] : []));
		}
		const header: IDataObject = { type: 'HEADER', format: 'TEXT', text };
		if (placeholders.length === 1 && example) header.examples = [example];
		components.push(header);
	} else if (headerType === 'image' || headerType === 'video' || headerType === 'document') {
		const example = clean(input.headerMediaExample);
		if (!example) {
			problems.push(
				`A ${headerType.toUpperCase()} header needs an example: a public URL of a sample ${headerType} for WhatsApp's review`,
			);
		} else if (!isHttpUrl(example)) {
			problems.push(`Header Example URL must be an http(s) URL, got "${example}"`);
		}
		components.push({
			type: 'HEADER',
			format: headerType.toUpperCase(),
			...(example ? { examples: [example] } : {}),
		});
	} else if (headerType === 'location') {
		components.push({ type: 'HEADER', format: 'LOCATION' });
	} else if (headerType !== 'none') {
		problems.push(`Header Type "${input.headerType}" is not one of ${HEADER_TYPES.join(', ')}`);
	}

	const bodyText = input.bodyText ?? '';
	const bodyExamples = input.bodyExamples.map(clean);
	if (!bodyText.trim()) problems.push('Body Text is empty');
	push(lengthProblem('Body Text', bodyText, TEMPLATE_LIMITS.bodyText));
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

	if (input.buttons.length > TEMPLATE_LIMITS.buttons) {
		problems.push(
			`${input.buttons.length} buttons; WhatsApp allows at most ${TEMPLATE_LIMITS.buttons}`,
		);
	}
	const buttons: IDataObject[] = [];
	input.buttons.forEach((raw, index) => {
		const label = `Button ${index + 1}`;
		const type = raw.type as ButtonType;
		const apiType = BUTTON_API_TYPES[type];
		if (!apiType) {
			problems.push(`${label}: type "${raw.type}" is not one of ${BUTTON_TYPES.join(', ')}`);
			return;
		}
		const text = clean(raw.text) || (type === 'copyCode' ? DEFAULT_COPY_CODE_TEXT : '');
		if (!text) problems.push(`${label}: Text is empty`);
		push(lengthProblem(`${label} text`, text, TEMPLATE_LIMITS.buttonText));
		const button: IDataObject = { type: apiType, text };
		if (type === 'url') {
			const url = clean(raw.url);
			const placeholders = [...url.matchAll(PLACEHOLDER)].map((match) => match[1]);
			if (!url) problems.push(`${label}: URL is empty`);
			else if (!isHttpUrl(url.replace(PLACEHOLDER, 'x')))
				problems.push(`${label}: URL must be an http(s) URL, got "${url}"`);
			if (placeholders.length > 1 || (placeholders.length === 1 && placeholders[0] !== '1')) {
				problems.push(`${label}: a URL button takes one variable, {{1}}, at the end of the URL`);
			} else if (placeholders.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url)) {
				problems.push(`${label}: {{1}} must be at the end of the URL`);
			}
			button.url = url;
			const example = clean(raw.urlExample);
			if (placeholders.length) {
				if (!example) {
					problems.push(
						`${label}: the URL has the variable {{1}}; add URL Example (the value that replaces {{1}}, e.g. the last part of a real link)`,
					);
				} else button.examples = [example];
			}
		} else if (type === 'phoneNumber') {
			const phoneNumber = clean(raw.phoneNumber);
			if (!phoneNumber) problems.push(`${label}: Phone Number is empty`);
			button.phoneNumber = phoneNumber;
		} else if (type === 'copyCode') {
			const example = clean(raw.example);
			if (!example) problems.push(`${label}: a copy-code button needs an Example Code`);
			else button.examples = [example];
		}
		buttons.push(button);
	});
	if (buttons.length) components.push({ type: 'BUTTONS', buttons });

	const request: IDataObject = {
		name,
		language,
		category,
		allow_category_change: input.allowCategoryChange,
		components,
	};
	if (input.messageSendTtlSeconds !== undefined) {
		const ttl = Number(input.messageSendTtlSeconds);
		if (!Number.isInteger(ttl) || (ttl < 30 && ttl !== -1)) {
			problems.push(
				`Message Send TTL must be a whole number of seconds (at least 30, or -1 for 30 days), got ${String(input.messageSendTtlSeconds)}`,
			);
		}
		request.message_send_ttl_seconds = ttl;
	}
	return problems.length ? { problems } : { body: request, problems };
}
