// --explain: a copy of an expression whose every operation reports the value it produced, in evaluation order.
import { escapePointer } from '../yaml/source.ts';

export interface TraceNode {
  id: string;
  /** JSON pointer of the operation inside the rule file, e.g. /check/version_gte/0. */
  pointer: string;
  /** What a person reads: the operation, or `var path` / `setting name`. */
  label: string;
  depth: number;
}

export interface InstrumentedLogic {
  logic: unknown;
  nodes: TraceNode[];
}

export const TRACE_OPERATION = '__trace';
/** Marks an operation as entered before its arguments run, so one that throws is told from one never reached. */
export const ENTER_OPERATION = '__enter';

const cache = new WeakMap<object, Map<string, InstrumentedLogic>>();

/** Wraps every operation node as {__trace: [id, {__enter: id}, node]}; json-logic's own laziness is kept. */
export function instrument(logic: unknown, basePointer: string): InstrumentedLogic {
  if (logic !== null && typeof logic === 'object') {
    const byBase = cache.get(logic) ?? new Map<string, InstrumentedLogic>();
    cache.set(logic, byBase);
    const hit = byBase.get(basePointer);
    if (hit) return hit;
    const made = build(logic, basePointer);
    byBase.set(basePointer, made);
    return made;
  }
  return build(logic, basePointer);
}

function build(logic: unknown, basePointer: string): InstrumentedLogic {
  const nodes: TraceNode[] = [];
  const wrap = (node: unknown, pointer: string, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => wrap(n, `${pointer}/${i}`, depth));
    if (node === null || typeof node !== 'object') return node;
    const [op] = Object.keys(node);
    const args = (node as Record<string, unknown>)[op];
    const here = `${pointer}/${escapePointer(op)}`;
    const id = String(nodes.length);
    const first = Array.isArray(args) ? args[0] : args;
    const label = (op === 'var' || op === 'setting') && (typeof first === 'string' || typeof first === 'number') ? `${op} ${first}` : op;
    nodes.push({ id, pointer, label, depth });
    const inner = Array.isArray(args) ? args.map((a, i) => wrap(a, `${here}/${i}`, depth + 1)) : wrap(args, here, depth + 1);
    return { [TRACE_OPERATION]: [id, { [ENTER_OPERATION]: id }, { [op]: inner }] };
  };
  return { logic: wrap(logic, basePointer, 0), nodes };
}
