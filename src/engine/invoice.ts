// One invoice through the pack: mapping formulas → Sage payload, import-layout facts, then the invoice-scope rules.
// Pure: takes values, returns values. The export streams invoices through it; `preflight test` runs cases through it.
import { hash as digest } from 'node:crypto';
import type { Pack } from '../pack/types.ts';
import type { CompiledMapping, MappingField } from '../pack/mapping.ts';
import { describeRecord, formatRecord, recordCells, resolveLayout, type ImportFacts, type ResolvedLayout } from '../pack/layout.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { formatLocation, type SourceLocation } from '../diagnostics.ts';
import type { YamlSource } from '../yaml/source.ts';
import { evaluateInto, evaluateLogic } from '../logic/evaluate.ts';
import { escapePointer, NO_READS, NO_SETTING_READS, type EvaluationContext, type PointerIndex } from '../logic/context.ts';
import { AMOUNT_PATTERN, amountText, formatAmount, parseAmount } from '../logic/ops/money.ts';
import { calendarProblem, dayProblem, plainDay } from '../logic/ops/dates.ts';
import { evaluateRules } from './evaluate.ts';
import { mergePatch } from '../snapshot/patch.ts';
import { compileSchema } from '../schema/validate.ts';
import { INVOICE_DATE_KEYS, invoiceSchema } from '../schema/invoice.schema.ts';
import type { Finding } from './types.ts';
import { scopeWith } from './scope.ts';

export interface LedgerEntry {
  vendor: string;
  invoice: string;
  procoreId: string;
  hash: string;
}

export interface InvoiceRun {
  pack: Pack;
  mapping: CompiledMapping;
  layout: ResolvedLayout;
  snapshot: Snapshot;
  settings: ReadonlyMap<string, unknown>;
  levels?: ReadonlyMap<string, string>;
  /** First occurrence of each vendor + invoice number in this run, by dedupe key → where it was read (the reader's
   * location object, which shares its file name with every other: kept for every invoice of a run). */
  seen: Map<string, SourceLocation>;
  /** Whether processInvoice consults and fills `seen` (false in a parallel export's workers). */
  trackSeen: boolean;
  /** Earlier exports (the ledger), by `<Sage vendor>/<invoice>`. */
  ledger: ReadonlyMap<string, LedgerEntry>;
  /** `<Sage vendor>/<invoice>` of every AP invoice the snapshot says Sage already holds. */
  inSage: ReadonlySet<string>;
  allowReexport: boolean;
  /** The day the run is judged on (YYYY-MM-DD), `--as-of`: for rules that weigh a date against it. */
  asOf: string;
  trace: boolean;
  /** Turns an invoice's findings into their waived form (config waivers); identity when absent. */
  waive?: Waive;
  /** Keep only the invoice rules' problems (the export); `preflight test` keeps every finding. */
  problemsOnly: boolean;
  locations: Map<string, SourceLocation>;
}

/**
 * Applies the config's waivers to one invoice's findings. `prefix`: the invoice's key in its parts (Procore vendor
 * id, invoice number), which a scope must match whole; `waivedBy`: the waiver index of each finding it waived.
 */
export type Waive = (findings: Finding[], prefix: readonly string[]) => { findings: Finding[]; waivedBy: number[] };

export interface InvoiceInput {
  data: Record<string, unknown>;
  /** Where the invoice starts, e.g. fixtures/invoices/a.json:1:1. */
  location: SourceLocation;
}

export interface MappingProblem {
  field: string;
  message: string;
  /** Pointers of facts the formula needed and did not find. */
  missing: string[];
}

/** A date of the invoice that is no calendar day: the key, its value and why (dates.ts's words). */
export interface DateProblem {
  field: string;
  value: string;
  message: string;
}

export interface FieldTrace {
  value: unknown;
  label: string;
  confidence: string;
  formula: unknown;
  inputs: { path: string; value: unknown }[];
}

export type Values = Record<string, unknown>;

