// The HTML report's view model: every word and number the templates show, worked out here so templates stay dumb.
import type { Report } from '../engine/report.ts';
import { gates } from '../engine/report.ts';
import type { Evidence, Finding, Outcome } from '../engine/types.ts';
import { ACTORS, CATEGORIES } from '../schema/rule.schema.ts';
import { describeFact } from '../schema/facts.ts';
import { compareReports, CHANGE_KINDS, type Baseline, type ChangeKind, type ReportComparison } from './compare.ts';
import { OUTCOME_WORD, countsText, valueText } from './changes-text.ts';
import type { ExportSummarySlot } from './export-slot.ts';
import type { WaiverRecord } from '../config/waivers.ts';

const CATEGORY_LABEL: Record<string, string> = {
  permission: 'Permissions',
  prerequisite: 'Prerequisites',
  setting: 'Settings',
  mapping: 'Field mapping',
  limitation: 'Limitations',
  invoice: 'Invoices',
};

const SOURCE_LABEL: Record<string, string> = { fixture: 'example data', live: 'read live from Procore', survey: 'site survey' };

const SEVERITY_LABEL: Record<string, string> = { error: 'Blocker', warning: 'Warning', info: 'Note', hint: 'Hint' };

/** Icon (an SVG symbol in the template) and words for each state: status is never shown by colour alone. */
const STATUS: Record<Outcome, { icon: string; label: string }> = {
  fail: { icon: 'fail', label: 'Failed' },
  'not-evaluable': { icon: 'unknown', label: 'Not recorded yet' },
  blocked: { icon: 'blocked', label: 'Blocked' },
  waived: { icon: 'waived', label: 'Waived' },
  pass: { icon: 'pass', label: 'Passed' },
  'not-applicable': { icon: 'na', label: 'Does not apply' },
};

export interface FindingView {
  anchor: string;
  key: string;
  ruleId: string;
  title: string;
  message: string;
  outcome: Outcome;
  status: { icon: string; label: string };
  /** blocker | warning | unknown | waived | pass | na: the colour that goes with the icon and words. */
  tone: string;
  severity: string;
  severityLabel: string;
  actor: string;
  unconfirmed: boolean;
  remediation: string;
  evidence: { path: string; description?: string; found: string | string[]; recorded: boolean; where: string; source?: string }[];
  required: { name: string; value: string | string[] }[];
  missing: { path: string; collect?: string }[];
  blockedBy: { title: string; anchor?: string }[];
  waiver?: { approver: string; ticket: string; expires: string; reason: string };
  rule: string;
  docs: string;
}

export function buildView(report: Report, options: { baseline?: Baseline; exportSummary?: ExportSummarySlot }) {
  const anchors = new Map<string, string>();
  report.findings.forEach((f, i) => anchors.set(f.key, `finding-${i + 1}`));
  const firstOfRule = new Map<string, string>();
  for (const f of report.findings) if (!firstOfRule.has(f.ruleId)) firstOfRule.set(f.ruleId, anchors.get(f.key)!);
  const titles = new Map(report.findings.map((f) => [f.ruleId, f.title]));
  const view = (f: Finding) => findingView(f, report, anchors.get(f.key)!, (id) => ({ title: titles.get(id) ?? id, anchor: firstOfRule.get(id) }));

  const blockers = report.findings.filter((f) => gates(f, 'error'));
  const others = report.findings.filter((f) => !gates(f, 'error'));
  const byRank = (list: Finding[]) => [...list].sort((a, b) => rank(a) - rank(b));
  const applicable = report.findings.filter((f) => f.outcome !== 'not-applicable');
  const passed = report.findings.filter((f) => f.outcome === 'pass');
  const percent = applicable.length === 0 ? 100 : Math.round((passed.length / applicable.length) * 100);
  const unconfirmed = report.findings.filter((f) => f.confidence === 'unconfirmed' && f.outcome !== 'not-applicable').length;

  return {
    customer: report.customer,
    verdict: report.verdict === 'ready' ? 'Ready' : 'Not ready',
    verdictClass: report.verdict,
    verdictIcon: report.verdict === 'ready' ? 'pass' : 'fail',
    verdictDetail: report.verdict === 'ready' ? verdictReadyDetail(report) : `${plural(blockers.length, 'blocker')} to clear before the first export`,
    asOf: readableDate(report.asOf),
    capturedAt: readableDate(report.snapshot.captured_at),
    capturedBy: report.snapshot.captured_by,
    snapshotFile: report.snapshot.file,
    sources: Object.entries(report.snapshot.sources ?? {}).map(([section, source]) => ({ section, source: SOURCE_LABEL[source] ?? source })),
    pack: `${report.pack.name} ${report.pack.version}`,
    tool: `preflight ${report.tool.version}`,
    config: report.config,
    score: { percent, passed: passed.length, applicable: applicable.length, ...ring(percent) },
    categories: categoryViews(report),
    blockers: byRank(blockers).map(view),
    warnings: byRank(others.filter((f) => f.outcome === 'fail' || f.outcome === 'blocked')).map(view),
    toRecord: byRank(others.filter((f) => f.outcome === 'not-evaluable')).map(view),
    waived: report.findings.filter((f) => f.outcome === 'waived').map(view),
    passed: passed.map(view),
    notApplicable: report.findings.filter((f) => f.outcome === 'not-applicable').map(view),
    unconfirmed,
    waivers: report.waivers.map((w) => waiverView(w)),
    changes: options.baseline ? changesView(options.baseline.file, compareReports(options.baseline.report, report), anchors) : undefined,
    exportSummary: options.exportSummary,
  };
}

