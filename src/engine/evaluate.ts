// Rules × snapshot → findings. Pure: takes and returns values; no files, no console, no process.
import type { CompiledRule, Pack, Severity } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { checkEach, evaluateInto, fieldTest, truthy } from '../logic/evaluate.ts';
import { instrument } from '../logic/trace.ts';
import { newListMemo, NO_READS, NO_SETTING_READS, type EvaluationContext } from '../logic/context.ts';
import type { ExplainStep, Finding, Outcome } from './types.ts';
import { EngineFinding, FAIL_MESSAGE, PASS_MESSAGE, type FindingExtras, type Message } from './finding.ts';
import { scopeWith } from './scope.ts';
import { planOf } from './plan.ts';
import { inKeyOrder, isEmpty, itemsOf, keyAt, pointerOf } from './items.ts';
import { markInReportOrder } from './report.ts';
import { gapOf } from './missing.ts';
import { cmp } from '../diagnostics.ts';

export interface EvaluateOptions {
  /** Effective settings by dotted name (pack defaults, then config layers). */
  settings: ReadonlyMap<string, unknown>;
  /** The day rules are judged on (`as_of`), YYYY-MM-DD; default the snapshot's capture day (as rule cases are). */
  asOf?: string;
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
  const plan = planOf(pack, scope);
  const ev = new Evaluation(snapshot, options, plan.byKey);
  // Whether each rule that others require came out clear (every finding pass, waived or not applicable).
  const clear = new Map<string, boolean>();
  const findings: Finding[] = [];
  // When the report order is not also a dependency order, each rule's findings wait in their report place.
  const placed: Finding[][] | undefined = plan.ranks ? [] : undefined;
  for (let r = 0; r < plan.rules.length; r++) {
    const base = plan.rules[r];
    const level = options.levels?.get(base.id) ?? base.severity;
    if (level === 'off') continue;
    // A config's level: the rule with another severity, everything else read from the rule itself.
    const rule: CompiledRule = level === base.severity ? base : Object.create(base, { severity: { value: level, enumerable: true } });
    const allClear = evaluateRule(ev, rule, clear, placed ? (placed[plan.ranks![r]] = []) : findings);
    if (plan.required.has(rule.id)) clear.set(rule.id, allClear);
  }
  if (placed) for (const list of placed) if (list !== undefined) for (const f of list) findings.push(f);
  if (scope === 'snapshot') markInReportOrder(findings);
  return findings;
}


/** What the rules of one evaluation share. */
class Evaluation {
  readonly snapshot: Snapshot;
  readonly data: Record<string, unknown>;
  readonly options: EvaluateOptions;
  readonly prefix: string | undefined;
  readonly problemsOnly: boolean;
  readonly explain: boolean;
  readonly byKey: boolean;
  readonly asOf: string;
  /** The scope of `each` checks: the snapshot with `item` swapped in turn. */
  itemScope: Record<string, unknown> | undefined = undefined;
  /** Mapping keys and values listed by the rules so far. */
  readonly lists = newListMemo();
  /** With --explain, the steps of the expression `run` last evaluated. */
  why: FindingExtras = NO_EXTRAS;

  constructor(snapshot: Snapshot, options: EvaluateOptions, byKey: boolean) {
    this.byKey = byKey;
    this.snapshot = snapshot;
    this.data = snapshot.data as Record<string, unknown>;
    this.options = options;
    this.prefix = options.itemPrefix;
    this.problemsOnly = options.problemsOnly === true;
    this.explain = options.explain === true;
    this.asOf = options.asOf ?? String(snapshot.meta.captured_at).slice(0, 10);
  }

  /**
   * Adds a finding of the rule to `out` (with problems only, a finding that is not a problem is left out); says
   * whether its outcome is clear for the rules that require this one.
   */
  add(out: Finding[], rule: CompiledRule, ctx: EvaluationContext, logic: unknown, later: (() => unknown) | undefined, outcome: Outcome, message: Message, extra: FindingExtras = NO_EXTRAS, itemKey?: string): boolean {
    const isClear = outcome === 'pass' || outcome === 'not-applicable';
    if (!(this.problemsOnly && isClear)) {
      const prefix = this.prefix;
      const key = prefix === undefined ? itemKey : itemKey === undefined ? prefix : `${prefix}/${itemKey}`;
      out.push(new EngineFinding(rule, key, outcome, message, extra, this.snapshot, ctx, logic, later));
    }
    return isClear;
  }