export interface InvoiceOutcome {
  /** `<Procore vendor id>/<invoice number>` (or `#<Procore id>` without a number): finding keys end with it. */
  itemKey: string;
  procoreId: string;
  invoiceNumber: string | null;
  vendor: { procoreId: string; sageId: string | null; name: string | null };
  header: Values;
  distributions: Values[];
  trace?: { computed: Record<string, FieldTrace>; header: Record<string, FieldTrace>; distributions: Record<string, FieldTrace>[] };
  mappingProblems: MappingProblem[];
  /** Dates of the invoice that name no calendar day (each rejects it; the mapping does not report them again). */
  dateProblems: DateProblem[];
  /** The findings of the invoice rules (waivers applied): every one, or only problems with `problemsOnly`. */
  findings: Finding[];
  /** For each finding a waiver turned into `waived`: the index of that waiver in the config's list. */
  waivedBy: number[];
  exported: boolean;
  /** Import file lines (no line ends), when exported. */
  lines: string[];
  /** sha256 of the payload (header and distributions): for an exported invoice, or one the ledger already holds; else null. */
  hash: string | null;
  totals: { distributionAmount: string | null; distributionRetainage: string | null; gap: string | null };
  /** What the import rules read: each field's value and limit (for rejection reasons). */
  importFacts: ImportFacts;
  /** `<Sage vendor or procore:id>/<invoice number>`: what the run's duplicate check compares (null without a number). */
  dedupe: string | null;
}

export function startRun(pack: Pack, snapshot: Snapshot, settings: ReadonlyMap<string, unknown>, layout: ResolvedLayout, options: Partial<Pick<InvoiceRun, 'levels' | 'ledger' | 'allowReexport' | 'asOf' | 'trace' | 'waive' | 'problemsOnly' | 'trackSeen'>> = {}): InvoiceRun {
  if (!pack.mapping) throw new Error('internal: the pack has no export mapping');
  const apInvoices = ((snapshot.data.sage as { apInvoices?: { vendor: string; invoice: string }[] } | undefined)?.apInvoices ?? []);
  return {
    pack,
    mapping: pack.mapping,
    layout,
    snapshot,
    settings,
    levels: options.levels,
    seen: new Map(),
    trackSeen: options.trackSeen ?? true,
    ledger: options.ledger ?? new Map(),
    inSage: new Set(apInvoices.map((i) => `${i.vendor}/${i.invoice}`)),
    allowReexport: options.allowReexport ?? false,
    // Without one (rule cases), the day the snapshot was captured: never the clock, so a case gives one answer.
    asOf: options.asOf ?? String(snapshot.meta.captured_at).slice(0, 10),
    trace: options.trace ?? false,
    waive: options.waive,
    problemsOnly: options.problemsOnly ?? false,
    locations: new Map(),
  };
}

