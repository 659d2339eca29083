// What a command may touch: streams, environment, working directory; and atomic file writes.
import { mkdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative, isAbsolute, resolve, basename } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { randomBytes } from 'node:crypto';
import { fileProblem } from '../diagnostics.ts';
import { UsageError } from './usage.ts';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colours, progress). */
  isTTY: boolean;
}

export { PACKAGE_ROOT };

let version: string | undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** A path as users see it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}

/** Writes through a temporary file in the same folder and a rename: readers see the old file or the new one. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = dirname(file);
  const tmp = join(dir, `.preflight-tmp-${basename(file)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw fileProblem(file, 'write-failed', `cannot be written (${code ?? (e as Error).message})`);
  }
}

/** "20MB", "512KiB", "1048576": bytes, for --max-file-size. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--max-file-size must be a size such as 20MB or 1048576, not "${text}"`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

/** Today's date in UTC (YYYY-MM-DD): the default --as-of. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function colorEnabled(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY && io.env.TERM !== 'dumb';
}

/** The rule pack shipped with preflight (rules/), as a path shown relative to `io.cwd` when it can be. */
export function defaultPackDir(io: Pick<CliIO, 'cwd'>): string {
  return displayPath(join(PACKAGE_ROOT, 'rules'), io.cwd);
}
