// Planting problems in scratch files and reading back what one validate run reported, for the one-run tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { parseDiagnostics, preflight, scratchDir, expectNoCrashOutput, type Diag, type Run } from './cli-run.ts';

/** A scratch folder for a test file (call at its top level), and a way to fill named folders in it. */
export function plantedFolders(prefix: string): (name: string, files: Record<string, string>) => string {
  const scratch = scratchDir(prefix);
  /** Writes `files` (path → text) under a new folder of the scratch folder; returns it. */
  return (name, files) => {
    const dir = join(scratch(), name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
}

/** What one validate run printed: its problems as `file:line:col code`, relative to `dir`, in the order printed. */
export function problems(r: Run, dir: string): string[] {
  expectNoCrashOutput(r.stdout + r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l !== '' && !/^\d+ problems? in \d+ files?\.$/.test(l));
  return parseDiagnostics(lines.join('\n')).map((d: Diag) => `${d.file.startsWith(dir) ? d.file.slice(dir.length + 1) : d.file}:${d.line}:${d.column} ${d.code}`);
}

/** One validate run of `paths` under `dir` (or `dir` itself): it exits 1; its problems (see problems) and output. */
export function validateIn(dir: string, ...paths: string[]): { found: string[]; stdout: string } {
  const r = preflight('validate', ...(paths.length > 0 ? paths.map((p) => join(dir, p)) : [dir]));
  expect(r.status, r.stdout + r.stderr).toBe(1);
  return { found: problems(r, dir), stdout: r.stdout };
}
