// Checks a json-logic expression before anything runs: known operations, argument counts, safe fact paths.
import { escapePointer } from '../yaml/source.ts';
import { FORBIDDEN_SEGMENTS } from './evaluate.ts';
import { knownOperations, SCOPED_OPERATIONS, type KnownOperation } from './registry.ts';
import { suggest } from '../suggest.ts';

export interface LogicProblem {
  /** JSON pointer relative to the expression's root. */
  pointer: string;
  code: string;
  message: string;
}

export interface LogicAnalysis {
  problems: LogicProblem[];
  /** Fact paths named literally by `var` at the root scope (for surveys and docs). */
  facts: string[];
  /** Settings named literally by `setting`. */
  settings: string[];
  /**
   * Whether it also reads the root scope other than by those paths: a `var` of the whole scope or of a computed
   * path, or `missing`/`missing_some`, outside per-item operations. Then `facts` do not list all it reads.
   */
  unlistedReads: boolean;
}

let known: Map<string, KnownOperation> | undefined;

export function analyzeLogic(logic: unknown, knownSettings?: ReadonlySet<string>): LogicAnalysis {
  known ??= knownOperations();
  const ops = known;
  const problems: LogicProblem[] = [];
  const facts = new Set<string>();
  const settings = new Set<string>();
  let unlistedReads = false;

  const visit = (node: unknown, pointer: string, scoped: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, `${pointer}/${i}`, scoped));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({
        pointer,
        code: 'logic-shape',
        message: `a json-logic operation is a mapping with exactly one key (the operation), found ${keys.length === 0 ? 'an empty mapping' : `keys ${keys.join(', ')}`}`,
      });
      return;
    }
    const op = keys[0];
    const spec = ops.get(op);
    const argsNode = (node as Record<string, unknown>)[op];
    const here = `${pointer}/${escapePointer(op)}`;
    if (!spec) {
      const hint = suggest(op, [...ops.keys()]);
      problems.push({ pointer: here, code: 'unknown-operation', message: `unknown operation "${op}"${hint ? `; did you mean "${hint}"?` : ''}` });
      return;
    }
    const args = Array.isArray(argsNode) ? argsNode : [argsNode];
    if (spec.args && (args.length < spec.args[0] || args.length > spec.args[1])) {
      const [min, max] = spec.args;
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      problems.push({ pointer: here, code: 'operation-arity', message: `"${op}" takes ${want} argument${want === '1' ? '' : 's'}, found ${args.length}` });
    }
    if (!scoped && (op === 'missing' || op === 'missing_some' || (op === 'var' && (args[0] === '' || (typeof args[0] !== 'string' && typeof args[0] !== 'number'))))) unlistedReads = true;
    if (op === 'var' && (typeof args[0] === 'string' || typeof args[0] === 'number')) {
      const path = String(args[0]);
      const bad = path.split('.').find((s) => FORBIDDEN_SEGMENTS.has(s));
      if (bad) problems.push({ pointer: here, code: 'forbidden-path', message: `fact path "${path}" uses "${bad}", which is never readable` });
      else if (!scoped && path !== '') facts.add(path);
    }
    if (op === 'setting' && typeof args[0] === 'string') {
      settings.add(args[0]);
      if (knownSettings && !knownSettings.has(args[0])) {
        const hint = suggest(args[0], [...knownSettings]);
        problems.push({ pointer: here, code: 'unknown-setting', message: `unknown setting "${args[0]}"${hint ? `; did you mean "${hint}"?` : ''}` });
      }
    }
    const isScoped = SCOPED_OPERATIONS.has(op);
    if (Array.isArray(argsNode)) {
      // Only the per-item argument is scoped; reduce's initial value (index 2) is read at the outer scope.
      argsNode.forEach((a, i) => visit(a, `${here}/${i}`, scoped || (isScoped && i === 1)));
    } else visit(argsNode, here, scoped);
  };

  visit(logic, '', false);
  return { problems, facts: [...facts], settings: [...settings], unlistedReads };
}
