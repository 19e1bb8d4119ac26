/**
 * A fake ILoadOptionsFunctions (listSearch, loadOptions, resourceMapping) whose HTTP helper makes
 * real requests, like the execute context. Parameters are the node's current values.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IGetNodeParameterOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';

import type { RecordedHttpRequest } from './executeContext';
import {
	CREDENTIAL_TYPE,
	makeHttpRequestWithAuthentication,
	makeNode,
	readParameter,
} from './executeContext';

export interface LoadOptionsContextOptions {
	parameters: IDataObject;
	credentials: ICredentialDataDecryptedObject;
	node?: Partial<INode>;
}

export interface LoadOptionsContext {
	context: ILoadOptionsFunctions;
	requests: RecordedHttpRequest[];
}

export function createLoadOptionsContext(options: LoadOptionsContextOptions): LoadOptionsContext {
	const node = makeNode(options.parameters, options.node);
	const requests: RecordedHttpRequest[] = [];
	const credentials = () => ({ ...options.credentials });
	const context = {
		getNode: () => node,
		getCredentials: async (type: string) => {
			if (type !== CREDENTIAL_TYPE) throw new Error(`Unexpected credential type ${type}`);
			return credentials();
		},
		getNodeParameter: (
			name: string,
			fallback?: unknown,
			parameterOptions?: IGetNodeParameterOptions,
		) => readParameter(options.parameters, undefined, name, fallback, parameterOptions),
		getCurrentNodeParameter: (name: string, parameterOptions?: IGetNodeParameterOptions) =>
			readParameter(options.parameters, undefined, name, null, parameterOptions),
		getCurrentNodeParameters: () => options.parameters,
		getTimezone: () => 'UTC',
		helpers: {
			httpRequestWithAuthentication: makeHttpRequestWithAuthentication({
				credentials,
				node: () => node,
				requests,
			}),
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return { context: context as unknown as ILoadOptionsFunctions, requests };
}
