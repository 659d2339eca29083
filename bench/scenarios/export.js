// Scenario "export": invoices per second and peak RSS of `preflight export` on NDJSON of five-line invoices, generated here.
import { mkdtempSync, readFileSync, readdirSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode, shellLine } from '../lib/spawn.js';
import { round } from '../lib/stats.js';

export const name = 'export';
export const description = 'full `preflight export` of N five-line invoices (NDJSON, generated at bench time into a temp dir)';
export const notes = [
  'Inputs are generated per run in os.tmpdir() and deleted afterwards; nothing is committed.',
  'Peak RSS from bench/lib/rss-probe.js (process.resourceUsage().maxRSS). The scenario fails if, between the two larger sizes, peak RSS grows more than 0.5 KiB per extra invoice: an exporter that held its invoices (about 3 KiB of JSON each here) would. What does grow is the run\'s duplicate check, which remembers every vendor and invoice number it has read (about 0.15 KiB each). The ratio of the largest to the smallest size is shown too; it was the check until the smallest run\'s start got lighter, which raised it without anything growing more per invoice. With --quick (a few thousand invoices, still within the heap\'s growth to its working size) the check stays that ratio, at most 1.5x.',
  'Half the invoices are rejected (unsynced cost code on one line), so both output paths are exercised.',
  'invoices_per_s includes process start and pack loading (one run per size; --quick uses 500/1500/3000 and its linearity row is only indicative: its differences are a second or two). The marginal row divides out that fixed cost: ms per extra invoice between the two larger sizes, and its ratio to the same between the two smaller ones (≈1 when time is linear in size).',
  'The last row runs the largest input again with --jobs 2 (worker threads, opt-in; outputs are the same byte for byte, see test/export/parallel.test.ts): ratio = the one-thread run\'s seconds ÷ its seconds. Each worker loads its own pack and snapshot, so it costs memory; on two cores the writing thread and the workers share the CPUs.',
  'The floor (bench/lib/export-floor.js) copies the two larger inputs: each line read as preflight reads it, JSON.parse, JSON.stringify, sha256 and written to one file; no schema, mapping, rules, layout or second output. It is a lower bound for any exporter of these invoices, as `node -e \'\'` is for `check`: ratio = preflight\'s seconds ÷ the floor\'s. Its marginal µs per invoice between them, taken from the 100 µs that 10,000/s allows, is what the target leaves for everything else preflight does (schema, mapping, rules, layout, outputs).',
  'Targets: ≥10,000 invoices/s, time linear in size, peak RSS < 200 MB at 100k (one thread, the default).',
];

const LINE = (i, j, bad) => ({
  id: i * 10 + j,
  description_of_work: `Item ${j}, level ${(i % 9) + 1}`,
  cost_code_id: bad && j === 5 ? 9999 : 3101,
  line_item_type_id: 41,
  sub_job_id: null,
  accounting_method: 'amount',
  scheduled_value: '50000.00',
  work_completed_this_period: `${1000 + (i % 500)}.${String(j * 7).padStart(2, '0')}`,
  materials_presently_stored: '0.00',
  materials_presently_stored_from_previous_progress: '0.00',
  work_completed_retainage_retained_this_period: '100.00',
  materials_stored_retainage_new_materials: '0.00',
  work_completed_retainage_released_this_period: '0.00',
  materials_stored_retainage_released_this_period: '0.00',
  tax_code_id: null,
});

/** Largest growth of peak RSS per extra invoice that still counts as streaming. */
const STREAMING_KIB_PER_INVOICE = 0.5;

