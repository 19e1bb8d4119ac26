/**
 * What a user should know about a send, said once per run in the output panel (n8n execution hints)
 * instead of in every output item.
 */
import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { QUEUED_NOTE } from './output';

export const PIN_DATA_HINT =
	'Testing? Pin this output (the pin icon above it) before you run the next nodes: "Execute step" on a node after this one runs this node again and sends the message again.';

/** After a run that sent at least one message: queued is not delivered, and (in the editor) pin the output. */
export function addSendHints(this: IExecuteFunctions, sent: number): void {
	if (sent === 0 || typeof this.addExecutionHints !== 'function') return;
	const hints: NodeExecutionHint[] = [
		{ message: QUEUED_NOTE, type: 'info', location: 'outputPane' },
	];
	if (this.getMode() === 'manual') {
		hints.push({ message: PIN_DATA_HINT, type: 'warning', location: 'outputPane' });
	}
	this.addExecutionHints(...hints);
}
