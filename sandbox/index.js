'use strict';
/**
 * Local 8x8 Chat Apps sandbox — dev tooling, not published with the package.
 * ===========================================================================
 * A small HTTP server (Node built-ins only) that answers like the parts of the 8x8 Chat Apps API the
 * n8n nodes use, so tests, benchmarks and a quick start need no 8x8 account.
 *
 * Start it
 *   npm run sandbox                       # free loopback port; prints base URL + credential values
 *   npm run sandbox -- --port 8088        # or SANDBOX_PORT=8088; see `node sandbox/cli.js --help`
 *   const { startSandbox } = require('./sandbox');
 *   const sb = await startSandbox({ receiptDelayMs: 0 });   // → { url, port, close(), state, … }
 *
 * n8n credential "8x8 Connect API": API Key `sandbox-api-key`, Sub-Account ID `SandboxSub`,
 * Account ID `SandboxAccount`, WhatsApp Channel ID `5a4db0c5-8e8e-4c1a-9b1d-0000000008a8`,
 * Region "Custom URL", Base URL = the printed URL. The key `sandbox-wrong-region-key` answers like a
 * key from another region (403, code 1201).
 *
 * Options (all optional)
 *   host '127.0.0.1' · port 0 (free port) · apiKey · wrongRegionKey · subAccountId · accountId ·
 *   channelId · channelName · businessAccountId
 *   receipts true          play delivery receipts for accepted messages (false: status stays queued)
 *   receiptDelayMs 150     pause before each receipt (0 allowed)
 *   receiptRetryDelaysMs [50,200,500]  webhook retry pauses after a non-2xx / connection error
 *                          (8x8 itself retries after 1, 10, 30, 90 s)
 *   webhookTimeoutMs 5000  a webhook call slower than this counts as failed
 *   autoApproveMs null     new templates stay PENDING; a number → APPROVED after that many ms
 *                          (names starting with `reject_` → REJECTED) + a CABM template_status_update
 *   recordBodies true      keep request / message bodies in the logs (false for benchmarks)
 *   maxBatchSize 1000 · maxRequestLog 2000 · maxDeliveryLog 10000 · maxMessages 200000 (bounded logs)
 *   templates              replace the seed templates (list shape, see lib/templates.js)
 *   logger                 silent by default; a function(line), an object with info()/log(), or true (console)
 *
 * API routes (Bearer key required on every /api route) → the file that serves them
 *   POST   /api/v1/subaccounts/{sub}/messages                 routes/messages.js        send (validation with 8x8 codes)
 *   POST   /api/v1/subaccounts/{sub}/messages/batch           routes/messages.js        batch (≤ maxBatchSize; per-message rejections)
 *   GET    /api/v1/subaccounts/{sub}/messages/{umid}          routes/messageDetails.js  message details (404/1300 when unknown)
 *   DELETE /api/v1/subaccounts/{sub}/messages/{umid}          routes/messageDetails.js  cancel a scheduled message
 *   DELETE /api/v1/subaccounts/{sub}/messages/batch/{batchId} routes/messageDetails.js  cancel the scheduled messages of a batch
 *   POST   /api/v1/subaccounts/{sub}/messages/{umid}/read     routes/messageDetails.js  mark read (200)
 *   POST   /api/v1/subaccounts/{sub}/events                   routes/messageDetails.js  typing indicator (200)
 *   GET|POST /api/v1/accounts/{acc}/channels/{ch}/templates   routes/templates.js       list / create (create → PENDING)
 *   DELETE /api/v1/accounts/{acc}/channels/{ch}/templates/{name}  routes/templates.js   delete every language of a name
 *   GET|POST|DELETE /api/v1/accounts/{acc}/webhooks           routes/webhooks.js        webhook config (create-or-replace)
 *   GET    /files/{name}                                      routes/files.js           a 1×1 PNG (no auth), for sample media
 *   /__sandbox/*                                              routes/control.js         control API, below
 * Around them: server.js (auth, faults, request log, lifecycle, the in-process API), router.js
 * (route table; {sub}/{acc}/{ch} checks), faults.js, inbound.js (MSG webhook), cabmEvents.js (CABM
 * webhook), receipts/ (outcomes.js by last digit, sequences.js, envelope.js, player.js → webhooks),
 * lib/ (constants, validation, template store, webhook caller, utilities).
 *
 * Error choices (every error body is {code, message, errorId, timestamp})
 *   no / wrong key → 401 code 1200 · wrongRegionKey → 403 code 1201 · unknown sub-account → 400 code 1001
 *   unknown accountId → 403 code 1201 "Access forbidden: account 'X' is not accessible with this API key"
 *     (authenticated but not allowed; the message text differs from the wrong-region one)
 *   unknown channelId on template routes → 404 code 1300 · unknown route → 404 code 2001
 *   invalid JSON → 400 code 1000 · umid that is not a UUID → 400 code 1000 "Invalid umid."
 *   template send: unknown name+language, or a template that is PENDING / REJECTED / DISABLED →
 *     400 code 3038 (the message names the status); a PAUSED template is ACCEPTED and then fails
 *     asynchronously: undelivered 1035 "Template paused" / Meta 132015 (that is what 8x8's async code is for)
 *   template create: duplicate name+language → 400 code 3032; a name deleted within 30 days → 409 code 3060;
 *     media header without example → 400 code 3032; bad name chars → 3032; name length → 3031;
 *     language → 3036/3037; category → 1005; components → 3034/3039; buttons → 3049
 *   cancel a message that is not (or no longer) scheduled → 400 code 1000; unknown umid → 404 code 1300
 *   batch: messages missing/empty → 3012, > maxBatchSize → 3013, clientBatchId > 100 → 3014; per-message
 *     rejections come back in the 200 as status.state "rejected" + errorCode/errorMessage. The
 *     `messages` array is included only when includeMessagesInResponse is true (OAS default false);
 *     otherwise the answer is {batchId, clientBatchId, acceptedCount, rejectedCount}.
 *   template parameter checks: 3040 no parameters at all, 3041 wrong count (message names the component,
 *     expected and given count), 3042 wrong parameter type, 3043 text > 1024, 3044 location header
 *     without lat/long, 3045 parameter where none is allowed, 3046 media URL, 3049 coupon/button
 *     parameter, 3052 button subType, 3053 button index. Named templates accept `parameter_name`.
 *
 * Delivery receipts (v9, POSTed to the message's dlrCallbackUrl, else the CADR webhook of the
 * sub-account, else the `*` one; Authorization = that webhook's httpAuthorization, or an OAuth2
 * client-credentials token when it has an `oauth` block):
 *   read:        queued → sent → delivered (delivered_to_recipient) → read
 *   delivered:   queued → sent → delivered
 *   undelivered: queued → undelivered (detail rejected_by_operator, errorCode, errorMessage,
 *                whatsapp.providerErrorCode)
 * Every attempt (including retries) is recorded in state.webhookDeliveries / GET /__sandbox/webhook-deliveries.
 *
 * OUTCOMES_BY_LAST_DIGIT — last digit of the recipient msisdn (or BSUID) decides the outcome:
 *   digit | outcome                                                  | errorCode / Meta code
 *   ------+----------------------------------------------------------+----------------------
 *     0   | delivered, then read                                     |
 *     1   | undelivered "Message rejected" (undeliverable)           | 1018 / 131026
 *     2   | undelivered "Message window expired" — session messages  | 1022 / 131047
 *         | only; templates to numbers ending in 2 are delivered+read |
 *     3   | undelivered "Message suppressed" (Meta chose not to)     | 1024 / 131049
 *     4   | undelivered "Template paused" — template messages only;  | 1035 / 132015
 *         | session messages are delivered+read                      |
 *     5   | undelivered "Throughput exceeded"                        | 1009 / 130429
 *     6   | delivered, never read                                    |
 *   7,8,9 | delivered, then read                                     |
 *   Any message using a PAUSED template (seed `spring_sale`) → undelivered 1035 / 132015.
 *   errorMessage is the "Possible reason" column of 8x8's delivery-error-codes page.
 *
 * Control API (no auth) under /__sandbox/
 *   GET  health · GET config (credential values)
 *   GET  messages[?clientMessageId=&msisdn=&batchId=]  every accepted message {umid, clientMessageId, body, receivedAt, status, …}
 *   GET  requests[?method=&path=&limit=]               request log (bounded)
 *   GET  webhook-deliveries[?kind=&umid=&state=]       every receipt / inbound / event POST attempt {url, status, headers, body}
 *   POST faults  {match:{method?, path?}, count?, status?, retryAfter?, code?, message?, body?,
 *                 delayMs?, reset?, afterAccept?}  (or an array; GET faults lists, DELETE faults clears)
 *        · {status:429, retryAfter:1, count:2}  answers 429 + Retry-After, nothing is processed
 *        · {status:503}                          answers 503, nothing is processed
 *        · {delayMs:3000}                        processed normally, answered 3 s late
 *        · {reset:true}                          processed (a send is accepted and queued), then the
 *                                                socket is destroyed without an answer
 *        · {status:500, afterAccept:true}        processed (accepted), answered 500 / code 2000
 *        `path` is exact or a glob (`*` = within a segment, `**` = anything); no match = every /api request.
 *   POST inbound  partial v3 inbound payload (+ url?, authorization?, wait?) → posted to the MSG webhook or url
 *   POST event    any raw body → posted to the CABM webhook; to another target with ?url=…, a `url`
 *                 field in the body (removed before posting), or the wrapper {url, authorization?, body}
 *   POST template-status {name, language?, status, reason?}  change a template's status + CABM event
 *   GET  idle[?timeoutMs=]   answers once no receipt chain is pending
 *   POST reset  {keepWebhooks?, keepTemplates?}
 *
 * In-process API (returned by startSandbox): url, port, host, options, credentials, state,
 *   injectFault(), clearFaults(), sendInbound(), postEvent(), setTemplateStatus(), reset(), whenIdle(),
 *   outcomeFor(), close(). See index.d.ts.
 *
 * Throughput: per request work is one JSON.parse, validation, a UUID and an array push; logs are
 * bounded; no synchronous logging unless a logger is given. For load tests use
 * {receipts:false, recordBodies:false}.
 */
const { startSandbox } = require('./server');
const { OUTCOMES_BY_LAST_DIGIT, DEFAULTS } = require('./lib/constants');
const { SEED_TEMPLATES } = require('./lib/templates');

module.exports = {
	startSandbox,
	OUTCOMES_BY_LAST_DIGIT,
	DEFAULTS,
	SEED_TEMPLATES,
	ZERO_UMID: '00000000-0000-0000-0000-000000000000',
};
