/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SANDBOX = join(__dirname, '../../sandbox');
const topComment = readFileSync(join(SANDBOX, 'index.js'), 'utf8').split('*/')[0];
const ROUTE_FILES = ['messages', 'messageDetails', 'templates', 'webhooks'];

describe('sandbox/index.js names the file of every route (one hop to any fake endpoint)', () => {
	it.each(ROUTE_FILES)('routes/%s.js: each route is listed with its file', (file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { routes } = require(join(SANDBOX, 'routes', file)) as {
			routes: Array<{ method: string; path: string }>;
		};
		expect(routes.length).toBeGreaterThan(0);
		for (const route of routes) {
			const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
			const line = new RegExp(
				`\\* +${route.method} +${path.replace(/[{}/.]/g, '\\$&')} +routes/${file}\\.js\\n`,
			);
			expect({ route: `${route.method} ${path}`, listed: line.test(topComment) }).toEqual({
				route: `${route.method} ${path}`,
				listed: true,
			});
		}
	});

	it('every control route is documented in the Control API section', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ROUTES } = require(join(SANDBOX, 'routes', 'control')) as {
			ROUTES: Record<string, unknown>;
		};
		const section = topComment.slice(topComment.indexOf('Control API (no auth)'));
		for (const key of Object.keys(ROUTES)) {
			const [method, path] = key.split(' ');
			const name = path.replace('/__sandbox', '').replace(/^\//, '');
			if (!name) continue; // GET /__sandbox is health
			const listed =
				new RegExp(`\\b${method}\\b[^\\n]*\\b${name}\\b`).test(section) ||
				new RegExp(`\\b${name}\\b[^\\n]*\\b${method}\\b`).test(section);
			expect({ key, listed }).toEqual({ key, listed: true });
		}
	});
});
