#!/usr/bin/env node
'use strict';
/**
 * Simultaneous final receipts on one waiting Send and Wait for Delivery execution: how often does it
 * resume, and what do the callers get back?
 *
 *   npm run reliability:final-receipts                    n8n 1.x and 2.x, queue mode and single process
 *   npm run reliability:final-receipts -- --n8n=1 --mode=single --trials=5 --json
 *   options: --n8n=1|2|both  --mode=queue|single|both  --trials=5  --receipts=delivered,read,read,read
 *            --no-build  --json (JSON on stdout, the table on stderr)
 *
 * Workflow: Webhook (Respond Immediately) -> 8x8 WhatsApp "Send and Wait for Delivery" (resume on
 * delivered, read or undelivered; 10 min limit) -> HTTP Request "After wait", which POSTs the
 * execution id and finalState to a counter in this script: each resume that runs the rest of the
 * workflow is one hit (n8n keeps only the last run in the execution's data, so the data cannot show
 * repeated resumes). The sandbox plays no
 * receipts of its own (receipts: false). Per trial: start one execution, wait until n8n has it as
 * "waiting", then POST the receipts (default: delivered + three read, as when 8x8 retries a read while
 * the delivered is in flight) to its resume URL (the message's dlrCallbackUrl: the webhook processor
 * in queue mode) all at once, with the credential's Authorization; wait until it is no longer waiting,
 * 3 s more, then read it.
 *
 * Reported per n8n line and mode: the HTTP answers (status x count, with the first words of each
 * distinct body), resumes per trial (hits of the counter: how many times the workflow went on after
 * the wait), answers that said "resumed": true, executions the trials created (1 each expected) and
 * the final states.
 */
const crypto = require('crypto');
const http = require('http');
const { log, fmtSeconds } = require('../lib/util');
const { buildPackage } = require('../lib/build');
const { parseArgs, listOf, startTopology, post, table, receipt, sleep } = require('./common');

const DLR_AUTH = `Bearer final-${crypto.randomBytes(10).toString('hex')}`;
const WORKFLOW_ID = 'reliaFinalRcpt01';
const PATH = 'reliability-final-receipts';
const ACTION = 'Send and wait';
const AFTER = 'After wait';

