// The load-time check that keeps amounts away from json-logic's float arithmetic: a pack's formulas and rules
// must use the exact money_* operations (src/logic/ops/money.ts) on anything that is an amount.

/** Operations that stand for json-logic's float arithmetic and loose comparison, refused on amounts. */
export const FLOAT_OPERATIONS = new Set(['+', '-', '*', '/', '%', 'min', 'max', '<', '<=', '>', '>=', '==', '!=', '===', '!==']);

const SUGGEST: Record<string, string> = {
  '+': 'money_add', '-': 'money_sub', '*': 'money_mul', '/': 'money_mul', '%': 'money_sub', min: 'money_lt', max: 'money_gt',
  '<': 'money_lt', '<=': 'money_gt', '>': 'money_gt', '>=': 'money_lt', '==': 'money_eq', '!=': 'money_eq', '===': 'money_eq', '!==': 'money_eq',
};

export interface MoneyProblem {
  pointer: string;
  message: string;
}

/**
 * Finds json-logic float arithmetic or comparisons applied to amounts: an operation from FLOAT_OPERATIONS
 * one of whose arguments reads a money fact (a `var` whose last segment is in `moneyKeys`) or is a money_*
 * result. 0.1 + 0.2 is 0.30000000000000004 in binary floating point; money ops are exact.
 */
export function floatArithmeticOnMoney(logic: unknown, moneyKeys: ReadonlySet<string>): MoneyProblem[] {
  const problems: MoneyProblem[] = [];
  const isMoney = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(isMoney);
    if (node === null || typeof node !== 'object') return false;
    const [op] = Object.keys(node);
    const args = (node as Record<string, unknown>)[op];
    if (op.startsWith('money')) return op !== 'money_eq' && op !== 'money_lt' && op !== 'money_gt' && op !== 'money_fits';
    if (op === 'var') {
      const path = Array.isArray(args) ? args[0] : args;
      return typeof path === 'string' && moneyKeys.has(path.split('.').pop()!);
    }
    if (op === 'if' || op === '?:' || op === 'or' || op === 'and') return isMoney(args);
    return false;
  };
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const [op] = Object.keys(node);
    if (op === undefined) return;
    const args = (node as Record<string, unknown>)[op];
    const here = `${pointer}/${op.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (FLOAT_OPERATIONS.has(op) && (Array.isArray(args) ? args : [args]).some(isMoney)) {
      problems.push({ pointer: here, message: `"${op}" on an amount is binary floating point arithmetic (0.1 + 0.2 = 0.30000000000000004); use ${SUGGEST[op]} and the other money_* operations` });
    }
    if (Array.isArray(args)) args.forEach((a, i) => visit(a, `${here}/${i}`));
    else visit(args, here);
  };
  visit(logic, '');
  return problems;
}