function waiverView(w: WaiverRecord) {
  const target = w.key ?? `${w.rule}${w.scope ? `/${w.scope}` : ''}`;
  return {
    target,
    status: {
      active: { icon: 'waived', label: 'Active', note: '' },
      expired: { icon: 'fail', label: 'Expired', note: 'the problem counts again' },
      stale: { icon: 'stale', label: 'Stale', note: 'matches no open problem' },
    }[w.status],
    tone: { active: 'waived', expired: 'blocker', stale: 'na' }[w.status],
    expires: w.expires,
    approver: w.approver,
    ticket: w.ticket,
    reason: w.reason,
    location: `${w.location.file}:${w.location.line}`,
    /** Finding keys it covers beyond the one its target names. */
    matched: w.matched.filter((k) => k !== target),
  };
}

function verdictReadyDetail(report: Report): string {
  const open = report.summary.warnings + report.summary.notes;
  return open > 0 ? `nothing blocks the export; ${plural(open, 'warning or note', 'warnings and notes')} to review` : 'nothing blocks the export';
}

function rank(f: Finding): number {
  const outcome = { fail: 0, blocked: 1, 'not-evaluable': 2, waived: 3, pass: 4, 'not-applicable': 5 }[f.outcome];
  const severity = { error: 0, warning: 1, info: 2, hint: 3 }[f.severity];
  return severity * 10 + outcome;
}

function findingView(f: Finding, report: Report, anchor: string, rule: (id: string) => { title: string; anchor?: string }): FindingView {
  return {
    anchor,
    key: f.key,
    ruleId: f.ruleId,
    title: f.title,
    // Nothing said twice: the "what to collect" box covers a missing fact, the title a bare pass, the waiver box its note.
    message: f.outcome === 'not-evaluable' && f.missing?.length ? '' : f.message === f.title ? '' : withoutWaiverNote(f),
    outcome: f.outcome,
    status: statusOf(f),
    tone: toneOf(f),
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    actor: (ACTORS as Record<string, string>)[f.actor] ?? f.actor,
    unconfirmed: f.confidence === 'unconfirmed',
    remediation: f.remediation,
    evidence: f.evidence.map((e) => evidenceView(e, report)),
    required: f.settings.map((s) => ({ name: s.name, value: display(s.value) })),
    missing: f.missing ?? [],
    blockedBy: (f.blockedBy ?? []).map(rule),
    waiver: f.waiver ? { approver: f.waiver.approver, ticket: f.waiver.ticket, expires: f.waiver.expires, reason: f.waiver.reason } : undefined,
    rule: `${f.ruleLocation.file}:${f.ruleLocation.line}`,
    docs: f.docs,
  };
}

function withoutWaiverNote(f: Finding): string {
  if (!f.waiver) return f.message;
  const w = f.waiver;
  const note = ` (waived until ${w.expires} by ${w.approver}, ${w.ticket}: ${w.reason})`;
  return f.message.endsWith(note) ? f.message.slice(0, -note.length) : f.message;
}

function statusOf(f: Finding): { icon: string; label: string } {
  if (f.outcome === 'waived' && f.waivedOutcome) return { icon: 'waived', label: `Waived (${OUTCOME_WORD[f.waivedOutcome]})` };
  if (f.outcome === 'fail' && f.severity !== 'error') return { icon: 'warning', label: 'Failed' };
  return STATUS[f.outcome];
}

function toneOf(f: Finding): string {
  if (gates(f, 'error')) return 'blocker';
  if (f.outcome === 'fail' || f.outcome === 'blocked') return 'warning';
  return { 'not-evaluable': 'unknown', waived: 'waived', pass: 'pass', 'not-applicable': 'na', fail: 'warning', blocked: 'warning' }[f.outcome];
}

function evidenceView(e: Evidence, report: Report) {
  const section = e.pointer.split('/')[1] ?? '';
  const source = report.snapshot.sources?.[section];
  return {
    path: e.path,
    description: describeFact(e.pointer).description,
    found: e.present ? display(e.value) : 'Not recorded',
    recorded: e.present,
    where: e.present ? `${e.location.file}, line ${e.location.line}` : `missing from ${e.location.file} (its section is at line ${e.location.line})`,
    source: source ? (SOURCE_LABEL[source] ?? source) : undefined,
  };
}

