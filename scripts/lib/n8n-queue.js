'use strict';
/**
 * n8n in queue mode, headless, with this package installed: PostgreSQL + Redis (own processes on
 * loopback, scripts/lib/postgres.js and redis.js), then three n8n processes from the same pinned
 * install: main (`n8n start`), one worker (`n8n worker`) and one webhook processor (`n8n webhook`).
 *
 *   const { startQueue } = require('../../scripts/lib/n8n-queue');
 *   const q = await startQueue({
 *     version: 2,                          // 1 -> n8n 1.123.81, 2 -> 2.41.1
 *     credentials: [...], workflows: [...], activate: true,   // as startN8n (imported by the CLI on main)
 *     env: {...},                          // extra environment for all three
 *     mainEnv, workerEnv, webhookEnv,      // extra environment for one process
 *     workerConcurrency: 10,               // n8n worker --concurrency
 *     productionOnMain: false,             // default false: N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true, so
 *                                          // the webhook processor serves every production URL
 *     // quiet, echo, readyTimeoutMs, encryptionKey, packageDir, packageMode: as startN8n
 *   });
 *
 *   q.main / q.worker / q.webhook          N8nInstance objects (scripts/lib/n8n-instance.js): logText(),
 *                                          logTail(), pid(), kill9(), restart(), stop(), url
 *   q.processes                            [main, worker, webhook]
 *   q.url                                  the webhook processor's base URL (= WEBHOOK_URL of all three)
 *   q.webhookUrl(path) / q.postWebhook(path, body, headers, { method })   production calls, webhook processor
 *   q.readExecutions(id) / q.waitForExecutions(id, n, opts) / q.query(sql, params)   from Postgres
 *                                          (double-quote camelCase columns: "workflowId")
 *   q.restLogin() / q.rest(method, path, body)   main's REST API (owner set up on first call)
 *   q.logText()                            the three logs, each line prefixed with its process
 *   q.registeredWebhookPaths               webhook paths answering on the webhook processor at readiness
 *   q.pg / q.redis                         the servers ({ port, env(), ... })
 *   await q.stop()                         n8n processes, then Redis and Postgres; folders removed
 *                                          (kept after a failed start or with N8N_E2E_KEEP=1)
 *
 * Environment (see the README's "Queue mode"): the same N8N_ENCRYPTION_KEY everywhere (credentials are
 * decrypted by the worker and the webhook processor); WEBHOOK_URL = the webhook processor on ALL three
 * (a worker builds Send and Wait's resume URL, $execution.resumeUrl, from its own WEBHOOK_URL);
 * EXECUTIONS_MODE=queue, the DB_* and QUEUE_BULL_REDIS_* settings; a distinct N8N_RUNNERS_BROKER_PORT
 * per process (2.x task broker; the default 5679 would clash); the worker's health server
 * (QUEUE_HEALTH_CHECK_ACTIVE, a free QUEUE_HEALTH_CHECK_PORT: its default 5678 is n8n's port) is its
 * readiness probe; OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true (1.x warns without it).
 *
 * Start-up: Postgres and Redis (in parallel) -> credentials and workflows imported with the n8n CLI
 * (main's environment; the first CLI run migrates the database), then activated / published with the
 * UPDATE the CLI's activation commands run (activateInDb) -> the three processes booted in parallel;
 * main's start-up activation registers the webhooks (and runs create() for automatic registration). Ready when main logs "Editor is now accessible", the worker
 * "n8n worker is now ready" and answers /healthz/readiness, and the webhook processor logs "Webhook
 * listener waiting for requests." and answers the OPTIONS probe of every activated workflow's
 * webhooks (rows written by main's activation).
 * Each n8n process has its own user folder (<cache>/runs/q<major>-XXXXXX/<role>) with the package installed
 * the way startN8n installs it, as separate containers would. Everything runs under
 * scripts/lib/guard.js: nothing outlives this process, even when it is killed.
 */
