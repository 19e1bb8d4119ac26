/**
 * At most one resume per waiting Send and Wait execution, within one n8n process.
 *
 * 8x8 can post two final receipts for one message at nearly the same moment (a `read` retried while
 * the `delivered` is in flight). n8n 1.x then resumed one waiting execution several times (every
 * call that found it still waiting ran the rest of the workflow again); n8n 2.x lets one through
 * and answers 500 to the others, which 8x8 retries. The resume webhook claims the execution here,
 * synchronously, just before it hands n8n the resume item: a later final receipt for an execution
 * already claimed is answered 200 "already resumed" and resumes nothing.
 *
 * Per process only: with several webhook processors (or main and a webhook processor both serving
 * production), two receipts that reach different processes can still both resume on n8n 1.x.
 */
const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 10_000;

export interface ResumeClaim {
	finalState: string;
	at: number;
}

const claims = new Map<string, ResumeClaim>();

/**
 * Claims the resume of `executionId`. Returns undefined when this call may resume, or the claim
 * that came first.
 */
export function claimResume(
	executionId: string,
	finalState: string,
	now = Date.now(),
): ResumeClaim | undefined {
	const earlier = claims.get(executionId);
	if (earlier && now - earlier.at < TTL_MS) return earlier;
	if (claims.size >= MAX_ENTRIES) {
		for (const [id, claim] of claims) {
			if (now - claim.at >= TTL_MS || claims.size >= MAX_ENTRIES) claims.delete(id);
			else break;
		}
	}
	claims.delete(executionId);
	claims.set(executionId, { finalState, at: now });
	return undefined;
}

/** Tests only. */
export function clearResumeClaims(): void {
	claims.clear();
}