export function processInvoice(run: InvoiceRun, input: InvoiceInput): InvoiceOutcome {
  const invoice = input.data;
  const pointers = new InvoicePointers(run.snapshot.pointers, invoice);
  const procoreId = String(invoice.id);
  const number = typeof invoice.invoice_number === 'string' && invoice.invoice_number.trim() !== '' ? invoice.invoice_number : null;
  const vendorId = String(invoice.vendor_id);
  const keyParts = [vendorId, number ?? `#${procoreId}`];
  const itemKey = keyParts.join('/');

  const dateProblems = invoiceDateProblems(invoice);
  const mapped = mapInvoice(run, invoice, pointers, dateProblems);
  const { header, distributions } = mapped;
  const totals = sumDistributions(header, distributions);
  const facts: ImportFacts = { lengths: [], amounts: [], texts: [], required: [], dates: [] };
  // The cells of every record, described for the import rules and, when the invoice is exported, formatted.
  const headerCells = recordCells(run.layout.invoice, header);
  const distributionCells = distributions.map((d) => recordCells(run.layout.distribution, d));
  describeRecord(run.layout.layout.records.invoice.id, null, headerCells, run.layout.encoding, facts);
  for (let i = 0; i < distributionCells.length; i++) describeRecord(run.layout.layout.records.distribution.id, i + 1, distributionCells[i], run.layout.encoding, facts);

  const sageVendor = typeof header.vendor === 'string' && header.vendor !== '' ? header.vendor : null;
  const dedupe = `${sageVendor ?? `procore:${vendorId}`}/${number ?? `#${procoreId}`}`;
  // A run that does not track (a worker of a parallel export, which sees only some invoices) leaves the duplicate
  // check to whoever puts the invoices back in order: it gets the key with the outcome.
  const first = number === null || !run.trackSeen ? undefined : run.seen.get(dedupe);
  if (first === undefined && number !== null && run.trackSeen) run.seen.set(dedupe, input.location);
  const earlier = first === undefined ? undefined : formatLocation(first);
  const sageKey = sageVendor && number ? `${sageVendor}/${number}` : undefined;
  const previous = sageKey ? run.ledger.get(sageKey) : undefined;
  // The payload's hash is for the ledger and the payload file: worked out before the rules only when the ledger has
  // the invoice (a rule compares the two), else once the invoice is known to be exported.
  let hash = previous ? payloadHash(header, distributions) : null;
  const exportFacts = {
    earlierInRun: earlier ?? null,
    previousExport: previous ? { ...previous, sameContent: previous.hash === hash } : null,
    inSage: sageKey ? run.inSage.has(sageKey) : false,
    allowReexport: run.allowReexport,
    asOf: run.asOf,
  };

  const data = scopeWith(run.snapshot.data, { invoice, computed: mapped.computed, payload: { header, distributions, totals, lines: lineFacts(invoice, distributions) }, import: facts, export: exportFacts });
  const subject = scopeWith(run.snapshot, { data, pointers, source: compositeSource(run, input) }) as unknown as Snapshot;
  const evaluated = evaluateRules(run.pack, subject, { settings: run.settings, asOf: run.asOf, levels: run.levels as never, scope: 'invoice', itemPrefix: itemKey, problemsOnly: run.problemsOnly });
  const waived = run.waive?.(evaluated, keyParts);
  const findings = waived ? waived.findings : evaluated;
  const rejected = mapped.problems.length > 0 || dateProblems.length > 0 || findings.some((f) => f.severity === 'error' && (f.outcome === 'fail' || f.outcome === 'not-evaluable' || f.outcome === 'blocked'));
  const lines = rejected
    ? []
    : [formatRecord(headerCells), ...distributionCells.map(formatRecord)];
  if (!rejected) hash ??= payloadHash(header, distributions);
  return {
    itemKey,
    procoreId,
    invoiceNumber: number,
    vendor: { procoreId: vendorId, sageId: sageVendor, name: typeof invoice.vendor_name === 'string' ? invoice.vendor_name : null },
    header,
    distributions,
    ...(mapped.trace ? { trace: mapped.trace } : {}),
    mappingProblems: mapped.problems,
    dateProblems,
    findings,
    waivedBy: waived ? waived.waivedBy : NO_WAIVERS,
    exported: !rejected,
    lines,
    hash,
    totals,
    importFacts: facts,
    dedupe: number === null ? null : dedupe,
  };
}

interface Mapped {
  computed: Values;
  header: Values;
  distributions: Values[];
  problems: MappingProblem[];
  trace?: InvoiceOutcome['trace'];
}

/** The invoice's dates (INVOICE_DATE_KEYS) that have the form YYYY-MM-DD but name no calendar day. */
export function invoiceDateProblems(invoice: Record<string, unknown>): DateProblem[] {
  let out: DateProblem[] | undefined;
  for (const field of INVOICE_DATE_KEYS) {
    const value = invoice[field];
    if (typeof value !== 'string' || plainDay(value) !== undefined) continue;
    const why = calendarProblem(value);
    if (why !== undefined) (out ??= []).push({ field, value, message: `${field}: ${why}; correct the date in Procore` });
  }
  return out ?? NO_DATE_PROBLEMS;
}

const NO_DATE_PROBLEMS: DateProblem[] = [];
const NO_WAIVERS: number[] = [];

