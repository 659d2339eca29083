// Running the real CLI in tests and reading what it prints: exit code, located diagnostics, no crash output.
import { afterAll, beforeAll, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GOOD_SNAPSHOT = 'fixtures/snapshots/ready-cedar-ridge.yaml';
export const RULES = join(ROOT, 'rules');

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node bin/preflight.js ...args` from the repository root, without colour or debug output. */
export function preflight(...args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.PREFLIGHT_DEBUG;
  const started = performance.now();
  // The timeout only stops a hung process from hanging the suite; no test asserts on speed.
  const r = spawnSync(process.execPath, ['bin/preflight.js', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - started;
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms };
}

export interface Diag {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

const DIAGNOSTIC = /^(?<file>.+?):(?<line>\d+):(?<column>\d+)  (?<severity>error|warning)  (?<message>.+)  (?<code>[a-z][a-z0-9-]*)$/;
/** A "related" location printed under a diagnostic: four spaces, then `file:line:col  message`. */
const RELATED = /^ {4}\S.*:\d+:\d+  \S/;

export function parseDiagnostics(text: string): Diag[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !RELATED.test(l))
    .map((l) => {
      const m = DIAGNOSTIC.exec(l);
      if (!m?.groups) throw new Error(`not a located diagnostic line: ${JSON.stringify(l)}\nwhole output:\n${text}`);
      const g = m.groups;
      return { file: g.file, line: Number(g.line), column: Number(g.column), severity: g.severity, message: g.message, code: g.code };
    });
}

/** No stack frames, no `SomeError:` class-name dumps, no "internal error" (a bug, not a user mistake). */
export function expectNoCrashOutput(text: string): void {
  expect(text).not.toMatch(/^ {4}at /m);
  expect(text).not.toMatch(/\b[A-Za-z]*Error:/);
  expect(text).not.toMatch(/internal error/i);
  expect(text).not.toMatch(/node:internal|\.ts:\d+:\d+\)/);
}

/** The contract for bad input: exit 2, nothing on stdout, only located diagnostics on stderr. */
export function expectRefused(r: Run): Diag[] {
  const context = `exit ${r.status} (signal ${r.signal})\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
  expect(r.signal, context).toBeNull();
  expectNoCrashOutput(r.stderr);
  expect(r.stdout, context).toBe('');
  expect(r.status, context).toBe(2);
  const diagnostics = parseDiagnostics(r.stderr);
  expect(diagnostics.length, context).toBeGreaterThan(0);
  for (const d of diagnostics) {
    expect(d.severity).toBe('error');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.trim()).not.toBe('');
  }
  return diagnostics;
}

export const where = (d: Diag) => `${d.file}:${d.line}:${d.column} ${d.code}`;

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function position(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`fixture derivation: ${JSON.stringify(needle)} not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** `text` with `from` replaced exactly once; fails loudly if the source file changed under us. */
export function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, from.flags.includes('g') ? from.flags : from.flags + 'g')) ?? []).length;
  if (count !== 1) throw new Error(`fixture derivation: expected ${String(from)} exactly once, found it ${count} times`);
  return text.replace(from, to);
}

/** The bundled manifest with only its readiness rules: the copy has no invoice rules, mapping or layout. */
export const readinessOnly = (manifest: string) => manifest.replace(/rules:\n(  - .*\n)+/, 'rules:\n  - readiness\n').replace(/^export:\n(  .*\n)+/m, '');

/** A scratch folder made before a test file's tests and removed after them; call at the file's top level. */
export function scratchDir(prefix: string): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
