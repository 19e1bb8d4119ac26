'use strict';
/**
 * Small pieces the e2e workflow builders share (plain CommonJS, no n8n imports).
 *
 *   stableId('seed', 16)       -> a 16-character [A-Za-z0-9] id (workflow / node ids n8n accepts)
 *   stableUuid('seed')         -> a UUID-shaped string derived from the seed (node ids, webhookIds)
 *   credentialRef(cred)        -> { eightByEightApi: { id, name } } for a node's `credentials`
 *   importable(wf)             -> the workflow JSON without the builders' helper fields
 *
 * Ids are derived from a seed (not random) so a kept n8n user folder (N8N_E2E_KEEP=1) shows the same
 * ids from run to run, and a failure message can name the webhook path before n8n started.
 */
const crypto = require('crypto');
const { SANDBOX_CREDENTIAL_ID, SANDBOX_CREDENTIAL_NAME, CREDENTIAL_TYPE } = require('../support');

function stableUuid(seed) {
	const hex = crypto.createHash('sha256').update(String(seed)).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function stableId(seed, length = 16) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.createHash('sha256').update(String(seed)).digest();
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

/** `credentials` of a node: the imported credential `cred` ({id, name}), default the sandbox one. */
function credentialRef(cred = {}) {
	return {
		[CREDENTIAL_TYPE]: {
			id: cred.id || SANDBOX_CREDENTIAL_ID,
			name: cred.name || SANDBOX_CREDENTIAL_NAME,
		},
	};
}

/** Workflow JSON for import: without the helper fields the builders add (webhookPath, outputs, …). */
function importable(wf) {
	const { webhookPath, triggerName, outputs, path, actionName, actionNames, ...json } = wf;
	return json;
}

module.exports = { stableId, stableUuid, credentialRef, importable };
