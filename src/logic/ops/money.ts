// Exact decimal money: amounts are decimal text in and out, never binary floating point.
import BigModule from 'big.js';
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

// big.js is CommonJS; under ESM its class may sit on `default`.
const Big = ((BigModule as unknown as { default?: typeof BigModule }).default ?? BigModule) as typeof BigModule;
type BigValue = InstanceType<typeof Big>;

// Invoice amounts have few decimals and modest sizes: held as whole millionths in a double they are exact and
// about ten times cheaper than big.js. Anything else (more than 9,007,199,254.740991, results with more than six
// decimals) is held by big.js, so every result stays exactly what big.js alone gives.
const SCALE = 1e6;
const SCALE_DIGITS = 6;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
const MAX_UNITS = Number.MAX_SAFE_INTEGER;

/** An exact amount: whole millionths (`units`) when they fit in 2^53, else a big.js value (`big`). Immutable. */
export class Amount {
  readonly units: number;
  readonly big: BigValue | null;

  constructor(units: number, big: BigValue | null) {
    this.units = units;
    this.big = big;
  }

  plus(y: Amount): Amount {
    if (this.big === null && y.big === null) {
      // Integers: an exact sum beyond 2^53 rounds to 2^53 or more, so the range check cannot be fooled.
      const s = this.units + y.units;
      if (s <= MAX_UNITS && s >= -MAX_UNITS) return new Amount(s, null);
    }
    return new Amount(NaN, bigOf(this).plus(bigOf(y)));
  }

  minus(y: Amount): Amount {
    if (this.big === null && y.big === null) {
      const s = this.units - y.units;
      if (s <= MAX_UNITS && s >= -MAX_UNITS) return new Amount(s, null);
    }
    return new Amount(NaN, bigOf(this).minus(bigOf(y)));
  }

  times(y: Amount): Amount {
    if (this.big === null && y.big === null) {
      // The product is in millionths of millionths: fast only when exact and back to six decimals.
      const p = this.units * y.units;
      if (p <= MAX_UNITS && p >= -MAX_UNITS && divides(SCALE, p)) return new Amount(p / SCALE, null);
    }
    return new Amount(NaN, bigOf(this).times(bigOf(y)));
  }

  neg(): Amount {
    return this.big === null ? new Amount(-this.units, null) : new Amount(NaN, this.big.times(-1));
  }

  /** -1, 0 or 1, as big.js's cmp (zero has no sign). */
  cmp(y: Amount): number {
    if (this.big === null && y.big === null) return this.units < y.units ? -1 : this.units > y.units ? 1 : 0;
    return bigOf(this).cmp(bigOf(y));
  }

