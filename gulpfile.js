/**
 * Build checks that `n8n-node build` (tsc + icon copy) does not do. Runs after it (`npm run build`):
 * - every node and credential registered in package.json exists in dist and loads;
 * - every `file:` icon those classes reference exists next to the compiled file;
 * - no test code or source map of a test ended up in dist (they would be published and scanned);
 * - dist holds only what n8n loads: `n8n-node build` copies every *.png / *.svg of the repo, so the
 *   example screenshots land in dist/examples; they are removed here.
 */
const fs = require('fs');
const path = require('path');
const { series } = require('gulp');

const root = __dirname;
const pkg = require('./package.json');

function registeredFilesExist(done) {
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const missing = entries.filter((file) => !fs.existsSync(path.join(root, file)));
	if (missing.length) return done(new Error(`Registered in package.json but not built: ${missing.join(', ')}`));
	done();
}

function iconPaths(icon) {
	if (!icon) return [];
	if (typeof icon === 'string') return [icon];
	return [icon.light, icon.dark].filter(Boolean);
}

function iconsResolve(done) {
	const problems = [];
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		const abs = path.join(root, file);
		const mod = require(abs);
		for (const Exported of Object.values(mod)) {
			if (typeof Exported !== 'function') continue;
			let instance;
			try {
				instance = new Exported();
			} catch {
				continue;
			}
			const description = instance.description ?? instance;
			for (const icon of iconPaths(description.icon)) {
				if (!icon.startsWith('file:')) continue;
				const iconFile = path.resolve(path.dirname(abs), icon.slice('file:'.length));
				if (!fs.existsSync(iconFile)) problems.push(`${file}: icon ${icon} -> ${iconFile} missing`);
			}
		}
	}
	if (problems.length) return done(new Error(problems.join('\n')));
	done();
}

function noTestsInDist(done) {
	const offenders = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.(test|spec)\.(js|d\.ts)$/.test(entry.name) || full.includes(`${path.sep}test${path.sep}`))
				offenders.push(path.relative(root, full));
		}
	};
	walk(path.join(root, 'dist'));
	if (offenders.length) return done(new Error(`Test files in dist: ${offenders.join(', ')}`));
	done();
}

const DIST_ENTRIES = new Set(['nodes', 'credentials', 'icons', 'package.json']);

function pruneDist(done) {
	const dist = path.join(root, 'dist');
	for (const entry of fs.readdirSync(dist)) {
		if (!DIST_ENTRIES.has(entry)) fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
	}
	done();
}

exports.build = series(pruneDist, registeredFilesExist, iconsResolve, noTestsInDist);
exports.default = exports.build;
