/**
 * What a run of this node already did, so that n8n's Retry On Fail never sends a message twice.
 *
 * With Retry On Fail, n8n re-runs the whole node when it threw, or when the first item of its first
 * output has `json.error` (the error items of Continue On Fail): the loop around runNode in n8n-core's
 * workflow-execute.js, 1.123 and 2.41. Every try gets the same execute data and input items, so the
 * items a try already sent would be sent again. This remembers, per try-loop (keyed by n8n's
 * execute data object, which lives as long as the node's run) and input item, what must not be
 * redone: a send that 8x8 accepted or may have queued (delivery state unknown), and a management
 * call that succeeded. A re-run hands those back unchanged and runs only the items that failed for
 * sure. Only active when the node's Retry On Fail is on; nothing is kept otherwise.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

interface Entry {
	input: INodeExecutionData | undefined;
	fingerprint: string;
	value: unknown;
}

const runs = new WeakMap<object, Map<string, Map<number, Entry>>>();

export interface RerunMemory<T> {
	/** What an earlier try of this run kept for the item, if its input and fingerprint are the same. */
	recall(itemIndex: number, fingerprint?: string): T | undefined;
	keep(itemIndex: number, value: T, fingerprint?: string): void;
}

/** The memory of this node run for one kind of result; undefined when Retry On Fail is off. */
export function rerunMemory<T>(
	context: IExecuteFunctions,
	kind: string,
): RerunMemory<T> | undefined {
	if (context.getNode().retryOnFail !== true) return undefined;
	const executeData =
		typeof context.getExecuteData === 'function' ? context.getExecuteData() : undefined;
	if (typeof executeData !== 'object' || executeData === null) return undefined;
	let kinds = runs.get(executeData);
	if (!kinds) {
		kinds = new Map();
		runs.set(executeData, kinds);
	}
	let entries = kinds.get(kind);
	if (!entries) {
		entries = new Map();
		kinds.set(kind, entries);
	}
	const store = entries;
	const inputs = context.getInputData();
	return {
		recall(itemIndex, fingerprint = '') {
			const entry = store.get(itemIndex);
			if (!entry || entry.input !== inputs[itemIndex] || entry.fingerprint !== fingerprint) {
				return undefined;
			}
			return entry.value as T;
		},
		keep(itemIndex, value, fingerprint = '') {
			store.set(itemIndex, { input: inputs[itemIndex], fingerprint, value });
		},
	};
}
