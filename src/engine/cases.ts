// Runs rule cases and doc examples: each builds a snapshot, evaluates the pack, compares the rule's findings.
import type { Pack } from '../pack/types.ts';
import type { RuleCase } from '../pack/cases.ts';
import type { SourceLocation } from '../diagnostics.ts';
import { mergePatch, removePath } from '../snapshot/patch.ts';
import { snapshotFromData } from '../snapshot/load.ts';
import { PreflightError } from '../diagnostics.ts';
import { evaluateRules, defaultSettings } from './evaluate.ts';
import { isProblem } from './report.ts';
import { runInvoiceCase } from './invoice.ts';

export interface CaseResult {
  ruleId: string;
  name: string;
  location: SourceLocation;
  /** Empty when the case passed; otherwise one line per mismatch. */
  failures: string[];
}

export function runCases(pack: Pack, cases: RuleCase[]): CaseResult[] {
  return cases.map((c) => ({ ruleId: c.rule.id, name: c.name, location: c.location, failures: runCase(pack, c) }));
}

function runCase(pack: Pack, c: RuleCase): string[] {
  const data = mergePatch(c.base, c.patch) as Record<string, unknown>;
  const failures: string[] = [];
  for (const path of c.remove) if (!removePath(data, path)) failures.push(`remove: "${path}" is not in the snapshot, so the case does not test what it says`);
  let snapshot;
  try {
    snapshot = snapshotFromData(data, `${c.location.file}:${c.location.line}`);
  } catch (e) {
    if (!(e instanceof PreflightError)) throw e;
    return [...failures, ...e.diagnostics.map((d) => `the case's snapshot is invalid: ${d.message}`)];
  }
  const settings = defaultSettings(pack);
  for (const [k, v] of Object.entries(c.settings)) settings.set(k, v);
  let findings;
  if (c.invoice) {
    const ran = runInvoiceCase(pack, snapshot, settings, c.invoice, `${c.location.file}:${c.location.line}`);
    if (typeof ran === 'string') return [...failures, ran];
    findings = ran.filter((f) => f.ruleId === c.rule.id);
  } else findings = evaluateRules(pack, snapshot, { settings }).filter((f) => f.ruleId === c.rule.id);
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const listed = new Set<string>();

  for (const e of c.expect) {
    if (e.key.endsWith('/*')) {
      // Doc examples of `each` rules: a fail example fails somewhere; a pass example has no problem at all.
      const problems = findings.filter(isProblem);
      if (e.outcome === 'fail' && !findings.some((f) => f.outcome === 'fail')) failures.push(`expected some finding of ${c.rule.id} to fail; got ${describe(findings)}`);
      if (e.outcome === 'pass' && (problems.length > 0 || findings.length === 0)) failures.push(`expected every finding of ${c.rule.id} to pass; got ${describe(findings)}`);
      findings.forEach((f) => listed.add(f.key));
      continue;
    }
    listed.add(e.key);
    const f = byKey.get(e.key);
    if (!f) {
      failures.push(`expected finding ${e.key} (${e.outcome}); the rule produced ${describe(findings)}`);
      continue;
    }
    if (f.outcome !== e.outcome) failures.push(`expected ${e.key} to be ${e.outcome}, got ${f.outcome}: ${f.message}`);
    if (e.messageIncludes && !f.message.includes(e.messageIncludes)) failures.push(`expected the message of ${e.key} to include "${e.messageIncludes}"; it is: ${f.message}`);
  }
  for (const f of findings) {
    if (!listed.has(f.key) && isProblem(f)) failures.push(`unexpected finding ${f.key} (${f.outcome}): ${f.message}`);
  }
  return failures;
}

function describe(findings: { key: string; outcome: string }[]): string {
  return findings.length === 0 ? 'no findings' : findings.map((f) => `${f.key} (${f.outcome})`).join(', ');
}
