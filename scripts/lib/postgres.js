'use strict';
/**
 * A throwaway PostgreSQL server for queue mode: Debian's `postgresql` binaries, started as this
 * process's own child on 127.0.0.1 with a free port and a fresh data directory (never the system
 * service, never the system cluster).
 *
 *   const { startPostgres, findPostgres } = require('./postgres');
 *   const pg = await startPostgres({ port });   // { host, port, user, password, database, dataDir, env(), stop() }
 *   pg.env()   -> the DB_* variables n8n needs (DB_TYPE=postgresdb ...)
 *
 * Binaries: $PG_BIN, else the newest /usr/lib/postgresql/<major>/bin (where Debian puts them; they
 * are not on PATH), else initdb/postgres on PATH. findPostgres() returns null when there are none;
 * missingMessage() says what to install.
 *
 * Root: postgres refuses to run as root, so when this process is root, initdb and postgres run as
 * the Debian `postgres` user through `setpriv --reuid --regid --init-groups` (util-linux; unlike
 * runuser/su it execs, so the guard's child IS the postmaster and signals reach it directly), and
 * the data directory lives under the system temp dir (the cache under /root is not readable by that
 * user) and is chowned to it. As any other user both run as that user.
 *
 * The server runs in the foreground under scripts/lib/guard.js, so it stops when this process dies
 * (SIGTERM = smart shutdown once n8n's connections are gone; SIGKILL after 10 s). stop() asks for a
 * fast shutdown (SIGINT) and removes the data directory. Data directories of runs that died are
 * removed by the next start after a day. Auth is `trust` on loopback only (throwaway data).
 * Server settings are PostgreSQL's defaults (fsync on), so timings are what a default install gives.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { log, run, freePort, fmtSeconds, childPid, findExecutable, stopChild } = require('./util');

const DB_USER = 'n8n';
const DB_PASSWORD = 'n8n';
const DB_NAME = 'n8n';
const DIR_PREFIX = 'n8n-8x8-pg-';
const INSTALL_HINT = 'sudo apt-get install -y postgresql';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const onPath = (name) => findExecutable(name);

/** { binDir, initdb, postgres, psql, major } or null. */
function findPostgres() {
	const candidates = [];
	if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
	try {
		const majors = fs
			.readdirSync('/usr/lib/postgresql')
			.filter((d) => /^\d+$/.test(d))
			.sort((a, b) => Number(b) - Number(a));
		for (const m of majors) candidates.push(`/usr/lib/postgresql/${m}/bin`);
	} catch {
		/* not Debian-style */
	}
	const initdbOnPath = onPath('initdb');
	if (initdbOnPath) candidates.push(path.dirname(fs.realpathSync(initdbOnPath)));
	for (const binDir of candidates) {
		const initdb = path.join(binDir, 'initdb');
		const postgres = path.join(binDir, 'postgres');
		if (fs.existsSync(initdb) && fs.existsSync(postgres)) {
			const psql = fs.existsSync(path.join(binDir, 'psql')) ? path.join(binDir, 'psql') : onPath('psql');
			const major = Number((/postgresql\/(\d+)\//.exec(binDir) || [])[1]) || null;
			return { binDir, initdb, postgres, psql, major };
		}
	}
	return null;
}

function missingMessage() {
	return `PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin, $PG_BIN or PATH. Install them: ${INSTALL_HINT}`;
}

/** How to run a postgres binary: as the `postgres` user when we are root. */
function asDbUser(cmd, args) {
	if (!isRoot()) return { cmd, args };
	const setpriv = onPath('setpriv') || '/usr/bin/setpriv';
	if (!fs.existsSync(setpriv)) throw new Error('Running as root: PostgreSQL must run as the `postgres` user, and setpriv (util-linux) was not found');
	return { cmd: setpriv, args: ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args] };
}

function postgresIds() {
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		throw new Error('Running as root, but there is no `postgres` user to run PostgreSQL as (the Debian package creates it: ' + INSTALL_HINT + ')');
	}
}

function pruneOldDirs(base) {
	const dayAgo = Date.now() - 24 * 3600 * 1000;
	for (const entry of fs.readdirSync(base)) {
		if (!entry.startsWith(DIR_PREFIX)) continue;
		const full = path.join(base, entry);
		try {
			if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
		} catch {
			/* raced */
		}
	}
}

