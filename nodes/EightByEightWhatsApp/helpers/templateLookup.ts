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

/** Distinct names containing the filter (any case), sorted, each described by "language STATUS, …". */
export function templateNameResults(
	templates: TemplateDefinition[],
	filter?: string,
): Array<{ name: string; value: string; description: string }> {
	const needle = (filter ?? '').trim().toLowerCase();
	const byName = new Map<string, string[]>();
	for (const template of templates) {
		if (needle && !template.templateName.toLowerCase().includes(needle)) continue;
		const entries = byName.get(template.templateName) ?? [];
		entries.push(`${template.language} ${String(template.status ?? '').toUpperCase()}`.trim());
		byName.set(template.templateName, entries);
	}
	return [...byName.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([name, entries]) => ({ name, value: name, description: entries.sort().join(', ') }));
}

/** The languages one template name exists in, as options "language (STATUS)". */
export function templateLanguageOptions(
	templates: TemplateDefinition[],
	name: string,
): Array<{ name: string; value: string }> {
	return templates
		.filter((template) => template.templateName === name)
		.sort((a, b) => a.language.localeCompare(b.language))
		.map((template) => ({
			name: template.status
				? `${template.language} (${String(template.status).toUpperCase()})`
				: template.language,
			value: template.language,
		}));
}
