/**
 * Pure builders for the session (non-template) message types, shaped like the 8x8 OpenAPI
 * examples, each checked against the WhatsApp limits before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { isHttpUrl, lengthProblem, LIMITS } from './limits';
import type { MessagePayload } from './types';

export interface ContentBuild {
	payload?: MessagePayload;
	problems: string[];
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

function push(problems: string[], problem: string | undefined): void {
	if (problem) problems.push(problem);
}

export function buildTextMessage(body: unknown): ContentBuild {
	const value = text(body);
	const problems: string[] = [];
	if (value.trim() === '') problems.push('Text is empty');
	push(problems, lengthProblem('Text', value, LIMITS.text));
	return problems.length
		? { problems }
		: { problems, payload: { type: 'text', content: { text: value } } };
}

export const MEDIA_TYPES = {
	image: 'image',
	video: 'video',
	audio: 'audio',
	document: 'file',
} as const;

export type MediaType = keyof typeof MEDIA_TYPES;

export function buildMediaMessage(mediaType: string, url: unknown, caption: unknown): ContentBuild {
	const problems: string[] = [];
	const type = MEDIA_TYPES[mediaType as MediaType];
	if (!type) problems.push(`Media type "${mediaType}" is not one of image, video, audio, document`);
	const link = text(url).trim();
	if (!link) problems.push('Media URL is empty');
	else if (!isHttpUrl(link)) problems.push(`Media URL must be a public http(s) URL, got "${link}"`);
	const captionText = text(caption);
	if (captionText && mediaType === 'audio')
		problems.push('WhatsApp audio messages cannot have a caption');
	push(problems, lengthProblem('Caption', captionText, LIMITS.caption));
	if (problems.length) return { problems };
	const content: IDataObject = { url: link };
	if (captionText) content.text = captionText;
	return { problems, payload: { type, content } };
}

function coordinate(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'number' ? value : Number(text(value).trim());
	return Number.isFinite(number) ? number : undefined;
}

export function buildLocationMessage(
	latitudeValue: unknown,
	longitudeValue: unknown,
	name: unknown,
	address: unknown,
): ContentBuild {
	const problems: string[] = [];
	const latitude = coordinate(latitudeValue);
	const longitude = coordinate(longitudeValue);
	if (latitude === undefined || latitude < -90 || latitude > 90) {
		problems.push(`Latitude "${text(latitudeValue)}" is not a number between -90 and 90`);
	}
	if (longitude === undefined || longitude < -180 || longitude > 180) {
		problems.push(`Longitude "${text(longitudeValue)}" is not a number between -180 and 180`);
	}
	if (problems.length) return { problems };
	const location: IDataObject = { latitude, longitude };
	if (text(name)) location.name = text(name);
	if (text(address)) location.address = text(address);
	return { problems, payload: { type: 'location', content: { location } } };
}

export interface InteractiveHeaderInput {
	type: 'none' | 'text' | 'image' | 'video' | 'document';
	text?: string;
	url?: string;
	filename?: string;
}

export interface ReplyButtonInput {
	id: string;
	title: string;
}

export interface ListRowInput {
	id: string;
	title: string;
	description?: string;
}

export interface ListSectionInput {
	title?: string;
	rows: ListRowInput[];
}

export interface InteractiveInput {
	interactiveType: 'button' | 'list' | 'cta_url';
	header: InteractiveHeaderInput;
	body: string;
	footer?: string;
	buttons?: ReplyButtonInput[];
	listButton?: string;
	sections?: ListSectionInput[];
	ctaDisplayText?: string;
	ctaUrl?: string;
}

/** Rows of the flat "List Rows" collection grouped into sections by consecutive section title. */
export function groupRowsIntoSections(
	rows: Array<ListRowInput & { section?: string }>,
): ListSectionInput[] {
	const sections: ListSectionInput[] = [];
	for (const row of rows) {
		const title = text(row.section).trim();
		const last = sections[sections.length - 1];
		const entry: ListRowInput = { id: text(row.id), title: text(row.title) };
		if (text(row.description)) entry.description = text(row.description);
		if (last && text(last.title) === title) last.rows.push(entry);
		else sections.push(title ? { title, rows: [entry] } : { rows: [entry] });
	}
	return sections;
}

