// Money beyond money-fast.test.ts (which checks every value against big.js): products the fast path must get
// right, numeric formats read strictly, a wrong number of arguments refused at load, and proof that amounts that
// fit are really kept out of big.js (a fast path that silently handed everything over would give the same values).
//
// Equivalent mutants Stryker reports in src/logic/ops/money.ts (`npm run mutate`), by what makes them so:
// - A big.js Amount has units NaN, and NaN fails every range test. So `this.big === null && y.big === null` in
//   plus, minus and times → `true`, `||` or either half alone: a big operand still ends on the big.js path (12).
// - times: `p <= MAX_UNITS` → `<`, `p >= -MAX_UNITS` → `>`: p = ±(2^53 - 1) is never a multiple of 10^6, which the
//   fast path also needs. unitsOf: `units <= MAX_UNITS` → `<` and `>= -MAX_UNITS` → `>`: a whole number times 10^6
//   is never ±(2^53 - 1) either.
// - fixedText: `units < 0` → `<=` (twice): only 0 differs, and -0 prints as 0; `dp < SCALE_DIGITS` → `<=`: at six
//   decimals the rounding step is 1, so nothing is rounded; `dp <= SCALE_DIGITS` → `<`: at six, `digits` plus no
//   zeros is `digits`; `if (dp === 2)` → `false` or an empty block: a fast path for cents whose text the general
//   path writes identically (indistinguishable but for time).
// - scanUnits: `n > 0 &&` → `true` or `n >= 0`: charCodeAt(0) of "" is NaN, never '-'; `decimals > SCALE_DIGITS`
//   → `false`: POW10[-1] is undefined, so seven or more decimals make the units NaN anyway.
// - `typeof value === 'number' &&` → `true` before Number.isSafeInteger (unitsOf, parseBigAmount): it is false for
//   everything that is not a number.
// - The `/^-0(\.0+)?$/` sign strip in formatAmount and formatFixed (three regex mutants and one NoCoverage each):
//   no input reaches it with a negative zero. big.js writes a zero value without a sign, formatAmount never rounds,
//   and formatFixed hands big.js only amounts too large to round to zero (the small ones take fixedText).
// - amountText's `isCanonical` (15 mutants): a fast path that returns a text already canonical as it is, instead of
//   writing the same characters again. Every mutant makes it answer "not canonical" more often, never wrongly "yes",
//   and the rewritten text is equal: indistinguishable but for time.
// - sumText: `i < xs.length` → `<=`: the extra step adds NaN and hands an empty rest to Amount, whose text is the
//   same canonical text of the same units.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import BigModule from 'big.js';
import { analyzeLogic } from '../../src/logic/compile.ts';
import { InvalidValueError } from '../../src/logic/errors.ts';
import { Amount, amountText, formatFixed, misfit, moneyOperations, parseAmount, parseNumericFormat } from '../../src/logic/ops/money.ts';

const Big = ((BigModule as unknown as { default?: typeof BigModule }).default ?? BigModule) as typeof BigModule;
const op = (name: string) => moneyOperations.find((o) => o.name === name)!.fn as (...a: unknown[]) => unknown;

/** The largest amount held in whole millionths: 2^53 - 1 of them. */
const MAX = '9007199254.740991';

describe('money_mul', () => {
  test.each([
    ['1000000', '1', '1000000.00'],
    ['1', '1000000', '1000000.00'],
    ['2000000', '2', '4000000.00'],
    ['3000000.00', '-3', '-9000000.00'],
    ['5000000', '0.5', '2500000.00'],
    ['1000', '1000', '1000000.00'],
    ['0.001', '0.001', '0.000001'],
    ['0.000001', '1000000', '1.00'],
    ['12.5', '8', '100.00'],
    ['-1.25', '-4', '5.00'],
  ])('%s × %s = %s', (a, b, product) => {
    expect(op('money_mul')(a, b)).toBe(product);
    expect(op('money_mul')(b, a)).toBe(product);
  });
});

