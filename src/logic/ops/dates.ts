// Calendar dates (YYYY-MM-DD, or the date part of an ISO timestamp), compared as UTC days.
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

const DAY = 86_400_000;

export function parseDay(value: unknown): number {
  if (typeof value === 'string') {
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
