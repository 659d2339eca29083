// Reads a customer config and everything it extends, validated against the pack's config schema, located.
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { PreflightError, sortDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readYamlFile, parseYaml, escapePointer, DEFAULT_LIMITS, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { schemaProblems, usableIn, isMapping, type SchemaProblem, type Usable } from '../schema/validate.ts';
import { offPrerequisites, waiverProblems } from './references.ts';
import { configSchema } from '../schema/config.schema.ts';
import type { Pack } from '../pack/types.ts';

export const RECOMMENDED = 'preflight:recommended';

/**
 * How many files deep `extends` may go (the customer's file is depth 0). A fixed limit: a chain has no use at
 * this depth, and a deeper one would otherwise run out of stack in one thread and not another.
 */
export const MAX_EXTENDS_DEPTH = 64;

export interface Waiver {
  rule?: string;
  key?: string;
  scope?: string;
  reason: string;
  approver: string;
  ticket: string;
  expires: string;
  location: SourceLocation;
}

export interface ConfigLayer {
  file: string;
  source: YamlSource;
  customer?: string;
  /** Snapshot path resolved against the config file's folder, or live with an optional survey. */
  snapshot?: { file: string } | { live: true; survey?: string };
  settings: Record<string, unknown>;
  rules: Record<string, string>;
  /** Rule ids whose level this layer writes in a form its schema refused: no level is judged on them. */
  unreadLevels?: string[];
  waivers: Waiver[];
}

/**
 * What configs are checked against: a loaded pack, or the two things taken from it (src/pack/config-view.ts,
 * which `validate` may read from its cache): the config schema without $id, and the rule ids.
 */
export type ConfigPack = Pack | ConfigView;

export interface ConfigView extends RuleFacts {
  configSchema: object;
}

/** What a config's rule levels and waivers are checked against. */
export interface RuleFacts {
  ruleIds: ReadonlySet<string>;
  /** Rules no config may waive (`waivable: false` in their rule files). */
  unwaivable: ReadonlySet<string>;
  /** For each rule that others require: the rules that require it, by id. */
  dependents: ReadonlyMap<string, readonly string[]>;
}

const facts = new WeakMap<Pack, RuleFacts>();
/** The rule facts of a loaded pack, or of a config view (which carries them). */
export function ruleFacts(pack: ConfigPack): RuleFacts {
  if ('configSchema' in pack) return pack;
  let f = facts.get(pack);
  if (!f) {
    const dependents = new Map<string, string[]>();
    for (const r of pack.rules) for (const id of r.requires) dependents.set(id, [...(dependents.get(id) ?? []), r.id].sort());
    f = { ruleIds: new Set(pack.byId.keys()), unwaivable: new Set(pack.rules.filter((r) => !r.waivable).map((r) => r.id)), dependents };
    facts.set(pack, f);
  }
  return f;
}

const schemas = new WeakMap<Pack, object>();
function schemaFor(pack: ConfigPack): object {
  if ('configSchema' in pack) return pack.configSchema;
  let s = schemas.get(pack);
  if (!s) {
    s = anonymousConfigSchema(pack);
    schemas.set(pack, s);
  }
  return s;
}

/** The pack's config schema as configs are validated with it: the published copy carries an $id; validation uses an anonymous copy so packs never clash in ajv. */
export function anonymousConfigSchema(pack: Pack): object {
  const { $id: _id, ...anonymous } = configSchema(pack) as Record<string, unknown>;
  return anonymous;
}


/** Parsed and schema-checked config files by absolute path: `validate` of many configs reads a shared layer once. */
export type ConfigFileCache = Map<string, { source: YamlSource; problems: SchemaProblem[] } | { error: PreflightError }>;

/**
 * Loads `file` and, depth first, everything it extends: the returned layers run from the most general (first
 * extended) to `file` itself. Cycles, missing files, schema and reference problems are located errors, all of
 * them at once, in file, line and column order: the one way every command loads a config. `text`: the content of
 * `file` when the caller has read it already (validate reads each file once).
 */
export function loadConfigLayers(file: string, pack: ConfigPack, limits: SourceLimits = DEFAULT_LIMITS, cache?: ConfigFileCache, text?: string): ConfigLayer[] {
  const { layers, diagnostics } = readConfigLayers(file, pack, limits, cache, text);
  if (diagnostics.length > 0) throw new PreflightError(sortDiagnostics(diagnostics));
  return layers;
}

/**
 * loadConfigLayers without throwing: every problem of the chain, and the layers as far as they could be read.
 * A file with schema problems still yields its layer, of the values that can be used, so that what it extends,
 * its waivers and its snapshot are judged in the same run; `own`: the layer of `file` itself, when it was read.
 */
export function readConfigLayers(file: string, pack: ConfigPack, limits: SourceLimits = DEFAULT_LIMITS, cache?: ConfigFileCache, text?: string): { layers: ConfigLayer[]; own?: ConfigLayer; diagnostics: Diagnostic[] } {
  const layers: ConfigLayer[] = [];
  const applied = new Set<string>(); // the absolute paths of `layers`
  const diagnostics: Diagnostic[] = [];
  const rules = ruleFacts(pack);
  let incomplete = false; // a file of the chain could not be applied
  let own: ConfigLayer | undefined;
  // `from`: where the extends entry that led here stands, located only for a problem to report.
  const visit = (path: string, abs: string, chain: string[], from?: () => SourceLocation): void => {
    if (chain.includes(abs)) {
      const cycle = [...chain.slice(chain.indexOf(abs)), abs].map(shown).join(' → ');
      diagnostics.push({ severity: 'error', code: 'extends-cycle', message: `extends forms a cycle: ${cycle}`, location: from!() });
      incomplete = true;
      return;
    }
    if (applied.has(abs)) return; // a diamond: each file applies once, first place wins
    if (chain.length > MAX_EXTENDS_DEPTH) {
      diagnostics.push({ severity: 'error', code: 'extends-too-deep', message: `extends goes deeper than ${MAX_EXTENDS_DEPTH} layers: ${shown(abs)} would be layer ${chain.length} below the customer's config; merge some layers`, location: from!() });
      incomplete = true;
      return;
    }
    let parsed = cache?.get(abs);
    if (!parsed) {
      try {
        const expected = 'a customer config (customer, snapshot, extends, settings, rules, waivers)';
        const read = text !== undefined && chain.length === 0 ? parseYaml(text, path, expected, limits) : readYamlFile(path, expected, limits);
        parsed = { source: read, problems: schemaProblems(schemaFor(pack), read).map((p) => ({ ...p, diagnostic: nameUnknownIds(p.diagnostic) })) };
      } catch (e) {
        if (!(e instanceof PreflightError)) throw e;
        parsed = { error: e };
      }
      // Only extended files are kept: they are the ones shared between configs. A config validated on its
      // own is dropped after use, so a thousand of them do not all stay in memory.
      if (chain.length > 0) cache?.set(abs, parsed);
    }
    if ('error' in parsed) {
      const e = parsed.error;
      if (from) {
        diagnostics.push({ severity: 'error', code: 'extends-unreadable', message: `extends ${shown(abs)}, which cannot be read: ${e.diagnostics[0].message}`, location: from() });
      } else diagnostics.push(...e.diagnostics);
      incomplete = true;
      return;
    }
    const { source, problems } = parsed;
    diagnostics.push(...problems.map((p) => p.diagnostic));
    const usable = usableIn(problems);
    // A document that is not a mapping has no value to judge: its schema problem says so.
    const raw = isMapping(source.data) ? source.data : {};
    const base = dirname(path);
    diagnostics.push(...waiverProblems(raw.waivers, source, usable, rules));
    if (raw.rules !== undefined && !isMapping(raw.rules)) incomplete = true; // levels unread: none is judged
    if (Array.isArray(raw.extends)) {
      raw.extends.forEach((entry: unknown, i: number) => {
        if (typeof entry !== 'string' || !usable(`/extends/${i}`) || entry === RECOMMENDED) return;
        const extended = resolveEntry(base, entry);
        visit(extended.shown, extended.abs, [...chain, abs], () => source.locate(`/extends/${i}`)!);
      });
    }
    applied.add(abs);
    const layer = problems.length === 0 ? cleanLayer(path, source, raw, base) : usableLayer(path, source, raw, base, usable);
    layers.push(layer);
    if (chain.length === 0) own = layer;
  };
  visit(file, resolve(file), []);
  // Levels are judged on every layer or not at all: a layer left out might have turned the dependents off.
  if (!incomplete) diagnostics.push(...offPrerequisites(layers, rules));
  return { layers, own, diagnostics };
}

type RawConfig = Record<string, any>;

/** The layer of a config without schema problems: its values as written. */
function cleanLayer(file: string, source: YamlSource, raw: RawConfig, base: string): ConfigLayer {
  return {
    file,
    source,
    customer: raw.customer,
    snapshot: snapshotOf(raw.snapshot, base, () => true),
    settings: raw.settings ?? {},
    rules: raw.rules ?? {},
    // Located on first read: a valid config's positions are parsed only when a report shows them.
    waivers: (raw.waivers ?? []).map((w: Omit<Waiver, 'location'>, i: number) => ({ ...w, get location() { return source.locate(`/waivers/${i}`)!; } })),
  };
}

/** The layer of a config with schema problems: only the values they left usable, and which levels could not be read. */
function usableLayer(file: string, source: YamlSource, raw: RawConfig, base: string, usable: Usable): ConfigLayer {
  const names = (key: 'settings' | 'rules') => (isMapping(raw[key]) ? Object.keys(raw[key]) : []);
  const kept = (key: 'settings' | 'rules') => Object.fromEntries(names(key).filter((name) => usable(`/${key}/${escapePointer(name)}`)).map((name) => [name, raw[key][name]]));
  const waivers: unknown[] = Array.isArray(raw.waivers) ? raw.waivers : [];
  return {
    file,
    source,
    customer: typeof raw.customer === 'string' && usable('/customer') ? raw.customer : undefined,
    snapshot: snapshotOf(raw.snapshot, base, usable),
    settings: kept('settings'),
    rules: kept('rules'),
    unreadLevels: names('rules').filter((id) => !usable(`/rules/${escapePointer(id)}`)),
    waivers: waivers.flatMap((w, i) => (isMapping(w) && usable(`/waivers/${i}`) ? [{ ...(w as Omit<Waiver, 'location'>), location: source.locate(`/waivers/${i}`)! }] : [])),
  };
}

/** Where a config's facts come from, paths resolved against its folder; a value the schema refused is left out. */
function snapshotOf(value: unknown, base: string, usable: Usable): ConfigLayer['snapshot'] {
  if (typeof value === 'string') return usable('/snapshot') ? { file: resolveEntry(base, value).shown } : undefined;
  if (!isMapping(value)) return undefined;
  const survey = typeof value.survey === 'string' && usable('/snapshot/survey') ? { survey: resolveEntry(base, value.survey).shown } : {};
  return { live: true as const, ...survey };
}

/** An unknown key under settings or rules is an unknown setting or rule: say so, with the same hint. */
function nameUnknownIds(d: Diagnostic): Diagnostic {
  const m = /^unknown key "([^"]+)" in (settings|rules)(.*)$/.exec(d.message);
  if (d.code !== 'unknown-key' || !m) return d;
  const kind = m[2] === 'settings' ? 'setting' : 'rule';
  const hint = m[3].startsWith('; did you mean') ? m[3] : '';
  return { ...d, code: `unknown-${kind}`, message: `unknown ${kind} "${m[1]}"${hint}` };
}

/**
 * A path named in a config (extends, snapshot), resolved against the config's folder: absolute, and as shown.
 * Memoised by working directory, folder and entry: a thousand configs of one folder name the same few files.
 */
const resolvedEntries = new Map<string, { abs: string; shown: string }>();
function resolveEntry(base: string, entry: string): { abs: string; shown: string } {
  const key = `${process.cwd()}\0${base}\0${entry}`;
  let resolved = resolvedEntries.get(key);
  if (!resolved) {
    const abs = resolve(base, entry);
    const shown = relativeToCwd(abs);
    // What visit resolves `shown` to: the same absolute path, normalised alike.
    resolved = { abs: resolve(shown), shown };
    if (resolvedEntries.size >= 1000) resolvedEntries.clear();
    resolvedEntries.set(key, resolved);
  }
  return resolved;
}

function shown(abs: string): string {
  return relativeToCwd(abs);
}

/** Paths in messages and reports stay relative when they can. */
function relativeToCwd(abs: string): string {
  const rel = relative(resolve('.'), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
