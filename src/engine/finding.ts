// The engine's findings: every plain field set when the rule is evaluated; the message, the evidence and the
// location worked out when something first reads them (then kept). A verdict, a summary or an export's passing
// invoice never reads them, and they are most of what a finding costs: a message template rendered, every fact
// read turned into a dotted name and located in the snapshot file.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PreflightError, type SourceLocation } from '../diagnostics.ts';
import type { Category, CompiledRule, Severity } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { evaluateInto, evaluateLogic } from '../logic/evaluate.ts';
import type { EvaluationContext, FactRead, SettingRead } from '../logic/context.ts';
import type { Evidence, ExplainStep, Finding, MissingFact, Outcome } from './types.ts';
import { scopeWith } from './scope.ts';

/** The rule's message rendered for a failed check, or its pass message for a passed one, when first read. */
export const FAIL_MESSAGE: unique symbol = Symbol('fail message');
export const PASS_MESSAGE: unique symbol = Symbol('pass message');

/** A finding's message, how to render it when it is first read, or which of its rule's templates to render. */
export type Message = string | (() => string) | typeof FAIL_MESSAGE | typeof PASS_MESSAGE;

/** What only some findings have. */
export interface FindingExtras {
  missing?: MissingFact[];
  blockedBy?: string[];
  explanation?: ExplainStep[];
}

/**
 * A finding of the engine. Its own fields are what differs between findings; what every finding of a rule
 * shares (severity, title, remediation, ...) is read from the rule. Every field reads like a plain one; JSON
 * output and plainFinding give the plain object, fields in the report's order.
 */
export class EngineFinding implements Finding {
  key: string;
  itemKey?: string;
  outcome: Outcome;
  missing?: MissingFact[];
  blockedBy?: string[];
  explanation?: ExplainStep[];
  #rule: CompiledRule;
  /** The message, or how to render it. */
  #render: Message;
  // What the evidence is worked out from: the snapshot, the check's context, its expression (undefined: the
  // finding read nothing, as a blocked one) and a scope of its own to run it in again.
  #snapshot: Snapshot;
  #ctx: EvaluationContext;
  #logic: unknown;
  #scope: (() => unknown) | undefined;
  #message: string | undefined;
  #evidence: Evidence[] | undefined;
  #location: SourceLocation | undefined;
  #settings: SettingRead[] | undefined;
  /** The check run again with every read recorded (a verdict pass records only absent facts). */
  #replayed: EvaluationContext | undefined;

  constructor(
    rule: CompiledRule,
    itemKey: string | undefined,
    outcome: Outcome,
    message: Message,
    extras: FindingExtras,
    snapshot: Snapshot,
    ctx: EvaluationContext,
    logic: unknown,
    /** The check's scope again, for a message or evidence worked out later; undefined: the snapshot itself. */
    scope: (() => unknown) | undefined,
  ) {
    this.key = itemKey === undefined ? rule.id : `${rule.id}/${itemKey}`;
    if (itemKey !== undefined) this.itemKey = itemKey;
    this.outcome = outcome;
    if (extras.missing !== undefined) this.missing = extras.missing;
    if (extras.blockedBy !== undefined) this.blockedBy = extras.blockedBy;
    if (extras.explanation !== undefined) this.explanation = extras.explanation;
    this.#rule = rule;
    this.#render = message;
    if (typeof message === 'string') this.#message = message;
    this.#snapshot = snapshot;
    this.#ctx = ctx;
    this.#logic = logic;
    this.#scope = scope;
  }

  get ruleId(): string {
    return this.#rule.id;
  }

  get severity(): Severity {
    return this.#rule.severity;
  }

  get category(): Category {
    return this.#rule.category;
  }

  get actor(): string {
    return this.#rule.actor;
  }

  get confidence(): 'confirmed' | 'unconfirmed' {
    return this.#rule.confidence;
  }

  get title(): string {
    return this.#rule.title;
  }

  /** The rule's remediation steps (markdown). */
  get remediation(): string {
    return this.#rule.remediation;
  }

  /** The rule's doc, written like the rule file's path. */
  get docs(): string {
    return docsPath(this.#rule);
  }

  get ruleLocation(): SourceLocation {
    return this.#rule.location;
  }

  get message(): string {
    if (this.#message === undefined) {
      const render = this.#render;
      if (typeof render === 'function') this.#message = render();
      else if (typeof render === 'symbol') {
        const field = render === PASS_MESSAGE ? 'passMessage' : 'message';
        const scope = this.#scopeAgain();
        this.#message = renderTemplate(this.#rule, field, templateContext(this.#rule, scope, this.#ctx));
      }
    }
    return this.#message!;
  }

  #scopeAgain(): unknown {
    return this.#scope === undefined ? this.#snapshot.data : this.#scope();
  }

  set message(value: string) {
    this.#message = value;
  }

