// Scenario "cli-cold-start": wall time of one `preflight check` in a fresh process versus an empty `node -e ''`, and what `npx` adds.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { timedNode, shellLine } from '../lib/spawn.js';
import { median, percentile, round } from '../lib/stats.js';
import { entryPath } from '../lib/entry-path.js';

export const name = 'cli-cold-start';
export const description = 'fresh `node bin/preflight.js check` on the demo snapshot vs `node -e \'\'`, and `npx preflight check`, interleaved';
export const notes = [
  'ratio = median / baseline median; p90 is nearest-rank. Absolute times are machine noise; read the ratio. Target: preflight check within 4x of the baseline.',
  'Each round runs every command once, the order rotating. Warm-up runs are discarded, so the OS file cache and tsx\'s transform cache (os.tmpdir()/tsx-*) are warm: "cold" means a cold process, not a cold disk.',
  'bin/preflight.js is measured as it is: the `entry` column says whether it ran the dist/ bundle or the sources through tsx (bench/lib/entry-path.js mirrors bin/entry.js). When a bundle is in use, a full run adds a PREFLIGHT_NO_BUNDLE=1 row for the tsx path.',
  '`npx --no preflight …` is npm\'s own npx-cli.js run by the same node (what the `npx` command does); --no forbids any download, so it runs this repository\'s bin. npx_overhead_ms = its median − the bin/preflight.js median.',
  'Peak RSS comes from separate, untimed runs of the same command preloaded with bench/lib/rss-probe.js (process.resourceUsage().maxRSS at exit).',
  'Phase rows come from separate runs of bench/lib/phases.js, a copy of bin/preflight.js with timestamps; phase medians need not add up to the total median.',
];

const CHECK_ARGS = ['check', '--snapshot', 'fixtures/snapshots/demo-harbor-point.yaml', '--format', 'json'];
const CHECK = ['bin/preflight.js', ...CHECK_ARGS];
const BASELINE = ['-e', ''];
const PREFLIGHT_OK = [0, 1]; // 1 = the demo customer is not ready: expected.

function npxCli() {
  const candidates = [join(dirname(process.execPath), '../lib/node_modules/npm/bin/npx-cli.js'), '/usr/lib/node_modules/npm/bin/npx-cli.js', '/usr/local/lib/node_modules/npm/bin/npx-cli.js'];
  return candidates.find((c) => existsSync(c));
}

export async function run({ quick, log }) {
  const n = quick ? { warmup: 1, rounds: 3, rss: 1, phases: 2 } : { warmup: 2, rounds: 25, rss: 3, phases: 10 };
  const entry = entryPath();
  const npx = npxCli();
  const commands = [
    { key: 'baseline', label: 'baseline', args: BASELINE, ok: [0] },
    { key: 'preflight', label: `preflight check`, args: CHECK, ok: PREFLIGHT_OK, report: true },
  ];
  if (npx) commands.push({ key: 'npx', label: 'npx preflight check', args: [npx, '--no', 'preflight', ...CHECK_ARGS], shown: ['npx', '--no', 'preflight', ...CHECK_ARGS], ok: PREFLIGHT_OK, report: true });
  if (!quick && entry.path === 'bundle' && entry.canForceTsx) {
    commands.push({ key: 'tsx', label: 'preflight check, tsx path', args: CHECK, env: { PREFLIGHT_NO_BUNDLE: '1' }, ok: PREFLIGHT_OK, report: true });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
  try {
    log(`bin/preflight.js runs the ${entry.path} (${entry.why})`);
    log(`warm-up (${n.warmup} of each)`);
    const runOne = (c, extraEnv = {}) => {
      const r = timedNode(c.args, { okCodes: c.ok, env: { ...(c.env ?? {}), ...extraEnv } });
      if (c.report) assertReport(r.stdout, c.label);
      return r;
    };
    for (let i = 0; i < n.warmup; i++) for (const c of commands) runOne(c);

    log(`${n.rounds} interleaved rounds`);
    const times = Object.fromEntries(commands.map((c) => [c.key, []]));
    for (let i = 0; i < n.rounds; i++) {
      const shift = i % commands.length;
      for (const c of [...commands.slice(shift), ...commands.slice(0, shift)]) times[c.key].push(runOne(c).ms);
    }

    log(`peak RSS (${n.rss} probe run(s) of each)`);
    const rssFile = join(scratch, 'rss');
    const peakRss = (c) => {
      let maxKiB = 0;
      for (let i = 0; i < n.rss; i++) {
        timedNode(['--import', new URL('../lib/rss-probe.js', import.meta.url).href, ...c.args], { okCodes: c.ok, env: { ...(c.env ?? {}), BENCH_RSS_FILE: rssFile } });
        maxKiB = Math.max(maxKiB, Number(readFileSync(rssFile, 'utf8')));
      }
      return round(maxKiB / 1024);
    };

    log(`phase breakdown (${n.phases} runs)`);
    const phases = measurePhases(n.phases, join(scratch, 'phases'));

    const baseMedian = median(times.baseline);
    const preflightMedian = median(times.preflight);
    const rows = commands.map((c) => ({
      label: c.label,
      command: (c.env ? Object.entries(c.env).map(([k, v]) => `${k}=${v} `).join('') : '') + (c.shown ? shellLine(c.shown).replace(/^node /, '') : shellLine(c.args)),
      entry: c.key === 'preflight' ? entry.path : c.key === 'tsx' ? 'tsx' : c.key === 'npx' ? entry.path : undefined,
      runs: times[c.key].length,
      median_ms: round(median(times[c.key])),
      p90_ms: round(percentile(times[c.key], 90)),
      peak_rss_mib: c.key === 'npx' ? undefined : peakRss(c),
      npx_overhead_ms: c.key === 'npx' ? round(median(times.npx) - preflightMedian) : undefined,
      ratio: round(median(times[c.key]) / baseMedian, 2),
      samples_ms: times[c.key].map((x) => round(x, 2)),
    }));
    const after = entryPath();
    if (after.path !== entry.path) throw new Error(`bin/preflight.js switched from the ${entry.path} to the ${after.path} during the scenario (${after.why}): samples would mix both; rerun`);
    return [...rows, ...phases];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function assertReport(stdout, label) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`${label} did not print a JSON report; stdout began:\n${stdout.slice(0, 500)}`);
  }
  if (!report || typeof report !== 'object' || report.verdict !== 'not-ready') throw new Error(`${label} printed JSON that is not the demo's report (verdict not-ready)`);
}

/** Splits a cold start into coarse phases using bench/lib/phases.js (same steps as bin/preflight.js). */
function measurePhases(count, file) {
  const args = ['bench/lib/phases.js', ...CHECK_ARGS];
  const spans = {
    'node start → first user code': [],
    'load the CLI (bundle, or tsx + src graph)': [],
    'run check': [],
    'after run → exit event': [],
    'exec + teardown (outside)': [],
    'phase replica total': [],
  };
  for (let i = 0; i < count; i++) {
    const { ms, stdout } = timedNode(args, { okCodes: PREFLIGHT_OK, env: { BENCH_PHASES_FILE: file } });
    assertReport(stdout, 'bench/lib/phases.js');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    const values = [m.start, m.loaded - m.start, m.ran - m.loaded, m.exit - m.ran, ms - m.exit, ms];
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
