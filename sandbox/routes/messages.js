'use strict';
/**
 * Sending (transport: messagesPath, batchMessagesPath):
 *   POST /api/v1/subaccounts/{sub}/messages        one message, validated with 8x8's codes
 *   POST /api/v1/subaccounts/{sub}/messages/batch  up to maxBatchSize; per-message rejections in the 200
 * An accepted message is stored and its delivery receipts start playing (receipts/player.js): a
 * matching receipt script's sequence, else its outcome's (receipts/outcomes.js).
 */
const { ApiError, isObject, randomUUID, timestamp } = require('../lib/util');
const { validateMessage } = require('../lib/validate');
const { outcomeFor } = require('../receipts/outcomes');
const { outboundContent } = require('../receipts/envelope');
const { playReceipts, takeReceiptScript } = require('../receipts/player');

/** Store an accepted message and start its receipts. */
function accept(sb, sub, message, validated, batch) {
	const now = timestamp();
	const umid = randomUUID();
	const template = validated.template;
	const record = {
		umid,
		subAccountId: sub,
		channel: 'whatsapp',
		direction: 'outbound',
		batchId: batch ? batch.batchId : undefined,
		clientBatchId: batch ? batch.clientBatchId : undefined,
		clientMessageId:
			message.clientMessageId === undefined || message.clientMessageId === null
				? undefined
				: String(message.clientMessageId),
		type: validated.type,
		user: validated.user,
		template: template
			? { name: template.templateName, language: template.language, category: template.category }
			: undefined,
		status: { state: 'queued', timestamp: now },
		outcome: outcomeFor(validated),
		dlrCallbackUrl: message.dlrCallbackUrl || undefined,
		scheduled: message.scheduled || undefined,
		receivedAt: now,
		playId: 0,
	};
	if (sb.options.recordBodies) record.body = message;
	const script = sb.state.receiptScripts.length
		? takeReceiptScript(sb, validated.user, record.clientMessageId)
		: undefined;
	if (script) {
		record.script = script;
		record.outcome = {
			digit: record.outcome.digit,
			outcome: 'scripted',
			appliesTo: 'all',
			description: `receipt script #${script.id}`,
			sequence: script.sequence,
		};
	}
	const messages = sb.state.messages;
	messages.push(record);
	sb.state.messagesByUmid.set(umid, record);
	if (messages.length > sb.options.maxMessages + 1024) {
		for (const old of messages.splice(0, messages.length - sb.options.maxMessages))
			sb.state.messagesByUmid.delete(old.umid);
	}
	sb.state.counters.accepted++;
	// Kept whenever bodies are, so an explicit play (POST /__sandbox/receipts) has it too.
	if (sb.options.recordBodies) record.outboundContent = outboundContent(message, validated);
	if (sb.options.receipts || script) playReceipts(sb, record);
	return record;
}

function sendOne(sb, sub, body) {
	const validated = validateMessage(body, sb.templates);
	const record = accept(sb, sub, body, validated, null);
	return {
		status: 200,
		body: {
			umid: record.umid,
			clientMessageId: record.clientMessageId,
			user: record.user,
			status: { ...record.status },
		},
	};
}

function sendBatch(sb, sub, body) {
	if (!isObject(body))
		throw new ApiError(400, 1000, 'Invalid parameter: the request body must be a JSON object');
	const list = body.messages;
	if (list !== undefined && list !== null && !Array.isArray(list)) {
		throw new ApiError(400, 1005, "Invalid parameter(s): 'messages' must be an array");
	}
	if (!Array.isArray(list) || list.length === 0)
		throw new ApiError(400, 3012, "Missed messages: 'messages' is empty");
	if (list.length > sb.options.maxBatchSize) {
		throw new ApiError(
			400,
			3013,
			`Too many messages: a batch can hold at most ${sb.options.maxBatchSize} messages, ${list.length} given`,
		);
	}
	const clientBatchId =
		body.clientBatchId === undefined || body.clientBatchId === null
			? undefined
			: String(body.clientBatchId);
	if (clientBatchId !== undefined && clientBatchId.length > 100) {
		throw new ApiError(400, 3014, 'Too long ClientBatchId: it can hold 100 characters');
	}
	const shared = isObject(body.template) ? body.template : null;
	const batch = {
		batchId: randomUUID(),
		clientBatchId,
		subAccountId: sub,
		umids: [],
		createdAt: timestamp(),
	};
	const results = [];
	let accepted = 0;
	let rejected = 0;
	for (const item of list) {
		let message = item;
		if (shared && isObject(item)) {
			message = { ...shared, ...item };
			if (isObject(shared.content) && isObject(item.content))
				message.content = { ...shared.content, ...item.content };
		}
		try {
			const validated = validateMessage(message, sb.templates);
			const record = accept(sb, sub, message, validated, batch);
			batch.umids.push(record.umid);
			accepted++;
			results.push({
				umid: record.umid,
				user: record.user,
				clientMessageId: record.clientMessageId,
				status: { ...record.status },
			});
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			rejected++;
			const user = isObject(message) && isObject(message.user) ? message.user : {};
			const echo = {};
			if (user.msisdn !== undefined) echo.msisdn = user.msisdn;
			if (user.channelUserId !== undefined) echo.channelUserId = user.channelUserId;
			results.push({
				umid: randomUUID(),
				user: echo,
				clientMessageId:
					isObject(message) && message.clientMessageId !== undefined
						? String(message.clientMessageId)
						: undefined,
				status: {
					state: 'rejected',
					timestamp: timestamp(),
					errorCode: error.code,
					errorMessage: error.message,
				},
			});
		}
	}
	sb.state.counters.rejected += rejected;
	sb.state.batches.set(batch.batchId, batch);
	const response = {
		batchId: batch.batchId,
		clientBatchId,
		acceptedCount: accepted,
		rejectedCount: rejected,
	};
	if (body.includeMessagesInResponse === true || body.includeMessagesInResponse === 'true')
		response.messages = results;
	return { status: 200, body: response };
}

const routes = [
	{
		method: 'POST',
		path: '/api/v1/subaccounts/:sub/messages',
		handle: (sb, { params, body }) => sendOne(sb, params.sub, body()),
	},
	{
		method: 'POST',
		path: '/api/v1/subaccounts/:sub/messages/batch',
		handle: (sb, { params, body }) => sendBatch(sb, params.sub, body()),
	},
];

module.exports = { routes, accept };
