/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * A local HTTP fake of 8x8's Webhook Configuration API (GET | POST | DELETE
 * /api/v1/accounts/{accountId}/webhooks), as documented: bodies are arrays, POST creates or replaces
 * by (subAccountId, type) and a POST without type covers MSG and CADR, DELETE without type removes MSG
 * and CADR, GET masks secrets as "***". Answers 401 / code 1200 to a wrong API key.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredWebhook {
	type: string;
	subAccountId: string;
	url: string;
	enabled: boolean;
	httpAuthorization?: string;
	oauth?: Record<string, unknown>;
}

export interface ApiCall {
	method: string;
	path: string;
	authorization: string | undefined;
	body: unknown;
}

export interface FakeWebhooksApi {
	baseUrl: string;
	accountId: string;
	apiKey: string;
	/** The stored webhooks, with secrets in clear (what 8x8 would send). */
	webhooks: StoredWebhook[];
	calls: ApiCall[];
	/** Answer the next request(s) (of `method`, when given) with this status and body instead of handling them. */
	failNext(status: number, body: unknown, times?: number, method?: string): void;
	close(): Promise<void>;
}

const DEFAULT_TYPES = ['MSG', 'CADR'];

function send(res: ServerResponse, status: number, body?: unknown): void {
	if (body === undefined) {
		res.writeHead(status);
		res.end();
		return;
	}
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export async function startFakeWebhooksApi(
	options: { accountId?: string; apiKey?: string; webhooks?: StoredWebhook[] } = {},
): Promise<FakeWebhooksApi> {
	const accountId = options.accountId ?? 'acct-test';
	const apiKey = options.apiKey ?? 'test-api-key';
	const webhooks: StoredWebhook[] = [...(options.webhooks ?? [])];
	const calls: ApiCall[] = [];
	const failures: Array<{ status: number; body: unknown; method?: string }> = [];
	const path = `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`;

	const server = createServer((req, res) => {
		void (async () => {
			const body = await readBody(req);
			const url = new URL(req.url ?? '/', 'http://localhost');
			calls.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body });

			const failureIndex = failures.findIndex(
				(failure) => failure.method === undefined || failure.method === req.method,
			);
			if (failureIndex >= 0) {
				const [failure] = failures.splice(failureIndex, 1);
				return send(res, failure.status, failure.body);
			}
			if (req.headers.authorization !== `Bearer ${apiKey}`) {
				return send(res, 401, { code: 1200, message: 'Request was not authenticated properly', errorId: 'e-401' });
			}
			if (url.pathname !== path) {
				return send(res, 404, { code: 1001, message: 'Account not found', errorId: 'e-404' });
			}
			if (req.method === 'GET') {
				return send(
					res,
					200,
					webhooks.map((entry) => ({
						...entry,
						...(entry.httpAuthorization !== undefined ? { httpAuthorization: '***' } : {}),
						...(entry.oauth !== undefined ? { oauth: { ...entry.oauth, clientSecret: '***' } } : {}),
					})),
				);
			}
			if (!Array.isArray(body)) {
				return send(res, 400, { code: 1002, message: 'Request body must be an array', errorId: 'e-400' });
			}
			if (req.method === 'POST') {
				for (const raw of body as Array<Record<string, unknown>>) {
					if (typeof raw.subAccountId !== 'string' || typeof raw.url !== 'string') {
						return send(res, 400, { code: 1002, message: 'subAccountId and url are required', errorId: 'e-400' });
					}
				}
				for (const raw of body as Array<Record<string, unknown>>) {
					const types = typeof raw.type === 'string' ? [raw.type] : DEFAULT_TYPES;
					for (const type of types) {
						const index = webhooks.findIndex(
							(entry) => entry.subAccountId === raw.subAccountId && entry.type === type,
						);
						if (index >= 0) webhooks.splice(index, 1);
						const stored: StoredWebhook = {
							type,
							subAccountId: raw.subAccountId as string,
							url: raw.url as string,
							enabled: raw.enabled !== false,
						};
						if (typeof raw.httpAuthorization === 'string' && raw.httpAuthorization !== '') {
							stored.httpAuthorization = raw.httpAuthorization;
						}
						webhooks.push(stored);
					}
				}
				return send(res, 200);
			}
			if (req.method === 'DELETE') {
				for (const raw of body as Array<Record<string, unknown>>) {
					const types = typeof raw.type === 'string' ? [raw.type] : DEFAULT_TYPES;
					for (const type of types) {
						const index = webhooks.findIndex(
							(entry) => entry.subAccountId === raw.subAccountId && entry.type === type,
						);
						if (index >= 0) webhooks.splice(index, 1);
					}
				}
				return send(res, 200);
			}
			return send(res, 405, { code: 1002, message: 'Method not allowed', errorId: 'e-405' });
		})();
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		accountId,
		apiKey,
		webhooks,
		calls,
		failNext(status, body, times = 1, method) {
			for (let i = 0; i < times; i += 1) failures.push({ status, body, method });
		},
		async close() {
			await new Promise<void>((resolve, reject) =>
				server.close((error) => (error ? reject(error) : resolve())),
			);
		},
	};
}
