/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox } from '../../sandbox';

export const KEY = 'sandbox-api-key';
export const SUB = 'SandboxSub';
export const ACCOUNT = 'SandboxAccount';
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse {
	status: number;
	body: Json;
	headers: Headers;
}

/** Call the sandbox like a client would. `body` is JSON-encoded unless it is a string. */
export async function call(
	sandbox: Pick<Sandbox, 'url'>,
	method: string,
	path: string,
	body?: unknown,
	key: string | null = KEY,
): Promise<ApiResponse> {
	const headers: Record<string, string> = {};
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(sandbox.url + path, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: Json = undefined;
	if (text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	return { status: response.status, body: parsed, headers: response.headers };
}

export const messagesPath = `/api/v1/subaccounts/${SUB}/messages`;
export const webhooksPath = `/api/v1/accounts/${ACCOUNT}/webhooks`;
export const templatesPath = (channelId: string) =>
	`/api/v1/accounts/${ACCOUNT}/channels/${channelId}/templates`;

export function send(sandbox: Pick<Sandbox, 'url'>, message: unknown) {
	return call(sandbox, 'POST', messagesPath, message);
}

export function text(msisdn: string, extra: Record<string, unknown> = {}) {
	return { user: { msisdn }, type: 'text', content: { text: 'Hello from the test' }, ...extra };
}

/** Assert an 8x8 error body: {code, message, errorId (uuid), timestamp (ISO)}. */
export function expectError(
	response: ApiResponse,
	status: number,
	code: number,
	message?: string | RegExp,
) {
	expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
	expect(response.body.errorId).toMatch(UUID_RE);
	expect(response.body.timestamp).toMatch(ISO_RE);
	expect(typeof response.body.message).toBe('string');
	if (typeof message === 'string') expect(response.body.message).toBe(message);
	else if (message) expect(response.body.message).toMatch(message);
}

/** Poll until `check` returns a truthy value; fails after `timeoutMs` (default 5 s). */
type Falsy = undefined | null | false | 0 | '';
export async function waitFor<T>(
	check: () => T | Falsy | Promise<T | Falsy>,
	what = 'condition',
	timeoutMs = 5000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | Falsy = undefined;
	while (Date.now() < deadline) {
		last = await check();
		if (last) return last;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`Timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

export interface ReceivedCall {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: Json;
}

export interface Receiver {
	url: string;
	calls: ReceivedCall[];
	/** Status (or status + JSON body) to answer for the n-th call (0-based); default 200 "ok". */
	respond: (index: number, call: ReceivedCall) => number | { status: number; json: unknown };
	close(): Promise<void>;
}

/** A local webhook receiver that records every POST. */
export async function startReceiver(): Promise<Receiver> {
	const calls: ReceivedCall[] = [];
	const receiver: Receiver = {
		url: '',
		calls,
		respond: () => 200,
		close: async () => undefined,
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: Json = raw;
			try {
				body = JSON.parse(raw);
			} catch {
				// keep the text
			}
			const received: ReceivedCall = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
			};
			const answer = receiver.respond(calls.length, received);
			calls.push(received);
			if (typeof answer === 'number') {
				res.writeHead(answer, { 'Content-Type': 'text/plain' });
				res.end(answer < 300 ? 'ok' : 'nope');
			} else {
				res.writeHead(answer.status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(answer.json));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	receiver.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return receiver;
}

/** Register a webhook through the API and fail loudly if it was refused. */
export async function registerWebhook(
	sandbox: Pick<Sandbox, 'url'>,
	hooks: Array<Record<string, unknown>>,
): Promise<void> {
	const response = await call(sandbox, 'POST', webhooksPath, hooks);
	expect(response.status).toBe(200);
}

/** Receipts received for one umid, in arrival order. */
export function receiptsFor(receiver: Receiver, umid: string): Json[] {
	return receiver.calls.filter((c) => c.body?.payload?.umid === umid).map((c) => c.body);
}

export function states(receipts: Json[]): string[] {
	return receipts.map((r) => r.payload.status.state);
}

/**
 * A receipt body with its status timestamp checked (8x8 format) and replaced by 'ts', so whole bodies
 * can be compared with toEqual.
 */
export function stamped(receipt: Json): Json {
	expect(receipt.payload.status.timestamp).toMatch(ISO_RE);
	return {
		...receipt,
		payload: { ...receipt.payload, status: { ...receipt.payload.status, timestamp: 'ts' } },
	};
}

/** state / detail of each receipt, e.g. 'queued', 'delivered:delivered_to_operator'. */
export function steps(receipts: Json[]): string[] {
	return receipts.map((r) =>
		r.payload.status.detail
			? `${r.payload.status.state}:${r.payload.status.detail}`
			: r.payload.status.state,
	);
}