function duplicates(values: string[]): string[] {
	return values.filter((value, index) => values.indexOf(value) !== index);
}

function buildInteractiveHeader(
	header: InteractiveHeaderInput,
	interactiveType: string,
	problems: string[],
) {
	if (header.type === 'none') return undefined;
	if (header.type === 'text') {
		const value = text(header.text);
		if (!value.trim()) {
			problems.push('Header text is empty (choose header type "None" for no header)');
			return undefined;
		}
		push(problems, lengthProblem('Header text', value, LIMITS.headerText));
		return { type: 'text', text: value };
	}
	if (interactiveType === 'list') {
		problems.push(`A list message can only have a text header, not ${header.type}`);
		return undefined;
	}
	const link = text(header.url).trim();
	if (!isHttpUrl(link)) {
		problems.push(`Header ${header.type} URL must be a public http(s) URL, got "${link}"`);
		return undefined;
	}
	const media: IDataObject = { link };
	if (header.type === 'document' && text(header.filename)) media.filename = text(header.filename);
	return { type: header.type, [header.type]: media };
}

export function buildInteractiveMessage(input: InteractiveInput): ContentBuild {
	const problems: string[] = [];
	const interactive: IDataObject = { type: input.interactiveType };
	const header = buildInteractiveHeader(input.header, input.interactiveType, problems);
	if (header) interactive.header = header;

	const body = text(input.body);
	if (!body.trim()) problems.push('Body text is empty');
	push(problems, lengthProblem('Body text', body, LIMITS.body));
	interactive.body = { text: body };

	const footer = text(input.footer);
	if (footer) {
		push(problems, lengthProblem('Footer text', footer, LIMITS.footer));
		interactive.footer = { text: footer };
	}

	if (input.interactiveType === 'button') {
		const buttons = input.buttons ?? [];
		if (buttons.length === 0) problems.push('Add at least one reply button');
		if (buttons.length > LIMITS.replyButtons) {
			problems.push(
				`${buttons.length} reply buttons given; WhatsApp allows at most ${LIMITS.replyButtons}`,
			);
		}
		buttons.forEach((button, index) => {
			const label = `Reply button ${index + 1}`;
			if (!text(button.id).trim()) problems.push(`${label} has no ID`);
			if (!text(button.title).trim()) problems.push(`${label} has no title`);
			push(
				problems,
				lengthProblem(
					`${label} title "${text(button.title)}"`,
					text(button.title),
					LIMITS.buttonTitle,
				),
			);
			push(problems, lengthProblem(`${label} ID`, text(button.id), LIMITS.buttonId));
		});
		for (const title of new Set(duplicates(buttons.map((button) => text(button.title))))) {
			problems.push(`Reply button title "${title}" is used twice; titles must be unique`);
		}
		for (const id of new Set(duplicates(buttons.map((button) => text(button.id))))) {
			problems.push(`Reply button ID "${id}" is used twice; IDs must be unique`);
		}
		interactive.action = {
			buttons: buttons.map((button) => ({
				type: 'reply',
				reply: { id: text(button.id), title: text(button.title) },
			})),
		};
	} else if (input.interactiveType === 'list') {
		const listButton = text(input.listButton);
		if (!listButton.trim()) problems.push('List button text is empty');
		push(problems, lengthProblem('List button text', listButton, LIMITS.listButton));
		const sections = input.sections ?? [];
		const rowCount = sections.reduce((total, section) => total + section.rows.length, 0);
		if (rowCount === 0) problems.push('Add at least one list row');
		if (sections.length > LIMITS.sections) {
			problems.push(
				`${sections.length} list sections given; WhatsApp allows at most ${LIMITS.sections}`,
			);
		}
		if (rowCount > LIMITS.rows) {
			problems.push(
				`${rowCount} list rows given; WhatsApp allows at most ${LIMITS.rows} rows across all sections`,
			);
		}
		sections.forEach((section, sectionIndex) => {
			const sectionTitle = text(section.title);
			if (sections.length > 1 && !sectionTitle.trim()) {
				problems.push(
					`List section ${sectionIndex + 1} has no title; a list with several sections needs one per section`,
				);
			}
			push(
				problems,
				lengthProblem(`Section title "${sectionTitle}"`, sectionTitle, LIMITS.sectionTitle),
			);
			section.rows.forEach((row, rowIndex) => {
				const label = sectionTitle
					? `Row ${rowIndex + 1} of section "${sectionTitle}"`
					: `Row ${rowIndex + 1}`;
				if (!text(row.id).trim()) problems.push(`${label} has no ID`);
				if (!text(row.title).trim()) problems.push(`${label} has no title`);
				push(
					problems,
					lengthProblem(`${label} title "${text(row.title)}"`, text(row.title), LIMITS.rowTitle),
				);
				push(
					problems,
					lengthProblem(`${label} description`, text(row.description), LIMITS.rowDescription),
				);
				push(problems, lengthProblem(`${label} ID`, text(row.id), LIMITS.rowId));
			});
		});
		const rowIds = sections.flatMap((section) => section.rows.map((row) => text(row.id)));
		for (const id of new Set(duplicates(rowIds))) {
			problems.push(`List row ID "${id}" is used twice; row IDs must be unique`);
		}
		interactive.action = {
			button: listButton,
			sections: sections.map((section) => {
				const rows = section.rows.map((row) => {
					const entry: IDataObject = { id: text(row.id), title: text(row.title) };
					if (text(row.description)) entry.description = text(row.description);
					return entry;
				});
				return text(section.title) ? { title: text(section.title), rows } : { rows };
			}),
		};
	} else if (input.interactiveType === 'cta_url') {
		const displayText = text(input.ctaDisplayText);
		const url = text(input.ctaUrl).trim();
		if (!displayText.trim()) problems.push('Button text is empty');
		push(problems, lengthProblem('Button text', displayText, LIMITS.ctaDisplayText));
		if (!isHttpUrl(url)) problems.push(`Button URL must be an http(s) URL, got "${url}"`);
		interactive.action = { parameters: { display_text: displayText, url } };
	} else {
		problems.push(
			`Interactive type "${String(input.interactiveType)}" is not one of button, list, cta_url`,
		);
	}

	if (problems.length) return { problems };
	return { problems, payload: { type: 'interactive', content: { interactive } } };
}