class PostgresServer {
	constructor(fields) {
		Object.assign(this, fields);
		this.log = '';
		this.exited = null;
	}

	/** The DB_* environment n8n needs to use this server. */
	env() {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.host,
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: this.password,
		};
	}

	/** Connection settings for a `pg` client. */
	connection() {
		return { host: this.host, port: this.port, user: this.user, password: this.password, database: this.database };
	}

	async stop() {
		if (this.stopping) return this.stopping;
		this.stopping = (async () => {
			// SIGINT to postgres itself: fast shutdown, no waiting for clients
			if (this.child && !this.exited) await stopChild(this.child, { signal: 'SIGINT', target: this.pid, timeoutMs: 15_000 });
			if (!process.env.N8N_E2E_KEEP) fs.rmSync(this.dataDir, { recursive: true, force: true });
		})();
		return this.stopping;
	}
}

/**
 * Start a fresh server. options: port (preferred), quiet, readyTimeoutMs (default 60 s).
 */
async function startPostgres(options = {}) {
	const bins = findPostgres();
	if (!bins) throw new Error(missingMessage());
	const started = Date.now();
	const base = os.tmpdir();
	pruneOldDirs(base);
	const dataDir = fs.mkdtempSync(path.join(base, DIR_PREFIX));
	if (isRoot()) {
		const { uid, gid } = postgresIds();
		fs.chownSync(dataDir, uid, gid);
	}
	fs.chmodSync(dataDir, 0o700);
	const cluster = path.join(dataDir, 'data');
	const init = asDbUser(bins.initdb, [
		'-D',
		cluster,
		'-A',
		'trust',
		'-U',
		DB_USER,
		'-E',
		'UTF8',
		'--locale=C',
		'--no-instructions',
	]);
	await run(init.cmd, init.args, { quiet: true, timeoutMs: 120_000, env: { ...process.env, LC_ALL: 'C' } });

	const port = await freePort(options.port);
	const server = asDbUser(bins.postgres, [
		'-D',
		cluster,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		`unix_socket_directories=${dataDir}`,
		'-c',
		'max_connections=100',
	]);
	const pg = new PostgresServer({
		host: '127.0.0.1',
		port,
		user: DB_USER,
		password: DB_PASSWORD,
		database: DB_NAME,
		dataDir,
		bins,
		quiet: Boolean(options.quiet),
	});
	pg.child = spawn(process.execPath, [path.join(__dirname, 'guard.js'), String(process.pid), server.cmd, ...server.args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const append = (c) => {
		pg.log += c.toString();
		if (pg.log.length > 1_000_000) pg.log = pg.log.slice(-500_000);
	};
	pg.child.stdout.on('data', append);
	pg.child.stderr.on('data', append);
	pg.child.on('exit', (code, signal) => {
		pg.exited = { code, signal };
	});
	const deadline = Date.now() + (options.readyTimeoutMs || 60_000);
	while (!/database system is ready to accept connections/.test(pg.log)) {
		if (pg.exited || Date.now() > deadline) {
			await pg.stop();
			throw new Error(`PostgreSQL did not start (${pg.exited ? `exit ${pg.exited.code || pg.exited.signal}` : 'timeout'}):\n${pg.log.split('\n').slice(-20).join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	pg.pid = childPid(pg.child.pid) || pg.child.pid;
	// the database n8n uses
	const psql = bins.psql;
	if (!psql) throw new Error('psql not found (postgresql-client); it comes with the postgresql package: ' + INSTALL_HINT);
	await run(psql, ['-h', pg.host, '-p', String(port), '-U', DB_USER, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${DB_NAME}`], {
		quiet: true,
		env: { ...process.env, PGPASSWORD: DB_PASSWORD, PGCONNECT_TIMEOUT: '10' },
	});
	if (!pg.quiet) log(`PostgreSQL ${bins.major || ''} on 127.0.0.1:${port} (data ${dataDir}, ${fmtSeconds(Date.now() - started)})`);
	return pg;
}

module.exports = { startPostgres, findPostgres, missingMessage, INSTALL_HINT };
