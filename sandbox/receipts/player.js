'use strict';
/**
 * Plays an accepted message's receipts: waits for a scheduled time, then POSTs each step after
 * receiptDelayMs to the message's dlrCallbackUrl, else the CADR webhook of its sub-account, else the
 * `*` one (Authorization = that webhook's httpAuthorization, or an OAuth2 token). A reset or close
 * stops every chain (`sb.generation`); `sb.pending` counts running chains for whenIdle().
 */
const { findWebhook } = require('../routes/webhooks');
const { receiptSteps } = require('./sequences');
const { receiptEnvelope } = require('./envelope');

function receiptTarget(sb, record) {
	const hook = findWebhook(sb, record.subAccountId, 'CADR');
	if (record.dlrCallbackUrl) {
		return {
			url: record.dlrCallbackUrl,
			authorization: hook ? hook.httpAuthorization : undefined,
			oauth: hook ? hook.oauth : undefined,
		};
	}
	if (!hook) return undefined;
	return { url: hook.url, authorization: hook.httpAuthorization, oauth: hook.oauth };
}

async function playReceipts(sb, record, content) {
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
		if (generation !== sb.generation || record.cancelled) return;
	}
	sb.pending++;
	try {
		for (const step of receiptSteps(record)) {
			await sb.receiptTimers.sleep(sb.options.receiptDelayMs);
			if (generation !== sb.generation || record.cancelled) return;
			record.started = true;
			const envelope = receiptEnvelope(record, step, content);
			record.status = envelope.payload.status;
			const target = receiptTarget(sb, record);
			if (!target) continue;
			const result = await sb.deliverer.deliver(target, envelope, {
				kind: 'receipt',
				umid: record.umid,
				clientMessageId: record.clientMessageId,
				state: step.state,
			});
			if (generation !== sb.generation) return;
			if (result.delivered) sb.state.counters.receiptsDelivered++;
			else sb.state.counters.receiptsFailed++;
		}
	} finally {
		if (generation === sb.generation) {
			sb.pending--;
			if (sb.pending === 0) sb.resolveIdle();
		}
	}
}

module.exports = { playReceipts, receiptTarget };
