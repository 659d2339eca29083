// Terminal output: one `file:line:col  severity  message  key` line per finding, by category, blockers first.
import type { Report } from '../engine/report.ts';
import { gates, severityRank } from '../engine/report.ts';
import type { Finding, Summary } from '../engine/types.ts';
import { formatLocation } from '../diagnostics.ts';
import { CATEGORIES } from '../schema/rule.schema.ts';
import { PLAIN, type Palette } from './colors.ts';
import { compareReports, type Baseline } from './compare.ts';
import { changeLines } from './changes-text.ts';
import { terminalText } from './terminal-text.ts';

export interface StylishOptions {
  colors?: Palette;
  /** List passed and not-applicable findings too. */
  showPassed?: boolean;
  /** A previous run's report: a section lists what changed since, by finding key. */
  baseline?: Baseline;
}

const MAX_VALUE = 80;

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
  lines.push(
    `${c.bold(terminalText(report.customer))}  ${c.dim(terminalText(`pack ${report.pack.name} ${report.pack.version}, snapshot ${report.snapshot.file} captured ${report.snapshot.captured_at}, as of ${report.asOf}`))}`,
  );

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
    for (const f of list) {
      lines.push(`  ${formatLine(f, c)}`);
      if (f.explanation) lines.push(...formatExplanation(f, c));
    }
  }
  if (report.waivers.length > 0) {
    lines.push('', c.bold('waivers'));
    for (const w of report.waivers) {
      const target = w.key ?? `${w.rule}${w.scope ? `/${w.scope}` : ''}`;
      const status = w.status === 'active' ? 'active' : w.status === 'expired' ? c.red('EXPIRED') : c.yellow('stale (matches no failing finding)');
      lines.push(`  ${terminalText(formatLocation(w.location))}  ${status}  ${terminalText(`${target} until ${w.expires}, approved by ${w.approver} (${w.ticket}): ${w.reason}`)}`);
    }
  }
  if (options.baseline) {
    lines.push('', c.bold(terminalText(`since ${options.baseline.file} (as of ${options.baseline.report.asOf})`)), ...changeLines(compareReports(options.baseline.report, report), c).slice(1));
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
  // One finding, one line: a line break inside a value (a YAML key may hold one) would split it for the problem matcher.
  return `${terminalText(formatLocation(f.location))}  ${paint(sev)}  ${OUTCOME_LABEL[f.outcome]}${terminalText(f.message)}  ${c.dim(terminalText(f.key))}`;
}

/** The deciding expression as a tree: rule-file line:col, the operation, and the value(s) it produced. */
function formatExplanation(f: Finding, c: Palette): string[] {
  const steps = f.explanation ?? [];
  if (steps.length === 0) return [];
  const out = [`      ${c.dim(terminalText(`why (${steps[0].location.file}):`))}`];
  for (const step of steps) {
    const where = `${step.location.line}:${step.location.column}`.padEnd(7);
    const value = step.values !== undefined ? `→ ${formatValues(step.values)}` : step.raised ? '(rejected a value: see the message)' : c.dim('(not evaluated)');
    out.push(`        ${c.dim(where)}${'  '.repeat(step.depth)}${terminalText(step.expression)} ${value}`);
  }
  return out;
}

function formatValues(values: unknown[]): string {
  const one = (v: unknown) => {
    const text = v === undefined ? 'undefined' : terminalText(JSON.stringify(v));
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
  };
  if (values.length === 1) return one(values[0]);
  const shown = values.slice(0, 6).map(one).join(', ');
  return `${values.length} values: ${shown}${values.length > 6 ? ', …' : ''}`;
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
