// Benchmark runner: discovers bench/scenarios/*.js, runs them in file-name order, prints tables, writes bench/results/latest.json.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.js';
import { renderTable } from './lib/table.js';
import { ensureCompetitors, competitorVersions } from './lib/competitors.js';
import { entryPath } from './lib/entry-path.js';

const USAGE = 'usage: npm run bench [-- --quick] [-- --only NAME]';
let opts;
try {
  opts = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

const scenarioDir = new URL('./scenarios/', import.meta.url);
const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.js')).sort();
const scenarios = [];
for (const file of files) {
  const mod = await import(new URL(file, scenarioDir).href);
  if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
    console.error(`bench/scenarios/${file}: must export \`name\`, \`description\` and \`run({ quick, log })\``);
    process.exit(2);
  }
  scenarios.push({ file, ...mod });
}
const selected = opts.only ? scenarios.filter((s) => s.name === opts.only) : scenarios;
if (selected.length === 0) {
  console.error(`no scenario named "${opts.only}"; available: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

// Competitors (bench/package.json) are installed into bench/node_modules on first use; npm test and CI never need them.
const competitors = ensureCompetitors();
if (!competitors.ok) console.error(`bench: ${competitors.message}`);

const machine = machineInfo();
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, ${machine.os}`);
console.log(`node:    ${machine.node} (${machine.nodePath}), cwd = repository root`);
console.log(`date:    ${machine.date}   mode: ${opts.quick ? 'quick' : 'full'}`);
console.log(`commit:  ${machine.commit ?? 'unknown'}${machine.uncommitted.length ? ` + uncommitted ${machine.uncommitted.join(', ')}` : ''}`);
machine.competitors = competitorVersions();
console.log(`competitors: ${Object.entries(machine.competitors).map(([n, v]) => `${n} ${v}`).join(', ')}`);
const entryAtStart = entryPath();
machine.entry = entryAtStart;
console.log(`entry:   bin/preflight.js runs the ${entryAtStart.path} (${entryAtStart.why})${entryAtStart.path === 'tsx' && entryAtStart.canForceTsx ? '; `npm run build` first to measure the bundle users get from npm ci' : ''}`);
const benchStarted = performance.now();

const results = [];
for (const s of selected) {
  const log = (msg) => process.stderr.write(`  [${s.name}] ${msg}\n`);
  console.log(`\n== ${s.name}: ${s.description ?? ''}`);
  const started = performance.now();
  const entry = { name: s.name, description: s.description, file: `bench/scenarios/${s.file}`, notes: s.notes ?? [], entry: entryPath().path };
  try {
    entry.rows = await s.run({ quick: Boolean(opts.quick), log });
    entry.ok = true;
    console.log(renderTable(entry.rows));
    for (const r of entry.rows) if (r.command) console.log(`command [${r.label}]: ${r.command}`);
    for (const r of entry.rows) if (typeof r.ratio === 'number') console.log(`ratio [${r.label}]: ${r.ratio}`);
    for (const note of entry.notes) console.log(`note: ${note}`);
  } catch (e) {
    entry.ok = false;
    entry.error = String(e?.stack ?? e);
    // A scenario may fail on a check after measuring (export's RSS growth): its rows are still shown and saved.
    if (Array.isArray(e?.rows)) {
      entry.rows = e.rows;
      console.log(renderTable(entry.rows));
      for (const r of entry.rows) if (r.command) console.log(`command [${r.label}]: ${r.command}`);
    }
    console.log(`FAILED: ${e?.message ?? e}`);
  }
  // Someone editing src/ mid-scenario makes bin/preflight.js switch from the bundle to tsx: such samples are mixed.
  const entryAfter = entryPath().path;
  if (entryAfter !== entry.entry) {
    entry.entryChanged = `${entry.entry} → ${entryAfter}`;
    console.log(`WARNING: bin/preflight.js switched from the ${entry.entry} to the ${entryAfter} during this scenario (a file in src/ changed): its CLI samples are mixed; rerun it.`);
  }
  entry.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  console.log(`(${entry.seconds} s)`);
  results.push(entry);
}

const totalSeconds = Number(((performance.now() - benchStarted) / 1000).toFixed(1));
console.log(`\ntotal: ${totalSeconds} s`);
const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const out = { machine, mode: opts.quick ? 'quick' : 'full', only: opts.only ?? null, totalSeconds, scenarios: results };
writeFileSync(new URL('latest.json', resultsDir), JSON.stringify(out, null, 2) + '\n');
console.log('\nwrote bench/results/latest.json');
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