const fs = require('fs');
const path = require('path');
const { cacheRoot, repoRoot, log, freePort, fmtSeconds } = require('./util');
const { ensureN8n } = require('./n8n-install');
const {
	N8nInstance,
	installPackage,
	n8nEnv,
	pruneOldRuns,
	isWebhookWorkflow,
	hasTrigger,
	DEFAULT_ENCRYPTION_KEY,
} = require('./n8n-instance');
const { startPostgres, findPostgres, missingMessage: pgMissing } = require('./postgres');
const { startRedis, findRedis, missingMessage: redisMissing } = require('./redis');
const { createPgReader } = require('./executions-pg');

const ROLES = {
	main: { args: () => ['start'], readyPattern: /Editor is now accessible via/ },
	worker: { args: (o) => ['worker', `--concurrency=${o.workerConcurrency}`], readyPattern: /n8n worker is now ready/ },
	webhook: { args: () => ['webhook'], readyPattern: /Webhook listener waiting for requests/ },
};

/** What queue mode needs that this machine lacks: [] or messages naming the piece and the install command. */
function queueRequirements() {
	const missing = [];
	if (!findPostgres()) missing.push(pgMissing());
	if (!findRedis()) missing.push(redisMissing());
	return missing;
}

const INSTALL_ALL = 'sudo apt-get update && sudo apt-get install -y postgresql redis-server';

/** Distinct free ports (freePort alone can return the same one twice before it is bound). */
async function distinctPorts(count, preferred = []) {
	const taken = new Set();
	const out = [];
	for (let i = 0; i < count; i++) {
		let p = await freePort(preferred[i]);
		while (taken.has(p)) p = await freePort();
		taken.add(p);
		out.push(p);
	}
	return out;
}

class QueueInstance {
	constructor(fields) {
		Object.assign(this, fields);
	}

	get processes() {
		return [this.main, this.worker, this.webhook];
	}

	get url() {
		return this.webhook.url;
	}

	get registeredWebhookPaths() {
		return this.webhook.registeredWebhookPaths || [];
	}

	webhookUrl(webhookPath) {
		return this.webhook.webhookUrl(webhookPath);
	}

	postWebhook(...args) {
		return this.webhook.postWebhook(...args);
	}

	query(sql, params) {
		return this.db.query(sql, params);
	}

	readExecutions(workflowId) {
		return this.db.readExecutions(workflowId);
	}

	async waitForExecutions(workflowId, n, opts) {
		// main's helper reads through the same db; a dead process in the topology is reported by name
		return this.main.waitForExecutions(workflowId, n, opts);
	}

	restLogin() {
		return this.main.restLogin();
	}

	rest(...args) {
		return this.main.rest(...args);
	}

	logText() {
		return this.processes
			.map((p) =>
				p
					.logText()
					.split('\n')
					.map((l) => `[${p.label}] ${l}`)
					.join('\n'),
			)
			.join('\n');
	}

	logTail(lines = 30) {
		return this.processes.map((p) => `--- ${p.name()} ---\n${p.logTail(lines)}`).join('\n');
	}

	loadProblems() {
		return this.processes.flatMap((p) => p.loadProblems().map((l) => `[${p.label}] ${l}`));
	}

	/** Where each piece runs, for people. */
	describe() {
		return [
			`main             ${this.main.url}   (editor, REST API, activation; production webhooks ${this.productionOnMain ? 'ALSO served here' : 'off: N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true'})`,
			`webhook process  ${this.webhook.url}   (WEBHOOK_URL: /webhook/* and /webhook-waiting/*)`,
			`worker           ${this.worker.url}/healthz   (runs the executions, concurrency ${this.workerConcurrency})`,
			`PostgreSQL       127.0.0.1:${this.pg.port}   db ${this.pg.database}, user ${this.pg.user} (data ${this.pg.dataDir})`,
			`Redis            127.0.0.1:${this.redis.port}`,
		];
	}

