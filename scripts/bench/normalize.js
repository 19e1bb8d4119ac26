'use strict';
/**
 * In-process trigger cost: validation + normalization (normalizeEvent) per event type, as a ratio to
 * JSON.parse of the same body, both measured in this run, interleaved round by round.
 * Goal: ratio <= 2 for every event type.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const fixturesDir = path.join(root, 'test/fixtures/events');

function loadEvents() {
	const { normalizeEvent } = require(process.env.BENCH_EVENTS_MODULE || path.join(root, 'dist/nodes/shared/events'));
	const byType = new Map();
	for (const file of fs.readdirSync(fixturesDir).filter((f) => f.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(fixturesDir, file), 'utf8');
		const body = JSON.parse(text);
		const result = normalizeEvent(body, new Date().toISOString());
		if (result.kind !== 'event') continue;
		const list = byType.get(result.eventType) ?? [];
		list.push({ file, text: JSON.stringify(body) });
		byType.set(result.eventType, list);
	}
	return { normalizeEvent, byType };
}

function timeLoop(fn, iterations) {
	const start = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) fn(i);
	return Number(process.hrtime.bigint() - start) / iterations;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function run({ rounds = 15, iterations = 4000 } = {}) {
	const { normalizeEvent, byType } = loadEvents();
	const receivedAt = new Date().toISOString();
	const rows = [];
	let sink = 0;
	for (const [eventType, samples] of byType) {
		const texts = samples.map((s) => s.text);
		const parsed = texts.map((t) => JSON.parse(t));
		const parse = (i) => {
			sink += JSON.parse(texts[i % texts.length]) ? 1 : 0;
		};
		const normalize = (i) => {
			sink += normalizeEvent(parsed[i % parsed.length], receivedAt).kind === 'event' ? 1 : 0;
		};
		timeLoop(parse, iterations);
		timeLoop(normalize, iterations);
		const parseNs = [];
		const normalizeNs = [];
		for (let r = 0; r < rounds; r++) {
			parseNs.push(timeLoop(parse, iterations));
			normalizeNs.push(timeLoop(normalize, iterations));
		}
		const p = median(parseNs);
		const n = median(normalizeNs);
		rows.push({
			eventType,
			samples: samples.length,
			jsonParseUs: +(p / 1000).toFixed(2),
			normalizeUs: +(n / 1000).toFixed(2),
			ratio: +(n / p).toFixed(2),
		});
	}
	if (sink === 0) throw new Error('benchmark loop produced nothing');
	return rows;
}

module.exports = { run };

if (require.main === module) {
	const rows = run();
	console.table(rows);
}
