// Loads each rule's cases file and doc examples, strictly (ESLint RuleTester style), before any case runs.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PreflightError, sortDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { readTextFile, readYamlFile, parseYaml, type YamlSource } from '../yaml/source.ts';
import { schemaProblems, compileSchema, valueProblem, usableIn, isMapping, type Usable } from '../schema/validate.ts';
import { casesSchema } from '../schema/cases.schema.ts';
import type { CompiledRule, Pack } from './types.ts';
import type { LedgerEntry } from '../engine/invoice.ts';

export type ExpectedOutcome = 'pass' | 'fail' | 'not-evaluable' | 'blocked' | 'not-applicable';

export interface Expectation {
  key: string;
  outcome: ExpectedOutcome;
  messageIncludes?: string;
}

export interface RuleCase {
  rule: CompiledRule;
  name: string;
  /** The base snapshot data with the patch applied; `remove` still to apply. */
  base: unknown;
  patch: unknown;
  remove: string[];
  settings: Record<string, unknown>;
  expect: Expectation[];
  location: SourceLocation;
  /** Invoice-scope rules: the invoice (base + patch), invoices read before it in the run, the ledger. */
  invoice?: InvoiceCase;
  /** true for cases that come from the rule doc's Examples. */
  fromDocs?: boolean;
}

export interface InvoiceCase {
  base: unknown;
  patch: unknown;
  earlier: unknown[];
  ledger: LedgerEntry[];
  allowReexport: boolean;
}

export const DOC_HEADINGS = ['What it checks', 'Why', 'How to fix', 'Examples'];

export function casesFile(rule: CompiledRule): string {
  return rule.file.replace(/\.yaml$/, '.cases.yaml');
}

/** Every case of every rule in the pack, or a PreflightError listing every problem in every file. */
export function loadCases(pack: Pack): RuleCase[] {
  const diagnostics: Diagnostic[] = [];
  const all: RuleCase[] = [];
  for (const rule of pack.rules) {
    const fromFile = loadRuleCases(rule, pack, diagnostics);
    all.push(...fromFile.cases, ...loadDocExamples(rule, fromFile.base, diagnostics, fromFile.baseInvoice));
  }
  if (diagnostics.length > 0) throw new PreflightError(sortDiagnostics(diagnostics));
  return all;
}

function problem(source: YamlSource, pointer: string, code: string, message: string): Diagnostic {
  return { severity: 'error', code, message, location: source.locate(pointer, { key: true }) ?? source.locateNearest(pointer).location };
}

const MINIMAL_BASE = { meta: { customer: 'Rule case', captured_at: '2026-01-01T00:00:00Z' } };

function loadRuleCases(rule: CompiledRule, pack: Pack, diagnostics: Diagnostic[]): { cases: RuleCase[]; base: unknown; baseInvoice?: unknown } {
  const file = casesFile(rule);
  if (!existsSync(file)) {
    diagnostics.push({ severity: 'error', code: 'missing-cases', message: `rule "${rule.id}" has no cases file ${file}`, location: rule.location });
    return { cases: [], base: MINIMAL_BASE };
  }
  let source: YamlSource;
  try {
    source = readYamlFile(file, 'rule cases (rule, base, cases)');
  } catch (e) {
    if (e instanceof PreflightError) diagnostics.push(...e.diagnostics);
    else throw e;
    return { cases: [], base: MINIMAL_BASE };
  }
  const before = diagnostics.length;
  // Schema problems leave the rest of the file to judge: every name, key, file and setting it gives usably.
  const schema = schemaProblems(casesSchema, source);
  diagnostics.push(...schema.map((p) => p.diagnostic));
  const usable = usableIn(schema);
  const raw = (isMapping(source.data) ? source.data : {}) as RawCases;
  const text = (key: 'rule' | 'base' | 'baseInvoice') => (typeof raw[key] === 'string' && usable(`/${key}`) ? (raw[key] as string) : undefined);
  const named = text('rule');
  if (named !== undefined && named !== rule.id) diagnostics.push(problem(source, '/rule', 'rule-mismatch', `cases name rule "${named}" but the file belongs to "${rule.id}"`));

  let base: unknown = MINIMAL_BASE;
  const baseName = text('base');
  if (baseName !== undefined) {
    const baseFile = join(dirname(file), baseName);
    try {
      base = readYamlFile(baseFile, 'a snapshot').data;
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      diagnostics.push(problem(source, '/base', 'bad-base', `base snapshot ${baseName} cannot be used: ${e.diagnostics[0].message}`));
    }
  }

  // Invoice-scope rules run each case on one invoice: a base invoice patched by the case's `invoice`.
  let baseInvoice: unknown;
  const baseInvoiceName = text('baseInvoice');
  if (baseInvoiceName !== undefined) {
    try {
      baseInvoice = readYamlFile(join(dirname(file), baseInvoiceName), 'a Procore invoice').data;
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      diagnostics.push(problem(source, '/baseInvoice', 'bad-base', `base invoice ${baseInvoiceName} cannot be used: ${e.diagnostics[0].message}`));
    }
  } else if (raw.baseInvoice === undefined && rule.scope === 'invoice') diagnostics.push(problem(source, '/rule', 'missing-base-invoice', `rule "${rule.id}" is invoice-scoped: its cases need baseInvoice, a Procore invoice each case patches`));
  const cases = Array.isArray(raw.cases) ? raw.cases : [];
  const counts = judgeCases(cases, rule, pack, source, usable, diagnostics);
  // How many cases pass and fail is known only when the list and every expectation in it could be read.
  if (counts && Array.isArray(raw.cases)) {
    if (counts.passes === 0) diagnostics.push(problem(source, '/cases', 'no-passing-case', `rule "${rule.id}" needs at least one case expecting outcome pass`));
    if (counts.fails === 0) diagnostics.push(problem(source, '/cases', 'no-failing-case', `rule "${rule.id}" needs at least one case expecting outcome fail`));
  }
  if (diagnostics.length > before) return { cases: [], base, baseInvoice };

  return {
    base,
    baseInvoice,
    cases: cases.map((c, i) => ({
      rule,
      name: c.name,
      base,
      patch: c.patch ?? {},
      remove: c.remove ?? [],
      settings: c.settings ?? {},
      expect: c.expect,
      location: source.locate(`/cases/${i}`) ?? rule.location,
      ...(rule.scope === 'invoice' ? { invoice: { base: baseInvoice, patch: c.invoice ?? {}, earlier: c.earlier ?? [], ledger: c.ledger ?? [], allowReexport: c.allowReexport ?? false } } : {}),
    })),
  };
}

