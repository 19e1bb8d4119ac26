'use strict';
/**
 * e2e: the 8x8 WhatsApp Trigger in a real n8n, at its production URL.
 *
 * Workflow "all events" (every event type selected; credential with a
 * Webhook Authorization Header; Include Headers on so each execution can be matched to the call that
 * started it) -> one No Operation node per output. Workflow "subset" (Delivery + Phone Number
 * Quality only, Delivery States = [undelivered], Include Raw Body on) -> one No Operation per output.
 *
 * Proves:
 * - every fixture of test/fixtures/events (seeds + 8x8 docs) is answered 200 with the JSON receipt
 *   naming its output, and starts one execution whose item leaves the trigger on the documented output
 *   index (EVENT_TYPES order, "Other" last), reaches the No Operation node wired to that index, and is
 *   exactly the normalizer's item (compared with the built dist) with the key fields checked from the
 *   raw body (eventType, dedupeKey, umid/state/error.code, messageType/text, templateName/status,
 *   currentLimitValue, ...); unknown / non-8x8 bodies land on "Other" with their `reason`. Where each
 *   fixture must land is read from the unit test's table (test/nodes/shared/events/fixtures.test.ts).
 * - forged calls (no Authorization, wrong Authorization) get 401 and start no execution; a JSON array
 *   body gets 400 and starts none; the secret (and the forged values) never appear in n8n's log.
 * - with a subset of events the outputs shift (Delivery 1 -> 0, Phone Number 5 -> 1,
 *   Other 7 -> 2) and events / states that are not selected are answered 200 "ignored" with no execution.
 *
 * "No execution" is proven without sleeping: after the refused calls a valid sentinel call is made;
 * once its execution exists, the count must be exactly one more than before.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { E2E_VERSION, withN8n, sandboxCredential, PACKAGE_DIR } = require('./support');
const { importable } = require('./workflows/common');
const { triggerWorkflow, EVENT_OUTPUTS, ALL_EVENTS, OTHER } = require('./workflows/trigger');

const repoRoot = path.resolve(__dirname, '..', '..');
const FIXTURE_DIR = path.join(repoRoot, 'test', 'fixtures', 'events');
const FIXTURE_TABLE = path.join(repoRoot, 'test', 'nodes', 'shared', 'events', 'fixtures.test.ts');
const { normalizeEvent } = require(path.join(PACKAGE_DIR, 'dist', 'nodes', 'shared', 'events'));

const SECRET = `Bearer e2e-${crypto.randomBytes(16).toString('hex')}`;
const FORGED = `Bearer forged-${crypto.randomBytes(8).toString('hex')}`;
const FIXTURE_HEADER = 'x-e2e-fixture';

/** name -> parsed body */
const FIXTURES = Object.fromEntries(
	fs
		.readdirSync(FIXTURE_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => [
			f.slice(0, -'.json'.length),
			JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8')),
		]),
);

/** name -> event type or "other:<reason>", from the unit test's EXPECTED table. */
function expectedTable() {
	const text = fs.readFileSync(FIXTURE_TABLE, 'utf8');
	const block = /const EXPECTED[^=]*=\s*\{([\s\S]*?)\n\};/.exec(text);
	assert.ok(block, `no EXPECTED table in ${FIXTURE_TABLE}`);
	return Object.fromEntries(
		[...block[1].matchAll(/'([^']+)':\s*'([^']+)'/g)].map((m) => [m[1], m[2]]),
	);
}
const EXPECTED = expectedTable();

const ALL = triggerWorkflow({
	seed: 'e2e-trigger-all',
	name: 'e2e trigger: all events',
	events: ALL_EVENTS,
	options: { includeHeaders: true },
});
/** No events saved: what a new trigger has (Inbound, Delivery, Other). */
const DEFAULT = triggerWorkflow({
	seed: 'e2e-trigger-default',
	name: 'e2e trigger: default selection',
});
const SUBSET_EVENTS = ['phone_number_quality_update', 'outbound_message_status_changed']; // picked out of order on purpose
const SUBSET = triggerWorkflow({
	seed: 'e2e-trigger-subset',
	name: 'e2e trigger: delivery (undelivered only) + phone number quality',
	events: SUBSET_EVENTS,
	options: { statusStates: ['undelivered'], includeRaw: true },
});

