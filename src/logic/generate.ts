// json-logic turned into JavaScript source, one function per expression, for verdict passes over many same-shaped
// inputs (the export's formulas and rules, once per invoice). Every property a formula reads gets its own place in
// the generated code, so V8 keeps an inline cache per read instead of one shared, megamorphic walk. Anything that
// is not the plain case (an absent fact, a forbidden segment, a value that is not a mapping) goes to the closures
// of evaluate.ts, which record it exactly as they always do. Names and literals never become code: property names
// are written as JSON string literals, every other value is passed in by index.

import type { Compiled, OperationFn, PER_ITEM } from './evaluate.ts';

/** What generated code calls: the evaluator's own pieces, passed in so this module imports none of them. */
export interface Runtime {
  truthy(value: unknown): boolean;
  /** The per-item operations (filter, reduce, all, none, some) the closures run too. */
  itemLoops: typeof PER_ITEM;
  /** The closure for a node: what an absent fact's read falls back to, and anything not generated. */
  closure(node: unknown): Compiled;
  /** The operation table (stock and domain) the closures call, by name. */
  operations(): Record<string, OperationFn>;
  /** The operations called with the scope as `this` (json-logic-js's convention). */
  scopeReaders: ReadonlySet<OperationFn>;
  unrecognized(op: string, ops: Record<string, OperationFn>): OperationFn;
  readSetting(key: string): unknown;
  listed(list: 'keys' | 'values', fn: OperationFn, value: unknown): unknown;
  isLogic(node: unknown): node is Record<string, unknown>;
  constant(node: unknown): boolean;
  forbidden: ReadonlySet<string>;
}

/** One generated function's own locals: its scope's name and the temporaries it declares. */
interface Frame {
  scope: string;
  locals: string[];
}

/**
 * The expression as one generated function with the closures' semantics, for a context that records absent facts
 * only and is not probing (the caller's check, made once per evaluation).
 */
export function generate(logic: unknown, rt: Runtime): Compiled {
  const constants: unknown[] = [];
  const functions: string[] = [];
  let tempCount = 0;
  let scopeCount = 0;
  const konst = (value: unknown): string => {
    constants.push(value);
    return `K[${constants.length - 1}]`;
  };
  const local = (frame: Frame): string => {
    const name = `t${tempCount++}`;
    frame.locals.push(name);
    return name;
  };
  const declared = (frame: Frame) => (frame.locals.length > 0 ? ` let ${frame.locals.join(', ')};` : '');
  /** A per-item expression as a function of its own (its scope is the item), defined once beside the main one. */
  const perItem = (node: unknown): string => {
    const frame: Frame = { scope: `s${++scopeCount}`, locals: [] };
    const body = node === undefined ? 'undefined' : expr(node, frame);
    const name = `F${functions.length}`;
    functions.push(`function ${name}(${frame.scope}) {${declared(frame)} return ${body}; }`);
    return name;
  };
  const truth = (code: string) => `T(${code})`;

  const literal = (value: unknown): string => {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    return konst(value);
  };

  const varRead = (values: unknown[], node: unknown, frame: Frame): string => {
    const [a] = values;
    if (a === undefined || a === null || a === '') return frame.scope;
    const segments = String(a).split('.');
    const slow = konst(rt.closure(node));
    if (segments.some((s) => rt.forbidden.has(s))) return `${slow}(${frame.scope})`;
    const t = local(frame);
    const steps = segments.map((s, i) => {
      const key = JSON.stringify(s);
      const guard = `${t} !== null && typeof ${t} === 'object' && H.call(${t}, ${key})`;
      return i < segments.length - 1 ? `${guard} && (${t} = ${t}[${key}], true)` : guard;
    });
    const last = JSON.stringify(segments[segments.length - 1]);
    return `((${t} = ${frame.scope}, ${steps.join(' && ')}) ? ${t}[${last}] : ${slow}(${frame.scope}))`;
  };

  const expr = (node: unknown, frame: Frame): string => {
    if (Array.isArray(node)) return `[${node.map((n) => expr(n, frame)).join(', ')}]`;
    if (!rt.isLogic(node)) return literal(node);
    const op = Object.keys(node)[0];
    const raw = node[op];
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    const arg = (i: number): string => (i < values.length ? expr(values[i], frame) : 'undefined');

    switch (op) {
      case 'if':
      case '?:': {
        const parts = values.map((v) => expr(v, frame));
        let i = 0;
        const branches: string[] = [];
        for (; i < parts.length - 1; i += 2) branches.push(`${truth(parts[i])} ? ${parts[i + 1]} : `);
        return `(${branches.join('')}${parts.length === i + 1 ? parts[i] : 'null'})`;
      }
      case 'and':
      case 'or': {
        if (values.length === 0) return 'undefined';
        const t = local(frame);
        const chain = (i: number): string => {
          const part = expr(values[i], frame);
          if (i === values.length - 1) return part;
          return op === 'and' ? `((${t} = ${part}), ${truth(t)} ? ${chain(i + 1)} : ${t})` : `((${t} = ${part}), ${truth(t)} ? ${t} : ${chain(i + 1)})`;
        };
        return chain(0);
      }
      case 'map': {
        const list = arg(0);
        const each = perItem(values[1]);
        const t = local(frame);
        // map's index and list arguments go to a function that reads only its first.
        return `((${t} = ${list}), Array.isArray(${t}) ? ${t}.map(${each}) : [])`;
      }
      case 'filter':
      case 'all':
      case 'none':
      case 'some': {
        const list = arg(0);
        return `X.${op}(${list}, ${perItem(values[1])})`;
      }
      case 'reduce': {
        const list = arg(0);
        const each = perItem(values[1]);
        const initial = typeof values[2] !== 'undefined' ? expr(values[2], frame) : 'null';
        return `X.reduce(${list}, ${initial}, ${each})`;
      }
      case 'var':
        if (values.length <= 2 && values.every(rt.constant)) return varRead(values, node, frame);
        break;
      case 'setting':
        if (values.length === 1 && typeof values[0] === 'string') return `R.readSetting(${JSON.stringify(values[0])})`;
    }

    const ops = rt.operations();
    if ((op === 'keys' || op === 'values') && values.length === 1 && ops[op] !== undefined) {
      return `R.listed(${JSON.stringify(op)}, ${konst(ops[op])}, ${arg(0)})`;
    }
    const parts = values.map((v) => expr(v, frame));
    const known = Object.prototype.hasOwnProperty.call(ops, op) && typeof ops[op] === 'function';
    const fn = known ? ops[op] : rt.unrecognized(op, ops);
    const callee = konst(fn);
    if (!known || rt.scopeReaders.has(fn)) return `${callee}.call(${[frame.scope, ...parts].join(', ')})`;
    return `${callee}(${parts.join(', ')})`;
  };

  const main: Frame = { scope: 's0', locals: [] };
  const body = expr(logic, main);
  const source = ['"use strict";', ...functions, `return function generated(s0) {${declared(main)} return ${body}; };`].join('\n');
  // eslint-disable-next-line no-new-func -- the source is built above from fixed fragments and JSON literals only
  const factory = new Function('R', 'K', 'H', 'T', 'X', source) as (...args: unknown[]) => Compiled;
  return factory(rt, constants, Object.prototype.hasOwnProperty, rt.truthy, rt.itemLoops);
}
