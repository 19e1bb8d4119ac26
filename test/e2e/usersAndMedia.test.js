'use strict';
/**
 * e2e (n8n 1.x and 2.x, with the local 8x8 sandbox): the events issue 11 added, users known only by
 * their business-scoped user ID (BSUID), and inbound media as binary data.
 *
 * Workflow "users and media": the 8x8 WhatsApp Trigger with every event selected and Download Media
 * on; its Inbound output goes to n8n's Extract From File ("Move File to Base64 String"), so the
 * execution shows the downloaded bytes; every other output goes to its own No Operation node.
 * Workflow "BSUID sends": Webhook -> Switch -> 8x8 WhatsApp (Send Text, Send Template) with To
 * from the posted body.
 *
 * Proves:
 * - each new event (built by the sandbox in 8x8's documented shape, or the docs sample) lands on its
 *   own typed output (Contact Card, Biz App, Tpl Mismatch, Opt In/Out, New User ID), answered
 *   200 naming it, with the key fields a flow branches on, replyTo the BSUID for a user without phone;
 * - an inbound image arrives as binary data whose bytes are the sandbox's file (sandbox/media), with
 *   file name and MIME type; 8x8's call is answered before the download (a file served 3 s late does
 *   not delay the answer); an expired media URL keeps the item, with mediaError url_expired;
 * - Send Text and Send Template to a BSUID reach 8x8 (the sandbox) with user.channelUserId only, and
 *   the output item's `to` is the BSUID; an authentication template to a BSUID fails before sending.
 */
const fs = require('fs');
const path = require('path');
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { E2E_VERSION, withN8n, sandboxCredential, NODE_TYPES } = require('./support');
const { importable, stableId, stableUuid, credentialRef } = require('./workflows/common');
const { ALL_EVENTS, EVENT_OUTPUTS, OTHER, TRIGGER_NAME } = require('./workflows/trigger');
const { routedSendWorkflow, templateLocator, templateVariables } = require('./workflows/send');

const repoRoot = path.resolve(__dirname, '..', '..');
const MEDIA_DIR = path.join(repoRoot, 'sandbox', 'media');
const FIXTURE = (name) =>
	JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'events', `${name}.json`), 'utf8'));

const BSUID = 'US.13491208655302741918';
const EXTRACT = 'Image as Base64';
const OUTPUT_NAMES = [...EVENT_OUTPUTS.map(([, name]) => name), OTHER];
const indexOf = (eventType) => ALL_EVENTS.indexOf(eventType);

/** Trigger (every event, Download Media) -> Extract From File on Inbound, a No Operation per other output. */
function usersAndMediaWorkflow() {
	const seed = 'e2e-users-media';
	const webhookId = stableUuid(`${seed}:webhook`);
	const trigger = {
		id: stableUuid(`${seed}:trigger`),
		name: TRIGGER_NAME,
		type: NODE_TYPES.trigger,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: {
			registration: 'manual',
			events: ALL_EVENTS,
			options: { downloadMedia: true, includeHeaders: true },
		},
		credentials: credentialRef(),
	};
	const extract = {
		id: stableUuid(`${seed}:extract`),
		name: EXTRACT,
		type: 'n8n-nodes-base.extractFromFile',
		typeVersion: 1,
		position: [300, 0],
		// an item without a file (mediaError) must not fail the execution
		onError: 'continueRegularOutput',
		parameters: {
			operation: 'binaryToPropery',
			binaryPropertyName: 'data',
			destinationKey: 'base64',
			options: { keepSource: 'json' },
		},
	};
	const sinks = OUTPUT_NAMES.map((name, index) => ({
		id: stableUuid(`${seed}:out:${index}`),
		name: `Out ${index} ${name}`,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [300, (index + 1) * 120],
		parameters: {},
	}));
	const main = OUTPUT_NAMES.map((_, index) => [
		{ node: index === 0 ? EXTRACT : sinks[index].name, type: 'main', index: 0 },
	]);
	return {
		id: stableId(`${seed}:workflow`),
		name: 'e2e users and media: every event, Download Media',
		nodes: [trigger, extract, ...sinks.slice(1)],
		connections: { [TRIGGER_NAME]: { main } },
		settings: { executionOrder: 'v1' },
		webhookPath: `${webhookId}/webhook`,
	};
}

