// What configs are checked against (the pack's config schema and rule ids), kept in a cache keyed by the build
// and the content of every file loading the pack reads: `validate` of many configs then skips loading the pack.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeText, parseYaml, readFileBytes, type SourceLimits } from '../yaml/source.ts';
import { anonymousConfigSchema, ruleFacts, type ConfigView } from '../config/load.ts';
import { requirePack, ruleFileNames } from './load.ts';

/** Where entries are kept, and what identifies the code that wrote them (the bundle's build id). */
export interface ConfigViewCache {
  dir: string;
  buildId: string;
}

/** Bumped when an entry's layout or meaning changes. */
const FORMAT = 'preflight-config-view-2';

/**
 * The config view of the pack in `packDir`: from the cache when an entry matches, else from the loaded pack
 * (problems throw, as requirePack does: only a pack without problems is ever stored). Any cache failure
 * (unreadable, corrupt, unwritable) falls back to loading, silently.
 */
export function loadConfigView(packDir: string, limits: SourceLimits, cache?: ConfigViewCache): ConfigView {
  const key = cache && cacheKey(packDir, limits, cache.buildId);
  const hit = key === undefined ? undefined : readEntry(cache!.dir, key);
  if (hit) return hit;
  const pack = requirePack(packDir, limits, 'snapshot-rules');
  const view = { configSchema: anonymousConfigSchema(pack), ...ruleFacts(pack) };
  if (key !== undefined) writeEntry(cache!.dir, key, view);
  return view;
}

/**
 * sha256 of the build id, the limits, pack.yaml, and the name and bytes of every rule file of every folder
 * pack.yaml lists, in the order loadPack reads them ('snapshot-rules' reads nothing else). Undefined when
 * any of it cannot be read: the pack is then loaded, and reports its own problems.
 */
export function cacheKey(packDir: string, limits: SourceLimits, buildId: string): string | undefined {
  try {
    const hash = createHash('sha256');
    const add = (label: string, data: Buffer): void => {
      hash.update(`${label}\u0000${data.length}\u0000`);
      hash.update(data);
    };
    add('format', Buffer.from(FORMAT));
    add('build', Buffer.from(buildId));
    add('limits', Buffer.from(`${limits.maxBytes} ${limits.maxAliasCount}`));
    const manifestFile = join(packDir, 'pack.yaml');
    const manifest = readFileBytes(manifestFile, limits);
    add('pack.yaml', manifest);
    const folders = (parseYaml(decodeText(manifestFile, manifest), manifestFile, 'a pack manifest', limits).data as { rules?: unknown }).rules;
    if (!Array.isArray(folders) || !folders.every((f) => typeof f === 'string')) return undefined;
    for (const folder of folders as string[]) {
      add('folder', Buffer.from(folder));
      const ruleDir = join(packDir, folder);
      for (const name of ruleFileNames(ruleDir)) add(name, readFileBytes(join(ruleDir, name), limits));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

const entryFile = (dir: string, key: string): string => join(dir, `config-view-${key}.json`);

function readEntry(dir: string, key: string): ConfigView | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryFile(dir, key), 'utf8')) as { key?: unknown; configSchema?: unknown; ruleIds?: unknown; unwaivable?: unknown; dependents?: unknown };
    const { configSchema, ruleIds, unwaivable, dependents } = entry;
    if (entry.key !== key || configSchema === null || typeof configSchema !== 'object' || Array.isArray(configSchema)) return undefined;
    if (!isIdList(ruleIds) || !isIdList(unwaivable) || !Array.isArray(dependents)) return undefined;
    if (!dependents.every((d) => Array.isArray(d) && d.length === 2 && typeof d[0] === 'string' && isIdList(d[1]))) return undefined;
    return { configSchema, ruleIds: new Set(ruleIds), unwaivable: new Set(unwaivable), dependents: new Map(dependents as [string, string[]][]) };
  } catch {
    return undefined;
  }
}

const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every((id) => typeof id === 'string');

/** Written whole under a unique name, then renamed into place: a reader sees no entry or a complete one. */
function writeEntry(dir: string, key: string, view: ConfigView): void {
  const text = JSON.stringify({ key, configSchema: view.configSchema, ruleIds: [...view.ruleIds], unwaivable: [...view.unwaivable], dependents: [...view.dependents] });
  // Only what survives JSON unchanged (no undefined, no Infinity) may be served from the cache.
  if (!isDeepStrictEqual(JSON.parse(text).configSchema, view.configSchema)) return;
  const file = entryFile(dir, key);
  const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch {
    // Unwritable (read-only install, full disk, ...): run without the cache.
  } finally {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}