  /** Evaluates one of a rule's expressions; with explain on, through a traced copy whose steps are kept in `why`. */
  run(rule: CompiledRule, field: 'when' | 'check' | 'each', logic: unknown, scope: unknown, ctx: EvaluationContext): unknown {
    if (!this.explain) return evaluateInto(logic, scope, ctx);
    const traced = instrument(logic, `/${field}`);
    ctx.trace = new Map();
    ctx.entered = new Set();
    const value = evaluateInto(traced.logic, scope, ctx);
    const explanation = traced.nodes.map((n): ExplainStep => {
      const values = ctx.trace!.get(n.id);
      return {
        depth: n.depth,
        expression: n.label,
        location: rule.yaml.locate(n.pointer) ?? rule.yaml.locateNearest(n.pointer).location,
        ...(values ? { values } : ctx.entered!.has(n.id) ? { raised: true } : {}),
      };
    });
    this.why = { explanation };
    return value;
  }

  context(root: unknown, bindings: Record<string, string | undefined> = NO_BINDINGS): EvaluationContext {
    // Without --explain a check records only absent facts; a finding replays it for its evidence when that is read.
    return {
      root,
      pointers: this.snapshot.pointers,
      bindings,
      settings: this.options.settings,
      asOf: this.asOf,
      reads: NO_READS,
      settingReads: NO_SETTING_READS,
      probing: false,
      absentOnly: !this.explain,
      lists: this.lists,
      invalid: undefined,
      inexact: undefined,
    };
  }
}

/** Names bound at the root scope: none, for a check of the whole snapshot (shared: bindings are only read). */
const NO_BINDINGS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

const NO_EXTRAS: FindingExtras = {};

/** Evaluates a rule into `out`; says whether every finding it made is clear (pass or not applicable). */
function evaluateRule(ev: Evaluation, rule: CompiledRule, clear: ReadonlyMap<string, boolean>, out: Finding[]): boolean {
  const data = ev.data;
  const snapshot = ev.snapshot;

  if (rule.when !== undefined) {
    const ctx = ev.context(data);
    const value = ev.run(rule, 'when', rule.when, data, ctx);
    const why = ev.why;
    const gap = gapOf(ctx, rule.when, data, snapshot);
    if (gap) return ev.add(out, rule, ctx, rule.when, undefined, 'not-evaluable', gap.message, { missing: gap.missing, ...why });
    if (ctx.invalid !== undefined) return ev.add(out, rule, ctx, rule.when, undefined, 'fail', `${rule.title}: ${ctx.invalid}`, why);
    if (!truthy(value)) return ev.add(out, rule, ctx, rule.when, undefined, 'not-applicable', `Does not apply to this customer.`, why);
  }

  // A required rule that did not run (off, or of the other scope) blocks nothing.
  const blockers = rule.requires.length === 0 ? rule.requires : rule.requires.filter((id) => clear.get(id) === false);
  if (blockers.length > 0) {
    const message = `Blocked until ${blockers.map((b) => `"${b}"`).join(' and ')} pass${blockers.length > 1 ? '' : 'es'}.`;
    return ev.add(out, rule, ev.context(data), undefined, undefined, 'blocked', message, { blockedBy: blockers });
  }

  if (rule.each === undefined) return checkOne(ev, rule, data, undefined, NO_BINDINGS, undefined, out);

  const listCtx = ev.context(data);
  const list = ev.run(rule, 'each', rule.each, data, listCtx);
  const listWhy = ev.why;
  const listGap = gapOf(listCtx, rule.each, data, snapshot);
  if (listGap) return ev.add(out, rule, listCtx, rule.each, undefined, 'not-evaluable', listGap.message, { missing: listGap.missing, ...listWhy });
  if (listCtx.invalid !== undefined) return ev.add(out, rule, listCtx, rule.each, undefined, 'fail', `${rule.title}: ${listCtx.invalid}`, listWhy);
  if (list === null || typeof list !== 'object') {
    return ev.add(out, rule, listCtx, rule.each, undefined, 'fail', `${rule.title}: expected a list or mapping to check item by item, found ${JSON.stringify(list)}`);
  }
  if (isEmpty(list)) return ev.add(out, rule, listCtx, rule.each, undefined, 'not-applicable', 'Nothing to check: the list is empty.');
  if (ev.problemsOnly && !ev.explain && !ev.byKey) return problemItems(ev, rule, list, out);
  const items = itemsOf(list, snapshot, rule);
  // Findings of a rule are listed by key: with the items in key order they come out that way (a stable sort, as
  // sorting the findings would be; the export keeps the list's order).
  if (ev.byKey && !inKeyOrder(items)) items.sort((a, b) => cmp(a.key, b.key));
  // One scope for every item of every rule, its item swapped in turn: checks run synchronously and keep no
  // reference to it (with --explain a step may record the scope itself as a value, so each item then gets its
  // own copy). A message or evidence worked out later gets a scope of its own item.
  const shared = ev.explain ? undefined : (ev.itemScope ??= scopeWith(data, { item: undefined, itemKey: undefined }));
  let allClear = true;
  for (const { key, item, pointer } of items) {
    let scope: Record<string, unknown>;
    if (shared) {
      shared.item = item;
      shared.itemKey = key;
      scope = shared;
    } else scope = scopeWith(data, { item, itemKey: key });
    const own = shared ? () => scopeWith(data, { item, itemKey: key }) : () => scope;
    if (!checkOne(ev, rule, scope, own, { item: pointer, itemKey: undefined }, key, out)) allClear = false;
  }
  return allClear;
}

