'use strict';
/**
 * A real browser on a real n8n editor: Debian's Chromium driven by puppeteer-core (which never
 * downloads a browser of its own). Used by the browser suite (test/ui, `npm run test:ui`) and by
 * `npm run screenshots`. Needs Node >= 22.12 (puppeteer-core); the callers run on the Node 24 runtime.
 *
 *   const { launchBrowser } = require('./browser');
 *   const browser = await launchBrowser({ shotsDir: '.cache/ui' });  // CHROMIUM_PATH overrides /usr/bin/chromium
 *   const page = await browser.newEditorPage(n8n);   // logs in through the sign-in form
 *   await page.openWorkflow(id); await page.shot('canvas');
 *   await browser.close();
 *
 * Page helpers (on the puppeteer Page it returns): openWorkflow(id), openNode(name), closeNdv(),
 * shot(name) (full-window PNG into shotsDir, returns the path), textOf(selector), waitForText(text),
 * clickText(selector, text), bodyText().
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	'--hide-scrollbars',
	'--mute-audio',
];

function chromiumPath() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
	const found = candidates.find((file) => fs.existsSync(file));
	if (!found) {
		throw new Error(
			`No Chromium found (looked at ${candidates.join(', ')}). Install Debian's package: apt-get install -y chromium (or set CHROMIUM_PATH).`,
		);
	}
	return found;
}

function loadPuppeteer() {
	try {
		return require('puppeteer-core');
	} catch (err) {
		throw new Error(`puppeteer-core is not installed (npm ci installs it as a devDependency): ${err.message}`);
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Adds the editor helpers to a puppeteer page. */
function decoratePage(page, { n8n, shotsDir }) {
	let shotIndex = 0;
	Object.assign(page, {
		n8n,
		async shot(name) {
			fs.mkdirSync(shotsDir, { recursive: true });
			shotIndex += 1;
			const file = path.join(shotsDir, `${String(shotIndex).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		async bodyText() {
			return page.evaluate(() => document.body.innerText);
		},
		async textOf(selector) {
			return page.$$eval(selector, (els) => els.map((el) => el.innerText.trim()));
		},
		/** Waits until the visible text of the page (or of `selector`) contains `text` (string or RegExp). */
		async waitForText(text, { selector = 'body', timeout = 20_000 } = {}) {
			const source = text instanceof RegExp ? { re: text.source, flags: text.flags } : { str: text };
			await page.waitForFunction(
				(sel, src) => {
					const content = [...document.querySelectorAll(sel)].map((el) => el.innerText).join('\n');
					return src.re ? new RegExp(src.re, src.flags).test(content) : content.includes(src.str);
				},
				{ timeout },
				selector,
				source,
			);
		},
		/** Clicks the first element matching `selector` whose visible text contains `text`. */
		async clickText(selector, text, { timeout = 10_000 } = {}) {
			const handle = await page.waitForFunction(
				(sel, wanted) =>
					[...document.querySelectorAll(sel)].find(
						(el) => el.offsetParent !== null && el.innerText && el.innerText.trim().includes(wanted),
					),
				{ timeout },
				selector,
				text,
			);
			await handle.asElement().click();
			return handle;
		},
		async openWorkflow(id) {
			await page.goto(`${n8n.url}/workflow/${id}`, { waitUntil: 'networkidle2' });
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
			await sleep(500);
		},
		/** Opens a node's panel (NDV) by double-clicking it on the canvas. */
		async openNode(name) {
			const node = await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${name}"]`, { timeout: 20_000 });
			await node.click({ count: 2 });
			await page.waitForSelector('[data-test-id="ndv"]', { visible: true, timeout: 20_000 });
			await sleep(700);
		},
		async closeNdv() {
			const back = await page.$('[data-test-id="back-to-canvas"]');
			if (back) await back.click();
			else await page.keyboard.press('Escape');
			await sleep(400);
		},
	});
	return page;
}

/** Signs in through n8n's sign-in form (the owner is created over REST on a fresh instance first). */
async function signIn(page, n8n) {
	const { OWNER_EMAIL, OWNER_PASSWORD } = require('./n8n-instance');
	await n8n.restLogin();
	await page.goto(`${n8n.url}/signin`, { waitUntil: 'networkidle2' });
	const email = await page.waitForSelector('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]', { timeout: 60_000 });
	await email.type(OWNER_EMAIL);
	const password = await page.waitForSelector('input[type="password"]');
	await password.type(OWNER_PASSWORD);
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'networkidle2', timeout: 60_000 }).catch(() => undefined),
		page.keyboard.press('Enter'),
	]);
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 60_000 });
}

async function launchBrowser({ shotsDir, width = 1400, height = 800, slowMo } = {}) {
	const puppeteer = loadPuppeteer();
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-8x8-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: chromiumPath(),
		headless: true,
		args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, `--window-size=${width},${height}`],
		defaultViewport: { width, height },
		slowMo,
		protocolTimeout: 120_000,
	});
	const close = browser.close.bind(browser);
	browser.close = async () => {
		try {
			await close();
		} finally {
			fs.rmSync(userDataDir, { recursive: true, force: true });
		}
	};
	browser.newEditorPage = async (n8n) => {
		const page = await browser.newPage();
		page.setDefaultTimeout(30_000);
		await signIn(page, n8n);
		return decoratePage(page, { n8n, shotsDir });
	};
	return browser;
}

module.exports = { launchBrowser, chromiumPath, CHROMIUM_FLAGS };
