// The files a glob matches under a folder (tinyglobby): each file once by its real path, however many links
// lead to it, and every folder that could not be read, located, instead of being passed over in silence.
import { readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { cmp, fileProblem, type Diagnostic } from '../diagnostics.ts';

export interface FolderFiles {
  /** Paths relative to the folder, '/'-separated, sorted; a file reached by several paths keeps the first. */
  files: string[];
  /** One located problem per folder that could not be listed (the folder itself included), by path. */
  unreadable: Diagnostic[];
}

/**
 * Globs `patterns` under the folder `dir` (as typed; `abs` is where it is). tinyglobby follows symbolic links
 * and stops a link loop after a few rounds; the same file met again through a link is dropped here. Its
 * crawler swallows listing errors, so the listing is wrapped to record them as they happen.
 */
export function folderFiles(dir: string, abs: string, patterns: string[]): FolderFiles {
  const failed = new Map<string, NodeJS.ErrnoException>();
  const listing = ((path: string, opts: unknown) => {
    try {
      return readdirSync(path, opts as { withFileTypes: true });
    } catch (e) {
      failed.set(String(path).replace(/(?<=.)\/+$/, ''), e as NodeJS.ErrnoException);
      throw e;
    }
  }) as unknown as typeof readdirSync;
  const found = globSync(patterns, { cwd: abs, fs: { readdirSync: listing } });
  const folders = onePerRealPath([...failed.keys()].map((path) => relative(abs, path).split(sep).join('/')), abs);
  return { files: onePerRealPath(found, abs), unreadable: folders.map((rel) => folderProblem(shownPath(dir, abs, rel), failed.get(resolve(abs, rel))!)) };
}

/** Why a folder could not be listed, at the folder: the error's code says what happened. */
export function folderProblem(dir: string, e: NodeJS.ErrnoException): Diagnostic {
  const why = e.code === 'EACCES' || e.code === 'EPERM' ? `permission denied, ${e.code}` : (e.code ?? e.message);
  return fileProblem(dir, 'unreadable-folder', `cannot be read (${why}); the files in it were not checked`).diagnostics[0];
}

/**
 * Each path once per real path: the one with the fewest folders wins (then the first by name), so a file keeps
 * its own name when a link loop also reaches it; the result is sorted by name.
 */
function onePerRealPath(paths: string[], abs: string): string[] {
  const depth = (p: string) => p.split('/').length;
  const chosen = new Map<string, string>();
  for (const path of [...paths].sort((a, b) => depth(a) - depth(b) || cmp(a, b))) {
    const real = realPath(resolve(abs, path));
    if (!chosen.has(real)) chosen.set(real, path);
  }
  return [...chosen.values()].sort(cmp);
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // gone since it was listed, or cannot be resolved: its reader reports that
  }
}

/** A folder the crawler met (relative to the folder), shown under `dir` as typed when it lies there, else absolute. */
function shownPath(dir: string, abs: string, rel: string): string {
  if (rel === '') return dir;
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(abs, rel) : join(dir, rel);
}
