// Loads a rule pack: pack.yaml, its settings and every rule file; validates all of it before anything runs.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, basename, dirname, resolve } from 'node:path';
import { PreflightError, fileProblem, sortDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readYamlFile, locateInString, type SourceLimits, DEFAULT_LIMITS, type YamlSource } from '../yaml/source.ts';
import { validateSource, compileSchema, valueProblem } from '../schema/validate.ts';
import { packSchema } from '../schema/pack.schema.ts';
import { ruleSchema } from '../schema/rule.schema.ts';
import { analyzeLogic } from '../logic/compile.ts';
import { compileTemplate, offsetOf } from './template.ts';
import { loadMapping, checkInvoiceRules } from './mapping.ts';
import { loadLayout } from './layout.ts';
import { checkRuleTemplates } from './rule-templates.ts';
import type { CompiledRule, Pack, SettingSpec } from './types.ts';

export interface PackLoadResult {
  pack?: Pack;
  diagnostics: Diagnostic[];
}

/**
 * What to load: "all", or "snapshot-rules" for commands that evaluate snapshots and read configs (check, and
 * validate of configs): every rule (configs, waivers and --print-config name invoice rules too) but not the
 * export's mapping and layout, nor the export-only checks of invoice rules against them. A pack problem there
 * is reported by the commands that use it (export, test, validate of the pack).
 */
export type PackParts = 'all' | 'snapshot-rules';

/** The rule files of a rule folder, in the order the pack loads them (cases files are not rules). */
export function ruleFileNames(ruleDir: string): string[] {
  return readdirSync(ruleDir).filter((n) => n.endsWith('.yaml') && !n.endsWith('.cases.yaml')).sort();
}

/** Loads and checks a pack, collecting every problem in every file. `pack` is set only when there are none. */
export function loadPack(dir: string, limits: SourceLimits = DEFAULT_LIMITS, parts: PackParts = 'all'): PackLoadResult {
  const diagnostics: Diagnostic[] = [];
  const packFile = join(dir, 'pack.yaml');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { diagnostics: [fileProblem(dir, 'pack-not-found', 'is not a folder; expected a rule pack folder with pack.yaml').diagnostics[0]] };
  }
  const packSource = tryRead(packFile, 'a pack manifest (name, version, rules, settings)', limits, diagnostics);
  if (!packSource) return { diagnostics: sortDiagnostics(diagnostics) };
  const packProblems = validateSource(packSchema, packSource);
  diagnostics.push(...packProblems);
  if (packProblems.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  const manifest = packSource.data as { name: string; version: string; description?: string; rules: string[]; settings?: Record<string, any>; export?: { mapping: string; layout: string } };

  const settings = loadSettings(manifest.settings ?? {}, packSource, diagnostics);
  const rules: CompiledRule[] = [];
  const firstById = new Map<string, CompiledRule>();
  manifest.rules.forEach((folder, i) => {
    const ruleDir = join(dir, folder);
    if (!existsSync(ruleDir) || !statSync(ruleDir).isDirectory()) {
      diagnostics.push(at(packSource, `/rules/${i}`, 'rules-folder-missing', `rule folder "${folder}" does not exist next to pack.yaml`));
      return;
    }
    for (const name of ruleFileNames(ruleDir)) {
      const rule = loadRule(join(ruleDir, name), settings, limits, diagnostics);
      if (!rule) continue;
      const first = firstById.get(rule.id);
      if (first) {
        diagnostics.push({
          ...at(rule.yaml, '/id', 'duplicate-rule-id', `rule id "${rule.id}" is already used by ${first.file}`),
          related: [{ message: `first defined here`, location: first.location }],
        });
        continue;
      }
      firstById.set(rule.id, rule);
      rules.push(rule);
    }
  });

  checkRequires(rules, firstById, diagnostics);
  const withExport = parts === 'all';
  const mapping = withExport && manifest.export ? loadMapping(join(dir, manifest.export.mapping), new Set(settings.keys()), limits, diagnostics) : undefined;
  const layout = withExport && manifest.export && mapping ? loadLayout(join(dir, manifest.export.layout), mapping, settings, limits, diagnostics) : undefined;
  if (withExport) checkInvoiceRules(rules, mapping, diagnostics);
  diagnostics.push(...checkRuleTemplates(rules, settings, mapping, withExport));
  if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  const ordered = orderByRequires(rules);
  return {
    pack: {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
      dir,
      file: packFile,
      settings,
      rules: ordered,
      byId: new Map(ordered.map((r) => [r.id, r])),
      mapping,
      layout,
    },
    diagnostics: [],
  };
}

