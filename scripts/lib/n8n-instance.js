'use strict';
/**
 * Boot a real n8n (1.x or 2.x) headlessly with this package loaded, and drive it.
 *
 *   const { startN8n } = require('../../scripts/lib/n8n-instance');
 *   const n8n = await startN8n({
 *     version: 1,                       // 1 -> n8n 1.123.81, 2 -> n8n 2.41.1 (installed on first use)
 *     credentials: [{ id: 'e2eCred000000001', name: '8x8 e2e', type: 'eightByEightApi', data: {...} }],
 *     workflows: [workflowJson, ...],   // each with an explicit "id"; imported via the CLI before start
 *     activate: true,                   // true (default): every imported workflow that has a trigger,
 *                                       // false: none, or an array of workflow ids
 *     webhookPaths: ['my-path'],        // optional extra readiness probes (/webhook/<path>); the paths of
 *                                       // activated workflows are also found in the DB (webhook_entity)
 *     env: { N8N_LOG_LEVEL: 'debug' },  // optional extra environment for n8n
 *     expectWebhooks: ['wfId'],         // optional: workflows whose webhooks must be live before "ready"
 *                                       // (default: activated workflows with a node that has a webhookId)
 *     // rarely needed: userFolder (persistent folder; default: a fresh one per instance, deleted on stop
 *     // unless N8N_E2E_KEEP=1), port (preferred), ui (default false = N8N_DISABLE_UI), packageDir,
 *     // encryptionKey, readyTimeoutMs (default 180 s), packageMode ('copy' default | 'symlink'), quiet
 *   });
 *
 *   n8n.url                                  'http://127.0.0.1:<port>'
 *   n8n.version / n8n.n8nVersion            1 | 2 / '1.123.81'
 *   n8n.webhookUrl(path)                     `${url}/webhook/${path}` (production URL)
 *   n8n.registeredWebhookPaths               webhook paths live at readiness, e.g. ['<webhookId>/webhook']
 *                                            (a node without isFullPath gets /webhook/<webhookId>/<path>)
 *   n8n.userFolder / n8n.dbFile              the instance's N8N_USER_FOLDER and its database.sqlite
 *   await n8n.postWebhook(path, body, headers, { method = 'POST' })
 *                                            -> { status, headers, text, body (parsed JSON or text) }
 *                                            body: object/array -> JSON (content-type set); a string or
 *                                            Buffer is sent as is (set content-type yourself)
 *   await n8n.readExecutions(workflowId)     -> [{ id, status, mode, finished, error, lastNodeExecuted,
 *                                                 nodes: { [name]: { outputs: [[json...], ...], error, runs } },
 *                                                 data }]   (SQLite, ordered by id; see executions.js)
 *   await n8n.waitForExecutions(workflowId, n, { timeoutMs = 20000, finished = true })
 *                                            -> the executions once at least n exist (and are finished)
 *   await n8n.restLogin()                    owner set up on first call (owner@example.com / OWNER_PASSWORD),
 *                                            logged in afterwards; keeps the n8n-auth cookie
 *   await n8n.rest(method, path, body)       -> { status, body } on /rest/<path> with the cookie
 *   await n8n.credentialTest(id, data?)      POST /rest/credentials/test for stored credential `id`; `data`
 *                                            (optional) replaces the stored fields for this test only
 *                                            -> { status: 'OK' | 'Error', message }
 *   await n8n.credentialTypeKnown(type)      -> true if n8n has loaded that credential type
 *   await n8n.nodeTypes(names)               -> descriptions of the given node types (throws if unknown)
 *   await n8n.query(sql, params)            read-only SQL on n8n's SQLite DB (webhook_entity, workflow_entity, ...)
 *   n8n.logText() / n8n.logTail(lines=60)    everything n8n printed (also in <userFolder>/n8n.log)
 *   n8n.loadProblems()                       log lines about package/node load failures
 *   await n8n.stop()                         SIGTERM, wait, SIGKILL fallback (whole process group)
 *   n8n.pid()                                pid of the n8n process itself (the guard's child)
 *   await n8n.kill9()                        SIGKILL to n8n itself, as a crash would (the guard then
 *                                            ends its task runner); resolves once it is gone
 *   await n8n.restart()                      boot again with the same folder, ports and environment
 *                                            (readiness as at the first start, judged on the new log only)
 *
 * How it works: n8n runs on Node 24 (scripts/lib/node24.js) from the cached install
 * (scripts/lib/n8n-install.js) with SQLite (WAL, pool 2), all outbound "phone home" features off, free
 * ports for n8n and the task-runner broker, and listens on 127.0.0.1 only. The package is installed the
 * way n8n installs a community package: <userFolder>/.n8n/nodes/node_modules/n8n-nodes-8x8-whatsapp holds
 * package.json (without dev/peer dependencies) and a copy of dist/, so `n8n-workflow` and `zod` resolve to
 * n8n's own copies, as after an install from the UI (packageMode 'symlink' links the repo root instead,
 * which makes them resolve to the repo's devDependencies). Node types are therefore
 * `n8n-nodes-8x8-whatsapp.<name>`; the credential type is `eightByEightApi`.
 * Credentials and workflows are imported with the n8n CLI before start, then activated
 * (1.x: update:workflow --active=true, 2.x: publish:workflow --id=<id> each). Readiness = the
 * "Editor is now accessible" log line + every webhook of the activated workflows answering an OPTIONS
 * probe (204), failing fast on "Unrecognized node type", activation errors or an exit, with the log tail.
 * n8n is started through scripts/lib/guard.js, which stops it if this process dies.
 * Reading executions needs node:sqlite (Node >= 22.13); on an older Node (e.g. `npm start` on Node 20)
 * the reader runs in a child process on the Node 24 runtime.
 * Queue mode (scripts/lib/n8n-queue.js) reuses this class for its main, worker and webhook processes:
 * `args` (default ['start']), `readyPattern`, `label` and `db` (a Postgres reader used by query() and
 * readExecutions() instead of the SQLite file) are the fields it sets.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { cacheRoot, repoRoot, log, run, freePort, fmtSeconds, childPid } = require('./util');
const { ensureN8n } = require('./n8n-install');
const { runtimeEnv } = require('./node24');
const executions = require('./executions');

const PACKAGE_NAME = 'n8n-nodes-8x8-whatsapp';
const OWNER_EMAIL = 'owner@example.com';
const OWNER_PASSWORD = 'Sandbox8x8pass';
const BROWSER_ID = 'n8n-nodes-8x8-whatsapp-e2e-browser';
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-8x8-whatsapp-local-encryption-key';

const FATAL_LOG_PATTERNS = [
	/Unrecognized node type/i,
	/Mismatching encryption keys/i,
	/There was an error initializing DB/i,
	/EADDRINUSE/,
];
const LOAD_PROBLEM_PATTERNS = [/Unrecognized node type/i, /Cannot find module/i, /error.*(loading|load) (package|node|credential)/i, /Failed to load/i, /couldn't be loaded/i, /could not be loaded/i];
const ACTIVATION_ERROR_PATTERNS = [
	/Issue on initial workflow activation try/i,
	/Unable to activate workflow/i,
	/Problem activating workflow/i,
	/Workflow could not be activated/i,
	/could not be (activated|published)/i,
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function hasTrigger(workflow) {
	return (workflow.nodes || []).some((node) => {
		const type = String(node.type || '');
		if (/manualTrigger$|executeWorkflowTrigger$|errorTrigger$|stickyNote$/i.test(type)) return false;
		return /trigger$/i.test(type) || /\.webhook$/i.test(type) || /\.formTrigger$/i.test(type);
	});
}

function stripPackageJson(pkg) {
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...rest } = pkg;
	return rest;
}

/** Install the package into <userFolder>/.n8n/nodes the way n8n's community-package installer leaves it. */
function installPackage(userFolder, packageDir, mode) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	if (mode === 'symlink') {
		fs.symlinkSync(packageDir, target, 'dir');
	} else {
		fs.mkdirSync(target, { recursive: true });
		fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(stripPackageJson(pkg), null, 2)}\n`);
		fs.cpSync(path.join(packageDir, 'dist'), path.join(target, 'dist'), {
			recursive: true,
			filter: (src) => !/\.tsbuildinfo$/.test(src),
		});
		for (const extra of ['README.md', 'LICENSE', 'LICENSE.md']) {
			if (fs.existsSync(path.join(packageDir, extra))) fs.copyFileSync(path.join(packageDir, extra), path.join(target, extra));
		}
		// n8n would `npm install` runtime dependencies (none today); approximate with the repo's node_modules
		if (Object.keys(pkg.dependencies || {}).length && fs.existsSync(path.join(packageDir, 'node_modules'))) {
			fs.symlinkSync(path.join(packageDir, 'node_modules'), path.join(target, 'node_modules'), 'dir');
		}
	}
	// n8n's own nodes/package.json, as after a UI install (lists the package as a dependency)
	const nodesPkg = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(fs.readFileSync(nodesPkg, 'utf8'));
		manifest.dependencies = manifest.dependencies || {};
	} catch {
		/* new */
	}
	manifest.dependencies[PACKAGE_NAME] = pkg.version;
	fs.writeFileSync(nodesPkg, `${JSON.stringify(manifest, null, 2)}\n`);
	const missing = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])].filter(
		(file) => !fs.existsSync(path.join(target, file)),
	);
	return { target, missing };
}

class N8nInstance {
	constructor(fields) {
		Object.assign(this, fields);
		this.log = '';
		this.cookie = null;
		this.exited = null;
		this.child = null;
	}

	get dbFile() {
		return path.join(this.userFolder, '.n8n', 'database.sqlite');
	}

	webhookUrl(webhookPath) {
		return `${this.url}/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
	}

	logText() {
		return this.log;
	}

	/** How log lines and messages name this process: "n8n 2.x", or e.g. "n8n 2.x worker". */
	name() {
		return `n8n ${this.version}.x${this.label ? ` ${this.label}` : ''}`;
	}

	/** The log since the current boot (the whole log for the first one). */
	bootLog() {
		return this.log.slice(this.bootOffset || 0);
	}

	logTail(lines = 60) {
		return this.log.split('\n').slice(-lines).join('\n');
	}

	loadProblems() {
		return this.log.split('\n').filter((line) => LOAD_PROBLEM_PATTERNS.some((re) => re.test(line)));
	}

	appendLog(text) {
		this.log += text;
		if (this.log.length > 5_000_000) {
			const dropped = this.log.length - 2_000_000;
			this.log = this.log.slice(dropped);
			if (this.bootOffset) this.bootOffset = Math.max(0, this.bootOffset - dropped);
		}
		if (this.logStream) this.logStream.write(text);
		if (this.echo) process.stderr.write(text.replace(/^(?=.)/gm, `  [${this.name()}] `));
	}

	/** Run an n8n CLI command against this instance's user folder and DB (n8n must not need to be stopped). */
	async cli(args, { timeoutMs = 180_000 } = {}) {
		const started = Date.now();
		try {
			const { output } = await run(this.runtime.node, [this.bin, ...args], {
				cwd: this.userFolder,
				env: this.env,
				quiet: true,
				timeoutMs,
			});
			this.appendLog(`\n$ n8n ${args.join(' ')} (${fmtSeconds(Date.now() - started)})\n${output}`);
			return output;
		} catch (err) {
			this.appendLog(`\n$ n8n ${args.join(' ')} FAILED\n${err.output || err.message}`);
			throw new Error(`n8n ${args.join(' ')} failed:\n${(err.output || err.message).split('\n').slice(-30).join('\n')}`);
		}
	}

	async importData({ credentials = [], workflows = [], activate = true }) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'import-'));
		try {
			if (credentials.length) {
				const file = path.join(dir, 'credentials.json');
				fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
				await this.cli(['import:credentials', `--input=${file}`]);
			}
			if (workflows.length) {
				for (const wf of workflows) if (!wf.id) throw new Error(`Workflow "${wf.name}" needs an explicit "id" to be imported`);
				const file = path.join(dir, 'workflows.json');
				fs.writeFileSync(file, JSON.stringify(workflows.map((wf) => ({ active: false, settings: {}, connections: {}, ...wf })), null, 2));
				await this.cli(['import:workflow', `--input=${file}`]);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
		let ids = [];
		if (activate === true) ids = workflows.filter(hasTrigger).map((wf) => wf.id);
		else if (Array.isArray(activate)) ids = activate;
		await this.activateWorkflows(ids);
		return ids;
	}

	async activateWorkflows(ids) {
		if (!ids.length) return;
		if (this.version === 1) {
			const all = (await this.query('SELECT id FROM workflow_entity')).map((r) => String(r.id));
			if (ids.length > 1 && all.every((id) => ids.map(String).includes(id))) {
				await this.cli(['update:workflow', '--all', '--active=true']); // one CLI boot instead of one per workflow
			} else {
				for (const id of ids) await this.cli(['update:workflow', `--id=${id}`, '--active=true']);
			}
		} else {
			for (const id of ids) await this.cli(['publish:workflow', `--id=${id}`]);
		}
		this.activeIds = [...new Set([...(this.activeIds || []), ...ids])];
	}

	/** Start `n8n start` and wait until it is ready (see readiness in the header). */
	async boot() {
		const started = Date.now();
		this.logStream = fs.createWriteStream(path.join(this.userFolder, 'n8n.log'), { flags: 'a' });
		this.child = spawn(process.execPath, [path.join(__dirname, 'guard.js'), String(process.pid), this.runtime.node, this.bin, ...(this.args || ['start'])], {
			cwd: this.userFolder,
			env: this.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		instances.add(this);
		this.child.stdout.on('data', (c) => this.appendLog(c.toString()));
		this.child.stderr.on('data', (c) => this.appendLog(c.toString()));
		this.child.on('exit', (code, signal) => {
			this.exited = { code, signal };
			instances.delete(this);
		});
		try {
			await this.waitReady(started);
		} catch (err) {
			await this.stop({ keepFolder: true });
			err.message += `\n--- last lines of the n8n log (${path.join(this.userFolder, 'n8n.log')}) ---\n${this.logTail(60)}`;
			throw err;
		}
		if (!this.quiet) log(`${this.label ? this.name() : `n8n ${this.n8nVersion}`} ready on ${this.url} (${fmtSeconds(Date.now() - started)} after start)`);
	}

	checkFatal() {
		if (this.exited) throw new Error(`${this.name()} exited during startup (${this.exited.signal || `exit ${this.exited.code}`})`);
		const lines = this.bootLog().split('\n');
		for (const re of FATAL_LOG_PATTERNS) {
			const line = lines.find((l) => re.test(l));
			if (line) throw new Error(`${this.name()} failed: ${line.trim()}`);
		}
		for (const re of ACTIVATION_ERROR_PATTERNS) {
			const line = lines.find((l) => re.test(l));
			if (line) throw new Error(`A workflow could not be activated: ${line.trim()}`);
		}
	}

	async waitReady(started) {
		const deadline = started + this.readyTimeoutMs;
		const until = async (what, fn) => {
			for (;;) {
				this.checkFatal();
				const result = await fn();
				if (result) return result;
				if (Date.now() > deadline) throw new Error(`${this.name()} not ready after ${fmtSeconds(this.readyTimeoutMs)}: ${what}`);
				await sleep(250);
			}
		};
		const ready = this.readyPattern || /Editor is now accessible via/;
		await until(`no ${ready} line in the log`, () => ready.test(this.bootLog()));
		// Every activated workflow's webhooks registered (DB rows) and answering (OPTIONS probe).
		const probes = new Set(this.webhookPaths || []);
		const webhookWorkflows = new Set((this.expectWebhooks || []).map(String));
		await until(`webhooks of workflows ${[...webhookWorkflows].join(', ')} not registered`, async () => {
			if (!webhookWorkflows.size) return true;
			const rows = await this.query('SELECT "workflowId", "webhookPath", method FROM webhook_entity'); // quoted: SQLite and Postgres
			const have = new Set(rows.map((r) => String(r.workflowId)));
			for (const r of rows) if (webhookWorkflows.has(String(r.workflowId))) probes.add(r.webhookPath);
			return [...webhookWorkflows].every((id) => have.has(id));
		});
		for (const p of probes) {
			await until(`webhook /webhook/${p} does not answer the OPTIONS probe`, () => this.probeWebhook(p));
		}
		this.registeredWebhookPaths = [...probes];
	}

	async probeWebhook(webhookPath) {
		try {
			const res = await fetch(this.webhookUrl(webhookPath), {
				method: 'OPTIONS',
				headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' },
			});
			return res.status === 204 || res.status === 200;
		} catch {
			return false;
		}
	}

	/** Read-only SQL on this instance's database, e.g. query('SELECT * FROM webhook_entity'). */
	async query(sql, params = []) {
		if (this.db) return this.db.query(sql, params);
		return queryDbFile(this.runtime, this.dbFile, sql, params);
	}

	async readExecutions(workflowId) {
		if (this.db) return this.db.readExecutions(workflowId);
		const flattedPath = require.resolve('flatted', { paths: [path.join(this.n8nDir, 'node_modules', 'n8n')] });
		if (executions.hasSqlite()) return executions.readExecutionsFromDb(this.dbFile, workflowId, { flattedPath });
		const { output } = await run(
			this.runtime.node,
			[path.join(__dirname, 'executions.js'), 'exec', this.dbFile, workflowId ? String(workflowId) : '-', flattedPath],
			{ quiet: true, env: runtimeEnv(this.runtime, { NODE_NO_WARNINGS: '1' }) },
		);
		return JSON.parse(output);
	}

	async waitForExecutions(workflowId, n = 1, { timeoutMs = 20_000, finished = true } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last = [];
		for (;;) {
			last = await this.readExecutions(workflowId);
			const done = finished ? last.filter((e) => e.status !== 'running' && e.status !== 'new' && e.stoppedAt) : last;
			if (done.length >= n) return last;
			if (this.exited) throw new Error(`n8n exited (${this.exited.signal || this.exited.code}) while waiting for executions\n${this.logTail(40)}`);
			if (Date.now() > deadline) {
				throw new Error(
					`Expected ${n} finished execution(s) of workflow ${workflowId} within ${fmtSeconds(timeoutMs)}, found ${done.length} ` +
						`(${last.length} in total: ${last.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'})\n--- n8n log tail ---\n${this.logTail(40)}`,
				);
			}
			await sleep(150);
		}
	}

	async postWebhook(webhookPath, body, headers = {}, { method = 'POST' } = {}) {
		let payload = body;
		const h = { ...headers };
		if (body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
			payload = JSON.stringify(body);
			if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
		}
		const res = await fetch(this.webhookUrl(webhookPath), { method, headers: h, body: method === 'GET' ? undefined : payload });
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, headers: Object.fromEntries(res.headers), text, body: parsed };
	}

	async rest(method, restPath, body, { headers = {} } = {}) {
		const url = `${this.url}/${restPath.startsWith('/') ? restPath.slice(1) : `rest/${restPath}`}`;
		const h = { 'browser-id': BROWSER_ID, ...headers };
		if (this.cookie) h.cookie = this.cookie;
		if (body !== undefined) h['content-type'] = 'application/json';
		const res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
		const setCookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		for (const c of setCookies) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed };
	}

	/** Set up the owner on first use (fresh DB) or log in; keeps the auth cookie for rest(). */
	async restLogin() {
		if (this.cookie) return this.user;
		let res = await this.rest('POST', 'owner/setup', {
			email: OWNER_EMAIL,
			firstName: 'Sandbox',
			lastName: 'Owner',
			password: OWNER_PASSWORD,
		});
		if (res.status !== 200) {
			this.cookie = null;
			res = await this.rest('POST', 'login', { emailOrLdapLoginId: OWNER_EMAIL, password: OWNER_PASSWORD });
			if (res.status !== 200) res = await this.rest('POST', 'login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
		}
		if (res.status !== 200 || !this.cookie) {
			throw new Error(`Could not log in to n8n as ${OWNER_EMAIL}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
		}
		this.user = res.body && res.body.data;
		return this.user;
	}

	async credentialTest(credentialId, data) {
		await this.restLogin();
		const stored = await this.rest('GET', `credentials/${encodeURIComponent(credentialId)}?includeData=true`);
		if (stored.status !== 200) throw new Error(`GET /rest/credentials/${credentialId}: HTTP ${stored.status} ${JSON.stringify(stored.body).slice(0, 300)}`);
		const cred = stored.body.data;
		const res = await this.rest('POST', 'credentials/test', {
			credentials: { id: cred.id, name: cred.name, type: cred.type, data: data ? { ...cred.data, ...data } : cred.data },
		});
		if (res.status !== 200) throw new Error(`POST /rest/credentials/test: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
		return res.body.data;
	}

	/** Does n8n know this credential type? (GET /rest/credential-translation answers 400 for unknown types) */
	async credentialTypeKnown(type) {
		await this.restLogin();
		const res = await this.rest('GET', `credential-translation?credentialType=${encodeURIComponent(type)}`);
		if (res.status === 200) return true;
		if (res.status === 400) return false;
		throw new Error(`GET /rest/credential-translation: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
	}

	async nodeTypes(names) {
		await this.restLogin();
		const res = await this.rest('POST', 'node-types', { nodeInfos: names.map((name) => (typeof name === 'string' ? { name, version: 1 } : name)) });
		if (res.status !== 200) throw new Error(`POST /rest/node-types: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
		return res.body.data;
	}

	pid() {
		return (this.child && childPid(this.child.pid)) || null;
	}

	async kill9() {
		const child = this.child;
		if (!child || this.exited) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		const pid = this.pid();
		try {
			process.kill(pid || -child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		await exited;
		this.appendLog(`\n[n8n-instance] ${this.name()} (pid ${pid}) killed with SIGKILL\n`);
	}

	async restart() {
		if (this.child && !this.exited) throw new Error(`${this.name()} is still running: stop or kill it first`);
		if (this.logStream) await new Promise((r) => this.logStream.end(r));
		this.exited = null;
		this.stopping = null;
		this.cookie = null;
		this.bootOffset = this.log.length;
		await this.boot();
	}

	async stop({ keepFolder = false } = {}) {
		if (this.stopping) return this.stopping;
		this.stopping = (async () => {
			const child = this.child;
			if (child && !this.exited) {
				const started = Date.now();
				const exited = new Promise((resolve) => child.once('exit', resolve));
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					/* gone */
				}
				let timer;
				const timeout = new Promise((r) => {
					timer = setTimeout(() => r('timeout'), 20_000);
				});
				const outcome = await Promise.race([exited, timeout]);
				clearTimeout(timer);
				if (outcome === 'timeout') {
					this.appendLog('\n[n8n-instance] n8n did not stop within 20 s: SIGKILL\n');
					try {
						process.kill(-child.pid, 'SIGKILL');
					} catch {
						/* gone */
					}
					await exited;
				}
				if (!this.quiet) log(`${this.label ? this.name() : `n8n ${this.n8nVersion}`} stopped (${fmtSeconds(Date.now() - started)})`);
			}
			// the group may still hold a task runner for a moment
			if (child) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* all gone */
				}
			}
			instances.delete(this);
			if (this.logStream) await new Promise((r) => this.logStream.end(r));
			if (this.temporary && !keepFolder && !process.env.N8N_E2E_KEEP) fs.rmSync(this.userFolder, { recursive: true, force: true });
			else if (this.temporary && !this.quiet && (keepFolder || process.env.N8N_E2E_KEEP)) log(`kept n8n user folder ${this.userFolder}`);
		})();
		return this.stopping;
	}
}

// Safety net: never leave an n8n behind when this process exits (the guard covers hard kills).
const instances = new Set();
process.on('exit', () => {
	for (const inst of instances) {
		try {
			process.kill(-inst.child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}
});

/** Environment for n8n (see the headless notes). */
function n8nEnv({ runtime, userFolder, port, brokerPort, encryptionKey, ui, version, extra }) {
	const env = runtimeEnv(runtime, {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	});
	delete env.NODE_OPTIONS;
	if (!ui) env.N8N_DISABLE_UI = 'true';
	if (version === 2) env.N8N_DISABLED_MODULES = 'mcp-registry';
	return Object.assign(env, extra || {});
}

/**
 * Boot an n8n with the package loaded, data imported and workflows activated. See the header comment.
 */
async function startN8n(options = {}) {
	const version = Number(options.version || process.env.N8N_E2E_VERSION || 1);
	const inst = await ensureN8n(version);
	const packageDir = options.packageDir || repoRoot;
	if (!fs.existsSync(path.join(packageDir, 'dist'))) throw new Error(`${packageDir}/dist is missing: run \`npm run build\` first`);
	const temporary = !options.userFolder;
	const runsDir = path.join(cacheRoot(), 'runs');
	fs.mkdirSync(runsDir, { recursive: true });
	pruneOldRuns(runsDir);
	const userFolder = options.userFolder || fs.mkdtempSync(path.join(runsDir, `v${version}-`));
	fs.mkdirSync(userFolder, { recursive: true });
	const port = await freePort(options.port);
	let brokerPort = await freePort(options.brokerPort);
	while (brokerPort === port) brokerPort = await freePort();
	const { missing } = installPackage(userFolder, packageDir, options.packageMode || 'copy');
	const env = n8nEnv({
		runtime: inst.runtime,
		userFolder,
		port,
		brokerPort,
		encryptionKey: options.encryptionKey || DEFAULT_ENCRYPTION_KEY,
		ui: Boolean(options.ui),
		version,
		extra: options.env,
	});
	const n8n = new N8nInstance({
		version,
		n8nVersion: inst.version,
		n8nDir: inst.dir,
		bin: inst.bin,
		runtime: inst.runtime,
		userFolder,
		temporary,
		port,
		brokerPort,
		url: `http://127.0.0.1:${port}`,
		env,
		quiet: Boolean(options.quiet),
		echo: Boolean(options.echo || process.env.N8N_E2E_ECHO),
		readyTimeoutMs: options.readyTimeoutMs || 180_000,
		webhookPaths: options.webhookPaths || [],
		missingFiles: missing,
	});
	if (missing.length && !n8n.quiet) log(`warning: registered in package.json but not built (n8n will not load them): ${missing.join(', ')}`);
	try {
		const t0 = Date.now();
		const activated = await n8n.importData({
			credentials: options.credentials || [],
			workflows: options.workflows || [],
			activate: options.activate === undefined ? true : options.activate,
		});
		if ((options.credentials || []).length + (options.workflows || []).length && !n8n.quiet) {
			log(`n8n ${inst.version}: imported ${(options.credentials || []).length} credential(s), ${(options.workflows || []).length} workflow(s), activated ${activated.length} (${fmtSeconds(Date.now() - t0)})`);
		}
		// workflows that register webhooks: activated ones that have a webhook-based trigger
		const byId = new Map((options.workflows || []).map((wf) => [String(wf.id), wf]));
		n8n.expectWebhooks = (options.expectWebhooks || activated.filter((id) => isWebhookWorkflow(byId.get(String(id))))).map(String);
		await n8n.boot();
	} catch (err) {
		await n8n.stop({ keepFolder: true });
		throw err;
	}
	return n8n;
}

/** Throwaway user folders (kept after a failure or with N8N_E2E_KEEP) are removed after a day. */
function pruneOldRuns(runsDir) {
	const dayAgo = Date.now() - 24 * 3600 * 1000;
	for (const entry of fs.readdirSync(runsDir)) {
		const full = path.join(runsDir, entry);
		try {
			if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
		} catch {
			/* raced with another run */
		}
	}
}

/** Read-only SQL on an n8n database file, from any Node (uses node:sqlite, or the Node 24 runtime). */
async function queryDbFile(runtime, dbFile, sql, params = []) {
	if (!fs.existsSync(dbFile)) return [];
	if (executions.hasSqlite()) return executions.queryDb(dbFile, sql, params);
	const { output } = await run(runtime.node, [path.join(__dirname, 'executions.js'), 'query', dbFile, sql, JSON.stringify(params)], {
		quiet: true,
		env: runtimeEnv(runtime, { NODE_NO_WARNINGS: '1' }),
	});
	return JSON.parse(output);
}

function isWebhookWorkflow(wf) {
	if (!wf) return false;
	return (wf.nodes || []).some((node) => Boolean(node.webhookId) && !/manualTrigger$/i.test(node.type || ''));
}

module.exports = {
	startN8n,
	N8nInstance,
	installPackage,
	n8nEnv,
	queryDbFile,
	pruneOldRuns,
	isWebhookWorkflow,
	hasTrigger,
	OWNER_EMAIL,
	OWNER_PASSWORD,
	PACKAGE_NAME,
	DEFAULT_ENCRYPTION_KEY,
};


