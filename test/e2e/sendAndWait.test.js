'use strict';
/**
 * e2e: "Send and Wait for Delivery" in a real n8n (1.x and 2.x) against the local 8x8 sandbox.
 *
 * Workflow: Webhook (n8n-nodes-base.webhook v2, responds on receipt) -> 8x8 WhatsApp (Message > Send and
 * Wait for Delivery, recipient and text from the posted body). Posting starts an execution; the node
 * sends with dlrCallbackUrl = the execution's resume URL (+ the node's waitToken) and the execution
 * goes to status "waiting". The sandbox then POSTs its receipts (queued, sent, delivered, read /
 * undelivered, chosen by the recipient's last digit) to that URL, with the CADR webhook's
 * httpAuthorization as Authorization (the credential's Webhook Authorization Header is set to the
 * same value, so the node checks it).
 *
 * Proves:
 * - the execution really pauses (status "waiting" in n8n's DB) and resumes on the first chosen final
 *   state: delivered (…9, text), read (template to …2: 'delivered' is intermediate and answered 200
 *   without resuming), undelivered (text to …2: 1022 / Meta 131047, explained from the catalog);
 * - the output item: umid and clientMessageId of the message the sandbox received, finalState, the
 *   history (send answer + the receipt that ended the wait, with timestamps), the explained error;
 * - forged or foreign calls to the resume URL answer 4xx and leave the execution waiting: no
 *   waitToken (401, the node), no n8n signature (2.x: 401 from n8n itself), a wrong Authorization
 *   (401), a receipt for another message (409), a body that is not a receipt (400); a call WITHOUT
 *   Authorization is not refused for that (the URL's token authenticates it);
 * - "delivered" means on the phone: a WhatsApp delivered_to_operator (the hand-over before WhatsApp
 *   has the message) keeps the wait going, and the undelivered 1018 / Meta 131026 that follows ends
 *   it with the error explained; with On Error = "Continue (using error output)" that item leaves by
 *   the error branch (a NoOp on each branch). These receipts are posted by the test itself, playing
 *   8x8, for a message the sandbox plays none for;
 * - the wait limit (5 s) resumes the execution with finalState "timeout". n8n's wait tracker looks
 *   for due executions once a minute (and once at start-up), so this resumes 5-65 s after the send:
 *   the test allows 100 s.
 */
const path = require('path');
const { it, before } = require('node:test');
const assert = require('node:assert/strict');
const { withN8n, sandboxCredential, PACKAGE_DIR } = require('./support');
const { importable } = require('./workflows/common');
const { waitWorkflow, WAIT_NODES } = require('./workflows/sendAndWait');

const dist = (...p) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', ...p));
const { explainDeliveryError } = dist('shared', 'errors');
const { TIMEOUT_NOTE, WAIT_TOKEN_PARAM } = dist(
	'EightByEightWhatsApp',
	'helpers',
	'sendAndWait',
);

const DLR_AUTH = 'Bearer e2e-dlr-secret';
const { action: ACTION, ok: OK, failed: FAILED } = WAIT_NODES;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const DELIVERED = waitWorkflow('saw-delivered', {
	messageType: 'text',
	text: '={{ $json.body.text }}',
	resumeOn: ['delivered'],
	waitAmount: 10,
	waitUnit: 'minutes',
});
const READ = waitWorkflow('saw-read', {
	messageType: 'template',
	channelId: '',
	template: { __rl: true, mode: 'name', value: 'welcome_plain|en' },
	templateVariables: { mappingMode: 'defineBelow', value: null },
	resumeOn: ['read'],
	waitAmount: 10,
	waitUnit: 'minutes',
});
const TIMEOUT = waitWorkflow('saw-timeout', {
	messageType: 'text',
	text: 'Will you read this?',
	resumeOn: ['read'],
	waitAmount: 5,
	waitUnit: 'seconds',
});

const HOP = waitWorkflow('saw-operator-hop', {
	messageType: 'text',
	text: 'Your order shipped',
	resumeOn: ['delivered'],
	waitAmount: 10,
	waitUnit: 'minutes',
});
const HOP_ERROR_OUTPUT = waitWorkflow(
	'saw-error-output',
	{ messageType: 'text', text: 'Your order shipped', resumeOn: ['delivered'], waitAmount: 10, waitUnit: 'minutes' },
	{ errorOutput: true },
);

