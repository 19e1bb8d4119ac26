/**
 * Pure template logic: read a template definition, derive the variables it needs, turn mapped
 * values into the `content.template.components` array of the 8x8 send request, and say precisely
 * what is missing instead of letting 8x8 answer 3040 / 3041.
 *
 * Request shape (8x8 OpenAPI examples, canonical enum casing): header/body parameters
 * `{type:"text",text}`, media `{type:"image"|"video"|"document"|"gif",url}`, location
 * `{type:"location",location:{latitude,longitude,name,address}}`; buttons
 * `{type:"button",index:<int>,subType:"Url"|"QuickReply"|"CopyCode"|"Flow",parameters:[…]}`.
 * Named variables (`{{first_name}}`): 8x8's spec has no field for them, and 8x8 relays WhatsApp
 * templates to Meta's Cloud API, whose named parameters are `{type:"text",parameter_name,text}`;
 * so that is what is sent (an assumption, stated in the README).
 */
import type { IDataObject, ResourceMapperField } from 'n8n-workflow';

import { unevaluatedExpression } from './expressions';
import { isHttpUrl, lengthProblem, LIMITS } from './limits';
import type {
	ButtonKind,
	ButtonSpec,
	HeaderSpec,
	MediaFormat,
	Placeholder,
	TemplateDefinition,
	TemplateSpec,
} from './types';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MEDIA_FORMATS: MediaFormat[] = ['image', 'video', 'document', 'gif'];
const STATIC_COMPONENTS = ['FOOTER', 'CALL_PERMISSION_REQUEST', 'REQUEST_CONTACT_INFO'];

/** The resource-locator value of a template: `name|language`. */
export function encodeTemplateValue(name: string, language: string): string {
	return `${name}|${language}`;
}

export function decodeTemplateValue(
	value: unknown,
): { name: string; language: string } | undefined {
	if (typeof value !== 'string') return undefined;
	const separator = value.lastIndexOf('|');
	if (separator <= 0 || separator === value.length - 1) return undefined;
	const name = value.slice(0, separator).trim();
	const language = value.slice(separator + 1).trim();
	if (!name || !language) return undefined;
	return { name, language };
}

/** Distinct placeholders in order: numbered ones sorted by number, named ones by first use. */
export function parsePlaceholders(text: string | undefined): Placeholder[] {
	if (!text) return [];
	const keys: string[] = [];
	for (const match of text.matchAll(PLACEHOLDER)) {
		if (!keys.includes(match[1])) keys.push(match[1]);
	}
	const numbered = keys.every((key) => /^\d+$/.test(key));
	if (numbered) keys.sort((a, b) => Number(a) - Number(b));
	return keys.map((key) => ({ key, named: !/^\d+$/.test(key) }));
}

export function placeholderLabel(placeholder: Placeholder): string {
	return `{{${placeholder.key}}}`;
}

function normalizeKey(value: unknown): string {
	return String(value ?? '')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '');
}

function buttonKind(type: string, url: string | undefined): ButtonKind | undefined {
	switch (type) {
		case 'URL':
			return parsePlaceholders(url).length > 0 ? 'url' : 'static';
		case 'QUICKREPLY':
			return 'quickReply';
		case 'COPYCODE':
			return 'copyCode';
		case 'FLOW':
			return 'flow';
		case 'OTP':
			return 'otp';
		case 'PHONENUMBER':
		case 'VOICECALL':
			return 'static';
		default:
			return undefined;
	}
}

export function describeTemplate(definition: TemplateDefinition): TemplateSpec {
	const spec: TemplateSpec = {
		name: definition.templateName,
		language: definition.language,
		status: String(definition.status ?? '').toUpperCase(),
		category: String(definition.category ?? '').toUpperCase(),
		header: { format: 'none' },
		body: { text: '', placeholders: [] },
		buttons: [],
		unsupported: [],
	};
	for (const component of definition.components ?? []) {
		const type = String(component.type ?? '').toUpperCase();
		if (type === 'HEADER') {
			spec.header = describeHeader(component.format, component.text);
		} else if (type === 'BODY') {
			spec.body = { text: component.text ?? '', placeholders: parsePlaceholders(component.text) };
		} else if (type === 'BUTTONS') {
			(component.buttons ?? []).forEach((button, index) => {
				const kind = buttonKind(normalizeKey(button.type), button.url);
				const label = button.text ?? String(button.type ?? '');
				if (!kind) {
					spec.unsupported.push(`button ${index} of type ${String(button.type)}`);
					return;
				}
				const entry: ButtonSpec = { index, kind, label };
				if (kind === 'url') {
					entry.url = button.url;
					entry.variable = parsePlaceholders(button.url)[0];
				}
				spec.buttons.push(entry);
			});
		} else if (type === 'CAROUSEL') {
			spec.unsupported.push('carousel cards');
		} else if (!STATIC_COMPONENTS.includes(type)) {
			spec.unsupported.push(`a ${type || 'typeless'} component`);
		}
	}
	// Authentication templates carry the one-time code as body {{1}} even when 8x8 lists no body text.
	if (spec.category === 'AUTHENTICATION' && spec.body.placeholders.length === 0) {
		spec.body.placeholders = [{ key: '1', named: false }];
	}
	return spec;
}