function workflow(counterUrl) {
	const { SEND_AND_WAIT_OPERATION } = require('../../dist/nodes/EightByEightWhatsApp/helpers/sendAndWait');
	return {
		id: WORKFLOW_ID,
		name: 'reliability: simultaneous final receipts',
		nodes: [
			{
				id: '6b1d0000-0000-4000-8000-0000000000b1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '6b1d0000-0000-4000-8000-00000000b002',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: '6b1d0000-0000-4000-8000-0000000000b3',
				name: ACTION,
				type: 'n8n-nodes-8x8-whatsapp.eightByEightWhatsApp',
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					resource: 'message',
					operation: SEND_AND_WAIT_OPERATION,
					to: '={{ $json.body.to }}',
					messageType: 'text',
					text: 'Your order shipped',
					resumeOn: ['delivered', 'read', 'undelivered'],
					waitAmount: 10,
					waitUnit: 'minutes',
					options: {},
				},
				credentials: { eightByEightApi: { id: 'reliaFinalCred01', name: 'reliability send and wait' } },
			},
			{
				id: '6b1d0000-0000-4000-8000-0000000000b4',
				name: AFTER,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [600, 0],
				parameters: {
					method: 'POST',
					url: `=${counterUrl}/after-wait/{{ $execution.id }}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={"finalState": "{{ $json.finalState }}"}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: ACTION, type: 'main', index: 0 }]] },
			[ACTION]: { main: [[{ node: AFTER, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Counts POST /after-wait/<executionId> per execution. */
function startCounter() {
	const hits = new Map();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const m = /^\/after-wait\/(\w+)/.exec(req.url || '');
			if (m) {
				let finalState = '?';
				try {
					finalState = JSON.parse(body).finalState;
				} catch {
					/* keep ? */
				}
				hits.set(m[1], [...(hits.get(m[1]) || []), finalState]);
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, hits, close: () => new Promise((r) => server.close(r)) })));
}

async function sandboxGet(sandbox, route) {
	const res = await fetch(`${sandbox.url}${route}`);
	return res.json();
}

async function trial(topo, sandbox, counter, n, receipts) {
	const to = `+65912345${String(10 + (n % 90)).padStart(2, '0')}`;
	const known = new Set((await topo.readExecutions(WORKFLOW_ID)).map((e) => e.id));
	const start = await post(topo.webhookUrl(PATH), { to });
	if (start.status !== 200) throw new Error(`start: ${start.status || start.error} ${start.body || ''}`);
	let exec;
	const deadline = Date.now() + 60_000;
	for (;;) {
		exec = (await topo.readExecutions(WORKFLOW_ID)).find((e) => !known.has(e.id));
		if (exec && exec.status === 'waiting') break;
		if (Date.now() > deadline) throw new Error(`trial ${n}: no waiting execution (${exec ? exec.status : 'none'})\n${topo.logTail(20)}`);
		await sleep(100);
	}
	const { messages } = await sandboxGet(sandbox, `/__sandbox/messages?msisdn=${encodeURIComponent(to)}`);
	const message = messages.find((m) => String(m.body && m.body.dlrCallbackUrl).includes(`/webhook-waiting/${exec.id}`));
	if (!message) throw new Error(`trial ${n}: the sandbox has no message for execution ${exec.id}`);
	const url = message.body.dlrCallbackUrl;
	const bodies = receipts.map((state) => receipt(message.umid, state, { clientMessageId: message.clientMessageId, subAccountId: sandbox.credentials.subAccountId, msisdn: to }));
	const answers = await Promise.all(bodies.map((b) => post(url, b, { authorization: DLR_AUTH })));
	const until = Date.now() + 60_000;
	for (;;) {
		exec = (await topo.readExecutions(WORKFLOW_ID)).find((e) => e.id === exec.id);
		if (exec.status !== 'waiting' && exec.status !== 'running' && exec.stoppedAt) break;
		if (Date.now() > until) break;
		await sleep(150);
	}
	await sleep(3000); // a second resume would land now
	const all = await topo.readExecutions(WORKFLOW_ID);
	exec = all.find((e) => e.id === exec.id);
	const created = all.filter((e) => !known.has(e.id));
	const hits = counter.hits.get(String(exec.id)) || [];
	return {
		executionId: exec.id,
		status: exec.status,
		answers: answers.map((a, i) => ({ state: receipts[i], status: a.status || a.error, body: a.body })),
		resumes: hits.length,
		saidResumed: answers.filter((a) => /"resumed":\s*true/.test(String(a.body))).length,
		executionsCreated: created.length,
		finalStates: hits,
	};
}

function summarize(topo, trials) {
	const answers = {};
	for (const t of trials) {
		for (const a of t.answers) {
			const words = String(a.body || '')
				.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<umid>')
				.replace(/\s+/g, ' ')
				.slice(0, 100);
			const key = `${a.status} ${words}`;
			answers[key] = (answers[key] || 0) + 1;
		}
	}
	const statusCounts = {};
	for (const t of trials) for (const a of t.answers) statusCounts[a.status] = (statusCounts[a.status] || 0) + 1;
	return {
		n8n: topo.n8nVersion,
		mode: topo.mode === 'queue' ? 'queue' : 'single process',
		trials: trials.length,
		answers: statusCounts,
		answerBodies: answers,
		resumesPerTrial: trials.map((t) => t.resumes),
		saidResumedPerTrial: trials.map((t) => t.saidResumed),
		executionsCreated: trials.map((t) => t.executionsCreated),
		executionStatus: trials.map((t) => t.status),
		finalStates: trials.map((t) => t.finalStates),
		details: trials,
	};
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), { n8n: 'both', mode: 'both', trials: 5, receipts: 'delivered,read,read,read', json: false, build: true });
	if (opts.help) return process.stdout.write(require('fs').readFileSync(__filename, 'utf8').split('*/')[0]);
	const lines = listOf(opts.n8n, [1, 2]);
	const modes = listOf(opts.mode, ['queue', 'single']);
	const receipts = String(opts.receipts).split(',').map((s) => s.trim()).filter(Boolean);
	if (opts.build) await buildPackage({ ifStale: true });
	const { startSandbox } = require('../../sandbox');
	const counter = await startCounter();
	const started = Date.now();
	const results = [];
	for (const version of lines) {
		for (const mode of modes) {
			const t0 = Date.now();
			const sandbox = await startSandbox({ receipts: false });
			const credential = {
				id: 'reliaFinalCred01',
				name: 'reliability send and wait',
				type: 'eightByEightApi',
				data: {
					apiKey: sandbox.credentials.apiKey,
					subAccountId: sandbox.credentials.subAccountId,
					accountId: sandbox.credentials.accountId,
					channelId: sandbox.credentials.channelId || '',
					region: 'custom',
					baseUrl: sandbox.url,
					webhookSecret: DLR_AUTH,
				},
			};
			log(`final receipts: n8n ${version}.x, ${mode}: starting…`);
			const topo = await startTopology(mode, version, { credentials: [credential], workflows: [workflow(counter.url)] });
			// every topology has a fresh database, so its execution ids start again at 1
			counter.hits.clear();
			try {
				const trials = [];
				for (let n = 0; n < opts.trials; n++) {
					const t = await trial(topo, sandbox, counter, n, receipts);
					trials.push(t);
					log(`  trial ${n + 1}: answers ${t.answers.map((a) => `${a.state} ${a.status}`).join(', ')}; resumes ${t.resumes} ${JSON.stringify(t.finalStates)}, ${t.saidResumed} answers said resumed, executions ${t.executionsCreated}, ${t.status}`);
				}
				results.push(summarize(topo, trials));
			} finally {
				await topo.stop();
				await sandbox.close();
			}
			log(`final receipts: n8n ${version}.x ${mode} done (${fmtSeconds(Date.now() - t0)})`);
		}
	}
	const fmt = (obj) => Object.entries(obj).map(([k, v]) => `${k} x${v}`).join(', ');
	const text = table(
		results.map((r) => ({
			...r,
			answerText: fmt(r.answers),
			resumes: r.resumesPerTrial.join(' '),
			said: r.saidResumedPerTrial.join(' '),
			execs: r.executionsCreated.join(' '),
		})),
		[
			['n8n', 'n8n'],
			['mode', 'mode'],
			['trials', 'trials'],
			['answerText', `answers to ${receipts.length} x ${receipts.length === 4 ? 'simultaneous receipts' : 'receipts'}, all trials`],
			['resumes', 'resumes per trial'],
			['said', 'answers "resumed": true per trial'],
			['execs', 'executions per trial'],
		],
	);
	const bodies = results.map((r) => `${r.n8n} ${r.mode}:\n${Object.entries(r.answerBodies).map(([k, v]) => `  ${v} x ${k}`).join('\n')}`).join('\n');
	await counter.close();
	const summary = `\n${text}\n\nAnswer bodies:\n${bodies}\n\n(receipts per trial: ${receipts.join(' + ')}; total ${fmtSeconds(Date.now() - started)})\n`;
	if (opts.json) {
		process.stderr.write(summary);
		process.stdout.write(`${JSON.stringify({ settings: { trials: opts.trials, receipts }, results }, null, 2)}\n`);
	} else process.stdout.write(summary);
	return 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(`final-receipts failed: ${err.stack || err.message}`);
		process.exit(1);
	});
