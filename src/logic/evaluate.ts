// The evaluator: json-logic compiled to closures, with a hardened, evidence-recording `var` and the domain operations.
import jsonLogic from 'json-logic-js';
import { InexactValueError, InvalidValueError } from './errors.ts';
import { escapePointer, pointerToPath, NO_READS, NO_SETTING_READS, type EvaluationContext, type FactRead } from './context.ts';
import { domainOperations } from './registry.ts';
import { ENTER_OPERATION, TRACE_OPERATION } from './trace.ts';
import { generate, type Runtime } from './generate.ts';

/** Path segments that reach into the prototype chain; they read as absent. */
export const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

let current: EvaluationContext | undefined;

function hasOwn(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);
}

/** Resolves a dotted path from `scope`, recording what it read (present or absent) in the context. */
function readPath(ctx: EvaluationContext, scope: unknown, path: string, hasDefault: boolean): unknown {
  const segments = segmentsOf(path);
  return readSegments(ctx, scope, segments, segments.map(escapeSegment), forbiddenAt(segments), hasDefault);
}

/** Index of the first segment that reaches into the prototype chain (it reads as absent), or -1. */
function forbiddenAt(segments: readonly string[]): number {
  return segments.findIndex((s) => FORBIDDEN_SEGMENTS.has(s));
}

/** What a read returns for an absent fact (a read returns the value itself otherwise: no object per read). */
const ABSENT: unique symbol = Symbol('absent');

/** readPath with the path split (and each segment escaped for a pointer) beforehand. */
function readSegments(ctx: EvaluationContext, scope: unknown, segments: readonly string[], escaped: readonly string[], forbidden: number, hasDefault: boolean): unknown {
  // A verdict pass walks the plain path; only an absent fact, which it must record, is walked again for its pointer.
  if (ctx.absentOnly || ctx.probing) {
    let node: unknown = scope;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (i === forbidden || !hasOwn(node, seg)) return ctx.probing || hasDefault ? ABSENT : recordingRead(ctx, scope, segments, escaped, forbidden, hasDefault);
      node = (node as Record<string, unknown>)[seg];
    }
    return node;
  }
  return recordingRead(ctx, scope, segments, escaped, forbidden, hasDefault);
}

function recordingRead(ctx: EvaluationContext, scope: unknown, segments: readonly string[], escaped: readonly string[], forbidden: number, hasDefault: boolean): unknown {
  let node: unknown = scope;
  // The root scope may be a copy of the snapshot with bindings added (`each` rules): it stands for ''.
  let pointer = scope === ctx.root ? '' : scope !== null && typeof scope === 'object' ? ctx.pointers.get(scope) : undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (i === forbidden || !hasOwn(node, seg)) {
      if (pointer !== undefined && !hasDefault && !ctx.probing) {
        let rest = pointer;
        for (let j = i; j < segments.length; j++) rest += '/' + escaped[j];
        record(ctx, { pointer: rest, present: false });
      }
      return ABSENT;
    }
    node = (node as Record<string, unknown>)[seg];
    const own = node !== null && typeof node === 'object' ? ctx.pointers.get(node) : undefined;
    if (own !== undefined) pointer = own;
    else if (scope === ctx.root && i === 0 && Object.prototype.hasOwnProperty.call(ctx.bindings, seg)) pointer = ctx.bindings[seg];
    else if (pointer !== undefined) pointer = `${pointer}/${escaped[i]}`;
  }
  if (pointer !== undefined && !ctx.probing && !ctx.absentOnly) record(ctx, { pointer, present: true, value: node });
  return node;
}

function record(ctx: EvaluationContext, read: Omit<FactRead, 'path'>): void {
  if (read.pointer === '') return;
  if (ctx.reads === NO_READS) ctx.reads = [];
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
  const value = readPath(ctx, this, String(a), b !== undefined);
  if (value === ABSENT) return b === undefined ? null : b;
  return value;
}