type RawCase = { name: string; patch?: object; remove?: string[]; settings?: Record<string, unknown>; expect: Expectation[]; invoice?: object; earlier?: object[]; ledger?: LedgerEntry[]; allowReexport?: boolean };
type RawCases = { rule?: unknown; base?: unknown; baseInvoice?: unknown; cases?: RawCase[] };

const INVOICE_KEYS = ['invoice', 'earlier', 'ledger', 'allowReexport'] as const;
const BODY_KEYS = ['patch', 'remove', 'settings', ...INVOICE_KEYS] as const;

/**
 * Each case's names, keys and settings, as far as the schema left them usable. Returns how many expectations
 * pass and fail, or undefined when one of them could not be read (the counts would say nothing then).
 */
function judgeCases(cases: RawCase[], rule: CompiledRule, pack: Pack, source: YamlSource, usable: Usable, diagnostics: Diagnostic[]): { passes: number; fails: number } | undefined {
  const names = new Map<string, number>();
  const bodies = new Map<string, number>();
  let passes = 0;
  let fails = 0;
  let countable = true;
  cases.forEach((c: unknown, i) => {
    const at = `/cases/${i}`;
    if (!isMapping(c)) {
      countable = false;
      return;
    }
    if (typeof c.name === 'string' && usable(`${at}/name`)) {
      if (names.has(c.name)) diagnostics.push(problem(source, `${at}/name`, 'duplicate-case', `case name "${c.name}" is already used by case ${names.get(c.name)! + 1}`));
      names.set(c.name, i);
    }
    if (rule.scope !== 'invoice') for (const k of INVOICE_KEYS) if (c[k] !== undefined) diagnostics.push(problem(source, `${at}/${k}`, 'not-invoice-scope', `"${k}" is only for invoice-scope rules; "${rule.id}" reads the snapshot`));
    if (BODY_KEYS.every((k) => usable(`${at}/${k}`))) {
      const body = JSON.stringify([c.patch ?? {}, c.remove ?? [], c.settings ?? {}, c.invoice ?? {}, c.earlier ?? [], c.ledger ?? [], c.allowReexport ?? false]);
      const label = typeof c.name === 'string' ? `"${c.name}"` : String(i + 1); // a name the schema refused is not shown
      if (bodies.has(body)) diagnostics.push(problem(source, at, 'duplicate-case', `case ${label} has the same snapshot and settings as case ${bodies.get(body)! + 1}`));
      bodies.set(body, i);
    }
    const keys = new Set<string>();
    if (!Array.isArray(c.expect) || !usable(`${at}/expect`)) countable = false;
    (Array.isArray(c.expect) ? c.expect : []).forEach((e: unknown, j: number) => {
      if (!isMapping(e)) return;
      const key = `${at}/expect/${j}/key`;
      if (typeof e.key === 'string' && usable(key)) {
        if (e.key !== rule.id && !e.key.startsWith(`${rule.id}/`)) diagnostics.push(problem(source, key, 'foreign-key', `expected finding "${e.key}" does not belong to rule "${rule.id}"`));
        if (keys.has(e.key)) diagnostics.push(problem(source, key, 'duplicate-expectation', `finding "${e.key}" is expected twice in one case`));
        keys.add(e.key);
      }
      if (e.outcome === 'pass') passes++;
      if (e.outcome === 'fail') fails++;
    });
    for (const [name, value] of Object.entries(isMapping(c.settings) ? c.settings : {})) {
      const spec = pack.settings.get(name);
      if (!spec) diagnostics.push(problem(source, `${at}/settings/${name}`, 'unknown-setting', `unknown setting "${name}"`));
      else {
        const validate = compileSchema(spec.schema);
        if (!validate(value)) diagnostics.push(problem(source, `${at}/settings/${name}`, 'bad-setting', `setting "${name}": ${valueProblem(validate.errors)}`));
      }
    }
  });
  return countable ? { passes, fails } : undefined;
}