export async function generate(file, n) {
  const out = createWriteStream(file);
  for (let i = 1; i <= n; i++) {
    const items = [1, 2, 3, 4, 5].map((j) => LINE(i, j, i % 2 === 0));
    const w = items.reduce((s, l) => s + Math.round(Number(l.work_completed_this_period) * 100), 0);
    const inv = {
      id: 100000 + i, project_id: 5500101, commitment_id: 70301, vendor_id: 910201, vendor_name: 'Bayside Electric LLC',
      invoice_number: `BE-${i}`, billing_date: '2026-10-31', accounting_date: '2026-10-31', status: 'approved',
      summary: { current_payment_due: ((w - 50000) / 100).toFixed(2) }, items,
    };
    if (!out.write(JSON.stringify(inv) + '\n')) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

/** The run an export wrote into DIR: DIR/runs/<the name in DIR/latest>. */
const latestRun = (dir) => join(dir, 'runs', readFileSync(join(dir, 'latest'), 'utf8').trim());

/** Whether two runs' file `name` agree; summaries differ only in the run they name. */
function sameOutput(name, a, b) {
  if (name !== 'summary.json') return a.equals(b);
  const strip = (bytes) => JSON.stringify({ ...JSON.parse(bytes.toString('utf8')), run: undefined, importFile: undefined });
  return strip(a) === strip(b);
}

export async function run({ quick, log }) {
  const sizes = quick ? [500, 1500, 3000] : [1000, 10000, 100000];
  const runs = 1; // raise to take the fastest of several runs per size
  const scratch = mkdtempSync(join(tmpdir(), 'preflight-bench-export-'));
  try {
    const rows = [];
    const parallel = [];
    const floor = [];
    for (const n of sizes) {
      const input = join(scratch, `invoices-${n}.ndjson`);
      log(`generating ${n} invoices`);
      await generate(input, n);
      const args = ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices', input, '--out-dir', join(scratch, `out-${n}`)];
      log(`exporting ${n} invoices`);
      const rss = join(scratch, 'rss');
      let ms = Infinity;
      let rssKiB = 0;
      for (let r = 0; r < runs; r++) {
        rmSync(join(scratch, `out-${n}`), { recursive: true, force: true });
        const run = timedNode(['--import', new URL('../lib/rss-probe.js', import.meta.url).href, ...args], { okCodes: [1], env: { BENCH_RSS_FILE: rss } });
        if (!run.stdout.includes(`Read ${n} invoices: ${n / 2} exported + ${n / 2} rejected.`)) throw new Error(`unexpected summary for ${n}:\n${run.stdout.slice(-400)}`);
        ms = Math.min(ms, run.ms);
        rssKiB = Math.max(rssKiB, Number(readFileSync(rss, 'utf8')));
      }
      rows.push({ label: `${n} invoices`, command: shellLine(args), invoices: n, runs, seconds: round(ms / 1000, 2), invoices_per_s: Math.round(n / (ms / 1000)), peak_rss_mib: round(rssKiB / 1024) });
      if (n !== sizes[0]) {
        // The floor on the same input: read, parse, serialize, hash and write each invoice, and nothing else.
        log(`copying ${n} invoices (the floor)`);
        const floorArgs = ['bench/lib/export-floor.js', input, join(scratch, 'floor.ndjson')];
        const copied = timedNode(floorArgs);
        if (Number(copied.stdout.trim()) !== n) throw new Error(`the floor copied ${copied.stdout.trim()} invoices, expected ${n}`);
        rmSync(join(scratch, 'floor.ndjson'), { force: true });
        floor.push({ label: `floor: ${n} invoices copied (JSON.parse, JSON.stringify, sha256, written)`, command: shellLine(floorArgs), invoices: n, runs: 1, seconds: round(copied.ms / 1000, 2), invoices_per_s: Math.round(n / (copied.ms / 1000)), ratio: round(ms / copied.ms, 2) });
      }
      if (n === sizes[sizes.length - 1]) {
        // The opt-in parallel export on the largest input: same outputs (checked), its speed and memory.
        log(`exporting ${n} invoices with --jobs 2`);
        const parallelArgs = [...args.slice(0, -1), join(scratch, `out-${n}-jobs2`), '--jobs', '2'];
        const run = timedNode(['--import', new URL('../lib/rss-probe.js', import.meta.url).href, ...parallelArgs], { okCodes: [1], env: { BENCH_RSS_FILE: rss } });
        if (!run.stdout.includes(`Read ${n} invoices: ${n / 2} exported + ${n / 2} rejected.`)) throw new Error(`unexpected summary for ${n} with --jobs 2:\n${run.stdout.slice(-400)}`);
        const parallelRss = Number(readFileSync(rss, 'utf8'));
        const [one, two] = [`out-${n}`, `out-${n}-jobs2`].map((o) => latestRun(join(scratch, o)));
        for (const f of readdirSync(one)) {
          if (!sameOutput(f, readFileSync(join(one, f)), readFileSync(join(two, f)))) throw new Error(`--jobs 2 wrote a different ${f} for ${n} invoices`);
        }
        parallel.push({ label: `${n} invoices, --jobs 2 (opt-in worker threads)`, command: shellLine(parallelArgs), invoices: n, runs: 1, seconds: round(run.ms / 1000, 2), invoices_per_s: Math.round(n / (run.ms / 1000)), peak_rss_mib: round(parallelRss / 1024), ratio: round(ms / run.ms, 2) });
        rmSync(join(scratch, `out-${n}-jobs2`), { recursive: true, force: true });
      }
      rmSync(join(scratch, `out-${n}`), { recursive: true, force: true });
      rmSync(input, { force: true });
    }
    // Linear time: the marginal cost of an invoice between the two larger sizes over that between the two smaller (1 = linear).
    const marginal = (a, b) => ((b.seconds - a.seconds) * 1000) / (b.invoices - a.invoices);
    const [small, mid, large] = rows;
    rows.push({
      label: `marginal ms/invoice ${mid.invoices}→${large.invoices} ÷ ${small.invoices}→${mid.invoices}`,
      marginal_ms_per_invoice: round(marginal(mid, large), 3),
      marginal_invoices_per_s: Math.round(1000 / marginal(mid, large)),
      ratio: round(marginal(mid, large) / marginal(small, mid), 2),
    });
    // Per extra invoice between the two larger sizes (process start divided out): preflight, the floor, and what
    // the target's 100 µs leave once the floor's share is taken.
    const [floorMid, floorLarge] = floor;
    const floorUs = marginal(floorMid, floorLarge) * 1000;
    const preflightUs = marginal(mid, large) * 1000;
    floor.push({ label: `marginal µs/invoice ${mid.invoices}→${large.invoices}: preflight, the floor, preflight beyond it, what 10,000/s leaves beyond it`, preflight_us: round(preflightUs, 1), floor_us: round(floorUs, 1), beyond_floor_us: round(preflightUs - floorUs, 1), target_leaves_us: round(100 - floorUs, 1) });
    // Streaming: what each extra invoice adds to peak RSS between the two larger sizes (the smallest run is mostly
    // the process starting). An exporter that held its invoices would add their size, about 3 KiB each here.
    const perInvoiceKiB = round(((large.peak_rss_mib - mid.peak_rss_mib) * 1024) / (large.invoices - mid.invoices), 3);
    rows.push({ label: `peak RSS KiB per extra invoice ${mid.invoices}→${large.invoices}`, rss_kib_per_invoice: perInvoiceKiB });
    const ratio = round(large.peak_rss_mib / small.peak_rss_mib, 2);
    rows.push({ label: `peak RSS ${large.invoices} / ${small.invoices}`, ratio });
    // --quick's sizes (a few thousand) are still within the heap's own growth to its working size: there the
    // check is the ratio of the largest size to the smallest.
    if (quick && ratio > 1.5) {
      throw Object.assign(new Error(`peak RSS grew ${ratio}x from ${small.invoices} to ${large.invoices} invoices (limit 1.5x with --quick): the export is not streaming`), { rows });
    }
    if (!quick && perInvoiceKiB > STREAMING_KIB_PER_INVOICE) {
      throw Object.assign(new Error(`peak RSS grew ${perInvoiceKiB} KiB per invoice from ${mid.invoices} to ${large.invoices} invoices (limit ${STREAMING_KIB_PER_INVOICE} KiB): the export is not streaming`), { rows });
    }
    return [...rows, ...floor, ...parallel];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
