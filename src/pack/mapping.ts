// Loads the field mapping (Procore invoice → Sage AP invoice formulas) and checks every formula before anything runs.
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { PreflightError } from '../diagnostics.ts';
import { readYamlFile, escapePointer, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { schemaProblems, usableIn, isMapping } from '../schema/validate.ts';
import { mappingSchema } from '../schema/mapping.schema.ts';
import { INVOICE_MONEY_KEYS } from '../schema/invoice.schema.ts';
import { analyzeLogic, type LogicAnalysis } from '../logic/compile.ts';
import { floatArithmeticOnMoney } from '../logic/ops/float-money.ts';
import { suggest } from '../suggest.ts';
import type { CompiledRule } from './types.ts';

export type FieldType = 'text' | 'money' | 'date' | 'quantity';
export type MappingSection = 'computed' | 'distribution' | 'header';

export interface MappingField {
  name: string;
  section: MappingSection;
  label: string;
  type: FieldType;
  confidence: 'confirmed' | 'unconfirmed';
  formula: unknown;
  /** A distribution formula that reads nothing of its line (see readsNoLine): one value serves every line. */
  lineInvariant: boolean;
  /** JSON pointer of the formula in the mapping file (for traces). */
  pointer: string;
  location: SourceLocation;
}

export interface CompiledMapping {
  name: string;
  file: string;
  computed: MappingField[];
  distribution: MappingField[];
  header: MappingField[];
  /** Keys whose values are amounts: Procore's money fields and every money-typed mapping name. */
  moneyKeys: ReadonlySet<string>;
  yaml: YamlSource;
  /** Sections, and fields as `section/name`, that schema problems left unread: what names them is not judged. */
  unread?: ReadonlySet<string>;
}

/** Snapshot sections every formula may read, besides its own section's names. */
const SNAPSHOT_ROOTS = ['meta', 'procore', 'hh2', 'sage', 'survey'];
const ROOTS: Record<MappingSection, string[]> = {
  computed: ['invoice', 'computed'],
  distribution: ['invoice', 'computed', 'line', 'distribution'],
  header: ['invoice', 'computed', 'distributions', 'header'],
};

/**
 * Loads the mapping with every problem of it. Schema problems leave the rest to judge: each formula that can be
 * read is checked, and the mapping is returned as far as it could be read, so that the layout's references to it
 * are judged too (a pack is built from it only when nothing was reported); undefined when it cannot be read.
 */
export function loadMapping(file: string, settings: ReadonlySet<string>, limits: SourceLimits, diagnostics: Diagnostic[]): CompiledMapping | undefined {
  let yaml: YamlSource;
  try {
    yaml = readYamlFile(file, 'a field mapping (name, computed, distribution, header)', limits);
  } catch (e) {
    if (e instanceof PreflightError) diagnostics.push(...e.diagnostics);
    else throw e;
    return undefined;
  }
  const problems = schemaProblems(mappingSchema, yaml);
  diagnostics.push(...problems.map((p) => p.diagnostic));
  const usable = usableIn(problems);
  const raw = (isMapping(yaml.data) ? yaml.data : {}) as Record<string, unknown>;
  const unread = new Set<string>();
  const fields = (section: MappingSection): MappingField[] => {
    const entries = raw[section] ?? {};
    if (!isMapping(entries)) {
      unread.add(section);
      return [];
    }
    return Object.entries(entries).map(([name, declared]) => {
      if (!usable(`/${section}/${escapePointer(name)}`)) unread.add(`${section}/${name}`);
      const spec = isMapping(declared) ? declared : {};
      return {
        name,
        section,
        label: spec.label as string,
        type: spec.type as FieldType,
        confidence: (spec.confidence as 'confirmed' | 'unconfirmed') ?? 'confirmed',
        formula: spec.formula,
        lineInvariant: false, // set by checkFormula, from the formula's analysis
        pointer: `/${section}/${escapePointer(name)}/formula`,
        location: yaml.locate(`/${section}/${escapePointer(name)}`, { key: true }) ?? { file, line: 1, column: 1 },
      };
    });
  };
  const mapping: CompiledMapping = {
    name: raw.name as string,
    file,
    computed: fields('computed'),
    distribution: fields('distribution'),
    header: fields('header'),
    moneyKeys: new Set(),
    yaml,
    ...(unread.size > 0 ? { unread } : {}),
  };
  const all = [...mapping.computed, ...mapping.distribution, ...mapping.header];
  mapping.moneyKeys = new Set([...INVOICE_MONEY_KEYS, ...all.filter((f) => f.type === 'money').map((f) => f.name)]);
  for (const f of all) if (f.formula !== undefined && usable(f.pointer)) diagnostics.push(...checkFormula(f, mapping, settings));
  return mapping;
}

/**
 * Whether a formula reads nothing of the line or distribution it is worked out for: every fact it names at its
 * top scope lies outside `line` and `distribution`, and it reads the scope no other way (inside a per-item
 * operation paths are the item's, which the formula itself lists). Decides conservatively.
 */
export function readsNoLine(formula: unknown): boolean {
  return lineInvariant(analyzeLogic(formula));
}

function lineInvariant(analysis: LogicAnalysis): boolean {
  return !analysis.unlistedReads && analysis.facts.every((path) => {
    const root = path.split('.')[0];
    return root !== 'line' && root !== 'distribution';
  });
}

function checkFormula(f: MappingField, mapping: CompiledMapping, settings: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (pointer: string, key = false) => mapping.yaml.locate(pointer, { key }) ?? mapping.yaml.locateNearest(pointer).location;
  const analysis = analyzeLogic(f.formula, settings);
  f.lineInvariant = f.section === 'distribution' && lineInvariant(analysis);
  for (const p of analysis.problems) out.push({ severity: 'error', code: p.code, message: p.message, location: at(f.pointer + p.pointer, p.code === 'unknown-operation') });
  for (const p of floatArithmeticOnMoney(f.formula, mapping.moneyKeys)) out.push({ severity: 'error', code: 'float-money', message: p.message, location: at(f.pointer + p.pointer, true) });
  // A name read from the mapping itself must be defined earlier, so formulas never depend on a later field.
  const earlier = (section: MappingSection) => mapping[section].slice(0, section === f.section ? mapping[section].indexOf(f) : undefined).map((x) => x.name);
  for (const path of analysis.facts) {
    const [root, name] = path.split('.');
    const allowed = [...ROOTS[f.section], ...SNAPSHOT_ROOTS];
    if (!allowed.includes(root)) {
      const hint = suggest(root, allowed);
      out.push({ severity: 'error', code: 'unknown-fact', message: `"${path}" reads "${root}", which a ${f.section} formula cannot see; it may read ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`, location: at(f.pointer) });
      continue;
    }
    const own = root === 'computed' ? 'computed' : root === 'header' ? 'header' : root === 'distribution' ? 'distribution' : undefined;
    if (own && name !== undefined && !earlier(own).includes(name)) {
      out.push({ severity: 'error', code: 'unknown-field', message: `"${path}" names no ${own} field defined before ${f.section}.${f.name}`, location: at(f.pointer) });
    }
  }
  return out;
}

/** Invoice rules may not use float arithmetic on amounts either; checked once the mapping's money names are known. */
export function checkInvoiceRules(rules: CompiledRule[], mapping: CompiledMapping | undefined, diagnostics: Diagnostic[]): void {
  const moneyKeys = new Set([...(mapping?.moneyKeys ?? INVOICE_MONEY_KEYS), 'distributionAmount', 'distributionRetainage', 'gap']);
  for (const rule of rules) {
    if (rule.scope !== 'invoice') continue;
    for (const field of ['when', 'check', 'each'] as const) {
      if (rule[field] === undefined) continue;
      for (const p of floatArithmeticOnMoney(rule[field], moneyKeys)) {
        const pointer = `/${field}${p.pointer}`;
        diagnostics.push({ severity: 'error', code: 'float-money', message: p.message, location: rule.yaml.locate(pointer, { key: true }) ?? rule.yaml.locateNearest(pointer).location });
      }
    }
  }
}
