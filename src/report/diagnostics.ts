// Formats for `validate`: located problems as stylish text, JSON, or GitHub workflow commands.
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';

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

/** GitHub escapes: data %, CR, LF; properties also : and , (workflow command syntax). */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function github(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const l = d.location;
      const level = d.severity === 'error' ? 'error' : 'warning';
      return `::${level} file=${escapeGithubProperty(l.file)},line=${l.line},col=${l.column},title=${escapeGithubProperty(d.code)}::${escapeGithubData(d.message)}\n`;
    })
    .join('');
}

export const DIAGNOSTIC_FORMATTERS = { stylish, json, github } satisfies Record<string, DiagnosticFormatter>;
export type DiagnosticFormat = keyof typeof DIAGNOSTIC_FORMATTERS;

export function isDiagnosticFormat(name: string): name is DiagnosticFormat {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_FORMATTERS, name);
}
