// Profiling driver for rule evaluation: evaluates generated snapshots with preflight only, for `node --cpu-prof`.
// usage: node --cpu-prof --cpu-prof-dir DIR bench/lib/profile-rules.js [--count 1000] [--passes 3]
import { parseArgs } from 'node:util';
import { importEngine } from './engine-bundle.js';
import { generateSnapshots } from './snapshots.js';

const { loadPack, snapshotFromData, evaluateRules, defaultSettings, buildReport } = await importEngine();

const { values } = parseArgs({ options: { count: { type: 'string' }, passes: { type: 'string' } } });
const { pack } = loadPack('rules');
const settings = defaultSettings(pack);
const snapshots = [...generateSnapshots(Number(values.count ?? 1000))].map(({ name, data }) => snapshotFromData(data, name));
const start = performance.now();
for (let p = 0; p < Number(values.passes ?? 3); p++) {
  for (const snapshot of snapshots) {
    const findings = evaluateRules(pack, snapshot, { settings });
    buildReport({ pack, snapshot, findings, failOn: 'error', toolVersion: 'bench', snapshotFile: snapshot.file, asOf: '2026-11-26' });
  }
}
console.log(`evaluated ${snapshots.length} snapshots × ${values.passes ?? 3} in ${(performance.now() - start).toFixed(0)} ms`);
