// Runs one command in a fresh process and times it with a monotonic clock; rejects unexpected exit codes.
import { spawnSync } from 'node:child_process';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/** args are passed to `node` (process.execPath). Returns { ms, status, stdout, stderr }. */
export function timedNode(args, { okCodes = [0], env = {} } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw new Error(`could not run node ${args.join(' ')}: ${r.error.message}`);
  if (!okCodes.includes(r.status)) {
    const why = r.status === null ? `signal ${r.signal}` : `exit code ${r.status}`;
    throw new Error(`node ${args.join(' ')} ended with ${why} (expected ${okCodes.join(' or ')})\n--- stderr ---\n${r.stderr}`);
  }
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command as one would type it in a POSIX shell. */
export const shellLine = (args) =>
  ['node', ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
