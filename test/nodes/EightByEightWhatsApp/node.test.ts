import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EightByEightWhatsApp } from '../../../nodes/EightByEightWhatsApp/EightByEightWhatsApp.node';
import { createExecuteContext } from '../../support/executeContext';

const node = new EightByEightWhatsApp();
const { description } = node;

function property(name: string, operation?: string): INodeProperties {
	const found = description.properties.find(
		(entry) =>
			entry.name === name &&
			(!operation || entry.displayOptions?.show?.operation?.includes(operation)),
	);
	if (!found) throw new Error(`No property ${name} ${operation ?? ''}`);
	return found;
}

describe('node description', () => {
	it('identifies the node', () => {
		expect(description).toMatchObject({
			displayName: '8x8 WhatsApp',
			name: 'eightByEightWhatsApp',
			version: 1,
			usableAsTool: true,
			icon: {
				light: 'file:../../icons/8x8-whatsapp.svg',
				dark: 'file:../../icons/8x8-whatsapp.dark.svg',
			},
			credentials: [
				{
					name: 'eightByEightApi',
					required: true,
					displayOptions: { hide: { resource: ['error'] } },
				},
			],
		});
		expect(Object.keys(node.methods.listSearch).sort()).toEqual(['searchTemplateNames', 'searchTemplates']);
		expect(Object.keys(node.methods.resourceMapping)).toEqual(['getTemplateVariables']);
		expect(Object.keys(node.methods.loadOptions).sort()).toEqual(['getCountries', 'getTemplateLanguages']);
	});

	it('subtitles name the operation as the user picked it, not its value', () => {
		const subtitle = String(description.subtitle);
		// ={{ ({...labels})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}
		const labels = JSON.parse(
			subtitle.slice(subtitle.indexOf('({') + 1, subtitle.indexOf('})[') + 1),
		) as Record<string, string>;
		expect(
			subtitle.endsWith(
				')[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}',
			),
		).toBe(true);
		const evaluate = (resource: string, operation: string) =>
			labels[`${resource}:${operation}`] ?? operation;
		expect(evaluate('message', 'sendAndWaitForDelivery')).toBe('Send and Wait for Delivery');
		expect(evaluate('message', 'sendTemplate')).toBe('Send Template');
		expect(evaluate('template', 'getAll')).toBe('Template: Get Many');
		expect(evaluate('error', 'explain')).toBe('Error: Explain');
		expect(evaluate('message', 'someday')).toBe('someday');
	});

	it('lists Message first, so the node creator shows the send actions before Error > Explain', () => {
		expect(property('resource').options?.map((option) => option.name)).toEqual([
			'Message',
			'Template',
			'Webhook',
			'Error',
		]);
		expect(property('resource').options?.every((option) => option.description)).toBe(true);
	});

	it('has resource and operation without expressions, and an action text per operation', () => {
		expect(property('resource').noDataExpression).toBe(true);
		const operation = property('operation');
		expect(operation.noDataExpression).toBe(true);
		expect(
			operation.options?.map((option) => [
				option.name,
				(option as { value: string }).value,
				(option as { action: string }).action,
			]),
		).toEqual([
			['Cancel Scheduled', 'cancel', 'Cancel a scheduled message'],
			['Download Media', 'downloadMedia', 'Download a media file'],
			['Get', 'get', 'Get a message'],
			['Mark as Read', 'markRead', 'Mark a message as read'],
			[
				'Send and Wait for Delivery',
				'sendAndWaitForDelivery',
				'Send a message and wait for delivery',
			],
			['Send Interactive', 'sendInteractive', 'Send an interactive message'],
			['Send Location', 'sendLocation', 'Send a location'],
			['Send Media', 'sendMedia', 'Send a media message'],
			['Send Template', 'sendTemplate', 'Send a template message'],
			['Send Text', 'sendText', 'Send a text message'],
			['Show Typing', 'showTyping', 'Show typing indicator'],
		]);
	});

	it('gives every send operation a recipient and the send options', () => {
		for (const operation of [
			'sendTemplate',
			'sendText',
			'sendMedia',
			'sendLocation',
			'sendInteractive',
		]) {
			expect(property('to', operation).required).toBe(true);
			const options = property('options', operation).options as INodeProperties[];
			expect(options.map((option) => option.name)).toEqual([
				'batch',
				'clientMessageId',
				'defaultCountry',
				'dlrCallbackUrl',
				'expiry',
				'replyToUmid',
				'retryUnknownDeliveryState',
				'scheduled',
				'smsFallbackAfter',
				'smsFallbackText',
				'smsSenderId',
			]);
		}
	});

	it('picks templates with a resource locator and maps variables with a resource mapper', () => {
		const template = property('template', 'sendTemplate');
		expect(template.type).toBe('resourceLocator');
		expect(template.modes?.map((mode) => [mode.name, mode.type])).toEqual([
			['list', 'list'],
			['name', 'string'],
		]);
		expect(template.modes?.[0].typeOptions).toEqual({
			searchListMethod: 'searchTemplates',
			searchable: true,
		});
		const mapper = property('templateVariables', 'sendTemplate');
		expect(mapper.type).toBe('resourceMapper');
		expect(mapper.typeOptions?.loadOptionsDependsOn).toEqual(['template.value', 'channelId']);
		expect(mapper.typeOptions?.resourceMapper?.resourceMapperMethod).toBe('getTemplateVariables');
	});
});

describe('router', () => {
	it('refuses an operation it does not know', async () => {
		const { context } = createExecuteContext({
			parameters: { resource: 'message', operation: 'sendCarrierPigeon' },
			credentials: {},
		});
		await expect(node.execute.call(context)).rejects.toThrow(
			new NodeOperationError(
				context.getNode(),
				'The operation "sendCarrierPigeon" of resource "message" is not supported',
			),
		);
	});

	it('refuses a resource it does not know', async () => {
		const { context } = createExecuteContext({
			parameters: { resource: 'fax', operation: 'send' },
			credentials: {},
		});
		await expect(node.execute.call(context)).rejects.toThrow(
			'The operation "send" of resource "fax" is not supported',
		);
	});
});
