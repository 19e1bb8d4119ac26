import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { COUNTRIES } from '../../shared/phone';
import { listTemplates } from '../../shared/transport';
import { templateLanguageOptions, toTemplateDefinitions } from '../helpers/templateLookup';

/** Countries for Default Country, by name, valued by ISO 3166-1 alpha-2 code. */
export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [...COUNTRIES]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((country) => ({ name: `${country.name} (+${country.callingCode})`, value: country.iso2 }));
}

/** The languages of the template chosen in Template (Template > Get). */
export async function getTemplateLanguages(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const chosen = this.getCurrentNodeParameter('templateName', { extractValue: true }) as unknown;
	const name = String(
		chosen && typeof chosen === 'object' ? ((chosen as { value?: unknown }).value ?? '') : (chosen ?? ''),
	).trim();
	if (!name) return [];
	const channelId = String(this.getNodeParameter('channelId', '') ?? '');
	const templates = toTemplateDefinitions(await listTemplates.call(this, channelId));
	return templateLanguageOptions(templates, name);
}