/** Values for people: yes/no for booleans, text without quotes, a list of texts item by item, short JSON for anything else. */
function display(value: unknown): string | string[] {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  // Each item is shown apart (the template isolates each), so a right-to-left name cannot swap places with the next.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** A donut drawn with one circle: the dash is the passed share of a circumference of 100 (r = 15.9155). */
function ring(percent: number): { dash: string; gap: string } {
  return { dash: percent.toFixed(1), gap: (100 - percent).toFixed(1) };
}

const SEGMENTS = [
  { kind: 'passed', label: 'passed', test: (f: Finding) => f.outcome === 'pass' },
  { kind: 'blocker', label: 'blocking', test: (f: Finding) => gates(f, 'error') },
  { kind: 'warning', label: 'to review', test: (f: Finding) => !gates(f, 'error') && (f.outcome === 'fail' || f.outcome === 'blocked' || f.outcome === 'not-evaluable') },
  { kind: 'waived', label: 'waived', test: (f: Finding) => f.outcome === 'waived' },
] as const;

function categoryViews(report: Report) {
  const present = CATEGORIES.filter((c) => report.findings.some((f) => f.category === c && f.outcome !== 'not-applicable'));
  return present.map((category) => {
    const list = report.findings.filter((f) => f.category === category && f.outcome !== 'not-applicable');
    let x = 0;
    const segments = SEGMENTS.map((s) => ({ ...s, count: list.filter(s.test).length }))
      .filter((s) => s.count > 0)
      .map((s) => {
        const width = (s.count / list.length) * 100;
        const seg = { kind: s.kind, label: s.label, count: s.count, x: x.toFixed(2), width: width.toFixed(2) };
        x += width;
        return seg;
      });
    const passed = list.filter((f) => f.outcome === 'pass').length;
    return {
      name: CATEGORY_LABEL[category] ?? category,
      passed,
      total: list.length,
      summary: segments.map((s) => `${s.count} ${s.label}`).join(', '),
      segments,
    };
  });
}

const CHANGE_LOOK: Record<ChangeKind, { label: string; icon: string; tone: string }> = {
  new: { label: 'New problems', icon: 'new', tone: 'blocker' },
  fixed: { label: 'Fixed', icon: 'pass', tone: 'pass' },
  'still-failing': { label: 'Still failing', icon: 'fail', tone: 'warning' },
  waived: { label: 'Now waived', icon: 'waived', tone: 'waived' },
  changed: { label: 'Values changed', icon: 'info', tone: 'unknown' },
  removed: { label: 'No longer reported', icon: 'na', tone: 'na' },
};

function stateWords(f: Finding): string {
  const word = OUTCOME_WORD[f.outcome];
  const capital = `${word[0].toUpperCase()}${word.slice(1)}`;
  // Severity says how much a problem matters; a pass has nothing to weigh.
  return f.outcome === 'pass' || f.outcome === 'not-applicable' ? capital : `${capital} · ${SEVERITY_LABEL[f.severity]}`;
}

function changesView(file: string, comparison: ReportComparison, anchors: Map<string, string>) {
  const groups = CHANGE_KINDS.map((kind) => ({
    kind,
    ...CHANGE_LOOK[kind],
    items: comparison.changes
      .filter((c) => c.kind === kind)
      .map((c) => ({
        key: c.key,
        title: (c.after ?? c.before)!.title,
        anchor: c.after ? anchors.get(c.key) : undefined,
        before: c.before ? stateWords(c.before) : 'Not reported',
        after: c.after ? stateWords(c.after) : 'Not reported',
        values: c.values.map((v) => ({ path: v.path, before: valueText(v, 'before'), after: valueText(v, 'after') })),
      })),
  })).filter((g) => g.items.length > 0);
  return {
    file,
    before: { asOf: readableDate(comparison.before.asOf), capturedAt: readableDate(comparison.before.capturedAt) },
    beforeVerdict: comparison.before.verdict === 'ready' ? 'Ready' : 'Not ready',
    mismatch: comparison.mismatch,
    groups,
    summary: countsText(comparison),
    worse: comparison.counts.new > 0,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2026-11-02T14:30:00Z → "2 November 2026, 14:30 UTC": written out, the same on every machine (no locale, no zone). */
export function readableDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return text;
  const day = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  if (m[4] === undefined) return day;
  const zone = m[6] === undefined ? '' : m[6] === 'Z' ? ' UTC' : ` UTC${m[6]}`;
  return `${day}, ${m[4]}:${m[5]}${zone}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export type HtmlView = ReturnType<typeof buildView>;
