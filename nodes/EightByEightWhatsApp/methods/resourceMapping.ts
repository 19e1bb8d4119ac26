import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getEightByEightCredentials, listTemplates } from '../../shared/transport';
import { findTemplate, toTemplateDefinitions } from '../helpers/templateLookup';
import {
	decodeTemplateValue,
	describeTemplate,
	templateMapperFields,
	templateTitle,
} from '../helpers/templates';

/** One field per value the chosen template takes: header, body variables, button parameters. */
export async function getTemplateVariables(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const raw = this.getNodeParameter('template', undefined, { extractValue: true });
	const chosen = decodeTemplateValue(raw);
	if (!chosen) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
	const channelOverride = String(this.getNodeParameter('channelId', '') ?? '').trim();
	const channelId = channelOverride || (await getEightByEightCredentials.call(this)).channelId;
	const templates = toTemplateDefinitions(await listTemplates.call(this, channelOverride));
	const { template, otherLanguages } = findTemplate(templates, chosen.name, chosen.language);
	if (!template) {
		throw new NodeOperationError(
			this.getNode(),
			`${templateTitle(chosen)} was not found on WhatsApp channel ${channelId}`,
			{
				description: otherLanguages.length
					? `The name exists in ${otherLanguages.join(', ')}: choose one of those languages.`
					: 'Pick the template from the list, or check Channel ID.',
			},
		);
	}
	const fields = templateMapperFields(describeTemplate(template));
	return fields.length
		? { fields }
		: { fields, emptyFieldsNotice: 'This template has no variables: there is nothing to fill in' };
}