function describeHeader(format: unknown, text: string | undefined): HeaderSpec {
	const normalized = String(format ?? 'text').toLowerCase();
	if (normalized === 'text') {
		const variable = parsePlaceholders(text)[0];
		return variable
			? { format: 'text', text: text ?? '', variable }
			: { format: 'text', text: text ?? '' };
	}
	if ((MEDIA_FORMATS as string[]).includes(normalized))
		return { format: normalized as MediaFormat };
	if (normalized === 'location') return { format: 'location' };
	return { format: 'none' };
}

const MEDIA_LABELS: Record<MediaFormat, string> = {
	image: 'Image',
	video: 'Video',
	document: 'Document',
	gif: 'GIF',
};

export const FIELD = {
	headerText: 'header.text',
	headerMediaUrl: 'header.mediaUrl',
	headerLatitude: 'header.latitude',
	headerLongitude: 'header.longitude',
	headerName: 'header.name',
	headerAddress: 'header.address',
	body: (key: string) => `body.${key}`,
	buttonUrl: (index: number) => `button.${index}.url`,
	buttonPayload: (index: number) => `button.${index}.payload`,
	buttonCouponCode: (index: number) => `button.${index}.couponCode`,
};

/** The editor cuts a field label after about 26 characters; the button's own text is shortened to fit. */
const MAX_LABEL_LENGTH = 26;

/** "Button 1 URL (Track order)": numbered from 1 as the user sees the buttons (ids keep 8x8's 0-based index). */
export function buttonFieldName(button: ButtonSpec, what: string): string {
	const base = `Button ${button.index + 1} ${what}`;
	const room = MAX_LABEL_LENGTH - base.length - 3;
	const text = button.label.trim();
	if (!text || room < 3) return base;
	return `${base} (${text.length > room ? `${text.slice(0, room - 1).trimEnd()}…` : text})`;
}

interface FieldInfo {
	id: string;
	displayName: string;
	required: boolean;
	type: 'string';
}

/** Every value the template takes at send time, with stable ids (`body.1`, `button.0.url`, …). */
export function templateFieldInfo(spec: TemplateSpec): FieldInfo[] {
	const fields: FieldInfo[] = [];
	const { header } = spec;
	if (header.format === 'text' && header.variable) {
		fields.push({
			id: FIELD.headerText,
			displayName: `Header ${placeholderLabel(header.variable)}`,
			required: true,
			type: 'string',
		});
	} else if (header.format === 'location') {
		// Text, not number: n8n would refuse a mapped "1.2857" for a number field before the node sees it.
		fields.push(
			{
				id: FIELD.headerLatitude,
				displayName: 'Header Location Latitude',
				required: true,
				type: 'string',
			},
			{
				id: FIELD.headerLongitude,
				displayName: 'Header Location Longitude',
				required: true,
				type: 'string',
			},
			{
				id: FIELD.headerName,
				displayName: 'Header Location Name',
				required: false,
				type: 'string',
			},
			{
				id: FIELD.headerAddress,
				displayName: 'Header Location Address',
				required: false,
				type: 'string',
			},
		);
	} else if (header.format !== 'none' && header.format !== 'text') {
		fields.push({
			id: FIELD.headerMediaUrl,
			displayName: `Header ${MEDIA_LABELS[header.format]} URL`,
			required: true,
			type: 'string',
		});
	}
	const isAuth = spec.category === 'AUTHENTICATION';
	for (const placeholder of spec.body.placeholders) {
		fields.push({
			id: FIELD.body(placeholder.key),
			displayName:
				isAuth && placeholder.key === '1'
					? 'Body {{1}} (One-Time Code)'
					: `Body ${placeholderLabel(placeholder)}`,
			required: true,
			type: 'string',
		});
	}
	for (const button of spec.buttons) {
		if (button.kind === 'url') {
			fields.push({
				id: FIELD.buttonUrl(button.index),
				displayName: buttonFieldName(button, 'URL'),
				required: true,
				type: 'string',
			});
		} else if (button.kind === 'quickReply') {
			fields.push({
				id: FIELD.buttonPayload(button.index),
				displayName: buttonFieldName(button, 'Payload'),
				required: false,
				type: 'string',
			});
		} else if (button.kind === 'copyCode') {
			fields.push({
				id: FIELD.buttonCouponCode(button.index),
				displayName: buttonFieldName(button, 'Code'),
				required: true,
				type: 'string',
			});
		}
	}
	return fields;
}

