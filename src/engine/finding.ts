// The engine's findings: every plain field set when the rule is evaluated; the message, the evidence and the
// location worked out when something first reads them (then kept). A verdict, a summary or an export's passing
// invoice never reads them, and they are most of what a finding costs: a message template rendered, every fact
// read turned into a dotted name and located in the snapshot file.
import type { SourceLocation } from '../diagnostics.ts';
import type { Category, Severity } from '../pack/types.ts';
import type { Evidence, ExplainStep, Finding, MissingFact, Outcome } from './types.ts';

/** What a finding works out on first read. */
export interface Deferred {
  message: string | (() => string);
  evidence: () => Evidence[];
  /** The rule's location: where a finding without evidence is shown. */
  fallback: SourceLocation;
}

export class EngineFinding implements Finding {
  key: string;
  ruleId: string;
  itemKey?: string;
  outcome: Outcome;
  severity: Severity;
  category: Category;
  actor: string;
  confidence: 'confirmed' | 'unconfirmed';
  title: string;
  settings: { name: string; value: unknown }[];
  missing?: MissingFact[];
  blockedBy?: string[];
  explanation?: ExplainStep[];
  remediation: string;
  docs: string;
  ruleLocation: SourceLocation;
  #deferred: Deferred;
  #message: string | undefined;
  #evidence: Evidence[] | undefined;
  #location: SourceLocation | undefined;

  constructor(
    fields: Omit<Finding, 'message' | 'evidence' | 'location' | 'waivedOutcome' | 'waiver'>,
    deferred: Deferred,
  ) {
    this.key = fields.key;
    this.ruleId = fields.ruleId;
    if (fields.itemKey !== undefined) this.itemKey = fields.itemKey;
    this.outcome = fields.outcome;
    this.severity = fields.severity;
    this.category = fields.category;
    this.actor = fields.actor;
    this.confidence = fields.confidence;
    this.title = fields.title;
    this.settings = fields.settings;
    if (fields.missing !== undefined) this.missing = fields.missing;
    if (fields.blockedBy !== undefined) this.blockedBy = fields.blockedBy;
    if (fields.explanation !== undefined) this.explanation = fields.explanation;
    this.remediation = fields.remediation;
    this.docs = fields.docs;
    this.ruleLocation = fields.ruleLocation;
    this.#deferred = deferred;
    if (typeof deferred.message === 'string') this.#message = deferred.message;
  }

  get message(): string {
    return (this.#message ??= (this.#deferred.message as () => string)());
  }

  set message(value: string) {
    this.#message = value;
  }

  get evidence(): Evidence[] {
    return (this.#evidence ??= this.#deferred.evidence());
  }

  set evidence(value: Evidence[]) {
    this.#evidence = value;
  }

  /** Where the finding is shown: its first evidence, else the rule. */
  get location(): SourceLocation {
    return (this.#location ??= this.evidence[0]?.location ?? this.#deferred.fallback);
  }

  set location(value: SourceLocation) {
    this.#location = value;
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