	async stop({ keepFolder = false } = {}) {
		if (this.stopping) return this.stopping;
		this.stopping = (async () => {
			const started = Date.now();
			await Promise.all(this.processes.filter(Boolean).map((p) => p.stop({ keepFolder: true }).catch(() => undefined)));
			if (this.db) await this.db.close();
			await Promise.all([this.redis && this.redis.stop(), this.pg && this.pg.stop()].filter(Boolean).map((p) => p.catch(() => undefined)));
			if (!keepFolder && !process.env.N8N_E2E_KEEP) fs.rmSync(this.runDir, { recursive: true, force: true });
			else log(`kept queue-mode folders ${this.runDir}`);
			if (!this.quiet) log(`queue mode (n8n ${this.n8nVersion}) stopped (${fmtSeconds(Date.now() - started)})`);
		})();
		return this.stopping;
	}
}

async function startQueue(options = {}) {
	const missing = queueRequirements();
	if (missing.length) throw new Error(`Queue mode needs PostgreSQL and Redis on this machine.\n  ${missing.join('\n  ')}\n  Both at once: ${INSTALL_ALL}`);
	const version = Number(options.version || process.env.N8N_E2E_VERSION || 2);
	const started = Date.now();
	const quiet = Boolean(options.quiet);
	const inst = await ensureN8n(version);
	const packageDir = options.packageDir || repoRoot;
	if (!fs.existsSync(path.join(packageDir, 'dist'))) throw new Error(`${packageDir}/dist is missing: run \`npm run build\` first`);
	const runsDir = path.join(cacheRoot(), 'runs');
	fs.mkdirSync(runsDir, { recursive: true });
	pruneOldRuns(runsDir);
	const runDir = fs.mkdtempSync(path.join(runsDir, `q${version}-`));
	const workerConcurrency = options.workerConcurrency || 10;
	const productionOnMain = Boolean(options.productionOnMain);
	const q = new QueueInstance({ version, n8nVersion: inst.version, runDir, workerConcurrency, productionOnMain, quiet });
	try {
		[q.pg, q.redis] = await Promise.all([startPostgres({ quiet }), startRedis({ quiet })]);
		const [mainPort, webhookPort, healthPort, ...brokerPorts] = await distinctPorts(6, [options.port, options.webhookPort]);
		const webhookBase = `http://127.0.0.1:${webhookPort}`;
		const encryptionKey = options.encryptionKey || DEFAULT_ENCRYPTION_KEY;
		q.db = createPgReader({ n8nDir: inst.dir, connection: q.pg.connection() });

		const make = (role, port, brokerPort, url, extra) => {
			const userFolder = path.join(runDir, role);
			fs.mkdirSync(userFolder, { recursive: true });
			const { missing: missingFiles } = installPackage(userFolder, packageDir, options.packageMode || 'copy');
			const env = n8nEnv({
				runtime: inst.runtime,
				userFolder,
				port,
				brokerPort,
				encryptionKey,
				ui: role === 'main' && Boolean(options.ui),
				version,
				extra: {
					...q.pg.env(),
					...q.redis.env(),
					EXECUTIONS_MODE: 'queue',
					WEBHOOK_URL: `${webhookBase}/`,
					N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
					OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
					EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
					...(options.env || {}),
					...(extra || {}),
				},
			});
			delete env.DB_SQLITE_POOL_SIZE;
			return new N8nInstance({
				version,
				n8nVersion: inst.version,
				n8nDir: inst.dir,
				bin: inst.bin,
				runtime: inst.runtime,
				userFolder,
				temporary: false, // the run folder is removed by q.stop()
				port,
				brokerPort,
				url,
				env,
				quiet,
				echo: Boolean(options.echo || process.env.N8N_E2E_ECHO),
				readyTimeoutMs: options.readyTimeoutMs || 240_000,
				webhookPaths: [],
				expectWebhooks: [],
				missingFiles,
				label: role,
				args: ROLES[role].args({ workerConcurrency }),
				readyPattern: ROLES[role].readyPattern,
				db: q.db,
			});
		};
		q.main = make('main', mainPort, brokerPorts[0], `http://127.0.0.1:${mainPort}`, {
			...(productionOnMain ? {} : { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' }),
			...(options.mainEnv || {}),
		});
		q.worker = make('worker', healthPort, brokerPorts[1], `http://127.0.0.1:${healthPort}`, {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			...(options.workerEnv || {}),
		});
		q.webhook = make('webhook', webhookPort, brokerPorts[2], webhookBase, options.webhookEnv);
		if (q.main.missingFiles.length && !quiet) log(`warning: registered in package.json but not built (n8n will not load them): ${q.main.missingFiles.join(', ')}`);

		const t0 = Date.now();
		const credentials = options.credentials || [];
		const workflows = options.workflows || [];
		await q.main.importData({ credentials, workflows, activate: false });
		const activate = options.activate === undefined ? true : options.activate;
		const activated = activate === true ? workflows.filter(hasTrigger).map((wf) => wf.id) : Array.isArray(activate) ? activate : [];
		await activateInDb(q.db, activated);
		if (!quiet) log(`n8n ${inst.version} queue mode: database migrated, imported ${credentials.length} credential(s), ${workflows.length} workflow(s), activated ${activated.length} (${fmtSeconds(Date.now() - t0)})`);
		const byId = new Map(workflows.map((wf) => [String(wf.id), wf]));
		q.webhook.expectWebhooks = (options.expectWebhooks || activated.filter((id) => isWebhookWorkflow(byId.get(String(id))))).map(String);
		q.webhook.webhookPaths = options.webhookPaths || [];
		// the worker's log line comes a moment before its health server answers
		const workerReady = q.worker.boot().then(() => waitHealthy(q.worker));
		await Promise.all([q.main.boot(), workerReady, q.webhook.boot()]);
		if (!quiet) log(`n8n ${inst.version} queue mode ready (${fmtSeconds(Date.now() - started)}): main ${q.main.url}, webhook processor ${q.webhook.url}, worker ${q.worker.url}`);
	} catch (err) {
		await q.stop({ keepFolder: true });
		throw err;
	}
	return q;
}

/**
 * Activate (1.x) / publish (2.x) imported workflows before n8n starts, with the one UPDATE the CLI
 * runs (1.x `update:workflow --active=true`: WorkflowRepository.updateActiveState; 2.x
 * `publish:workflow`: WorkflowRepository.publishVersion, which also checks that the version exists in
 * workflow_history): one query instead of one CLI boot per workflow (5-8 s each on 2 cores).
 */
async function activateInDb(db, ids) {
	if (!ids.length) return;
	const placeholders = ids.map(() => '?').join(', ');
	const rows = await db.query(
		`SELECT w.id, h."versionId" FROM workflow_entity w LEFT JOIN workflow_history h ON h."workflowId" = w.id AND h."versionId" = w."versionId" WHERE w.id IN (${placeholders})`,
		ids.map(String),
	);
	const found = new Map(rows.map((r) => [String(r.id), r.versionId]));
	const problems = ids.filter((id) => !found.get(String(id)));
	if (problems.length) throw new Error(`Cannot activate workflow(s) ${problems.join(', ')}: not imported, or no workflow_history row for their version`);
	await db.query(`UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id IN (${placeholders})`, ids.map(String));
}

async function waitHealthy(worker, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(`${worker.url}/healthz/readiness`);
			if (res.status === 200) return;
		} catch {
			/* not listening yet */
		}
		if (worker.exited) throw new Error(`${worker.name()} exited\n${worker.logTail(30)}`);
		if (Date.now() > deadline) throw new Error(`${worker.name()}: ${worker.url}/healthz/readiness did not answer 200 within ${fmtSeconds(timeoutMs)}\n${worker.logTail(30)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

module.exports = { startQueue, queueRequirements, INSTALL_ALL, waitHealthy };
