// ajv, compiled once per schema, with its errors turned into located diagnostics a person can act on.
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.ts';
import { describeValue, escapePointer, pointerToPath, type YamlSource } from '../yaml/source.ts';
import { FIXED_SCHEMAS } from './all.ts';
import { PRECOMPILED, PRECOMPILED_BY_CONTENT } from './precompiled.ts';
import { FORMATS } from './formats.ts';
import { calendarProblem } from '../logic/ops/dates.ts';
import { suggest } from '../suggest.ts';

type AjvClass = typeof AjvModule.default;

/**
 * ajv itself, loaded on first use: a bundled run whose validators are all precompiled never loads it. Not
 * bundled (scripts/build.mjs keeps it external): it loads from node_modules when a schema is compiled.
 */
function loadAjv(): AjvClass {
  const module = ajvModule();
  return module.default ?? (module as unknown as AjvClass);
}

function ajvModule(): { default?: AjvClass; Name: new (name: string) => object } {
  return createRequire(import.meta.url)('ajv') as { default?: AjvClass; Name: new (name: string) => object };
}

/** A name for ajv's generated code (of the ajv that createAjv uses: its code generator recognises only its own). */
export function ajvName(name: string): object {
  return new (ajvModule().Name)(name);
}

/** Annotation keywords our schemas carry for editors (VS Code) and for the survey generator. */
const ANNOTATIONS = ['markdownDescription', 'enumDescriptions', 'x-collect', 'x-message', 'x-reference', 'x-survey', 'x-survey-keys', 'deprecationMessage'];

let shared: InstanceType<AjvClass> | undefined;

/** A new ajv with preflight's options, vocabulary and formats (`extra`: e.g. `code` for standalone output). */
export function createAjv(extra: Record<string, unknown> = {}): InstanceType<AjvClass> {
  const Ajv = loadAjv();
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, ...extra });
  instance.addVocabulary(ANNOTATIONS);
  // The formats our files use, without pulling every format in.
  for (const [name, format] of Object.entries(FORMATS)) instance.addFormat(name, format);
  return instance;
}

export function ajv(): InstanceType<AjvClass> {
  shared ??= createAjv();
  return shared;
}

const compiled = new WeakMap<object, ValidateFunction>();
let precompiled: Map<object, () => ValidateFunction> | undefined;

/**
 * The validator of a schema, compiled once. The bundle carries precompiled validators (ajv standalone code,
 * see precompiled.ts) for the published schemas and for the default pack's built schemas; anything else,
 * and everything under tsx, is compiled here.
 */
