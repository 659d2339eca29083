// The real CLI in a child process, under a timeout: a command that hangs fails its test instead of stalling the suite.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  status: number | null;
  /** Set when the timeout (or anything else) killed the command. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node bin/preflight.js ...args` from the repository root, without colour or debug output. */
export function runCli(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env };
  delete env.FORCE_COLOR;
  delete env.PREFLIGHT_DEBUG;
  const r = spawnSync(process.execPath, [`${ROOT}bin/preflight.js`, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** What a run did, for an assertion's message. */
export function described(r: CliRun): string {
  return `exit ${r.status} (signal ${r.signal})\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}
