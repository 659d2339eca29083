// One customer of `check --all`: run the check from its config and write its reports; never throws for
// a customer's own mistakes (they come back as the result's error), so the other customers still run.
import { lstatSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreflightError, fileProblem, formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import { failsGate } from '../engine/report.ts';
import { FORMATTERS, type Format } from '../report/formats.ts';
import { runCheck, type CheckRequest } from './check.ts';
import { writeFileAtomic } from './io.ts';

export interface CustomerTask extends Omit<CheckRequest, 'config' | 'snapshot'> {
  config: string;
  outDir: string;
  formats: string[];
  cwd: string;
}

export interface CustomerResult {
  config: string;
  customer?: string;
  verdict?: 'ready' | 'not-ready';
  blocking?: number;
  warnings?: number;
  notEvaluable?: number;
  blocked?: number;
  failsGate?: boolean;
  error?: Diagnostic[];
}

const EXTENSIONS: Record<Format, string> = { stylish: 'txt', json: 'json', html: 'html', sarif: 'sarif', junit: 'junit.xml', github: 'github.txt' };

/** The file a customer's report in `format` is written to, in its report folder. */
const reportFile = (format: Format) => `readiness.${EXTENSIONS[format]}`;

/** Written instead of the reports when the customer could not be checked: what went wrong, located. */
export const ERROR_REPORT = 'readiness.error.txt';

/** Every file name `check --all` writes in a report folder: the only files it ever removes there. */
export const REPORT_FILES: readonly string[] = [...(Object.keys(EXTENSIONS) as Format[]).map(reportFile), ERROR_REPORT];

export function checkOneCustomer(task: CustomerTask): CustomerResult {
  const folder = resolve(task.cwd, task.outDir);
  try {
    const report = runCheck({ ...task, config: task.config });
    const written = new Set<string>();
    for (const format of task.formats as Format[]) {
      writeFileAtomic(join(folder, reportFile(format)), FORMATTERS[format](report, { color: false }));
      written.add(reportFile(format));
    }
    // An earlier run's report in another format, or its error report, would contradict this one.
    removeReports(folder, REPORT_FILES.filter((name) => !written.has(name)));
    return {
      config: task.config,
      customer: report.customer,
      verdict: report.verdict,
      blocking: report.summary.blocking,
      warnings: report.summary.warnings,
      notEvaluable: report.summary.notEvaluable,
      blocked: report.summary.blocked,
      failsGate: failsGate(report),
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const error = e instanceof PreflightError ? e.diagnostics : [{ severity: 'error' as const, code: 'check-failed', message, location: { file: task.config, line: 1, column: 1 } }];
    return { config: task.config, error: [...error, ...replaceWithError(folder, task.config, error)] };
  }
}

/**
 * The customer could not be checked: its earlier reports (a verdict that no longer holds) give way to an error
 * report saying why. What cannot be removed or written is returned as problems of its own.
 */
function replaceWithError(folder: string, config: string, error: Diagnostic[]): Diagnostic[] {
  const text = `${config} could not be checked; its earlier reports were removed.\n${error.map((d) => `${formatDiagnostic(d)}\n`).join('')}`;
  try {
    removeReports(folder, REPORT_FILES);
    writeFileAtomic(join(folder, ERROR_REPORT), text);
    return [];
  } catch (e) {
    if (e instanceof PreflightError) return e.diagnostics;
    throw e;
  }
}

/** Removes the named report files from `folder` where they are files (or links); anything else is left alone. */
export function removeReports(folder: string, names: readonly string[]): void {
  for (const name of names) {
    const file = join(folder, name);
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      continue; // not there
    }
    if (!stat.isFile() && !stat.isSymbolicLink()) continue;
    try {
      rmSync(file);
    } catch (e) {
      throw fileProblem(file, 'remove-failed', `is a report of an earlier run and cannot be removed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); remove it by hand`);
    }
  }
}
