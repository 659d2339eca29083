// Rules × snapshot → findings. Pure: takes and returns values; no files, no console, no process.
import type { CompiledRule, Pack, Severity } from '../pack/types.ts';
import type { MessageTemplate } from '../pack/template.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { evaluateLogic, truthy, type LogicResult } from '../logic/evaluate.ts';
import { instrument } from '../logic/trace.ts';
import { NO_READS, NO_SETTING_READS, type EvaluationContext } from '../logic/context.ts';
import { escapePointer } from '../logic/context.ts';
import { describeFact } from '../schema/facts.ts';
import { isProblem, type ExplainStep, type Finding, type Outcome } from './types.ts';
import { EngineFinding, type FindingExtras } from './finding.ts';
import { scopeWith } from './scope.ts';
import { markInReportOrder } from './report.ts';
import { cmp } from '../diagnostics.ts';

export interface EvaluateOptions {
  /** Effective settings by dotted name (pack defaults, then config layers). */
  settings: ReadonlyMap<string, unknown>;
  /** Record, per finding, the values of the sub-expressions that decided it. */
  explain?: boolean;
  /** Severity overrides from configs; `off` skips the rule (rules that require it are not blocked by it). */
  levels?: ReadonlyMap<string, Severity | 'off'>;
  /** Which rules run: snapshot-scoped (default) or invoice-scoped (export, one invoice at a time). */
  scope?: 'snapshot' | 'invoice';
  /** Put before every item key (an invoice's `<vendor>/<invoice number>`), so keys stay unique per invoice. */
  itemPrefix?: string;
  /**
   * Return only problems (fail, not evaluable, blocked): the export's view of an invoice, where a passing check
   * is simply not a rejection reason. Rules that require others still see every outcome.
   */
  problemsOnly?: boolean;
}

export function defaultSettings(pack: Pack): Map<string, unknown> {
  return new Map([...pack.settings.values()].map((s) => [s.name, s.default]));
}

/**
 * Evaluates the rules of a scope in dependency order. Snapshot findings come back in report order (rule file,
 * line, column, then key: what sortFindings gives, so a report need not sort again); invoice findings in
 * evaluation order, which the export's rejection reasons follow.
 */
export function evaluateRules(pack: Pack, snapshot: Snapshot, options: EvaluateOptions): Finding[] {
  const scope = options.scope ?? 'snapshot';
  const byRule: Finding[][] = [];
  const ranks = scope === 'snapshot' ? reportRanks(pack) : undefined;
  // Whether each rule that others require came out clear (every finding pass, waived or not applicable).
  const clear = new Map<string, boolean>();
  const required = requiredRules(pack);
  const shared: Shared = {};
  let n = 0;
  for (const base of pack.rules) {
    if (base.scope !== scope) continue;
    const level = options.levels?.get(base.id) ?? base.severity;
    if (level === 'off') continue;
    // A config's level: the rule with another severity, everything else read from the rule itself.
    const rule: CompiledRule = level === base.severity ? base : Object.create(base, { severity: { value: level, enumerable: true } });
    const produced = evaluateRule(rule, snapshot, options, clear, shared);
    const kept: Finding[] = [];
    let allClear = true;
    for (const made of produced) {
      const outcome = typeof made === 'string' ? made : made.outcome;
      if (outcome !== 'pass' && outcome !== 'waived' && outcome !== 'not-applicable') allClear = false;
      if (typeof made !== 'string') kept.push(made);
    }
    if (required.has(rule.id)) clear.set(rule.id, allClear);
    byRule[ranks ? ranks.get(base)! : n++] = kept;
  }
  const findings: Finding[] = [];
  for (const kept of byRule) {
    if (kept === undefined) continue;
    if (ranks && kept.length > 1 && !byKey(kept)) kept.sort((a, b) => cmp(a.key, b.key));
    for (const f of kept) findings.push(f);
  }
  if (ranks) markInReportOrder(findings);
  return findings;
}

/** True when a rule's findings are already in key order (items usually are listed that way). */
function byKey(findings: Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (findings[i - 1].key > findings[i].key) return false;
  return true;
}

/** The ids some rule of the pack requires: only their outcomes are kept while evaluating. */
const requiredByPack = new WeakMap<Pack, Set<string>>();

