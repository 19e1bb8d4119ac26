import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { attachErrorDetails } from '../../shared/transport';

export const VALIDATION_MEANING =
	'The node checked the item before sending it; nothing was sent to 8x8.';

/** A pre-send check that failed: the item is not sent, and the user is told how to fix it. */
export function validationError(
	node: INode,
	itemIndex: number,
	problems: string[],
	fix: string,
): NodeOperationError {
	const message =
		problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join('; ')}`;
	const error = new NodeOperationError(node, message, {
		itemIndex,
		description: `Nothing was sent. ${fix}`,
	});
	return attachErrorDetails(error, {
		code: 'VALIDATION_FAILED',
		message,
		meaning: VALIDATION_MEANING,
		fix,
		retryable: false,
	});
}