describe('numeric formats', () => {
  test.each([
    ['-9.2', { signed: true, integers: 9, decimals: 2 }],
    ['9.2', { signed: false, integers: 9, decimals: 2 }],
    ['12.6', { signed: false, integers: 12, decimals: 6 }],
    ['99.9', { signed: false, integers: 99, decimals: 9 }],
    ['5', { signed: false, integers: 5, decimals: 0 }],
    ['5.0', { signed: false, integers: 5, decimals: 0 }],
    ['-1', { signed: true, integers: 1, decimals: 0 }],
  ])('%j is %j', (text, format) => {
    expect(parseNumericFormat(text)).toEqual(format);
  });

  test.each([['9.2x'], ['x9.2'], [' 9.2'], ['9.2 '], ['+9.2'], ['--9.2'], ['0.2'], ['09.2'], ['100.2'], ['9.'], ['9.22'], ['.2'], ['9,2'], ['-'], ['']])(
    '%j is no numeric format, and money_fits says so',
    (text) => {
      expect(parseNumericFormat(text)).toBeUndefined();
      expect(() => op('money_fits')('1.00', text)).toThrow(new InvalidValueError(`${JSON.stringify(text)} is not a numeric format such as "-9.2"`));
    },
  );

  test('a format that is not text is refused, as a text that is no format is', () => {
    for (const bad of [9.2, null, ['9.2'], { integers: 9 }]) {
      expect(() => op('money_fits')('1.00', bad)).toThrow(new InvalidValueError(`${JSON.stringify(bad)} is not a numeric format such as "-9.2"`));
    }
  });

  test('the digits before the point count up to each power of ten', () => {
    const five = parseNumericFormat('5.2')!;
    expect(misfit('99999.99', five)).toBeUndefined();
    expect(misfit('100000', five)).toBe('has more than 5 digits before the decimal point');
    expect(misfit('10', parseNumericFormat('1')!)).toBe('has more than 1 digit before the decimal point');
    expect(misfit('9.5', parseNumericFormat('1.1')!)).toBeUndefined();
    expect(misfit('0.55', parseNumericFormat('1.1')!)).toBe('has more than 1 decimal');
  });
});

describe('money operations', () => {
  // The wording of the message is compile.ts's; here only that the count is refused, at the operation.
  const ARITY: Record<string, [number, number]> = {
    money: [1, 1],
    money_add: [1, Infinity],
    money_sub: [2, 2],
    money_mul: [2, 2],
    money_neg: [1, 1],
    money_sum: [1, 1],
    money_eq: [2, 2],
    money_lt: [2, 2],
    money_gt: [2, 2],
    money_fits: [2, 2],
  };

  test('every operation is in the arity table below', () => {
    expect(moneyOperations.map((o) => o.name).sort()).toEqual(Object.keys(ARITY).sort());
  });

  test.each(Object.entries(ARITY))('%s refuses a wrong number of arguments when the pack loads', (name, [min, max]) => {
    for (const count of [min - 1, max + 1].filter(Number.isFinite)) {
      const args = Array.from({ length: count }, () => '1.00');
      expect(analyzeLogic({ [name]: args }).problems).toEqual([{ pointer: `/${name}`, code: 'operation-arity', message: expect.stringMatching(new RegExp(`^"${name}" takes .*, found ${count}$`)) }]);
    }
    expect(analyzeLogic({ [name]: Array.from({ length: min }, () => '1.00') }).problems).toEqual([]);
  });

  test('money_add takes any number of amounts, at least one', () => {
    expect(op('money_add')('1.10')).toBe('1.10');
    expect(op('money_add')('1', '2', '3', '4', '5', '6', '7', '8')).toBe('36.00');
    expect(analyzeLogic({ money_add: Array.from({ length: 40 }, () => '1') }).problems).toEqual([]);
  });
});

/**
 * What `run` did on the way: calls of big.js (every path through money.ts that uses big.js calls one of these
 * methods on a big.js value: a sum, a comparison, the text of the result), and calls of Amount's arithmetic (the
 * operations on plain amounts need none: they add, subtract and compare whole millionths directly).
 */
const BIG_METHODS = ['plus', 'minus', 'times', 'cmp', 'toFixed', 'toString', 'abs', 'round', 'lt'] as const;
const AMOUNT_METHODS = ['plus', 'minus', 'times', 'cmp', 'neg'] as const;
let bigSpies: ReturnType<typeof vi.spyOn>[] = [];
let amountSpies: ReturnType<typeof vi.spyOn>[] = [];
beforeEach(() => {
  bigSpies = BIG_METHODS.map((m) => vi.spyOn(Big.prototype, m));
  amountSpies = AMOUNT_METHODS.map((m) => vi.spyOn(Amount.prototype, m));
});
afterEach(() => vi.restoreAllMocks());
function calls(run: () => unknown): { big: number; amount: number } {
  for (const s of [...bigSpies, ...amountSpies]) s.mockClear();
  run();
  const count = (spies: ReturnType<typeof vi.spyOn>[]) => spies.reduce((n, s) => n + s.mock.calls.length, 0);
  return { big: count(bigSpies), amount: count(amountSpies) };
}

