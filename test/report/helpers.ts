// Shared by the report tests: run the CLI in-process and collect what it printed.
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  // `await` works whether main returns a number or a promise of one.
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

/** The frozen fixture pack, as of a fixed day: goldens do not move when the real pack grows. */
export const FIXED = ['--pack', 'test/fixtures/pack', '--as-of', '2026-11-20'];
export const MIXED = ['--snapshot', 'test/fixtures/snapshots/mixed.yaml', ...FIXED];
export const CUSTOMER = ['--config', 'test/fixtures/configs/customer.yaml', ...FIXED];
export const READY = ['--snapshot', 'test/fixtures/snapshots/ready.yaml', ...FIXED];
export const HOSTILE = ['--snapshot', 'test/report/fixtures/hostile.yaml', '--pack', 'test/report/fixtures/hostile-pack', '--as-of', '2026-11-20'];
export const GOLDEN = 'test/report/golden';
/** Names 400 characters long, in Arabic and Hebrew, and with a right-to-left override, one per finding and in a list. */
export const BIDI = ['--snapshot', 'test/report/fixtures/bidi.yaml', '--pack', 'test/report/fixtures/bidi-pack', '--as-of', '2026-11-20'];