const outputIndexOf = (wf, expected) => {
	const name = expected.startsWith('other:')
		? OTHER
		: EVENT_OUTPUTS.find(([type]) => type === expected)[1];
	const index = wf.outputs.indexOf(name);
	assert.ok(index >= 0, `${name} is not an output of ${wf.name}`);
	return { index, name };
};

const withoutVolatile = ({ receivedAt, headers, raw, ...rest }) => rest;
const plain = (value) => JSON.parse(JSON.stringify(value));

/** The one item an execution's trigger emitted: { index, item } (asserts exactly one). */
function emitted(exec, wf) {
	const node = exec.nodes[wf.triggerName];
	assert.ok(
		node,
		`execution ${exec.id} has no run of "${wf.triggerName}" (nodes: ${Object.keys(exec.nodes).join(', ')})`,
	);
	const filled = node.outputs
		.map((items, index) => ({ index, items: items || [] }))
		.filter((o) => o.items.length);
	assert.equal(
		filled.length,
		1,
		`execution ${exec.id}: items on ${filled.length} outputs (${JSON.stringify(filled.map((o) => o.index))})`,
	);
	assert.equal(
		filled[0].items.length,
		1,
		`execution ${exec.id}: ${filled[0].items.length} items on output ${filled[0].index}`,
	);
	return { index: filled[0].index, item: filled[0].items[0], outputCount: node.outputs.length };
}

/** The No Operation nodes that ran in an execution. */
const sinksThatRan = (exec, wf) =>
	Object.keys(exec.nodes).filter((name) => name !== wf.triggerName);

const str = (v) => (typeof v === 'number' ? String(v) : v);
const TIERS = {
	TIER_50: 50,
	TIER_250: 250,
	TIER_1K: 1000,
	TIER_2K: 2000,
	TIER_10K: 10000,
	TIER_100K: 100000,
};