function mapInvoice(run: InvoiceRun, invoice: Record<string, unknown>, pointers: PointerIndex, dateProblems: DateProblem[]): Mapped {
  const { mapping } = run;
  // A date field that carries one of the invoice's impossible dates has no problem of its own: it is reported once,
  // as the invoice's, and the field keeps the text (nothing of a rejected invoice is written).
  const reported = dateProblems.length === 0 ? undefined : new Set(dateProblems.map((p) => p.value));
  const problems: MappingProblem[] = [];
  const trace = run.trace ? { computed: {} as Record<string, FieldTrace>, header: {} as Record<string, FieldTrace>, distributions: [] as Record<string, FieldTrace>[] } : undefined;
  const base = scopeWith(run.snapshot.data, { invoice });
  const computed: Values = {};
  // One context for every formula of the invoice (nothing keeps it): its reads are reset per formula.
  const ctx: EvaluationContext = { root: undefined, pointers, bindings: NO_BINDINGS, settings: run.settings, reads: NO_READS, settingReads: NO_SETTING_READS, probing: false, absentOnly: !run.trace, invalid: undefined, inexact: undefined };
  // The first line's values of line-invariant formulas serve the other lines, unless the first had a problem
  // (then each line is worked out, and reports it, as it would be).
  let first: Values | undefined;
  const unsettled = new Set<string>();
  const evalInto = (fields: MappingField[], scope: Record<string, unknown>, out: Values, traces: Record<string, FieldTrace> | undefined, where: (f: MappingField) => string) => {
    ctx.root = scope;
    for (const f of fields) {
      if (first !== undefined && f.lineInvariant && !unsettled.has(f.name)) {
        out[f.name] = first[f.name];
        continue;
      }
      if (traces) {
        const { value, problem, inputs } = evaluateField(run, pointers, f, scope, reported);
        out[f.name] = value;
        if (problem) problems.push({ field: where(f), message: `${f.label}: ${problem.message}`, missing: problem.missing });
        traces[f.name] = { value, label: f.label, confidence: f.confidence, formula: f.formula, inputs };
        continue;
      }
      ctx.reads = NO_READS;
      const value = evaluateInto(f.formula, scope, ctx);
      if (ctx.reads.length > 0 || ctx.invalid !== undefined) {
        // A problem: the field is worked out again the long way, for its message.
        const { problem } = evaluateField(run, pointers, f, scope, reported);
        out[f.name] = null;
        problems.push({ field: where(f), message: `${f.label}: ${problem!.message}`, missing: problem!.missing });
        unsettled.add(f.name);
        continue;
      }
      const typed = usualTyped(f, value);
      if (typed !== NOT_TYPED) {
        out[f.name] = typed;
        continue;
      }
      const checked = checkType(f, value, reported);
      out[f.name] = checked.value;
      if (checked.problem !== undefined) {
        problems.push({ field: where(f), message: `${f.label}: ${checked.problem}`, missing: [] });
        unsettled.add(f.name);
      }
    }
  };
  evalInto(mapping.computed, scopeWith(base, { computed }), computed, trace?.computed, (f) => `computed.${f.name}`);
  const items = Array.isArray(invoice.items) ? invoice.items : [];
  // One scope for every line, its line and distribution swapped in turn (formulas keep no reference to it).
  const lineScope = scopeWith(base, { computed, line: undefined, distribution: undefined });
  const distributions = items.map((line, i) => {
    const distribution: Values = {};
    const traces = trace ? {} : undefined;
    lineScope.line = line;
    lineScope.distribution = distribution;
    evalInto(mapping.distribution, lineScope, distribution, traces, (f) => `distribution.${f.name} (line ${i + 1})`);
    if (trace && traces) trace.distributions.push(traces);
    // With --trace every line is worked out: each line's trace lists the inputs it read.
    else if (i === 0) first = distribution;
    return distribution;
  });
  const header: Values = {};
  first = undefined;
  evalInto(mapping.header, scopeWith(base, { computed, distributions, header }), header, trace?.header, (f) => `header.${f.name}`);
  return { computed, header, distributions, problems, trace };
}

