// Child process of scenario "html-report": renders FORMATTERS.html in-process for one customer and for a batch of generated customers; prints one JSON line.
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { generateSnapshots } from './snapshots.js';
import { median } from './stats.js';

register();
const { loadPack } = await import('../../src/pack/load.ts');
const { snapshotFromData, loadSnapshot } = await import('../../src/snapshot/load.ts');
const { evaluateRules, defaultSettings } = await import('../../src/engine/evaluate.ts');
const { buildReport } = await import('../../src/engine/report.ts');
const { FORMATTERS } = await import('../../src/report/formats.ts');

const { values } = parseArgs({ options: { batch: { type: 'string' }, single: { type: 'string' }, reps: { type: 'string' } } });
const BATCH = Number(values.batch ?? 1000);
const SINGLE = Number(values.single ?? 200);
const REPS = Number(values.reps ?? 3);

const { pack, diagnostics } = loadPack('rules');
if (!pack) throw new Error(`the pack does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
const settings = defaultSettings(pack);
const reportOf = (snapshot) =>
  buildReport({ pack, snapshot, findings: evaluateRules(pack, snapshot, { settings }), failOn: 'error', toolVersion: 'bench', snapshotFile: snapshot.file, asOf: '2026-11-26' });

const render = (report) => FORMATTERS.html(report, { color: false });
const check = (html, report) => {
  if (typeof html !== 'string' || !/^<!doctype html>/i.test(html.trimStart()) || !html.includes('</html>')) throw new Error(`not an HTML page for ${report.customer}`);
  return html.length;
};
const ms = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// One customer: the demo fixture, rendered SINGLE times after a warm-up; median of single renders.
const demo = reportOf(loadSnapshot('fixtures/snapshots/demo-harbor-point.yaml'));
const demoBytes = check(render(demo), demo);
for (let i = 0; i < 20; i++) render(demo);
const single = [];
for (let i = 0; i < SINGLE; i++) single.push(ms(() => render(demo)));

// Batch: BATCH generated customers (reports built untimed), each page checked, then REPS timed passes.
const reports = [];
for (const { name, data } of generateSnapshots(BATCH, 4242)) reports.push(reportOf(snapshotFromData(data, name)));
let bytes = 0;
for (const r of reports) bytes += check(render(r), r);
const batch = [];
for (let rep = 0; rep < REPS; rep++) batch.push(ms(() => { for (const r of reports) render(r); }));

process.stdout.write(JSON.stringify({
  single: { renders: SINGLE, medianMs: median(single), bytes: demoBytes, findings: demo.findings.length },
  batch: { customers: BATCH, reps: REPS, medianMs: median(batch), samplesMs: batch, bytes, findings: reports.reduce((n, r) => n + r.findings.length, 0) },
}) + '\n');
