// SARIF 2.1.0 for code scanning: one result per finding that is a problem or waived, located at its evidence.
import type { Report } from '../engine/report.ts';
import { isProblem, type Finding } from '../engine/types.ts';
import type { SourceLocation } from '../diagnostics.ts';
import { compareReports, type Baseline, type ReportComparison } from './compare.ts';
import { OUTCOME_WORD } from './changes-text.ts';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export interface SarifOptions {
  baseline?: Baseline;
}

export function formatSarif(report: Report, options: SarifOptions = {}): string {
  const shown = report.findings.filter((f) => isProblem(f) || f.outcome === 'waived');
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const byRule = new Map(report.findings.map((f) => [f.ruleId, f]));
  const comparison = options.baseline ? compareReports(options.baseline.report, report) : undefined;
  const state = comparison && baselineStates(comparison, report);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'preflight',
            version: report.tool.version,
            rules: ruleIds.map((id) => ruleDescriptor(byRule.get(id)!)),
          },
          extensions: [{ name: report.pack.name, version: report.pack.version }],
        },
        columnKind: 'utf16CodeUnits',
        // A baseline of another customer (--allow-other-customer): said where SARIF viewers show run warnings.
        ...(comparison?.mismatch
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: comparison.mismatch } }] }] }
          : {}),
        results: shown.map((f) => result(f, ruleIds.indexOf(f.ruleId), state?.get(f.key))),
        properties: { customer: report.customer, verdict: report.verdict, asOf: report.asOf, snapshotCapturedAt: report.snapshot.captured_at },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/**
 * helpUri is left out on purpose: SARIF (and its schema, format "uri") wants an absolute URI, and the doc is a
 * file beside the rule. Its relative path is in help and in properties.docs instead.
 */
function ruleDescriptor(f: Finding) {
  return {
    id: f.ruleId,
    shortDescription: { text: f.title },
    help: { text: `${f.remediation}\n\nDocumentation: ${f.docs}`, markdown: `${f.remediation}\n\nDocumentation: [${f.docs}](${encodeUri(f.docs)})` },
    properties: { category: f.category, actor: f.actor, confidence: f.confidence, docs: encodeUri(f.docs) },
  };
}

function result(f: Finding, ruleIndex: number, baselineState: string | undefined) {
  const outcome = f.outcome === 'waived' ? f.waivedOutcome ?? 'fail' : f.outcome;
  const related = [
    { id: 1, message: { text: `rule ${f.ruleId}` }, physicalLocation: physical(f.ruleLocation) },
    ...f.evidence.slice(1).map((e, i) => ({ id: i + 2, message: { text: e.path }, physicalLocation: physical(e.location) })),
  ];
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${outcome === 'fail' ? '' : `[${OUTCOME_WORD[outcome]}] `}${f.message}` },
    locations: [{ physicalLocation: physical(f.location) }],
    relatedLocations: related,
    partialFingerprints: { 'preflightFindingKey/v1': f.key },
    ...(baselineState ? { baselineState } : {}),
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.waiver.reason} Approved by ${f.waiver.approver} (${f.waiver.ticket}) until ${f.waiver.expires}.`,
              location: { physicalLocation: physical(f.waiver.location) },
            },
          ],
        }
      : {}),
    properties: { key: f.key, outcome: f.outcome, category: f.category, actor: f.actor, confidence: f.confidence },
  };
}

function physical(loc: SourceLocation) {
  const region = {
    startLine: loc.line,
    startColumn: loc.column,
    ...(loc.endLine !== undefined ? { endLine: loc.endLine } : {}),
    ...(loc.endColumn !== undefined ? { endColumn: loc.endColumn } : {}),
  };
  return { artifactLocation: { uri: encodeUri(loc.file) }, region };
}

/** A path as a URI reference: forward slashes, each segment percent-encoded; absolute paths as file:// URIs. */
export function encodeUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${slashed.slice(0, 2)}${encoded.slice(encoded.indexOf('/'))}`;
  return slashed.startsWith('/') ? `file://${encoded}` : encoded;
}

/** new: not a problem in the baseline; updated: a problem in both whose outcome, severity or values changed. */
function baselineStates(comparison: ReportComparison, report: Report): Map<string, string> {
  const states = new Map<string, string>();
  for (const c of comparison.changes) {
    if (c.kind === 'new') states.set(c.key, 'new');
    if (c.kind === 'waived') states.set(c.key, 'updated');
    if (c.kind === 'still-failing' && (c.values.length > 0 || c.before!.outcome !== c.after!.outcome || c.before!.severity !== c.after!.severity)) {
      states.set(c.key, 'updated');
    }
  }
  for (const f of report.findings) if (!states.has(f.key)) states.set(f.key, 'unchanged');
  return states;
}
