import type { TemplateDefinition } from './types';

export function toTemplateDefinitions(raw: unknown[]): TemplateDefinition[] {
	return raw
		.filter(
			(entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
		)
		.map((entry) => {
			const name = entry.templateName ?? entry.name;
			return { ...entry, templateName: String(name ?? ''), language: String(entry.language ?? '') };
		})
		.filter((entry) => entry.templateName !== '' && entry.language !== '') as TemplateDefinition[];
}

export function isApproved(template: TemplateDefinition): boolean {
	return String(template.status ?? '').toUpperCase() === 'APPROVED';
}

/** APPROVED templates whose name contains the filter (any case), sorted by name then language. */
export function searchApprovedTemplates(
	templates: TemplateDefinition[],
	filter?: string,
): TemplateDefinition[] {
	const needle = (filter ?? '').trim().toLowerCase();
	return templates
		.filter(isApproved)
		.filter((template) => !needle || template.templateName.toLowerCase().includes(needle))
		.sort(
			(a, b) =>
				a.templateName.localeCompare(b.templateName) || a.language.localeCompare(b.language),
		);
}

export interface TemplateMatch {
	template?: TemplateDefinition;
	/** Languages the same template name exists in, when the requested language was not found. */
	otherLanguages: string[];
}

export function findTemplate(
	templates: TemplateDefinition[],
	name: string,
	language: string,
): TemplateMatch {
	const template = templates.find(
		(entry) => entry.templateName === name && entry.language === language,
	);
	if (template) return { template, otherLanguages: [] };
	const otherLanguages = templates
		.filter((entry) => entry.templateName === name)
		.map((entry) => entry.language);
	return { otherLanguages };
}