export function compileSchema(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    precompiled ??= new Map(Object.entries(FIXED_SCHEMAS).flatMap(([name, s]) => (PRECOMPILED[name] ? [[s, PRECOMPILED[name]]] : [])));
    const load = precompiled.get(schema) ?? PRECOMPILED_BY_CONTENT[JSON.stringify(schema)];
    fn = load ? load() : ajv().compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Validates `data` (default: the whole source) against `schema`; returns one diagnostic per real mistake. */
export function validateSource(schema: object, source: YamlSource, data: unknown = source.data, basePointer = ''): Diagnostic[] {
  return schemaProblems(schema, source, data, basePointer).map((p) => p.diagnostic);
}

/** One schema mistake: what to report, and the JSON pointer of the value it leaves unusable (see usableAt). */
export interface SchemaProblem {
  diagnostic: Diagnostic;
  pointer: string;
}

/** validateSource, with the value each problem spoils: what loaders need to go on judging the rest of a file. */
export function schemaProblems(schema: object, source: YamlSource, data: unknown = source.data, basePointer = ''): SchemaProblem[] {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  return explainProblems(validate.errors ?? [], source, basePointer);
}

export function explainErrors(errors: ErrorObject[], source: YamlSource, basePointer = ''): Diagnostic[] {
  return explainProblems(errors, source, basePointer).map((p) => p.diagnostic);
}

function explainProblems(errors: ErrorObject[], source: YamlSource, basePointer: string): SchemaProblem[] {
  const kept = pruneErrors(errors);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const d = toDiagnostic(e, source, basePointer);
    const key = `${d.location.line}:${d.location.column}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ diagnostic: d, pointer: spoiledPointer(e, basePointer) });
    }
  }
  return out;
}

/** A missing or unknown key spoils only itself: the other values of its object can still be judged. */
function spoiledPointer(e: ErrorObject, basePointer: string): string {
  const path = basePointer + e.instancePath;
  if (e.keyword === 'additionalProperties') return `${path}/${escapePointer((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'required') return `${path}/${escapePointer((e.params as { missingProperty: string }).missingProperty)}`;
  return path;
}

/**
 * Whether the value at `pointer` can still be judged (its references looked up): no schema problem stands at it
 * or inside it.
 */
export function usableAt(problems: readonly SchemaProblem[], pointer: string): boolean {
  return !problems.some((p) => p.pointer === pointer || p.pointer.startsWith(`${pointer}/`));
}

/** usableAt of one file's problems, as loaders pass it to the checks that read the file's values. */
export type Usable = (pointer: string) => boolean;

export function usableIn(problems: readonly SchemaProblem[]): Usable {
  return problems.length === 0 ? () => true : (pointer) => usableAt(problems, pointer);
}

/**
 * Keeps the errors a person needs. anyOf/oneOf report every branch; we keep only the branch that got
 * furthest into the data (or one summary when every branch failed on type), and drop `if` noise. A value of the
 * wrong type is said once: not also as "not one of" the names it could never be.
 */
function pruneErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  let result = errors.filter((e) => e.keyword !== 'if' && !(e.keyword === 'enum' && wrongType.has(e.instancePath)));
  for (const c of combinators) {
    const prefix = c.schemaPath + '/';
    const branchErrors = result.filter((e) => e.schemaPath.startsWith(prefix));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const typeOnly = [...byBranch.values()].every((list) => list.every((e) => e.keyword === 'type' && e.instancePath === c.instancePath));
    let keep: ErrorObject[];
    if (typeOnly || byBranch.size === 0) {
      keep = [{ ...c, keyword: 'anyOf', message: undefined }];
    } else {
      const depth = (list: ErrorObject[]) => Math.max(...list.map((e) => e.instancePath.length));
      const best = [...byBranch.values()].filter((l) => !l.every((e) => e.keyword === 'type' && e.instancePath === c.instancePath));
      best.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
      keep = best[0] ?? [];
    }
    result = result.filter((e) => e !== c && !branchErrors.includes(e)).concat(keep);
  }
  return result;
}

function toDiagnostic(e: ErrorObject, source: YamlSource, basePointer: string): Diagnostic {
  const path = basePointer + e.instancePath;
  const at = (pointer: string, key = false) =>
    source.locate(pointer, { key }) ?? source.locateNearest(pointer).location;
  const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  const name = pointerToPath(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties) ?? {});
      const hint = suggest(prop, allowed);
      return diag('unknown-key', `unknown key "${prop}"${name ? ` in ${name}` : ''}${hint ? `; did you mean "${hint}"?` : allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}`, at(`${path}/${escapePointer(prop)}`, true));
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      return diag('missing-key', `missing required key "${prop}"${name ? ` in ${name}` : ' at the top level'}`, at(path, true));
    }
    case 'type': {
      const expected = expectedType(e);
      return diag('wrong-type', `${name || 'value'} must be ${article(expected)}, found ${describeValue(e.data)}${quoteHint(source, path, expected, e.data)}`, at(path));
    }
    case 'enum':
    case 'const':
      if (e.keyword === 'enum' && typeof (e.parentSchema as Record<string, unknown> | undefined)?.['x-reference'] === 'string') return unknownReference(e, custom, at(path));
      return diag('not-allowed', `${name || 'value'} ${allowedValues(e)}, found ${describeValue(e.data)}`, at(path));
    case 'anyOf':
    case 'oneOf': {
      const types = ((e.schema as { type?: string }[]) ?? []).map((s) => s.type).filter(Boolean);
      const expected = typeof custom === 'string' ? custom : types.length ? types.join(' or ') : 'a value of another shape';
      return diag('wrong-type', `${name || 'value'} must be ${article(expected)}, found ${describeValue(e.data)}`, at(path));
    }
    case 'pattern':
    case 'format': {
      const calendar = formatProblem(e);
      if (calendar !== undefined) return diag('not-a-day', `${name || 'value'}: ${calendar}`, at(path));
      return diag(
        'bad-format',
        `${name || 'value'} ${typeof custom === 'string' ? custom : e.keyword === 'format' ? `must be a valid ${(e.params as { format: string }).format}` : `must match ${(e.params as { pattern: string }).pattern}`}, found ${describeValue(e.data)}`,
        at(path),
      );
    }
    case 'propertyNames':
      return diag('bad-key', `${name || 'value'} has a key that ${typeof custom === 'string' ? custom : 'is not allowed'}`, at(path));
    case 'uniqueItems':
      return diag('duplicate-item', `${name || 'value'} lists the same item twice (items ${(e.params as { j: number; i: number }).j + 1} and ${(e.params as { i: number }).i + 1})`, at(path));
    default:
      return diag('schema', `${name || 'value'} ${typeof custom === 'string' ? custom : e.message ?? 'is not valid'}`, at(path));
  }
}