function requiredRules(pack: Pack): Set<string> {
  let ids = requiredByPack.get(pack);
  if (ids === undefined) requiredByPack.set(pack, (ids = new Set(pack.rules.flatMap((r) => r.requires))));
  return ids;
}

/** Each snapshot rule's place in report order (its file, line, column), worked out once per pack. */
const rankedPacks = new WeakMap<Pack, Map<CompiledRule, number>>();

function reportRanks(pack: Pack): Map<CompiledRule, number> {
  let ranks = rankedPacks.get(pack);
  if (ranks === undefined) {
    const sorted = pack.rules.filter((r) => r.scope === 'snapshot').sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
    ranks = new Map(sorted.map((r, i) => [r, i]));
    rankedPacks.set(pack, ranks);
  }
  return ranks;
}

/** A finding, or only its outcome when the caller asked for problems only and this is not one. */
type Made = Finding | Outcome;

/** What the rules of one evaluation share: the scope of `each` checks, the snapshot with `item` swapped in turn. */
interface Shared {
  scope?: Record<string, unknown>;
}

/** Evaluates one of a rule's expressions; with explain on, through a traced copy whose steps are kept. */
function run(rule: CompiledRule, field: 'when' | 'check' | 'each', logic: unknown, scope: unknown, ctx: EvaluationContext, options: EvaluateOptions): LogicResult & { explanation?: ExplainStep[] } {
  if (!options.explain) return evaluateLogic(logic, scope, ctx);
  const traced = instrument(logic, `/${field}`);
  ctx.trace = new Map();
  ctx.entered = new Set();
  const result = evaluateLogic(traced.logic, scope, ctx);
  const explanation = traced.nodes.map((n): ExplainStep => {
    const values = ctx.trace!.get(n.id);
    return {
      depth: n.depth,
      expression: n.label,
      location: rule.yaml.locate(n.pointer) ?? rule.yaml.locateNearest(n.pointer).location,
      ...(values ? { values } : ctx.entered!.has(n.id) ? { raised: true } : {}),
    };
  });
  return { ...result, explanation };
}

/** Names bound at the root scope: none, for a check of the whole snapshot (shared: bindings are only read). */
const NO_BINDINGS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

function newContext(snapshot: Snapshot, root: unknown, options: EvaluateOptions, bindings: Record<string, string | undefined> = NO_BINDINGS): EvaluationContext {
  // Without --explain a check records only absent facts; a finding replays it for its evidence when that is read.
  return { root, pointers: snapshot.pointers, bindings, settings: options.settings, reads: NO_READS, settingReads: NO_SETTING_READS, probing: false, absentOnly: !options.explain };
}

const NO_EXTRAS: FindingExtras = {};

