// Formats for `validate`: located problems as stylish text, JSON, SARIF 2.1.0 or GitHub workflow commands.
import { formatDiagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { encodeUri } from './sarif.ts';
import { escapeData, escapeProperty } from './github.ts';

export interface DiagnosticFormatOptions {
  /** How many files were checked (for the closing line). */
  checked: number;
}

export type DiagnosticFormatter = (diagnostics: Diagnostic[], options: DiagnosticFormatOptions) => string;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stylish(diagnostics: Diagnostic[], { checked }: DiagnosticFormatOptions): string {
  const lines = diagnostics.map(formatDiagnostic);
  const files = new Set(diagnostics.map((d) => d.location.file)).size;
  lines.push(diagnostics.length === 0 ? `No problems in ${plural(checked, 'file')}.` : `${plural(diagnostics.length, 'problem')} in ${plural(files, 'file')}.`);
  return lines.join('\n') + '\n';
}

function json(diagnostics: Diagnostic[], { checked }: DiagnosticFormatOptions): string {
  return JSON.stringify({ schemaVersion: 1, checked, problems: diagnostics }, null, 2) + '\n';
}

function github(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const l = d.location;
      const level = d.severity === 'error' ? 'error' : 'warning';
      return `::${level} file=${escapeProperty(l.file)},line=${l.line},col=${l.column},title=${escapeProperty(d.code)}::${escapeData(d.message)}\n`;
    })
    .join('');
}

/** SARIF for code scanning: one result per problem; the problem codes are the rules. */
function sarif(diagnostics: Diagnostic[]): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const region = (l: SourceLocation) => ({
    artifactLocation: { uri: encodeUri(l.file) },
    region: { startLine: l.line, startColumn: l.column, ...(l.endLine ? { endLine: l.endLine } : {}), ...(l.endColumn ? { endColumn: l.endColumn } : {}) },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'preflight validate', rules: codes.map((id) => ({ id, shortDescription: { text: id.replace(/-/g, ' ') } })) } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: d.severity === 'error' ? 'error' : 'warning',
          message: { text: d.message },
          locations: [{ physicalLocation: region(d.location) }],
          ...(d.related?.length ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: region(r.location) })) } : {}),
          partialFingerprints: { 'preflightProblem/v1': `${d.location.file}:${d.code}:${d.message}` },
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export const DIAGNOSTIC_FORMATTERS = { stylish, json, sarif, github } satisfies Record<string, DiagnosticFormatter>;
export type DiagnosticFormat = keyof typeof DIAGNOSTIC_FORMATTERS;

export function isDiagnosticFormat(name: string): name is DiagnosticFormat {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_FORMATTERS, name);
}
