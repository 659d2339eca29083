// The report: findings in a stable order with their summary and verdict, as every formatter receives it.
import type { Pack, Severity } from '../pack/types.ts';
import { cmp, type SourceLocation } from '../diagnostics.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { isProblem, type FailOn, type Finding, type Summary, type Verdict } from './types.ts';
import type { WaiverRecord } from '../config/waivers.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'preflight'; version: string };
  pack: { name: string; version: string };
  customer: string;
  snapshot: { file: string; captured_at: string; captured_by?: string; sources?: Record<string, string> };
  /** The config files applied, most general first; empty without --config. */
  config: string[];
  /** The day waivers are judged against (YYYY-MM-DD, UTC). */
  asOf: string;
  failOn: FailOn;
  verdict: Verdict;
  summary: Summary;
  findings: Finding[];
  /** Every waiver of the config with its status: a register a customer can sign off. */
  waivers: WaiverRecord[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

export { isProblem };

/** True when this finding alone makes the customer not ready at this threshold. */
export function gates(f: Finding, failOn: FailOn): boolean {
  return failOn !== 'never' && isProblem(f) && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
}

export function summarize(findings: Finding[]): Summary {
  const s: Summary = { blocking: 0, warnings: 0, notes: 0, passed: 0, notEvaluable: 0, blocked: 0, notApplicable: 0, waived: 0 };
  for (const f of findings) {
    switch (f.outcome) {
      case 'fail':
        if (f.severity === 'error') s.blocking++;
        else if (f.severity === 'warning') s.warnings++;
        else s.notes++;
        break;
      case 'pass':
        s.passed++;
        break;
      case 'not-evaluable':
        s.notEvaluable++;
        break;
      case 'blocked':
        s.blocked++;
        break;
      case 'not-applicable':
        s.notApplicable++;
        break;
      case 'waived':
        s.waived++;
        break;
    }
  }
  return s;
}

export interface ReportInput {
  pack: Pack;
  snapshot: Snapshot;
  findings: Finding[];
  failOn: FailOn;
  toolVersion: string;
  /** The snapshot path as the user named it. */
  snapshotFile: string;
  customer?: string;
  configFiles?: string[];
  asOf: string;
  waivers?: WaiverRecord[];
}

export function buildReport(input: ReportInput): Report {
  const findings = sortFindings(input.findings);
  const meta = input.snapshot.meta;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'preflight', version: input.toolVersion },
    pack: { name: input.pack.name, version: input.pack.version },
    customer: input.customer ?? meta.customer,
    snapshot: {
      file: input.snapshotFile,
      captured_at: meta.captured_at,
      ...(meta.captured_by ? { captured_by: meta.captured_by } : {}),
      ...(meta.sources ? { sources: meta.sources } : {}),
    },
    config: input.configFiles ?? [],
    asOf: input.asOf,
    failOn: input.failOn,
    // Readiness is about blockers (error severity) whatever --fail-on says; --fail-on decides the exit code.
    verdict: findings.some((f) => gates(f, 'error')) ? 'not-ready' : 'ready',
    summary: summarize(findings),
    findings,
    waivers: input.waivers ?? [],
  };
}

/** True when a finding at or above the report's --fail-on level is a problem: the run exits 1. */
export function failsGate(report: Report): boolean {
  return report.findings.some((f) => gates(f, report.failOn));
}

/**
 * Marks lists known to be in report order already (the engine's, and lists mapped from them one to one): a
 * hidden property of the list itself, not an entry in a WeakSet (whose weak table every collection must visit,
 * one more per evaluated customer).
 */
const IN_REPORT_ORDER: unique symbol = Symbol('in report order');

/** Says that `findings` is in sortFindings' order: sortFindings then only copies it. */
export function markInReportOrder(findings: Finding[]): Finding[] {
  Object.defineProperty(findings, IN_REPORT_ORDER, { value: true });
  return findings;
}

export function isInReportOrder(findings: Finding[]): boolean {
  return (findings as Finding[] & { [IN_REPORT_ORDER]?: true })[IN_REPORT_ORDER] === true;
}

/** Stable order for every output: rule file, line, column, then finding key. */
export function sortFindings(findings: Finding[]): Finding[] {
  if (isInReportOrder(findings)) return [...findings];
  // A rule's findings share its location: rank the few distinct locations, then order findings by rank and key.
  const rank = locationRanks(findings);
  const buckets: Finding[][] = [];
  for (const f of findings) (buckets[rank.get(f.ruleLocation)!] ??= []).push(f);
  const out: Finding[] = [];
  for (const bucket of buckets) {
    if (bucket === undefined) continue;
    if (bucket.length > 1) bucket.sort((a, b) => cmp(a.key, b.key));
    for (const f of bucket) out.push(f);
  }
  return out;
}

/** The last distinct locations ranked, in order of first appearance: every customer of a run has the same ones. */
let lastRanked: { locations: SourceLocation[]; rank: Map<SourceLocation, number> } | undefined;

function locationRanks(findings: Finding[]): Map<SourceLocation, number> {
  const distinct = [...new Set(findings.map((f) => f.ruleLocation))];
  if (lastRanked && lastRanked.locations.length === distinct.length && lastRanked.locations.every((l, i) => l === distinct[i])) return lastRanked.rank;
  const sorted = [...distinct].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column);
  const rank = new Map<SourceLocation, number>();
  sorted.forEach((l, i) => {
    const previous = sorted[i - 1];
    // Equal locations in different objects (findings read back from a report file) share a rank.
    rank.set(l, previous && previous.file === l.file && previous.line === l.line && previous.column === l.column ? rank.get(previous)! : i);
  });
  lastRanked = { locations: distinct, rank };
  return rank;
}
