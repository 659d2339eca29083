// `preflight diff OLD.json NEW.json`: what changed between two JSON reports, by finding key; exit 1 if it got worse.
import { resolve } from 'node:path';
import { REPORT_SCHEMA_VERSION, type Report } from '../engine/report.ts';
import type { FailOn } from '../engine/types.ts';
import { PreflightError, type SourceLocation } from '../diagnostics.ts';
import { readTextFile, parseYaml, DEFAULT_LIMITS } from '../yaml/source.ts';
import { parseJsonQuick } from '../export/json-source.ts';
import { validateSource } from '../schema/validate.ts';
import { reportSchema } from '../schema/report.schema.ts';
import { compareReports, gotWorse, subjectMismatch, subjectText, type Baseline } from '../report/compare.ts';
import { formatDiffStylish } from '../report/changes-text.ts';
import { formatDiffJson } from '../report/diff-json.ts';
import { COLORS, PLAIN } from '../report/colors.ts';
import { UsageError, parseFlags } from './usage.ts';
import { DIFF } from './commands.ts';
import { limitsFlag } from './flags.ts';
import { colorEnabled, writeFileAtomic, type CliIO } from './io.ts';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;
const FORMATS = ['stylish', 'json'] as const;

/** A report read from a file, with where its values stand for messages about it. */
export interface ReadReport extends Baseline {
  at(pointer: string): SourceLocation;
}

/** Reads a report written by `check --format json`; anything else is a located error (exit 2). */
export function readReport(file: string, limits = DEFAULT_LIMITS): ReadReport {
  const text = readTextFile(file, limits);
  // A file that opens like JSON is read as JSON: a cut-off report gets one JSON message, not YAML's guesses.
  if (/^\s*[{[]/.test(text)) parseJsonQuick(text, { file });
  const source = parseYaml(text, file, 'a preflight JSON report (written by preflight check --format json)', limits);
  const data = source.data as { tool?: { name?: unknown } } | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data.tool?.name !== 'preflight') {
    throw new PreflightError({
      severity: 'error',
      code: 'not-a-report',
      message: 'is not a preflight JSON report; write one with "preflight check --format json --output FILE"',
      location: source.locate('/tool') ?? { file, line: 1, column: 1 },
    });
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== REPORT_SCHEMA_VERSION) {
    throw new PreflightError({
      severity: 'error',
      code: 'report-version',
      message: `schemaVersion is ${JSON.stringify(version)}; this preflight reads report schemaVersion ${REPORT_SCHEMA_VERSION}`,
      location: source.locate('/schemaVersion') ?? { file, line: 1, column: 1 },
    });
  }
  const problems = validateSource(reportSchema, source);
  if (problems.length > 0) throw new PreflightError(problems);
  return { file, report: source.data as Report, at: (pointer) => source.locate(pointer) ?? { file, line: 1, column: 1 } };
}

/**
 * Findings matched by key across customers or packs pair unrelated things (another customer's approvers
 * "no longer reported"): refused (exit 2), naming both, unless --allow-other-customer says it is meant.
 * `later` is the other report: a file (diff) or this check's evaluation.
 */
export function requireComparable(earlier: ReadReport & { name: string }, later: { report: Report; name: string; file?: ReadReport }, allow: boolean | undefined): void {
  const mismatch = subjectMismatch(earlier.report, later.report);
  if (!mismatch || allow) return;
  const pointer = mismatch === 'packs' ? '/pack/name' : '/customer';
  throw new PreflightError({
    severity: 'error',
    code: 'other-customer',
    message: `${earlier.name} is of ${subjectText(earlier.report)}, ${later.name} is of ${subjectText(later.report)}: reports of different ${mismatch} do not compare; add --allow-other-customer to compare them anyway`,
    location: earlier.at(pointer),
    ...(later.file ? { related: [{ message: `the later report, of ${subjectText(later.report)}`, location: later.file.at(pointer) }] } : {}),
  });
}

export function diffCommand(argv: string[], io: CliIO): number {
  const { values, positionals } = parseFlags(DIFF, argv);
  if (positionals.length !== 2) throw new UsageError('diff needs two JSON reports: preflight diff OLD.json NEW.json');
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`);
  const limits = limitsFlag(values['max-file-size']);

  const [beforeFile, afterFile] = positionals;
  const [before, after] = [readReport(beforeFile, limits), readReport(afterFile, limits)];
  requireComparable({ ...before, name: 'this report' }, { report: after.report, name: `the later one (${afterFile})`, file: after }, values['allow-other-customer']);
  const comparison = compareReports(before.report, after.report);
  const files = { before: beforeFile, after: afterFile };
  const render = (color: boolean) => (format === 'json' ? formatDiffJson(comparison, files) : formatDiffStylish(comparison, files, color ? COLORS : PLAIN));
  if (values.output) writeFileAtomic(resolve(io.cwd, values.output), render(false));
  else io.stdout(render(colorEnabled(io)));
  return gotWorse(comparison, failOn).length > 0 ? 1 : 0;
}
