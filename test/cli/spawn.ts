// The real CLI in a child process, under a timeout: a command that hangs fails its test instead of stalling the suite.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  status: number | null;
  /** Set when the timeout (or anything else) killed the command. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * How to run a command as a user without privileges, so that file modes apply to it (root reads everything):
 * nothing to add when the tests run as such a user; setpriv as nobody when they run as root and nobody can run
 * the CLI from this checkout (a clone under a private folder such as /root cannot be); else undefined.
 */
export const UNPRIVILEGED: string[] | undefined = (() => {
  if (process.platform === 'win32') return undefined;
  if (process.getuid?.() !== 0) return [];
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  if (!setpriv) return undefined;
  const prefix = [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'];
  const probe = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, `${ROOT}bin/preflight.js`, '--version'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? prefix : undefined;
})();

/**
 * `node bin/preflight.js ...args` from the repository root, without colour or debug output; a variable
 * given as undefined in `env` is removed. `unprivileged`: as UNPRIVILEGED says (the caller skips its test when
 * that is undefined).
 */
export function runCli(args: string[], options: { timeoutMs?: number; env?: Record<string, string | undefined>; unprivileged?: boolean } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env };
  delete env.FORCE_COLOR;
  delete env.PREFLIGHT_DEBUG;
  const command = [...(options.unprivileged ? (UNPRIVILEGED ?? []) : []), process.execPath, `${ROOT}bin/preflight.js`, ...args];
  const r = spawnSync(command[0], command.slice(1), { cwd: ROOT, env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** What a run did, for an assertion's message. */
export function described(r: CliRun): string {
  return `exit ${r.status} (signal ${r.signal})\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}
