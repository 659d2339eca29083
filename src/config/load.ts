// Reads a customer config and everything it extends, validated against the pack's config schema, located.
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { PreflightError, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readYamlFile, DEFAULT_LIMITS, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { validateSource } from '../schema/validate.ts';
import { configSchema } from '../schema/config.schema.ts';
import type { Pack } from '../pack/types.ts';

export const RECOMMENDED = 'preflight:recommended';

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

const schemas = new WeakMap<Pack, object>();
function schemaFor(pack: Pack): object {
  let s = schemas.get(pack);
  if (!s) {
    // The published copy carries an $id; validation uses an anonymous copy so packs never clash in ajv.
    const { $id: _id, ...anonymous } = configSchema(pack) as Record<string, unknown>;
    s = anonymous;
    schemas.set(pack, s);
  }
  return s;
}

/**
 * Loads `file` and, depth first, everything it extends: the returned layers run from the most general
 * (first extended) to `file` itself. Cycles, missing files and schema problems are located errors.
 */
export function loadConfigLayers(file: string, pack: Pack, limits: SourceLimits = DEFAULT_LIMITS): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  const diagnostics: Diagnostic[] = [];
  const visit = (path: string, chain: string[], from?: SourceLocation): void => {
    const abs = resolve(path);
    if (chain.includes(abs)) {
      const cycle = [...chain.slice(chain.indexOf(abs)), abs].map(shown).join(' → ');
      diagnostics.push({ severity: 'error', code: 'extends-cycle', message: `extends forms a cycle: ${cycle}`, location: from! });
      return;
    }
    if (layers.some((l) => resolve(l.file) === abs)) return; // a diamond: each file applies once, first place wins
    let source: YamlSource;
    try {
      source = readYamlFile(path, 'a customer config (customer, snapshot, extends, settings, rules, waivers)', limits);
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      if (from) {
        diagnostics.push({ severity: 'error', code: 'extends-unreadable', message: `extends ${shown(abs)}, which cannot be read: ${e.diagnostics[0].message}`, location: from });
      } else diagnostics.push(...e.diagnostics);
      return;
    }
    const problems = validateSource(schemaFor(pack), source);
    if (problems.length > 0) {
      diagnostics.push(...problems);
      return;
    }
    const raw = source.data as Record<string, any>;
    (raw.extends ?? []).forEach((entry: string, i: number) => {
      if (entry === RECOMMENDED) return;
      const at = source.locate(`/extends/${i}`)!;
      visit(resolve(dirname(path), entry), [...chain, abs], at);
    });
    const base = dirname(path);
    const snapshot =
      typeof raw.snapshot === 'string'
        ? { file: relativeToCwd(resolve(base, raw.snapshot)) }
        : raw.snapshot
          ? { live: true as const, ...(raw.snapshot.survey ? { survey: relativeToCwd(resolve(base, raw.snapshot.survey)) } : {}) }
          : undefined;
    layers.push({
      file: path,
      source,
      customer: raw.customer,
      snapshot,
      settings: raw.settings ?? {},
      rules: raw.rules ?? {},
      waivers: (raw.waivers ?? []).map((w: Omit<Waiver, 'location'>, i: number) => ({ ...w, location: source.locate(`/waivers/${i}`)! })),
    });
  };
  visit(file, []);
  if (diagnostics.length > 0) throw new PreflightError(diagnostics);
  return layers;
}

function shown(abs: string): string {
  return relativeToCwd(abs);
}

/** Paths in messages and reports stay relative when they can. */
function relativeToCwd(abs: string): string {
  const rel = relative(resolve('.'), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
