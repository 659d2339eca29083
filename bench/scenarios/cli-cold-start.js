// Scenario "cli-cold-start": wall time of one `preflight check` in a fresh process versus an empty `node -e ''`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode, shellLine } from '../lib/spawn.js';
import { median, percentile, round } from '../lib/stats.js';

export const name = 'cli-cold-start';
export const description = 'fresh `node bin/preflight.js check` on the demo snapshot vs `node -e \'\'`, interleaved';
export const notes = [
  'ratio = median / baseline median; p90 is nearest-rank. Absolute times are machine noise; read the ratio.',
  'Each iteration runs both commands, alternating which goes first. Warm-up runs are discarded, so the OS file cache and tsx\'s transform cache (os.tmpdir()/tsx-*) are warm: "cold" means a cold process, not a cold disk.',
  'Peak RSS comes from separate, untimed runs of the same command preloaded with bench/lib/rss-probe.js (process.resourceUsage().maxRSS at exit).',
  'Phase rows come from separate runs of bench/lib/phases.js, a copy of bin/preflight.js with timestamps; phase medians need not add up to the total median.',
];

const CHECK = ['bin/preflight.js', 'check', '--snapshot', 'fixtures/snapshots/demo-harbor-point.yaml', '--format', 'json'];
const BASELINE = ['-e', ''];
const PREFLIGHT_OK = [0, 1]; // 1 = the demo customer is not ready: expected.

export async function run({ quick, log }) {
  const n = quick ? { warmup: 1, pairs: 5, rss: 1, phases: 3 } : { warmup: 2, pairs: 25, rss: 3, phases: 10 };
  const scratch = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
  try {
    log(`warm-up (${n.warmup} of each)`);
    for (let i = 0; i < n.warmup; i++) {
      timedNode(BASELINE);
      assertReport(timedNode(CHECK, { okCodes: PREFLIGHT_OK }).stdout);
    }

    log(`${n.pairs} interleaved pairs`);
    const times = { baseline: [], preflight: [] };
    for (let i = 0; i < n.pairs; i++) {
      const order = i % 2 ? ['preflight', 'baseline'] : ['baseline', 'preflight'];
      for (const which of order) {
        times[which].push(which === 'baseline' ? timedNode(BASELINE).ms : timedNode(CHECK, { okCodes: PREFLIGHT_OK }).ms);
      }
    }

    log(`peak RSS (${n.rss} probe run(s) of each)`);
    const rssFile = join(scratch, 'rss');
    const peakRss = (args, okCodes) => {
      let maxKiB = 0;
      for (let i = 0; i < n.rss; i++) {
        timedNode(['--import', new URL('../lib/rss-probe.js', import.meta.url).href, ...args], { okCodes, env: { BENCH_RSS_FILE: rssFile } });
        maxKiB = Math.max(maxKiB, Number(readFileSync(rssFile, 'utf8')));
      }
      return round(maxKiB / 1024);
    };

    log(`phase breakdown (${n.phases} runs)`);
    const phases = measurePhases(n.phases, join(scratch, 'phases'));

    const baseMedian = median(times.baseline);
    const summary = (label, args, samples, rss) => ({
      label,
      command: shellLine(args),
      runs: samples.length,
      median_ms: round(median(samples)),
      p90_ms: round(percentile(samples, 90)),
      peak_rss_mib: rss,
      ratio: round(median(samples) / baseMedian, 2),
      samples_ms: samples.map((x) => round(x, 2)),
    });
    return [
      summary('baseline', BASELINE, times.baseline, peakRss(BASELINE, [0])),
      summary('preflight check', CHECK, times.preflight, peakRss(CHECK, PREFLIGHT_OK)),
      ...phases,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function assertReport(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`preflight check did not print a JSON report; stdout began:\n${stdout.slice(0, 500)}`);
  }
  if (!report || typeof report !== 'object') throw new Error('preflight check printed JSON that is not a report object');
}

/** Splits a cold start into coarse phases using bench/lib/phases.js (same steps as bin/preflight.js). */
function measurePhases(count, file) {
  const args = ['bench/lib/phases.js', ...CHECK.slice(1)];
  const spans = {
    'node start → first user code': [],
    'import tsx + register()': [],
    'import src/cli/main.ts graph': [],
    'run check': [],
    'after run → exit event': [],
    'exec + teardown (outside)': [],
    'phase replica total': [],
  };
  for (let i = 0; i < count; i++) {
    const { ms, stdout } = timedNode(args, { okCodes: PREFLIGHT_OK, env: { BENCH_PHASES_FILE: file } });
    assertReport(stdout);
    const m = JSON.parse(readFileSync(file, 'utf8'));
    const values = [m.start, m.tsxReady - m.start, m.cliImported - m.tsxReady, m.ran - m.cliImported, m.exit - m.ran, ms - m.exit, ms];
    Object.values(spans).forEach((list, j) => list.push(values[j]));
  }
  const total = median(spans['phase replica total']);
  return Object.entries(spans).map(([label, samples]) => ({
    label: label === 'phase replica total' ? label : `  ${label}`,
    command: label === 'phase replica total' ? shellLine(args) : undefined,
    runs: samples.length,
    median_ms: round(median(samples)),
    p90_ms: round(percentile(samples, 90)),
    share_pct: Math.round((median(samples) / total) * 100),
  }));
}
