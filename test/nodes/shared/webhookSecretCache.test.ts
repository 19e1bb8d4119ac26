import {
	cachedWebhookSecret,
	clearWebhookSecretCache,
	SECRET_CACHE_TTL_MS,
} from '../../../nodes/shared/webhookSecretCache';

beforeEach(() => clearWebhookSecretCache());

function reader(values: string[]) {
	let reads = 0;
	return {
		read: async () => values[Math.min(reads++, values.length - 1)],
		reads: () => reads,
	};
}

describe('cachedWebhookSecret', () => {
	it('reads once per lifetime, then again: a rotated value applies within SECRET_CACHE_TTL_MS', async () => {
		const source = reader(['Bearer old', 'Bearer new']);
		const t0 = 1_000_000;
		expect(await cachedWebhookSecret('cred-1', source.read, t0)).toBe('Bearer old');
		expect(await cachedWebhookSecret('cred-1', source.read, t0 + SECRET_CACHE_TTL_MS - 1)).toBe(
			'Bearer old',
		);
		expect(source.reads()).toBe(1);
		expect(await cachedWebhookSecret('cred-1', source.read, t0 + SECRET_CACHE_TTL_MS)).toBe(
			'Bearer new',
		);
		expect(source.reads()).toBe(2);
	});

	it('keeps credentials apart', async () => {
		expect(await cachedWebhookSecret('a', async () => 'A', 0)).toBe('A');
		expect(await cachedWebhookSecret('b', async () => 'B', 0)).toBe('B');
		expect(await cachedWebhookSecret('a', async () => 'changed', 1)).toBe('A');
	});

	it('lets concurrent calls share one read', async () => {
		let reads = 0;
		let release: (value: string) => void = () => undefined;
		const pending = new Promise<string>((resolve) => (release = resolve));
		const read = async () => {
			reads++;
			return await pending;
		};
		const calls = Array.from({ length: 50 }, async () => await cachedWebhookSecret('c', read, 5));
		release('Bearer shared');
		expect(await Promise.all(calls)).toEqual(Array(50).fill('Bearer shared'));
		expect(reads).toBe(1);
	});

	it('does not remember a failed read', async () => {
		await expect(
			cachedWebhookSecret('d', async () => {
				throw new Error('no credential');
			}, 0),
		).rejects.toThrow('no credential');
		expect(await cachedWebhookSecret('d', async () => 'Bearer ok', 1)).toBe('Bearer ok');
	});

	it('without a credential id reads every time', async () => {
		const source = reader(['one', 'two', 'three']);
		expect(await cachedWebhookSecret(undefined, source.read, 0)).toBe('one');
		expect(await cachedWebhookSecret(undefined, source.read, 0)).toBe('two');
		expect(await cachedWebhookSecret('', source.read, 0)).toBe('three');
	});
});
