/**
 * The credential's Webhook Authorization value, cached per process for a short time.
 *
 * Why: in a webhook call, n8n decrypts and resolves a credential through its expression engine; with
 * the default `vm` engine that costs a whole expression isolate (~50–100 ms of CPU) per call, which
 * caps a trigger at a few receipts per second. The value only changes when someone edits the
 * credential, so the trigger reads it at most once per SECRET_CACHE_TTL_MS per credential and process
 * (webhook processors each keep their own). A rotated or revoked secret therefore takes effect
 * within SECRET_CACHE_TTL_MS on every process. Concurrent calls share one read.
 */
export const SECRET_CACHE_TTL_MS = 30_000;

interface Entry {
	value: Promise<string>;
	readAt: number;
}

const entries = new Map<string, Entry>();

/**
 * `read` is called when the credential `key` has no fresh entry. A failed read is not cached: the
 * next call reads again. Without a key (no credential id) nothing is cached.
 */
export async function cachedWebhookSecret(
	key: string | undefined,
	read: () => Promise<string>,
	now: number = Date.now(),
): Promise<string> {
	if (!key) return await read();
	const entry = entries.get(key);
	if (entry && now - entry.readAt < SECRET_CACHE_TTL_MS) return await entry.value;
	const value = read();
	const fresh: Entry = { value, readAt: now };
	entries.set(key, fresh);
	value.catch(() => {
		if (entries.get(key) === fresh) entries.delete(key);
	});
	return await value;
}

/** Forget every cached value (tests). */
export function clearWebhookSecretCache(): void {
	entries.clear();
}