const USERS = usersAndMediaWorkflow();

const SEND = routedSendWorkflow({
	seed: 'e2e-bsuid-send',
	name: 'e2e BSUID sends',
	path: 'e2e-bsuid-send',
	routes: {
		text: {
			parameters: { operation: 'sendText', to: '={{ $json.body.to }}', text: '={{ $json.body.text }}', options: {} },
		},
		template: {
			parameters: {
				operation: 'sendTemplate',
				to: '={{ $json.body.to }}',
				channelId: '',
				template: templateLocator('order_update|en', 'name'),
				templateVariables: templateVariables(
					{ 'body.1': '={{ $json.body.name }}', 'body.2': 'A-1042' },
					[
						{ id: 'body.1', displayName: 'Body {{1}}' },
						{ id: 'body.2', displayName: 'Body {{2}}' },
					],
				),
				options: {},
			},
		},
		otp: {
			parameters: {
				operation: 'sendTemplate',
				to: '={{ $json.body.to }}',
				channelId: '',
				template: templateLocator('login_code|en', 'name'),
				templateVariables: templateVariables({ 'body.1': '123456' }, [
					{ id: 'body.1', displayName: 'Body {{1}} (One-Time Code)' },
				]),
				options: {},
			},
			continueOnFail: true,
		},
	},
});

const explain = (ctx, what) => `${what}\n--- n8n log tail ---\n${ctx.n8n.logTail(40)}`;

