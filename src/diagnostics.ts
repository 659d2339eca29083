// Located problems: the one shape every user-facing error and validation problem takes.
import { terminalText } from './report/terminal-text.ts';

/** A 1-based position in a file. Only `locate` in src/yaml makes these from offsets. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type DiagnosticSeverity = 'error' | 'warning';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** kebab-case, stable: tests and CI annotations key on it. */
  code: string;
  message: string;
  location: SourceLocation;
  /** Other places that matter to the same problem (the first of two duplicate ids, say). */
  related?: { message: string; location: SourceLocation }[];
}

/** A problem that stops the tool from doing its job: exit code 2, printed without a stack trace. */
export class PreflightError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'PreflightError';
    this.diagnostics = list;
  }
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** A problem as printed: one line (and one per related place); names and values from files shown, never run. */
export function formatDiagnostic(d: Diagnostic): string {
  const related = (d.related ?? []).map((r) => `\n    ${terminalText(`${formatLocation(r.location)}  ${r.message}`)}`).join('');
  return `${terminalText(`${formatLocation(d.location)}  ${d.severity}  ${d.message}  ${d.code}`)}${related}`;
}

export function fileProblem(file: string, code: string, message: string): PreflightError {
  return new PreflightError({ severity: 'error', code, message, location: { file, line: 1, column: 1 } });
}

/** Stable order: file, line, column, code. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Longest a value quoted in a message may be: enough to recognise it, not a whole pasted file or secret. */
const MAX_QUOTED = 60;

/** `text` cut to MAX_QUOTED characters (the last one an ellipsis) when longer. */
export function capped(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 3)}…` : text;
}