function evaluateField(run: InvoiceRun, pointers: PointerIndex, f: MappingField, scope: Record<string, unknown>, reported: ReadonlySet<string> | undefined): { value: unknown; problem?: { message: string; missing: string[] }; inputs: { path: string; value: unknown }[] } {
  // Found facts are recorded only for --trace (its inputs); an absent one is always (it is the problem).
  const ctx: EvaluationContext = { root: scope, pointers, bindings: {}, settings: run.settings, reads: [], settingReads: [], probing: false, absentOnly: !run.trace };
  const result = evaluateLogic(f.formula, scope, ctx);
  const inputs = run.trace ? ctx.reads.filter((r) => r.present && (r.value === null || typeof r.value !== 'object')).map((r) => ({ path: r.path, value: r.value })) : NO_INPUTS;
  const missing = ctx.reads.length === 0 ? NO_MISSING : [...new Set(ctx.reads.filter((r) => !r.present).map((r) => r.pointer))];
  if (missing.length > 0) return { value: null, problem: { message: `not recorded: ${missing.map((p) => p.slice(1).split('/').join('.')).join(', ')}`, missing }, inputs };
  if (result.invalid) return { value: null, problem: { message: result.invalid, missing: [] }, inputs };
  const { value, problem } = checkType(f, result.value, reported);
  return problem ? { value: null, problem: { message: problem, missing: [] }, inputs } : { value, inputs };
}

const NO_INPUTS: { path: string; value: unknown }[] = [];
const NO_MISSING: string[] = [];

function payloadHash(header: Values, distributions: Values[]): string {
  return `sha256:${sha256Hex(JSON.stringify({ header, distributions }))}`;
}

/** crypto.hash digests without a Hash object: about twice as fast for an invoice's kilobyte (Node 20.12+; we need 20.19). */
const sha256Hex = (text: string): string => digest('sha256', text, 'hex');

const NO_BINDINGS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

/** usualTyped's answer for a value it leaves to checkType (which types it or says why it cannot). */
const NOT_TYPED: unique symbol = Symbol('not typed');

/**
 * checkType for the usual values, without a result object (the formulas of every line of every invoice): the
 * typed value, or NOT_TYPED for anything else.
 */
function usualTyped(f: MappingField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (f.type === 'money' && typeof value === 'string' && AMOUNT_PATTERN.test(value)) return amountText(value);
  if (f.type === 'text' && typeof value === 'string') return value;
  if (f.type === 'date' && typeof value === 'string' && plainDay(value) !== undefined) return value;
  return NOT_TYPED;
}

/**
 * The formula's result as its declared type, or why it is not one. Amounts become canonical decimal text. A date
 * among `reported` (the invoice's own impossible dates, reported as such) passes as it is.
 */
function checkType(f: MappingField, value: unknown, reported?: ReadonlySet<string>): { value: unknown; problem?: string } {
  if (value === null || value === undefined) return { value: null };
  try {
    switch (f.type) {
      case 'money':
        return { value: amountText(value) };
      case 'quantity':
        amountText(value);
        return { value: String(value) };
      case 'date': {
        const problem = typeof value === 'string' && reported?.has(value) ? undefined : dayProblem(value);
        return problem === undefined ? { value } : { value: null, problem };
      }
      case 'text':
        if (typeof value === 'string') return { value };
        if (typeof value === 'number' && Number.isSafeInteger(value)) return { value: String(value) };
        throw new Error(`expected text, found ${JSON.stringify(value)}`);
    }
  } catch (e) {
    return { value: null, problem: (e as Error).message };
  }
}

/** Each distribution with its line number and the Procore line item it came from: what line rules read. */
function lineFacts(invoice: Record<string, unknown>, distributions: Values[]): Values[] {
  const items = Array.isArray(invoice.items) ? invoice.items : [];
  return distributions.map((d, i) => {
    // { line, ...d, procore }, built by assignment (see scopeWith).
    const out: Values = { line: i + 1 };
    for (const key of Object.keys(d)) out[key] = d[key];
    out.procore = items[i];
    return out;
  });
}

/** Σ distribution amounts and retainage, and the header's gap to them (null when a value is not an amount). */
function sumDistributions(header: Values, distributions: Values[]): InvoiceOutcome['totals'] {
  const sum = (key: string) => {
    const values = distributions.map((d) => d[key]);
    return values.every((v) => typeof v === 'string') ? formatAmount(values.reduce((s, v) => s.plus(parseAmount(v)), parseAmount('0'))) : null;
  };
  const distributionAmount = sum('amount');
  const gap = distributionAmount !== null && typeof header.amount === 'string' ? formatAmount(parseAmount(header.amount).minus(parseAmount(distributionAmount))) : null;
  return { distributionAmount, distributionRetainage: sum('retainage'), gap };
}