describe('the fast path is taken for every amount that fits in whole millionths', () => {
  test('the spies see big.js and Amount at work when an amount does not fit', () => {
    const past = calls(() => op('money_add')(MAX, '0.000001'));
    expect(past.amount).toBe(1);
    expect(past.big).toBeGreaterThan(0);
    expect(calls(() => op('money_sub')(MAX, '-0.000001')).amount).toBe(1);
    expect(calls(() => op('money_eq')('9007199254.740992', '1')).amount).toBe(1);
    expect(calls(() => op('money')('9007199254.740992')).big).toBeGreaterThan(0);
  });

  test('sums, differences and comparisons of amounts that fit are worked out in millionths, without big.js or Amount', () => {
    const direct = [
      () => op('money_add')('0.10', '0.20', '-5'),
      () => op('money_add')('9007199254.740990', '0.000001'),
      () => op('money_add')('-9007199254.740990', '-0.000001'),
      () => op('money_sum')(['19.99', '0.01', 3]),
      () => op('money_sum')(['9007199254.740990', '0.000001']),
      () => op('money_sub')('100', '0.005'),
      () => op('money_sub')('9007199254.740990', '-0.000001'),
      () => op('money_sub')('-9007199254.740990', '0.000001'),
      () => op('money_eq')('1.5', '1.50'),
      () => op('money_lt')('-1', '1'),
      () => op('money_gt')('1', '-1'),
    ];
    for (const call of direct) expect(calls(call), String(call)).toEqual({ big: 0, amount: 0 });
  });

  test('every other operation on invoice-sized amounts stays out of big.js', () => {
    const others = [
      () => op('money')('1234.5'),
      () => op('money')('1234.50'),
      () => op('money')(-42),
      () => op('money_mul')('1250.000', '4.35'),
      () => op('money_neg')('12.34'),
      () => op('money_fits')('-1234.56', '-9.2'),
      () => formatFixed('1.005', { signed: true, integers: 9, decimals: 2 }),
      () => formatFixed('1.5', { signed: true, integers: 9, decimals: 20 }),
      () => formatFixed('1.5', { signed: true, integers: 9, decimals: 0 }),
      () => parseAmount('1').cmp(parseAmount('2')),
      () => parseAmount('-1.5').plus(parseAmount('2')).minus(parseAmount('0.25')).times(parseAmount('4')).neg(),
    ];
    for (const call of others) expect(calls(call).big, String(call)).toBe(0);
  });

  test('Amount compares in millionths when both fit: -1, 0 or 1', () => {
    expect([parseAmount('1').cmp(parseAmount('2')), parseAmount('2').cmp(parseAmount('1')), parseAmount('1.5').cmp(parseAmount('1.50'))]).toEqual([-1, 1, 0]);
  });

  test('the largest amounts the fast path holds, and sums and differences that land exactly on them', () => {
    for (const text of [MAX, `-${MAX}`, '000000000000001.5', '-000000000000001.000001']) {
      expect(parseAmount(text).big, text).toBeNull();
      expect(calls(() => amountText(text)).big, text).toBe(0);
    }
    const almost = parseAmount('9007199254.740990');
    const step = parseAmount('0.000001');
    expect(almost.plus(step).big).toBeNull();
    expect(almost.neg().minus(step).big).toBeNull();
    expect(almost.minus(step.neg()).big).toBeNull();
    expect(almost.neg().plus(step.neg()).big).toBeNull();
    expect(almost.plus(step).plus(step).big).not.toBeNull();
  });

  test('a list is no amount, even one whose text looks like a decimal comma', () => {
    expect(() => op('money')(['12,34'])).toThrow(new InvalidValueError('["12,34"] is not an amount: expected decimal text such as "1234.56"'));
  });

  test('sixteen digits before the point are no amount, even when the value is small', () => {
    expect(() => parseAmount('0000000000000001')).toThrow(new InvalidValueError('"0000000000000001" is not an amount: expected decimal text such as "1234.56"'));
  });
});
