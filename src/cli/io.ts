// What a command may touch: streams, environment, working directory; and atomic file writes.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync, type Stats } from 'node:fs';
import { dirname, join, relative, isAbsolute, resolve, basename } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { randomBytes } from 'node:crypto';
import { PreflightError, fileProblem } from '../diagnostics.ts';
import { fileKind } from '../yaml/source.ts';
import { UsageError } from './usage.ts';
import { createRedactor } from '../snapshot/live/redact.ts';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colours, progress). */
  isTTY: boolean;
  /**
   * Has `cleanup` run when the command is stopped (SIGINT, SIGTERM), before the process exits with that signal's
   * usual code (130, 143); returns what undoes it. Absent where nothing can stop the command (in-process tests).
   */
  onStop?: (cleanup: (signal: StopSignal) => void) => () => void;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

export { PACKAGE_ROOT };

const CREDENTIALS = ['PROCORE_CLIENT_ID', 'PROCORE_CLIENT_SECRET'] as const;

/** The Procore client credentials in the environment (PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET), trimmed. */
export function credentialsOf(env: CliIO['env']): [string | undefined, string | undefined] {
  const [id, secret] = CREDENTIALS.map((name) => env[name]?.trim() || undefined);
  return [id, secret];
}

/** Which credentials are missing, each variable named: "PROCORE_CLIENT_SECRET is not set" (blank counts as empty). */
export function missingCredentials(env: CliIO['env']): string {
  const missing = CREDENTIALS.filter((name) => !env[name]?.trim());
  const said = (names: string[], state: string) => (names.length === 0 ? [] : [`${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} ${state}`]);
  return [...said(missing.filter((n) => env[n] === undefined), 'not set'), ...said(missing.filter((n) => env[n] !== undefined), 'empty')].join(' and ');
}

/**
 * Shorter credentials are not redacted from every output: such a value (a test's "id") also spells ordinary
 * words, and Procore's are long. The live collector still removes them whatever their length.
 */
const MIN_REDACTED = 8;

/**
 * The credentials' values removed from text on its way out (streams, reports, written files): a file of the
 * wrong kind (a .env named as a config) or a value echoed back must not put them in a terminal, log or CI
 * annotation.
 */
export function secretsRedactor(env: CliIO['env']): (text: string) => string {
  const secrets = credentialsOf(env).filter((s): s is string => s !== undefined && s.length >= MIN_REDACTED);
  if (secrets.length === 0) return (text) => text;
  return createRedactor(secrets);
}

let processRedactor: ((text: string) => string) | undefined;
/** secretsRedactor for this process's environment (text files written by any command, in any thread). */
export function redactSecrets(text: string): string {
  processRedactor ??= secretsRedactor(process.env);
  return processRedactor(text);
}

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

/**
 * Writes through a temporary file in the same folder and a rename: readers see the old file or the new one.
 * A FIFO or character device already at `file` (/dev/null, a pipe) takes the bytes as they are: the rename
 * would replace it with a plain file. Every failure is a located PreflightError.
 */
export function writeFileAtomic(file: string, rawContent: string | Uint8Array): void {
  const content = typeof rawContent === 'string' ? redactSecrets(rawContent) : rawContent;
  const problem = unwritable(file);
  if (problem) throw fileProblem(file, problem.code, problem.message);
  if (statOrUndefined(file)?.isFile() === false) return writeInPlace(file, content);
  const dir = dirname(file);
  const tmp = join(dir, `.preflight-tmp-${basename(file)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing was created, or it cannot be removed: the write's own failure is the one to report */
    }
    throw writeProblem(file, e);
  }
}

/**
 * Why `file` cannot be written as a file, if so: a folder or a block device stands there, or a file stands
 * where a folder above it should be. `cwd`: show that file relative to it (else as an absolute path).
 */
export function unwritable(file: string, cwd?: string): { code: string; message: string } | undefined {
  const stat = statOrUndefined(file);
  if (stat?.isDirectory()) return { code: 'is-directory', message: 'is a folder, not a file' };
  if (stat && !stat.isFile() && !stat.isFIFO() && !stat.isCharacterDevice()) return { code: 'not-a-regular-file', message: `is ${fileKind(stat)}, not a regular file` };
  const blocked = stat ? undefined : notAFolder(dirname(file));
  if (blocked) return { code: 'not-a-folder', message: `cannot be written: ${cwd ? displayPath(blocked.at, cwd) : blocked.at} is ${blocked.kind}, not a folder` };
  return undefined;
}

function writeInPlace(file: string, content: string | Uint8Array): void {
  try {
    writeFileSync(file, content);
  } catch (e) {
    throw writeProblem(file, e);
  }
}

function writeProblem(file: string, e: unknown): PreflightError {
  return fileProblem(file, 'write-failed', `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
}

/** A folder a command writes into (--out-dir): refused before anything is written when a file is in the way. */
export function requireFolder(dir: string, option: string, cwd: string): void {
  const abs = resolve(cwd, dir);
  const blocked = notAFolder(abs);
  if (!blocked) return;
  const why = blocked.at === abs ? `is ${blocked.kind}` : `cannot be created: ${displayPath(blocked.at, cwd)} is ${blocked.kind}`;
  throw fileProblem(dir, 'not-a-folder', `${why}, not a folder; ${option} takes a folder (created when missing)`);
}

/** What stands in the way when `dir` can be neither used nor created as a folder: at it, or above it. */
function notAFolder(dir: string): { at: string; kind: string } | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const stat = statOrUndefined(at);
    if (stat) return stat.isDirectory() ? undefined : { at, kind: stat.isFile() ? 'a file' : fileKind(stat) };
    if (dirname(at) === at) return undefined;
  }
}

/** The path's stat (symbolic links followed), or undefined when there is nothing there to stat. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
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
