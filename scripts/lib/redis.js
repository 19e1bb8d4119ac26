'use strict';
/**
 * A throwaway Redis for queue mode: Debian's `redis-server`, started as this process's own child on
 * 127.0.0.1 with a free port, no persistence (--save '', no AOF) and a temp working directory (never
 * the system service).
 *
 *   const { startRedis, findRedis } = require('./redis');
 *   const redis = await startRedis({ port });   // { host, port, env(), stop() }
 *   redis.env() -> QUEUE_BULL_REDIS_HOST / _PORT for n8n
 *
 * Runs under scripts/lib/guard.js, so it stops when this process dies.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { log, freePort, fmtSeconds, childPid, findExecutable, stopChild } = require('./util');

const INSTALL_HINT = 'sudo apt-get install -y redis-server';

function findRedis() {
	return findExecutable('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin']);
}

function missingMessage() {
	return `redis-server not found on PATH. Install it: ${INSTALL_HINT}`;
}

class RedisServer {
	constructor(fields) {
		Object.assign(this, fields);
		this.log = '';
		this.exited = null;
	}

	env() {
		return { QUEUE_BULL_REDIS_HOST: this.host, QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	async stop() {
		if (this.stopping) return this.stopping;
		this.stopping = (async () => {
			if (this.child && !this.exited) await stopChild(this.child, { signal: 'SIGTERM', timeoutMs: 10_000 });
			fs.rmSync(this.dir, { recursive: true, force: true });
		})();
		return this.stopping;
	}
}

async function startRedis(options = {}) {
	const bin = findRedis();
	if (!bin) throw new Error(missingMessage());
	const started = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-8x8-redis-'));
	const port = await freePort(options.port);
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--loglevel', 'notice'];
	const redis = new RedisServer({ host: '127.0.0.1', port, dir, bin });
	redis.child = spawn(process.execPath, [path.join(__dirname, 'guard.js'), String(process.pid), bin, ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const append = (c) => {
		redis.log += c.toString();
		if (redis.log.length > 500_000) redis.log = redis.log.slice(-200_000);
	};
	redis.child.stdout.on('data', append);
	redis.child.stderr.on('data', append);
	redis.child.on('exit', (code, signal) => {
		redis.exited = { code, signal };
	});
	const deadline = Date.now() + (options.readyTimeoutMs || 30_000);
	while (!/Ready to accept connections/.test(redis.log)) {
		if (redis.exited || Date.now() > deadline) {
			await redis.stop();
			throw new Error(`redis-server did not start (${redis.exited ? `exit ${redis.exited.code || redis.exited.signal}` : 'timeout'}):\n${redis.log.split('\n').slice(-20).join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	redis.pid = childPid(redis.child.pid) || redis.child.pid;
	if (!options.quiet) log(`Redis on 127.0.0.1:${port} (${fmtSeconds(Date.now() - started)})`);
	return redis;
}

module.exports = { startRedis, findRedis, missingMessage, INSTALL_HINT };