withN8n(
	{
		title: `Users, new events and media on n8n ${E2E_VERSION}.x`,
		sandbox: { receipts: false },
		credentials: (ctx) => [sandboxCredential(ctx.sandbox)],
		workflows: [importable(USERS), importable(SEND)],
	},
	(ctx) => {
		const triggerUrl = () => ctx.n8n.webhookUrl(USERS.webhookPath);
		const count = async () => (await ctx.n8n.readExecutions(USERS.id)).length;

		/** The trigger's one emitted item in an execution: { index, item }. */
		const emitted = (exec) => {
			const node = exec.nodes[TRIGGER_NAME];
			assert.ok(node, `execution ${exec.id} has no run of the trigger`);
			const filled = node.outputs.map((items, index) => ({ index, items: items || [] })).filter((o) => o.items.length);
			assert.equal(filled.length, 1, `execution ${exec.id}: items on ${filled.length} outputs`);
			return { index: filled[0].index, item: filled[0].items[0], outputCount: node.outputs.length };
		};

		/** Posts `body` through `post` and returns the execution it started. */
		async function throughTrigger(post) {
			const before = await count();
			const answer = await post();
			const execs = await ctx.n8n.waitForExecutions(USERS.id, before + 1, { timeoutMs: 60_000 });
			assert.equal(execs.length, before + 1, explain(ctx, `${execs.length - before} executions for one call`));
			const exec = execs[execs.length - 1];
			assert.equal(exec.status, 'success', explain(ctx, `execution ${exec.id}: ${exec.status} ${JSON.stringify(exec.error)}`));
			return { answer, exec };
		}

		describe('each new event on its own typed output', () => {
			const cases = [
				{
					name: 'an opt-out of a user without phone number (sandbox user-event)',
					eventType: 'whatsapp_preference',
					post: () =>
						ctx.sandbox.postUserEvent(
							{ eventType: 'whatsapp_preference', value: 'stop', user: { msisdn: null, channelUserId: BSUID, name: 'Dana' } },
							{ url: triggerUrl() },
						),
					check: (item) => {
						assert.equal(item.userId, BSUID);
						assert.equal(item.phone, null);
						assert.equal(item.value, 'stop');
						assert.equal(item.optedOut, true);
						assert.equal(item.category, 'marketing_messages');
						assert.equal(item.replyTo, BSUID);
						assert.match(item.changedAt, /^\d{4}-\d\d-\d\dT/);
					},
				},
				{
					name: 'a shared contact card',
					eventType: 'whatsapp_contact',
					post: () =>
						ctx.sandbox.postUserEvent(
							{ eventType: 'whatsapp_contact', user: { msisdn: '+6591234567', channelUserId: 'SG.77120098453310928876', name: 'Mei' } },
							{ url: triggerUrl() },
						),
					check: (item) => {
						assert.deepEqual(item.from, {
							msisdn: '+6591234567',
							channelUserId: 'SG.77120098453310928876',
							parentUserId: null,
							name: 'Mei',
							username: null,
						});
						assert.equal(item.replyTo, '+6591234567');
						assert.equal(item.contactName, 'Dana Katz');
						assert.equal(item.contactWaId, '6591234560');
						assert.equal(item.contacts.length, 1);
						assert.deepEqual(item.contacts[0].emails, [{ email: 'dana@example.com', type: 'WORK' }]);
					},
				},
				{
					name: 'a BSUID change',
					eventType: 'whatsapp_user_id_update',
					post: () =>
						ctx.sandbox.postUserEvent(
							{ eventType: 'whatsapp_user_id_update', user: { channelUserId: BSUID }, newChannelUserId: 'US.99120098453310928876' },
							{ url: triggerUrl() },
						),
					check: (item) => {
						assert.equal(item.previousUserId, BSUID);
						assert.equal(item.userId, 'US.99120098453310928876');
						assert.equal(item.phone, '+6591234567');
					},
				},
				{
					name: 'a message sent from the WhatsApp Business App',
					eventType: 'external_app_message',
					post: () =>
						ctx.sandbox.postBusinessAppMessage(
							{ text: 'Your table is booked', user: { msisdn: null, channelUserId: BSUID } },
							{ url: triggerUrl() },
						),
					check: (item) => {
						assert.equal(item.text, 'Your table is booked');
						assert.equal(item.messageType, 'text');
						assert.deepEqual(item.to, { msisdn: null, channelUserId: BSUID });
						assert.equal(item.replyTo, BSUID);
					},
				},
				{
					name: "the docs' category detection sample",
					eventType: 'template_correct_category_detection',
					post: () => ctx.sandbox.postEvent(FIXTURE('docs-template-correct-category-detection'), { url: triggerUrl() }),
					check: (item) => {
						assert.equal(item.category, 'UTILITY');
						assert.equal(item.correctCategory, 'MARKETING');
						assert.equal(item.templateName, '<TEMPLATE_NAME>');
					},
				},
				{
					name: "the page's other name user_preferences",
					eventType: 'whatsapp_preference',
					post: () => ctx.sandbox.postEvent(FIXTURE('variant-alias-user-preferences'), { url: triggerUrl() }),
					check: (item) => assert.equal(item.eventType, 'whatsapp_preference'),
				},
			];
			for (const c of cases) {
				it(`${c.name} -> ${OUTPUT_NAMES[indexOf(c.eventType)]}`, async () => {
					const { answer, exec } = await throughTrigger(c.post);
					assert.equal(answer.delivered, true, explain(ctx, `not delivered: ${JSON.stringify(answer).slice(0, 400)}`));
					const { index, item, outputCount } = emitted(exec);
					assert.equal(outputCount, OUTPUT_NAMES.length);
					assert.equal(index, indexOf(c.eventType), `on output ${index} (${OUTPUT_NAMES[index]})`);
					assert.equal(item.eventType, c.eventType);
					assert.ok(typeof item.dedupeKey === 'string' && item.dedupeKey.length > 0);
					assert.deepEqual(Object.keys(exec.nodes).filter((n) => n !== TRIGGER_NAME), [`Out ${index} ${OUTPUT_NAMES[index]}`]);
					c.check(item);
				});
			}
		});

		describe('inbound media as binary data', () => {
			it("an inbound image: the sandbox's bytes in binary data, name and type; replyTo the BSUID", async () => {
				const { answer, exec } = await throughTrigger(() =>
					ctx.sandbox.sendInbound(
						{ type: 'image', text: 'my receipt', user: { msisdn: null, channelUserId: BSUID, name: 'Dana' } },
						{ url: triggerUrl() },
					),
				);
				assert.equal(answer.delivered, true);
				const { index, item } = emitted(exec);
				assert.equal(index, 0);
				assert.equal(item.messageType, 'image');
				assert.equal(item.text, 'my receipt');
				assert.equal(item.replyTo, BSUID);
				const bytes = fs.readFileSync(path.join(MEDIA_DIR, 'sample-image.jpg'));
				assert.deepEqual(item.media, {
					binaryProperty: 'data',
					fileName: 'sample-image.jpg',
					mimeType: 'image/jpeg',
					fileSize: bytes.length,
				});
				assert.equal(item.mediaError, null);
				const extracted = exec.nodes[EXTRACT];
				assert.ok(extracted, explain(ctx, `Extract From File did not run: ${Object.keys(exec.nodes).join(', ')}`));
				const out = extracted.outputs[0][0];
				assert.equal(out.base64, bytes.toString('base64'), 'the binary data holds exactly the sandbox file');
				assert.equal(out.umid, item.umid, 'Extract From File kept the trigger item');
			});

			it('8x8 gets its answer before the download: a file served 3 s late does not delay it', async () => {
				const url = `${ctx.sandbox.url}/files/sample-image.jpg?token=sandbox&delayMs=3000`;
				const started = Date.now();
				let answeredAfter;
				const { exec } = await throughTrigger(async () => {
					const result = await ctx.sandbox.sendInbound({ type: 'image', content: { url } }, { url: triggerUrl() });
					answeredAfter = Date.now() - started;
					return result;
				});
				assert.ok(answeredAfter < 2500, `the webhook was answered after ${answeredAfter} ms`);
				const { item } = emitted(exec);
				assert.equal(item.media.fileName, 'sample-image.jpg');
				const ran = new Date(exec.stoppedAt) - new Date(exec.startedAt);
				assert.ok(ran >= 2900, `the execution took ${ran} ms, so the download ran in it`);
			});

			it('an expired media URL keeps the item, with mediaError url_expired and the fix', async () => {
				const url = `${ctx.sandbox.url}/files/sample-image.jpg?token=expired`;
				const { exec } = await throughTrigger(() =>
					ctx.sandbox.sendInbound({ type: 'image', content: { url } }, { url: triggerUrl() }),
				);
				const { index, item } = emitted(exec);
				assert.equal(index, 0);
				assert.equal(item.mediaUrl, url);
				assert.equal(item.media, null);
				assert.equal(item.mediaError.reason, 'url_expired');
				assert.equal(item.mediaError.httpStatus, 403);
				assert.match(item.mediaError.fix, /24 hours/);
				// the file-less item still reaches the next node (which, without a file, reports its own error)
				assert.ok(exec.nodes[EXTRACT], 'the item went on to Extract From File');
			});
		});

		describe('sending to a BSUID', () => {
			const send = async (route, body) => {
				const res = await ctx.n8n.postWebhook(SEND.path, { route, ...body });
				assert.equal(res.status, 200, explain(ctx, `${route}: HTTP ${res.status} ${res.text}`));
				return res.body;
			};

			it('Send Text: user.channelUserId only, and `to` is the BSUID', async () => {
				const [item] = await send('text', { to: BSUID, text: 'Hi Dana' });
				assert.equal(item.to, BSUID);
				assert.equal(item.status, 'queued');
				const stored = ctx.sandbox.messages().find((m) => m.umid === item.umid);
				assert.ok(stored, `the sandbox has no message ${item.umid}`);
				assert.deepEqual(stored.body.user, { channelUserId: BSUID });
				assert.deepEqual(stored.body.content, { text: 'Hi Dana' });
			});

			it('Send Template: the documented template body with user.channelUserId', async () => {
				const [item] = await send('template', { to: BSUID, name: 'Dana' });
				assert.equal(item.to, BSUID);
				assert.equal(item.template, 'order_update');
				const stored = ctx.sandbox.messages().find((m) => m.umid === item.umid);
				assert.deepEqual(stored.body.user, { channelUserId: BSUID });
				assert.deepEqual(stored.body.content.template.components, [
					{ type: 'body', parameters: [{ type: 'text', text: 'Dana' }, { type: 'text', text: 'A-1042' }] },
				]);
			});

			it('an authentication template to a BSUID fails before sending (1054 / 131062 named)', async () => {
				const before = ctx.sandbox.messages().length;
				const [item] = await send('otp', { to: BSUID });
				assert.match(item.error.message, /authentication template, which reaches only a phone number/);
				assert.match(item.error.message, /1054, Meta 131062/);
				assert.equal(ctx.sandbox.messages().length, before, 'nothing was sent');
			});
		});
	},
);
