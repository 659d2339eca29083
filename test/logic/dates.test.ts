// Dates beyond ops.test.ts: every position of YYYY-MM-DD is read, the timestamp forms parseDay takes and refuses,
// the reasons a text is no day, date_add_years at its edges, and a wrong number of arguments refused at load.
//
// Equivalent mutants Stryker reports in src/logic/ops/dates.ts (`npm run mutate`):
// - parseDay's `if (plain !== undefined) return plain` → `if (false)`: that line is a fast path for a day written
//   plainly, and without it the trimmed text, the same ten characters, is read by plainDay again: same day, same
//   errors. Only the time differs.
// - addYears's `typeof years !== 'number'` → `false`: Number.isInteger is false for every value that is not a
//   number, so the second test alone refuses the same values.
import { describe, expect, test } from 'vitest';
import { analyzeLogic } from '../../src/logic/compile.ts';
import { InvalidValueError } from '../../src/logic/errors.ts';
import { addYears, calendarProblem, dateOperations, dayProblem, isCalendarDay, parseDay } from '../../src/logic/ops/dates.ts';

const DAY = parseDay('2026-03-31');
const NOT_A_DATE = (value: string) => `${JSON.stringify(value)} is not a date: expected YYYY-MM-DD, such as 2026-03-31`;

describe('plain days', () => {
  test.each([
    ['2026-03/31', 'the second separator'],
    ['2026/03-31', 'the first separator'],
    ['2026-ab-cd', 'letters for the month and day'],
    ['20x6-03-31', 'a letter in the year'],
    ['2026-0a-31', 'a letter in the month'],
    ['2026-03-3a', 'a letter in the day'],
    ['2026-03-3/', "'/', just below the digits"],
    ['2026-0:-01', "':', just above the digits (read as a digit it would make month 10)"],
    ['202:-01-01', "':' in the year"],
    ['2026-03-2:', "':' in the day"],
  ])('%j is not a date (%s)', (text) => {
    expect(() => parseDay(text)).toThrow(new InvalidValueError(NOT_A_DATE(text)));
    expect(isCalendarDay(text)).toBe(false);
    expect(calendarProblem(text)).toBeUndefined();
  });

  test('every digit counts, 0 and 9 included, in every position', () => {
    expect(parseDay('1999-09-09') - parseDay('1999-09-08')).toBe(1);
    expect(parseDay('2000-01-10') - parseDay('2000-01-09')).toBe(1);
    expect(parseDay('2090-10-01') - parseDay('2090-09-30')).toBe(1);
    expect(parseDay('1970-01-01')).toBe(0);
    expect(isCalendarDay('0000-01-01')).toBe(true);
    expect(isCalendarDay('9999-12-31')).toBe(true);
  });

  test('space around a plain day is ignored', () => {
    expect(parseDay(' 2026-03-31 ')).toBe(DAY);
    expect(parseDay('\t2026-03-31\n')).toBe(DAY);
  });

  test('the day past the end of each month names the month and its length', () => {
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    lengths.forEach((days, i) => {
      const month = String(i + 1).padStart(2, '0');
      expect(isCalendarDay(`2026-${month}-${days}`)).toBe(true);
      expect(calendarProblem(`2026-${month}-${days + 1}`)).toBe(`2026-${month}-${days + 1} is not a calendar day (${names[i]} 2026 has ${days} days)`);
    });
    expect(calendarProblem('2024-02-30')).toBe('2024-02-30 is not a calendar day (February 2024 has 29 days)');
    expect(calendarProblem('2026-00-01')).toBe('2026-00-01 is not a calendar day (there is no month 00)');
    expect(calendarProblem('2026-03-00')).toBe('2026-03-00 is not a calendar day (days of a month start at 01)');
  });

  test('calendarProblem speaks only of texts written YYYY-MM-DD, and dayProblem says what form is expected', () => {
    for (const text of ['2026-03-31', ' 2026-13-01', '2026-13-01 ', '2026-13-01T10:00', '26-13-01', '2026-1-100', '2026-13-1']) {
      expect(calendarProblem(text), text).toBeUndefined();
    }
    expect(dayProblem('2026-03-31')).toBeUndefined();
    expect(dayProblem('2026-02-29')).toBe('2026-02-29 is not a calendar day (February 2026 has 28 days)');
    expect(dayProblem('2026-02-29T10:00:00Z')).toBe('"2026-02-29T10:00:00Z" is not a date written YYYY-MM-DD, such as 2026-03-31');
    expect(dayProblem('31/03/2026')).toBe('"31/03/2026" is not a date written YYYY-MM-DD, such as 2026-03-31');
    expect(dayProblem(20260331)).toBe('20260331 is not a date written YYYY-MM-DD, such as 2026-03-31');
    expect(dayProblem(null)).toBe('null is not a date written YYYY-MM-DD, such as 2026-03-31');
    // A list whose text would read as a day is still no day: only text is judged as YYYY-MM-DD.
    expect(dayProblem(['2026-02-30'])).toBe('["2026-02-30"] is not a date written YYYY-MM-DD, such as 2026-03-31');
  });
});

