'use strict';
/**
 * One message after sending (transport: messagePath, batchPath, eventsPath):
 *   GET    /api/v1/subaccounts/{sub}/messages/{umid}           details (404/1300 when unknown)
 *   DELETE /api/v1/subaccounts/{sub}/messages/{umid}           cancel a scheduled message
 *   DELETE /api/v1/subaccounts/{sub}/messages/batch/{batchId}  cancel the scheduled messages of a batch
 *   POST   /api/v1/subaccounts/{sub}/messages/{umid}/read      mark an inbound message read
 *   POST   /api/v1/subaccounts/{sub}/events                    typing indicator
 */
const { ApiError, isObject, isUuid, pushBounded, maskMsisdn, timestamp } = require('../lib/util');
const { countryOf } = require('../lib/identity');

function capitalize(text) {
	return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function details(sb, sub, umid) {
	if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
	const record = sb.state.messagesByUmid.get(umid) || sb.state.inboundByUmid.get(umid);
	if (!record || record.subAccountId !== sub)
		throw new ApiError(404, 1300, "Object wasn't found or is already expired");
	const user = {};
	if (record.user.msisdn) user.msisdn = maskMsisdn(record.user.msisdn);
	if (record.user.channelUserId) user.channelUserId = record.user.channelUserId;
	const item = {
		umid: record.umid,
		subAccountId: record.subAccountId,
		channel: 'whatsapp',
		channelId: sb.options.channelId,
		direction: record.direction,
		status: { ...record.status },
		contentType: capitalize(record.type),
		createdAt: record.receivedAt,
		step: 1,
		country: countryOf(record.user.msisdn),
		user,
		content: '**MASKED**',
		clientMessageId: record.clientMessageId,
		clientBatchId: record.clientBatchId,
		batchId: record.batchId,
	};
	return { status: 200, body: { data: [item] } };
}

function isCancellable(record) {
	return (
		!!record.scheduled &&
		!record.cancelled &&
		!record.started &&
		Date.parse(record.scheduled) > Date.now()
	);
}

function cancelRecord(sb, record) {
	record.cancelled = true;
	record.status = { state: 'cancelled', timestamp: timestamp() };
	if (record.timer) sb.receiptTimers.cancel(record.timer);
	if (record.wake) record.wake();
}

function cancelMessage(sb, sub, umid) {
	if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
	const record = sb.state.messagesByUmid.get(umid);
	if (!record || record.subAccountId !== sub) throw new ApiError(404, 1300, 'Message not found.');
	if (!isCancellable(record)) {
		throw new ApiError(
			400,
			1000,
			'Message cannot be cancelled: it is not scheduled or was already sent',
		);
	}
	cancelRecord(sb, record);
	return { status: 200, body: { cancelledCount: 1 } };
}

function cancelBatch(sb, sub, batchId) {
	const batch = sb.state.batches.get(batchId);
	if (!batch || batch.subAccountId !== sub) throw new ApiError(404, 1300, 'Batch not found.');
	let cancelled = 0;
	for (const umid of batch.umids) {
		const record = sb.state.messagesByUmid.get(umid);
		if (record && isCancellable(record)) {
			cancelRecord(sb, record);
			cancelled++;
		}
	}
	return { status: 200, body: { cancelledCount: cancelled } };
}

function markRead(sb, sub, umid) {
	if (!isUuid(umid)) throw new ApiError(400, 1000, 'Invalid umid.');
	pushBounded(
		sb.state.reads,
		{ subAccountId: sub, umid, at: timestamp() },
		sb.options.maxRequestLog,
	);
	const inbound = sb.state.inboundByUmid.get(umid);
	if (inbound) inbound.status = { state: 'read', timestamp: timestamp() };
	return { status: 200 };
}

function typing(sb, sub, body) {
	if (!isObject(body))
		throw new ApiError(400, 1000, 'Invalid parameter: the request body must be a JSON object');
	const channel = String(body.channel || '').toLowerCase();
	if (channel !== 'whatsapp' && channel !== 'rcs')
		throw new ApiError(400, 1005, "Invalid parameter(s): 'channel' must be whatsapp or rcs");
	if (String(body.type || '').toLowerCase() !== 'typing')
		throw new ApiError(400, 1005, "Invalid parameter(s): 'type' must be typing");
	if (body.umid === undefined || body.umid === null || body.umid === '')
		throw new ApiError(400, 3029, "Missed UMID: 'umid' is required");
	if (!isUuid(body.umid)) throw new ApiError(400, 1000, 'Invalid umid.');
	pushBounded(
		sb.state.events,
		{ subAccountId: sub, ...body, at: timestamp() },
		sb.options.maxRequestLog,
	);
	return { status: 200 };
}

const routes = [
	{
		method: 'DELETE',
		path: '/api/v1/subaccounts/:sub/messages/batch/:batchId',
		handle: (sb, { params }) => cancelBatch(sb, params.sub, params.batchId),
	},
	{
		method: 'GET',
		path: '/api/v1/subaccounts/:sub/messages/:umid',
		handle: (sb, { params }) => details(sb, params.sub, params.umid),
	},
	{
		method: 'DELETE',
		path: '/api/v1/subaccounts/:sub/messages/:umid',
		handle: (sb, { params }) => cancelMessage(sb, params.sub, params.umid),
	},
	{
		method: 'POST',
		path: '/api/v1/subaccounts/:sub/messages/:umid/read',
		handle: (sb, { params }) => markRead(sb, params.sub, params.umid),
	},
	{
		method: 'POST',
		path: '/api/v1/subaccounts/:sub/events',
		handle: (sb, { params, body }) => typing(sb, params.sub, body()),
	},
];

module.exports = { routes };
