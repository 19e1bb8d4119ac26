'use strict';
/**
 * The editor as a person uses it, in Chromium against n8n 2.41.1 (npm run test:ui):
 * - the template picker lists exactly the channel's APPROVED templates;
 * - switching the template of a node whose fields hold expressions (example 06, no input data)
 *   ends with the new template's variable form;
 * - the trigger's output labels on the canvas are whole and all distinct;
 * - the credential test shows success, and for a wrong key a message naming the API Key;
 * - a failed send's error item shows the code, its meaning and the fix.
 * Every check saves a screenshot into .cache/ui; a failure says what was expected and what the page showed.
 */
const path = require('path');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { withEditor, check, example } = require('./support');
const { NODE_TYPES, SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME } = require('../e2e/support');

const dist = (...parts) => require(path.join(__dirname, '..', '..', 'dist', 'nodes', ...parts));
const { describeTemplate, templateFieldInfo } = dist('EightByEightWhatsApp', 'helpers', 'templates');
const { EVENT_OUTPUT_NAMES, EVENT_TYPES, OTHER_OUTPUT_NAME } = dist('shared', 'events');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WRONG_KEY_CREDENTIAL = { id: '8x8UiWrongKey001', name: '8x8 wrong key' };
const SEND_NODE = 'Send and wait for delivery';
const HUB = example('00-webhook-hub.json');
const PROOF = example('06-send-with-proof.json');
const TRIGGER_NODE = HUB.nodes.find((node) => node.type === NODE_TYPES.trigger).name;

const FAILED_SEND = {
	id: 'x8x8UiFailSend01',
	name: '8x8 UI · a send 8x8 refuses',
	nodes: [
		{ id: '0a1b2c3d-0000-4000-8000-0000000000a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '0a1b2c3d-0000-4000-8000-0000000000a2',
			name: 'Send text',
			type: NODE_TYPES.action,
			typeVersion: 1,
			position: [260, 0],
			onError: 'continueRegularOutput',
			credentials: { eightByEightApi: { id: SANDBOX_CREDENTIAL_ID, name: SANDBOX_CREDENTIAL_NAME } },
			// +2131234 passes the node's phone check (no length table for +213) but 8x8 answers 400 / 1002
			parameters: { resource: 'message', operation: 'sendText', to: '+2131234', text: 'Your order shipped', options: {} },
		},
	],
	connections: { Start: { main: [[{ node: 'Send text', type: 'main', index: 0 }]] } },
	settings: {},
};

async function mapperLabels(page) {
	return page.$$eval('[data-test-id="resource-mapper-container"] [data-test-id="mapping-fields-container"] label, [data-test-id="resource-mapper-container"] [data-test-id="mapping-fields-container"] [data-test-id="parameter-input-label"], [data-test-id="resource-mapper-container"] [data-test-id="mapping-fields-container"] .parameter-label', (els) =>
		[...new Set(els.map((el) => el.innerText.split('\n')[0].trim()).filter(Boolean))],
	);
}

async function mapperText(page) {
	const [text] = await page.textOf('[data-test-id="resource-mapper-container"]');
	return text || '';
}

async function openTemplatePicker(page) {
	await (await page.waitForSelector('[data-test-id="resource-locator-template"] [data-test-id="rlc-input"]')).click();
	await page.waitForSelector('[data-test-id="rlc-item"]', { visible: true, timeout: 20_000 });
	await sleep(500);
	return page.textOf('[data-test-id="rlc-item"]');
}

