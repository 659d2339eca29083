// Calendar dates (YYYY-MM-DD, or the date part of an ISO timestamp), compared as UTC days.
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

const DAY = 86_400_000;

export function parseDay(value: unknown): number {
  if (typeof value === 'string') {
    const plain = plainDay(value);
    if (plain !== undefined) return plain;
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/.exec(value.trim());
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const t = Date.UTC(y, mo - 1, d);
      const back = new Date(t);
      if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY;
    }
  }
  throw new InvalidValueError(`${JSON.stringify(value)} is not a date: expected YYYY-MM-DD, such as 2026-03-31`);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * parseDay's answer for the usual value, a plain YYYY-MM-DD day (years from 100: Date.UTC reads 0–99 as 19xx,
 * which parseDay refuses), read digit by digit without a regex or a Date; undefined for anything else, which
 * parseDay then reads the long way (and refuses, when it is no day).
 */
export function plainDay(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 100 || m < 1 || m > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1])) return undefined;
  return Date.UTC(y, m - 1, d) / DAY;
}

/** The number written by the ASCII digits text[from..to), or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const compare = (name: string, description: string, test: (a: number, b: number) => boolean): OperationSpec => ({
  name,
  args: [2, 2],
  description,
  fn: (a: unknown, b: unknown) => test(parseDay(a), parseDay(b)),
});

export const dateOperations: OperationSpec[] = [
  compare('date_before', 'True when the first date is earlier than the second.', (a, b) => a < b),
  compare('date_on_or_before', 'True when the first date is the second or earlier.', (a, b) => a <= b),
  compare('date_after', 'True when the first date is later than the second.', (a, b) => a > b),
  compare('date_on_or_after', 'True when the first date is the second or later.', (a, b) => a >= b),
  {
    name: 'days_between',
    args: [2, 2],
    description: 'Whole days from the first date to the second (negative when the second is earlier).',
    fn: (a: unknown, b: unknown) => parseDay(b) - parseDay(a),
  },
];
