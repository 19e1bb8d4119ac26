'use strict';
/**
 * e2e: the example workflows in examples/*.json, imported as they are into a real n8n (1.x and 2.x)
 * with the local 8x8 sandbox, each run end to end through its 8x8 part.
 *
 * What is changed before import (forE2e below), and why: the Slack, Google Sheets and SMS nodes use
 * placeholder credentials and would need the internet, so they are set to "disabled". n8n passes a
 * disabled node's input straight through, so the executions still show that each of them was reached,
 * and with which item. Example 05's daily summary starts on a schedule and reads a sheet: for the test
 * its Schedule Trigger becomes a Webhook node and "Read Delivery log" a Code node returning the rows
 * posted to that webhook (the rows the delivery-log part produced), so the summary Code node runs in
 * n8n on real rows. Nothing else is touched: triggers, filters, expressions and 8x8 nodes are the
 * shipped ones.
 *
 * The sandbox's webhooks (MSG, CADR, CABM) are pointed at the example under test (setWebhooks), or at
 * the hub (00) for the hub tests; events are produced the way 8x8 produces them: real sends to the
 * sandbox API (receipts by the recipient's last digit), /__sandbox/inbound, /__sandbox/template-status
 * and /__sandbox/event. Executions are found by content (umid, template name, ...), not by count,
 * because one event can cause several executions (a reply's receipts, the hub's fan-out).
 */
const fs = require('fs');
const path = require('path');
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { withN8n, sandboxCredential, SANDBOX_CREDENTIAL_ID, NODE_TYPES } = require('./support');

const repoRoot = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(repoRoot, 'examples');
const PLACEHOLDER_CREDENTIAL = /Placeholder\d*$/;
const SUMMARY_PATH = 'e2e-examples-daily-summary';

function loadExamples() {
	const byFile = {};
	for (const file of fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		byFile[file] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return byFile;
}

const examples = loadExamples();
const example = (prefix) => {
	const file = Object.keys(examples).find((f) => f.startsWith(prefix));
	assert.ok(file, `examples/${prefix}*.json is missing`);
	return examples[file];
};
const nodeOf = (wf, predicate) => wf.nodes.find(predicate);
const triggerOf = (wf) => nodeOf(wf, (n) => n.type === NODE_TYPES.trigger);
const usesPlaceholder = (node) =>
	Object.values(node.credentials || {}).some((c) => PLACEHOLDER_CREDENTIAL.test(String(c.id)));

/** The workflow as imported for the test (see the header comment). */
function forE2e(wf) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.webhook';
			node.typeVersion = 2;
			node.webhookId = '8a8e0000-0000-4000-8000-0000000e2e05';
			node.parameters = {
				httpMethod: 'POST',
				path: SUMMARY_PATH,
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				options: {},
			};
		} else if (
			node.type === 'n8n-nodes-base.googleSheets' &&
			node.parameters.operation !== 'append'
		) {
			const source = copy.nodes.find(
				(n) => n.type === 'n8n-nodes-base.webhook' || n.type === 'n8n-nodes-base.scheduleTrigger',
			);
			node.type = 'n8n-nodes-base.code';
			node.typeVersion = 2;
			node.parameters = {
				jsCode: `return $('${source.name}').first().json.body.rows.map((row) => ({ json: row }));`,
			};
			delete node.credentials;
		} else if (usesPlaceholder(node)) {
			node.disabled = true;
		}
	}
	return copy;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Example 06 once more, waiting for "read" at most 5 seconds, for the timeout branch: a number ending
 * in 6 gets delivered but never read, so the wait ends with finalState "timeout". n8n's wait tracker
 * looks for due executions once a minute, so this resumes 5-65 s after the send.
 */
const TIMEOUT_PATH = 'e2e-examples-send-with-proof-timeout';
function timeoutVariant() {
	const wf = forE2e(example('06-'));
	wf.id = 'x8x8Ex06Timeout0';
	wf.name = `${wf.name} (e2e: 5 s wait for read)`;
	const hook = nodeOf(wf, (n) => n.type === 'n8n-nodes-base.webhook');
	hook.webhookId = '8a8e0000-0000-4000-8000-0000000e2e06';
	hook.parameters.path = TIMEOUT_PATH;
	const send = nodeOf(wf, (n) => n.type === NODE_TYPES.action);
	Object.assign(send.parameters, { resumeOn: ['read'], waitAmount: 5, waitUnit: 'seconds' });
	return wf;
}

