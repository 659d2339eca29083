// Loads a rule pack: pack.yaml, its settings and every rule file; validates all of it before anything runs.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, basename, dirname, resolve } from 'node:path';
import { PreflightError, fileProblem, sortDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readYamlFile, locateInString, escapePointer, type SourceLimits, DEFAULT_LIMITS, type YamlSource } from '../yaml/source.ts';
import { schemaProblems, compileSchema, valueProblem, usableIn, isMapping, type Usable } from '../schema/validate.ts';
import { packSchema } from '../schema/pack.schema.ts';
import { ruleSchema } from '../schema/rule.schema.ts';
import { analyzeLogic } from '../logic/compile.ts';
import { compileTemplate, offsetOf } from './template.ts';
import { loadMapping, checkInvoiceRules } from './mapping.ts';
import { loadLayout } from './layout.ts';
import { checkRuleTemplates } from './rule-templates.ts';
import { checkRequires, orderByRequires, type RequiringRule } from './requires.ts';
import type { CompiledRule, Pack, SettingSpec } from './types.ts';

export interface PackLoadResult {
  pack?: Pack;
  /**
   * When the pack has problems: what of it could be read (every rule whose id and scope could, with or without
   * problems of its own), for `validate` to go on checking the rules' cases and docs. Never evaluated.
   */
  partial?: Pack;
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
  // Schema problems in pack.yaml leave the rest of it to judge: every rule folder and setting it declares usably.
  const packProblems = schemaProblems(packSchema, packSource);
  diagnostics.push(...packProblems.map((p) => p.diagnostic));
  const usable = usableIn(packProblems);
  const manifest = (isMapping(packSource.data) ? packSource.data : {}) as Record<string, any>;

  const settings = loadSettings(isMapping(manifest.settings) ? manifest.settings : {}, packSource, diagnostics, usable);
  const firstById = new Map<string, RuleFile>();
  (Array.isArray(manifest.rules) ? manifest.rules : []).forEach((folder: unknown, i: number) => {
    if (typeof folder !== 'string' || !usable(`/rules/${i}`)) return;
    const ruleDir = join(dir, folder);
    if (!existsSync(ruleDir) || !statSync(ruleDir).isDirectory()) {
      diagnostics.push(at(packSource, `/rules/${i}`, 'rules-folder-missing', `rule folder "${folder}" does not exist next to pack.yaml`));
      return;
    }
    for (const name of ruleFileNames(ruleDir)) {
      const loaded = loadRule(join(ruleDir, name), settings, limits, diagnostics);
      if (!loaded) continue;
      const first = firstById.get(loaded.id);
      if (first) {
        diagnostics.push({
          ...at(loaded.yaml, '/id', 'duplicate-rule-id', `rule id "${loaded.id}" is already used by ${first.rule.file}`),
          related: [{ message: `first defined here`, location: first.rule.location }],
        });
        continue;
      }
      firstById.set(loaded.id, loaded);
    }
  });

