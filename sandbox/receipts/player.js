'use strict';
/**
 * Plays receipts to webhooks. Automatic: every accepted message plays its outcome's sequence
 * (receipts/outcomes.js) or a matching receipt script, after its scheduled time. Explicit:
 * playSequence() plays a given sequence now and stops the automatic one.
 * Each step waits (step.delayMs, else the sequence's delayMs, else receiptDelayMs), then POSTs to
 * the sequence's `url`, else the message's dlrCallbackUrl, else the CADR webhook of its sub-account,
 * else the `*` one (Authorization = that webhook's httpAuthorization, or an OAuth2 token).
 * A reset or close stops every chain (`sb.generation`); `sb.pending` counts running chains for
 * whenIdle(); `record.playId` lets a newer play stop an older one.
 */
const { ApiError, isObject, isHttpUrl } = require('../lib/util');
const { findWebhook } = require('../routes/webhooks');
const { receiptEnvelope } = require('./envelope');
const { normalizeSequence } = require('./steps');

function receiptTarget(sb, record, play) {
	if (play.url) return { url: play.url, authorization: play.authorization };
	const hook = findWebhook(sb, record.subAccountId, 'CADR');
	const authorization = play.authorization;
	if (record.dlrCallbackUrl) {
		return {
			url: record.dlrCallbackUrl,
			authorization: authorization || (hook ? hook.httpAuthorization : undefined),
			oauth: authorization ? undefined : hook ? hook.oauth : undefined,
		};
	}
	if (!hook) return undefined;
	return {
		url: hook.url,
		authorization: authorization || hook.httpAuthorization,
		oauth: authorization ? undefined : hook.oauth,
	};
}

/** receiptTimers.sleep that a newer play can cut short (record.interrupt). */
function pause(sb, record, playId, ms) {
	return new Promise((resolve) => {
		const timer = sb.receiptTimers.later(ms, done);
		function done() {
			sb.receiptTimers.cancel(timer);
			if (record.interrupt && record.interrupt.playId === playId) record.interrupt = undefined;
			resolve();
		}
		record.interrupt = { playId, stop: done };
	});
}

async function run(sb, record, playId, play) {
	const generation = sb.generation;
	const played = [];
	sb.pending++;
	try {
		for (const step of play.sequence) {
			const delay =
				step.delayMs !== undefined
					? step.delayMs
					: play.delayMs !== undefined
						? play.delayMs
						: sb.options.receiptDelayMs;
			await pause(sb, record, playId, delay);
			if (generation !== sb.generation || record.cancelled || record.playId !== playId)
				return { played, stopped: true };
			record.started = true;
			const envelope = receiptEnvelope(record, step, {
				content: record.outboundContent,
				version: play.version !== undefined ? play.version : sb.options.receiptVersion,
			});
			record.status = envelope.payload.status;
			const target = receiptTarget(sb, record, play);
			if (!target) {
				played.push({ state: step.state, detail: step.detail, delivered: false, attempts: [] });
				continue;
			}
			const result = await sb.deliverer.deliver(target, envelope, {
				kind: 'receipt',
				umid: record.umid,
				clientMessageId: record.clientMessageId,
				state: step.state,
				detail: step.detail,
			});
			if (generation !== sb.generation) return { played, stopped: true };
			if (result.delivered) sb.state.counters.receiptsDelivered++;
			else sb.state.counters.receiptsFailed++;
			played.push({
				state: step.state,
				detail: step.detail,
				url: target.url,
				delivered: result.delivered,
				attempts: result.attempts,
			});
		}
		return { played, stopped: false };
	} finally {
		if (generation === sb.generation) {
			sb.pending--;
			if (sb.pending === 0) sb.resolveIdle();
		}
	}
}

/** The automatic receipts of a just-accepted message (its script's, else its outcome's). */
async function playReceipts(sb, record) {
	const playId = ++record.playId;
	const generation = sb.generation;
	const scheduledAt = record.scheduled ? Date.parse(record.scheduled) : NaN;
	if (scheduledAt > Date.now()) {
		// A scheduled message waits here (not counted as pending work) until its time or a cancel.
		await new Promise((resolve) => {
			record.wake = resolve;
			record.timer = sb.receiptTimers.later(scheduledAt - Date.now(), resolve);
		});
		record.timer = undefined;
		record.wake = undefined;
		if (generation !== sb.generation || record.cancelled || record.playId !== playId) return;
	}
	await run(sb, record, playId, record.script || { sequence: record.outcome.sequence });
}