withN8n(
	{
		sandbox: { receiptDelayMs: 20 },
		credentials: (ctx) => [sandboxCredential(ctx.sandbox)],
		workflows: () => [...Object.values(examples).map(forE2e), timeoutVariant()],
	},
	(ctx) => {
		const sb = async (method, route, body) => {
			const res = await fetch(`${ctx.sandbox.url}${route}`, {
				method,
				headers: {
					authorization: `Bearer ${ctx.sandbox.credentials.apiKey}`,
					'content-type': 'application/json',
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = text;
			}
			assert.ok(res.ok, `${method} ${route}: HTTP ${res.status} ${text.slice(0, 400)}`);
			return json;
		};
		const triggerUrl = (wf) => ctx.n8n.webhookUrl(`${triggerOf(wf).webhookId}/webhook`);
		/** Point the sandbox's MSG, CADR and CABM webhooks at one URL (8x8 keeps one per type). */
		const setWebhooks = (url) =>
			sb('POST', `/api/v1/accounts/${ctx.sandbox.credentials.accountId}/webhooks`, [
				{ type: 'MSG', subAccountId: ctx.sandbox.credentials.subAccountId, url },
				{ type: 'CADR', subAccountId: ctx.sandbox.credentials.subAccountId, url },
				{ type: 'CABM', subAccountId: ctx.sandbox.credentials.subAccountId, url },
			]);
		const idle = () => sb('GET', '/__sandbox/idle?timeoutMs=15000');
		/** A session text through the sandbox API, as any system of yours would send it. */
		const sendText = (msisdn, clientMessageId) =>
			sb('POST', `/api/v1/subaccounts/${ctx.sandbox.credentials.subAccountId}/messages`, {
				user: { msisdn },
				type: 'text',
				content: { text: `e2e examples ${clientMessageId}` },
				clientMessageId,
			});
		const messagesTo = async (msisdn) =>
			(await sb('GET', `/__sandbox/messages?msisdn=${encodeURIComponent(msisdn)}`)).messages;

		/** Poll the executions of a workflow until one matches (finished), or fail with what was seen. */
		async function findExecution(wf, predicate, what, { timeoutMs = 30_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			let seen = [];
			for (;;) {
				seen = await ctx.n8n.readExecutions(wf.id);
				const hit = seen.find(
					(e) => e.stoppedAt && !['running', 'new', 'waiting'].includes(e.status) && predicate(e),
				);
				if (hit) return hit;
				if (Date.now() > deadline) {
					throw new Error(
						`No execution of "${wf.name}" with ${what} within ${timeoutMs / 1000} s. Seen: ` +
							JSON.stringify(
								seen.map((e) => ({
									id: e.id,
									status: e.status,
									last: e.lastNodeExecuted,
									error: e.error && e.error.message,
								})),
								null,
								1,
							) +
							`\n--- n8n log tail ---\n${ctx.n8n.logTail(30)}`,
					);
				}
				await sleep(200);
			}
		}
		const out = (exec, node, output = 0) => {
			const n = exec.nodes[node];
			assert.ok(
				n,
				`node "${node}" did not run (ran: ${Object.keys(exec.nodes).join(', ')}; last: ${exec.lastNodeExecuted})`,
			);
			return (n.outputs[output] || []).map((json) => json);
		};
		const first = (exec, node, output = 0) => {
			const items = out(exec, node, output);
			assert.ok(items.length > 0, `node "${node}" output ${output} is empty`);
			return items[0];
		};
		const triggerItem = (wf, exec) => {
			const name = triggerOf(wf).name;
			const outputs = exec.nodes[name] ? exec.nodes[name].outputs : [];
			return outputs.flat()[0];
		};
		const ranWithoutError = (exec) => {
			assert.equal(
				exec.status,
				'success',
				`execution ${exec.id} ended ${exec.status}: ${JSON.stringify(exec.error)}`,
			);
		};

		const ex01 = example('01-');
		const ex02 = example('02-');
		const ex03 = example('03-');
		const ex04 = example('04-');
		const ex05 = example('05-');
		const hub = example('00-');

		it('imports every example: package loaded, all activated and their webhooks live', async () => {
			assert.deepEqual(ctx.n8n.loadProblems(), []);
			const rows = await ctx.n8n.query('SELECT id, active FROM workflow_entity');
			const ids = Object.values(examples).map((wf) => wf.id);
			for (const id of ids)
				assert.ok(
					rows.some((r) => String(r.id) === id),
					`workflow ${id} was not imported`,
				);
			const hooks = await ctx.n8n.query('SELECT workflowId, webhookPath FROM webhook_entity');
			for (const wf of Object.values(examples)) {
				for (const node of wf.nodes.filter((n) => n.webhookId && !n.disabled)) {
					assert.ok(
						hooks.some(
							(h) =>
								h.workflowId === wf.id &&
								(h.webhookPath.startsWith(node.webhookId) ||
									h.webhookPath === node.parameters.path),
						),
						`no live webhook for "${node.name}" of "${wf.name}"`,
					);
				}
			}
		});

		// ------------------------------------------------------------------------------------------
		describe('01 delivery failure alert', () => {
			it('an undelivered receipt (number ending 1) reaches the Slack node with meaning, fix and the Meta code; delivered ones start nothing', async () => {
				await setWebhooks(triggerUrl(ex01));
				const before = (await ctx.n8n.readExecutions(ex01.id)).length;
				const failed = await sendText('+6591230001', 'ex01-undelivered');
				const fine = await sendText('+6591230007', 'ex01-delivered');
				await idle();
				const exec = await findExecution(
					ex01,
					(e) => (triggerItem(ex01, e) || {}).umid === failed.umid,
					`umid ${failed.umid}`,
				);
				ranWithoutError(exec);
				const alert = first(exec, 'Compose alert');
				assert.equal(alert.recipient, '+6591230001');
				assert.equal(alert.umid, failed.umid);
				assert.equal(alert.clientMessageId, 'ex01-undelivered');
				assert.equal(alert.errorCode, 1018);
				assert.equal(alert.metaCode, 131026);
				assert.ok(alert.meaning.length > 20, `meaning: ${alert.meaning}`);
				assert.ok(alert.fix.length > 20, `fix: ${alert.fix}`);
				for (const part of [
					alert.meaning,
					alert.fix,
					'Meta error 131026',
					'8x8 error 1018',
					'+6591230001',
					failed.umid,
				]) {
					assert.ok(alert.text.includes(part), `the Slack text lacks "${part}":\n${alert.text}`);
				}
				const slackIn = first(exec, 'Post to #whatsapp-alerts');
				assert.equal(slackIn.text, alert.text, 'the Slack node got the composed alert');
				await sleep(500);
				const all = await ctx.n8n.readExecutions(ex01.id);
				assert.equal(
					all.length - before,
					1,
					'only the undelivered receipt starts an execution (statusStates = undelivered, rejected)',
				);
				assert.ok(!all.some((e) => (triggerItem(ex01, e) || {}).umid === fine.umid));
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('02 template health', () => {
			const byTemplateEvent = (eventId) => (e) => (triggerItem(ex02, e) || {}).eventId === eventId;

			it('REJECTED and PAUSED template statuses alert with the reason; APPROVED needs no action', async () => {
				await setWebhooks(triggerUrl(ex02));
				const rejected = await sb('POST', '/__sandbox/template-status', {
					name: 'welcome_plain',
					status: 'REJECTED',
					reason: 'INVALID_FORMAT',
				});
				assert.equal(rejected.delivered, true);
				let exec = await findExecution(
					ex02,
					byTemplateEvent(rejected.event.eventId),
					'the REJECTED event',
				);
				ranWithoutError(exec);
				let alert = first(exec, 'Status alert');
				assert.equal(alert.template, 'welcome_plain');
				assert.equal(alert.change, 'REJECTED');
				assert.equal(alert.reason, 'INVALID_FORMAT');
				assert.match(alert.text, /welcome_plain.*REJECTED/);
				assert.match(alert.text, /Reason: INVALID_FORMAT/);
				assert.equal(first(exec, 'Post to #whatsapp-templates').text, alert.text);

				const paused = await sb('POST', '/__sandbox/template-status', {
					name: 'welcome_plain',
					status: 'PAUSED',
					reason: 'LOW_QUALITY',
				});
				exec = await findExecution(ex02, byTemplateEvent(paused.event.eventId), 'the PAUSED event');
				ranWithoutError(exec);
				alert = first(exec, 'Status alert');
				assert.equal(alert.change, 'PAUSED');
				assert.match(alert.text, /LOW_QUALITY/);
				assert.match(alert.text, /paused for 3 hours/, 'the pause description is in the alert');
				assert.ok(exec.nodes['Post to #whatsapp-templates']);

				const approved = await sb('POST', '/__sandbox/template-status', {
					name: 'welcome_plain',
					status: 'APPROVED',
					reason: 'UNPAUSE',
				});
				exec = await findExecution(
					ex02,
					byTemplateEvent(approved.event.eventId),
					'the APPROVED event',
				);
				ranWithoutError(exec);
				assert.equal(out(exec, 'No action needed').length, 1);
				assert.equal(
					exec.nodes['Post to #whatsapp-templates'],
					undefined,
					'no Slack alert for an approval',
				);
			});

			it('quality RED and a category change alert; quality GREEN does not', async () => {
				await setWebhooks(triggerUrl(ex02));
				const event = (eventType, meta) => ({
					eventId: `e2e-${eventType}-${Date.now()}-${Math.random().toString(16).slice(2)}`,
					timestamp: new Date().toISOString(),
					provider: 'WhatsApp',
					businessAccountId: 'e2eBusiness',
					accountId: ctx.sandbox.credentials.accountId,
					eventType,
					eventDetails: {
						templateId: '777',
						templateName: 'order_update',
						templateLanguage: 'en',
						meta,
					},
				});
				const red = event('template_quality_update', {
					previousQualityScore: 'YELLOW',
					newQualityScore: 'RED',
				});
				const green = event('template_quality_update', {
					previousQualityScore: 'UNKNOWN',
					newQualityScore: 'GREEN',
				});
				const category = event('template_category_update', {
					previousCategory: 'UTILITY',
					newCategory: 'MARKETING',
				});
				for (const body of [red, green, category])
					assert.equal((await sb('POST', '/__sandbox/event', body)).delivered, true);

				let exec = await findExecution(ex02, byTemplateEvent(red.eventId), 'the RED quality event');
				ranWithoutError(exec);
				let alert = first(exec, 'Quality alert');
				assert.equal(alert.change, 'QUALITY YELLOW -> RED');
				assert.match(alert.text, /order_update.*RED.*was YELLOW/);
				assert.ok(exec.nodes['Post to #whatsapp-templates']);

				exec = await findExecution(ex02, byTemplateEvent(green.eventId), 'the GREEN quality event');
				assert.equal(out(exec, 'No action needed').length, 1);
				assert.equal(exec.nodes['Quality alert'], undefined);

				exec = await findExecution(ex02, byTemplateEvent(category.eventId), 'the category event');
				ranWithoutError(exec);
				alert = first(exec, 'Category alert');
				assert.equal(alert.change, 'CATEGORY UTILITY -> MARKETING');
				assert.match(alert.text, /from \*UTILITY\* to \*MARKETING\*/);
				assert.equal(first(exec, 'Post to #whatsapp-templates').text, alert.text);
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('03 number tier watch', () => {
			it('DOWNGRADE and FLAGGED alert, UPGRADE is logged, ONBOARDING does nothing', async () => {
				const event = (meta) => ({
					eventId: `e2e-phone-${meta.event}-${Date.now()}`,
					timestamp: '2026-01-05T08:00:00.00Z',
					provider: 'WhatsApp',
					businessAccountId: 'e2eBusiness',
					accountId: ctx.sandbox.credentials.accountId,
					eventType: 'phone_number_quality_update',
					eventDetails: { displayPhoneNumber: '15550783881', meta },
				});
				const flagged = event({ event: 'FLAGGED', reason: 'QUALITY_DECREASE' });
				const downgrade = event({
					event: 'DOWNGRADE',
					currentLimit: 'TIER_1K',
					oldLimit: 'TIER_10K',
				});
				const upgrade = event({ event: 'UPGRADE', currentLimit: 'TIER_10K', oldLimit: 'TIER_1K' });
				const onboarding = event({
					event: 'ONBOARDING',
					maxDailyConversationsPerBusiness: 'TIER_250',
				});
				// straight to the trigger URL this time (the control API's ?url=), like a second 8x8 webhook
				const url = encodeURIComponent(triggerUrl(ex03));
				for (const body of [flagged, downgrade, upgrade, onboarding]) {
					assert.equal((await sb('POST', `/__sandbox/event?url=${url}`, body)).delivered, true);
				}
				const byEvent = (body) => (e) => (triggerItem(ex03, e) || {}).eventId === body.eventId;

				let exec = await findExecution(ex03, byEvent(flagged), 'FLAGGED');
				ranWithoutError(exec);
				let alert = first(exec, 'Compose alert');
				assert.equal(alert.event, 'FLAGGED');
				assert.match(alert.text, /15550783881.*FLAGGED.*QUALITY_DECREASE/);
				assert.match(alert.text, /7 days/);
				assert.equal(first(exec, 'Post to #whatsapp-alerts').text, alert.text);

				exec = await findExecution(ex03, byEvent(downgrade), 'DOWNGRADE');
				alert = first(exec, 'Compose alert');
				assert.match(
					alert.text,
					/Messaging limit: TIER_1K \(was TIER_10K\) = 1000 conversations a day/,
				);
				assert.ok(exec.nodes['Post to #whatsapp-alerts']);

				exec = await findExecution(ex03, byEvent(upgrade), 'UPGRADE');
				ranWithoutError(exec);
				const log = first(exec, 'Log upgrade');
				assert.equal(
					log.logLine,
					'2026-01-05T08:00:00.00Z 15550783881 UPGRADE TIER_1K -> TIER_10K',
				);
				assert.equal(log.currentLimitValue, 10000);
				assert.equal(out(exec, 'Keep the log line').length, 1);
				assert.equal(exec.nodes['Post to #whatsapp-alerts'], undefined);

				exec = await findExecution(ex03, byEvent(onboarding), 'ONBOARDING');
				assert.equal(out(exec, 'Nothing to do').length, 1);
				assert.equal(exec.nodes['Compose alert'], undefined);
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('04 auto-reply', () => {
			const customer = '+6591230047';

			it('an inbound text gets the button menu, sent through the 8x8 node and accepted by the sandbox', async () => {
				await setWebhooks(triggerUrl(ex04));
				const inbound = await sb('POST', '/__sandbox/inbound', {
					text: 'Hi there',
					user: { msisdn: customer, name: 'Dana' },
				});
				assert.equal(inbound.status, 200, JSON.stringify(inbound));
				const exec = await findExecution(
					ex04,
					(e) => (triggerItem(ex04, e) || {}).umid === inbound.umid,
					`inbound ${inbound.umid}`,
				);
				ranWithoutError(exec);
				const sent = first(exec, 'Send the menu');
				assert.equal(sent.status, 'queued');
				assert.ok(sent.umid, `no umid: ${JSON.stringify(sent)}`);
				assert.equal(exec.nodes['Send the answer'], undefined);
				const [message] = (await messagesTo(customer)).filter((m) => m.umid === sent.umid);
				assert.ok(message, `the sandbox has no message ${sent.umid} to ${customer}`);
				const content = JSON.stringify(message.body);
				assert.match(content, /Hi Dana! How can we help you\?/);
				for (const id of ['hours', 'order', 'agent'])
					assert.ok(content.includes(`"${id}"`), `button ${id} missing: ${content}`);
			});

			it('a button reply gets the mapped answer as a text', async () => {
				await setWebhooks(triggerUrl(ex04));
				const inbound = await sb('POST', '/__sandbox/inbound', {
					type: 'interactive',
					user: { msisdn: customer, name: 'Dana' },
					content: {
						interactive: {
							type: 'button_reply',
							button_reply: { id: 'hours', title: 'Opening hours' },
						},
					},
				});
				const exec = await findExecution(
					ex04,
					(e) => (triggerItem(ex04, e) || {}).umid === inbound.umid,
					`button reply ${inbound.umid}`,
				);
				ranWithoutError(exec);
				const picked = first(exec, 'Pick the answer');
				assert.equal(picked.buttonId, 'hours');
				assert.match(picked.answer, /Monday to Friday/);
				const sent = first(exec, 'Send the answer');
				assert.equal(sent.status, 'queued');
				const [message] = (await messagesTo(customer)).filter((m) => m.umid === sent.umid);
				assert.ok(message, `the sandbox has no message ${sent.umid}`);
				assert.equal(message.body.type.toLowerCase(), 'text');
				assert.equal(message.body.content.text, picked.answer);
				assert.equal(exec.nodes['Send the menu'], undefined);
			});

			it('an unknown button ID gets the fallback answer', async () => {
				const inbound = await sb('POST', '/__sandbox/inbound', {
					type: 'interactive',
					user: { msisdn: customer },
					content: {
						interactive: {
							type: 'button_reply',
							button_reply: { id: 'something-else', title: 'Old button' },
						},
					},
				});
				const exec = await findExecution(
					ex04,
					(e) => (triggerItem(ex04, e) || {}).umid === inbound.umid,
					`button reply ${inbound.umid}`,
				);
				ranWithoutError(exec);
				assert.match(first(exec, 'Pick the answer').answer, /Sorry/);
				await idle();
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('05 delivery log', () => {
			const rows = [];

			it('delivered, read and undelivered receipts become sheet rows with the explained error', async () => {
				await setWebhooks(triggerUrl(ex05));
				const read = await sendText('+6591230050', 'ex05-read');
				const undelivered = await sendText('+6591230051', 'ex05-undelivered');
				const deliveredOnly = await sendText('+6591230056', 'ex05-delivered');
				await idle();
				const expected = [
					[read, 'delivered'],
					[read, 'read'],
					[undelivered, 'undelivered'],
					[deliveredOnly, 'delivered'],
				];
				for (const [msg, state] of expected) {
					const exec = await findExecution(
						ex05,
						(e) => {
							const item = triggerItem(ex05, e) || {};
							return item.umid === msg.umid && item.state === state;
						},
						`${state} for ${msg.umid}`,
					);
					ranWithoutError(exec);
					const row = first(exec, 'Sheet row');
					assert.deepEqual(
						Object.keys(row).sort(),
						[
							'clientMessageId',
							'detail',
							'error',
							'errorCode',
							'metaCode',
							'state',
							'time',
							'to',
							'umid',
						].sort(),
					);
					assert.equal(row.umid, msg.umid);
					assert.equal(row.state, state);
					assert.equal(row.clientMessageId, msg.clientMessageId);
					assert.deepEqual(
						first(exec, 'Append to Delivery log'),
						row,
						'the Sheets node got the row',
					);
					rows.push(row);
				}
				const failedRow = rows.find((r) => r.state === 'undelivered');
				assert.equal(failedRow.errorCode, '1018', 'a sheet cell: text');
				assert.equal(failedRow.metaCode, '131026');
				assert.match(failedRow.error, /.+: .+/);
				assert.equal(failedRow.to, '+6591230051');
				const states = (await ctx.n8n.readExecutions(ex05.id)).map(
					(e) => (triggerItem(ex05, e) || {}).state,
				);
				assert.ok(
					!states.includes('queued') && !states.includes('sent'),
					'queued / sent are filtered out by the trigger',
				);
			});

			it('the daily summary counts each message once: 2 delivered (1 read), 1 undelivered, 66.7 %', async () => {
				assert.equal(rows.length, 4, 'needs the rows of the previous test');
				const stale = {
					...rows[0],
					umid: 'old-message',
					time: '2020-01-01T00:00:00Z',
					state: 'undelivered',
				};
				const res = await ctx.n8n.postWebhook(SUMMARY_PATH, { rows: [...rows, stale] });
				assert.equal(res.status, 200, res.text);
				const summary = res.body;
				assert.equal(summary.messages, 3, JSON.stringify(summary));
				assert.equal(summary.delivered, 2);
				assert.equal(summary.read, 1);
				assert.equal(summary.undelivered, 1);
				assert.equal(summary.deliveryRate, 66.7);
				const failedRow = rows.find((r) => r.state === 'undelivered');
				assert.deepEqual(summary.topReasons, { [failedRow.error]: 1 });
				assert.match(
					summary.text,
					/Delivered 2 \(read 1\) · Undelivered 1 · Delivery rate 66\.7 %/,
				);
				const exec = await findExecution(
					ex05,
					(e) => Boolean(e.nodes['Delivery rate, last 24 h']),
					'the summary',
				);
				ranWithoutError(exec);
				assert.equal(
					first(exec, 'Post daily summary').text,
					summary.text,
					'the Slack node got the summary',
				);
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('06 send with proof', () => {
			const ex06 = example('06-');
			const hookPath = nodeOf(ex06, (n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
			const byRecipient = (to) => (e) => {
				const order = e.nodes['Order details'];
				return Boolean(
					order && order.outputs[0] && order.outputs[0][0] && order.outputs[0][0].to === to,
				);
			};
			let timeoutStarted = null;

			/** The template message the sandbox accepted for `to`: sent with dlrCallbackUrl = the execution's resume URL. */
			async function sentTemplate(to, exec) {
				const [message] = await messagesTo(to);
				assert.ok(message, `the sandbox got no message to ${to}`);
				assert.equal(message.body.type.toLowerCase(), 'template');
				assert.equal(message.body.content.template.name, 'order_update');
				assert.match(
					String(message.body.dlrCallbackUrl),
					new RegExp(`/webhook-waiting/${exec.id}(\\?|$)`),
					'receipts go to this execution',
				);
				return message;
			}

			it('delivered (number ending 0): pauses, resumes with finalState delivered, proof of delivery, no SMS', async () => {
				// the timeout case needs up to a minute: start it now, check it last
				const started = await ctx.n8n.postWebhook(TIMEOUT_PATH, {
					to: '+6591230066',
					name: 'Noa',
					orderId: 'T-3',
				});
				assert.equal(started.status, 200, started.text);
				timeoutStarted = Date.now();

				const res = await ctx.n8n.postWebhook(hookPath, {
					to: '+6591230060',
					name: 'Dana',
					orderId: 'A-1042',
				});
				assert.equal(res.status, 200, res.text);
				const exec = await findExecution(ex06, byRecipient('+6591230060'), 'recipient +6591230060');
				ranWithoutError(exec);
				const message = await sentTemplate('+6591230060', exec);
				assert.match(JSON.stringify(message.body.content.template.components), /"Dana".*"A-1042"/);
				const result = first(exec, 'Send and wait for delivery');
				assert.equal(result.finalState, 'delivered');
				assert.equal(result.umid, message.umid);
				assert.deepEqual(
					result.history.map((h) => h.state),
					['queued', 'delivered'],
				);
				const proof = first(exec, 'Proof of delivery');
				assert.equal(proof.orderId, 'A-1042');
				assert.equal(proof.umid, message.umid);
				assert.equal(proof.finalState, 'delivered');
				assert.ok(
					!Number.isNaN(Date.parse(proof.deliveredAt)),
					`deliveredAt: ${proof.deliveredAt}`,
				);
				assert.equal(exec.nodes['Send SMS'], undefined, 'no SMS fallback');
			});

			it('undelivered (number ending 1): resumes with the explained error and takes the SMS fallback', async () => {
				const res = await ctx.n8n.postWebhook(hookPath, {
					to: '+6591230061',
					name: 'Avi',
					orderId: 'B-7',
				});
				assert.equal(res.status, 200, res.text);
				const exec = await findExecution(ex06, byRecipient('+6591230061'), 'recipient +6591230061');
				ranWithoutError(exec);
				await sentTemplate('+6591230061', exec);
				const result = first(exec, 'Send and wait for delivery');
				assert.equal(result.finalState, 'undelivered');
				assert.equal(result.error.code, 1018);
				assert.equal(result.error.metaCode, 131026);
				assert.equal(exec.nodes['Proof of delivery'], undefined);
				const sms = first(exec, 'SMS text');
				assert.equal(sms.to, '+6591230061');
				assert.equal(sms.text, 'Hi Avi, your order B-7 has shipped.');
				assert.match(sms.whatsappResult, /^undelivered: .+/);
				assert.deepEqual(first(exec, 'Send SMS'), sms, 'the SMS node got the fallback text');
			});

			it('no final receipt within the wait limit: resumes with finalState timeout and takes the SMS fallback', async () => {
				assert.ok(timeoutStarted, 'started in the first test');
				const variant = { id: 'x8x8Ex06Timeout0', name: 'example 06, 5 s wait for read' };
				const exec = await findExecution(
					variant,
					byRecipient('+6591230066'),
					'recipient +6591230066',
					{ timeoutMs: 100_000 },
				);
				ranWithoutError(exec);
				await sentTemplate('+6591230066', exec);
				const result = first(exec, 'Send and wait for delivery');
				assert.equal(result.finalState, 'timeout');
				assert.equal(first(exec, 'SMS text').whatsappResult, 'timeout');
				assert.ok(exec.nodes['Send SMS']);
				assert.equal(exec.nodes['Proof of delivery'], undefined);
			});
		});

		// ------------------------------------------------------------------------------------------
		describe('00 webhook hub', () => {
			it('one 8x8 URL: an inbound message reaches 04, a template event 02, an undelivered receipt 01 and 05', async () => {
				await setWebhooks(triggerUrl(hub));
				const inbound = await sb('POST', '/__sandbox/inbound', {
					text: 'via the hub',
					user: { msisdn: '+6591230009' },
				});
				const hubExec = await findExecution(
					hub,
					(e) => (triggerItem(hub, e) || {}).umid === inbound.umid,
					`inbound ${inbound.umid}`,
				);
				ranWithoutError(hubExec);
				const [route] = out(hubExec, 'Pick target workflows');
				assert.equal(route.url, triggerUrl(ex04));
				assert.deepEqual(first(hubExec, 'Forward to workflow'), {
					received: true,
					emitted: 1,
					output: 'Inbound',
				});
				const replyExec = await findExecution(
					ex04,
					(e) => (triggerItem(ex04, e) || {}).umid === inbound.umid,
					'the forwarded inbound',
				);
				ranWithoutError(replyExec);
				assert.equal(first(replyExec, 'Send the menu').status, 'queued');

				const tpl = await sb('POST', '/__sandbox/template-status', {
					name: 'summer_coupon',
					status: 'DISABLED',
				});
				const tplExec = await findExecution(
					ex02,
					(e) => (triggerItem(ex02, e) || {}).eventId === tpl.event.eventId,
					'the forwarded template event',
				);
				assert.equal(first(tplExec, 'Status alert').change, 'DISABLED');

				const failed = await sendText('+6591230011', 'hub-undelivered');
				await idle();
				const byUmid = (wf) => (e) => (triggerItem(wf, e) || {}).umid === failed.umid;
				const alertExec = await findExecution(
					ex01,
					byUmid(ex01),
					'the forwarded undelivered receipt',
				);
				assert.equal(first(alertExec, 'Compose alert').metaCode, 131026);
				// digit 1 plays the operator hop first; 05's Delivery States (delivered = on the phone) drop it
				const logExec = await findExecution(
					ex05,
					(e) => byUmid(ex05)(e) && triggerItem(ex05, e).state === 'undelivered',
					'the forwarded undelivered receipt',
				);
				assert.equal(first(logExec, 'Sheet row').state, 'undelivered');
				await sb('POST', '/__sandbox/template-status', {
					name: 'summer_coupon',
					status: 'APPROVED',
				});
				await idle();
			});
		});
	},
);

// ------------------------------------------------------------------------------------------------
describe('examples/*.json are importable as shipped', () => {
	it('stable ids, the sandbox credential, manual registration, fixed webhook ids, a setup note', () => {
		const ids = new Set();
		const webhookIds = new Set();
		for (const [file, wf] of Object.entries(examples)) {
			assert.match(file, /^\d\d-[a-z0-9-]+\.json$/);
			assert.ok(wf.id && !ids.has(wf.id), `${file}: missing or duplicate workflow id`);
			ids.add(wf.id);
			assert.ok(wf.name && Array.isArray(wf.nodes) && wf.connections, `${file}: not a workflow`);
			const names = new Set(wf.nodes.map((n) => n.name));
			assert.equal(names.size, wf.nodes.length, `${file}: duplicate node names`);
			for (const [from, conn] of Object.entries(wf.connections)) {
				assert.ok(names.has(from), `${file}: connection from unknown node ${from}`);
				for (const target of conn.main.flat())
					assert.ok(names.has(target.node), `${file}: connection to unknown node ${target.node}`);
			}
			for (const node of wf.nodes) {
				assert.ok(
					node.id && Array.isArray(node.position),
					`${file}: node ${node.name} lacks id/position`,
				);
				if (node.type === NODE_TYPES.trigger || node.type === NODE_TYPES.action) {
					assert.deepEqual(
						node.credentials,
						{ eightByEightApi: { id: SANDBOX_CREDENTIAL_ID, name: '8x8 Sandbox' } },
						`${file}: ${node.name}`,
					);
				}
				if (node.webhookId) {
					assert.ok(
						!webhookIds.has(node.webhookId),
						`${file}: webhookId ${node.webhookId} used twice`,
					);
					webhookIds.add(node.webhookId);
				}
				if (node.type === NODE_TYPES.trigger) {
					assert.equal(node.parameters.registration, 'manual', `${file}: ${node.name}`);
					assert.ok(node.webhookId, `${file}: trigger without a fixed webhookId`);
				}
				if (usesPlaceholder(node))
					assert.ok(!/8x8/i.test(Object.keys(node.credentials)[0]), `${file}: ${node.name}`);
			}
			const notes = wf.nodes
				.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
				.map((n) => n.parameters.content);
			assert.ok(
				notes.some((c) => /^## Setup/m.test(c)),
				`${file}: no "## Setup" sticky note`,
			);
			assert.ok(
				fs.existsSync(path.join(EXAMPLES_DIR, 'img', file.replace(/\.json$/, '.png'))),
				`${file}: no examples/img picture`,
			);
		}
	});
});