/** Key fields, checked against the raw body (independently of the normalizer). */
function checkKeyFields(name, body, item, expected) {
	const ctxt = `${name}: `;
	assert.equal(typeof item.dedupeKey, 'string', `${ctxt}dedupeKey`);
	assert.ok(item.dedupeKey.length > 0, `${ctxt}empty dedupeKey`);
	assert.match(item.receivedAt, /^\d{4}-\d\d-\d\dT/, `${ctxt}receivedAt`);
	if (expected.startsWith('other:')) {
		assert.equal(item.reason, expected.slice('other:'.length), `${ctxt}reason`);
		assert.deepEqual(item.issues, [], `${ctxt}issues`);
		assert.deepEqual(item.body, body, `${ctxt}the body is kept as received`);
		assert.equal(
			item.eventType,
			typeof body.eventType === 'string' ? body.eventType : '',
			`${ctxt}eventType`,
		);
		return;
	}
	assert.equal(item.eventType, expected, `${ctxt}eventType`);
	const payload = body.payload || {};
	const details = body.eventDetails || {};
	const meta = details.meta || {};
	switch (expected) {
		case 'outbound_message_status_changed': {
			const status = payload.status;
			const state = String(status.state).toLowerCase();
			assert.equal(item.umid, payload.umid, `${ctxt}umid`);
			assert.equal(item.state, state, `${ctxt}state`);
			assert.equal(item.subAccountId, payload.subAccountId, `${ctxt}subAccountId`);
			assert.equal(item.clientMessageId, payload.clientMessageId ?? null, `${ctxt}clientMessageId`);
			assert.ok(
				item.dedupeKey.startsWith(`${payload.umid}:${state}`),
				`${ctxt}dedupeKey ${item.dedupeKey}`,
			);
			if (state === 'undelivered' || status.errorCode != null) {
				assert.ok(item.error, `${ctxt}a failed receipt has error`);
				if (status.errorCode != null)
					assert.equal(item.error.code, Number(status.errorCode), `${ctxt}error.code`);
				assert.equal(item.error.message, status.errorMessage ?? null, `${ctxt}error.message`);
				assert.ok(
					typeof item.error.meaning === 'string' && item.error.meaning.length > 10,
					`${ctxt}error.meaning`,
				);
				assert.ok(
					typeof item.error.fix === 'string' && item.error.fix.length > 10,
					`${ctxt}error.fix`,
				);
			} else {
				assert.equal(item.error, null, `${ctxt}error`);
			}
			break;
		}
		case 'inbound_message_received':
			assert.equal(item.umid, payload.umid, `${ctxt}umid`);
			assert.equal(item.dedupeKey, payload.umid, `${ctxt}dedupeKey`);
			assert.equal(item.subAccountId, payload.subAccountId, `${ctxt}subAccountId`);
			assert.equal(typeof item.messageType, 'string', `${ctxt}messageType`);
			if (typeof payload.type === 'string' && /^text$/i.test(payload.type))
				assert.equal(item.messageType, 'text', `${ctxt}messageType`);
			if (payload.content && typeof payload.content.text === 'string')
				assert.equal(item.text, payload.content.text, `${ctxt}text`);
			break;
		case 'template_status_update':
		case 'template_quality_update':
		case 'template_category_update':
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.eventId, body.eventId, `${ctxt}eventId`);
			assert.equal(item.templateName, details.templateName ?? null, `${ctxt}templateName`);
			assert.equal(
				item.templateLanguage,
				details.templateLanguage ?? null,
				`${ctxt}templateLanguage`,
			);
			assert.equal(item.status, meta.status ?? null, `${ctxt}status`);
			break;
		case 'phone_number_quality_update': {
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(
				item.displayPhoneNumber,
				str(details.displayPhoneNumber) ?? null,
				`${ctxt}displayPhoneNumber`,
			);
			const limit = meta.maxDailyConversationsPerBusiness ?? meta.currentLimit ?? null;
			assert.equal(item.currentLimit, limit, `${ctxt}currentLimit`);
			if (limit in TIERS)
				assert.equal(item.currentLimitValue, TIERS[limit], `${ctxt}currentLimitValue`);
			break;
		}
		case 'account_update':
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.event, details.event ?? null, `${ctxt}event`);
			assert.deepEqual(item.details, details, `${ctxt}details`);
			break;
		case 'external_app_message':
			assert.equal(item.umid, payload.umid, `${ctxt}umid`);
			assert.equal(item.dedupeKey, payload.umid, `${ctxt}dedupeKey`);
			assert.equal(item.text, (payload.content || {}).text ?? null, `${ctxt}text`);
			assert.equal(item.replyTo, (payload.user || {}).msisdn ?? payload.user.channelUserId, `${ctxt}replyTo`);
			break;
		case 'template_correct_category_detection':
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.templateName, details.templateName ?? null, `${ctxt}templateName`);
			assert.equal(item.category, meta.category ?? null, `${ctxt}category`);
			assert.equal(item.correctCategory, meta.correctCategory ?? null, `${ctxt}correctCategory`);
			break;
		case 'whatsapp_preference': {
			const entry = details.rawEvent.value.user_preferences[0];
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.userId, entry.user_id ?? null, `${ctxt}userId`);
			assert.equal(item.value, entry.value ?? null, `${ctxt}value`);
			assert.equal(item.optedOut, { stop: true, resume: false }[entry.value] ?? null, `${ctxt}optedOut`);
			assert.equal(item.preferences.length, details.rawEvent.value.user_preferences.length);
			break;
		}
		case 'whatsapp_contact': {
			const message = details.rawEvent.value.messages[0];
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.from.channelUserId, message.from_user_id ?? null, `${ctxt}from.channelUserId`);
			assert.deepEqual(item.contacts, message.contacts, `${ctxt}cards as sent`);
			break;
		}
		case 'whatsapp_user_id_update': {
			const entry = details.rawEvent.value.user_id_update[0];
			assert.equal(item.dedupeKey, body.eventId, `${ctxt}dedupeKey`);
			assert.equal(item.previousUserId, entry.user_id.previous ?? null, `${ctxt}previousUserId`);
			assert.equal(item.userId, entry.user_id.current, `${ctxt}userId`);
			break;
		}
		default:
			assert.fail(`${ctxt}unexpected event type ${expected}`);
	}
}

const explain = (ctx, what) => `${what}\n--- n8n log tail ---\n${ctx.n8n.logTail(40)}`;