  /** big.js's text: the value's own decimals, no sign on zero. */
  toString(): string {
    return this.big === null ? fixedText(this.units, unitDecimals(this.units)) : this.big.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

function bigOf(a: Amount): BigValue {
  return a.big ?? new Big(fixedText(a.units, unitDecimals(a.units)));
}

// `%` on doubles calls out to C (fmod) and costs more than the rest of an amount's arithmetic. Dividing instead
// is exact: for an integer up to 2^53, u / d is off by less than half an ulp, under 1/d, so it never reaches or
// crosses a whole number it should not, and Math.floor of it is the true quotient.
function divides(d: number, u: number): boolean {
  const q = u / d;
  return Math.floor(q) === q;
}

/** Decimals the value has (trailing zeros do not count), as big.js keeps them. */
function unitDecimals(units: number): number {
  if (divides(10_000, units)) return divides(SCALE, units) ? 0 : divides(100_000, units) ? 1 : 2;
  let d = SCALE_DIGITS;
  for (let u = units / 10; Math.floor(u) === u; u /= 10) d--;
  return d;
}

/**
 * The value with exactly `dp` decimals (0 to 20), rounded half away from zero like big.js's toFixed, with no
 * sign when it rounds to zero. Rounding up may pass 2^53 by up to 10^6: a multiple of 10 is still exact there,
 * and m / 10^6 (about 2^33, half an ulp 9.5e-7) still floors correctly.
 */
function fixedText(units: number, dp: number): string {
  let m = units < 0 ? -units : units;
  if (dp < SCALE_DIGITS) {
    const step = POW10[SCALE_DIGITS - dp];
    const rest = m - Math.floor(m / step) * step;
    m -= rest;
    if (rest * 2 >= step) m += step;
  }
  const whole = Math.floor(m / SCALE);
  const fraction = m - whole * SCALE;
  const sign = units < 0 && m !== 0 ? '-' : '';
  if (dp === 0) return sign + whole;
  if (dp === 2) {
    // Cents, the usual case, without building six digits to cut.
    const cents = fraction / 10_000; // whole: m was rounded to cents above
    return (cents < 10 ? `${sign}${whole}.0` : `${sign}${whole}.`) + cents;
  }
  const digits = String(fraction + SCALE).slice(1);
  return `${sign}${whole}.${dp <= SCALE_DIGITS ? digits.slice(0, dp) : digits + '0'.repeat(dp - SCALE_DIGITS)}`;
}

/** Decimal text as Procore writes amounts: optional minus, digits, optional fraction. No exponent, no commas. */
export const AMOUNT_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;

/**
 * AMOUNT_PATTERN read in one pass: the millionths of an amount that fits MAX_UNITS, or NaN for anything else
 * (not an amount, or one for big.js). Up to 15 digits are exact in a double; an inexact product is 2^53 or more.
 */
function scanUnits(text: string): number {
  const n = text.length;
  const negative = n > 0 && text.charCodeAt(0) === 45; // '-'
  let i = negative ? 1 : 0;
  const first = i;
  let whole = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === first || i - first > 15) return NaN;
  let fraction = 0;
  let decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return NaN; // '.'
    for (i++; i < n; i++, decimals++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      fraction = fraction * 10 + d;
    }
    if (decimals === 0 || decimals > SCALE_DIGITS) return NaN;
  }
  const units = whole * SCALE + fraction * POW10[SCALE_DIGITS - decimals];
  if (units > MAX_UNITS) return NaN;
  return negative ? -units : units;
}

/** The value's millionths when it is an amount the fast path holds, else NaN: the caller takes parseAmount. */
function unitsOf(value: unknown): number {
  if (typeof value === 'string') return scanUnits(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    const units = value * SCALE;
    if (units <= MAX_UNITS && units >= -MAX_UNITS) return units;
  }
  return NaN;
}

/** Reads an amount: decimal text, or a whole number. Everything else (floats, "1e3", "12,34", null) is refused. */
export function parseAmount(value: unknown): Amount {
  const units = unitsOf(value);
  return Number.isNaN(units) ? parseBigAmount(value) : new Amount(units, null);
}

