import { createHash } from 'crypto';

import { LIMITS } from './limits';

export interface ClientMessageIdSource {
	executionId: string;
	itemIndex: number;
	/** The node's id: two 8x8 nodes of one execution never share an id. */
	nodeId: string;
	/** Recipient and request content: a node that runs again in a loop gets new ids. */
	fingerprint: string;
}

/**
 * The clientMessageId the node sends when the user sets none: `n8n-<executionId>-<itemIndex>-<hash8>`
 * where hash8 is the first 8 hex digits of SHA-256 over node id, execution id, item index and
 * the request fingerprint. It is deterministic (the same input gives the same id, so a resend of
 * an unknown-state message keeps it) and at most 50 characters, 8x8's limit: when a long execution
 * id would break that, the id becomes `n8n-<46 hex digits of the same hash>`.
 * 8x8 echoes it on every delivery receipt, so receipts join back to the item that sent them.
 */
export function deriveClientMessageId(source: ClientMessageIdSource): string {
	const hash = createHash('sha256')
		.update(
			[source.nodeId, source.executionId, String(source.itemIndex), source.fingerprint].join('\n'),
		)
		.digest('hex');
	const executionId = source.executionId.replace(/[^A-Za-z0-9_.-]/g, '') || 'manual';
	const readable = `n8n-${executionId}-${source.itemIndex}-${hash.slice(0, 8)}`;
	if (readable.length <= LIMITS.clientMessageId) return readable;
	return `n8n-${hash.slice(0, LIMITS.clientMessageId - 4)}`;
}
