// Findings and reports: the values the engine returns and every formatter reads.
import type { SourceLocation } from '../diagnostics.ts';
import type { Category, Severity } from '../pack/types.ts';

export const OUTCOMES = ['fail', 'not-evaluable', 'blocked', 'waived', 'pass', 'not-applicable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Evidence {
  /** Dotted fact name, e.g. hh2.client.version. */
  path: string;
  pointer: string;
  present: boolean;
  value?: unknown;
  /** Where the fact stands in the snapshot; for an absent fact, its nearest existing parent. */
  location: SourceLocation;
}

export interface MissingFact {
  path: string;
  /** How a person records it (from the snapshot schema), when known. */
  collect?: string;
}

/** One operation of the deciding expression (--explain), in evaluation order. */
export interface ExplainStep {
  depth: number;
  /** The operation, or `var path` / `setting name`. */
  expression: string;
  /** Where the operation stands in the rule file. */
  location: SourceLocation;
  /** Every value it produced (several inside some/all/filter/map); absent when it was never evaluated. */
  values?: unknown[];
  /** True when it started but produced no value: it rejected a value (the finding's message says which). */
  raised?: boolean;
}

export interface Finding {
  /** `ruleId` or `ruleId/itemKey`: stable across runs. */
  key: string;
  ruleId: string;
  itemKey?: string;
  outcome: Outcome;
  severity: Severity;
  category: Category;
  actor: string;
  confidence: 'confirmed' | 'unconfirmed';
  title: string;
  message: string;
  evidence: Evidence[];
  settings: { name: string; value: unknown }[];
  missing?: MissingFact[];
  blockedBy?: string[];
  /** For a waived finding: the outcome it had before the waiver, and the waiver that holds. */
  waivedOutcome?: Outcome;
  waiver?: { reason: string; approver: string; ticket: string; expires: string; location: SourceLocation };
  /** With --explain: the sub-expressions of the expression that decided the outcome, with their values. */
  explanation?: ExplainStep[];
  /** The rule's remediation steps (markdown), so a report explains the fix without the pack at hand. */
  remediation: string;
  /** The rule's doc, written like the rule file's path (relative when that was). */
  docs: string;
  /** The rule's file, at its id. */
  ruleLocation: SourceLocation;
  /** Where the finding is shown: the first evidence, else the rule. */
  location: SourceLocation;
}

export interface Summary {
  blocking: number;
  warnings: number;
  notes: number;
  passed: number;
  notEvaluable: number;
  blocked: number;
  notApplicable: number;
  waived: number;
}

/** A finding that is a problem: it failed, or could not be evaluated, or was blocked. */
export function isProblem(f: { outcome: Outcome }): boolean {
  return f.outcome === 'fail' || f.outcome === 'not-evaluable' || f.outcome === 'blocked';
}

export type Verdict = 'ready' | 'not-ready';
export type FailOn = Severity | 'never';