// The scanner only ever declines: whatever it does not take is judged here exactly as before the fast path.
function parseBigAmount(value: unknown): Amount {
  if (typeof value === 'string' && AMOUNT_PATTERN.test(value)) return new Amount(NaN, new Big(value));
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Amount(NaN, new Big(value));
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
  if (a.big === null) return canonicalText(a.units);
  const text = a.big.toFixed(Math.max(2, bigDecimals(a.big)));
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

function bigDecimals(a: BigValue): number {
  // big.js keeps digits in `c` and the exponent in `e`: decimals = digits after the point.
  const { c, e } = a as unknown as { c: number[]; e: number };
  return Math.max(0, c.length - e - 1);
}

function canonicalText(units: number): string {
  return fixedText(units, Math.max(2, unitDecimals(units)));
}

// No memo by text: reading and writing an amount now costs less than hashing a new text into a map.
export function amountText(value: unknown): string {
  const units = unitsOf(value);
  if (Number.isNaN(units)) return formatAmount(parseBigAmount(value));
  return typeof value === 'string' && isCanonical(value, units) ? value : canonicalText(units);
}

/** Whether an amount's text is already canonical (most are: "1234.56"), so it need not be written again. */
function isCanonical(text: string, units: number): boolean {
  const point = text.length - 1 - Math.max(2, unitDecimals(units));
  if (text.charCodeAt(point) !== 46) return false; // '.' where the canonical decimals begin
  const first = text.charCodeAt(0) === 45 ? 1 : 0; // after '-'
  if (first === 1 && units === 0) return false;
  return text.charCodeAt(first) !== 48 || point === first + 1; // no leading zero but the one of "0.xx"
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
  const units = unitsOf(value);
  if (Number.isNaN(units)) {
    const big = parseBigAmount(value).big!;
    return misfitOf(big.lt(0), bigDecimals(big), big.abs().round(0, 0).toFixed(0).length, format);
  }
  const whole = Math.floor(Math.abs(units) / SCALE);
  let digits = 1;
  for (let p = 10; p <= whole; p *= 10) digits++;
  return misfitOf(units < 0, unitDecimals(units), digits, format);
}

function misfitOf(negative: boolean, decimals: number, integers: number, format: NumericFormat): string | undefined {
  if (negative && !format.signed) return 'is negative and the field takes no sign';
  if (decimals > format.decimals) return `has more than ${format.decimals} decimal${format.decimals === 1 ? '' : 's'}`;
  if (integers > format.integers) return `has more than ${format.integers} digit${format.integers === 1 ? '' : 's'} before the decimal point`;
  return undefined;
}

/** The amount written with exactly the format's decimals (only trailing zeros are added or dropped). */
export function formatFixed(value: unknown, format: NumericFormat): string {
  const units = unitsOf(value);
  const dp = format.decimals;
  // Other decimals (fractional, negative, huge) get big.js's own answer or error.
  if (!Number.isNaN(units) && Number.isInteger(dp) && dp >= 0 && dp <= 20) return fixedText(units, dp);
  const text = bigOf(parseAmount(value)).toFixed(dp);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

function listOf(value: unknown, op: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidValueError(`${op} expects a list of amounts, found ${JSON.stringify(value)}`);
  return value;
}

/** Exact sum as canonical text: in millionths while they fit, in big.js from the amount that does not on. */
function sumText(xs: unknown[]): string {
  let units = 0;
  for (let i = 0; i < xs.length; i++) {
    const sum = units + unitsOf(xs[i]);
    if (!(sum <= MAX_UNITS && sum >= -MAX_UNITS)) {
      // reduce, as before: it skips the holes of a sparse list, and refuses the first bad amount.
      return formatAmount(xs.slice(i).reduce<Amount>((s, x) => s.plus(parseAmount(x)), new Amount(units, null)));
    }
    units = sum;
  }
  return canonicalText(units);
}

function differenceText(a: unknown, b: unknown): string {
  const units = unitsOf(a) - unitsOf(b);
  return units <= MAX_UNITS && units >= -MAX_UNITS ? canonicalText(units) : formatAmount(parseAmount(a).minus(parseAmount(b)));
}

function compareAmounts(a: unknown, b: unknown): number {
  const x = unitsOf(a);
  const y = unitsOf(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return parseAmount(a).cmp(parseAmount(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

const compare = (name: string, description: string, test: (c: number) => boolean): OperationSpec => ({
  name,
  args: [2, 2],
  description,
  fn: (a: unknown, b: unknown) => test(compareAmounts(a, b)),
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
    fn: (...xs: unknown[]) => sumText(xs),
  },
  {
    name: 'money_sub',
    args: [2, 2],
    description: 'Exact difference of two amounts.',
    fn: (a: unknown, b: unknown) => differenceText(a, b),
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
    fn: (a: unknown) => formatAmount(parseAmount(a).neg()),
  },
  {
    name: 'money_sum',
    args: [1, 1],
    description: 'Exact sum of a list of amounts (an empty list sums to "0.00").',
    fn: (list: unknown) => sumText(listOf(list, 'money_sum')),
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
