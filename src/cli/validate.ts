// `preflight validate`: packs, configs, snapshots and surveys named by path or glob; every problem, located.
import { existsSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { simpleGlob } from './simple-glob.ts';
import { folderFiles } from './folder-files.ts';
import { loadPack } from '../pack/load.ts';
import { loadConfigView, type ConfigViewCache } from '../pack/config-view.ts';
import { BUILD_ID } from '../schema/precompiled.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { loadCases } from '../pack/cases.ts';
import { loadSnapshot } from '../snapshot/load.ts';
import { loadSurvey } from '../snapshot/survey.ts';
import { readConfigLayers, type ConfigFileCache, type ConfigView } from '../config/load.ts';
import { PreflightError, sortDiagnostics, fileProblem, type Diagnostic } from '../diagnostics.ts';
import { DEFAULT_LIMITS, decodeText, readFileBytes, readFileHead, type SourceLimits } from '../yaml/source.ts';
import { DIAGNOSTIC_FORMATTERS, isDiagnosticFormat, type DiagnosticFormat } from '../report/diagnostics.ts';
import { UsageError, parseFlags } from './usage.ts';
import { VALIDATE } from './commands.ts';
import { limitsFlag } from './flags.ts';
import { checkOutputs } from './outputs.ts';
import { defaultPackDir, displayPath, writeFileAtomic, type CliIO } from './io.ts';

export type FileKind = 'pack' | 'config' | 'snapshot' | 'survey' | 'cases' | 'rule' | 'mapping' | 'layout';

/** The first 4 KiB of a file (the modeline and top-level keys are there), as detectKind reads them. */
export const HEAD_BYTES = 4096;

/**
 * What a YAML/JSON file is: its schema modeline says so; otherwise its top-level keys do. `head`: the
 * file's first HEAD_BYTES bytes as text, when the caller has read the file; else they are read here.
 */
export function detectKind(file: string, head?: string): FileKind | undefined {
  if (head === undefined) {
    try {
      head = readFileHead(file, HEAD_BYTES).toString('utf8');
    } catch {
      return undefined;
    }
  }
  const modeline = /yaml-language-server:\s*\$schema=\S*?(pack|config|snapshot|survey|cases|rule|mapping|layout)\.schema\.json/.exec(head);
  if (modeline) return modeline[1] as FileKind;
  if (file.endsWith('pack.yaml')) return 'pack';
  if (file.endsWith('.cases.yaml')) return 'cases';
  const keys = new Set([...head.matchAll(/^([A-Za-z_]+):/gm)].map((m) => m[1]));
  if (keys.has('meta')) return 'snapshot';
  if (keys.has('id') && keys.has('check')) return 'rule';
  if (['extends', 'settings', 'rules', 'waivers', 'snapshot', 'customer'].some((k) => keys.has(k))) return 'config';
  return undefined;
}

/**
 * Expands paths and globs into files (folders: their YAML/JSON files, recursively, each file once), sorted,
 * with a located problem for each folder that could not be read.
 */
export function expandPaths(patterns: string[], cwd: string): { files: string[]; unreadable: Diagnostic[] } {
  const files = new Set<string>();
  const unreadable: Diagnostic[] = [];
  for (const pattern of patterns) {
    const abs = resolve(cwd, pattern);
    const stat = statOrError(abs);
    if (stat === 'absent') {
      const matched = simpleGlob(pattern, cwd) ?? globSync([pattern], { cwd, dot: false });
      if (matched.length === 0) throw fileProblem(pattern, 'no-match', 'matches no file or folder');
      for (const f of matched) files.add(f);
    } else if (stat !== 'unknown' && stat.isDirectory()) {
      if (existsSync(join(abs, 'pack.yaml'))) files.add(join(pattern, 'pack.yaml'));
      else {
        const found = folderFiles(pattern, abs, ['**/*.{yaml,yml,json}']);
        for (const f of found.files) files.add(join(pattern, f));
        unreadable.push(...found.unreadable);
      }
    } else files.add(pattern); // a file, or a path that cannot be looked at: its reader says why
  }
  return { files: [...files].sort(), unreadable };
}

/** A path's stat; 'absent' when nothing is there (a glob, then), 'unknown' when it cannot be looked at. */
function statOrError(path: string): Stats | 'absent' | 'unknown' {
  try {
    return statSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'absent' : 'unknown';
  }
}

export interface ValidateOptions {
  pack: string;
  limits?: SourceLimits;
  /** Where the pack's config view may be cached (see src/pack/config-view.ts); none: the pack is loaded. */
  packCache?: ConfigViewCache;
}

/**
 * Every problem in every named file; packs are checked once each with their cases and docs. `unread`: how many
 * files could not be read, or were not text (validate could not do its job for them).
 */
export function validateFiles(files: string[], options: ValidateOptions): { diagnostics: Diagnostic[]; checked: number; unread: number } {
  const diagnostics: Diagnostic[] = [];
  const limits = options.limits ?? DEFAULT_LIMITS;
  const packsDone = new Set<string>();
  let configPack: ConfigView | undefined;
  const configFiles: ConfigFileCache = new Map();
  const snapshotsSeen = new Map<string, Diagnostic[]>();
  const collect = (fn: () => void): Diagnostic[] => {
    try {
      fn();
      return [];
    } catch (e) {
      if (e instanceof PreflightError) return e.diagnostics;
      throw e;
    }
  };

  let unread = 0;
  for (const file of files) {
    // Each file is read once: its head tells the kind, its text goes to the loader. A file that cannot be read
    // or is not text is not validated, whatever its name or head: why is the problem to report (exit 2).
    let bytes: Buffer;
    try {
      bytes = readFileBytes(file, limits);
      if (bytes.includes(0)) decodeText(file, bytes);
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      diagnostics.push(...e.diagnostics);
      unread++;
      continue;
    }
    const kind = detectKind(file, bytes.subarray(0, HEAD_BYTES).toString('utf8'));
    if (kind === 'pack' || kind === 'rule' || kind === 'cases' || kind === 'mapping' || kind === 'layout') {
      const dir = packDirOf(file);
      if (!dir) {
        diagnostics.push(fileProblem(file, 'no-pack', 'is not inside a rule pack (no pack.yaml in its folder or above)').diagnostics[0]);
        continue;
      }
      if (packsDone.has(resolve(dir))) continue;
      packsDone.add(resolve(dir));
      const { pack, partial, diagnostics: problems } = loadPack(dir, limits);
      diagnostics.push(...problems);
      // A pack with problems still has its rules' cases and docs checked, as far as it could be read.
      const readable = pack ?? partial;
      if (readable) diagnostics.push(...collect(() => loadCases(readable)));
    } else if (kind === 'snapshot') {
      diagnostics.push(...collect(() => loadSnapshot(file, limits)));
    } else if (kind === 'survey') {
      diagnostics.push(...collect(() => loadSurvey(file, limits)));
    } else if (kind === 'config') {
      // Configs are checked against the pack's config schema and rule ids (a pack with problems throws).
      configPack ??= loadConfigView(options.pack, limits, options.packCache);
      let text: string | undefined;
      try {
        // Decoded strictly (the head above was only read for its kind): bad bytes are the loader's to report.
        text = decodeText(file, bytes);
      } catch {
        text = undefined;
      }
      // Every problem of the chain, schema and references alike; then the snapshot it names, when usable.
      const { own, diagnostics: problems } = readConfigLayers(file, configPack, limits, configFiles, text);
      diagnostics.push(...problems);
      const snapshot = own?.snapshot;
      const referenced = snapshot && 'file' in snapshot ? [snapshot.file, 'snapshot'] : snapshot && 'survey' in snapshot && snapshot.survey ? [snapshot.survey, 'survey'] : undefined;
      if (!own || !referenced) continue;
      const [path, what] = referenced;
      if (!snapshotsSeen.has(path)) snapshotsSeen.set(path, collect(() => (what === 'snapshot' ? loadSnapshot(path, limits) : loadSurvey(path, limits))));
      const first = snapshotsSeen.get(path)![0];
      if (first) {
        const at = own.source.locate(what === 'snapshot' ? '/snapshot' : '/snapshot/survey') ?? { file, line: 1, column: 1 };
        diagnostics.push({ severity: 'error', code: `bad-${what}`, message: `${what} ${path} is not usable: ${first.message} (${first.location.line}:${first.location.column})`, location: at });
      }
    } else {
      diagnostics.push(fileProblem(file, 'unknown-kind', 'is not a pack, rule, cases, config, snapshot or survey file; add a `# yaml-language-server: $schema=…` line naming its schema').diagnostics[0]);
    }
  }
  return { diagnostics: sortDiagnostics(dedupe(diagnostics)), checked: files.length, unread };
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.location.file}:${d.location.line}:${d.location.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function packDirOf(file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'pack.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export function validateCommand(argv: string[], io: CliIO): number {
  const { positionals, values } = parseFlags(VALIDATE, argv);
  if (positionals.length === 0) throw new UsageError('validate needs at least one path or glob (a pack folder, configs, snapshots)');
  const format = values.format ?? 'stylish';
  if (!isDiagnosticFormat(format)) throw new UsageError(`--format must be one of ${Object.keys(DIAGNOSTIC_FORMATTERS).join(', ')}, not "${format}"`);
  const limits = limitsFlag(values['max-file-size']);
  const { files, unreadable } = expandPaths(positionals, io.cwd);
  checkOutputs([values.output === undefined ? undefined : { file: values.output, option: '--output' }], files.map((file) => ({ file, role: 'a file to validate' })), io.cwd);
  const validated = validateFiles(files, { pack: values.pack ?? defaultPackDir(io), limits, packCache: packCache(io) });
  const diagnostics = sortDiagnostics([...validated.diagnostics, ...unreadable]);
  const checked = validated.checked;
  const text = DIAGNOSTIC_FORMATTERS[format as DiagnosticFormat](diagnostics, { checked });
  if (values.output) {
    writeFileAtomic(resolve(io.cwd, values.output), text);
    io.stdout(`${diagnostics.length === 0 ? 'No problems' : `${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}`} in ${checked} file${checked === 1 ? '' : 's'}; wrote ${displayPath(values.output, io.cwd)}\n`);
  } else io.stdout(text);
  // A file or folder that could not be read was not validated: the command could not do its job.
  return validated.unread > 0 || unreadable.length > 0 ? 2 : diagnostics.length === 0 ? 0 : 1;
}

/**
 * The bundle's cache of pack config views, in node_modules/.cache/preflight of the package; none when
 * running the sources (no build id to tie entries to the code) or with PREFLIGHT_NO_CACHE set.
 */
function packCache(io: CliIO): ConfigViewCache | undefined {
  if (!BUILD_ID || io.env.PREFLIGHT_NO_CACHE) return undefined;
  return { dir: join(PACKAGE_ROOT, 'node_modules', '.cache', 'preflight'), buildId: BUILD_ID };
}
