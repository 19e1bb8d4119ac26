import type { INodeProperties } from 'n8n-workflow';

/** umids are UUIDs; 8x8 answers 400 / 1000 "Invalid umid." otherwise. */
export const UMID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function umidProperty(description: string): INodeProperties {
	return {
		displayName: 'Message ID (UMID)',
		name: 'umid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
		description,
	};
}
