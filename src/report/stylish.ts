// Terminal output: one `file:line:col  severity  message  key` line per finding, by category, blockers first.
import type { Report } from '../engine/report.ts';
import { gates, severityRank } from '../engine/report.ts';
import type { Finding, Summary } from '../engine/types.ts';
import { formatLocation } from '../diagnostics.ts';
import { CATEGORIES } from '../schema/rule.schema.ts';
import { PLAIN, type Palette } from './colors.ts';

export interface StylishOptions {
  colors?: Palette;
  /** List passed and not-applicable findings too. */
  showPassed?: boolean;
}

const OUTCOME_LABEL: Record<string, string> = {
  'not-evaluable': '[not evaluable] ',
  blocked: '[blocked] ',
  waived: '[waived] ',
  pass: '[passed] ',
  'not-applicable': '[not applicable] ',
  fail: '',
};

export function formatStylish(report: Report, options: StylishOptions = {}): string {
  const c = options.colors ?? PLAIN;
  const shown = report.findings.filter((f) => options.showPassed || (f.outcome !== 'pass' && f.outcome !== 'not-applicable'));
  const lines: string[] = [];
  lines.push(`${c.bold(report.customer)}  ${c.dim(`pack ${report.pack.name} ${report.pack.version}, snapshot ${report.snapshot.file} captured ${report.snapshot.captured_at}`)}`);

  const byCategory = new Map<string, Finding[]>();
  for (const f of shown) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  const order = [...byCategory.keys()].sort((a, b) => {
    const ga = byCategory.get(a)!.some((f) => gates(f, report.failOn)) ? 0 : 1;
    const gb = byCategory.get(b)!.some((f) => gates(f, report.failOn)) ? 0 : 1;
    return ga - gb || CATEGORIES.indexOf(a as never) - CATEGORIES.indexOf(b as never);
  });
  for (const category of order) {
    lines.push('', c.bold(category));
    const list = [...byCategory.get(category)!].sort((a, b) => rank(b, report) - rank(a, report));
    for (const f of list) lines.push(`  ${formatLine(f, c)}`);
  }
  lines.push('', verdictLine(report, c));
  return lines.join('\n') + '\n';
}

function rank(f: Finding, report: Report): number {
  const gate = gates(f, report.failOn) ? 100 : 0;
  const outcome = { fail: 30, 'not-evaluable': 20, blocked: 10, waived: 5, pass: 0, 'not-applicable': 0 }[f.outcome];
  return gate + outcome + severityRank(f.severity);
}

function formatLine(f: Finding, c: Palette): string {
  const sev = f.severity.padEnd(7);
  const paint = f.outcome === 'pass' || f.outcome === 'not-applicable' || f.outcome === 'waived' ? c.dim : f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.blue;
  return `${formatLocation(f.location)}  ${paint(sev)}  ${OUTCOME_LABEL[f.outcome]}${f.message}  ${c.dim(f.key)}`;
}

export function summaryText(s: Summary): string {
  const parts = [
    `${s.blocking} blocking`,
    plural(s.warnings, 'warning'),
    ...(s.notes ? [plural(s.notes, 'note')] : []),
    `${s.passed} passed`,
    `${s.notEvaluable} not evaluable`,
    `${s.blocked} blocked`,
    `${s.notApplicable} not applicable`,
    ...(s.waived ? [`${s.waived} waived`] : []),
  ];
  return parts.join(', ');
}

function verdictLine(report: Report, c: Palette): string {
  const head = report.verdict === 'ready' ? c.green('Ready') : c.red('Not ready');
  return `${c.bold(head)}: ${summaryText(report.summary)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
