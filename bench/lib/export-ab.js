// Invoices per second of `preflight export` for two or more checkouts side by side, in one run: the same NDJSON
// (the export scenario's mix), runs interleaved A, B, A, B… so the machine's drift falls on both alike, each into
// a fresh output folder. Reports each checkout's median and its ratio to the first (the base). A tool for "did
// this change slow the export down", not part of `npm run bench`.
//
// usage: node bench/lib/export-ab.js --root BASE --root CHANGED [--invoices 20000] [--rounds 5]
//   each root must be a checkout with node_modules and a fresh dist/ (npm run build), as users run it
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from '../scenarios/export.js';
import { timedNode } from './spawn.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { root: { type: 'string', multiple: true }, invoices: { type: 'string' }, rounds: { type: 'string' } } });
const roots = (values.root ?? []).map((r) => resolve(r));
const n = Number(values.invoices ?? 20000);
const rounds = Number(values.rounds ?? 5);
if (roots.length < 2 || !(n > 0) || !(rounds > 0)) throw new Error('usage: export-ab.js --root BASE --root CHANGED [--invoices N] [--rounds R]');

const scratch = mkdtempSync(join(tmpdir(), 'preflight-export-ab-'));
try {
  const input = join(scratch, 'invoices.ndjson');
  await generate(input, n);
  const times = roots.map(() => []);
  for (let r = 0; r < rounds; r++) {
    roots.forEach((root, i) => {
      const out = join(scratch, `out-${i}-${r}`);
      const run = timedNode([join(root, 'bin/preflight.js'), 'export', '--config', join(root, 'fixtures/invoices/config.yaml'), '--invoices', input, '--out-dir', out], { okCodes: [1] });
      if (!run.stdout.includes(`Read ${n} invoices: ${n / 2} exported + ${n / 2} rejected.`)) throw new Error(`unexpected summary from ${root}:\n${run.stdout.slice(-400)}`);
      times[i].push(run.ms);
      rmSync(out, { recursive: true, force: true });
    });
  }
  const base = median(times[0]);
  console.log(`${n} invoices, ${rounds} interleaved rounds; median invoices/s, and ratio to the first root`);
  roots.forEach((root, i) => {
    const m = median(times[i]);
    console.log(`${Math.round(n / (m / 1000))
      .toString()
      .padStart(8)} /s  ${(base / m).toFixed(3)}x  ${root}  (runs: ${times[i].map((t) => (t / 1000).toFixed(2)).join(', ')} s)`);
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
