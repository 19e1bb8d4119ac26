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
 *   receiptVersion 9       receipt body format: 9 (latest) or 8
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
 * API routes (Bearer key required on every /api route), each with the file that serves it
 *   POST   /api/v1/subaccounts/{sub}/messages                       routes/messages.js
 *            send (validation with 8x8 codes)
 *   POST   /api/v1/subaccounts/{sub}/messages/batch                 routes/messages.js
 *            batch (≤ maxBatchSize; per-message rejections)
 *   GET    /api/v1/subaccounts/{sub}/messages/{umid}                routes/messageDetails.js
 *            message details (404/1300 when unknown)
 *   DELETE /api/v1/subaccounts/{sub}/messages/{umid}                routes/messageDetails.js
 *            cancel a scheduled message
 *   DELETE /api/v1/subaccounts/{sub}/messages/batch/{batchId}       routes/messageDetails.js
 *            cancel the scheduled messages of a batch
 *   POST   /api/v1/subaccounts/{sub}/messages/{umid}/read           routes/messageDetails.js
 *            mark read (200)
 *   POST   /api/v1/subaccounts/{sub}/events                         routes/messageDetails.js
 *            typing indicator (200)
 *   GET    /api/v1/accounts/{account}/channels/{channel}/templates  routes/templates.js
 *   POST   /api/v1/accounts/{account}/channels/{channel}/templates  routes/templates.js
 *            list / create (create → PENDING)
 *   DELETE /api/v1/accounts/{account}/channels/{channel}/templates/{name}  routes/templates.js
 *            delete every language of a name
 *   GET    /api/v1/accounts/{account}/webhooks                      routes/webhooks.js
 *   POST   /api/v1/accounts/{account}/webhooks                      routes/webhooks.js
 *   DELETE /api/v1/accounts/{account}/webhooks                      routes/webhooks.js
 *            webhook config (create-or-replace by type + subAccountId)
 *   GET    /files/{name}                                            routes/files.js
 *            no auth: real small media files for inbound media (sample-image.jpg, sample-video.mp4,
 *            sample-audio.ogg, sample-document.pdf, from sandbox/media/), a 1×1 PNG for any other
 *            name; ?token=expired → 403 (an expired pre-signed URL), ?delayMs=N → answered late
 *   /__sandbox/*                                                    routes/control.js
 *            the control API, below
 * Around them: server.js (auth, faults, request log, lifecycle, the in-process API), router.js
 * (route table; {sub}/{account}/{channel} checks, setRefusals), faults.js, inbound.js (MSG
 * webhook), cabmEvents.js (CABM webhook), userEvents.js (BSUID user events, Business App echoes), receipts/ (outcomes.js: the last-digit table; steps.js:
 * explicit sequences; envelope.js: v9 / v8 bodies; player.js: posting them; errorTexts.js: 8x8's
 * error tables), lib/ (constants, validation, template store, webhook caller, utilities).
 *
 * Error choices (every error body is {code, message, errorId, timestamp})
 *   no / wrong key → 401 code 1200 · wrongRegionKey → 403 code 1201 · unknown sub-account → 400 code 1001
 *   unknown accountId (templates and webhooks routes) → 403 code 1201 "Access forbidden: account 'X'
 *     is not accessible with this API key" (authenticated but not allowed; the text differs from the
 *     wrong-region one) · unknown channelId on template routes → 404 code 1300 · account is checked
 *     before channel. The OpenAPI documents neither answer (templates: 200/401/500, webhooks:
 *     200/400/401/500); both follow api-error-codes.md. POST /__sandbox/refusals changes them.
 *   unknown route → 404 code 2001
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
 * Delivery receipts (v9 by default, option receiptVersion 8; POSTed to the message's dlrCallbackUrl,
 * else the CADR webhook of the sub-account, else the `*` one; Authorization = that webhook's
 * httpAuthorization, or an OAuth2 client-credentials token when it has an `oauth` block).
 * States and details as 8x8 documents them (receipts/outcomes.js says where the docs leave it open):
 *   queued                              accepted; no channelUserId (when sent to a phone number)
 *   delivered + delivered_to_operator   handed to WhatsApp, NOT on the phone; no channelUserId
 *   sent                                sent to the operator; whatsapp.pricingCategory
 *   delivered + delivered_to_recipient  on the phone; user.channelUserId (BSUID), pricingCategory,
 *                                       v9 outboundContent (a copy of what was sent)
 *   read                                channelUserId, pricingCategory
 *   undelivered + undelivered_to_recipient | rejected_by_operator  errorCode, errorMessage (8x8's
 *                                       "Possible reason"), whatsapp.providerErrorCode (Meta's code)
 *   rejected                            rejected by 8x8: errorCode from the API table (e.g. 3038)
 * Sent to a BSUID only: every receipt carries that channelUserId. v8: no `version`, channelUserId =
 * the phone number on every receipt, no outboundContent.
 * Every attempt (including retries) is recorded in state.webhookDeliveries / GET /__sandbox/webhook-deliveries.
 *
 * OUTCOMES_BY_LAST_DIGIT (receipts/outcomes.js): the last digit of the recipient msisdn (or BSUID)
 * picks the sequence. "hop" = delivered + delivered_to_operator, "phone" = delivered +
 * delivered_to_recipient.
 *   0, 9 | queued → hop → phone → read
 *   1    | queued → hop → undelivered (undelivered_to_recipient) 1018 "Message rejected" / Meta 131026
 *   2    | session messages: queued → hop → undelivered (rejected_by_operator) 1022 / 131047
 *        |   (24 h window expired); templates: as 0
 *   3    | queued → hop → undelivered (rejected_by_operator) 1024 / 131049 (Meta chose not to deliver)
 *   4    | templates: queued → undelivered (rejected_by_operator) 1035 / 132015 (template paused);
 *        |   session messages: as 0
 *   5    | queued → undelivered (rejected_by_operator) 1009 / 130429 (throughput exceeded)
 *   6    | queued → hop → phone (delivered, never read)
 *   7    | queued → sent → phone → read (no operator receipt)
 *   8    | templates: queued → rejected 3038 "Template not found for provided name and language";
 *        |   session messages: as 0
 *   Any message using a PAUSED template (seed `spring_sale`) → as 4, whatever the number.
 *
 * Control API (no auth) under /__sandbox/ (routes/control.js)
 *   GET  health · GET config (credential values, the digit table, receiptVersion, refusals)
 *   GET  messages[?clientMessageId=&msisdn=&batchId=]  every accepted message {umid, clientMessageId, body, receivedAt, status, …}
 *   GET  requests[?method=&path=&limit=]               request log (bounded)
 *   GET  webhook-deliveries[?kind=&umid=&state=&detail=]  every receipt / inbound / event POST attempt {url, status, headers, body}
 *   POST receipts  {umid, sequence:[{state, detail?, errorCode?, errorMessage?, providerErrorCode?,
 *                  pricingCategory?, channelUserId?, delayMs?}], url?, authorization?, delayMs?,
 *                  version?, wait?}  play this sequence for an accepted message now, to `url` (with
 *                  `authorization`), else its dlrCallbackUrl, else its CADR webhook; its automatic
 *                  receipts stop. Only documented states / details / pairs; errorCode only on
 *                  undelivered / rejected; a known code fills errorMessage (and Meta's
 *                  providerErrorCode for undelivered); null leaves a field out. Answers 200 with
 *                  what was posted (wait:false → 202 at once); unknown umid → 404 / 1300.
 *   POST receipt-scripts  {match:{msisdn?, channelUserId?, clientMessageId?}, sequence, count?, url?,
 *                  authorization?, delayMs?, version?}  the next `count` (1) accepted messages that
 *                  match play this sequence instead of their digit's (also with receipts:false).
 *                  GET receipt-scripts lists them, DELETE receipt-scripts clears them.
 *   POST faults  {match:{method?, path?}, count?, status?, retryAfter?, code?, message?, body?,
 *                 contentType?, html?, headers?, delayMs?, reset?, afterAccept?}  (or an array;
 *                 GET faults lists, DELETE faults clears)
 *        · {status:429, retryAfter:1, count:2}  answers 429 + Retry-After, nothing is processed
 *        · {status:503}                          answers 503, nothing is processed
 *        · {status:502, html:true}               a gateway's HTML page (text/html), not 8x8 JSON
 *        · {status:401, body:'<h1>Denied</h1>', contentType:'text/html'}  any non-JSON body, any
 *                                                status (a string body is text/plain by default)
 *        · {delayMs:3000}                        processed normally, answered 3 s late
 *        · {reset:true}                          processed (a send is accepted and queued), then the
 *                                                socket is destroyed without an answer
 *        · {status:500, afterAccept:true}        processed (accepted), answered 500 / code 2000
 *        `path` is exact or a glob (`*` = within a segment, `**` = anything); no match = every /api request.
 *   POST refusals {account?: {status, code, message?} | null, channel?: …}  how an unknown account
 *                 (templates + webhooks) / channel (templates) is answered; null = default
 *                 (403/1201, 404/1300). GET refusals shows them; reset restores the defaults.
 *   POST inbound  partial v3 inbound payload (+ url?, authorization?, wait?) → posted to the MSG webhook or url
 *   POST event    any raw body → posted to the CABM webhook; to another target with ?url=…, a `url`
 *                 field in the body (removed before posting), or the wrapper {url, authorization?, body}
 *   POST user-event {eventType: whatsapp_preference | whatsapp_contact | whatsapp_user_id_update,
 *                 user?, value?, cards?, newChannelUserId?, url?}  built in 8x8's documented shape
 *                 (userEvents.js) → the CABM webhook
 *   POST business-app-message {user?, type?, content?, text?, url?}  a v9 external_app_message → the
 *                 CADR webhook
 *   POST template-status {name, language?, status, reason?}  change a template's status + CABM event
 *   GET  idle[?timeoutMs=]   answers once no receipt chain is pending
 *   POST reset  {keepWebhooks?, keepTemplates?}  (also clears faults, receipt scripts, refusals)
 *
 * In-process API (returned by startSandbox): url, port, host, options, credentials, state,
 *   injectFault(), clearFaults(), playReceipts() (= POST receipts), scriptReceipts(),
 *   clearReceiptScripts(), setRefusals(), sendInbound(), postEvent(), postUserEvent(),
 *   postBusinessAppMessage(), setTemplateStatus(), reset(),
 *   whenIdle(), outcomeFor(), messages(), webhookDeliveries(), close(). See index.d.ts.
 *
 * Throughput: per request work is one JSON.parse, validation, a UUID and an array push; logs are
 * bounded; no synchronous logging unless a logger is given. For load tests use
 * {receipts:false, recordBodies:false}.
 */
const { startSandbox } = require('./server');
const { DEFAULTS } = require('./lib/constants');
const { OUTCOMES_BY_LAST_DIGIT } = require('./receipts/outcomes');
const { SEED_TEMPLATES } = require('./lib/templates');

module.exports = {
	startSandbox,
	OUTCOMES_BY_LAST_DIGIT,
	DEFAULTS,
	SEED_TEMPLATES,
	ZERO_UMID: '00000000-0000-0000-0000-000000000000',
};
