// Two reports compared by finding key: what is new, fixed, still failing, waived, changed or gone.
import type { Report } from '../engine/report.ts';
import { gates } from '../engine/report.ts';
import { isProblem, type FailOn, type Finding } from '../engine/types.ts';
import { cmp } from '../diagnostics.ts';

/**
 * new: a problem now that was not one before (or did not exist); fixed: a problem before, passing or not
 * applicable now; still-failing: a problem in both; waived: a problem before, waived now; changed: neither
 * run has it as a problem but a value it read differs; removed: reported before, not now.
 */
export const CHANGE_KINDS = ['new', 'fixed', 'still-failing', 'waived', 'changed', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A previous run's JSON report, named as the user named it (check --baseline). */
export interface Baseline {
  file: string;
  report: Report;
}

export interface ValueChange {
  path: string;
  /** Absent when the fact was not recorded in that run. */
  before?: unknown;
  after?: unknown;
  beforePresent: boolean;
  afterPresent: boolean;
}

export interface FindingChange {
  kind: ChangeKind;
  key: string;
  before?: Finding;
  after?: Finding;
  /** Evidence whose value differs between the runs, by fact path. */
  values: ValueChange[];
}

export interface ReportSide {
  customer: string;
  pack: Report['pack'];
  asOf: string;
  verdict: Report['verdict'];
  capturedAt: string;
}

export interface ReportComparison {
  before: ReportSide;
  after: ReportSide;
  /**
   * Set when the reports are of different customers or packs (only compared with --allow-other-customer):
   * the sentence every format shows, since findings matched by key across customers mean little.
   */
  mismatch?: string;
  /** In CHANGE_KINDS order, then by key. Findings that did not change at all are left out. */
  changes: FindingChange[];
  counts: Record<ChangeKind, number>;
}

/** Whose report this is, as the messages about a mismatch name it: customer "X" (pack NAME VERSION). */
export function subjectText(r: Pick<Report, 'customer' | 'pack'>): string {
  return `customer ${JSON.stringify(r.customer)} (pack ${r.pack.name} ${r.pack.version})`;
}

/**
 * Undefined when both reports are of one customer and one pack (another version of the pack is fine: that is
 * how an upgrade is reviewed); else what differs, as in "reports of different customers".
 */
export function subjectMismatch(before: Pick<Report, 'customer' | 'pack'>, after: Pick<Report, 'customer' | 'pack'>): string | undefined {
  const customer = before.customer !== after.customer;
  const pack = before.pack.name !== after.pack.name;
  if (!customer && !pack) return undefined;
  return customer && pack ? 'customers and packs' : customer ? 'customers' : 'packs';
}

export function compareReports(before: Report, after: Report): ReportComparison {
  const old = new Map(before.findings.map((f) => [f.key, f]));
  const now = new Map(after.findings.map((f) => [f.key, f]));
  const changes: FindingChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const change = classify(key, old.get(key), now.get(key));
    if (change) changes.push(change);
  }
  changes.sort((a, b) => CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) || cmp(a.key, b.key));
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const c of changes) counts[c.kind]++;
  const side = (r: Report): ReportSide => ({ customer: r.customer, pack: r.pack, asOf: r.asOf, verdict: r.verdict, capturedAt: r.snapshot.captured_at });
  const mismatch = subjectMismatch(before, after);
  const banner = mismatch && `Reports of different ${mismatch}, compared anyway (--allow-other-customer): the earlier is of ${subjectText(before)}, the later of ${subjectText(after)}; findings are matched by key only.`;
  return { before: side(before), after: side(after), ...(banner ? { mismatch: banner } : {}), changes, counts };
}

function classify(key: string, before: Finding | undefined, after: Finding | undefined): FindingChange | undefined {
  const values = before && after ? valueChanges(before, after) : [];
  const wasProblem = before !== undefined && isProblem(before);
  const isNowProblem = after !== undefined && isProblem(after);
  const make = (kind: ChangeKind): FindingChange => ({ kind, key, ...(before ? { before } : {}), ...(after ? { after } : {}), values });
  if (!after) return make('removed');
  if (isNowProblem) return wasProblem ? make('still-failing') : make('new');
  if (wasProblem) return after.outcome === 'waived' ? make('waived') : make('fixed');
  if (before && (values.length > 0 || before.outcome !== after.outcome)) return make('changed');
  // A finding that appears for the first time and is no problem (a new passing rule) is not news.
  return undefined;
}

function valueChanges(before: Finding, after: Finding): ValueChange[] {
  const old = new Map(before.evidence.map((e) => [e.path, e]));
  const now = new Map(after.evidence.map((e) => [e.path, e]));
  const out: ValueChange[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort(cmp)) {
    const a = old.get(path);
    const b = now.get(path);
    // A fact the rule stopped or started reading is not a changed value, only a changed rule.
    if (!a || !b) continue;
    if (a.present === b.present && stable(a.value) === stable(b.value)) continue;
    out.push({
      path,
      ...(a.present ? { before: a.value } : {}),
      ...(b.present ? { after: b.value } : {}),
      beforePresent: a.present,
      afterPresent: b.present,
    });
  }
  return out;
}

/** JSON with sorted keys: two equal values read from differently ordered files compare equal. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => cmp(a, b))) : v,
  );
}

/** New problems at or above the threshold: what makes `diff` exit 1. */
export function gotWorse(comparison: ReportComparison, failOn: FailOn): FindingChange[] {
  return comparison.changes.filter((c) => c.kind === 'new' && c.after !== undefined && gates(c.after, failOn));
}