/** loadPack for commands that cannot go on without a valid pack: problems become a PreflightError (exit 2). */
export function requirePack(dir: string, limits?: SourceLimits, parts?: PackParts): Pack {
  const { pack, diagnostics } = loadPack(dir, limits, parts);
  if (!pack) throw new PreflightError(diagnostics);
  return pack;
}

function tryRead(file: string, expected: string, limits: SourceLimits, diagnostics: Diagnostic[]): YamlSource | undefined {
  try {
    return readYamlFile(file, expected, limits);
  } catch (e) {
    if (e instanceof PreflightError) {
      diagnostics.push(...e.diagnostics);
      return undefined;
    }
    throw e;
  }
}

function at(source: YamlSource, pointer: string, code: string, message: string, key = false): Diagnostic {
  const location = source.locate(pointer, { key }) ?? source.locateNearest(pointer).location;
  return { severity: 'error', code, message, location };
}

function loadSettings(raw: Record<string, any>, source: YamlSource, diagnostics: Diagnostic[]): Map<string, SettingSpec> {
  const settings = new Map<string, SettingSpec>();
  for (const [name, spec] of Object.entries(raw)) {
    const { default: def, description, markdownDescription, enumDescriptions, ...rest } = spec;
    const schema: Record<string, unknown> = { ...rest };
    let validate;
    try {
      validate = compileSchema(schema);
    } catch (e) {
      diagnostics.push(at(source, `/settings/${name}`, 'bad-setting-schema', `setting "${name}" has an invalid schema: ${(e as Error).message}`, true));
      continue;
    }
    if (!validate(def)) {
      diagnostics.push(at(source, `/settings/${name}/default`, 'bad-setting-default', `default of setting "${name}": ${valueProblem(validate.errors)}`));
    }
    settings.set(name, {
      name,
      type: spec.type,
      default: def,
      description,
      markdownDescription,
      enum: spec.enum,
      enumDescriptions,
      schema,
      // Located on first read (then kept): the positions of pack.yaml are parsed only when something is shown.
      get location() {
        const location = source.locate(`/settings/${name}`, { key: true }) as SourceLocation;
        Object.defineProperty(this, 'location', { value: location, enumerable: true });
        return location;
      },
    });
  }
  return settings;
}

function loadRule(file: string, settings: Map<string, SettingSpec>, limits: SourceLimits, diagnostics: Diagnostic[]): CompiledRule | undefined {
  const source = tryRead(file, 'a rule (id, title, severity, check, …)', limits, diagnostics);
  if (!source) return undefined;
  const problems = validateSource(ruleSchema, source);
  const raw = source.data as Record<string, any>;
  const expectedId = basename(file, '.yaml');
  if (typeof raw.id === 'string' && raw.id !== expectedId && !problems.some((p) => p.location.line === source.locate('/id')?.line)) {
    problems.push(at(source, '/id', 'id-mismatch', `rule id "${raw.id}" must equal its file name "${expectedId}"`));
  }
  const knownSettings = new Set(settings.keys());
  const facts = new Set<string>();
  const valueFields = Object.keys(raw.values ?? {}).map((name) => `values/${name}`);
  for (const field of ['when', 'check', 'each', ...valueFields]) {
    const value = field.startsWith('values/') ? raw.values[field.slice(7)] : field === 'each' && typeof raw.each === 'string' ? { var: raw.each } : raw[field];
    if (value === undefined) continue;
    const analysis = analyzeLogic(value, knownSettings);
    for (const p of analysis.problems) {
      const pointer = field === 'each' && typeof raw.each === 'string' ? '/each' : `/${field}${p.pointer}`;
      problems.push(at(source, pointer, p.code, p.message, p.code === 'unknown-operation'));
    }
    analysis.facts.forEach((f) => facts.add(f));
  }
  const message = typeof raw.message === 'string' ? templateOrProblem(raw.message, source, '/message', problems) : undefined;
  const passMessage = typeof raw.passMessage === 'string' ? templateOrProblem(raw.passMessage, source, '/passMessage', problems) : undefined;
  const docs = resolve(dirname(file), typeof raw.docs === 'string' ? raw.docs : `${expectedId}.md`);
  diagnostics.push(...problems);
  if (problems.length > 0 || !message) return undefined;
  return new LoadedRule({
    id: raw.id,
    title: raw.title,
    severity: raw.severity,
    category: raw.category,
    actor: raw.actor,
    confidence: raw.confidence,
    source: raw.source,
    scope: raw.scope ?? 'snapshot',
    when: raw.when,
    check: raw.check,
    each: typeof raw.each === 'string' ? { var: raw.each } : raw.each,
    eachKey: raw.eachKey,
    requires: raw.requires ?? [],
    waivable: raw.waivable !== false,
    values: raw.values,
    message,
    passMessage,
    remediation: String(raw.remediation).trim(),
    docs,
    file,
    facts: [...facts].sort(),
    yaml: source,
  }, () => source.locate('/id', { key: true }) ?? { file, line: 1, column: 1 });
}

