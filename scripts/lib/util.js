'use strict';
/**
 * Small shared helpers for the scripts (plain Node, no dependencies).
 *
 *  - cacheRoot()          $N8N_8X8_CACHE or ~/.cache/n8n-nodes-8x8-whatsapp (outside the repo)
 *  - repoRoot             the package root (has package.json + dist/)
 *  - log(...)             progress line on stderr, prefixed "[8x8]"
 *  - cleanEnv(extra)      process.env without npm's npm_* variables (so a nested `npm install` does
 *                         not inherit e.g. ignore-scripts=true from this repo's .npmrc via `npm run`)
 *  - run(cmd, args, opts) spawn, stream or capture output, reject with the output tail on failure
 *  - withLock(dir, fn)    a simple cross-process lock (mkdir + pid file, stale locks are taken over)
 *  - freePort(preferred)  a free TCP port on 127.0.0.1 (the preferred one if free)
 *  - childPid(pid)        the first child process of pid (Linux /proc), e.g. the command a guard runs
 */
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');

function cacheRoot() {
	const dir = process.env.N8N_8X8_CACHE
		? path.resolve(process.env.N8N_8X8_CACHE)
		: path.join(os.homedir(), '.cache', 'n8n-nodes-8x8-whatsapp');
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

function log(...parts) {
	process.stderr.write(`[8x8] ${parts.join(' ')}\n`);
}

function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key)) continue;
		if (key === 'INIT_CWD' || key === 'NODE_OPTIONS' || key === 'NODE_TEST_CONTEXT') continue;
		env[key] = value;
	}
	return Object.assign(env, extra);
}

function fmtSeconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Run a command. opts: {cwd, env, prefix (stream output with this prefix), quiet (capture only),
 * heartbeat: {label, everyMs} (prints "label… 60 s" while running), timeoutMs}.
 * Resolves {code, output}; rejects with an Error carrying the last lines of output.
 */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env || process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		const onData = (chunk) => {
			const text = chunk.toString();
			output += text;
			if (output.length > 2_000_000) output = output.slice(-1_000_000);
			if (opts.prefix && !opts.quiet) {
				for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`${opts.prefix}${line}\n`);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		let beat;
		if (opts.heartbeat) {
			beat = setInterval(
				() => log(`${opts.heartbeat.label}… ${fmtSeconds(Date.now() - started)}`),
				opts.heartbeat.everyMs || 30_000,
			);
		}
		let timer;
		if (opts.timeoutMs) {
			timer = setTimeout(() => {
				output += `\n[killed after ${fmtSeconds(opts.timeoutMs)}]`;
				child.kill('SIGKILL');
			}, opts.timeoutMs);
		}
		const done = () => {
			clearInterval(beat);
			clearTimeout(timer);
		};
		child.on('error', (err) => {
			done();
			reject(err);
		});
		child.on('close', (code, signal) => {
			done();
			if (code === 0) return resolve({ code, output });
			const tail = output.split('\n').slice(-40).join('\n');
			const err = new Error(
				`${path.basename(cmd)} ${args.join(' ')} failed (${signal || `exit ${code}`}) after ${fmtSeconds(Date.now() - started)}\n${tail}`,
			);
			err.output = output;
			err.code = code;
			reject(err);
		});
	});
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/** Cross-process lock around fn: a directory `<dir>.lock` holding the owner's pid. */
async function withLock(dir, label, fn) {
	const lockDir = `${dir}.lock`;
	const pidFile = path.join(lockDir, 'pid');
	let waitedLogged = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(pidFile, String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(pidFile, 'utf8'));
			} catch {
				/* being written */
			}
			if (Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!Number.isFinite(owner)) {
				// a lock dir without pid for more than 10 s is stale
				try {
					const age = Date.now() - fs.statSync(lockDir).mtimeMs;
					if (age > 10_000) {
						fs.rmSync(lockDir, { recursive: true, force: true });
						continue;
					}
				} catch {
					continue;
				}
			}
			if (!waitedLogged) {
				log(`Waiting for another process (pid ${owner}) that is ${label}…`);
				waitedLogged = true;
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** A free port on 127.0.0.1: `preferred` (and the next `tries` ports) if free, else one from the OS. */
async function freePort(preferred, tries = 20) {
	if (preferred) {
		for (let p = preferred; p < preferred + tries; p++) if (await portFree(p)) return p;
	}
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen({ port: 0, host: '127.0.0.1' }, () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** The first child of `pid` (Linux /proc), or null: the process scripts/lib/guard.js runs. */
function childPid(pid) {
	try {
		const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
		return children.length ? Number(children[0]) : null;
	} catch {
		return null;
	}
}

/** The first executable `name` in PATH, then in `extraDirs`; null when none. */
function findExecutable(name, extraDirs = []) {
	for (const dir of [...(process.env.PATH || '').split(path.delimiter), ...extraDirs]) {
		if (!dir) continue;
		const full = path.join(dir, name);
		try {
			fs.accessSync(full, fs.constants.X_OK);
			return full;
		} catch {
			/* not here */
		}
	}
	return null;
}

/**
 * Stops a spawned child: `signal` to `target` (a pid, or -pid for its process group), then SIGKILL to
 * the child's group if it has not exited after `timeoutMs`. Resolves once it has exited.
 */
async function stopChild(child, { signal, target = -child.pid, timeoutMs }) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	try {
		process.kill(target, signal);
	} catch {
		/* gone */
	}
	let timer;
	const outcome = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
	clearTimeout(timer);
	if (outcome !== 'timeout') return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		/* gone */
	}
	await exited;
}

module.exports = { childPid, repoRoot, cacheRoot, log, cleanEnv, run, withLock, freePort, portFree, fmtSeconds, pidAlive, findExecutable, stopChild };
