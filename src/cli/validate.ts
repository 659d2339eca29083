// `preflight validate`: every problem in every pack and snapshot named, located, in one run.
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPack } from '../pack/load.ts';
import { loadSnapshot } from '../snapshot/load.ts';
import { PreflightError, formatDiagnostic, sortDiagnostics, fileProblem, type Diagnostic } from '../diagnostics.ts';
import { UsageError } from './usage.ts';
import { parseSize, type CliIO } from './io.ts';
import { DEFAULT_LIMITS, type SourceLimits } from '../yaml/source.ts';

export function validatePaths(paths: string[], limits: SourceLimits = DEFAULT_LIMITS): { diagnostics: Diagnostic[]; checked: number } {
  const diagnostics: Diagnostic[] = [];
  let checked = 0;
  for (const path of paths) {
    if (!existsSync(path)) throw fileProblem(path, 'file-not-found', 'no such file or folder');
    checked++;
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, 'pack.yaml'))) {
        diagnostics.push(fileProblem(path, 'not-a-pack', 'folder has no pack.yaml; expected a rule pack folder').diagnostics[0]);
        continue;
      }
      diagnostics.push(...loadPack(path, limits).diagnostics);
      continue;
    }
    try {
      loadSnapshot(path, limits);
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      diagnostics.push(...e.diagnostics);
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), checked };
}

export function validateCommand(argv: string[], io: CliIO): number {
  const { positionals, values } = parseArgs({ args: argv, options: { 'max-file-size': { type: 'string' } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('validate needs at least one path (a pack folder or a snapshot file)');
  const limits = values['max-file-size'] ? { ...DEFAULT_LIMITS, maxBytes: parseSize(values['max-file-size']) } : DEFAULT_LIMITS;
  const { diagnostics, checked } = validatePaths(positionals, limits);
  for (const d of diagnostics) io.stdout(formatDiagnostic(d) + '\n');
  const files = new Set(diagnostics.map((d) => d.location.file)).size;
  io.stdout(
    diagnostics.length === 0
      ? `No problems in ${checked} path${checked === 1 ? '' : 's'}.\n`
      : `${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`,
  );
  return diagnostics.length === 0 ? 0 : 1;
}
