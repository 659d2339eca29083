// Helpers for export tests: where a run was written (DIR/runs/<the name DIR/latest holds>), a summary without
// its run's name, and an export paused mid-file (to kill it, or to hold its lock).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function latestRun(dir: string): string {
  return join(dir, 'runs', readFileSync(join(dir, 'latest'), 'utf8').trim());
}

/** summary.json's text without the fields that name the run (a run's folder name holds its time). */
export function summaryWithoutRun(text: string): string {
  const { run: _run, importFile: _file, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest, null, 2);
}

const ARGS = ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices'];

/**
 * Starts an export that pauses after writing `bytes` bytes (PREFLIGHT_TEST_PAUSE_AFTER_BYTES, honoured only for
 * tests) and waits until it says so; returns the paused process, which still holds its locks.
 */
export async function pausedExport(invoices: string, out: string, bytes: number, extra: string[] = []) {
  const child = spawn(process.execPath, [...ARGS, invoices, '--out-dir', out, ...extra], { env: { ...process.env, PREFLIGHT_TEST_PAUSE_AFTER_BYTES: String(bytes) } });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('paused for test')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`export ended (${code}) before pausing: ${err}`)));
  });
  return child;
}