function missingOperation(this: unknown, ...args: unknown[]): unknown[] {
  const ctx = context();
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const wasProbing = ctx.probing;
  ctx.probing = true;
  try {
    return keys.filter((key) => {
      const value = readPath(ctx, this, String(key), false);
      return value === ABSENT || value === null || value === '';
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
  // The object's pointer is looked up only to record the read (a verdict pass records only an absent fact).
  if (FORBIDDEN_SEGMENTS.has(k) || !hasOwn(object, k)) {
    if (fallback === undefined && !ctx.probing) {
      const at = pointerOfObject(ctx, object);
      if (at !== undefined) record(ctx, { pointer: `${at}/${escapeSegment(k)}`, present: false });
    }
    return fallback === undefined ? null : fallback;
  }
  const value = (object as Record<string, unknown>)[k];
  if (!ctx.probing && !ctx.absentOnly) {
    const at = pointerOfObject(ctx, object);
    if (at !== undefined) record(ctx, { pointer: `${at}/${escapeSegment(k)}`, present: true, value });
  }
  return value;
}

function pointerOfObject(ctx: EvaluationContext, value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? ctx.pointers.get(value) : undefined;
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
  return readSetting(context(), String(name));
}

/**
 * A setting's effective value, recorded once per evaluation (a finding lists the settings it used; a verdict
 * pass records none: the finding replays its check when they are read).
 */
function readSetting(ctx: EvaluationContext, key: string): unknown {
  const value = ctx.settings.get(key);
  if (value === undefined && !ctx.settings.has(key)) throw new InvalidValueError(`unknown setting "${key}"`);
  if (ctx.absentOnly) return value;
  if (!ctx.settingReads.some((s) => s.name === key)) {
    if (ctx.settingReads === NO_SETTING_READS) ctx.settingReads = [];
    ctx.settingReads.push({ name: key, value });
  }
  return value;
}

/**
 * `as_of`: the day the evaluation is judged on (`--as-of`, default today), so a rule can weigh a recorded date
 * against it. Not a snapshot fact: the same snapshot is judged on different days.
 */
function asOfOperation(): unknown {
  const asOf = context().asOf;
  if (asOf === undefined) throw new InvalidValueError('no as-of day is known here: as_of is for rules, not mapping formulas');
  return asOf;
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
  jsonLogic.add_operation('as_of', asOfOperation);
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
 * Evaluates validated logic against `data`, recording reads into `ctx`. The expression is compiled to closures
 * on first use and the closures are kept with the expression object. Synchronous: the module-level context is
 * set for exactly the duration of this call.
 */
export function evaluateLogic(logic: unknown, data: unknown, ctx: EvaluationContext): LogicResult {
  const value = evaluateInto(logic, data, ctx);
  return ctx.invalid === undefined ? { value } : { value, invalid: ctx.invalid };
}

/**
 * evaluateLogic without a result object: returns the value and leaves an operation's complaint about a value in
 * `ctx.invalid` (undefined when there was none). What the engine calls once per check.
 */
export function evaluateInto(logic: unknown, data: unknown, ctx: EvaluationContext): unknown {
  return run(runnable(logic, ctx), data, ctx);
}

/** What runs `logic` in `ctx`: for a verdict pass (absent facts only, not probing), generated code once it is hot. */
function runnable(logic: unknown, ctx: EvaluationContext): Compiled {
  return ctx.absentOnly && !ctx.probing ? hot(logic) : compiled(logic);
}

/** evaluateInto by the closures whatever the context: the reference the generated code is held to (its tests). */
export function evaluateByClosures(logic: unknown, data: unknown, ctx: EvaluationContext): unknown {
  return run(compiled(logic), data, ctx);
}

function run(fn: Compiled, data: unknown, ctx: EvaluationContext): unknown {
  const outer = current;
  current = ctx;
  ctx.invalid = undefined;
  ctx.inexact = undefined;
  try {
    return fn(data);
  } catch (e) {
    if (e instanceof InvalidValueError) {
      ctx.invalid = e.message;
      if (e instanceof InexactValueError) ctx.inexact = { value: e.value };
      return undefined;
    }
    throw e;
  } finally {
    current = outer;
  }
}

/**
 * Checks one expression against many scopes in one context: `prepare(i)` sets up the scope for item i, and
 * `notPassed(i)` hears of every item whose check read an absent fact, had a value rejected or came out false.
 * Reads are reset per item; the context must record absent facts only (a verdict pass). What the export's
 * per-cell rules run, a few hundred items per invoice.
 */
export function checkEach(logic: unknown, scope: unknown, ctx: EvaluationContext, count: number, prepare: (i: number) => void, notPassed: (i: number) => void): void {
  const fn = runnable(logic, ctx);
  const outer = current;
  current = ctx;
  try {
    for (let i = 0; i < count; i++) {
      prepare(i);
      ctx.reads = NO_READS;
      let value: unknown;
      try {
        value = fn(scope);
      } catch (e) {
        if (!(e instanceof InvalidValueError)) throw e;
        notPassed(i);
        continue;
      }
      if (ctx.reads.length !== 0 || !truthy(value)) notPassed(i);
    }
  } finally {
    current = outer;
  }
}

/** What checkEach makes of one item, for a check that only tests a field of it; see fieldTest. */
export type FieldTest = (item: unknown) => boolean;

const fieldTests = new WeakMap<object, FieldTest | null>();

/**
 * A check that tests one field of the item (`{var: item.x}`, under any number of `!` and `!!`) and nothing else,
 * as a plain function of the item: true when the item passes. It gives checkEach's verdict without a scope,
 * context or key: an item that is not a mapping or lacks the field does not pass (its read is absent), any other
 * passes by the field's truthiness, negated once per `!`. Undefined for any other check. The export's per-cell
 * rules are all of this shape: a few hundred items per invoice.
 */
export function fieldTest(logic: unknown): FieldTest | undefined {
  if (logic === null || typeof logic !== 'object') return undefined;
  let test = fieldTests.get(logic);
  if (test === undefined) {
    test = buildFieldTest(logic);
    fieldTests.set(logic, test);
  }
  return test ?? undefined;
}

function buildFieldTest(logic: unknown): FieldTest | null {
  let negated = false;
  let node = logic;
  for (;;) {
    if (!isLogic(node)) return null;
    const op = Object.keys(node)[0];
    const raw = node[op];
    const only = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : NOT_ONE) : raw;
    if (only === NOT_ONE) return null;
    if (op === '!' || op === '!!') {
      if (op === '!') negated = !negated;
      node = only;
      continue;
    }
    if (op !== 'var' || typeof only !== 'string') return null;
    const segments = only.split('.');
    if (segments.length !== 2 || segments[0] !== 'item' || FORBIDDEN_SEGMENTS.has(segments[1])) return null;
    const field = segments[1];
    return negated
      ? (item) => item !== null && typeof item === 'object' && Object.prototype.hasOwnProperty.call(item, field) && !truthy((item as Record<string, unknown>)[field])
      : (item) => item !== null && typeof item === 'object' && Object.prototype.hasOwnProperty.call(item, field) && truthy((item as Record<string, unknown>)[field]);
  }
}

const NOT_ONE: unique symbol = Symbol('not one argument');

/** json-logic's truthiness: JavaScript's, except that an empty list is false. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0 ? false : !!value;
}

// ---- Compiled evaluation -------------------------------------------------------------------------------------
// Each expression is turned once into nested closures (one per operation) with json-logic-js's semantics, so a
// rule or formula evaluated for every snapshot or invoice does not re-read its JSON tree each time: no
// Object.keys, no operator lookup, no argument arrays for fixed-arity operations. json-logic-js stays the
// reference: the conformance suite holds this evaluator to a pristine copy of it on every stock operation.

/** An expression made ready to run: scope in, value out; reads go to the current context. */
export type Compiled = (scope: unknown) => unknown;

export type OperationFn = (this: unknown, ...args: any[]) => unknown;

/**
 * json-logic-js's per-item operations over an evaluated list, each item's value from `each`: what the closures and
 * the generated code both call, so the two keep one definition of them (all of nothing is false, none of nothing
 * true; anything but a list is an empty one).
 */
export const PER_ITEM = {
  filter: (items: unknown, each: Compiled): unknown[] => (Array.isArray(items) ? items.filter((datum) => truthy(each(datum))) : []),
  reduce: (items: unknown, start: unknown, each: Compiled): unknown =>
    Array.isArray(items) ? items.reduce((accumulator, current) => each({ current, accumulator }), start) : start,
  all: (items: unknown, each: Compiled): boolean => {
    if (!Array.isArray(items) || !items.length) return false;
    for (let i = 0; i < items.length; i++) if (!truthy(each(items[i]))) return false;
    return true;
  },
  none: (items: unknown, each: Compiled): boolean => {
    if (!Array.isArray(items) || !items.length) return true;
    for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return false;
    return true;
  },
  some: (items: unknown, each: Compiled): boolean => {
    if (!Array.isArray(items) || !items.length) return false;
    for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return true;
    return false;
  },
};

/** json-logic-js's stock operations, as it defines them (`log` left out; `var` and `missing*` are ours). */
const STOCK: Record<string, OperationFn> = {
  '==': (a, b) => a == b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a != b,
  '!==': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b, c) => (c === undefined ? a < b : a < b && b < c),
  '<=': (a, b, c) => (c === undefined ? a <= b : a <= b && b <= c),
  '!!': (a) => truthy(a),
  '!': (a) => !truthy(a),
  '%': (a, b) => a % b,
  in: (a, b) => {
    if (!b || typeof b.indexOf === 'undefined') return false;
    return b.indexOf(a) !== -1;
  },
  cat: (...args) => args.join(''),
  substr: (source, start, end) => {
    if (end < 0) {
      const temp = String(source).substr(start);
      return temp.substr(0, temp.length + end);
    }
    return String(source).substr(start, end);
  },
  '+': (...args) => args.reduce((a: any, b: any) => parseFloat(a) + parseFloat(b), 0),
  '*': (...args) => args.reduce((a: any, b: any) => parseFloat(a) * parseFloat(b)),
  '-': (a, b) => (b === undefined ? -a : a - b),
  '/': (a, b) => a / b,
  min: (...args) => Math.min(...args),
  max: (...args) => Math.max(...args),
  merge: (...args) => args.reduce((a: unknown[], b: unknown) => a.concat(b), []),
};

let table: Record<string, OperationFn> | undefined;

/** Every operation a compiled expression may call, by name: the same set install() gives json-logic-js. */
function operations(): Record<string, OperationFn> {
  if (table) return table;
  table = {
    ...STOCK,
    var: varOperation,
    missing: missingOperation,
    missing_some: missingSomeOperation,
    get: getOperation,
    setting: settingOperation,
    as_of: asOfOperation,
    [TRACE_OPERATION]: traceOperation,
    [ENTER_OPERATION]: enterOperation,
  };
  for (const op of domainOperations) table[op.name] = op.fn;
  return table;
}

/** json-logic-js's test: a mapping with exactly one key is an operation; any other value is a literal. */
function isLogic(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 1;
}

const compiledCache = new WeakMap<object, Compiled>();

/** The closure for `logic`, built on first use and kept per expression object (expressions are never mutated). */
function compiled(logic: unknown): Compiled {
  if (logic === null || typeof logic !== 'object') return () => logic;
  let fn = compiledCache.get(logic);
  if (fn === undefined) {
    fn = compileNode(logic);
    compiledCache.set(logic, fn);
  }
  return fn;
}

function constant(node: unknown): boolean {
  return node === null || typeof node !== 'object' || (!Array.isArray(node) && !isLogic(node));
}

function compileNode(logic: unknown): Compiled {
  if (Array.isArray(logic)) {
    const parts = logic.map(compileNode);
    return (scope) => {
      const out = new Array(parts.length);
      for (let i = 0; i < parts.length; i++) out[i] = parts[i](scope);
      return out;
    };
  }
  if (!isLogic(logic)) return () => logic;
  const op = Object.keys(logic)[0];
  const raw = logic[op];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const arg = (i: number): Compiled => (i < values.length ? compileNode(values[i]) : () => undefined);

  switch (op) {
    case 'if':
    case '?:': {
      const parts = values.map(compileNode);
      return (scope) => {
        let i = 0;
        for (; i < parts.length - 1; i += 2) if (truthy(parts[i](scope))) return parts[i + 1](scope);
        return parts.length === i + 1 ? parts[i](scope) : null;
      };
    }
    case 'and': {
      const parts = values.map(compileNode);
      return (scope) => {
        let current: unknown;
        for (let i = 0; i < parts.length; i++) {
          current = parts[i](scope);
          if (!truthy(current)) return current;
        }
        return current;
      };
    }
    case 'or': {
      const parts = values.map(compileNode);
      return (scope) => {
        let current: unknown;
        for (let i = 0; i < parts.length; i++) {
          current = parts[i](scope);
          if (truthy(current)) return current;
        }
        return current;
      };
    }
    case 'filter':
    case 'all':
    case 'none':
    case 'some': {
      const [list, each] = [arg(0), arg(1)];
      const loop = PER_ITEM[op];
      return (scope) => loop(list(scope), each);
    }
    case 'map': {
      const [list, each] = [arg(0), arg(1)];
      return (scope) => {
        const items = list(scope);
        return Array.isArray(items) ? items.map((datum) => each(datum)) : [];
      };
    }
    case 'reduce': {
      const [list, each] = [arg(0), arg(1)];
      const initial = typeof values[2] !== 'undefined' ? compileNode(values[2]) : () => null;
      return (scope) => PER_ITEM.reduce(list(scope), initial(scope), each);
    }
    case 'var':
      if (values.length <= 2 && values.every(constant)) return compileVar(values[0], values[1]);
      break;
    case 'setting':
      if (values.length === 1 && typeof values[0] === 'string') {
        const key = values[0];
        return () => readSetting(context(), key);
      }
  }

  const ops = operations();
  if ((op === 'keys' || op === 'values') && values.length === 1 && ops[op] !== undefined) {
    const list = op;
    const fn = ops[op];
    const a = compileNode(values[0]);
    return (scope) => listed(list, fn, a(scope));
  }
  const parts = values.map(compileNode);
  const known = Object.prototype.hasOwnProperty.call(ops, op) && typeof ops[op] === 'function';
  const fn = known ? ops[op] : unrecognized(op, ops);
  // json-logic-js calls an operation with the scope as `this`; only these read it, the rest are called plainly.
  if (!known || fn === varOperation || fn === missingOperation || fn === missingSomeOperation) return callWithScope(fn, parts);
  switch (parts.length) {
    case 0:
      return () => fn();
    case 1: {
      const [a] = parts;
      return (scope) => fn(a(scope));
    }
    case 2: {
      const [a, b] = parts;
      return (scope) => fn(a(scope), b(scope));
    }
    case 3: {
      const [a, b, c] = parts;
      return (scope) => fn(a(scope), b(scope), c(scope));
    }
    default:
      return (scope) => {
        const args = new Array(parts.length);
        for (let i = 0; i < parts.length; i++) args[i] = parts[i](scope);
        return fn(...args);
      };
  }
}

/** An operation that reads the scope as `this` (json-logic-js's calling convention). */
function callWithScope(fn: OperationFn, parts: Compiled[]): Compiled {
  switch (parts.length) {
    case 0:
      return (scope) => fn.call(scope);
    case 1: {
      const [a] = parts;
      return (scope) => fn.call(scope, a(scope));
    }
    case 2: {
      const [a, b] = parts;
      return (scope) => fn.call(scope, a(scope), b(scope));
    }
    case 3: {
      const [a, b, c] = parts;
      return (scope) => fn.call(scope, a(scope), b(scope), c(scope));
    }
    default:
      return (scope) => {
        const args = new Array(parts.length);
        for (let i = 0; i < parts.length; i++) args[i] = parts[i](scope);
        return fn.apply(scope, args);
      };
  }
}

/**
 * `keys` or `values` of a mapping, listed once per evaluation when the mapping is snapshot data (it does not
 * change while rules run; a scope with an item swapped in does). Every operation leaves its arguments as they are,
 * so callers can share the list.
 */
function listed(list: 'keys' | 'values', fn: OperationFn, value: unknown): unknown {
  const ctx = current!;
  const memo = ctx.lists;
  if (memo === undefined || value === null || typeof value !== 'object' || !ctx.pointers.has(value)) return fn(value);
  const byObject = (memo[list] ??= new Map());
  let hit = byObject.get(value);
  if (hit === undefined) byObject.set(value, (hit = fn(value)));
  return hit;
}

/** What json-logic-js does with an operation it does not know, at the moment it is reached (its arguments first). */
function unrecognized(op: string, ops: Record<string, OperationFn>): OperationFn {
  return function (this: unknown, ...args: unknown[]) {
    if (op.indexOf('.') > 0) {
      const sub = op.split('.');
      let operation: any = ops;
      for (let i = 0; i < sub.length; i++) {
        if (!Object.prototype.hasOwnProperty.call(operation, sub[i])) throw new Error(`Unrecognized operation ${op} (failed at ${sub.slice(0, i + 1).join('.')})`);
        operation = operation[sub[i]];
      }
      return operation.apply(this, args);
    }
    throw new Error(`Unrecognized operation ${op}`);
  };
}

/** `var` with a literal path (the usual case): the path is split once, here, instead of on every read. */
function compileVar(a: unknown, b: unknown): Compiled {
  if (a === undefined || a === null || a === '') return (scope) => scope;
  const path = String(a);
  const segments = path.split('.');
  const escaped = segments.map(escapeSegment);
  const forbidden = forbiddenAt(segments);
  const hasDefault = b !== undefined;
  const fallback = b === undefined ? null : b;
  const slow = (ctx: EvaluationContext, scope: unknown): unknown => {
    const value = readSegments(ctx, scope, segments, escaped, forbidden, hasDefault);
    return value === ABSENT ? fallback : value;
  };
  if (forbidden !== -1) return (scope) => slow(context(), scope);
  // A verdict pass walks the path here, with no call per segment; anything to record takes the slow path.
  const n = segments.length;
  return (scope) => {
    const ctx = current!;
    if (!ctx.absentOnly || ctx.probing) return slow(ctx, scope);
    let node = scope;
    for (let i = 0; i < n; i++) {
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segments[i])) return slow(ctx, scope);
      node = (node as Record<string, unknown>)[segments[i]];
    }
    return node;
  };
}