/** Check {sequence, url?, authorization?, delayMs?, version?} → the play run() expects. */
function normalizePlay(input) {
	if (!isObject(input)) throw new ApiError(400, 1000, 'Give {sequence: [{state, detail?, …}], …}');
	const play = { sequence: normalizeSequence(input.sequence) };
	if (input.url !== undefined && input.url !== null) {
		if (!isHttpUrl(input.url)) throw new ApiError(400, 1000, 'url must be an http(s) URL');
		play.url = input.url;
	}
	if (input.authorization !== undefined && input.authorization !== null) {
		if (typeof input.authorization !== 'string')
			throw new ApiError(400, 1000, 'authorization must be a string (the Authorization header)');
		play.authorization = input.authorization;
	}
	if (input.delayMs !== undefined) {
		const ms = Number(input.delayMs);
		if (!Number.isFinite(ms) || ms < 0)
			throw new ApiError(400, 1000, 'delayMs must be a number ≥ 0');
		play.delayMs = ms;
	}
	if (input.version !== undefined) {
		if (input.version !== 8 && input.version !== 9)
			throw new ApiError(400, 1000, 'version must be 8 or 9 (the receipt format)');
		play.version = input.version;
	}
	return play;
}

/**
 * Play an explicit sequence for an accepted message now (POST /__sandbox/receipts). Its automatic
 * receipts stop. Resolves once every step was posted (with retries) or the play was stopped.
 */
function playSequence(sb, input) {
	const play = normalizePlay(input);
	const umid = input.umid;
	const record = typeof umid === 'string' ? sb.state.messagesByUmid.get(umid) : undefined;
	if (!record)
		throw new ApiError(
			404,
			1300,
			`No accepted message with umid '${umid}' (GET /__sandbox/messages lists them)`,
		);
	if (record.cancelled) throw new ApiError(409, 1000, `Message ${umid} was cancelled`);
	const playId = ++record.playId;
	// A receipt being posted right now finishes (with its retries); a pause before the next one ends.
	if (record.interrupt) record.interrupt.stop();
	if (record.wake) {
		sb.receiptTimers.cancel(record.timer);
		record.wake(); // the scheduled automatic play wakes, sees a newer play and stops
	}
	const promise = run(sb, record, playId, play);
	return { record, play, promise };
}

/**
 * Arm a sequence for the next accepted message(s) matching {msisdn?, channelUserId?,
 * clientMessageId?} (POST /__sandbox/receipt-scripts): they play it instead of their outcome.
 */
function addReceiptScript(sb, input) {
	const play = normalizePlay(input);
	const match = isObject(input.match) ? input.match : {};
	const keys = ['msisdn', 'channelUserId', 'clientMessageId'];
	const unknown = Object.keys(match).filter((key) => !keys.includes(key));
	const given = keys.filter((key) => match[key] !== undefined && match[key] !== null);
	if (unknown.length || given.length === 0)
		throw new ApiError(
			400,
			1000,
			`match needs at least one of ${keys.join(', ')} (and nothing else)`,
		);
	const count = input.count === undefined ? 1 : Math.max(1, Math.floor(Number(input.count) || 1));
	const script = {
		id: ++sb.scriptSeq,
		match: Object.fromEntries(given.map((key) => [key, String(match[key])])),
		count,
		remaining: count,
		...play,
	};
	sb.state.receiptScripts.push(script);
	return script;
}

/** The first armed script matching an accepted message, counted down (removed when used up). */
function takeReceiptScript(sb, user, clientMessageId) {
	const scripts = sb.state.receiptScripts;
	for (let i = 0; i < scripts.length; i++) {
		const { match } = scripts[i];
		if (match.msisdn !== undefined && match.msisdn !== user.msisdn) continue;
		if (match.channelUserId !== undefined && match.channelUserId !== user.channelUserId) continue;
		if (match.clientMessageId !== undefined && match.clientMessageId !== clientMessageId) continue;
		const script = scripts[i];
		script.remaining--;
		if (script.remaining <= 0) scripts.splice(i, 1);
		return script;
	}
	return undefined;
}

module.exports = { playReceipts, playSequence, addReceiptScript, takeReceiptScript };
