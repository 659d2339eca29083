// Child process of scenario "rule-evaluation": preflight's evaluateRules vs json-rules-engine on the same generated snapshots; prints one JSON line.
import { parseArgs } from 'node:util';
import { importEngine } from './engine-bundle.js';
import { generateSnapshots } from './snapshots.js';
import { buildEngine, evaluateJre, plainPathResolver } from './jre-rules.js';
import { median } from './stats.js';
import { requireCompetitor } from './competitors.js';

const { loadPack, snapshotFromData, evaluateRules, defaultSettings, buildReport } = await importEngine();
const { Engine } = requireCompetitor('json-rules-engine');

const { values } = parseArgs({ options: { count: { type: 'string' }, chunk: { type: 'string' }, reps: { type: 'string' }, seed: { type: 'string' } } });
const COUNT = Number(values.count ?? 10000);
const CHUNK = Number(values.chunk ?? 500);
const REPS = Number(values.reps ?? 3);
const SEED = Number(values.seed ?? 20261126);

const { pack, diagnostics } = loadPack('rules');
if (!pack) throw new Error(`the pack does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
const settings = defaultSettings(pack);
const snapshotRules = pack.rules.filter((r) => r.scope === 'snapshot');

/** What `preflight check` does per customer once the snapshot is loaded: evaluate, then the report (its verdict). */
const preflightEvaluate = (snapshot) => {
  const findings = evaluateRules(pack, snapshot, { settings });
  return buildReport({ pack, snapshot, findings, failOn: 'error', toolVersion: 'bench', snapshotFile: snapshot.file, asOf: '2026-11-26' });
};
/** The same, then every finding's message, evidence and location read, as a JSON report or --show-passed does. */
const MATERIALIZED = 'preflight, every finding read';
let sink = 0;
const readEveryFinding = (report) => {
  for (const f of report.findings) sink += f.message.length + f.evidence.length + f.location.line;
};
/** Per rule: pass when every finding of it is pass or not-applicable; fail when any failed, is not evaluable or blocked. */
const preflightVerdicts = (report) => {
  const verdicts = new Map(snapshotRules.map((r) => [r.id, 'pass']));
  for (const f of report.findings) if (f.outcome !== 'pass' && f.outcome !== 'not-applicable') verdicts.set(f.ruleId, 'fail');
  return { verdicts, ready: report.verdict === 'ready' };
};

const engines = {
  'json-rules-engine (JSONPath paths, its default)': buildEngine(Engine, settings),
  'json-rules-engine (pathResolver: plain property walk)': buildEngine(Engine, settings, { pathResolver: plainPathResolver }),
};

const outcomes = {};
let ready = 0;
let ruleFails = 0;
const failsByRule = Object.fromEntries(snapshotRules.map((r) => [r.id, 0]));
let checked = 0;
const chunkMs = { preflight: [], [MATERIALIZED]: [], ...Object.fromEntries(Object.keys(engines).map((k) => [k, []])) };

function compare(name, snapshotName, a, b) {
  for (const r of snapshotRules) {
    if (a.verdicts.get(r.id) !== b.verdicts.get(r.id)) {
      throw new Error(`verdicts differ on ${snapshotName}, rule ${r.id}: preflight ${a.verdicts.get(r.id)}, ${name} ${b.verdicts.get(r.id)}`);
    }
  }
  if (a.ready !== b.ready) throw new Error(`overall verdict differs on ${snapshotName}: preflight ${a.ready ? 'ready' : 'not-ready'}, ${name} ${b.ready ? 'ready' : 'not-ready'}`);
}

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const generator = generateSnapshots(COUNT, SEED);
let buildMs = 0;
for (let done = 0, chunkNo = 0; done < COUNT; done += CHUNK, chunkNo++) {
  // Untimed: parse each generated snapshot as preflight loads one (positions, schema, pointer index).
  const t0 = process.hrtime.bigint();
  const chunk = [];
  for (let i = 0; i < Math.min(CHUNK, COUNT - done); i++) {
    const { name, data } = generator.next().value;
    chunk.push(snapshotFromData(data, name));
  }
  buildMs += Number(process.hrtime.bigint() - t0) / 1e6;

  // Checked before timing: every side gives the same verdict per rule and overall, on every snapshot of the chunk.
  for (const snapshot of chunk) {
    const report = preflightEvaluate(snapshot);
    const mine = preflightVerdicts(report);
    for (const f of report.findings) outcomes[f.outcome] = (outcomes[f.outcome] ?? 0) + 1;
    if (mine.ready) ready++;
    for (const [id, v] of mine.verdicts) if (v === 'fail') (ruleFails++, failsByRule[id]++);
    for (const [name, engine] of Object.entries(engines)) compare(name, snapshot.file, mine, await evaluateJre(engine, snapshot.data));
    checked++;
  }

  // Warm-up on the first chunk (untimed), then REPS timed passes per side, the sides' order rotating.
  const sides = [
    ['preflight', async () => { for (const s of chunk) preflightEvaluate(s); }],
    [MATERIALIZED, async () => { for (const s of chunk) readEveryFinding(preflightEvaluate(s)); }],
    ...Object.entries(engines).map(([name, engine]) => [name, async () => { for (const s of chunk) await evaluateJre(engine, s.data); }]),
  ];
  if (chunkNo === 0) for (const [, fn] of sides) for (let w = 0; w < 2; w++) await fn();
  const samples = Object.fromEntries(sides.map(([n]) => [n, []]));
  for (let rep = 0; rep < REPS; rep++) {
    const shift = (chunkNo + rep) % sides.length;
    for (const [name, fn] of [...sides.slice(shift), ...sides.slice(0, shift)]) samples[name].push(await time(fn));
  }
  for (const [name, list] of Object.entries(samples)) chunkMs[name].push(median(list));
}

const totals = Object.fromEntries(Object.entries(chunkMs).map(([k, list]) => [k, list.reduce((a, b) => a + b, 0)]));
process.stdout.write(
  JSON.stringify({
    count: COUNT,
    chunk: CHUNK,
    reps: REPS,
    seed: SEED,
    rules: snapshotRules.length,
    checked,
    ready,
    ruleFails,
    failsByRule,
    outcomes,
    buildMs,
    totalsMs: totals,
    sink,
    chunkMs,
  }) + '\n',
);