function evaluateRule(rule: CompiledRule, snapshot: Snapshot, options: EvaluateOptions, clear: ReadonlyMap<string, boolean>, state: Shared): Made[] {
  const data = snapshot.data;
  const prefix = options.itemPrefix;
  const make: Make = (ctx, logic, scope, outcome, message, extra = NO_EXTRAS, itemKey) =>
    options.problemsOnly && !isProblem({ outcome })
      ? outcome
      : new EngineFinding(rule, prefix === undefined ? itemKey : itemKey === undefined ? prefix : `${prefix}/${itemKey}`, outcome, message, extra, snapshot, ctx, logic, scope);
  const whole = () => data;

  if (rule.when !== undefined) {
    const ctx = newContext(snapshot, data, options);
    const result = run(rule, 'when', rule.when, data, ctx, options);
    const why = result.explanation ? { explanation: result.explanation } : NO_EXTRAS;
    const missing = missingOf(ctx);
    if (missing.length > 0) return [make(ctx, rule.when, whole, 'not-evaluable', () => notEvaluableMessage(missing, snapshot), { missing: forReport(missing), ...why })];
    if (result.invalid) return [make(ctx, rule.when, whole, 'fail', `${rule.title}: ${result.invalid}`, why)];
    if (!truthy(result.value)) return [make(ctx, rule.when, whole, 'not-applicable', `Does not apply to this customer.`, why)];
  }

  // A required rule that did not run (off, or of the other scope) blocks nothing.
  const blockers = rule.requires.length === 0 ? rule.requires : rule.requires.filter((id) => clear.get(id) === false);
  if (blockers.length > 0) {
    const ctx = newContext(snapshot, data, options);
    return [make(ctx, undefined, whole, 'blocked', `Blocked until ${blockers.map((b) => `"${b}"`).join(' and ')} pass${blockers.length > 1 ? '' : 'es'}.`, { blockedBy: blockers })];
  }

  if (rule.each === undefined) return [checkOne(rule, snapshot, options, data, whole, NO_BINDINGS, undefined, make)];

  const listCtx = newContext(snapshot, data, options);
  const list = run(rule, 'each', rule.each, data, listCtx, options);
  const listWhy = list.explanation ? { explanation: list.explanation } : NO_EXTRAS;
  const listMissing = missingOf(listCtx);
  if (listMissing.length > 0) return [make(listCtx, rule.each, whole, 'not-evaluable', () => notEvaluableMessage(listMissing, snapshot), { missing: forReport(listMissing), ...listWhy })];
  if (list.invalid) return [make(listCtx, rule.each, whole, 'fail', `${rule.title}: ${list.invalid}`, listWhy)];
  const items = itemsOf(list.value, snapshot, rule);
  if (items === undefined) {
    return [make(listCtx, rule.each, whole, 'fail', `${rule.title}: expected a list or mapping to check item by item, found ${JSON.stringify(list.value)}`)];
  }
  if (items.length === 0) return [make(listCtx, rule.each, whole, 'not-applicable', 'Nothing to check: the list is empty.')];
  // One scope for every item of every rule, its item swapped in turn: checks run synchronously and keep no
  // reference to it (with --explain a step may record the scope itself as a value, so each item then gets its
  // own copy). A message or evidence worked out later gets a scope of its own item.
  const shared = options.explain ? undefined : (state.scope ??= scopeWith(data, { item: undefined, itemKey: undefined }));
  return items.map(({ key, item, pointer }) => {
    let scope: Record<string, unknown>;
    if (shared) {
      shared.item = item;
      shared.itemKey = key;
      scope = shared;
    } else scope = scopeWith(data, { item, itemKey: key });
    const own = shared ? () => scopeWith(data, { item, itemKey: key }) : () => scope;
    return checkOne(rule, snapshot, options, scope, own, { item: pointer, itemKey: undefined }, key, make);
  });
}

function checkOne(
  rule: CompiledRule,
  snapshot: Snapshot,
  options: EvaluateOptions,
  scope: unknown,
  /** The scope again, for a message or evidence worked out after the check (the `each` scope is reused for the next item). */
  later: () => unknown,
  bindings: Record<string, string | undefined>,
  itemKey: string | undefined,
  make: Make,
): Made {
  const ctx = newContext(snapshot, scope, options, bindings);
  const result = run(rule, 'check', rule.check, scope, ctx, options);
  // A missing fact explains an operation's complaint about null: not-evaluable wins over invalid.
  const missing = missingOf(ctx);
  if (options.problemsOnly && missing.length === 0 && !result.invalid && truthy(result.value)) return 'pass';
  const why = result.explanation ? { explanation: result.explanation } : NO_EXTRAS;
  if (missing.length > 0) return make(ctx, rule.check, later, 'not-evaluable', () => notEvaluableMessage(missing, snapshot), { missing: forReport(missing), ...why }, itemKey);
  if (result.invalid) return make(ctx, rule.check, later, 'fail', `${rule.title}: ${result.invalid}`, why, itemKey);
  // Messages are rendered when something reads them (a plain pass says the rule's title).
  if (truthy(result.value)) return make(ctx, rule.check, later, 'pass', rule.passMessage ? rendered(rule, rule.passMessage, later, ctx, options) : rule.title, why, itemKey);
  return make(ctx, rule.check, later, 'fail', rendered(rule, rule.message, later, ctx, options), why, itemKey);
}

function rendered(rule: CompiledRule, template: MessageTemplate, later: () => unknown, ctx: EvaluationContext, options: EvaluateOptions): () => string {
  return () => template(templateContext(rule, later(), ctx, options));
}

function templateContext(rule: CompiledRule, scope: unknown, ctx: EvaluationContext, options: EvaluateOptions): Record<string, unknown> {
  return { ...(scope as object), settings: settingsObject(options.settings), values: ruleValues(rule, scope, ctx) };
}

const settingsObjects = new WeakMap<ReadonlyMap<string, unknown>, Record<string, unknown>>();

