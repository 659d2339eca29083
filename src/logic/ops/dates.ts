// Calendar days: the one test of whether a text is a real day (YYYY-MM-DD, or the date part of an ISO timestamp),
// used by the schemas' date formats, the date flags, the mapping's dates and the date operations.
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

/** What may follow the YYYY-MM-DD of a timestamp parseDay reads: a time of day, then an optional zone. */
const TIME_OF_DAY = /^[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

/** The day of a date (days from 1970-01-01), or an InvalidValueError saying why the value is none. */
export function parseDay(value: unknown): number {
  if (typeof value === 'string') {
    const plain = plainDay(value);
    if (plain !== undefined) return plain;
    const text = value.trim();
    if (text.length === 10 || TIME_OF_DAY.test(text.slice(10))) {
      const day = plainDay(text.slice(0, 10));
      if (day !== undefined) return day;
      const why = calendarProblem(text.slice(0, 10));
      if (why !== undefined) throw new InvalidValueError(why);
    }
  }
  throw new InvalidValueError(`${JSON.stringify(value)} is not a date: expected YYYY-MM-DD, such as 2026-03-31`);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in month `m` (1–12) of year `y`, by the Gregorian rule: leap years every 4, not every 100, but every 400. */
function monthDays(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1];
}

/**
 * The day (days from 1970-01-01) of a real calendar day written YYYY-MM-DD, any year 0000–9999 of the Gregorian
 * calendar; undefined for anything else. Read digit by digit, without a regex or a Date: every date of every
 * invoice comes through here.
 */
export function plainDay(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthDays(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/** Whether a text is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  return plainDay(text) !== undefined;
}

/**
 * Why a text written YYYY-MM-DD is no day of the calendar ("2027-02-30 is not a calendar day (February 2027 has
 * 28 days)"); undefined for a real day, and for a text of any other form (each caller says which form it wants).
 */
export function calendarProblem(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || plainDay(text) !== undefined) return undefined;
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8))];
  const why = m < 1 || m > 12 ? `there is no month ${text.slice(5, 7)}` : d === 0 ? 'days of a month start at 01' : `${MONTH_NAMES[m - 1]} ${text.slice(0, 4)} has ${monthDays(y, m)} days`;
  return `${text} is not a calendar day (${why})`;
}

/** Why a value is not a real calendar day written YYYY-MM-DD (see calendarProblem); undefined when it is one. */
export function dayProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && plainDay(value) !== undefined) return undefined;
  return (typeof value === 'string' ? calendarProblem(value) : undefined) ?? `${JSON.stringify(value)} is not a date written YYYY-MM-DD, such as 2026-03-31`;
}

/**
 * Days from 1970-01-01 to a Gregorian day, by arithmetic alone (Date.UTC would read years 0–99 as 19xx): the
 * year counted from March, so a leap day ends it, in 400-year eras of 146,097 days.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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

/**
 * The same day `years` years later (earlier when negative), YYYY-MM-DD; 29 February becomes the 28th in a year
 * without one. Kept inside the years 0000–9999 that a date written YYYY-MM-DD can name.
 */
export function addYears(value: unknown, years: unknown): string {
  parseDay(value);
  if (typeof years !== 'number' || !Number.isInteger(years)) throw new InvalidValueError(`${JSON.stringify(years)} is not a whole number of years`);
  const text = (value as string).trim();
  const y = Number(text.slice(0, 4)) + years;
  if (y < 0) return '0000-01-01';
  if (y > 9999) return '9999-12-31';
  const [m, d] = [Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  return `${String(y).padStart(4, '0')}-${text.slice(5, 7)}-${String(Math.min(d, monthDays(y, m))).padStart(2, '0')}`;
}

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
  {
    name: 'date_add_years',
    args: [2, 2],
    description: 'The same day a whole number of years later (earlier when negative); 29 February becomes the 28th in a year without one.',
    fn: addYears,
  },
];
