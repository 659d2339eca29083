// Layering like VS Code settings: pack defaults → extended configs → the customer's → command-line flags.
// Every effective value remembers the file and line it came from (for --print-config).
import type { SourceLocation } from '../diagnostics.ts';
import type { Pack, Severity } from '../pack/types.ts';
import type { ConfigLayer, Waiver } from './load.ts';

export type RuleLevel = Severity | 'off';

export interface Origin {
  /** "default", a config file, or "command line". */
  from: string;
  location?: SourceLocation;
}

export interface Valued<T> {
  value: T;
  origin: Origin;
}

export interface EffectiveConfig {
  customer?: Valued<string>;
  snapshot?: Valued<{ file: string } | { live: true; survey?: string }>;
  settings: Map<string, Valued<unknown>>;
  rules: Map<string, Valued<RuleLevel>>;
  waivers: Waiver[];
  /** The config files applied, most general first. */
  files: string[];
}

export interface FlagLayer {
  settings?: Record<string, unknown>;
  snapshot?: string;
}

export function resolveConfig(pack: Pack, layers: ConfigLayer[], flags: FlagLayer = {}): EffectiveConfig {
  const settings = new Map<string, Valued<unknown>>();
  // Origins are located when read (--print-config): a plain check never parses positions for them.
  for (const s of pack.settings.values()) settings.set(s.name, { value: s.default, origin: { from: 'default', get location() { return s.location; } } });
  const rules = new Map<string, Valued<RuleLevel>>();
  for (const r of pack.rules) rules.set(r.id, { value: r.severity, origin: { from: 'default', get location() { return r.location; } } });
  const effective: EffectiveConfig = { settings, rules, waivers: [], files: layers.map((l) => l.file) };

  for (const layer of layers) {
    const at = (pointer: string): Origin => ({ from: layer.file, get location() { return layer.source.locate(pointer); } });
    if (layer.customer !== undefined) effective.customer = { value: layer.customer, origin: at('/customer') };
    if (layer.snapshot !== undefined) effective.snapshot = { value: layer.snapshot, origin: at('/snapshot') };
    for (const [k, v] of Object.entries(layer.settings)) settings.set(k, { value: v, origin: at(`/settings/${k}`) });
    for (const [k, v] of Object.entries(layer.rules)) rules.set(k, { value: v as RuleLevel, origin: at(`/rules/${k}`) });
    effective.waivers.push(...layer.waivers);
  }
  for (const [k, v] of Object.entries(flags.settings ?? {})) settings.set(k, { value: v, origin: { from: 'command line' } });
  if (flags.snapshot) effective.snapshot = { value: { file: flags.snapshot }, origin: { from: 'command line' } };
  return effective;
}

/** The pack's defaults alone, as `check --snapshot` without a config uses them. */
export function defaultConfig(pack: Pack, flags: FlagLayer = {}): EffectiveConfig {
  return resolveConfig(pack, [], flags);
}

export function settingValues(config: EffectiveConfig): Map<string, unknown> {
  return new Map([...config.settings].map(([k, v]) => [k, v.value]));
}

export function ruleLevels(config: EffectiveConfig): Map<string, RuleLevel> {
  return new Map([...config.rules].map(([k, v]) => [k, v.value]));
}
