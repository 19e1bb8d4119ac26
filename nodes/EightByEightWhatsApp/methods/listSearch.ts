import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listTemplates } from '../../shared/transport';
import {
	searchApprovedTemplates,
	templateNameResults,
	toTemplateDefinitions,
} from '../helpers/templateLookup';
import { encodeTemplateValue } from '../helpers/templates';

/** The channel's APPROVED templates as "name (language)", searchable by name; value `name|language`. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const channelId = String(this.getNodeParameter('channelId', '') ?? '');
	const templates = toTemplateDefinitions(await listTemplates.call(this, channelId));
	return {
		results: searchApprovedTemplates(templates, filter).map((template) => ({
			name: `${template.templateName} (${template.language})`,
			value: encodeTemplateValue(template.templateName, template.language),
			description: template.category ? String(template.category) : undefined,
		})),
	};
}

/**
 * Every template name of the channel, in any status (for Template > Get and Delete), with its
 * languages and statuses as the description; value = the name.
 */
export async function searchTemplateNames(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const channelId = String(this.getNodeParameter('channelId', '') ?? '');
	const templates = toTemplateDefinitions(await listTemplates.call(this, channelId));
	return { results: templateNameResults(templates, filter) };
}