describe('timestamps: the day of an ISO date and time', () => {
  test.each([
    '2026-03-31T10:00',
    '2026-03-31 10:00',
    '2026-03-31T09:59:59',
    '2026-03-31T19:00:00Z',
    '2026-03-31T23:59Z',
    '2026-03-31T00:00:00.5',
    '2026-03-31T10:00:00.123456789Z',
    '2026-03-31T10:00:00+02:00',
    '2026-03-31T10:00:00-05:30',
    '2026-03-31T10:00+0530',
    '2026-03-31T10:00:00.25-1400',
    '2026-03-31T10:00:00+23:59',
    ' 2026-03-31T10:00:00Z ',
  ])('%j is 31 March 2026', (text) => {
    expect(parseDay(text)).toBe(DAY);
  });

  test.each([
    ['2026-03-31T24:00', 'hour 24'],
    ['2026-03-31T30:00', 'hour 30'],
    ['2026-03-31T10:60', 'minute 60'],
    ['2026-03-31T10:00:60', 'second 60'],
    ['2026-03-31T1:00', 'a one-digit hour'],
    ['2026-03-31T10:0', 'a one-digit minute'],
    ['2026-03-31T10', 'no minutes'],
    ['2026-03-31T', 'no time after the T'],
    ['2026-03-31t10:00', 'a lower-case t'],
    ['2026-03-31X10:00', 'another letter for T'],
    ['2026-03-31T10:00:00.', 'a point without a fraction'],
    ['2026-03-31T10:00:00,5', 'a decimal comma'],
    ['2026-03-31T10:00:00Zjunk', 'trailing text after the zone'],
    ['2026-03-31T10:00:00 UTC', 'a zone name'],
    ['2026-03-31junk', 'text after the day'],
    ['2026-03-31junkT10:00', 'text between the day and the time'],
    ['2026-03-31T10:00:00+24:00', 'an offset of 24 hours'],
    ['2026-03-31T10:00:00+02:60', 'an offset minute 60'],
    ['2026-03-31T10:00:00+2:00', 'a one-digit offset hour'],
    ['2026-03-31T10:00:00*02:00', 'an offset without a sign'],
    ['2026-03-31T10:00:00Z+02:00', 'two zones'],
  ])('%j is not a date: %s', (text) => {
    expect(() => parseDay(text)).toThrow(new InvalidValueError(NOT_A_DATE(text)));
  });

  test('a timestamp on no calendar day says why, as a plain day does', () => {
    expect(() => parseDay('2026-02-29T10:00')).toThrow(new InvalidValueError('2026-02-29 is not a calendar day (February 2026 has 28 days)'));
    expect(() => parseDay('2026-02-29junk')).toThrow(new InvalidValueError(NOT_A_DATE('2026-02-29junk')));
  });
});

describe('date_add_years', () => {
  test.each([
    ['2026-03-31', 1, '2027-03-31'],
    ['2026-03-31', 0, '2026-03-31'],
    ['2026-03-05', -26, '2000-03-05'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2000-02-29', 100, '2100-02-28'],
    ['2024-02-29T23:30:00-05:00', -4, '2020-02-29'],
    [' 2024-12-09 ', 1, '2025-12-09'],
    ['0005-06-15', 10, '0015-06-15'],
    ['0005-06-15', -5, '0000-06-15'],
    ['0005-06-15', -6, '0000-01-01'],
    ['9990-06-15', 9, '9999-06-15'],
    ['9990-06-15', 10, '9999-12-31'],
  ])('%j plus %d years is %s', (day, years, expected) => {
    expect(addYears(day, years)).toBe(expected);
  });

  test.each([[1.5], ['1'], [null], [Number.NaN], [Infinity]])('%j is not a whole number of years', (years) => {
    expect(() => addYears('2026-03-31', years)).toThrow(new InvalidValueError(`${JSON.stringify(years)} is not a whole number of years`));
  });

  test('a value that is no date is refused before the years are looked at', () => {
    expect(() => addYears('2026-02-30', 1.5)).toThrow(new InvalidValueError('2026-02-30 is not a calendar day (February 2026 has 28 days)'));
    expect(() => addYears(20260331, 1)).toThrow(new InvalidValueError('20260331 is not a date: expected YYYY-MM-DD, such as 2026-03-31'));
  });
});

describe('date operations', () => {
  test.each(dateOperations.map((op) => [op.name]))('%s takes exactly two arguments: one or three is refused when the pack loads', (name) => {
    for (const args of [['2026-03-31'], ['2026-03-31', '2026-03-31', '2026-03-31'], []]) {
      expect(analyzeLogic({ [name]: args }).problems).toEqual([
        { pointer: `/${name}`, code: 'operation-arity', message: `"${name}" takes 2 arguments, found ${args.length}` },
      ]);
    }
    expect(analyzeLogic({ [name]: ['2026-03-31', 1] }).problems).toEqual([]);
  });
});
