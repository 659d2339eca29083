// Reads a customer config and everything it extends, validated against the pack's config schema, located.
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { PreflightError, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readYamlFile, parseYaml, DEFAULT_LIMITS, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { validateSource } from '../schema/validate.ts';
import { suggest } from '../suggest.ts';
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


/**
 * Loads `file` and, depth first, everything it extends: the returned layers run from the most general
 * (first extended) to `file` itself. Cycles, missing files and schema problems are located errors.
 */
/** Parsed and schema-checked config files by absolute path: `validate` of many configs reads a shared layer once. */
export type ConfigFileCache = Map<string, { source: YamlSource; problems: Diagnostic[] } | { error: PreflightError }>;

/** `text`: the content of `file` when the caller has read it already (validate reads each file once). */
export function loadConfigLayers(file: string, pack: ConfigPack, limits: SourceLimits = DEFAULT_LIMITS, cache?: ConfigFileCache, text?: string): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  const applied = new Set<string>(); // the absolute paths of `layers`
  const diagnostics: Diagnostic[] = [];
  const rules = ruleFacts(pack);
  let incomplete = false; // a file of the chain could not be applied
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
        parsed = { source: read, problems: validateSource(schemaFor(pack), read).map(nameUnknownIds) };
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
    diagnostics.push(...problems);
    // An unknown rule id (a `rules:` key, a waiver's rule) leaves the file usable: the rest is still judged.
    if (problems.some((d) => d.code !== 'unknown-rule')) {
      incomplete = true;
      return;
    }
    const raw = source.data as Record<string, any>;
    const base = dirname(path);
    (raw.waivers ?? []).forEach((w: Record<string, unknown>, i: number) => {
      const problem = (w.rule === undefined) === (w.key === undefined) ? 'needs exactly one of "rule" or "key"' : w.scope !== undefined && w.rule === undefined ? '"scope" narrows a "rule"; with "key" it has nothing to narrow' : undefined;
      if (problem) diagnostics.push({ severity: 'error', code: 'bad-waiver', message: `waiver ${problem}`, location: source.locate(`/waivers/${i}`)! });
      for (const field of ['rule', 'key'] as const) {
        const id = typeof w[field] === 'string' ? String(w[field]).split('/')[0] : undefined;
        // A `rule` is one of the schema's rule ids (an unknown one is its enum error, said once with the closest id).
        if (id !== undefined && field === 'key' && !rules.ruleIds.has(id)) {
          const hint = suggest(id, [...rules.ruleIds]);
          diagnostics.push({ severity: 'error', code: 'unknown-rule', message: `waiver names unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''}`, location: source.locate(`/waivers/${i}/${field}`)! });
        } else if (id !== undefined && rules.unwaivable.has(id)) {
          const why = `rule "${id}" cannot be waived: it guards the physical import layout (waivable: false in its rule file), which no waiver can make Sage accept; correct the value instead`;
          diagnostics.push({ severity: 'error', code: 'unwaivable-rule', message: why, location: source.locate(`/waivers/${i}/${field}`)! });
        }
      }
    });
    (raw.extends ?? []).forEach((entry: string, i: number) => {
      if (entry === RECOMMENDED) return;
      const extended = resolveEntry(base, entry);
      visit(extended.shown, extended.abs, [...chain, abs], () => source.locate(`/extends/${i}`)!);
    });
    const snapshot =
      typeof raw.snapshot === 'string'
        ? { file: resolveEntry(base, raw.snapshot).shown }
        : raw.snapshot
          ? { live: true as const, ...(raw.snapshot.survey ? { survey: resolveEntry(base, raw.snapshot.survey).shown } : {}) }
          : undefined;
    applied.add(abs);
    layers.push({
      file: path,
      source,
      customer: raw.customer,
      snapshot,
      settings: raw.settings ?? {},
      rules: raw.rules ?? {},
      // Located on first read: a valid config's positions are parsed only when a report shows them.
      waivers: (raw.waivers ?? []).map((w: Omit<Waiver, 'location'>, i: number) => ({ ...w, get location() { return source.locate(`/waivers/${i}`)!; } })),
    });
  };
  visit(file, resolve(file), []);
  // Levels are judged on every layer or not at all: a layer left out might have turned the dependents off.
  if (!incomplete) diagnostics.push(...offPrerequisites(layers, rules));
  if (diagnostics.length > 0) throw new PreflightError(diagnostics);
  return layers;
}

/**
 * A rule set `off` that others require, while one of them still runs: that one would be judged on facts the
 * prerequisite was meant to vouch for (an e-mail rule passing with no approvers at all). Judged on the layered
 * levels, at the `off` that holds; a waiver, not `off`, is how a failing prerequisite is accepted.
 */
function offPrerequisites(layers: ConfigLayer[], rules: RuleFacts): Diagnostic[] {
  const level = new Map<string, { value: string; layer: ConfigLayer }>();
  for (const layer of layers) for (const [id, value] of Object.entries(layer.rules)) level.set(id, { value, layer });
  const out: Diagnostic[] = [];
  for (const [id, { value, layer }] of level) {
    if (value !== 'off') continue;
    const running = (rules.dependents.get(id) ?? []).filter((d) => level.get(d)?.value !== 'off');
    if (running.length === 0) continue;
    const names = running.map((d) => `"${d}"`).join(', ');
    const message = `rule "${id}" is off, but ${names} ${running.length === 1 ? 'requires' : 'require'} it and would run on facts it guards; turn ${running.length === 1 ? 'that rule' : 'those rules'} off too, or keep "${id}" on and waive its failure`;
    out.push({ severity: 'error', code: 'off-required-rule', message, location: layer.source.locate(`/rules/${id}`)! });
  }
  return out;
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
