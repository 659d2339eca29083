// json-logic-js with a hardened, evidence-recording `var`, plus the domain operations, registered once.
import jsonLogic from 'json-logic-js';
import { InvalidValueError } from './errors.ts';
import { escapePointer, pointerToPath, type EvaluationContext, type FactRead } from './context.ts';
import { domainOperations } from './registry.ts';
import { ENTER_OPERATION, TRACE_OPERATION } from './trace.ts';

/** Path segments that reach into the prototype chain; they read as absent. */
export const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

let current: EvaluationContext | undefined;

function hasOwn(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);
}

/** Resolves a dotted path from `scope`, recording what it read (present or absent) in the context. */
function readPath(ctx: EvaluationContext, scope: unknown, path: string, hasDefault: boolean): { found: boolean; value: unknown } {
  const segments = segmentsOf(path);
  let node: unknown = scope;
  // The root scope may be a copy of the snapshot with bindings added (`each` rules): it stands for ''.
  let pointer = scope === ctx.root ? '' : scope !== null && typeof scope === 'object' ? ctx.pointers.get(scope) : undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const bound = scope === ctx.root && i === 0 && Object.prototype.hasOwnProperty.call(ctx.bindings, seg);
    if (FORBIDDEN_SEGMENTS.has(seg) || !hasOwn(node, seg)) {
      if (pointer !== undefined && !hasDefault && !ctx.probing) {
        record(ctx, { pointer: pointer + segments.slice(i).map((s) => '/' + escapeSegment(s)).join(''), present: false });
      }
      return { found: false, value: undefined };
    }
    node = (node as Record<string, unknown>)[seg];
    const own = node !== null && typeof node === 'object' ? ctx.pointers.get(node) : undefined;
    pointer = own ?? (bound ? ctx.bindings[seg] : pointer !== undefined ? `${pointer}/${escapeSegment(seg)}` : undefined);
  }
  if (pointer !== undefined && !ctx.probing) record(ctx, { pointer, present: true, value: node });
  return { found: true, value: node };
}

function record(ctx: EvaluationContext, read: Omit<FactRead, 'path'>): void {
  if (read.pointer === '') return;
  ctx.reads.push({ path: pathOf(read.pointer), ...read });
}

// Formulas read the same few paths and pointers over and over (one export reads them per invoice): split and
// convert each once. Bounded, so odd inputs cannot grow them without limit.
const MEMO_LIMIT = 10_000;
const segmentMemo = new Map<string, string[]>();
const pathMemo = new Map<string, string>();

function segmentsOf(path: string): readonly string[] {
  let hit = segmentMemo.get(path);
  if (hit === undefined) {
    if (segmentMemo.size >= MEMO_LIMIT) segmentMemo.clear();
    hit = path.split('.');
    segmentMemo.set(path, hit);
  }
  return hit;
}

function pathOf(pointer: string): string {
  let hit = pathMemo.get(pointer);
  if (hit === undefined) {
    if (pathMemo.size >= MEMO_LIMIT) pathMemo.clear();
    hit = pointerToPath(pointer);
    pathMemo.set(pointer, hit);
  }
  return hit;
}

function escapeSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? escapePointer(segment) : segment;
}

function context(): EvaluationContext {
  if (!current) throw new Error('json-logic evaluated outside evaluateLogic');
  return current;
}

function varOperation(this: unknown, a: unknown, b: unknown): unknown {
  const ctx = context();
  if (a === undefined || a === null || a === '') return this;
  const { found, value } = readPath(ctx, this, String(a), b !== undefined);
  if (!found) return b === undefined ? null : b;
  return value;
}

function missingOperation(this: unknown, ...args: unknown[]): unknown[] {
  const ctx = context();
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const wasProbing = ctx.probing;
  ctx.probing = true;
  try {
    return keys.filter((key) => {
      const { found, value } = readPath(ctx, this, String(key), false);
      return !found || value === null || value === '';
    });
  } finally {
    ctx.probing = wasProbing;
  }
}

function missingSomeOperation(this: unknown, need: number, options: unknown[]): unknown[] {
  const absent = missingOperation.call(this, options);
  return options.length - absent.length >= need ? [] : absent;
}

/** `get`: an own property of a mapping by computed key, read and recorded like `var`. */
function getOperation(object: unknown, key: unknown, fallback?: unknown): unknown {
  const ctx = context();
  const k = String(key);
  const pointer = object !== null && typeof object === 'object' ? ctx.pointers.get(object) : undefined;
  if (FORBIDDEN_SEGMENTS.has(k) || !hasOwn(object, k)) {
    if (pointer !== undefined && fallback === undefined && !ctx.probing) record(ctx, { pointer: `${pointer}/${escapeSegment(k)}`, present: false });
    return fallback === undefined ? null : fallback;
  }
  const value = (object as Record<string, unknown>)[k];
  if (pointer !== undefined && !ctx.probing) record(ctx, { pointer: `${pointer}/${escapeSegment(k)}`, present: true, value });
  return value;
}

function enterOperation(id: unknown): unknown {
  context().entered?.add(String(id));
  return null;
}

function traceOperation(id: unknown, _entered: unknown, value: unknown): unknown {
  const trace = context().trace;
  if (trace) {
    const key = String(id);
    const list = trace.get(key);
    if (list) list.push(value);
    else trace.set(key, [value]);
  }
  return value;
}

function settingOperation(name: unknown): unknown {
  const ctx = context();
  const key = String(name);
  if (!ctx.settings.has(key)) throw new InvalidValueError(`unknown setting "${key}"`);
  const value = ctx.settings.get(key);
  if (!ctx.settingReads.some((s) => s.name === key)) ctx.settingReads.push({ name: key, value });
  return value;
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  jsonLogic.rm_operation('log'); // writes to the console: the engine never does
  jsonLogic.add_operation('var', varOperation);
  jsonLogic.add_operation('missing', missingOperation);
  jsonLogic.add_operation('missing_some', missingSomeOperation);
  jsonLogic.add_operation('get', getOperation);
  jsonLogic.add_operation('setting', settingOperation);
  jsonLogic.add_operation(TRACE_OPERATION, traceOperation);
  jsonLogic.add_operation(ENTER_OPERATION, enterOperation);
  for (const op of domainOperations) jsonLogic.add_operation(op.name, op.fn);
}

export interface LogicResult {
  value: unknown;
  /** Set when an operation rejected a value (an invalid version, say). */
  invalid?: string;
}

/**
 * Evaluates compiled, validated logic against `data`, recording reads into `ctx`. Synchronous: the
 * module-level context is set for exactly the duration of this call.
 */
export function evaluateLogic(logic: unknown, data: unknown, ctx: EvaluationContext): LogicResult {
  install();
  const outer = current;
  current = ctx;
  try {
    return { value: jsonLogic.apply(logic as never, data) };
  } catch (e) {
    if (e instanceof InvalidValueError) return { value: undefined, invalid: e.message };
    throw e;
  } finally {
    current = outer;
  }
}

export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/** Stock json-logic-js evaluation, for the conformance test: same library, our operations installed. */
export function applyStock(logic: unknown, data: unknown): unknown {
  install();
  const outer = current;
  current = { root: data, pointers: new WeakMap(), bindings: {}, settings: new Map(), reads: [], settingReads: [], probing: false };
  try {
    return jsonLogic.apply(logic as never, data);
  } finally {
    current = outer;
  }
}
