import type { NodeExecutionHint, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Sandbox, SandboxOptions } from '../../../sandbox';
import { EightByEightWhatsApp } from '../../../nodes/EightByEightWhatsApp/EightByEightWhatsApp.node';
import type { ExecuteContextOptions, RecordedHttpRequest } from '../../support/executeContext';
import { createExecuteContext, sandboxCredentials } from '../../support/executeContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../../sandbox') as {
	startSandbox: (options?: SandboxOptions) => Promise<Sandbox>;
};

export { startSandbox };

export async function openSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ receipts: false, ...options });
}

export const node = new EightByEightWhatsApp();

export function templateLocator(value: string, mode: 'list' | 'name' = 'list'): IDataObject {
	return { __rl: true, mode, value };
}

export function variables(value: IDataObject): IDataObject {
	return { mappingMode: 'defineBelow', value };
}

export interface RunResult {
	output: INodeExecutionData[];
	requests: RecordedHttpRequest[];
	/** Requests that send messages (single or batch). */
	sends: RecordedHttpRequest[];
	/** Execution hints the node added. */
	hints: NodeExecutionHint[];
}

export type RunOptions = Omit<ExecuteContextOptions, 'credentials'> & {
	credentials?: ExecuteContextOptions['credentials'];
};

export async function run(sandbox: Sandbox, options: RunOptions): Promise<RunResult> {
	const { context, requests, hints } = createExecuteContext({
		credentials: sandboxCredentials(sandbox),
		...options,
		parameters: { resource: 'message', ...options.parameters },
	});
	return await node.execute.call(context).then(
		([output]) => ({
			output,
			requests,
			sends: requests.filter((request) => request.method === 'POST'),
			hints,
		}),
		async (error: unknown) => await Promise.reject(Object.assign(error as object, { requests })),
	);
}

/** Runs and returns the error the node threw (fails the test when it does not throw). */
export async function runExpectingError(sandbox: Sandbox, options: RunOptions) {
	let caught: unknown;
	try {
		await run(sandbox, options);
	} catch (error) {
		caught = error;
	}
	if (!caught) throw new Error('The node did not throw');
	return caught as Error & {
		description?: string;
		httpCode?: string | null;
		context: IDataObject;
		failure?: unknown;
		requests: RecordedHttpRequest[];
	};
}

export const TO = '+6591234567';
