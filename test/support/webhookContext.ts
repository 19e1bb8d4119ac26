/**
 * A fake IWebhookFunctions for driving a trigger's webhook() the way n8n does: parameters with
 * defaults, credentials, headers (lower-cased like Node's), body, node static data (writes recorded),
 * a recording response object and a recording logger.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

export type LogLevel = 'debug' | 'verbose' | 'info' | 'warn' | 'error';

export interface LogCall {
	level: LogLevel;
	message: string;
	meta?: unknown;
}

export interface RecordingLogger {
	logger: Record<LogLevel, (message: string, meta?: unknown) => void>;
	calls: LogCall[];
}

export function makeRecordingLogger(): RecordingLogger {
	const calls: LogCall[] = [];
	const record = (level: LogLevel) => (message: string, meta?: unknown) => {
		calls.push(meta === undefined ? { level, message } : { level, message, meta });
	};
	return {
		calls,
		logger: {
			debug: record('debug'),
			verbose: record('verbose'),
			info: record('info'),
			warn: record('warn'),
			error: record('error'),
		},
	};
}

/** Top-level parameter defaults of a node description, as n8n fills them into node.parameters. */
export function parameterDefaults(properties: INodeProperties[]): IDataObject {
	const defaults: IDataObject = {};
	for (const property of properties) {
		if (property.type === 'notice') continue;
		defaults[property.name] = structuredClone(property.default) as IDataObject[keyof IDataObject];
	}
	return defaults;
}