export function templateMapperFields(spec: TemplateSpec): ResourceMapperField[] {
	return templateFieldInfo(spec).map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: field.type,
		readOnly: false,
		removed: false,
	}));
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function asText(value: unknown): string {
	return typeof value === 'string' ? value : String(value);
}

function toCoordinate(value: unknown): number | undefined {
	const number = typeof value === 'number' ? value : Number(asText(value).trim());
	return Number.isFinite(number) ? number : undefined;
}

export function templateTitle(spec: Pick<TemplateSpec, 'name' | 'language'>): string {
	return `Template "${spec.name}" (${spec.language})`;
}

function fill(text: string, values: Map<string, string>): string {
	return text.replace(PLACEHOLDER, (whole, key: string) => values.get(key) ?? whole);
}

function textParameter(placeholder: Placeholder, text: string): IDataObject {
	return placeholder.named
		? { type: 'text', parameter_name: placeholder.key, text }
		: { type: 'text', text };
}

export interface TemplateBuild {
	components: IDataObject[];
	/** One sentence per problem; empty when the template can be sent. */
	problems: string[];
	/** Fields whose value is an expression that n8n did not evaluate (see helpers/expressions.ts). */
	unevaluated: string[];
}

/** Template Variables fields whose value is n8n expression text that reached the node unevaluated. */
export function unevaluatedVariables(spec: TemplateSpec, values: IDataObject): string[] {
	const problems: string[] = [];
	for (const field of templateFieldInfo(spec)) {
		const expression = unevaluatedExpression(values[field.id]);
		if (expression) {
			problems.push(
				`"${field.displayName}" holds the text "${expression}": an n8n expression that was never evaluated, so the customer would receive it as typed`,
			);
		}
	}
	return problems;
}

/**
 * Ids in a "define below" form that the template does not take: the form was generated for another
 * template (the editor had not reloaded it), and those values would be dropped without a word.
 */
export function foreignVariableIds(spec: TemplateSpec, values: IDataObject): string[] {
	const known = new Set(templateFieldInfo(spec).map((field) => field.id));
	return Object.keys(values).filter((id) => !known.has(id) && !isEmpty(values[id]));
}

/** Checks the mapped values against the template and builds the components array. */
export function buildTemplateComponents(spec: TemplateSpec, values: IDataObject): TemplateBuild {
	const problems: string[] = [];
	const components: IDataObject[] = [];
	const title = templateTitle(spec);
	const unevaluated = unevaluatedVariables(spec, values);
	problems.push(...unevaluated);

	if (spec.status !== 'APPROVED') {
		problems.push(
			`${title} is ${spec.status || 'not approved'}; WhatsApp only sends APPROVED templates`,
		);
	}
	if (spec.unsupported.length > 0) {
		problems.push(`${title} uses ${spec.unsupported.join(', ')}, which this node cannot fill yet`);
	}

	const header = buildHeader(spec, values, problems);
	if (header) components.push(header);

	const bodyValues = new Map<string, string>();
	const missing: string[] = [];
	for (const placeholder of spec.body.placeholders) {
		const value = values[FIELD.body(placeholder.key)];
		if (isEmpty(value)) missing.push(placeholderLabel(placeholder));
		else bodyValues.set(placeholder.key, asText(value));
	}
	const expected = spec.body.placeholders.length;
	if (missing.length > 0) {
		const all = spec.body.placeholders.map(placeholderLabel).join(', ');
		problems.push(
			`${title} expects ${expected} body variable${expected === 1 ? '' : 's'} (${all}) but ${missing.length} ${missing.length === 1 ? 'is' : 'are'} empty: ${missing.join(', ')}`,
		);
	} else if (expected > 0) {
		const tooLong = lengthProblem(
			'The body with its variables filled in',
			fill(spec.body.text, bodyValues),
			LIMITS.body,
		);
		if (tooLong && spec.body.text) problems.push(tooLong);
		components.push({
			type: 'body',
			parameters: spec.body.placeholders.map((placeholder) =>
				textParameter(placeholder, bodyValues.get(placeholder.key) as string),
			),
		});
	}

	for (const button of spec.buttons) {
		const component = buildButton(spec, button, values, bodyValues, problems);
		if (component) components.push(component);
	}
	return { components, problems, unevaluated };
}

