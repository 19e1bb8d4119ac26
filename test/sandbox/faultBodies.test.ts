import { startSandbox, type Sandbox } from '../../sandbox';
import { call, expectError, messagesPath, send, text } from './helpers';

/** The raw answer: status, content-type header(s) and body text. */
async function raw(sandbox: Sandbox, path = messagesPath, body: unknown = text('+6591234567')) {
	const response = await fetch(sandbox.url + path, {
		method: 'POST',
		headers: { Authorization: 'Bearer sandbox-api-key', 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return {
		status: response.status,
		contentType: response.headers.get('content-type'),
		body: await response.text(),
	};
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ receipts: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('faults with a non-JSON body (a gateway or proxy in front of 8x8)', () => {
	it.each([401, 403, 502, 504])(
		'html:true answers %i with an nginx-style text/html page, nothing processed',
		async (status) => {
			sandbox.injectFault({ status, html: true });
			const answer = await raw(sandbox);
			expect(answer.status).toBe(status);
			expect(answer.contentType).toBe('text/html; charset=utf-8');
			expect(answer.body).toMatch(
				new RegExp(`^<html>\\r\\n<head><title>${status} [A-Z][a-zA-Z ]+</title>`),
			);
			expect(answer.body).toContain('<hr><center>nginx</center>');
			expect(() => JSON.parse(answer.body)).toThrow();
			expect(sandbox.state.messages).toHaveLength(0);
			expect((await send(sandbox, text('+6591234567'))).status).toBe(200); // used up
		},
	);

	it('any string body with a chosen content-type, for any status; text/plain by default', async () => {
		sandbox.injectFault([
			{ status: 401, body: '<html><body>Sign in first</body></html>', contentType: 'text/html' },
			{ status: 403, body: 'Forbidden by policy' },
			{ status: 400, body: '', contentType: 'text/plain' },
			{
				status: 418,
				body: '<error>teapot</error>',
				headers: { 'content-type': 'application/xml' },
			},
		]);
		expect(await raw(sandbox)).toEqual({
			status: 401,
			contentType: 'text/html',
			body: '<html><body>Sign in first</body></html>',
		});
		expect(await raw(sandbox)).toEqual({
			status: 403,
			contentType: 'text/plain; charset=utf-8',
			body: 'Forbidden by policy',
		});
		expect(await raw(sandbox)).toEqual({ status: 400, contentType: 'text/plain', body: '' });
		expect(await raw(sandbox)).toEqual({
			status: 418,
			contentType: 'application/xml',
			body: '<error>teapot</error>',
		});
	});

	it('contentType also applies to an object body or the default 8x8 error body', async () => {
		sandbox.injectFault([
			{ status: 400, body: { code: 1000 }, contentType: 'text/plain' },
			{ status: 500, contentType: 'text/json' },
		]);
		expect(await raw(sandbox)).toEqual({
			status: 400,
			contentType: 'text/plain',
			body: '{"code":1000}',
		});
		const second = await raw(sandbox);
		expect(second.contentType).toBe('text/json');
		expect(JSON.parse(second.body)).toMatchObject({ code: 2000, message: 'Internal server error' });
	});

	it('works through POST /__sandbox/faults, on a chosen path only', async () => {
		const created = await call(sandbox, 'POST', '/__sandbox/faults', {
			match: { method: 'GET', path: '/api/v1/accounts/*/webhooks' },
			status: 403,
			html: true,
		});
		expect(created.status).toBe(200);
		expect(created.body.queued[0]).toMatchObject({ status: 403, html: true });
		expect((await send(sandbox, text('+6591234567'))).status).toBe(200);
		const response = await fetch(`${sandbox.url}/api/v1/accounts/SandboxAccount/webhooks`, {
			headers: { Authorization: 'Bearer sandbox-api-key' },
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await response.text()).toContain('<title>403 Forbidden</title>');
	});

	it('refuses a bad contentType and html with an object body', async () => {
		expectError(
			await call(sandbox, 'POST', '/__sandbox/faults', { status: 401, contentType: 5 }),
			400,
			1000,
			/contentType/,
		);
		expectError(
			await call(sandbox, 'POST', '/__sandbox/faults', { status: 401, html: true, body: { a: 1 } }),
			400,
			1000,
			/html: true takes a string body/,
		);
		expect(sandbox.state.faults).toHaveLength(0);
	});
});
