// One customer of `check --all`: run the check from its config and write its reports; never throws for
// a customer's own mistakes (they come back as the result's error), so the other customers still run.
import { join, resolve } from 'node:path';
import { PreflightError, type Diagnostic } from '../diagnostics.ts';
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

const EXTENSIONS: Record<string, string> = { stylish: 'txt', json: 'json', html: 'html', sarif: 'sarif', junit: 'junit.xml', github: 'github.txt' };

export function checkOneCustomer(task: CustomerTask): CustomerResult {
  try {
    const report = runCheck({ ...task, config: task.config });
    for (const format of task.formats) {
      const text = FORMATTERS[format as Format](report, { color: false });
      writeFileAtomic(resolve(task.cwd, join(task.outDir, `readiness.${EXTENSIONS[format] ?? `${format}.txt`}`)), text);
    }
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
    if (e instanceof PreflightError) return { config: task.config, error: e.diagnostics };
    const message = e instanceof Error ? e.message : String(e);
    return { config: task.config, error: [{ severity: 'error', code: 'check-failed', message, location: { file: task.config, line: 1, column: 1 } }] };
  }
}
