// The facts one evaluation reads: recorded by `var`, `get` and `setting`, so findings can show their evidence.
import { escapePointer, pointerToPath } from '../yaml/source.ts';

export interface FactRead {
  /** Dotted name as rules write it, e.g. hh2.client.version. */
  path: string;
  /** JSON pointer into the snapshot, e.g. /hh2/client/version. */
  pointer: string;
  present: boolean;
  value?: unknown;
}

export interface SettingRead {
  name: string;
  value: unknown;
}

/** JSON pointers by object: a WeakMap, or a view that works some of them out when first asked. */
export interface PointerIndex {
  get(value: object): string | undefined;
  has(value: object): boolean;
}

export interface EvaluationContext {
  /** The snapshot object (scope root), so reads from it resolve to pointers. */
  root: unknown;
  /** Every object and array of the snapshot, mapped to its JSON pointer. */
  pointers: PointerIndex;
  /** Names bound at the root scope (`item` in an `each` rule) and the pointer each stands for. */
  bindings: Record<string, string | undefined>;
  settings: ReadonlyMap<string, unknown>;
  /** The day the evaluation is judged on (YYYY-MM-DD, `--as-of`), which `as_of` returns; unset where none applies. */
  asOf?: string;
  reads: FactRead[];
  settingReads: SettingRead[];
  /** True while `missing`/`missing_some` probe for facts: their absence is the answer, not a gap. */
  probing: boolean;
  /**
   * Record only absent facts (what decides not-evaluable), not the facts that were found: a verdict pass. The
   * engine replays an expression with this off when a finding's evidence is read.
   */
  absentOnly?: boolean;
  /**
   * The keys and values of the snapshot's mappings as `keys` and `values` listed them, kept for the rest of one
   * evaluation (rules list the same collections over and over; listing a mapping keyed by Procore ids is slow).
   */
  lists?: ListMemo;
  /** Set by evaluateInto when an operation rejected a value (an invalid version, say): its complaint. */
  invalid?: string;
  /**
   * Set with `invalid` when the rejected value stands for many (a version of 1.31.xxxx, InexactValueError): the
   * value, so the engine can name the fact that holds it as not recorded exactly.
   */
  inexact?: { value: unknown };
  /** With --explain: every value each traced operation produced, by trace node id. */
  trace?: Map<string, unknown[]>;
  /** With --explain: trace node ids whose evaluation started (a started node without a value threw). */
  entered?: Set<string>;
}

/** Lists by mapping, per operation; a map is made when the operation is first used (many evaluations use none). */
export interface ListMemo {
  keys?: Map<object, unknown>;
  values?: Map<object, unknown>;
}

export function newListMemo(): ListMemo {
  return { keys: undefined, values: undefined };
}

/**
 * Empty, frozen: what a context starts with instead of two new arrays per check (most checks read no absent fact
 * and no setting). Recording replaces them with arrays of the context's own.
 */
export const NO_READS: FactRead[] = Object.freeze([]) as unknown as FactRead[];
export const NO_SETTING_READS: SettingRead[] = Object.freeze([]) as unknown as SettingRead[];

/** Indexes every object and array under `root` by JSON pointer; built once per snapshot. */
export function indexPointers(root: unknown): WeakMap<object, string> {
  const map = new WeakMap<object, string>();
  const visit = (value: unknown, pointer: string): void => {
    if (value === null || typeof value !== 'object' || map.has(value)) return;
    map.set(value, pointer);
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${pointer}/${i}`));
    else for (const [k, v] of Object.entries(value)) visit(v, `${pointer}/${escapePointer(k)}`);
  };
  visit(root, '');
  return map;
}

export { escapePointer, pointerToPath };