/** Parses the "Sections (JSON)" input: `[{"title":"…","rows":[{"id":"…","title":"…","description":"…"}]}]`. */
export function parseSectionsJson(value: unknown): {
	sections?: ListSectionInput[];
	problem?: string;
} {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			return { problem: `Sections (JSON) is not valid JSON: ${(error as Error).message}` };
		}
	}
	if (!Array.isArray(parsed)) return { problem: 'Sections (JSON) must be an array of sections' };
	const sections: ListSectionInput[] = [];
	for (const [index, entry] of parsed.entries()) {
		if (
			typeof entry !== 'object' ||
			entry === null ||
			!Array.isArray((entry as IDataObject).rows)
		) {
			return { problem: `Section ${index + 1} of Sections (JSON) needs a "rows" array` };
		}
		const section = entry as { title?: unknown; rows: unknown[] };
		const rows: ListRowInput[] = [];
		for (const row of section.rows) {
			if (typeof row !== 'object' || row === null) {
				return {
					problem: `Section ${index + 1} of Sections (JSON) has a row that is not an object`,
				};
			}
			const { id, title, description } = row as IDataObject;
			rows.push(
				description === undefined
					? { id: text(id), title: text(title) }
					: { id: text(id), title: text(title), description: text(description) },
			);
		}
		sections.push(section.title === undefined ? { rows } : { title: text(section.title), rows });
	}
	return { sections };
}
