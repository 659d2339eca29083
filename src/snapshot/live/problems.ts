// Live-collection failures as located diagnostics: the "file" is the endpoint that failed, so the message names it.
import { PreflightError } from '../../diagnostics.ts';

export function endpointProblem(endpoint: string, code: string, message: string): PreflightError {
  return new PreflightError({ severity: 'error', code, message, location: { file: endpoint, line: 1, column: 1 } });
}

/** A response body as a short single line for a message: whitespace collapsed, cut at `max` characters. */
export function bodySnippet(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