/**
 * Pointers of one invoice's facts: the snapshot's from its index; the invoice's (under /invoice) worked out when
 * first asked, which a passing invoice mostly never does.
 */
class InvoicePointers implements PointerIndex {
  readonly #snapshot: PointerIndex;
  readonly #invoice: object;
  #own: Map<object, string> | undefined;

  constructor(snapshot: PointerIndex, invoice: object) {
    this.#snapshot = snapshot;
    this.#invoice = invoice;
  }

  get(value: object): string | undefined {
    return this.#snapshot.get(value) ?? (this.#own ??= indexInto(new Map(), this.#invoice, '/invoice')).get(value);
  }

  has(value: object): boolean {
    return this.get(value) !== undefined;
  }
}

/** Adds every object and array under `value` to `map` by JSON pointer (objects already there are skipped). */
function indexInto(map: Map<object, string>, value: unknown, pointer: string): Map<object, string> {
  if (value === null || typeof value !== 'object' || map.has(value)) return map;
  map.set(value, pointer);
  // Only mappings and lists are indexed: a child's pointer is built only when it is one.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (value[i] !== null && typeof value[i] === 'object') indexInto(map, value[i], `${pointer}/${i}`);
  } else {
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') indexInto(map, v, `${pointer}/${escapePointer(k)}`);
    }
  }
  return map;
}

/** Where evidence stands: snapshot facts in the snapshot file (cached), invoice facts at the invoice. */
function compositeSource(run: InvoiceRun, input: InvoiceInput): YamlSource {
  const snap = run.snapshot.source;
  const SNAPSHOT_ROOTS = /^\/(meta|procore|hh2|sage|survey)(\/|$)/;
  const locate = (pointer: string): SourceLocation | undefined => {
    if (!SNAPSHOT_ROOTS.test(pointer)) return input.location;
    let hit = run.locations.get(pointer);
    if (!hit) {
      hit = snap.locate(pointer) ?? snap.locateNearest(pointer).location;
      run.locations.set(pointer, hit);
    }
    return hit;
  };
  return {
    file: input.location.file,
    text: '',
    data: undefined,
    nodeAt: () => undefined,
    locate,
    locateNearest: (pointer) => ({ pointer, location: locate(pointer) ?? input.location }),
  };
}

/**
 * A rule case of an invoice-scope rule (`preflight test`): the earlier invoices go through the same run first,
 * then the case's invoice; returns its findings, or why the case's invoice cannot be used.
 */
export function runInvoiceCase(pack: Pack, snapshot: Snapshot, settings: ReadonlyMap<string, unknown>, c: { base: unknown; patch: unknown; earlier: unknown[]; ledger: LedgerEntry[]; allowReexport: boolean }, where: string): Finding[] | string {
  if (!pack.layout || !pack.mapping) return 'the pack has no export mapping and layout, so invoice rules cannot run';
  const validate = compileSchema(invoiceSchema);
  const invoices = [...c.earlier, c.patch].map((p) => mergePatch(c.base, p));
  for (const inv of invoices) {
    if (!validate(inv)) return `the case's invoice is invalid: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`;
    const dates = invoiceDateProblems(inv as Record<string, unknown>);
    if (dates.length > 0) return `the case's invoice is invalid: ${dates.map((d) => d.message).join('; ')}`;
  }
  const ledger = new Map(c.ledger.map((e) => [`${e.vendor}/${e.invoice}`, e]));
  const run = startRun(pack, snapshot, settings, resolveLayout(pack.layout, settings), { ledger, allowReexport: c.allowReexport });
  const [file, line] = [where.slice(0, where.lastIndexOf(':')), Number(where.slice(where.lastIndexOf(':') + 1))];
  let last: InvoiceOutcome | undefined;
  for (const data of invoices) last = processInvoice(run, { data: data as Record<string, unknown>, location: { file, line, column: 1 } });
  return last!.findings;
}
