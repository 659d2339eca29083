// Why a check could not be judged: facts it read that are not recorded, or recorded too loosely (a version of
// 1.31.xxxx); and the not-evaluable message that says what to record and how.
import type { Snapshot } from '../snapshot/load.ts';
import { evaluateInto } from '../logic/evaluate.ts';
import type { EvaluationContext, FactRead } from '../logic/context.ts';
import { describeFact } from '../schema/facts.ts';
import type { MissingFact } from './types.ts';

interface Missing {
  path: string;
  collect?: string;
  /** Only a person can record it (kept out of the report: it decides the message). */
  surveyOnly: boolean;
}

/** A check that could not be judged: the facts to record (the finding's `missing`) and its message. */
export interface Gap {
  missing: MissingFact[];
  message: () => string;
}

/**
 * The gap of a check just evaluated in `ctx`, or undefined when it could be judged. A fact not recorded comes
 * first (it explains an operation's complaint about null); then a value an operation found inexact, when it is
 * a fact's: that fact counts as not recorded exactly. `logic` and `scope` are the check's, to run it again
 * recording every fact it read (a verdict pass records only absent ones) and find the fact that held the value.
 */
export function gapOf(ctx: EvaluationContext, logic: unknown, scope: unknown, snapshot: Snapshot): Gap | undefined {
  const missing = missingOf(ctx);
  if (missing.length > 0) return { missing: forReport(missing), message: () => notEvaluableMessage(missing, snapshot) };
  const inexact = ctx.inexact;
  if (inexact === undefined) return undefined;
  const complaint = ctx.invalid!;
  const loose = toMissing(readsAgain(ctx, logic, scope).filter((r) => r.present && r.value === inexact.value));
  // A value the rule wrote or computed itself is the rule's mistake, not a fact to record: it fails as invalid.
  if (loose.length === 0) return undefined;
  return { missing: forReport(loose), message: () => notEvaluableMessage(loose, snapshot, complaint) };
}

/** Every fact the check reads, found or absent: the check run again in a context that records them all. */
function readsAgain(ctx: EvaluationContext, logic: unknown, scope: unknown): FactRead[] {
  if (!ctx.absentOnly) return ctx.reads;
  const again: EvaluationContext = { ...ctx, reads: [], settingReads: [], absentOnly: false, trace: undefined, entered: undefined };
  evaluateInto(logic, scope, again);
  return again.reads;
}

const NONE_MISSING: Missing[] = [];

function missingOf(ctx: EvaluationContext): Missing[] {
  if (ctx.reads.length === 0) return NONE_MISSING;
  return toMissing(ctx.reads.filter((r) => !r.present));
}

/** One entry per fact, with how it is collected. */
function toMissing(reads: FactRead[]): Missing[] {
  const seen = new Set<string>();
  const out: Missing[] = [];
  for (const r of reads) {
    if (seen.has(r.pointer)) continue;
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

/**
 * Says what to record and how; for a live snapshot, that a person's fact belongs in the survey. With `inexact`
 * (an operation's complaint), the facts are recorded but too loosely, and the complaint says why.
 */
function notEvaluableMessage(missing: Missing[], snapshot: Snapshot, inexact?: string): string {
  const names = missing.map((m) => m.path);
  const how = [...new Set(missing.map((m) => m.collect).filter(Boolean))];
  const live = snapshot.meta.sources?.procore === 'live' && missing.some((m) => m.surveyOnly);
  const survey = live ? " Procore's API does not report it: record it in the survey (npx preflight survey)." : '';
  const what = inexact === undefined ? `Not recorded: ${names.join(', ')}.` : `Not recorded exactly: ${names.join(', ')}: ${inexact}.`;
  return `${what} ${how.length > 0 ? how.join(' ') : `Collect ${names.length > 1 ? 'them' : 'it'} to evaluate this rule.`}${survey}`;
}

const forReport = (missing: Missing[]): MissingFact[] => missing.map(({ surveyOnly: _s, ...m }) => m);
