'use strict';
/**
 * Pinned n8n installs in the cache, one per major version:
 *
 *   const { ensureN8n } = require('./n8n-install');
 *   const inst = await ensureN8n(1);   // { major, version, dir, bin, runtime }
 *   // run n8n as: spawn(inst.runtime.node, [inst.bin, 'start'], ...)
 *
 *   v1: n8n@1.123.81 in <cache>/n8n-v1   (override xlsx -> 0.18.5: the CDN tarball n8n-nodes-base wants is unreachable)
 *   v2: n8n@2.41.1   in <cache>/n8n-v2   (override linkedom -> 0.18.13; --ignore-scripts, then `npm rebuild sqlite3`:
 *                                          the kafka install script downloads from the internet and npm would roll
 *                                          back the whole install)
 *
 * npm runs on the Node 24 runtime (first on PATH, npm_config_nodedir = its headers) so native modules
 * (sqlite3, isolated-vm) match the runtime n8n runs on. A marker `.installed.json` is written only after
 * a successful install; without it the folder is wiped and installed again. A lock keeps two processes
 * from installing at once (installs are ~4-5 min and 2-3 GB each; run one at a time).
 *
 * CLI: `node scripts/lib/n8n-install.js [1] [2]` installs the given versions (default both).
 */
const fs = require('fs');
const path = require('path');
const { cacheRoot, log, run, withLock, fmtSeconds } = require('./util');
const { ensureNode24, npmCommand, runtimeEnv } = require('./node24');

const VERSIONS = {
	1: { version: '1.123.81', overrides: { xlsx: '0.18.5' }, ignoreScripts: false, rebuild: [] },
	2: { version: '2.41.1', overrides: { linkedom: '0.18.13' }, ignoreScripts: true, rebuild: ['sqlite3'] },
};

function n8nDir(majorVersion) {
	return path.join(cacheRoot(), `n8n-v${majorVersion}`);
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, '.installed.json'), 'utf8'));
	} catch {
		return null;
	}
}

function describe(majorVersion, runtime) {
	const dir = n8nDir(majorVersion);
	return {
		major: Number(majorVersion),
		version: VERSIONS[majorVersion].version,
		dir,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		runtime,
	};
}

/** Is this install complete and built for this runtime's ABI? */
function isReady(majorVersion, runtime) {
	const spec = VERSIONS[majorVersion];
	const dir = n8nDir(majorVersion);
	const marker = readMarker(dir);
	if (!marker || marker.n8n !== spec.version) return false;
	if (marker.modules !== runtimeAbi(runtime)) return false;
	return fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'));
}

function runtimeAbi(runtime) {
	// ABI of the runtime's node (process.versions.modules); computed once per binary
	if (runtime.node === process.execPath) return process.versions.modules;
	if (!runtimeAbi.cache) runtimeAbi.cache = {};
	if (!runtimeAbi.cache[runtime.node]) {
		const out = require('child_process').execFileSync(runtime.node, ['-p', 'process.versions.modules'], { encoding: 'utf8' });
		runtimeAbi.cache[runtime.node] = out.trim();
	}
	return runtimeAbi.cache[runtime.node];
}

async function ensureN8n(majorVersion, options = {}) {
	majorVersion = Number(majorVersion);
	const spec = VERSIONS[majorVersion];
	if (!spec) throw new Error(`Unknown n8n major version ${majorVersion} (supported: ${Object.keys(VERSIONS).join(', ')})`);
	const runtime = options.runtime || (await ensureNode24());
	if (isReady(majorVersion, runtime)) return describe(majorVersion, runtime);

	const dir = n8nDir(majorVersion);
	return withLock(dir, `installing n8n ${spec.version}`, async () => {
		if (isReady(majorVersion, runtime)) return describe(majorVersion, runtime);
		const started = Date.now();
		if (fs.existsSync(dir)) log(`Found an unfinished or outdated n8n install in ${dir}: starting it again.`);
		log(
			`Installing n8n ${spec.version} into ${dir} (one time; takes about 4-6 min and ${majorVersion === 1 ? '~1.8' : '~2.9'} GB)…`,
		);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			`${JSON.stringify({ private: true, overrides: spec.overrides }, null, 2)}\n`,
		);
		const npm = npmCommand(runtime);
		const env = runtimeEnv(runtime);
		const args = [...npm.args, 'install', '--save-exact', `n8n@${spec.version}`, '--no-audit', '--no-fund', '--loglevel=error'];
		if (spec.ignoreScripts) args.push('--ignore-scripts');
		else args.push('--ignore-scripts=false');
		await run(npm.cmd, args, {
			cwd: dir,
			env,
			prefix: '  npm: ',
			heartbeat: { label: `still installing n8n ${spec.version}`, everyMs: 30_000 },
		});
		for (const mod of spec.rebuild) {
			log(`Building ${mod} for Node ${runtime.version} (about 1 min)…`);
			await run(npm.cmd, [...npm.args, 'rebuild', mod, '--ignore-scripts=false', '--loglevel=error'], {
				cwd: dir,
				env,
				prefix: '  npm: ',
				heartbeat: { label: `still building ${mod}`, everyMs: 30_000 },
			});
		}
		// Smoke check: the CLI answers on this runtime.
		const { output } = await run(runtime.node, [path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'], {
			cwd: dir,
			env: runtimeEnv(runtime, { N8N_USER_FOLDER: path.join(dir, '.smoke-home'), N8N_DIAGNOSTICS_ENABLED: 'false' }),
			quiet: true,
			timeoutMs: 120_000,
		});
		fs.rmSync(path.join(dir, '.smoke-home'), { recursive: true, force: true });
		if (!output.includes(spec.version)) throw new Error(`n8n ${spec.version} installed, but --version printed:\n${output}`);
		fs.writeFileSync(
			path.join(dir, '.installed.json'),
			`${JSON.stringify({ n8n: spec.version, node: runtime.version, modules: runtimeAbi(runtime), at: new Date().toISOString() }, null, 2)}\n`,
		);
		log(`n8n ${spec.version} ready (${fmtSeconds(Date.now() - started)}).`);
		return describe(majorVersion, runtime);
	});
}

module.exports = { ensureN8n, VERSIONS, n8nDir, isReady };

if (require.main === module) {
	const wanted = process.argv.slice(2).filter((a) => /^[12]$/.test(a));
	(async () => {
		for (const v of wanted.length ? wanted : ['1', '2']) {
			const inst = await ensureN8n(v);
			log(`n8n ${inst.version}: ${inst.bin}`);
		}
	})().catch((err) => {
		log(err.message);
		process.exit(1);
	});
}