const ctx = withEditor(
	{
		credentials: (c) => [
			{ ...require('../e2e/support').sandboxCredential(c.sandbox, { apiKey: 'not-the-sandbox-key' }, WRONG_KEY_CREDENTIAL) },
		],
		workflows: () => [HUB, PROOF, FAILED_SEND],
	},
	(c) => {
		it('the template picker lists only the APPROVED templates of the channel', async () => {
			const { page, sandbox } = c;
			await page.openWorkflow(PROOF.id);
			await page.openNode(SEND_NODE);
			const listed = await check(page, 'template-picker', () => openTemplatePicker(page));
			const approved = sandbox.state.templates
				.filter((t) => String(t.status).toUpperCase() === 'APPROVED')
				.map((t) => `${t.templateName} (${t.language})`);
			const others = sandbox.state.templates
				.filter((t) => String(t.status).toUpperCase() !== 'APPROVED')
				.map((t) => `${t.templateName} (${t.language})`);
			assert.ok(others.length > 0, 'the sandbox has templates that are not approved (PAUSED, REJECTED)');
			assert.deepEqual(
				[...listed].sort(),
				[...approved].sort(),
				`expected the picker to list exactly the approved templates ${approved.join(', ')}; the page showed ${listed.join(', ')}`,
			);
			await page.keyboard.press('Escape');
			await page.closeNdv();
		});

		it('switching the template of a node whose fields hold expressions ends with the new template\'s variables', async () => {
			const { page, sandbox } = c;
			const target = sandbox.state.templates.find((t) => t.templateName === 'event_invitation');
			const expected = templateFieldInfo(describeTemplate(target)).map((field) => field.displayName);
			await page.openWorkflow(PROOF.id);
			await page.openNode(SEND_NODE);
			const before = await mapperText(page);
			assert.match(before, /Body \{\{1\}\}/, `example 06 starts with order_update's form; the page showed: ${before}`);
			await openTemplatePicker(page);
			await page.clickText('[data-test-id="rlc-item"]', `event_invitation (${target.language})`);
			await sleep(2500);
			const inPanel = await check(page, 'template-switched-in-panel', () => mapperText(page));
			// n8n reloads the form at once when it can evaluate the node's expressions; example 06 has no
			// input data, so it cannot, and the form is reloaded the next time the panel opens.
			await page.closeNdv();
			await page.openNode(SEND_NODE);
			await sleep(2500);
			const after = await check(page, 'template-switched-reopened', async () => {
				await page.evaluate(() => document.querySelector('[data-test-id="resource-mapper-container"]')?.scrollIntoView());
				return mapperText(page);
			});
			for (const label of expected) {
				assert.ok(
					after.includes(label),
					`expected the form of event_invitation (${expected.join(', ')}) after switching; the page showed: ${after.replace(/\s+/g, ' ')} (right after the switch: ${inPanel.replace(/\s+/g, ' ')})`,
				);
			}
			assert.ok(!/Body \{\{2\}\}[\s\S]*Body \{\{2\}\}/.test(after), 'no duplicate fields');
			assert.match(after, /Template Variables/, `the section is titled "Template Variables"; the page showed: ${after}`);
			await page.closeNdv();
		});

		it('the trigger\'s output labels are whole and all distinct on the canvas', async () => {
			const { page } = c;
			await page.openWorkflow(HUB.id);
			const labels = await check(page, 'trigger-output-labels', () =>
				page.$$eval(
					`[data-test-id="canvas-node"][data-node-name="${TRIGGER_NODE}"] [data-test-id="canvas-node-output-handle"] [class*="outputLabel"]`,
					(els) => els.map((el) => ({ text: el.innerText.trim(), cut: el.scrollWidth > el.clientWidth + 1 || /…$/.test(el.innerText.trim()) })),
				),
			);
			const expected = [...EVENT_TYPES.map((eventType) => EVENT_OUTPUT_NAMES[eventType]), OTHER_OUTPUT_NAME];
			assert.deepEqual(
				labels.map((label) => label.text),
				expected,
				`expected the outputs ${expected.join(' | ')}; the canvas showed ${labels.map((l) => l.text).join(' | ')}`,
			);
			const cut = labels.filter((label) => label.cut).map((label) => label.text);
			assert.deepEqual(cut, [], `labels cut on the canvas: ${cut.join(', ')}`);
			assert.equal(new Set(labels.map((l) => l.text)).size, labels.length, 'labels are distinct');
		});

		it('the credential test says success for the sandbox key, and names the API Key for a wrong one', async () => {
			const { page, n8n } = c;
			const testResult = async (id, name) => {
				await page.goto(`${n8n.url}/home/credentials/${id}`, { waitUntil: 'networkidle2' });
				await page.waitForFunction(
					() => /Connection tested successfully|Couldn.t connect|could not connect|rejected|Retry/i.test(document.body.innerText),
					{ timeout: 30_000 },
				);
				await sleep(1500);
				return check(page, `credential-${name}`, async () => {
					// n8n folds the rule's message under "More details"
					const more = await page.$$('span, a, button');
					for (const el of more) {
						if ((await el.evaluate((node) => node.innerText && node.innerText.trim())) === 'More details') {
							await el.click();
							await sleep(800);
							break;
						}
					}
					return (await page.bodyText()).split('API Key *')[0];
				});
			};
			const good = await testResult(SANDBOX_CREDENTIAL_ID, 'sandbox');
			assert.match(good, /Connection tested successfully/, `expected "Connection tested successfully"; the modal showed: ${good.slice(-400)}`);
			await page.keyboard.press('Escape');
			const wrong = await testResult(WRONG_KEY_CREDENTIAL.id, 'wrong-key');
			assert.doesNotMatch(wrong, /Connection tested successfully/, 'a wrong key does not test successfully');
			assert.match(wrong, /API key/i, `expected the failure to name the API Key field; the modal showed: ${wrong.slice(-400)}`);
			await page.keyboard.press('Escape');
		});

		it('a failed send\'s error item shows the 8x8 code, what it means and how to fix it', async () => {
			const { page } = c;
			await page.openWorkflow(FAILED_SEND.id);
			await (await page.waitForSelector('[data-test-id="execute-workflow-button"]')).click();
			await page.waitForFunction(
				() => document.querySelectorAll('[data-test-id="canvas-node-status-success"], [data-node-name="Send text"] [data-test-id*="success"]').length > 0 || /Workflow executed successfully/i.test(document.body.innerText),
				{ timeout: 60_000 },
			).catch(() => undefined);
			await sleep(1000);
			await page.openNode('Send text');
			const json = await check(page, 'failed-send-error-item', async () => {
				const toggle = await page.$('[data-test-id="ndv-output-panel"] [data-test-id="radio-button-json"], [data-test-id="output-panel"] [data-test-id="radio-button-json"]');
				if (toggle) await toggle.click();
				await sleep(1200);
				const [text] = await page.textOf('[data-test-id="output-panel"]');
				return text || '';
			});
			assert.match(json, /1002/, `expected error code 1002 in the output; the panel showed: ${json.slice(0, 600)}`);
			assert.match(json, /"?meaning"?/, `expected the error's meaning; the panel showed: ${json.slice(0, 600)}`);
			assert.match(json, /"?fix"?/, `expected the error's fix; the panel showed: ${json.slice(0, 600)}`);
			assert.match(json, /\+2131234/, `expected the recipient on the error item; the panel showed: ${json.slice(0, 600)}`);
			await page.closeNdv();
		});
	},
);

module.exports = { ctx };