withN8n(
	{
		// Receipts 1.2 s apart, so the waiting state is observable before the final one arrives.
		sandbox: { receiptDelayMs: 1200 },
		credentials: (ctx) => [sandboxCredential(ctx.sandbox, { webhookSecret: DLR_AUTH })],
		workflows: () => [DELIVERED, READ, TIMEOUT, HOP, HOP_ERROR_OUTPUT].map(importable),
	},
	(ctx) => {
		before(() => {
			// The sandbox signs receipts sent to a message's dlrCallbackUrl with the CADR webhook's value.
			ctx.sandbox.state.webhooks.push({
				type: 'CADR',
				subAccountId: ctx.sandbox.credentials.subAccountId,
				url: 'http://127.0.0.1:9/unused',
				enabled: true,
				httpAuthorization: DLR_AUTH,
			});
		});

		const executionIds = async (wf) => (await ctx.n8n.readExecutions(wf.id)).map((e) => e.id);

		/** Posts the start webhook and returns the id of the execution it created. */
		async function start(wf, body) {
			const known = new Set(await executionIds(wf));
			const res = await ctx.n8n.postWebhook(wf.path, body);
			assert.equal(res.status, 200, `start webhook answered ${res.status} ${res.text}`);
			const deadline = Date.now() + 20_000;
			for (;;) {
				const fresh = (await ctx.n8n.readExecutions(wf.id)).filter((e) => !known.has(e.id));
				if (fresh.length) return fresh[0].id;
				if (Date.now() > deadline) throw new Error(`no execution of ${wf.id}\n${ctx.n8n.logTail(40)}`);
				await sleep(100);
			}
		}

		async function execution(wf, id) {
			return (await ctx.n8n.readExecutions(wf.id)).find((e) => e.id === id);
		}

		/** Polls until the execution's status is one of `statuses`; returns it and every status seen. */
		async function until(wf, id, statuses, timeoutMs = 30_000) {
			const seen = [];
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const exec = await execution(wf, id);
				if (exec && seen[seen.length - 1] !== exec.status) seen.push(exec.status);
				if (exec && statuses.includes(exec.status)) return { exec, seen };
				if (Date.now() > deadline) {
					throw new Error(`execution ${id} stayed ${seen.join(' -> ')}; wanted ${statuses}\n${ctx.n8n.logTail(60)}`);
				}
				await sleep(100);
			}
		}

		/** The node's output item after the resume (the run that is not the waiting one). */
		function output(exec) {
			const runs = exec.nodes[ACTION].runs;
			const last = runs[runs.length - 1];
			assert.ok(last && last.outputs[0] && last.outputs[0].length === 1, `no output: ${JSON.stringify(runs)}`);
			return last.outputs[0][0];
		}

		/** The message the sandbox accepted for an execution (found by its resume URL). */
		function messageOf(id) {
			const found = ctx.sandbox.state.messages.filter((m) =>
				String(m.dlrCallbackUrl || '').includes(`/webhook-waiting/${id}`),
			);
			assert.equal(found.length, 1, `sandbox messages for execution ${id}: ${found.length}`);
			return found[0];
		}

		const deliveries = (umid) => ctx.sandbox.state.webhookDeliveries.filter((d) => d.umid === umid);

		it('pauses, keeps waiting through the operator hand-over, resumes on the phone delivery (text to …9)', async () => {
			const id = await start(DELIVERED, { to: '+6591234569', text: 'Your order shipped' });
			const { exec, seen } = await until(DELIVERED, id, ['success', 'error']);
			assert.ok(seen.includes('waiting'), `the execution never waited: ${seen.join(' -> ')}`);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const message = messageOf(id);
			assert.equal(message.body.dlrCallbackUrl.includes(`${WAIT_TOKEN_PARAM}=`), true);
			const json = output(exec);
			assert.equal(json.finalState, 'delivered');
			assert.equal(json.umid, message.umid);
			assert.equal(json.clientMessageId, message.clientMessageId);
			assert.match(json.clientMessageId, new RegExp(`^n8n-${id}-0-[0-9a-f]{8}$`));
			assert.equal(json.to, '+6591234569');
			assert.equal(json.statusDetail, 'delivered_to_recipient');
			assert.equal(json.error, null);
			assert.deepEqual(
				json.history.map((h) => [h.state, h.source]),
				[
					['queued', 'send'],
					['delivered', 'receipt'],
				],
			);
			for (const entry of json.history) assert.ok(!Number.isNaN(Date.parse(entry.timestamp)), JSON.stringify(entry));
			assert.deepEqual(json.waitedFor, ['delivered', 'read', 'undelivered']);
			// The sandbox plays …9 as 8x8 documents it: queued, the operator hand-over (delivered +
			// delivered_to_operator), delivery to the phone (delivered_to_recipient), read. The first two
			// were answered 200 without resuming; the phone resumed; read came after the resume.
			const answered = deliveries(message.umid)
				.filter((d) => d.ok)
				.map((d) => [d.body.payload.status.state, d.body.payload.status.detail || null, JSON.parse(d.responseBody)]);
			assert.deepEqual(
				answered.map(([state, detail, answer]) => [state, detail, answer.stage, answer.waiting === true, answer.resumed === true]),
				[
					['queued', null, 'queued', true, false],
					['delivered', 'delivered_to_operator', 'handed_to_operator', true, false],
					['delivered', 'delivered_to_recipient', 'delivered', false, true],
				],
			);
			for (const d of deliveries(message.umid)) assert.equal(d.headers.Authorization, DLR_AUTH);
		});

		it('resumes on "undelivered" with the explained error (text to …2: 1022 / Meta 131047)', async () => {
			const id = await start(DELIVERED, { to: '+6591234562', text: 'Outside the window' });
			const { exec } = await until(DELIVERED, id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			const expected = explainDeliveryError(1022, '131047');
			assert.equal(json.finalState, 'undelivered');
			assert.equal(json.umid, messageOf(id).umid);
			assert.equal(json.error.code, 1022);
			assert.equal(json.error.providerErrorCode, '131047');
			assert.equal(json.error.metaCode, 131047);
			assert.equal(json.error.meaning, expected.meaning);
			assert.equal(json.error.fix, expected.fix);
			assert.equal(json.error.retryable, expected.retryable);
			assert.deepEqual(
				json.history.map((h) => [h.state, h.source, h.errorCode]),
				[
					['queued', 'send', undefined],
					['undelivered', 'receipt', 1022],
				],
			);
		});

		it("the sandbox's …1 sequence as 8x8 plays it: queued, the operator hand-over, then undelivered 1018 / Meta 131026 ends the wait", async () => {
			const id = await start(DELIVERED, { to: '+6591234561', text: 'Your order shipped' });
			const { exec } = await until(DELIVERED, id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const message = messageOf(id);
			const json = output(exec);
			const expected = explainDeliveryError(1018, '131026');
			assert.equal(json.finalState, 'undelivered');
			assert.equal(json.error.code, 1018);
			assert.equal(json.error.metaCode, 131026);
			assert.equal(json.error.meaning, expected.meaning);
			assert.equal(json.error.fix, expected.fix);
			const answered = deliveries(message.umid)
				.filter((d) => d.ok)
				.map((d) => [d.body.payload.status.detail || d.body.payload.status.state, JSON.parse(d.responseBody)]);
			assert.deepEqual(
				answered.map(([what, answer]) => [what, answer.stage, answer.waiting === true, answer.finalState || null]),
				[
					['queued', 'queued', true, null],
					['delivered_to_operator', 'handed_to_operator', true, null],
					[answered[2][0], 'undelivered', false, 'undelivered'],
				],
			);
		});

		it('waits past "delivered" for "read" when only read was chosen (template to …2)', async () => {
			const id = await start(READ, { to: '+6591234562' });
			const { exec, seen } = await until(READ, id, ['success', 'error']);
			assert.ok(seen.includes('waiting'), seen.join(' -> '));
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			const message = messageOf(id);
			assert.equal(message.type, 'template');
			assert.equal(json.finalState, 'read');
			assert.equal(json.template, 'welcome_plain');
			assert.equal(json.umid, message.umid);
			assert.deepEqual(
				json.history.map((h) => h.state),
				['queued', 'read'],
			);
			const delivered = deliveries(message.umid).find((d) => d.state === 'delivered' && d.ok);
			assert.deepEqual(JSON.parse(delivered.responseBody).waiting, true);
		});

		it('refuses forged and foreign resume calls (4xx, still waiting), then times out after the wait limit', async () => {
			const started = Date.now();
			const id = await start(TIMEOUT, { to: '+6591234566' });
			await until(TIMEOUT, id, ['waiting']);
			const message = messageOf(id);
			// …6: delivered, never read. Wait until 'delivered' was answered (intermediate for "read").
			const deadline = Date.now() + 20_000;
			while (!deliveries(message.umid).some((d) => d.state === 'delivered' && d.ok)) {
				assert.ok(Date.now() < deadline, 'the delivered receipt never reached n8n');
				await sleep(100);
			}
			const resumeUrl = new URL(message.dlrCallbackUrl);
			const receipt = (umid, state = 'read') => ({
				version: 9,
				namespace: 'ChatApps',
				eventType: 'outbound_message_status_changed',
				description: 'ChatApps outbound message delivery receipt',
				payload: {
					umid,
					clientMessageId: message.clientMessageId,
					subAccountId: ctx.sandbox.credentials.subAccountId,
					channel: 'whatsapp',
					user: { msisdn: '+6591234566' },
					status: { state, detail: 'read', timestamp: new Date().toISOString() },
				},
			});
			const post = async (url, body, headers = { Authorization: DLR_AUTH }) => {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...headers },
					body: JSON.stringify(body),
				});
				return { status: res.status, text: await res.text() };
			};
			const without = (param) => {
				const url = new URL(resumeUrl);
				url.searchParams.delete(param);
				return url.toString();
			};

			const noToken = await post(without(WAIT_TOKEN_PARAM), receipt(message.umid));
			assert.equal(noToken.status, 401, noToken.text);
			assert.match(noToken.text, /invalid_wait_token/);

			if (ctx.version === 2) {
				// 2.x: n8n itself checks the resume token it put in $execution.resumeUrl.
				assert.ok(resumeUrl.searchParams.get('signature'), 'n8n 2.x resume URLs carry ?signature=');
				const noSignature = await post(without('signature'), receipt(message.umid));
				assert.equal(noSignature.status, 401, noSignature.text);
			}

			const wrongAuthorization = await post(resumeUrl.toString(), receipt(message.umid), { Authorization: 'Bearer guess' });
			assert.equal(wrongAuthorization.status, 401, wrongAuthorization.text);
			assert.match(wrongAuthorization.text, /authorization_mismatch/);

			// No Authorization at all is not refused for that (the URL's token authenticates the call):
			// an intermediate receipt without one is acknowledged and the execution keeps waiting.
			const noAuthorization = await post(resumeUrl.toString(), receipt(message.umid, 'sent'), {});
			assert.equal(noAuthorization.status, 200, noAuthorization.text);
			assert.equal(JSON.parse(noAuthorization.text).waiting, true, noAuthorization.text);

			const foreign = await post(resumeUrl.toString(), receipt('7c9e6679-7425-40de-944b-e07fc1f90ae7'));
			assert.equal(foreign.status, 409, foreign.text);
			assert.match(foreign.text, /foreign_message/);

			const notAReceipt = await post(resumeUrl.toString(), { eventType: 'inbound_message_received', payload: {} });
			assert.equal(notAReceipt.status, 400, notAReceipt.text);

			assert.equal((await execution(TIMEOUT, id)).status, 'waiting', 'a refused call resumed the execution');

			const { exec } = await until(TIMEOUT, id, ['success', 'error'], 100_000);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			assert.equal(json.finalState, 'timeout');
			assert.equal(json.umid, message.umid);
			assert.equal(json.clientMessageId, message.clientMessageId);
			assert.equal(json.note, TIMEOUT_NOTE);
			assert.deepEqual(json.history.map((h) => [h.state, h.source]), [['queued', 'send']]);
			assert.ok(Date.parse(json.waitTill) - started >= 4_000, json.waitTill);
			assert.ok(Date.now() >= Date.parse(json.waitTill), 'resumed before the wait limit');
		});

		/** v9 WhatsApp receipts as 8x8 sends them for a message sent to a phone number. */
		const whatsappReceipt = (message, status, extra = {}) => ({
			version: 9,
			namespace: 'ChatApps',
			eventType: 'outbound_message_status_changed',
			description: 'ChatApps outbound message delivery receipt',
			payload: {
				umid: message.umid,
				clientMessageId: message.clientMessageId,
				subAccountId: ctx.sandbox.credentials.subAccountId,
				channel: 'whatsapp',
				user: { msisdn: message.body.user.msisdn },
				status: { timestamp: new Date().toISOString(), ...status },
				...extra,
			},
		});
		const operatorHop = (message) => whatsappReceipt(message, { state: 'delivered', detail: 'delivered_to_operator' });
		const undelivered1018 = (message) =>
			whatsappReceipt(
				message,
				{ state: 'undelivered', detail: 'rejected_by_operator', errorCode: 1018, errorMessage: 'Message rejected' },
				{ whatsapp: { providerErrorCode: '131026' } },
			);
		const postTo = async (message, body, headers = {}) => {
			const res = await fetch(message.dlrCallbackUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
			return { status: res.status, text: await res.text() };
		};

		/** Starts a wait whose receipts this test posts itself (the sandbox plays none for it). */
		async function startQuiet(wf, to) {
			ctx.sandbox.options.receipts = false;
			try {
				const id = await start(wf, { to });
				await until(wf, id, ['waiting']);
				return { id, message: messageOf(id) };
			} finally {
				ctx.sandbox.options.receipts = true;
			}
		}

		it('delivered_to_operator keeps the wait going; the undelivered 1018 that follows ends it, explained (no Authorization needed)', async () => {
			const { id, message } = await startQuiet(HOP, '+6591234561');
			const hop = await postTo(message, operatorHop(message));
			assert.equal(hop.status, 200, hop.text);
			assert.deepEqual(
				JSON.parse(hop.text),
				{
					received: true,
					umid: message.umid,
					state: 'delivered',
					stage: 'handed_to_operator',
					waiting: true,
					waitingFor: ['delivered', 'read', 'undelivered'],
				},
			);
			await sleep(1500);
			assert.equal((await execution(HOP, id)).status, 'waiting', 'the operator hand-over resumed the wait');

			const wrong = await postTo(message, undelivered1018(message), { Authorization: 'Bearer not-the-secret' });
			assert.equal(wrong.status, 401, wrong.text);
			assert.equal((await execution(HOP, id)).status, 'waiting', 'a wrong Authorization resumed the wait');

			const failed = await postTo(message, undelivered1018(message));
			assert.equal(failed.status, 200, failed.text);
			assert.equal(JSON.parse(failed.text).finalState, 'undelivered', failed.text);
			const { exec } = await until(HOP, id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			const expected = explainDeliveryError(1018, '131026');
			assert.equal(json.finalState, 'undelivered');
			assert.equal(json.umid, message.umid);
			assert.equal(json.statusDetail, 'rejected_by_operator');
			assert.deepEqual(json.error, {
				code: 1018,
				message: 'Message rejected',
				providerErrorCode: '131026',
				source: 'delivery',
				title: expected.title,
				meaning: expected.meaning,
				fix: expected.fix,
				retryable: expected.retryable,
				metaCode: 131026,
			});
			assert.deepEqual(json.history.map((h) => [h.state, h.source]), [['queued', 'send'], ['undelivered', 'receipt']]);
		});

		it('error output: the undelivered resume leaves by the error branch with code, meaning, fix, recipient and clientMessageId', async () => {
			const { id, message } = await startQuiet(HOP_ERROR_OUTPUT, '+6591234561');
			assert.equal((await postTo(message, operatorHop(message), { Authorization: DLR_AUTH })).status, 200);
			const failed = await postTo(message, undelivered1018(message), { Authorization: DLR_AUTH });
			assert.equal(failed.status, 200, failed.text);
			const { exec } = await until(HOP_ERROR_OUTPUT, id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			assert.equal(exec.nodes[OK], undefined, 'an undelivered message reached the success branch');
			const [item, ...more] = exec.nodes[FAILED].outputs[0];
			assert.equal(more.length, 0);
			const expected = explainDeliveryError(1018, '131026');
			// Everything the regular item holds is inside `error`; next to it only the merged input item.
			for (const key of ['umid', 'finalState', 'history', 'receipt', 'to']) assert.ok(!(key in item), `top-level ${key}`);
			assert.equal(item.body.to, '+6591234561', 'n8n merges the input item into the error item');
			assert.equal(item.error.code, 1018);
			assert.equal(item.error.meaning, expected.meaning);
			assert.equal(item.error.fix, expected.fix);
			assert.equal(item.error.retryable, expected.retryable);
			assert.equal(item.error.errorId, null);
			assert.equal(item.error.metaCode, 131026);
			assert.equal(item.error.to, '+6591234561');
			assert.equal(item.error.clientMessageId, message.clientMessageId);
			assert.equal(item.error.umid, message.umid);
			assert.equal(item.error.finalState, 'undelivered');
		});
	},
);
