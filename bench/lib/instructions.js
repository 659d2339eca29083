// Instructions per invoice (export) and per snapshot (rule evaluation), counted by valgrind's callgrind, for one
// checkout or several side by side: an A/B measure for a change that times cannot settle. Times on this VM
// drift by up to 2x within minutes, and a profile's shares move with them. Counts are not exact either (V8
// compiles and collects garbage on other threads, whose timing varies): what is measured is the difference
// between a small and a large run, and it must be large against the counts themselves. The export's difference
// (N more invoices) came within 1% for nearly the same code (0.933M and 0.937M per invoice); rule evaluation's
// first setting (10 more passes over 2,000 snapshots) spread from 108k to 155k per snapshot over four counts of
// the same code, hence 40 more passes over 1,000.
// Not part of `npm run bench` (code runs about 50x slower under valgrind): a tool for deciding whether a change pays.
//
// usage: node bench/lib/instructions.js [--root DIR]... [--invoices 3000] [--snapshots 1000]
//   --root       a checkout to measure (default: this one; its dist/ must be built); give two or more to compare,
//                the first is the base
//   --invoices   the export runs N and 2N invoices (the export scenario's mix); the difference is N invoices'
//                work with process start, pack loading and most of V8's warm-up taken out
//   --snapshots  rule evaluation (bench/lib/profile-rules.js) runs 5 and 45 passes over N generated snapshots;
//                the difference is 40 passes' work
//
// Each measurement is a whole process, as users run it: the export through bin/preflight.js, rule evaluation
// through the bundled engine. Counts include every thread (garbage collection, V8's compiler threads).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { root: { type: 'string', multiple: true }, invoices: { type: 'string' }, snapshots: { type: 'string' } } });
const roots = (values.root ?? [here]).map((r) => resolve(r));
const invoices = Number(values.invoices ?? 3000);
const snapshots = Number(values.snapshots ?? 1000);
if (!(invoices > 0) || !(snapshots > 0)) throw new Error('--invoices and --snapshots take positive numbers');

const scratch = mkdtempSync(join(tmpdir(), 'preflight-instructions-'));
try {
  const { generate } = await import(pathToFileURL(join(here, 'bench/scenarios/export.js')).href);
  const files = { 1: join(scratch, 'n.ndjson'), 2: join(scratch, '2n.ndjson') };
  await generate(files[1], invoices);
  await generate(files[2], invoices * 2);
  const exportArgs = (file, out) => ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices', file, '--out-dir', join(scratch, out)];
  const jobs = roots.flatMap((root, i) => [
    { root, args: exportArgs(files[1], `out-${i}-n`) },
    { root, args: exportArgs(files[2], `out-${i}-2n`) },
    { root, args: ['bench/lib/profile-rules.js', '--count', String(snapshots), '--passes', '5'] },
    { root, args: ['bench/lib/profile-rules.js', '--count', String(snapshots), '--passes', '45'] },
  ]);
  const counts = await runAll(jobs, 2, (job) => countInstructions(job.root, job.args));
  const rows = roots.map((root, i) => {
    const c = counts.slice(i * 4, i * 4 + 4);
    return { root, perInvoice: (c[1] - c[0]) / invoices, perSnapshot: (c[3] - c[2]) / (40 * snapshots) };
  });
  const n = (x) => Math.round(x).toLocaleString('en-US');
  for (const r of rows) {
    console.log(`${r.root}\n  export: ${n(r.perInvoice)} instructions per invoice (${(r.perInvoice / rows[0].perInvoice).toFixed(3)}× the first)\n  rule evaluation: ${n(r.perSnapshot)} per snapshot (${(r.perSnapshot / rows[0].perSnapshot).toFixed(3)}× the first)`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Runs `fn` over `items`, at most `width` at a time; results in input order. */
async function runAll(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

/** Instructions of one process (every thread), from callgrind's summary. Exit codes 0 and 1 (rejections) are fine. */
function countInstructions(root, args) {
  return new Promise((done, fail) => {
    const proc = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    proc.on('error', (e) => fail(new Error(`valgrind did not start (${e.message}); apt-get install -y valgrind`)));
    proc.on('close', (code) => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(err);
      if ((code !== 0 && code !== 1) || !refs) return fail(new Error(`valgrind ${args.join(' ')} exited ${code}:\n${err.slice(-2000)}`));
      done(Number(refs[1].replaceAll(',', '')));
    });
  });
}