const LOCATION = Symbol('location');

interface LoadedRule extends Omit<CompiledRule, 'location'> {}

/**
 * A loaded rule: its fields, and its location looked up on first read, then kept (the positions of a rule file
 * are parsed only when something is shown). A class, not an object literal with a getter: V8 keeps such a
 * literal in dictionary mode, and the engine reads a rule's fields for every finding. A copy with another
 * severity is made with Object.create, so it shares the lookup.
 */
class LoadedRule implements CompiledRule {
  [LOCATION]: { locate: () => SourceLocation; value?: SourceLocation };

  constructor(fields: Omit<CompiledRule, 'location'>, locate: () => SourceLocation) {
    Object.assign(this, fields);
    this[LOCATION] = { locate };
  }

  get location(): SourceLocation {
    const memo = this[LOCATION];
    return (memo.value ??= memo.locate());
  }
}

function templateOrProblem(text: string, source: YamlSource, pointer: string, problems: Diagnostic[]) {
  const { template, problem } = compileTemplate(text);
  if (problem) {
    const inside = problem.line !== undefined && problem.column !== undefined ? locateInString(source, pointer, offsetOf(text, problem.line, problem.column - 1)) : undefined;
    const diagnostic = at(source, pointer, 'bad-template', `message template does not parse: ${problem.message}`);
    problems.push(inside ? { ...diagnostic, location: inside } : diagnostic);
  }
  return template;
}

function checkRequires(rules: CompiledRule[], byId: Map<string, CompiledRule>, diagnostics: Diagnostic[]): void {
  for (const rule of rules) {
    rule.requires.forEach((id, i) => {
      if (!byId.has(id)) diagnostics.push(at(rule.yaml, `/requires/${i}`, 'unknown-rule', `requires unknown rule "${id}"`));
      else if (id === rule.id) diagnostics.push(at(rule.yaml, `/requires/${i}`, 'requires-cycle', `rule "${id}" requires itself`));
    });
  }
  // Cycles longer than one: depth-first search, reported once at the rule that closes the loop.
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (rule: CompiledRule, trail: string[]): void => {
    state.set(rule.id, 'visiting');
    rule.requires.forEach((id, i) => {
      const next = byId.get(id);
      if (!next || id === rule.id) return;
      if (state.get(id) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(id)), rule.id, id];
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          diagnostics.push(at(rule.yaml, `/requires/${i}`, 'requires-cycle', `requires forms a cycle: ${cycle.join(' → ')}`));
        }
      } else if (!state.has(id)) visit(next, [...trail, rule.id]);
    });
    state.set(rule.id, 'done');
  };
  for (const rule of rules) if (!state.has(rule.id)) visit(rule, []);
}

function orderByRequires(rules: CompiledRule[]): CompiledRule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const done = new Set<string>();
  const out: CompiledRule[] = [];
  const place = (rule: CompiledRule): void => {
    if (done.has(rule.id)) return;
    done.add(rule.id);
    for (const id of [...rule.requires].sort()) place(byId.get(id)!);
    out.push(rule);
  };
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) place(rule);
  return out;
}
