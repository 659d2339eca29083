// Exact decimal money (big.js): amounts are decimal text in and out, never binary floating point.
import BigModule from 'big.js';
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

// big.js is CommonJS; under ESM its class may sit on `default`.
const Big = ((BigModule as unknown as { default?: typeof BigModule }).default ?? BigModule) as typeof BigModule;
type Amount = InstanceType<typeof Big>;

/** Decimal text as Procore writes amounts: optional minus, digits, optional fraction. No exponent, no commas. */
export const AMOUNT_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;

/** Reads an amount: decimal text, or a whole number. Everything else (floats, "1e3", "12,34", null) is refused. */
// Invoices repeat the same few amount texts ("0.00", a line's usual values): each is parsed once. Big values are
// never mutated (every operation returns a new one), so a parsed amount can be shared. Bounded.
const parsedAmounts = new Map<string, Amount>();
// Small: most amounts of an export are new, and the texts that repeat ("0.00", a usual rate) come back at once.
const PARSED_LIMIT = 1_000;

export function parseAmount(value: unknown): Amount {
  if (typeof value === 'string') {
    const hit = parsedAmounts.get(value);
    if (hit !== undefined) return hit;
    if (AMOUNT_PATTERN.test(value)) {
      if (parsedAmounts.size >= PARSED_LIMIT) parsedAmounts.clear();
      const amount = new Big(value);
      parsedAmounts.set(value, amount);
      return amount;
    }
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Big(value);
  const shown = JSON.stringify(value) ?? String(value);
  const hint =
    typeof value === 'number'
      ? ': a fractional number is binary floating point; write amounts as text such as "12.34"'
      : typeof value === 'string' && /^-?\d+,\d+$/.test(value)
        ? ': use a dot for decimals, such as "12.34"'
        : ': expected decimal text such as "1234.56"';
  throw new InvalidValueError(`${shown} is not an amount${hint}`);
}

/** Canonical text: at least two decimals, more only when the value has them (nothing is rounded away). */
export function formatAmount(a: Amount): string {
  const dp = Math.max(2, decimalsOf(a));
  const text = a.toFixed(dp);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

function decimalsOf(a: Amount): number {
  // big.js keeps digits in `c` and the exponent in `e`: decimals = digits after the point.
  const { c, e } = a as unknown as { c: number[]; e: number };
  return Math.max(0, c.length - e - 1);
}

// Canonical texts by input text: a mapped amount is checked the same way invoice after invoice. Bounded.
const canonicalTexts = new Map<string, string>();

export function amountText(value: unknown): string {
  if (typeof value !== 'string') return formatAmount(parseAmount(value));
  let hit = canonicalTexts.get(value);
  if (hit === undefined) {
    hit = formatAmount(parseAmount(value));
    if (canonicalTexts.size >= PARSED_LIMIT) canonicalTexts.clear();
    canonicalTexts.set(value, hit);
  }
  return hit;
}

export interface NumericFormat {
  signed: boolean;
  integers: number;
  decimals: number;
}

/** "-9.2": a sign allowed, up to 9 integer digits, 2 decimals. "5.0" or "5": 5 digits, no decimals. */
export function parseNumericFormat(text: string): NumericFormat | undefined {
  const m = /^(-)?([1-9]\d?)(?:\.(\d))?$/.exec(text);
  return m ? { signed: m[1] === '-', integers: Number(m[2]), decimals: Number(m[3] ?? 0) } : undefined;
}

/** Why the amount does not fit the format (a sentence fragment), or undefined when it fits. Never rounds. */
export function misfit(value: unknown, format: NumericFormat): string | undefined {
  const a = parseAmount(value);
  if (a.lt(0) && !format.signed) return 'is negative and the field takes no sign';
  if (decimalsOf(a) > format.decimals) return `has more than ${format.decimals} decimal${format.decimals === 1 ? '' : 's'}`;
  const integers = a.abs().round(0, 0).toFixed(0);
  if (integers.length > format.integers) return `has more than ${format.integers} digit${format.integers === 1 ? '' : 's'} before the decimal point`;
  return undefined;
}

/** The amount written with exactly the format's decimals (only trailing zeros are added or dropped). */
export function formatFixed(value: unknown, format: NumericFormat): string {
  const text = parseAmount(value).toFixed(format.decimals);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

function listOf(value: unknown, op: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidValueError(`${op} expects a list of amounts, found ${JSON.stringify(value)}`);
  return value;
}

const compare = (name: string, description: string, test: (c: number) => boolean): OperationSpec => ({
  name,
  args: [2, 2],
  description,
  fn: (a: unknown, b: unknown) => test(parseAmount(a).cmp(parseAmount(b))),
});

export const moneyOperations: OperationSpec[] = [
  {
    name: 'money',
    args: [1, 1],
    description: 'The amount as canonical decimal text ("12.5" → "12.50"); refuses anything that is not an amount.',
    fn: (a: unknown) => amountText(a),
  },
  {
    name: 'money_add',
    args: [1, Infinity],
    description: 'Exact sum of amounts (decimal text): "0.10" + "0.20" = "0.30".',
    fn: (...xs: unknown[]) => formatAmount(xs.reduce<Amount>((s, x) => s.plus(parseAmount(x)), new Big(0))),
  },
  {
    name: 'money_sub',
    args: [2, 2],
    description: 'Exact difference of two amounts.',
    fn: (a: unknown, b: unknown) => formatAmount(parseAmount(a).minus(parseAmount(b))),
  },
  {
    name: 'money_mul',
    args: [2, 2],
    description: 'Exact product (a quantity times a unit price); every decimal is kept.',
    fn: (a: unknown, b: unknown) => formatAmount(parseAmount(a).times(parseAmount(b))),
  },
  {
    name: 'money_neg',
    args: [1, 1],
    description: 'The amount with its sign changed.',
    fn: (a: unknown) => formatAmount(parseAmount(a).times(-1)),
  },
  {
    name: 'money_sum',
    args: [1, 1],
    description: 'Exact sum of a list of amounts (an empty list sums to "0.00").',
    fn: (list: unknown) => formatAmount(listOf(list, 'money_sum').reduce<Amount>((s, x) => s.plus(parseAmount(x)), new Big(0))),
  },
  compare('money_eq', 'True when two amounts are equal ("1.5" equals "1.50").', (c) => c === 0),
  compare('money_lt', 'True when the first amount is less than the second.', (c) => c < 0),
  compare('money_gt', 'True when the first amount is greater than the second.', (c) => c > 0),
  {
    name: 'money_fits',
    args: [2, 2],
    description: 'True when the amount fits a numeric format such as "-9.2" (sign allowed, 9 digits, 2 decimals), without rounding.',
    fn: (a: unknown, format: unknown) => {
      const f = typeof format === 'string' ? parseNumericFormat(format) : undefined;
      if (!f) throw new InvalidValueError(`${JSON.stringify(format)} is not a numeric format such as "-9.2"`);
      return misfit(a, f) === undefined;
    },
  },
];

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
