// Money's integer fast path against big.js itself: every operation gives the same value, text and error.
import { describe, expect, test } from 'vitest';
import BigModule from 'big.js';
import { InvalidValueError } from '../../src/logic/errors.ts';
import { amountText, formatAmount, formatFixed, misfit, moneyOperations, parseAmount, parseNumericFormat, type Amount, type NumericFormat } from '../../src/logic/ops/money.ts';
import { prng } from '../prng.ts';

const Big = ((BigModule as unknown as { default?: typeof BigModule }).default ?? BigModule) as typeof BigModule;
type BigValue = InstanceType<typeof Big>;

// The oracle: money.ts as it was before the fast path, big.js for every value.
const ref = {
  parse(value: unknown): BigValue {
    if (typeof value === 'string' && /^-?\d{1,15}(\.\d{1,6})?$/.test(value)) return new Big(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return new Big(value);
    const shown = JSON.stringify(value) ?? String(value);
    const hint =
      typeof value === 'number'
        ? ': a fractional number is binary floating point; write amounts as text such as "12.34"'
        : typeof value === 'string' && /^-?\d+,\d+$/.test(value)
          ? ': use a dot for decimals, such as "12.34"'
          : ': expected decimal text such as "1234.56"';
    throw new InvalidValueError(`${shown} is not an amount${hint}`);
  },
  decimals(a: BigValue): number {
    const { c, e } = a as unknown as { c: number[]; e: number };
    return Math.max(0, c.length - e - 1);
  },
  format(a: BigValue): string {
    const text = a.toFixed(Math.max(2, ref.decimals(a)));
    return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
  },
  misfit(value: unknown, format: NumericFormat): string | undefined {
    const a = ref.parse(value);
    if (a.lt(0) && !format.signed) return 'is negative and the field takes no sign';
    if (ref.decimals(a) > format.decimals) return `has more than ${format.decimals} decimal${format.decimals === 1 ? '' : 's'}`;
    const integers = a.abs().round(0, 0).toFixed(0);
    if (integers.length > format.integers) return `has more than ${format.integers} digit${format.integers === 1 ? '' : 's'} before the decimal point`;
    return undefined;
  },
  formatFixed(value: unknown, format: NumericFormat): string {
    const text = ref.parse(value).toFixed(format.decimals);
    return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
  },
};

const list = (value: unknown, op: string): unknown[] => {
  if (!Array.isArray(value)) throw new InvalidValueError(`${op} expects a list of amounts, found ${JSON.stringify(value)}`);
  return value;
};
const refOperations: Record<string, (...xs: any[]) => unknown> = {
  money: (a) => ref.format(ref.parse(a)),
  money_add: (...xs) => ref.format(xs.reduce<BigValue>((s, x) => s.plus(ref.parse(x)), new Big(0))),
  money_sub: (a, b) => ref.format(ref.parse(a).minus(ref.parse(b))),
  money_mul: (a, b) => ref.format(ref.parse(a).times(ref.parse(b))),
  money_neg: (a) => ref.format(ref.parse(a).times(-1)),
  money_sum: (xs) => ref.format(list(xs, 'money_sum').reduce<BigValue>((s, x) => s.plus(ref.parse(x)), new Big(0))),
  money_eq: (a, b) => ref.parse(a).cmp(ref.parse(b)) === 0,
  money_lt: (a, b) => ref.parse(a).cmp(ref.parse(b)) < 0,
  money_gt: (a, b) => ref.parse(a).cmp(ref.parse(b)) > 0,
  money_fits: (a, f) => {
    const format = typeof f === 'string' ? parseNumericFormat(f) : undefined;
    if (!format) throw new InvalidValueError(`${JSON.stringify(f)} is not a numeric format such as "-9.2"`);
    return ref.misfit(a, format) === undefined;
  },
};

/** A call's result or its error (class, message), so a mismatch shows both sides. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

function agree(label: string, fast: () => unknown, slow: () => unknown): void {
  const got = outcome(fast);
  const want = outcome(slow);
  if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, label).toEqual(want);
}

// Millionths just inside and outside 2^53 decide between the fast path and big.js.
const EDGES: unknown[] = [
  '0', '-0', '0.00', '-0.00', '-0.000000', '0.000001', '-0.000001', '0.5', '-0.5', '0.005', '-0.005', '0.0049', '0.0050', '1.005', '-1.005',
  '9007199254.740991', '-9007199254.740991', '9007199254.740992', '-9007199254.740992', '9007199254.74099', '9007199254.7409',
  '9007199254.740993', '-9007199254.740993', '9007199254.740995', '9007199254.740999', '9007199254.741', '9007199254.74', '9007199254', '9007199255', '9007199253.999999', '999999999.99', '999999999999999',
  '-999999999999999.999999', '000000000000001.000000', '000000000000000', '100.00', '50000.00', '1234.56', '12.5',
  '1e3', '12,34', '-12,34', ' 1', '1 ', '1\n', '+1', '.5', '5.', '-', '', '--1', '1.2.3', '1.1234567', '1234567890123456',
  '0x10', 'Infinity', 'NaN', '١٢', '１２', '1_000', '-.5', '1.-5', '1e-7',
  0, -0, 1, -1, 42, 9007199254, -9007199254, 9007199255, -9007199255, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
  2 ** 53, 1e21, 0.1, -0.5, 1.5, NaN, Infinity, -Infinity, null, undefined, true, false, {}, [], ['1.00'], { amount: '1.00' },
];

function randomDigits(next: () => number, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += String(Math.floor(next() * 10));
  return s;
}

/** Mostly invoice-like amounts, some at the limits, some not amounts at all. */
function randomInput(next: () => number): unknown {
  const r = next();
  const sign = next() < 0.3 ? '-' : '';
  if (r < 0.45) {
    const whole = String(Math.floor(next() ** 3 * 100_000_000));
    const decimals = [0, 2, 2, 2, 3, 6][Math.floor(next() * 6)];
    return decimals === 0 ? sign + whole : `${sign}${whole}.${randomDigits(next, decimals)}`;
  }
  if (r < 0.65) {
    const whole = randomDigits(next, 1 + Math.floor(next() * 15));
    const decimals = Math.floor(next() * 7);
    return decimals === 0 ? sign + whole : `${sign}${whole}.${randomDigits(next, decimals)}`;
  }
  if (r < 0.75) {
    // Near 2^53 millionths: 9,007,199,254.740991 and its neighbours.
    const spread = next() < 0.5 ? 20 : 1_000_000;
    const units = 9007199254740991n + BigInt(Math.floor(next() * (2 * spread + 1)) - spread);
    const text = `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}`.replace(/0+$/, '').replace(/\.$/, '');
    return sign + text;
  }
  if (r < 0.83) {
    const n = [Math.floor(next() * 20_000) - 10_000, 9007199254 + Math.floor(next() * 5) - 2, Number.MAX_SAFE_INTEGER - Math.floor(next() * 3), next() * 100];
    const x = n[Math.floor(next() * n.length)];
    return sign ? -x : x;
  }
  // An amount with one character changed, dropped or added.
  const base = `${sign}${randomDigits(next, 1 + Math.floor(next() * 6))}.${randomDigits(next, 2)}`;
  const at = Math.floor(next() * (base.length + 1));
  const chars = ['e', ',', ' ', '.', '-', '+', 'x', '\n', '0', '1234567'];
  const c = chars[Math.floor(next() * chars.length)];
  return next() < 0.5 ? base.slice(0, at) + c + base.slice(at) : base.slice(0, at) + base.slice(at + 1);
}

const FORMATS: NumericFormat[] = [
  ...['-9.2', '9.2', '5.0', '5', '1', '-1.9', '12.6', '-15.3', '10.1', '99.9', '3.4'].map((t) => parseNumericFormat(t)!),
  { signed: false, integers: 0, decimals: 0 },
  { signed: true, integers: 16, decimals: 7 },
];
// Decimals big.js would refuse or treat oddly: the fast path must hand them over unchanged.
const ODD_FORMATS: NumericFormat[] = [
  { signed: true, integers: 9, decimals: 20 },
  { signed: true, integers: 9, decimals: 21 },
  { signed: true, integers: 9, decimals: 2.5 },
  { signed: true, integers: 9, decimals: -1 },
  { signed: true, integers: 9, decimals: -0 },
  { signed: true, integers: 9, decimals: NaN },
  { signed: true, integers: 9, decimals: 2_000_000 },
  { signed: true, integers: 9, decimals: undefined as unknown as number },
];

const INPUTS = (() => {
  const next = prng(53);
  const xs = [...EDGES];
  for (let i = 0; i < 4_000; i++) xs.push(randomInput(next));
  return xs;
})();

const fast = (name: string) => moneyOperations.find((o) => o.name === name)!.fn as (...xs: unknown[]) => unknown;

describe('money fast path agrees with big.js', () => {
  test('every money operation has a big.js reference here', () => {
    expect(moneyOperations.map((o) => o.name).sort()).toEqual(Object.keys(refOperations).sort());
  });

  test('parse, canonical text, big.js text and decimals of every input', () => {
    for (const x of INPUTS) {
      agree(`parse ${String(x)}`, () => formatAmount(parseAmount(x)), () => ref.format(ref.parse(x)));
      agree(`toString ${String(x)}`, () => String(parseAmount(x)), () => ref.parse(x).toString());
      agree(`json ${String(x)}`, () => JSON.stringify(parseAmount(x)), () => JSON.stringify(ref.parse(x)));
      agree(`amountText ${String(x)}`, () => amountText(x), () => ref.format(ref.parse(x)));
      agree(`amountText again ${String(x)}`, () => amountText(x), () => ref.format(ref.parse(x)));
    }
  });

  test('misfit and formatFixed for every input and format, odd formats included', () => {
    for (const x of INPUTS) {
      for (const f of FORMATS) {
        agree(`misfit ${String(x)} ${JSON.stringify(f)}`, () => misfit(x, f), () => ref.misfit(x, f));
        agree(`formatFixed ${String(x)} ${JSON.stringify(f)}`, () => formatFixed(x, f), () => ref.formatFixed(x, f));
      }
    }
    for (const x of INPUTS.slice(0, 500)) {
      for (const f of ODD_FORMATS) {
        agree(`misfit ${String(x)} ${JSON.stringify(f)}`, () => misfit(x, f), () => ref.misfit(x, f));
        agree(`formatFixed ${String(x)} ${JSON.stringify(f)}`, () => formatFixed(x, f), () => ref.formatFixed(x, f));
      }
    }
  });

  test('rounding to fewer decimals is half away from zero, and a result of zero has no sign', () => {
    const f = { signed: true, integers: 9, decimals: 2 };
    expect(['1.005', '-1.005', '1.0049', '-0.001', '-0.005', '0.995', '9007199254.740991'].map((x) => formatFixed(x, f))).toEqual(['1.01', '-1.01', '1.00', '0.00', '-0.01', '1.00', '9007199254.74']);
    expect(formatFixed('-0.4', { signed: true, integers: 9, decimals: 0 })).toBe('0');
  });

  test('every json-logic money operation on random pairs and lists', () => {
    const next = prng(2026);
    const pick = () => INPUTS[Math.floor(next() * INPUTS.length)];
    const formats = ['-9.2', '9.2', '5.0', '5', '-1.9', '12.6', 'x', '9.10', null, 9.2];
    for (const { name, args } of moneyOperations) {
      for (let i = 0; i < 3_000; i++) {
        let xs: unknown[];
        if (name === 'money_sum') xs = [next() < 0.95 ? Array.from({ length: Math.floor(next() * 8) }, pick) : pick()];
        else if (name === 'money_fits') xs = [pick(), formats[Math.floor(next() * formats.length)]];
        else if (args[1] === Infinity) xs = Array.from({ length: 1 + Math.floor(next() * 6) }, pick);
        else xs = Array.from({ length: args[0] }, pick);
        // A sparse list: reduce skips its holes.
        if (name === 'money_sum' && Array.isArray(xs[0]) && next() < 0.1) delete (xs[0] as unknown[])[0];
        // Equal pairs matter for money_eq: compare an input with itself and with a zero-padded twin.
        if (args[0] === 2 && name !== 'money_fits' && next() < 0.1) xs[1] = typeof xs[0] === 'string' && /\./.test(xs[0]) && xs[0].length < 20 ? `${xs[0]}0` : xs[0];
        agree(`${name} ${JSON.stringify(xs)}`, () => fast(name)(...xs), () => refOperations[name](...xs));
      }
    }
  });

  test('long chains of plus, minus, times and neg cross the 2^53 limit both ways and agree at every step', () => {
    const next = prng(7);
    const valid = INPUTS.filter((x) => !('error' in (outcome(() => ref.parse(x)) as object)));
    for (let chain = 0; chain < 200; chain++) {
      let a: Amount = parseAmount('0');
      let b: BigValue = new Big(0);
      for (let step = 0; step < 40; step++) {
        const x = valid[Math.floor(next() * valid.length)];
        const r = next();
        if (r < 0.4) [a, b] = [a.plus(parseAmount(x)), b.plus(ref.parse(x))];
        else if (r < 0.75) [a, b] = [a.minus(parseAmount(x)), b.minus(ref.parse(x))];
        else if (r < 0.85) [a, b] = [a.times(parseAmount(x)), b.times(ref.parse(x))];
        else if (r < 0.9) [a, b] = [a.neg(), b.times(-1)];
        else [a, b] = [parseAmount(x).minus(a), ref.parse(x).minus(b)];
        // Keep products from growing without bound: restart from an input once big.js holds many digits.
        if ((b as unknown as { c: number[] }).c.length > 40) [a, b] = [parseAmount(x), ref.parse(x)];
        expect(formatAmount(a)).toBe(ref.format(b));
        expect(String(a)).toBe(b.toString());
        expect(a.cmp(parseAmount(x))).toBe(b.cmp(ref.parse(x)));
        expect(parseAmount(x).cmp(a)).toBe(ref.parse(x).cmp(b));
      }
    }
  });

  test('sums of cent amounts as an export adds them, with totals past 2^53 millionths', () => {
    const next = prng(20261127);
    let a = parseAmount('0');
    let b = new Big(0);
    for (let i = 0; i < 5_000; i++) {
      const whole = Math.floor(next() ** 4 * 10 ** Math.floor(next() * 13));
      const x = `${next() < 0.1 ? '-' : ''}${whole}.${randomDigits(next, 2)}`;
      a = a.plus(parseAmount(x));
      b = b.plus(ref.parse(x));
      expect(formatAmount(a)).toBe(ref.format(b));
    }
    expect(b.abs().gt('9007199254.740991')).toBe(true);
  });
});
