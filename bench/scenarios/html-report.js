// Scenario "html-report": the customer HTML report, rendered in-process for one customer and for a batch, plus one `check --format html` in a fresh process.
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode, shellLine } from '../lib/spawn.js';
import { median, round } from '../lib/stats.js';

export const name = 'html-report';
export const description = 'FORMATTERS.html on reports of one customer and of a batch of generated customers (in-process, warm), and `check --format html` vs `--format json` in fresh processes';
export const notes = [
  'In-process (bench/lib/html-worker.js): reports are built first, untimed (loadPack, snapshotFromData on snapshots from bench/lib/snapshots.js with seed 4242, evaluateRules, buildReport); only FORMATTERS.html(report) is timed. Every page is checked to be a whole HTML document before timing.',
  'one customer = the demo fixture (demo-harbor-point), median of single renders after 20 warm-up renders. batch = all generated customers rendered in a row; median of the passes.',
  'CLI rows: the same check writing HTML or JSON to a file, interleaved; ratio = HTML median ÷ JSON median, the cost of the HTML page in a cold process.',
];

export async function run({ quick, log }) {
  const batch = quick ? 100 : 1000;
  const args = ['bench/lib/html-worker.js', '--batch', String(batch), '--single', quick ? '50' : '200', '--reps', quick ? '1' : '3'];
  log(`rendering the demo report and a batch of ${batch} generated customers`);
  const r = JSON.parse(timedNode(args).stdout.trim().split('\n').pop());

  const scratch = mkdtempSync(join(tmpdir(), 'preflight-bench-html-'));
  try {
    const cli = (format) => ['bin/preflight.js', 'check', '--snapshot', 'fixtures/snapshots/demo-harbor-point.yaml', '--format', format, '--output', join(scratch, `readiness.${format}`)];
    const reps = quick ? 2 : 9;
    log(`${reps} interleaved CLI runs of each format`);
    const times = { html: [], json: [] };
    timedNode(cli('html'), { okCodes: [1] });
    timedNode(cli('json'), { okCodes: [1] });
    if (!/^<!doctype html>/i.test(readFileSync(join(scratch, 'readiness.html'), 'utf8').trimStart())) throw new Error('check --format html did not write an HTML page');
    for (let i = 0; i < reps; i++) for (const f of i % 2 ? ['json', 'html'] : ['html', 'json']) times[f].push(timedNode(cli(f), { okCodes: [1] }).ms);
    return [
      {
        label: 'one customer (demo), in-process',
        command: shellLine(args),
        customers: 1,
        findings: r.single.findings,
        median_ms: round(r.single.medianMs, 2),
        pages_per_s: Math.round(1000 / r.single.medianMs),
        kib_per_page: round(r.single.bytes / 1024),
      },
      {
        label: `batch of ${batch} customers, in-process`,
        customers: batch,
        findings: r.batch.findings,
        median_ms: round(r.batch.medianMs),
        pages_per_s: Math.round(batch / (r.batch.medianMs / 1000)),
        kib_per_page: round(r.batch.bytes / batch / 1024),
        samples_ms: r.batch.samplesMs.map((x) => round(x)),
      },
      { label: 'CLI check --format json', command: shellLine(cli('json')), runs: reps, median_ms: round(median(times.json)), ratio: 1 },
      {
        label: 'CLI check --format html',
        command: shellLine(cli('html')),
        runs: reps,
        median_ms: round(median(times.html)),
        kib_per_page: round(statSync(join(scratch, 'readiness.html')).size / 1024),
        ratio: round(median(times.html) / median(times.json), 2),
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
