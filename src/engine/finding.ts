// The engine's findings: every plain field set when the rule is evaluated; the message, the evidence and the
// location worked out when something first reads them (then kept). A verdict, a summary or an export's passing
// invoice never reads them, and they are most of what a finding costs: a message template rendered, every fact
// read turned into a dotted name and located in the snapshot file.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { SourceLocation } from '../diagnostics.ts';
import type { Category, CompiledRule, Severity } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { evaluateLogic } from '../logic/evaluate.ts';
import type { EvaluationContext, FactRead } from '../logic/context.ts';
import type { Evidence, ExplainStep, Finding, MissingFact, Outcome } from './types.ts';

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
  settings: { name: string; value: unknown }[];
  missing?: MissingFact[];
  blockedBy?: string[];
  explanation?: ExplainStep[];
  #rule: CompiledRule;
  /** The message, or how to render it. */
  #render: string | (() => string);
  // What the evidence is worked out from: the snapshot, the check's context, its expression (undefined: the
  // finding read nothing, as a blocked one) and a scope of its own to run it in again.
  #snapshot: Snapshot;
  #ctx: EvaluationContext;
  #logic: unknown;
  #scope: () => unknown;
  #message: string | undefined;
  #evidence: Evidence[] | undefined;
  #location: SourceLocation | undefined;

  constructor(
    rule: CompiledRule,
    itemKey: string | undefined,
    outcome: Outcome,
    message: string | (() => string),
    extras: FindingExtras,
    snapshot: Snapshot,
    ctx: EvaluationContext,
    logic: unknown,
    scope: () => unknown,
  ) {
    this.key = itemKey === undefined ? rule.id : `${rule.id}/${itemKey}`;
    if (itemKey !== undefined) this.itemKey = itemKey;
    this.outcome = outcome;
    this.settings = ctx.settingReads;
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
    return (this.#message ??= (this.#render as () => string)());
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

  /** Every fact the check read, found or absent; after a verdict pass (absent facts only), by running it again. */
  #reads(): FactRead[] {
    const ctx = this.#ctx;
    if (this.#logic === undefined) return [];
    if (!ctx.absentOnly) return ctx.reads;
    const again = this.#scope();
    const full: EvaluationContext = { ...ctx, root: again, reads: [], settingReads: [], absentOnly: false };
    evaluateLogic(this.#logic, again, full);
    return full.reads;
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
