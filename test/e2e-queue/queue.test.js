'use strict';
/**
 * e2e in n8n's queue mode (1.x and 2.x): PostgreSQL, Redis, n8n main, one worker and one webhook
 * processor (scripts/lib/n8n-queue.js), the package installed in each, with the local 8x8 sandbox.
 * Main has N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true, so every production call goes to the webhook
 * processor, which is also WEBHOOK_URL on all three processes.
 *
 * Proves, in one topology per n8n line (to keep the suite at a few minutes):
 * - the package loads in main, worker and webhook processor; main answers 404 on production URLs;
 * - the 8x8 trigger, manual registration: valid calls answered 200 with the receipt by the webhook
 *   processor, which enqueued the execution; a worker ran it (its log), main did not; the item is on
 *   the right output; forged calls get 401 and start nothing; an event the user filtered out is
 *   answered "ignored" and starts nothing;
 * - automatic registration: activation on main registered the webhook processor's URL (from
 *   WEBHOOK_URL) with 8x8 (the sandbox) and a generated secret; the webhook processor checks calls
 *   against that secret (written to static data by main); an inbound message sent by the sandbox
 *   runs on a worker;
 * - Send and Wait for Delivery: the resume URL the worker put in dlrCallbackUrl points at the
 *   webhook processor; the receipts are answered there and the resumed run is executed by a worker;
 *   the operator hop keeps it waiting; the wait ends delivered (on the phone), undelivered (1018 after
 *   the hop, explained) and timeout (main's wait tracker);
 * - example 04 (auto-reply) as shipped: a sandbox inbound message gets the button menu sent by the
 *   8x8 node on a worker (credential decrypted there with the shared encryption key).
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { withQueue, sandboxApi, setWebhooks, executionLines } = require('./support');
const { sandboxCredential, NODE_TYPES, PACKAGE_DIR } = require('../e2e/support');
const { importable } = require('../e2e/workflows/common');
const { triggerWorkflow, ALL_EVENTS } = require('../e2e/workflows/trigger');
const { waitWorkflow, WAIT_NODES } = require('../e2e/workflows/sendAndWait');

const repoRoot = path.resolve(__dirname, '..', '..');
const dist = (...p) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', ...p));
const { explainDeliveryError } = dist('shared', 'errors');
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'events', `${name}.json`), 'utf8'));
const example = (prefix) => {
	const file = fs.readdirSync(path.join(repoRoot, 'examples')).find((f) => f.startsWith(prefix) && f.endsWith('.json'));
	return JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8'));
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SECRET = `Bearer q-${crypto.randomBytes(16).toString('hex')}`;
const DLR_AUTH = `Bearer q-dlr-${crypto.randomBytes(8).toString('hex')}`;
const CRED = {
	manual: { id: 'qManualCred00001', name: '8x8 queue manual' },
	auto: { id: 'qAutoCred0000001', name: '8x8 queue automatic' },
	wait: { id: 'qWaitCred0000001', name: '8x8 queue send and wait' },
};

const MANUAL = triggerWorkflow({ seed: 'q-trigger-manual', name: 'queue: trigger, manual', events: ALL_EVENTS, options: { includeHeaders: true }, credential: CRED.manual });
const FILTERED = triggerWorkflow({
	seed: 'q-trigger-filtered',
	name: 'queue: trigger, undelivered receipts only',
	events: ['outbound_message_status_changed'],
	options: { statusStates: ['undelivered'] },
	credential: CRED.manual,
});
const AUTO = triggerWorkflow({ seed: 'q-trigger-auto', name: 'queue: trigger, automatic', registration: 'automatic', events: ALL_EVENTS, credential: CRED.auto });
const EX04 = example('04-');
const EX04_TRIGGER = EX04.nodes.find((n) => n.type === NODE_TYPES.trigger);

const ACTION = WAIT_NODES.action;
const waitOptions = { prefix: 'queue', credential: CRED.wait };
const WAIT = waitWorkflow('q-saw-delivered', { messageType: 'text', text: '={{ $json.body.text }}', resumeOn: ['delivered'], waitAmount: 10, waitUnit: 'minutes' }, waitOptions);
const WAIT_TIMEOUT = waitWorkflow('q-saw-timeout', { messageType: 'text', text: 'Will you read this?', resumeOn: ['read'], waitAmount: 5, waitUnit: 'seconds' }, waitOptions);

withQueue(
	{
		sandboxes: { auto: {}, wait: { receiptDelayMs: 300 }, ex: { receiptDelayMs: 20 } },
		credentials: (ctx) => [
			sandboxCredential('http://127.0.0.1:9', { webhookSecret: SECRET }, CRED.manual),
			sandboxCredential(ctx.sandboxes.auto, {}, CRED.auto),
			sandboxCredential(ctx.sandboxes.wait, { webhookSecret: DLR_AUTH }, CRED.wait),
			sandboxCredential(ctx.sandboxes.ex), // the credential example 04 refers to
		],
		workflows: () => [MANUAL, FILTERED, AUTO, WAIT, WAIT_TIMEOUT].map(importable).concat([EX04]),
	},
	(ctx) => {
		const explain = (what) => `${what}\n${ctx.q.logTail(25)}`;
		const count = async (wf) => (await ctx.q.readExecutions(wf.id)).length;

		/** Where an execution ran: enqueued by `enqueuedBy`, run by the worker, never started on main. */
		function assertRanOnWorker(id, { enqueuedBy = 'webhook', runs = 1 } = {}) {
			const { main, worker, webhook } = ctx.q;
			const by = { main, webhook }[enqueuedBy];
			const enqueued = executionLines(by, id).filter((l) => l.startsWith('Enqueued execution'));
			assert.ok(enqueued.length >= runs, explain(`execution ${id}: the ${enqueuedBy} process did not enqueue it ${runs}x (${JSON.stringify(enqueued)})`));
			const started = executionLines(worker, id).filter((l) => l.startsWith('Worker started execution'));
			const finished = executionLines(worker, id).filter((l) => l.startsWith('Worker finished execution'));
			assert.ok(started.length >= runs && finished.length >= runs, explain(`execution ${id}: worker started ${started.length}, finished ${finished.length}, expected ${runs}`));
			for (const other of [main, webhook]) {
				assert.equal(executionLines(other, id).filter((l) => l.startsWith('Worker')).length, 0, `execution ${id} ran on ${other.label}`);
			}
		}

		/** Poll until a finished execution of wf matches; returns it. */
		async function findExecution(wf, predicate, what, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const all = await ctx.q.readExecutions(wf.id);
				const hit = all.find((e) => e.stoppedAt && !['running', 'new', 'waiting'].includes(e.status) && predicate(e));
				if (hit) return hit;
				if (Date.now() > deadline) throw new Error(explain(`no finished execution of "${wf.name}" with ${what}; seen ${JSON.stringify(all.map((e) => [e.id, e.status]))}`));
				await sleep(200);
			}
		}

		const triggerItem = (exec, name) => ((exec.nodes[name] && exec.nodes[name].outputs) || []).flat()[0];

		it('main, worker and webhook processor load the package; production URLs are served by the webhook processor only', async () => {
			assert.deepEqual(ctx.q.loadProblems(), []);
			for (const wf of [MANUAL, FILTERED, AUTO]) assert.ok(ctx.q.registeredWebhookPaths.includes(wf.webhookPath), `${wf.webhookPath} not live on the webhook processor`);
			const onMain = await ctx.q.main.postWebhook(MANUAL.webhookPath, fixture('seed001-receipt-delivered'), { authorization: SECRET });
			assert.equal(onMain.status, 404, `main answered ${onMain.status}: N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true should leave production traffic to the webhook processor`);
			for (const p of ctx.q.processes) assert.equal(p.env.WEBHOOK_URL, `${ctx.q.url}/`, `${p.label}: WEBHOOK_URL`);
		});

		let timeoutRun = null;
		it('Send and Wait (timeout case) starts first, so its 5 s wait runs out while the other tests run', async () => {
			// The wait sandbox signs receipts sent to a dlrCallbackUrl with its CADR webhook's value, as 8x8
			// does; the credential's Webhook Authorization Header is the same value.
			await setWebhooks(ctx.sandboxes.wait, 'http://127.0.0.1:9/unused', DLR_AUTH);
			timeoutRun = await startWait(WAIT_TIMEOUT, { to: '+6591234566' }); // …6: delivered, never read
		});

		it('trigger, manual registration: the webhook processor answers and enqueues, a worker runs each execution', async () => {
			const calls = [
				['seed001-receipt-delivered', 'Delivery'],
				['seed001-inbound-text', 'Inbound'],
				['docs-template-status-approved', 'Tpl Status'],
			];
			const before = await count(MANUAL);
			for (const [name, output] of calls) {
				const res = await ctx.q.postWebhook(MANUAL.webhookPath, fixture(name), { authorization: SECRET, 'x-e2e-fixture': name });
				assert.equal(res.status, 200, explain(`${name}: HTTP ${res.status} ${res.text}`));
				assert.deepEqual(res.body, { received: true, emitted: 1, output }, name);
			}
			const execs = (await ctx.q.waitForExecutions(MANUAL.id, before + calls.length, { timeoutMs: 60_000 })).slice(before);
			assert.equal(execs.length, calls.length);
			for (const [name, output] of calls) {
				const exec = execs.find((e) => (triggerItem(e, MANUAL.triggerName) || {}).headers?.['x-e2e-fixture'] === name);
				assert.ok(exec, `no execution for ${name}`);
				assert.equal(exec.status, 'success', JSON.stringify(exec.error));
				assert.equal(exec.mode, 'webhook');
				const index = MANUAL.outputs.indexOf(output);
				assert.equal(exec.nodes[MANUAL.triggerName].outputs[index].length, 1, `${name} left on ${output}`);
				assert.ok(exec.nodes[`Out ${index} ${output}`], `${name}: the node on ${output} ran`);
				assertRanOnWorker(exec.id);
			}
		});

		it('trigger, manual registration: forged calls get 401 and start nothing; filtered-out receipts are answered "ignored"', async () => {
			const body = fixture('seed001-receipt-delivered');
			const before = await count(MANUAL);
			const missing = await ctx.q.postWebhook(MANUAL.webhookPath, body);
			assert.equal(missing.status, 401, missing.text);
			assert.equal(missing.body.reason, 'missing_authorization');
			const wrong = await ctx.q.postWebhook(MANUAL.webhookPath, body, { authorization: `${SECRET}x` });
			assert.equal(wrong.status, 401, wrong.text);
			assert.equal(wrong.body.reason, 'authorization_mismatch');

			const filteredBefore = await count(FILTERED);
			const ignored = await ctx.q.postWebhook(FILTERED.webhookPath, body, { authorization: SECRET });
			assert.equal(ignored.status, 200, ignored.text);
			assert.deepEqual(ignored.body, { received: true, emitted: 0, ignored: 'delivery state not selected' });
			const inbound = await ctx.q.postWebhook(FILTERED.webhookPath, fixture('seed001-inbound-text'), { authorization: SECRET });
			assert.deepEqual(inbound.body, { received: true, emitted: 0, ignored: 'event not selected' });
			await sleep(1000);
			// sentinels: once their executions exist, the refused and ignored calls must have added none
			const sentinel = await ctx.q.postWebhook(MANUAL.webhookPath, fixture('docs-receipt-v9-read'), { authorization: SECRET });
			assert.equal(sentinel.status, 200);
			const undelivered = await ctx.q.postWebhook(FILTERED.webhookPath, fixture('seed001-receipt-undelivered'), { authorization: SECRET });
			assert.deepEqual(undelivered.body, { received: true, emitted: 1, output: 'Delivery' });
			const manualExecs = await ctx.q.waitForExecutions(MANUAL.id, before + 1, { timeoutMs: 60_000 });
			assert.equal(manualExecs.length, before + 1, explain('a refused call started an execution'));
			const filteredExecs = await ctx.q.waitForExecutions(FILTERED.id, filteredBefore + 1, { timeoutMs: 60_000 });
			assert.equal(filteredExecs.length, filteredBefore + 1, explain('an ignored call started an execution'));
			assert.equal(triggerItem(filteredExecs[filteredExecs.length - 1], FILTERED.triggerName).state, 'undelivered');
			const log = ctx.q.logText();
			assert.ok(!log.includes(SECRET.slice('Bearer '.length)), 'the webhook secret appears in a log');
		});

		it('trigger, automatic registration: main registered the webhook processor URL with a generated secret; the sandbox inbound runs on a worker', async () => {
			const sb = ctx.sandboxes.auto;
			const url = ctx.q.webhookUrl(AUTO.webhookPath);
			assert.ok(url.startsWith(`${ctx.q.url}/webhook/`), url);
			let hooks = [];
			let nodeData = {};
			const deadline = Date.now() + 60_000;
			for (;;) {
				hooks = (await sandboxApi(sb, 'GET', `/api/v1/accounts/${sb.credentials.accountId}/webhooks`)).filter((h) => h.url === url);
				const [row] = await ctx.q.query('SELECT "staticData" FROM workflow_entity WHERE id = ?', [AUTO.id]);
				const staticData = row && (typeof row.staticData === 'string' ? JSON.parse(row.staticData) : row.staticData);
				nodeData = (staticData || {})[`node:${AUTO.triggerName}`] || {};
				if (hooks.length >= 3 && nodeData.webhookSecret) break;
				assert.ok(Date.now() < deadline, explain(`registration: ${JSON.stringify(hooks)} / ${JSON.stringify(Object.keys(nodeData))}`));
				await sleep(300);
			}
			assert.deepEqual(hooks.map((h) => h.type).sort(), ['CABM', 'CADR', 'MSG']);
			assert.match(String(nodeData.webhookSecret), /^Bearer [0-9a-f]{64}$/);
			const { requests } = await sandboxApi(sb, 'GET', `/__sandbox/requests?method=POST&path=${encodeURIComponent('/api/v1/accounts/*/webhooks')}`);
			assert.ok(requests.some((r) => r.status === 200 && String(r.body).includes(url)), 'the trigger itself registered the URL');

			const unsigned = await ctx.q.postWebhook(AUTO.webhookPath, fixture('seed001-inbound-text'));
			assert.equal(unsigned.status, 401, unsigned.text);
			const before = await count(AUTO);
			const sent = await sandboxApi(sb, 'POST', '/__sandbox/inbound', { text: 'Hello from queue mode', user: { msisdn: '+6591230042', name: 'Dana' } });
			assert.equal(sent.status, 200, JSON.stringify(sent));
			assert.equal(sent.url, url);
			const exec = await findExecution(AUTO, (e) => (triggerItem(e, AUTO.triggerName) || {}).umid === sent.umid, `inbound ${sent.umid}`);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			assert.equal(triggerItem(exec, AUTO.triggerName).text, 'Hello from queue mode');
			assert.equal(await count(AUTO), before + 1, 'the unsigned call started nothing');
			assertRanOnWorker(exec.id);
		});

		// ---------------------------------------------------------------------------------------
		// Send and Wait
		async function startWait(wf, body) {
			const known = new Set((await ctx.q.readExecutions(wf.id)).map((e) => e.id));
			const res = await ctx.q.postWebhook(wf.path, body);
			assert.equal(res.status, 200, `start: HTTP ${res.status} ${res.text}`);
			const deadline = Date.now() + 60_000;
			for (;;) {
				const fresh = (await ctx.q.readExecutions(wf.id)).filter((e) => !known.has(e.id));
				if (fresh.length) return { id: fresh[0].id, startedMs: Date.now(), to: body.to };
				assert.ok(Date.now() < deadline, explain(`no execution of ${wf.name}`));
				await sleep(150);
			}
		}

		async function until(wf, id, statuses, timeoutMs = 60_000) {
			const seen = [];
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const exec = (await ctx.q.readExecutions(wf.id)).find((e) => e.id === id);
				if (exec && seen[seen.length - 1] !== exec.status) seen.push(exec.status);
				if (exec && statuses.includes(exec.status) && exec.stoppedAt) return { exec, seen };
				assert.ok(Date.now() < deadline, explain(`execution ${id} stayed ${seen.join(' -> ')}; wanted ${statuses}`));
				await sleep(150);
			}
		}

		const output = (exec) => {
			const runs = exec.nodes[ACTION].runs;
			const last = runs[runs.length - 1];
			assert.ok(last && last.outputs[0] && last.outputs[0].length === 1, `no output: ${JSON.stringify(runs)}`);
			return last.outputs[0][0];
		};

		/** The message the sandbox accepted for an execution, and its resume URL (dlrCallbackUrl). */
		async function messageOf(id, to) {
			const { messages } = await sandboxApi(ctx.sandboxes.wait, 'GET', `/__sandbox/messages?msisdn=${encodeURIComponent(to)}`);
			const found = messages.filter((m) => String(m.body && m.body.dlrCallbackUrl).includes(`/webhook-waiting/${id}`));
			assert.equal(found.length, 1, `sandbox messages for execution ${id}: ${found.length}`);
			return found[0];
		}

		/** Receipts of a message the webhook processor answered 2xx: [state, detail, stage, waiting, resumed, finalState]. */
		async function answeredReceipts(umid) {
			const { deliveries } = await sandboxApi(ctx.sandboxes.wait, 'GET', `/__sandbox/webhook-deliveries?umid=${umid}`);
			const answered = deliveries.filter((d) => d.ok);
			for (const d of answered) assert.ok(d.url.startsWith(`${ctx.q.url}/webhook-waiting/`), `receipt sent to ${d.url}, not the webhook processor`);
			return answered.map((d) => {
				const answer = JSON.parse(d.responseBody);
				return [d.state, d.detail || null, answer.stage, answer.waiting === true, answer.resumed === true, answer.finalState || null];
			});
		}

		it('Send and Wait: the resume URL points at the webhook processor, which keeps waiting through the operator hop and resumes on the phone delivery; a worker runs the resumed execution (…9)', async () => {
			const run = await startWait(WAIT, { to: '+6591234569', text: 'Your order shipped' });
			const { exec } = await until(WAIT, run.id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const message = await messageOf(run.id, run.to);
			const resumeUrl = message.body.dlrCallbackUrl;
			assert.ok(resumeUrl.startsWith(`${ctx.q.url}/webhook-waiting/${run.id}`), `resume URL ${resumeUrl} does not point at the webhook processor ${ctx.q.url}`);
			const json = output(exec);
			assert.equal(json.finalState, 'delivered');
			assert.equal(json.statusDetail, 'delivered_to_recipient');
			assert.equal(json.umid, message.umid);
			assert.deepEqual(json.history.map((h) => [h.state, h.source]), [['queued', 'send'], ['delivered', 'receipt']]);
			// the sandbox plays …9 as 8x8 does: queued, the operator hand-over, the phone, read (after the resume)
			assert.deepEqual((await answeredReceipts(message.umid)).slice(0, 3), [
				['queued', null, 'queued', true, false, null],
				['delivered', 'delivered_to_operator', 'handed_to_operator', true, false, null],
				['delivered', 'delivered_to_recipient', 'delivered', false, true, 'delivered'],
			]);
			// start + resume: both enqueued by the webhook processor, both run by the worker
			assertRanOnWorker(run.id, { runs: 2 });
		});

		it('Send and Wait: ends "undelivered" with the explained error after the operator hop (…1: 1018 / Meta 131026)', async () => {
			const run = await startWait(WAIT, { to: '+6591234561', text: 'Your order shipped' });
			const { exec } = await until(WAIT, run.id, ['success', 'error']);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			const expected = explainDeliveryError(1018, '131026');
			assert.equal(json.finalState, 'undelivered');
			assert.equal(json.error.code, 1018);
			assert.equal(json.error.metaCode, 131026);
			assert.equal(json.error.fix, expected.fix);
			assert.deepEqual(json.history.map((h) => [h.state, h.source, h.errorCode]), [['queued', 'send', undefined], ['undelivered', 'receipt', 1018]]);
			const message = await messageOf(run.id, run.to);
			assert.deepEqual(
				(await answeredReceipts(message.umid)).map(([state, detail, stage, waiting, , finalState]) => [state, detail, stage, waiting, finalState]),
				[
					['queued', null, 'queued', true, null],
					['delivered', 'delivered_to_operator', 'handed_to_operator', true, null],
					['undelivered', 'undelivered_to_recipient', 'undelivered', false, 'undelivered'],
				],
			);
			assertRanOnWorker(run.id, { runs: 2 });
		});

		it('example 04 (auto-reply): an inbound message gets the button menu, sent by the 8x8 node on a worker', async () => {
			const sb = ctx.sandboxes.ex;
			await setWebhooks(sb, ctx.q.webhookUrl(`${EX04_TRIGGER.webhookId}/webhook`));
			const customer = '+6591230047';
			const inbound = await sandboxApi(sb, 'POST', '/__sandbox/inbound', { text: 'Hi there', user: { msisdn: customer, name: 'Dana' } });
			assert.equal(inbound.status, 200, JSON.stringify(inbound));
			const exec = await findExecution(EX04, (e) => (triggerItem(e, EX04_TRIGGER.name) || {}).umid === inbound.umid, `inbound ${inbound.umid}`);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const [sent] = exec.nodes['Send the menu'].outputs[0];
			assert.equal(sent.status, 'queued');
			const { messages } = await sandboxApi(sb, 'GET', `/__sandbox/messages?msisdn=${encodeURIComponent(customer)}`);
			const message = messages.find((m) => m.umid === sent.umid);
			assert.ok(message, `the sandbox has no message ${sent.umid}`);
			assert.match(JSON.stringify(message.body), /Hi Dana! How can we help you\?/);
			assertRanOnWorker(exec.id);
		});

		it('Send and Wait (timeout case): main\'s wait tracker ends the wait at its limit, a worker runs the rest', async () => {
			assert.ok(timeoutRun, 'the timeout case did not start');
			const { exec } = await until(WAIT_TIMEOUT, timeoutRun.id, ['success', 'error'], 120_000);
			assert.equal(exec.status, 'success', JSON.stringify(exec.error));
			const json = output(exec);
			assert.equal(json.finalState, 'timeout');
			assert.deepEqual(json.history.map((h) => h.state), ['queued']);
			assert.ok(Date.now() >= Date.parse(json.waitTill), 'resumed before the wait limit');
			const message = await messageOf(timeoutRun.id, timeoutRun.to);
			assert.ok(message.body.dlrCallbackUrl.startsWith(`${ctx.q.url}/webhook-waiting/`));
			// the start was enqueued by the webhook processor, the timeout resume by main's wait tracker
			assertRanOnWorker(timeoutRun.id, { runs: 1 });
			assertRanOnWorker(timeoutRun.id, { enqueuedBy: 'main', runs: 1 });
			// the worker logs "finished" after it saved the execution: give the line a moment
			const finishedLines = () => executionLines(ctx.q.worker, timeoutRun.id).filter((l) => l.startsWith('Worker finished'));
			for (let i = 0; i < 20 && finishedLines().length < 2; i++) await new Promise((r) => setTimeout(r, 250));
			assert.ok(finishedLines().length >= 2, `the worker ran the start and the resume: ${JSON.stringify(executionLines(ctx.q.worker, timeoutRun.id))}`);
		});
	},
);