function buildHeader(
	spec: TemplateSpec,
	values: IDataObject,
	problems: string[],
): IDataObject | undefined {
	const { header } = spec;
	const title = templateTitle(spec);
	if (header.format === 'none') return undefined;
	if (header.format === 'text') {
		if (!header.variable) return undefined;
		const value = values[FIELD.headerText];
		if (isEmpty(value)) {
			problems.push(
				`${title} has a text header with the variable ${placeholderLabel(header.variable)}, but "Header ${placeholderLabel(header.variable)}" is empty`,
			);
			return undefined;
		}
		const text = asText(value);
		const filled = fill(header.text, new Map([[header.variable.key, text]]));
		const tooLong = lengthProblem(
			'The header with its variable filled in',
			filled,
			LIMITS.headerText,
		);
		if (tooLong) problems.push(tooLong);
		return { type: 'header', parameters: [textParameter(header.variable, text)] };
	}
	if (header.format === 'location') {
		const latitude = toCoordinate(values[FIELD.headerLatitude]);
		const longitude = toCoordinate(values[FIELD.headerLongitude]);
		let valid = true;
		if (isEmpty(values[FIELD.headerLatitude]) || isEmpty(values[FIELD.headerLongitude])) {
			problems.push(
				`${title} has a location header: "Header Location Latitude" and "Header Location Longitude" are required`,
			);
			valid = false;
		} else {
			if (latitude === undefined || latitude < -90 || latitude > 90) {
				problems.push(
					`Header location latitude "${asText(values[FIELD.headerLatitude])}" is not a number between -90 and 90`,
				);
				valid = false;
			}
			if (longitude === undefined || longitude < -180 || longitude > 180) {
				problems.push(
					`Header location longitude "${asText(values[FIELD.headerLongitude])}" is not a number between -180 and 180`,
				);
				valid = false;
			}
		}
		if (!valid) return undefined;
		const location: IDataObject = { latitude, longitude };
		if (!isEmpty(values[FIELD.headerName])) location.name = asText(values[FIELD.headerName]);
		if (!isEmpty(values[FIELD.headerAddress]))
			location.address = asText(values[FIELD.headerAddress]);
		return { type: 'header', parameters: [{ type: 'location', location }] };
	}
	const label = `Header ${MEDIA_LABELS[header.format]} URL`;
	const url = values[FIELD.headerMediaUrl];
	if (isEmpty(url)) {
		problems.push(
			`${title} has ${header.format === 'image' ? 'an' : 'a'} ${header.format.toUpperCase()} header, but "${label}" is empty`,
		);
		return undefined;
	}
	if (!isHttpUrl(asText(url).trim())) {
		problems.push(`"${label}" must be a public http(s) URL, got "${asText(url)}"`);
		return undefined;
	}
	return { type: 'header', parameters: [{ type: header.format, url: asText(url).trim() }] };
}

function buildButton(
	spec: TemplateSpec,
	button: ButtonSpec,
	values: IDataObject,
	bodyValues: Map<string, string>,
	problems: string[],
): IDataObject | undefined {
	const title = templateTitle(spec);
	switch (button.kind) {
		case 'url': {
			const value = values[FIELD.buttonUrl(button.index)];
			if (isEmpty(value)) {
				problems.push(
					`${title} has a dynamic URL button (button ${button.index + 1}, "${button.label}") whose URL ends in ${placeholderLabel(button.variable as Placeholder)}, but "${buttonFieldName(button, 'URL')}" is empty`,
				);
				return undefined;
			}
			return {
				type: 'button',
				index: button.index,
				subType: 'Url',
				parameters: [{ type: 'text', text: asText(value) }],
			};
		}
		case 'quickReply': {
			const value = values[FIELD.buttonPayload(button.index)];
			if (isEmpty(value)) return undefined;
			return {
				type: 'button',
				index: button.index,
				subType: 'QuickReply',
				parameters: [{ type: 'payload', payload: asText(value) }],
			};
		}
		case 'copyCode': {
			const value = values[FIELD.buttonCouponCode(button.index)];
			if (isEmpty(value)) {
				problems.push(
					`${title} has a copy-code button (button ${button.index + 1}), but "${buttonFieldName(button, 'Code')}" is empty`,
				);
				return undefined;
			}
			const tooLong = lengthProblem(
				buttonFieldName(button, 'Code'),
				asText(value),
				LIMITS.couponCode,
			);
			if (tooLong) {
				problems.push(tooLong);
				return undefined;
			}
			return {
				type: 'button',
				index: button.index,
				subType: 'CopyCode',
				parameters: [{ type: 'couponCode', couponCode: asText(value) }],
			};
		}
		case 'flow':
			return {
				type: 'button',
				index: button.index,
				subType: 'Flow',
				parameters: [{ type: 'action' }],
			};
		case 'otp': {
			// WhatsApp's one-time-password button carries the same code as body {{1}}, as a URL parameter.
			const code = bodyValues.get('1');
			if (code === undefined) return undefined;
			return {
				type: 'button',
				index: button.index,
				subType: 'Url',
				parameters: [{ type: 'text', text: code }],
			};
		}
		default:
			return undefined;
	}
}