  get evidence(): Evidence[] {
    return (this.#evidence ??= toEvidence(this.#reads(), this.#snapshot));
  }

  set evidence(value: Evidence[]) {
    this.#evidence = value;
  }

  /** Where the finding is shown: its first evidence, else the rule. */
  get location(): SourceLocation {
    return (this.#location ??= this.evidence[0]?.location ?? this.#rule.location);
  }

  set location(value: SourceLocation) {
    this.#location = value;
  }

  /** The settings the check read, with their values. */
  get settings(): SettingRead[] {
    return (this.#settings ??= this.#logic === undefined ? [] : this.#recorded().settingReads);
  }

  set settings(value: SettingRead[]) {
    this.#settings = value;
  }

  /** Every fact the check read, found or absent. */
  #reads(): FactRead[] {
    return this.#logic === undefined ? [] : this.#recorded().reads;
  }

  /** The check's context with every read recorded: after a verdict pass (absent facts only), by running it again. */
  #recorded(): EvaluationContext {
    const ctx = this.#ctx;
    if (!ctx.absentOnly) return ctx;
    if (this.#replayed === undefined) {
      const again = this.#scopeAgain();
      this.#replayed = { ...ctx, root: again, reads: [], settingReads: [], absentOnly: false };
      evaluateLogic(this.#logic, again, this.#replayed);
    }
    return this.#replayed;
  }

  /** The finding as plain data, fields in the report's order (what JSON output and spreads need). */
  toJSON(): Finding {
    return {
      key: this.key,
      ruleId: this.ruleId,
      ...(this.itemKey === undefined ? {} : { itemKey: this.itemKey }),
      outcome: this.outcome,
      severity: this.severity,
      category: this.category,
      actor: this.actor,
      confidence: this.confidence,
      title: this.title,
      message: this.message,
      evidence: this.evidence,
      settings: this.settings,
      ...(this.missing === undefined ? {} : { missing: this.missing }),
      ...(this.explanation === undefined ? {} : { explanation: this.explanation }),
      ...(this.blockedBy === undefined ? {} : { blockedBy: this.blockedBy }),
      remediation: this.remediation,
      docs: this.docs,
      ruleLocation: this.ruleLocation,
      location: this.location,
    };
  }
}

/**
 * A rule's template rendered; should it still fail (loading the pack checks what templates call and read, so only
 * a case that check missed), the rule file is named, not a stack: exit 2 with the template's location.
 */
function renderTemplate(rule: CompiledRule, field: 'message' | 'passMessage', context: Record<string, unknown>): string {
  try {
    return rule[field]!(context);
  } catch (e) {
    const pointer = `/${field}`;
    const location = rule.yaml.locate(pointer) ?? rule.yaml.locateNearest(pointer).location;
    throw new PreflightError({ severity: 'error', code: 'template-failed', message: `rule "${rule.id}": its ${field} template failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`, location });
  }
}

/** What a message template sees: the check's scope, the settings and the rule's `values` (built by scopeWith: see there why). */
function templateContext(rule: CompiledRule, scope: unknown, ctx: EvaluationContext): Record<string, unknown> {
  return scopeWith(scope !== null && typeof scope === 'object' ? scope : {}, { settings: settingsObject(ctx.settings), values: ruleValues(rule, scope, ctx) });
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
  const probe: EvaluationContext = { ...ctx, reads: [], settingReads: [], trace: undefined };
  return Object.fromEntries(Object.entries(rule.values).map(([name, logic]) => [name, evaluateInto(logic, scope, probe) ?? null]));
}

/** A finding as plain data, whether the engine made it or it was read from a report file. */
export function plainFinding(f: Finding): Finding {
  return f instanceof EngineFinding ? f.toJSON() : f;
}

/** docsPath by rule file, then doc: path arithmetic once per rule (the cwd never changes mid-run). */
const docsPaths = new Map<string, Map<string, string>>();

/** The doc as the rule file was named: a relative pack path gives a relative doc path, the same on every machine. */
function docsPath(rule: CompiledRule): string {
  let byDoc = docsPaths.get(rule.file);
  if (byDoc === undefined) docsPaths.set(rule.file, (byDoc = new Map()));
  let hit = byDoc.get(rule.docs);
  if (hit === undefined) {
    const dir = dirname(rule.file);
    hit = isAbsolute(rule.file) ? rule.docs : join(dir, relative(resolve(dir), rule.docs));
    byDoc.set(rule.docs, hit);
  }
  return hit;
}

/** One entry per fact read; a mapping or list read only on the way to a deeper fact is left out. */
function toEvidence(reads: FactRead[], snapshot: Snapshot): Evidence[] {
  const unique = new Map<string, FactRead>();
  for (const r of reads) if (!unique.has(r.pointer)) unique.set(r.pointer, r);
  const all = [...unique.values()];
  return all
    .filter((r) => !(r.present && r.value !== null && typeof r.value === 'object' && all.some((o) => o !== r && o.pointer.startsWith(r.pointer + '/'))))
    .map((r) => ({
      path: r.path,
      pointer: r.pointer,
      present: r.present,
      ...(r.present ? { value: r.value } : {}),
      location: locateFact(snapshot, r.pointer, r.present),
    }));
}

/** Where a fact stands (its nearest parent when absent); rules read the same facts, so each is located once. */
const locations = new WeakMap<Snapshot, Map<string, SourceLocation>>();
function locateFact(snapshot: Snapshot, pointer: string, present: boolean): SourceLocation {
  let cache = locations.get(snapshot);
  if (!cache) locations.set(snapshot, (cache = new Map()));
  const key = present ? pointer : `?${pointer}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = (present ? snapshot.source.locate(pointer) : undefined) ?? snapshot.source.locateNearest(pointer).location;
    cache.set(key, hit);
  }
  return hit;
}
