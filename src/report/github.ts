// GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding that needs attention.
import type { Report } from '../engine/report.ts';
import { isProblem, type Finding } from '../engine/types.ts';
import { OUTCOME_WORD } from './changes-text.ts';
import { summaryText } from './stylish.ts';
import { terminalText } from './terminal-text.ts';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

export function formatGithub(report: Report): string {
  const lines = report.findings.filter((f) => isProblem(f) || f.outcome === 'waived').map(annotation);
  // A plain log line; it starts with a fixed word and keeps no line break, so no data can start a command.
  lines.push(`preflight: ${escapeData(report.customer)}: ${report.verdict === 'ready' ? 'Ready' : 'Not ready'}: ${summaryText(report.summary)}`);
  return lines.join('\n') + '\n';
}

function annotation(f: Finding): string {
  // A waived finding is accepted: a notice keeps it visible without failing anyone's review.
  const command = f.outcome === 'waived' ? 'notice' : COMMAND[f.severity];
  const props = [
    `file=${escapeProperty(f.location.file.replace(/\\/g, '/'))}`,
    `line=${f.location.line}`,
    `col=${f.location.column}`,
    ...(f.location.endLine !== undefined ? [`endLine=${f.location.endLine}`] : []),
    ...(f.location.endColumn !== undefined ? [`endColumn=${f.location.endColumn}`] : []),
    `title=${escapeProperty(`${f.title} (${f.key})`)}`,
  ];
  const label = f.outcome === 'fail' ? '' : `[${OUTCOME_WORD[f.outcome]}] `;
  return `::${command} ${props.join(',')}::${escapeData(`${label}${f.message}`)}`;
}

/**
 * GitHub's escaping for a command's message (as actions/toolkit's escapeData): %, CR and LF, which the runner
 * decodes back into a line break. Every other control character is shown as an escape, as in the terminal.
 */
export function escapeData(s: string): string {
  return terminalText(s, '\r\n').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties also escape : and , which would otherwise end the property (as actions/toolkit's escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
