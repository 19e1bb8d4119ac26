import type { IDataObject } from 'n8n-workflow';

/** One template as `GET /api/v1/accounts/{accountId}/channels/{channelId}/templates` lists it. */
export interface TemplateButtonDefinition {
	type?: string;
	text?: string;
	url?: string;
	otp_type?: string;
	otpType?: string;
	[key: string]: unknown;
}

export interface TemplateComponentDefinition {
	type?: string;
	format?: string;
	text?: string;
	buttons?: TemplateButtonDefinition[];
	[key: string]: unknown;
}

export interface TemplateDefinition {
	templateName: string;
	language: string;
	status?: string;
	category?: string;
	components?: TemplateComponentDefinition[];
	[key: string]: unknown;
}

/** A `{{1}}` or `{{first_name}}` placeholder. */
export interface Placeholder {
	key: string;
	named: boolean;
}

export type MediaFormat = 'image' | 'video' | 'document' | 'gif';

export type HeaderSpec =
	| { format: 'none' }
	| { format: 'text'; text: string; variable?: Placeholder }
	| { format: MediaFormat }
	| { format: 'location' };

export type ButtonKind = 'url' | 'quickReply' | 'copyCode' | 'flow' | 'otp' | 'static';

export interface ButtonSpec {
	index: number;
	kind: ButtonKind;
	label: string;
	/** URL buttons: the `{{1}}` suffix of a dynamic URL. */
	variable?: Placeholder;
	url?: string;
}

/** What a template needs at send time, derived from its definition. */
export interface TemplateSpec {
	name: string;
	language: string;
	status: string;
	category: string;
	header: HeaderSpec;
	body: { text: string; placeholders: Placeholder[] };
	buttons: ButtonSpec[];
	/** Parts of the template this node cannot fill (e.g. carousel cards). */
	unsupported: string[];
}

/** An 8x8 send-message request body without its envelope options. */
export interface MessagePayload {
	type: string;
	content: IDataObject;
}