/** Settings as an object for message templates; one per settings map (templates only read it). */
function settingsObject(settings: ReadonlyMap<string, unknown>): Record<string, unknown> {
  let hit = settingsObjects.get(settings);
  if (!hit) {
    hit = Object.fromEntries(settings);
    settingsObjects.set(settings, hit);
  }
  return hit;
}

/** A rule's `values`, for its message; a value that cannot be computed shows as null. */
function ruleValues(rule: CompiledRule, scope: unknown, ctx: EvaluationContext): Record<string, unknown> | undefined {
  if (!rule.values) return undefined;
  const probe = { ...ctx, reads: [], settingReads: [], trace: undefined };
  return Object.fromEntries(Object.entries(rule.values).map(([name, logic]) => [name, evaluateLogic(logic, scope, probe).value ?? null]));
}

interface Item {
  key: string;
  item: unknown;
  pointer: string | undefined;
}

function itemsOf(value: unknown, snapshot: Snapshot, rule: CompiledRule): Item[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const base = snapshot.pointers.get(value);
  // An item that is a mapping or list has its own pointer in the index; only a plain value's is built here.
  const pointerOf = (item: unknown, k: string | number): string | undefined =>
    item !== null && typeof item === 'object' ? snapshot.pointers.get(item) : base !== undefined ? `${base}/${escapePointer(String(k))}` : undefined;
  const keyOf = (item: unknown, fallback: string): string => {
    if (rule.eachKey && item !== null && typeof item === 'object') {
      const k = (item as Record<string, unknown>)[rule.eachKey];
      if (typeof k === 'string' || typeof k === 'number') return String(k);
    }
    return typeof item === 'string' || typeof item === 'number' ? String(item) : fallback;
  };
  const items: Item[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) items.push({ key: keyOf(value[i], String(i)), item: value[i], pointer: pointerOf(value[i], i) });
  } else {
    for (const k of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[k];
      items.push({ key: rule.eachKey ? keyOf(item, k) : k, item, pointer: pointerOf(item, k) });
    }
  }
  return items;
}

interface Missing {
  path: string;
  collect?: string;
  /** Only a person can record it (kept out of the report: it decides the message). */
  surveyOnly: boolean;
}

const NONE_MISSING: Missing[] = [];

function missingOf(ctx: EvaluationContext): Missing[] {
  if (ctx.reads.length === 0) return NONE_MISSING;
  const seen = new Set<string>();
  const out: Missing[] = [];
  for (const r of ctx.reads) {
    if (r.present || seen.has(r.pointer)) continue;
    seen.add(r.pointer);
    const { collect, surveyOnly } = factNote(r.pointer);
    out.push(collect ? { path: r.path, collect, surveyOnly } : { path: r.path, surveyOnly });
  }
  return out;
}

/** How a missing fact is collected, by pointer: the same few facts go missing for customer after customer. */
const factNotes = new Map<string, { collect?: string; surveyOnly: boolean }>();

function factNote(pointer: string): { collect?: string; surveyOnly: boolean } {
  let hit = factNotes.get(pointer);
  if (hit === undefined) {
    if (factNotes.size >= 10_000) factNotes.clear();
    const { collect, surveyOnly } = describeFact(pointer);
    factNotes.set(pointer, (hit = { collect, surveyOnly }));
  }
  return hit;
}

/** Says what to record and how; for a live snapshot, that a person's fact belongs in the survey. */
function notEvaluableMessage(missing: Missing[], snapshot: Snapshot): string {
  const names = missing.map((m) => m.path);
  const how = [...new Set(missing.map((m) => m.collect).filter(Boolean))];
  const live = snapshot.meta.sources?.procore === 'live' && missing.some((m) => m.surveyOnly);
  const survey = live ? " Procore's API does not report it: record it in the survey (npx preflight survey)." : '';
  return `Not recorded: ${names.join(', ')}. ${how.length > 0 ? how.join(' ') : `Collect ${names.length > 1 ? 'them' : 'it'} to evaluate this rule.`}${survey}`;
}

const forReport = (missing: Missing[]) => missing.map(({ surveyOnly: _s, ...m }) => m);

/** A finding's message, or how to render it when it is first read. */
type Message = string | (() => string);

/** A finding of the rule (or only its outcome): the context and expression (and its scope) it came from, to replay for evidence. */
type Make = (ctx: EvaluationContext, logic: unknown, scope: () => unknown, outcome: Outcome, message: Message, extra?: FindingExtras, itemKey?: string) => Made;
