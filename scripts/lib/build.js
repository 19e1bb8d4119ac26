'use strict';
/**
 * `npm run build` for the scripts, with readable output (the n8n-node spinner is dropped) and a
 * staleness check: buildPackage({ ifStale: true }) skips the build when dist/ exists and no source file
 * (credentials/, nodes/, icons/, package.json, tsconfig.json, gulpfile.js) changed since the last
 * successful build made by these scripts (a stamp in the cache, keyed by the repo path).
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { repoRoot, cacheRoot, log, run, cleanEnv, fmtSeconds } = require('./util');
const { npmCommand } = require('./node24');

const SOURCES = ['credentials', 'nodes', 'icons', 'package.json', 'tsconfig.json', 'gulpfile.js'];
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function stampFile() {
	const key = crypto.createHash('sha1').update(repoRoot).digest('hex').slice(0, 12);
	return path.join(cacheRoot(), 'build-stamps', `${key}.json`);
}

function newestMtime(p) {
	let newest = 0;
	let stat;
	try {
		stat = fs.statSync(p);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	newest = stat.mtimeMs;
	for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
	return newest;
}

function isStale() {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const registered = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
	if (registered.some((file) => !fs.existsSync(path.join(repoRoot, file)))) return 'dist/ is missing files';
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(stampFile(), 'utf8'));
	} catch {
		return 'no record of a build by these scripts';
	}
	const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(repoRoot, s))));
	if (newest > stamp.builtAt) return 'sources changed since the last build';
	return null;
}

async function buildPackage({ ifStale = false } = {}) {
	if (ifStale) {
		const reason = isStale();
		if (!reason) {
			log('dist/ is up to date (no source changed since the last build).');
			return false;
		}
		log(`Building the package (${reason}): npm run build…`);
	} else log('Building the package: npm run build…');
	const started = Date.now();
	const npm = npmCommand();
	try {
		await run(npm.cmd, [...npm.args, 'run', 'build'], {
			cwd: repoRoot,
			env: cleanEnv({ CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' }),
			quiet: true,
		});
	} catch (err) {
		const lines = stripAnsi(err.output || err.message)
			.split(/\r?\n|\x1b\[999D/)
			.filter((l) => l.trim() && !/Building TypeScript files|Unknown (user|env) config "nodedir"/.test(l));
		throw new Error(`npm run build failed:\n${lines.slice(-40).join('\n')}`);
	}
	fs.mkdirSync(path.dirname(stampFile()), { recursive: true });
	fs.writeFileSync(stampFile(), JSON.stringify({ repoRoot, builtAt: started }));
	log(`Built (${fmtSeconds(Date.now() - started)}).`);
	return true;
}

module.exports = { buildPackage, isStale };
