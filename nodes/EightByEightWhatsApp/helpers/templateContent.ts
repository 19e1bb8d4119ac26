/**
 * The content of a template message from the node's Template / Template Variables fields, checked
 * against the channel's template list. Used by Send Template and "Send and Wait for Delivery".
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getEightByEightCredentials, listTemplates } from '../../shared/transport';
import { validationError } from './errors';
import { UNEVALUATED_FIX } from './expressions';
import { findTemplate, toTemplateDefinitions } from './templateLookup';
import {
	buildTemplateComponents,
	decodeTemplateValue,
	describeTemplate,
	foreignVariableIds,
	templateTitle,
} from './templates';
import type { MessagePayload, TemplateDefinition } from './types';

const VARIABLES_FIX =
	'Fill the fields named above under Template Variables (type a value or map an input field). They are generated from the template in 8x8: after the template changes, open Template Variables and refresh the fields.';
const FOREIGN_FIX =
	'The form under Template Variables was made for another template: reopen the node (the form then reloads for this template) or choose ⋮ > Refresh Variable List, and fill in the fields it shows.';
const UNSUPPORTED_FIX =
	'Send this template with an HTTP Request node (POST /api/v1/subaccounts/{subAccountId}/messages), or choose a template without those parts.';
const STATUS_FIX =
	'Only APPROVED templates are sent: pick another template, or wait until WhatsApp approves (or unpauses) this one.';

/** What several items of one execution share while preparing their template messages. */
export interface TemplateContentContext {
	/** The channel of items whose Channel ID is empty; unset: read from the credential. */
	defaultChannelId?: string;
	/** Template lists already asked for, by channel: one request per channel however many items. */
	templateLists?: Map<string, Promise<TemplateDefinition[]>>;
}

export async function prepareTemplateContent(
	this: IExecuteFunctions,
	itemIndex: number,
	context: TemplateContentContext = {},
): Promise<{ payload: MessagePayload; summary: IDataObject; needsPhoneNumber?: string }> {
	const node = this.getNode();
	const rawTemplate = this.getNodeParameter('template', itemIndex, '', { extractValue: true });
	const chosen = decodeTemplateValue(rawTemplate);
	if (!chosen) {
		throw validationError(
			node,
			itemIndex,
			[`Template "${String(rawTemplate ?? '')}" is not a template name and language`],
			'Pick the template from the list, or enter it By Name and Language as name|language (for example order_update|en).',
		);
	}
	const channelOverride = String(this.getNodeParameter('channelId', itemIndex, '') ?? '').trim();
	const channelId =
		channelOverride ||
		(context.defaultChannelId ?? (await getEightByEightCredentials.call(this)).channelId);
	const templateLists = context.templateLists ?? new Map<string, Promise<TemplateDefinition[]>>();
	let list = templateLists.get(channelId);
	if (!list) {
		list = listTemplates.call(this, channelId, itemIndex).then(toTemplateDefinitions);
		templateLists.set(channelId, list);
	}
	const { template, otherLanguages } = findTemplate(await list, chosen.name, chosen.language);
	if (!template) {
		const elsewhere = otherLanguages.length
			? `; that name exists in ${otherLanguages.join(', ')}`
			: '; no template of that name exists in any language';
		throw validationError(
			node,
			itemIndex,
			[`${templateTitle(chosen)} was not found on WhatsApp channel ${channelId}${elsewhere}`],
			'Pick the template from the list, or correct name|language (the language code must match exactly, for example en vs en_US). Templates belong to one channel: check Channel ID.',
		);
	}
	const spec = describeTemplate(template);
	const mapper = (this.getNodeParameter('templateVariables', itemIndex, {}) ?? {}) as IDataObject;
	const values =
		mapper.mappingMode === 'autoMapInputData'
			? this.getInputData()[itemIndex].json
			: ((mapper.value ?? {}) as IDataObject);
	const { components, problems, unevaluated } = buildTemplateComponents(spec, values);
	const foreign = mapper.mappingMode === 'autoMapInputData' ? [] : foreignVariableIds(spec, values);
	if (foreign.length) {
		problems.push(
			`Template Variables holds ${foreign.join(', ')}, which ${templateTitle(spec)} does not take`,
		);
	}
	if (problems.length) {
		const fixes: string[] = [];
		// Each kind of problem brings its fix once; what remains are missing or wrong variable values.
		let explained = unevaluated.length + (foreign.length ? 1 : 0);
		if (spec.status !== 'APPROVED') {
			fixes.push(STATUS_FIX);
			explained++;
		}
		if (spec.unsupported.length) {
			fixes.push(UNSUPPORTED_FIX);
			explained++;
		}
		if (unevaluated.length) fixes.push(UNEVALUATED_FIX);
		if (foreign.length) fixes.push(FOREIGN_FIX);
		else if (problems.length > explained) fixes.push(VARIABLES_FIX);
		throw validationError(node, itemIndex, problems, fixes.join(' '));
	}
	const templateContent: IDataObject = { name: template.templateName, language: template.language };
	if (components.length) templateContent.components = components;
	return {
		payload: { type: 'template', content: { template: templateContent } },
		summary: { template: template.templateName, language: template.language },
		...(spec.category === 'AUTHENTICATION'
			? { needsPhoneNumber: `${templateTitle(chosen)} is an authentication template, which` }
			: {}),
	};
}