/**
 * The items of a rule when only problems are kept (the export: a few hundred import cells per invoice). Every
 * item is checked in one reused context and scope, which nothing keeps when the item passes; an item that does
 * not pass is checked again the usual way, for a finding with a context, scope and pointer of its own.
 */
function problemItems(ev: Evaluation, rule: CompiledRule, list: object, out: Finding[]): boolean {
  const data = ev.data;
  const shared = (ev.itemScope ??= scopeWith(data, { item: undefined, itemKey: undefined }));
  // The item's pointer is looked up only for an item that does not pass. Meanwhile any stand-in makes an absent
  // fact under the item count as read, which sends the item the usual way (where it may turn out not to count).
  const array = Array.isArray(list) ? (list as unknown[]) : undefined;
  const keys = array ? undefined : Object.keys(list);
  const count = array ? array.length : keys!.length;
  let allClear = true;
  let item: unknown;
  let key = '';
  const prepare = (i: number) => {
    item = array ? array[i] : (list as Record<string, unknown>)[keys![i]];
    key = array ? keyAt(rule, item, String(i), true) : keyAt(rule, item, keys![i], false);
    shared.item = item;
    shared.itemKey = key;
  };
  const notPassed = (i: number) => {
    const mine = item;
    const myKey = key;
    const pointer = pointerOf(ev.snapshot, ev.snapshot.pointers.get(list), mine, array ? i : keys![i]);
    const own = () => scopeWith(data, { item: mine, itemKey: myKey });
    if (!checkOne(ev, rule, shared, own, { item: pointer, itemKey: undefined }, myKey, out)) allClear = false;
    // checkOne used the shared scope too: the item is still the current one.
  };
  // A check of one field of the item is a plain test: no scope, context or key for an item that passes.
  const test = fieldTest(rule.check);
  if (test) {
    for (let i = 0; i < count; i++) {
      if (test(array ? array[i] : (list as Record<string, unknown>)[keys![i]])) continue;
      prepare(i);
      notPassed(i);
    }
    return allClear;
  }
  checkEach(rule.check, shared, ev.context(shared, { item: UNLOOKED_POINTER, itemKey: undefined }), count, prepare, notPassed);
  return allClear;
}

/** Stands for an item's pointer until it is needed (never recorded: an item with an absent fact is checked again). */
const UNLOOKED_POINTER = '\u0000item';


function checkOne(
  ev: Evaluation,
  rule: CompiledRule,
  scope: unknown,
  /** The scope again, for a message or evidence worked out after the check (the `each` scope is reused for the next item); undefined: the snapshot. */
  later: (() => unknown) | undefined,
  bindings: Record<string, string | undefined>,
  itemKey: string | undefined,
  out: Finding[],
): boolean {
  const ctx = ev.context(scope, bindings);
  const value = ev.run(rule, 'check', rule.check, scope, ctx);
  // A fact not recorded (or not exactly) explains an operation's complaint: not-evaluable wins over invalid.
  const gap = gapOf(ctx, rule.check, scope, ev.snapshot);
  if (gap) return ev.add(out, rule, ctx, rule.check, later, 'not-evaluable', gap.message, { missing: gap.missing, ...ev.why }, itemKey);
  if (ctx.invalid !== undefined) return ev.add(out, rule, ctx, rule.check, later, 'fail', `${rule.title}: ${ctx.invalid}`, ev.why, itemKey);
  // Messages are rendered when something reads them (a plain pass says the rule's title).
  if (truthy(value)) return ev.add(out, rule, ctx, rule.check, later, 'pass', rule.passMessage ? PASS_MESSAGE : rule.title, ev.why, itemKey);
  return ev.add(out, rule, ctx, rule.check, later, 'fail', FAIL_MESSAGE, ev.why, itemKey);
}
