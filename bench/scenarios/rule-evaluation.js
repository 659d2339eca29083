// Scenario "rule-evaluation": the pack's snapshot rules over generated snapshots, preflight in-process vs json-rules-engine, same verdicts checked first.
import { timedNode, shellLine } from '../lib/spawn.js';
import { round } from '../lib/stats.js';
import { competitorVersions } from '../lib/competitors.js';

export const name = 'rule-evaluation';
export const description = 'evaluations/s of the 31 snapshot rules on generated snapshots: preflight evaluateRules + buildReport (in-process, warm) vs the same rules in json-rules-engine';
export const notes = [
  'Snapshots: generated in memory from fixtures/snapshots/*.yaml with a seeded PRNG (bench/lib/snapshots.js, seed 20261126): a fixture at random, then 0–3 mutations (flip a flag, change a version/country/ERP/usage/permission/e-mail/date/startup type/vendor name, point the setup user or requester elsewhere, add users or reference data, delete a fact so it is not recorded).',
  'All 31 snapshot rules of rules/readiness are written for json-rules-engine in bench/lib/jre-rules.js (every rule, not a subset): conditions on path facts, shared conditions for `requires`, derived facts for lookups and list projections, and custom operators versionGte, versionAmong, isEmail, truthy, recorded, equalIgnoringCaseAndSpace.',
  'Verdict = pass/fail per rule (preflight: pass when every finding of the rule is pass or not-applicable; fail, not-evaluable and blocked count as fail) plus ready/not-ready (no error-severity rule fails). Every snapshot is checked on both JRE configurations before it is timed; the run fails on the first difference.',
  'Timed per side, in one process (bench/lib/rule-eval-worker.js), on the esbuild bundle of the engine (bench/lib/engine-bundle.js, built like the CLI\'s): preflight = evaluateRules + buildReport (what `check` does per customer once the snapshot is loaded: every finding with its outcome, settings and keys, and the verdict; a finding\'s message, evidence and location are worked out when an output reads them); JRE = engine.run({ snapshot }) + reading its results. The row "preflight, then every finding read" also reads every finding\'s message, evidence and location, as a JSON report does: the cost when everything is shown. Snapshot parsing (snapshotFromData: YAML, schema, pointer index) is untimed, built in chunks so memory stays flat.',
  'Warm: two untimed passes over the first chunk per side; then each chunk is timed `reps` times per side with the order rotating; per-chunk medians are summed. ratio = preflight evaluations/s ÷ that JRE configuration\'s evaluations/s (>1 means preflight is faster).',
  'The JSONPath row is json-rules-engine as documented (its default jsonpath-plus resolver); the plain-walk row gives it a trivial pathResolver, its fastest honest configuration. The target (≥10×) is judged against the faster of the two.',
];

export async function run({ quick, log }) {
  const count = quick ? 600 : 10000;
  const reps = quick ? 1 : 3;
  const chunk = quick ? 300 : 500;
  const args = ['bench/lib/rule-eval-worker.js', '--count', String(count), '--chunk', String(chunk), '--reps', String(reps)];
  log(`evaluating ${count} generated snapshots (${reps} timed pass(es) per side, verdicts checked first)`);
  const { stdout } = timedNode(args);
  const r = JSON.parse(stdout.trim().split('\n').pop());
  if (r.checked !== count) throw new Error(`only ${r.checked} of ${count} snapshots were checked`);
  const pfRate = count / (r.totalsMs.preflight / 1000);
  const versions = competitorVersions();
  const rows = [
    {
      label: 'preflight evaluateRules',
      command: shellLine(args),
      snapshots: count,
      rules: r.rules,
      seconds: round(r.totalsMs.preflight / 1000, 2),
      evals_per_s: Math.round(pfRate),
      us_per_eval: round((r.totalsMs.preflight * 1000) / count, 1),
    },
  ];
  const materialized = r.totalsMs['preflight, every finding read'];
  const jreFastestMs = Math.min(...Object.entries(r.totalsMs).filter(([side]) => side.startsWith('json-rules-engine')).map(([, ms]) => ms));
  rows.push({
    label: 'preflight, then every finding read',
    snapshots: count,
    rules: r.rules,
    seconds: round(materialized / 1000, 2),
    evals_per_s: Math.round(count / (materialized / 1000)),
    us_per_eval: round((materialized * 1000) / count, 1),
    vs_fastest_jre: round(jreFastestMs / materialized, 2),
  });
  for (const [side, ms] of Object.entries(r.totalsMs)) {
    if (!side.startsWith('json-rules-engine')) continue;
    const rate = count / (ms / 1000);
    rows.push({
      label: `${side.replace('json-rules-engine', `json-rules-engine ${versions['json-rules-engine']}`)}`,
      snapshots: count,
      rules: r.rules,
      seconds: round(ms / 1000, 2),
      evals_per_s: Math.round(rate),
      us_per_eval: round((ms * 1000) / count, 1),
      ratio: round(pfRate / rate, 2),
    });
  }
  rows.push({
    label: 'verdicts checked (identical)',
    snapshots: r.checked,
    ready: r.ready,
    rule_fails: r.ruleFails,
    outcomes: Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
    fails_by_rule: r.failsByRule,
    chunk_ms: r.chunkMs,
  });
  return rows;
}
