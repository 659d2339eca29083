// Money beyond money-fast.test.ts (which checks every value against big.js): products the fast path must get
// right, numeric formats read strictly, a wrong number of arguments refused at load, and proof that amounts that
// fit are really kept out of big.js (a fast path that silently handed everything over would give the same values).
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import BigModule from 'big.js';
import { analyzeLogic } from '../../src/logic/compile.ts';
import { InvalidValueError } from '../../src/logic/errors.ts';
import { amountText, formatFixed, misfit, moneyOperations, parseAmount, parseNumericFormat } from '../../src/logic/ops/money.ts';

const Big = ((BigModule as unknown as { default?: typeof BigModule }).default ?? BigModule) as typeof BigModule;
const op = (name: string) => moneyOperations.find((o) => o.name === name)!.fn as (...a: unknown[]) => unknown;

/** The largest amount held in whole millionths (2^53 - 1 of them), and the step of one millionth. */
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
  test.each(moneyOperations.map((o) => [o.name, o.args] as const))('%s refuses a wrong number of arguments when the pack loads', (name, [min, max]) => {
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
 * Calls of big.js made while `run` runs. Every path through money.ts that uses big.js calls one of these methods
 * on a big.js value (a sum, a comparison, the text of the result); the fast path calls none.
 */
const BIG_METHODS = ['plus', 'minus', 'times', 'cmp', 'toFixed', 'toString', 'abs', 'round', 'lt'] as const;
let spies: ReturnType<typeof vi.spyOn>[] = [];
beforeEach(() => {
  spies = BIG_METHODS.map((m) => vi.spyOn(Big.prototype, m));
});
afterEach(() => vi.restoreAllMocks());
function bigCalls(run: () => unknown): number {
  for (const s of spies) s.mockClear();
  run();
  return spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

describe('the fast path is taken for every amount that fits in whole millionths', () => {
  test('the spy sees big.js at work when an amount does not fit', () => {
    expect(bigCalls(() => op('money_add')(MAX, '0.000001'))).toBeGreaterThan(0);
    expect(bigCalls(() => op('money')('9007199254.740992'))).toBeGreaterThan(0);
  });

  test('every operation on invoice-sized amounts stays out of big.js', () => {
    const calls = [
      () => op('money')('1234.5'),
      () => op('money')('1234.50'),
      () => op('money')(-42),
      () => op('money_add')('0.10', '0.20', '-5'),
      () => op('money_sum')(['19.99', '0.01', 3]),
      () => op('money_sub')('100', '0.005'),
      () => op('money_mul')('1250.000', '4.35'),
      () => op('money_neg')('12.34'),
      () => op('money_eq')('1.5', '1.50'),
      () => op('money_lt')('-1', '1'),
      () => op('money_gt')('1', '-1'),
      () => op('money_fits')('-1234.56', '-9.2'),
      () => formatFixed('1.005', { signed: true, integers: 9, decimals: 2 }),
      () => formatFixed('1.5', { signed: true, integers: 9, decimals: 20 }),
      () => formatFixed('1.5', { signed: true, integers: 9, decimals: 0 }),
    ];
    for (const call of calls) expect(bigCalls(call), String(call)).toBe(0);
  });

  test('the largest amounts the fast path holds, and sums and differences that land exactly on them', () => {
    for (const text of [MAX, `-${MAX}`, '000000000000001.5', '-000000000000001.000001']) {
      expect(parseAmount(text).big, text).toBeNull();
      expect(bigCalls(() => amountText(text)), text).toBe(0);
    }
    const almost = parseAmount('9007199254.740990');
    const step = parseAmount('0.000001');
    expect(almost.plus(step).big).toBeNull();
    expect(almost.neg().minus(step).big).toBeNull();
    expect(almost.minus(step.neg()).big).toBeNull();
    expect(almost.neg().plus(step.neg()).big).toBeNull();
    expect(almost.plus(step).plus(step).big).not.toBeNull();
    for (const [name, args] of [
      ['money_add', ['9007199254.740990', '0.000001']],
      ['money_add', ['-9007199254.740990', '-0.000001']],
      ['money_sub', ['9007199254.740990', '-0.000001']],
      ['money_sub', ['-9007199254.740990', '0.000001']],
    ] as const) {
      expect(bigCalls(() => op(name)(...args)), `${name} ${args}`).toBe(0);
    }
  });

  test('sixteen digits before the point are no amount, even when the value is small', () => {
    expect(() => parseAmount('0000000000000001')).toThrow(new InvalidValueError('"0000000000000001" is not an amount: expected decimal text such as "1234.56"'));
  });
});
