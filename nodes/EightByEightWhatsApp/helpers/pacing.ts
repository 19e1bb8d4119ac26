/**
 * Pacing for 8x8 endpoints with a per-sub-account request rate. Message details allow 1 request
 * per second per sub-account, so consecutive lookups of one node run wait at least that long.
 * The wait goes through `pacing.sleep` (n8n-workflow's `sleep`), which tests can replace.
 */
import { sleep } from 'n8n-workflow';

/** 8x8: "Rate limit 1 req/s per subaccount" for GET …/messages/{umid}. */
export const MESSAGE_DETAILS_INTERVAL_MS = 1000;

export const pacing = {
	sleep: async (ms: number): Promise<void> => await sleep(ms),
};

/** Returns a function to call before each request: it waits `intervalMs` before every call but the first. */
export function createPacer(intervalMs: number): () => Promise<void> {
	let calls = 0;
	return async () => {
		if (calls++ > 0) await pacing.sleep(intervalMs);
	};
}