/**
 * A rule doc has fixed headings; its Examples hold ```yaml pass``` and ```yaml fail``` blocks, each a patch
 * over the cases' base snapshot. A fail example must produce the rule's failing finding; a pass example none.
 */
function loadDocExamples(rule: CompiledRule, base: unknown, diagnostics: Diagnostic[], baseInvoice?: unknown): RuleCase[] {
  const file = rule.docs;
  const shown = rule.file.replace(/\.yaml$/, '.md');
  if (!existsSync(file)) {
    diagnostics.push({ severity: 'error', code: 'missing-doc', message: `rule "${rule.id}" has no doc ${shown}`, location: rule.location });
    return [];
  }
  const text = readTextFile(file);
  const lines = text.split('\n');
  const at = (line: number): SourceLocation => ({ file: shown, line, column: 1 });
  if (lines[0] !== `# ${rule.id}`) diagnostics.push({ severity: 'error', code: 'doc-title', message: `doc must start with "# ${rule.id}"`, location: at(1) });
  const headings = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.startsWith('## '));
  const found = headings.map(({ l }) => l.slice(3).trim());
  if (JSON.stringify(found) !== JSON.stringify(DOC_HEADINGS)) {
    diagnostics.push({
      severity: 'error',
      code: 'doc-headings',
      message: `doc headings must be, in order: ${DOC_HEADINGS.map((h) => `"## ${h}"`).join(', ')}; found ${found.map((h) => `"## ${h}"`).join(', ') || 'none'}`,
      location: at(headings[0] ? headings[0].i + 1 : 1),
    });
  }
  // The examples are judged wherever their heading stands, even among headings out of order.
  const examplesStart = headings.find(({ l }) => l.slice(3).trim() === 'Examples')?.i;
  if (examplesStart === undefined) return [];
  const cases: RuleCase[] = [];
  const fence = /^```yaml (pass|fail)\s*$/;
  const kinds = new Set<string>();
  for (let i = examplesStart; i < lines.length; i++) {
    const m = fence.exec(lines[i]);
    if (!m) continue;
    kinds.add(m[1]); // a block that does not parse is reported as such, not as missing
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) {
      diagnostics.push({ severity: 'error', code: 'doc-example', message: 'example block is not closed with ```', location: at(i + 1) });
      break;
    }
    const body = lines.slice(i + 1, end).join('\n');
    try {
      const parsed = parseYaml(body, `${shown}:${i + 2}`, rule.scope === 'invoice' ? 'an invoice patch (invoice:) and optionally a snapshot patch (snapshot:) and settings (settings:)' : 'a snapshot patch').data as Record<string, unknown>;
      // An invoice rule's example patches the invoice (`invoice:`) and, optionally, the snapshot (`snapshot:`); it may
      // set settings (`settings:`) that the rule reads, such as the date format an import rule depends on.
      const patch = rule.scope === 'invoice' ? (parsed.snapshot ?? {}) : parsed;
      const outcome = m[1] as 'pass' | 'fail';
      cases.push({
        rule,
        name: `doc example at ${shown}:${i + 1} (${outcome})`,
        base,
        patch,
        ...(rule.scope === 'invoice' ? { invoice: { base: baseInvoice, patch: parsed.invoice ?? {}, earlier: (parsed.earlier as unknown[]) ?? [], ledger: (parsed.ledger as LedgerEntry[]) ?? [], allowReexport: false } } : {}),
        remove: [],
        settings: rule.scope === 'invoice' ? ((parsed.settings as Record<string, unknown> | undefined) ?? {}) : {},
        expect: rule.each === undefined ? [{ key: rule.id, outcome }] : [],
        location: at(i + 1),
        fromDocs: true,
      });
      if (rule.each !== undefined || rule.scope === 'invoice') cases[cases.length - 1].expect = [{ key: `${rule.id}/*`, outcome }];
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      diagnostics.push(...e.diagnostics.map((d) => ({ ...d, location: { ...d.location, file: shown, line: d.location.line + i + 1 } })));
    }
    i = end;
  }
  if (!kinds.has('pass') || !kinds.has('fail')) {
    diagnostics.push({ severity: 'error', code: 'doc-examples', message: 'Examples need at least one ```yaml pass``` and one ```yaml fail``` block', location: at(examplesStart + 1) });
  }
  return cases;
}

export function resolveDocs(rule: CompiledRule): string {
  return resolve(rule.docs);
}