// ---- Generated code for hot expressions ------------------------------------------------------------------------
// An expression a verdict pass has evaluated HOT_AFTER times (the export's formulas and invoice rules, once per
// invoice; the snapshot rules over a batch of customers) is generated as JavaScript (generate.ts), which gives each
// property read its own inline cache. A one-off evaluation (`preflight check` on one customer) never pays for the
// generation. Generated code takes only the plain path; anything else goes to the closures above.

const HOT_AFTER = 8;
/** Per expression: how often a verdict pass has evaluated it so far, then its generated function. */
const hotCache = new WeakMap<object, Compiled | number>();
let runtime: Runtime | undefined;

/** What a verdict pass runs for `logic`: the closures while it is cold, generated code once it is hot. */
function hot(logic: unknown): Compiled {
  if (logic === null || typeof logic !== 'object') return compiled(logic);
  const hit = hotCache.get(logic);
  if (typeof hit === 'function') return hit;
  const uses = (hit ?? 0) + 1;
  if (uses < HOT_AFTER) {
    hotCache.set(logic, uses);
    return compiled(logic);
  }
  const fn = generated(logic);
  hotCache.set(logic, fn);
  return fn;
}

/** The expression as generated code, built now (tests call it through evaluateGenerated). */
function generated(logic: object): Compiled {
  runtime ??= {
    truthy,
    itemLoops: PER_ITEM,
    closure: compileNode,
    operations,
    scopeReaders: new Set<OperationFn>([varOperation, missingOperation, missingSomeOperation]),
    unrecognized,
    readSetting: (key) => readSetting(context(), key),
    listed,
    isLogic,
    constant,
    forbidden: FORBIDDEN_SEGMENTS,
  };
  return generate(logic, runtime);
}

/**
 * evaluateInto by freshly generated code, whatever the expression's heat: for the tests that hold generated code
 * to the closures. The context must be a verdict pass's (absent facts only, not probing).
 */
export function evaluateGenerated(logic: unknown, data: unknown, ctx: EvaluationContext): unknown {
  if (!ctx.absentOnly || ctx.probing) throw new Error('internal: generated code runs only for a verdict pass');
  return run(logic !== null && typeof logic === 'object' ? generated(logic) : compiled(logic), data, ctx);
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