withN8n(
	{
		title: `8x8 WhatsApp Trigger on n8n ${E2E_VERSION}.x`,
		sandbox: false, // manual registration: the trigger never calls 8x8
		credentials: [sandboxCredential('http://127.0.0.1:9', { webhookSecret: SECRET })],
		workflows: [importable(ALL), importable(SUBSET), importable(DEFAULT)],
	},
	(ctx) => {
		const post = (wf, body, headers = {}) => ctx.n8n.postWebhook(wf.webhookPath, body, headers);
		const authorized = (name) => ({ authorization: SECRET, [FIXTURE_HEADER]: name });
		const count = async (wf) => (await ctx.n8n.readExecutions(wf.id)).length;

		it('both triggers are live at their production URLs', () => {
			for (const wf of [ALL, SUBSET, DEFAULT]) {
				assert.ok(
					ctx.n8n.registeredWebhookPaths.includes(wf.webhookPath),
					`${wf.name}: ${wf.webhookPath} not among ${JSON.stringify(ctx.n8n.registeredWebhookPaths)}`,
				);
			}
		});

		describe('every fixture lands on its output (all events)', () => {
			const names = Object.keys(FIXTURES);
			/** name -> { response, exec } once posted */
			const seen = {};

			it('the fixture table covers every fixture file', () => {
				assert.deepEqual(
					Object.keys(EXPECTED).sort(),
					[...names].sort(),
					'fixtures.test.ts EXPECTED vs test/fixtures/events/*.json',
				);
				assert.ok(names.length >= 88, `only ${names.length} fixtures`);
			});

			it(`posts all fixtures with the right Authorization: each answered 200 with its receipt, one execution each`, async () => {
				const before = await count(ALL);
				for (const name of names) {
					const res = await post(ALL, FIXTURES[name], authorized(name));
					seen[name] = { response: res };
					const { name: output } = outputIndexOf(ALL, EXPECTED[name]);
					assert.equal(res.status, 200, explain(ctx, `${name}: HTTP ${res.status} ${res.text}`));
					assert.match(
						String(res.headers['content-type']),
						/application\/json/,
						`${name}: content-type`,
					);
					assert.deepEqual(res.body, { received: true, emitted: 1, output }, `${name}: receipt`);
				}
				const execs = await ctx.n8n.waitForExecutions(ALL.id, before + names.length, {
					timeoutMs: 180_000,
				});
				const fresh = execs.slice(before);
				assert.equal(
					fresh.length,
					names.length,
					explain(ctx, `${fresh.length} executions for ${names.length} calls`),
				);
				for (const exec of fresh) {
					assert.equal(
						exec.status,
						'success',
						explain(ctx, `execution ${exec.id}: ${exec.status} ${JSON.stringify(exec.error)}`),
					);
					const { item } = emitted(exec, ALL);
					const name = item.headers && item.headers[FIXTURE_HEADER];
					assert.ok(
						name in FIXTURES,
						`execution ${exec.id}: no ${FIXTURE_HEADER} header on the item`,
					);
					assert.ok(
						!seen[name].exec,
						`${name} started two executions (${seen[name].exec && seen[name].exec.id}, ${exec.id})`,
					);
					seen[name].exec = exec;
				}
			});

			for (const name of names) {
				it(`${name} -> ${EXPECTED[name]}`, () => {
					const entry = seen[name];
					assert.ok(entry && entry.exec, `${name} was not posted or started no execution`);
					const { exec } = entry;
					const expected = EXPECTED[name];
					const { index, name: outputName } = outputIndexOf(ALL, expected);
					const { index: got, item, outputCount } = emitted(exec, ALL);
					assert.equal(
						outputCount,
						ALL.outputs.length,
						`${name}: the trigger has ${outputCount} outputs`,
					);
					assert.equal(
						got,
						index,
						`${name}: on output ${got} (${ALL.outputs[got]}) instead of ${index} (${outputName})`,
					);
					assert.deepEqual(
						sinksThatRan(exec, ALL),
						[`Out ${index} ${outputName}`],
						`${name}: the node wired to output ${index} got the item`,
					);
					assert.equal(exec.nodes[`Out ${index} ${outputName}`].outputs[0].length, 1);
					// the item is the normalizer's, unchanged by n8n (but for receivedAt and the headers option)
					const reference = normalizeEvent(plain(FIXTURES[name]), item.receivedAt).item;
					assert.deepEqual(
						withoutVolatile(item),
						plain(withoutVolatile(reference)),
						`${name}: item differs from the normalizer's`,
					);
					assert.equal(
						item.headers.authorization,
						'[redacted]',
						`${name}: Authorization must be redacted in headers`,
					);
					checkKeyFields(name, FIXTURES[name], item, expected);
				});
			}
		});

		it('forged calls get 401 and start no execution; a JSON array gets 400; the secret is never logged', async () => {
			const body = FIXTURES['seed001-receipt-delivered'];
			const before = await count(ALL);
			const missing = await post(ALL, body, { [FIXTURE_HEADER]: 'forged-missing' });
			assert.equal(
				missing.status,
				401,
				explain(ctx, `no Authorization: HTTP ${missing.status} ${missing.text}`),
			);
			assert.equal(missing.body.received, false);
			assert.equal(missing.body.error, 'unauthorized');
			assert.equal(missing.body.reason, 'missing_authorization');
			const wrong = await post(ALL, body, {
				authorization: FORGED,
				[FIXTURE_HEADER]: 'forged-wrong',
			});
			assert.equal(
				wrong.status,
				401,
				explain(ctx, `wrong Authorization: HTTP ${wrong.status} ${wrong.text}`),
			);
			assert.equal(wrong.body.reason, 'authorization_mismatch');
			const almost = await post(ALL, body, {
				authorization: SECRET.slice(0, -1),
				[FIXTURE_HEADER]: 'forged-prefix',
			});
			assert.equal(almost.status, 401, 'the secret minus its last character');
			const forgedArray = await post(ALL, [body], { [FIXTURE_HEADER]: 'forged-array' });
			assert.equal(forgedArray.status, 401, 'the caller is checked before the body');
			const array = await post(ALL, [body], authorized('array-body'));
			assert.equal(
				array.status,
				400,
				explain(ctx, `JSON array: HTTP ${array.status} ${array.text}`),
			);
			assert.equal(array.body.received, false);
			assert.equal(array.body.error, 'invalid_body');
			assert.match(array.body.message, /JSON object/);
			for (const res of [missing, wrong, almost, forgedArray, array])
				assert.ok(!res.text.includes(SECRET), 'the answer never echoes the secret');

			const sentinel = await post(ALL, FIXTURES['docs-receipt-v9-read'], authorized('sentinel'));
			assert.equal(sentinel.status, 200);
			const execs = await ctx.n8n.waitForExecutions(ALL.id, before + 1, { timeoutMs: 60_000 });
			assert.equal(
				execs.length,
				before + 1,
				explain(ctx, `refused calls started executions: ${execs.length - before - 1} extra`),
			);
			assert.equal(emitted(execs[execs.length - 1], ALL).item.headers[FIXTURE_HEADER], 'sentinel');

			const log = ctx.n8n.logText();
			assert.ok(!log.includes(SECRET), 'the webhook secret appears in the n8n log');
			assert.ok(
				!log.includes(SECRET.slice('Bearer '.length)),
				'the webhook secret (without "Bearer ") appears in the n8n log',
			);
			assert.ok(!log.includes(FORGED), 'a forged Authorization value appears in the n8n log');
			assert.match(log, /refused a webhook call with 401/, 'the refusal is logged as a warning');
		});

		it('a trigger with no events saved has the default outputs: Inbound, Delivery, Other', async () => {
			assert.deepEqual(DEFAULT.outputs, ['Inbound', 'Delivery', OTHER]);
			const before = await count(DEFAULT);
			for (const name of ['docs-template-status-approved', 'docs-bsuid-user-preferences']) {
				const res = await post(DEFAULT, FIXTURES[name], { authorization: SECRET });
				assert.deepEqual(res.body, { received: true, emitted: 0, ignored: 'event not selected' }, name);
			}
			const res = await post(DEFAULT, FIXTURES['docs-receipt-v9-read'], { authorization: SECRET });
			assert.deepEqual(res.body, { received: true, emitted: 1, output: 'Delivery' });
			const execs = (await ctx.n8n.waitForExecutions(DEFAULT.id, before + 1, { timeoutMs: 60_000 })).slice(before);
			assert.equal(execs.length, 1, explain(ctx, `${execs.length} executions for 1 emitted event`));
			const got = emitted(execs[0], DEFAULT);
			assert.equal(got.outputCount, 3, 'the default trigger has 3 outputs');
			assert.equal(got.index, 1);
			assert.deepEqual(sinksThatRan(execs[0], DEFAULT), ['Out 1 Delivery']);
		});

		it('a subset of events shifts the outputs; unselected events and states start no execution', async () => {
			assert.deepEqual(
				SUBSET.outputs,
				['Delivery', 'Phone Number', OTHER],
				'outputs follow the fixed order, not the selection order',
			);
			const receiptNoUmid = plain(FIXTURES['seed001-receipt-undelivered']);
			delete receiptNoUmid.payload.umid;
			const inboundNoPayload = plain(FIXTURES['seed001-inbound-text']);
			delete inboundNoPayload.payload;
			const ignored = [
				['seed001-receipt-delivered', 'delivery state not selected'],
				['docs-receipt-v9-read', 'delivery state not selected'],
				['docs-receipt-v9-queued', 'delivery state not selected'],
				['seed001-inbound-text', 'event not selected'],
				['docs-template-status-approved', 'event not selected'],
				['docs-account-violation', 'event not selected'],
				['docs-receipt-v9-external-app-message', 'event not selected'],
				[inboundNoPayload, 'event not selected'], // an invalid body of an unselected type is still dropped
			];
			const emitting = [
				['seed001-receipt-undelivered', 0, 'Delivery'],
				['docs-phone-quality-upgrade', 1, 'Phone Number'],
				[{ ...FIXTURES['docs-receipt-v9-read'], eventType: 'receipt_of_the_future' }, 2, OTHER],
				[receiptNoUmid, 2, OTHER],
			];
			const bodyOf = (f) => (typeof f === 'string' ? FIXTURES[f] : f);
			const before = await count(SUBSET);
			for (const [fixture, reason] of ignored) {
				const res = await post(SUBSET, bodyOf(fixture), { authorization: SECRET });
				assert.equal(res.status, 200, explain(ctx, `${fixture}: HTTP ${res.status} ${res.text}`));
				assert.deepEqual(
					res.body,
					{ received: true, emitted: 0, ignored: reason },
					`${typeof fixture === 'string' ? fixture : 'invalid inbound'}`,
				);
			}
			for (const [fixture, , output] of emitting) {
				const res = await post(SUBSET, bodyOf(fixture), { authorization: SECRET });
				assert.equal(res.status, 200, explain(ctx, `${fixture}: HTTP ${res.status} ${res.text}`));
				assert.deepEqual(res.body, { received: true, emitted: 1, output });
			}
			const execs = (
				await ctx.n8n.waitForExecutions(SUBSET.id, before + emitting.length, { timeoutMs: 60_000 })
			).slice(before);
			assert.equal(
				execs.length,
				emitting.length,
				explain(ctx, `${execs.length} executions for ${emitting.length} emitted events`),
			);
			for (const [fixture, index, output] of emitting) {
				const body = bodyOf(fixture);
				const exec = execs.find(
					(e) => JSON.stringify(emitted(e, SUBSET).item.raw) === JSON.stringify(body),
				);
				assert.ok(
					exec,
					`no execution carries ${typeof fixture === 'string' ? fixture : 'the receipt without umid'} as raw`,
				);
				const got = emitted(exec, SUBSET);
				assert.equal(got.outputCount, 3, 'the subset trigger has 3 outputs');
				assert.equal(got.index, index, `${output} is output ${index}`);
				assert.deepEqual(sinksThatRan(exec, SUBSET), [`Out ${index} ${output}`]);
				assert.deepEqual(got.item.raw, body, 'Include Raw Body keeps the body as sent');
			}
			const byOutput = (i) =>
				execs
					.map((e) => emitted(e, SUBSET))
					.filter((e) => e.index === i)
					.map((e) => e.item);
			const [undelivered] = byOutput(0);
			assert.equal(undelivered.state, 'undelivered');
			assert.equal(undelivered.error.code, 15);
			assert.equal(byOutput(1)[0].currentLimitValue, 10000);
			const others = byOutput(2);
			assert.deepEqual(others.map((o) => o.reason).sort(), [
				'schema_mismatch',
				'unknown_event_type',
			]);
			assert.ok(
				others
					.find((o) => o.reason === 'schema_mismatch')
					.issues.includes('payload.umid: required'),
			);
		});
	},
);
