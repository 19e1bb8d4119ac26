#!/usr/bin/env node
'use strict';
/**
 * `npm run scan` — n8n's official community-package scanner (@n8n/scan-community-package, a
 * devDependency) on what would be published AND on the source, the two legs of its
 * analyzePackageByName (which itself needs a published, provenance-signed version):
 *
 *   1. tarball: `npm pack` of the built package, unpacked, linted with the scanner's analyzePackage
 *      and its default file patterns (every .js, .ts and .json shipped);
 *   2. source: analyzePackage on the repository with the scanner's SOURCE_FILE_PATTERNS
 *      (package.json, nodes/ and credentials/).
 *
 * Needs a build (dist/); run `npm run build` first (.ci/run does). Exit code 1 on any finding, with
 * the scanner's report.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { pathToFileURL } = require('url');

const repoRoot = path.resolve(__dirname, '..');
const log = (...parts) => process.stderr.write(`[scan] ${parts.join(' ')}\n`);

function packTarball(into) {
	const npm = spawnSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', into], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	if (npm.status !== 0) throw new Error(`npm pack failed:\n${npm.stderr}`);
	const tarball = fs.readdirSync(into).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	const unpacked = path.join(into, 'package');
	fs.mkdirSync(unpacked);
	const tar = spawnSync('tar', ['-xzf', path.join(into, tarball), '-C', unpacked, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`tar failed:\n${tar.stderr}`);
	return { tarball, unpacked };
}

async function main() {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((file) => !fs.existsSync(path.join(repoRoot, file)));
	if (missing.length) throw new Error(`dist/ is not built (missing ${missing.join(', ')}): run npm run build first`);
	const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [repoRoot] });
	const version = JSON.parse(fs.readFileSync(path.join(path.dirname(scannerFile), '..', 'package.json'), 'utf8')).version;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-8x8-scan-'));
	const results = [];
	try {
		const { tarball, unpacked } = packTarball(work);
		const files = spawnSync('find', ['.', '-type', 'f'], { cwd: unpacked, encoding: 'utf8' }).stdout.trim().split('\n');
		log(`@n8n/scan-community-package ${version}: tarball ${tarball} (${files.length} files)`);
		results.push({ leg: `tarball ${tarball}`, ...(await analyzePackage(unpacked)) });
		log(`@n8n/scan-community-package ${version}: source (${SOURCE_FILE_PATTERNS.join(', ')})`);
		results.push({ leg: 'source', ...(await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS)) });
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	for (const result of results) {
		if (result.passed) process.stdout.write(`scan ${result.leg}: passed\n`);
		else process.stdout.write(`scan ${result.leg}: FAILED (${result.message})\n${result.details || ''}\n`);
	}
	const failed = results.filter((result) => !result.passed).length;
	process.stdout.write(`scan: ${results.length - failed} passed, ${failed} failed\n`);
	return failed ? 1 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		log(err.stack || err.message);
		process.stdout.write('scan: 0 passed, 1 failed\n');
		process.exit(1);
	});
