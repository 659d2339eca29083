// Plain text for a report comparison: `preflight diff` and stylish output with --baseline share these lines.
import type { Finding, Outcome } from '../engine/types.ts';
import { CHANGE_KINDS, type ChangeKind, type FindingChange, type ReportComparison, type ValueChange } from './compare.ts';
import { PLAIN, type Palette } from './colors.ts';
import { terminalText } from './terminal-text.ts';

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  new: 'new',
  fixed: 'fixed',
  'still-failing': 'still failing',
  waived: 'now waived',
  changed: 'changed values',
  removed: 'no longer reported',
};

export const OUTCOME_WORD: Record<Outcome, string> = {
  fail: 'failed',
  'not-evaluable': 'not evaluable',
  blocked: 'blocked',
  waived: 'waived',
  pass: 'passed',
  'not-applicable': 'not applicable',
};

const MAX_VALUE = 80;

/**
 * Sections by kind (only those with changes), each change on one line keyed by finding key, values beneath; first
 * the warning that the reports are of different customers or packs, when they are.
 */
export function changeLines(comparison: ReportComparison, c: Palette = PLAIN): string[] {
  const lines: string[] = comparison.mismatch ? ['', c.yellow(terminalText(comparison.mismatch))] : [];
  for (const kind of CHANGE_KINDS) {
    const list = comparison.changes.filter((ch) => ch.kind === kind);
    if (list.length === 0) continue;
    lines.push('', c.bold(`${CHANGE_LABEL[kind]} (${list.length})`));
    for (const ch of list) lines.push(`  ${terminalText(ch.key)}  ${describe(ch, c)}`, ...detail(ch));
  }
  lines.push('', `${verdictWord(comparison.before.verdict)} → ${verdictWord(comparison.after.verdict)}: ${countsText(comparison)}`);
  return lines;
}

/** `preflight diff` as text: a heading naming both reports, then the changes. */
export function formatDiffStylish(comparison: ReportComparison, files: { before: string; after: string }, c: Palette = PLAIN): string {
  const { before, after } = comparison;
  const who = before.customer === after.customer ? before.customer : `${before.customer} → ${after.customer}`;
  const head = `${c.bold(terminalText(who))}  ${c.dim(terminalText(`${files.before} (as of ${before.asOf}, captured ${before.capturedAt}) → ${files.after} (as of ${after.asOf}, captured ${after.capturedAt})`))}`;
  return [head, ...changeLines(comparison, c)].join('\n') + '\n';
}

export function countsText(comparison: ReportComparison): string {
  return CHANGE_KINDS.map((k) => `${comparison.counts[k]} ${CHANGE_LABEL[k]}`).join(', ');
}

function describe(ch: FindingChange, c: Palette): string {
  const now = ch.after;
  const was = ch.before;
  switch (ch.kind) {
    case 'new':
    case 'still-failing':
      return `${paint(now!, c)(now!.severity)}  ${prefix(now!)}${terminalText(now!.message)}`;
    case 'fixed':
      return `${c.green(OUTCOME_WORD[now!.outcome])}; was ${OUTCOME_WORD[was!.outcome]}: ${terminalText(was!.message)}`;
    case 'waived':
    case 'changed':
      return `${OUTCOME_WORD[now!.outcome]}: ${terminalText(now!.message)}`;
    case 'removed':
      return `was ${OUTCOME_WORD[was!.outcome]}: ${terminalText(was!.message)}`;
  }
}

function detail(ch: FindingChange): string[] {
  const out: string[] = [];
  if (ch.kind === 'still-failing' && ch.before && ch.after && (ch.before.outcome !== ch.after.outcome || ch.before.severity !== ch.after.severity)) {
    out.push(`      was ${OUTCOME_WORD[ch.before.outcome]} (${ch.before.severity})`);
  }
  for (const v of ch.values) out.push(`      ${terminalText(v.path)}: ${valueText(v, 'before')} → ${valueText(v, 'after')}`);
  return out;
}

export function valueText(v: ValueChange, side: 'before' | 'after'): string {
  const present = side === 'before' ? v.beforePresent : v.afterPresent;
  if (!present) return 'not recorded';
  const text = terminalText(JSON.stringify(v[side]) ?? 'undefined');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function prefix(f: Finding): string {
  return f.outcome === 'fail' ? '' : `[${OUTCOME_WORD[f.outcome]}] `;
}

function paint(f: Finding, c: Palette): (s: string) => string {
  return f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.blue;
}

function verdictWord(v: 'ready' | 'not-ready'): string {
  return v === 'ready' ? 'Ready' : 'Not ready';
}