/**
 * An enum of names (`x-reference: rule`: the pack's rule ids) that the value is not among: said as an unknown
 * name with the closest one, as an unknown key under `rules:` is, never as a list of every allowed value.
 */
function unknownReference(e: ErrorObject, custom: unknown, location: Diagnostic['location']): Diagnostic {
  const kind = String((e.parentSchema as Record<string, unknown>)['x-reference']);
  const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
  const hint = typeof e.data === 'string' ? suggest(e.data, allowed) : undefined;
  const value = typeof e.data === 'string' ? JSON.stringify(e.data) : describeValue(e.data);
  return diag(`unknown-${kind}`, `unknown ${kind} ${value}${hint ? `; did you mean "${hint}"?` : typeof custom === 'string' ? `; ${custom}` : ''}`, location);
}

/**
 * What a failed date or date-time format has to say when the text has the form but names no calendar day
 * ("2027-02-30 is not a calendar day (February 2027 has 28 days)"); undefined for any other failure.
 */
export function formatProblem(e: ErrorObject): string | undefined {
  const format = e.keyword === 'format' ? (e.params as { format?: string }).format : undefined;
  if ((format !== 'date' && format !== 'date-time') || typeof e.data !== 'string') return undefined;
  return calendarProblem(format === 'date' ? e.data : e.data.slice(0, 10));
}

/** What the first error says of one value checked alone: the calendar's reason for a date (formatProblem), else ajv's words after "the value". */
export function valueProblem(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return 'the value does not fit its schema';
  if (error.keyword === 'enum' || error.keyword === 'const') return `the value ${allowedValues(error)}, found ${describeValue(error.data)}`;
  if (error.keyword === 'type') return `the value must be ${article(expectedType(error))}, found ${describeValue(error.data)}`;
  return formatProblem(error) ?? `the value ${error.message ?? 'does not fit its schema'}`;
}

function expectedType(e: ErrorObject): string {
  return String((e.params as { type: string | string[] }).type).split(',').join(' or ');
}

/** An enum or const error in words that name what is allowed (ajv's own say only "the allowed values"). */
function allowedValues(e: ErrorObject): string {
  if (e.keyword === 'const') return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v));
  return allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`;
}

function diag(code: string, message: string, location: Diagnostic['location']): Diagnostic {
  return { severity: 'error', code, message, location };
}

function article(expected: string): string {
  return /^(a|an|one) /.test(expected) ? expected : /^[aeiou]/i.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** YAML reads 00123 as 123 and 1.10 as 1.1: when a string was wanted, say to quote it, quoting the source text. */
function quoteHint(source: YamlSource, pointer: string, expected: string, data: unknown): string {
  if (!expected.includes('string') || (typeof data !== 'number' && typeof data !== 'boolean')) return '';
  const node = source.nodeAt(pointer) as { range?: [number, number, number] } | undefined;
  const raw = node?.range ? source.text.slice(node.range[0], node.range[1]).trim() : String(data);
  return raw === String(data)
    ? `; write it in quotes ("${raw}") to make it text`
    : `; write it in quotes ("${raw}"): unquoted, YAML reads ${raw} as the ${typeof data} ${String(data)}`;
}

/** A YAML mapping (not a list, not a scalar): what a loader may read keys from once a schema problem may stand in the way. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