function getPath(source: unknown, path: string): unknown {
	let current = source;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/**
 * n8n's getNodeParameter: the stored value (parameters over defaults), else the fallback, else an
 * error like n8n's "Could not get parameter".
 */
export function makeParameterReader(params: IDataObject, defaults: IDataObject) {
	const merged: IDataObject = { ...defaults, ...params };
	return (name: string, fallback?: unknown): unknown => {
		const value = getPath(merged, name);
		if (value !== undefined) return structuredClone(value);
		if (fallback !== undefined) return fallback;
		throw new Error(`Could not get parameter "${name}"`);
	};
}

/** Static data whose writes (set / delete, at any depth) are recorded. */
export interface RecordedStaticData {
	/** The workflow's static data, keyed `node:<node name>` like n8n. */
	root: IDataObject;
	writes: string[];
	getWorkflowStaticData: (type: string) => IDataObject;
}

function observe(target: IDataObject, path: string, writes: string[]): IDataObject {
	return new Proxy(target, {
		get(object, key, receiver) {
			const value = Reflect.get(object, key, receiver) as unknown;
			if (typeof key === 'string' && value !== null && typeof value === 'object') {
				return observe(value as IDataObject, `${path}.${key}`, writes);
			}
			return value;
		},
		set(object, key, value) {
			writes.push(`set ${path}.${String(key)}`);
			return Reflect.set(object, key, value);
		},
		deleteProperty(object, key) {
			writes.push(`delete ${path}.${String(key)}`);
			return Reflect.deleteProperty(object, key);
		},
	});
}

export function makeStaticData(node: INode, initial?: IDataObject): RecordedStaticData {
	const nodeKey = `node:${node.name}`;
	const root: IDataObject = initial === undefined ? {} : { [nodeKey]: initial };
	const writes: string[] = [];
	return {
		root,
		writes,
		getWorkflowStaticData(type: string) {
			const key = type === 'global' ? 'global' : nodeKey;
			if (root[key] === undefined) {
				writes.push(`create ${key}`);
				root[key] = {};
			}
			return observe(root[key] as IDataObject, key, writes);
		},
	};
}

export interface RecordedResponse {
	statusCode: number | undefined;
	body: unknown;
	headers: Record<string, string>;
	/** Number of times a body was sent (json / send / end). */
	sends: number;
}

export function makeResponse() {
	const recorded: RecordedResponse = { statusCode: undefined, body: undefined, headers: {}, sends: 0 };
	const response = {
		status(code: number) {
			recorded.statusCode = code;
			return response;
		},
		json(body: unknown) {
			recorded.body = body;
			recorded.sends += 1;
			recorded.headers['content-type'] = 'application/json; charset=utf-8';
			return response;
		},
		send(body: unknown) {
			recorded.body = body;
			recorded.sends += 1;
			return response;
		},
		end(body?: unknown) {
			if (body !== undefined) recorded.body = body;
			recorded.sends += 1;
			return response;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return response;
		},
	};
	return { response, recorded };
}

/** n8n-core's returnJsonArray: wraps plain objects as { json }, keeps items that already have json. */
export function returnJsonArray(jsonData: IDataObject | IDataObject[]): INodeExecutionData[] {
	const list = Array.isArray(jsonData) ? jsonData : [jsonData];
	return list.map((data) =>
		(data as unknown as INodeExecutionData)?.json
			? { ...(data as unknown as INodeExecutionData), json: (data as unknown as INodeExecutionData).json }
			: { json: data },
	);
}

export interface FakeNodeOptions {
	name?: string;
	type?: string;
	parameters?: IDataObject;
	/** The node's credential references, e.g. { eightByEightApi: { id: 'c1', name: '8x8' } }. */
	credentials?: INode['credentials'];
}

export function makeNode(options: FakeNodeOptions = {}): INode {
	return {
		id: 'f0c1a2b3-0000-4000-8000-000000000001',
		name: options.name ?? '8x8 WhatsApp Trigger',
		type: options.type ?? 'n8n-nodes-8x8-whatsapp.eightByEightWhatsAppTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: 'a1b2c3d4-0000-4000-8000-00000000beef',
		parameters: (options.parameters ?? {}) as INode['parameters'],
		...(options.credentials ? { credentials: options.credentials } : {}),
	};
}

export interface WebhookContextOptions {
	/** Node parameters as stored in the workflow. */
	params?: IDataObject;
	/** Parameter defaults (see parameterDefaults). */
	defaults?: IDataObject;
	body?: unknown;
	headers?: Record<string, string | string[] | undefined>;
	/** Credentials by type; a missing type throws like n8n. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Initial node static data (undefined = the node has none yet). */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual' | 'webhook';
	webhookUrl?: string;
	nodeName?: string;
	/** The node's credential references (n8n gives each an id; none by default). */
	nodeCredentials?: INode['credentials'];
}

export interface WebhookHarness {
	context: IWebhookFunctions;
	response: RecordedResponse;
	log: LogCall[];
	staticData: RecordedStaticData;
}

export function makeWebhookContext(options: WebhookContextOptions = {}): WebhookHarness {
	const params = options.params ?? {};
	const node = makeNode({
		name: options.nodeName,
		parameters: params,
		credentials: options.nodeCredentials,
	});
	const readParameter = makeParameterReader(params, options.defaults ?? {});
	const { logger, calls } = makeRecordingLogger();
	const { response, recorded } = makeResponse();
	const staticData = makeStaticData(node, options.staticData);
	const headers: Record<string, string | string[] | undefined> = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
	const credentials = options.credentials ?? {};

	const context = {
		logger,
		helpers: { returnJsonArray },
		getNode: () => node,
		getMode: () => options.mode ?? 'webhook',
		getWebhookName: () => 'default',
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(name, fallback),
		getBodyData: () => options.body,
		getHeaderData: () => headers,
		getQueryData: () => ({}),
		getParamsData: () => ({}),
		getRequestObject: () => ({ method: 'POST', headers, body: options.body }),
		getResponseObject: () => response,
		getNodeWebhookUrl: () =>
			options.webhookUrl ?? `https://n8n.example.test/webhook/${node.webhookId}/webhook`,
		getWorkflowStaticData: (type: string) => staticData.getWorkflowStaticData(type),
		getCredentials: async (type: string) => {
			const data = credentials[type];
			if (data === undefined) throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
			return structuredClone(data);
		},
	};
	return {
		context: context as unknown as IWebhookFunctions,
		response: recorded,
		log: calls,
		staticData,
	};
}