  const files = [...firstById.values()];
  checkRequires(files, firstById, diagnostics);
  const rules = files.filter((f) => f.clean).map((f) => f.rule);
  const withExport = parts === 'all';
  const exported = (key: 'mapping' | 'layout') => (isMapping(manifest.export) && typeof manifest.export[key] === 'string' && usable(`/export/${key}`) ? join(dir, manifest.export[key]) : undefined);
  const mappingFile = withExport ? exported('mapping') : undefined;
  const layoutFile = withExport ? exported('layout') : undefined;
  const mapping = mappingFile ? loadMapping(mappingFile, new Set(settings.keys()), limits, diagnostics) : undefined;
  const layout = layoutFile ? loadLayout(layoutFile, mapping, settings, limits, diagnostics) : undefined;
  // Rules with schema problems are judged too, on what the schema left usable (templates need the scope they read).
  const judged = files.filter((f) => f.clean || (f.usable('/scope') && f.usable('/values') && f.usable('/each'))).map((f) => f.rule);
  if (withExport) checkInvoiceRules(judged, mapping, diagnostics);
  diagnostics.push(...checkRuleTemplates(judged, settings, mapping, withExport));
  const header = { name: manifest.name, version: manifest.version, description: manifest.description, dir, file: packFile, settings, mapping, layout };
  if (diagnostics.length > 0) {
    // A rule whose id is not its file name would read its own cases as naming another rule: left out.
    const readable = files.filter((f) => f.clean || (f.usable('/scope') && f.usable('/docs') && f.id === basename(f.rule.file, '.yaml'))).map((f) => f.rule);
    return { diagnostics: sortDiagnostics(diagnostics), partial: { ...header, rules: readable, byId: new Map(readable.map((r) => [r.id, r])) } };
  }
  const ordered = orderByRequires(rules);
  return { pack: { ...header, rules: ordered, byId: new Map(ordered.map((r) => [r.id, r])) }, diagnostics: [] };
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

/**
 * The pack's settings by name. A setting whose declaration has a schema problem is still declared (rules and
 * configs that name it are not told it is unknown), but nothing is judged against it: it accepts any value.
 */
function loadSettings(raw: Record<string, any>, source: YamlSource, diagnostics: Diagnostic[], usable: Usable): Map<string, SettingSpec> {
  const settings = new Map<string, SettingSpec>();
  for (const [name, declared] of Object.entries(raw)) {
    const sound = isMapping(declared) && usable(`/settings/${escapePointer(name)}`);
    const spec: Record<string, any> = sound ? declared : { description: '' };
    const { default: def, description, markdownDescription, enumDescriptions, ...rest } = spec;
    const schema: Record<string, unknown> = { ...rest };
    let validate;
    try {
      validate = compileSchema(schema);
    } catch (e) {
      diagnostics.push(at(source, `/settings/${name}`, 'bad-setting-schema', `setting "${name}" has an invalid schema: ${(e as Error).message}`, true));
      continue;
    }
    if (sound && !validate(def)) {
      diagnostics.push(at(source, `/settings/${name}/default`, 'bad-setting-default', `default of setting "${name}": ${valueProblem(validate.errors)}`));
    }
    settings.set(name, {
      name,
      // No type at all (an empty list) for a declaration with problems: its own type cannot be trusted.
      type: spec.type ?? [],
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

/** A rule file as the pack loader judges it: `clean` when it has no problem of its own (only then is it evaluated). */
interface RuleFile extends RequiringRule {
  rule: CompiledRule;
  clean: boolean;
}

/**
 * Loads a rule file with every problem of it: its schema, its id, its formulas and templates. A file with schema
 * problems still yields its rule (when its id can be read), its values as written, so that the pack goes on
 * judging what it requires, its templates and its cases; a value its schema refused is left out of those checks.
 */
function loadRule(file: string, settings: Map<string, SettingSpec>, limits: SourceLimits, diagnostics: Diagnostic[]): RuleFile | undefined {
  const source = tryRead(file, 'a rule (id, title, severity, check, …)', limits, diagnostics);
  if (!source) return undefined;
  const schema = schemaProblems(ruleSchema, source);
  const usable = usableIn(schema);
  const problems = schema.map((p) => p.diagnostic);
  const raw = (isMapping(source.data) ? source.data : {}) as Record<string, any>;
  const expectedId = basename(file, '.yaml');
  if (typeof raw.id === 'string' && raw.id !== expectedId && !problems.some((p) => p.location.line === source.locate('/id')?.line)) {
    problems.push(at(source, '/id', 'id-mismatch', `rule id "${raw.id}" must equal its file name "${expectedId}"`));
  }
  const knownSettings = new Set(settings.keys());
  const facts = new Set<string>();
  const valueFields = Object.keys(isMapping(raw.values) ? raw.values : {}).map((name) => `values/${name}`);
  for (const field of ['when', 'check', 'each', ...valueFields]) {
    const value = field.startsWith('values/') ? raw.values[field.slice(7)] : field === 'each' && typeof raw.each === 'string' ? { var: raw.each } : raw[field];
    if (value === undefined || !usable(`/${field}`)) continue;
    const analysis = analyzeLogic(value, knownSettings);
    for (const p of analysis.problems) {
      const pointer = field === 'each' && typeof raw.each === 'string' ? '/each' : `/${field}${p.pointer}`;
      problems.push(at(source, pointer, p.code, p.message, p.code === 'unknown-operation'));
    }
    analysis.facts.forEach((f) => facts.add(f));
  }
  const template = (field: 'message' | 'passMessage') => (typeof raw[field] === 'string' && usable(`/${field}`) ? templateOrProblem(raw[field], source, `/${field}`, problems) : undefined);
  const message = template('message');
  const passMessage = template('passMessage');
  const docs = resolve(dirname(file), typeof raw.docs === 'string' && usable('/docs') ? raw.docs : `${expectedId}.md`);
  diagnostics.push(...problems);
  if (typeof raw.id !== 'string' || !usable('/id')) return undefined; // nothing can name a rule without an id
  const clean = problems.length === 0 && message !== undefined;
  const judged = (field: string) => (clean || usable(`/${field}`) ? raw[field] : undefined);
  const rule = new LoadedRule({
    id: raw.id,
    title: raw.title,
    severity: raw.severity,
    category: raw.category,
    actor: raw.actor,
    confidence: raw.confidence,
    source: raw.source,
    scope: raw.scope ?? 'snapshot',
    when: judged('when'),
    check: judged('check'),
    each: typeof raw.each === 'string' ? { var: raw.each } : judged('each'),
    eachKey: raw.eachKey,
    requires: clean ? (raw.requires ?? []) : [],
    waivable: raw.waivable !== false,
    values: judged('values'),
    // A rule with problems is never rendered: its message may be missing.
    message: message!,
    passMessage,
    remediation: String(raw.remediation).trim(),
    docs,
    file,
    facts: [...facts].sort(),
    yaml: source,
  }, () => source.locate('/id', { key: true }) ?? { file, line: 1, column: 1 });
  return { id: raw.id, requires: raw.requires, yaml: source, usable, rule, clean };
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
