// rejections.csv: quoting and formula guarding, checked against the rules written out plainly.
import { describe, expect, test } from 'vitest';
import { csvRow } from '../../src/export/csv.ts';
import { prng } from '../prng.ts';

/** The rules as first written: map, test each rule with its own expression, join. */
const reference = (cells: unknown[]) =>
  cells
    .map((c) => {
      let text = c === null || c === undefined ? '' : typeof c === 'string' ? c : JSON.stringify(c);
      if (/^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d+(\.\d+)?$/.test(text))) text = `'${text}`;
      return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',') + '\r\n';

const STARTS = ['', '=', '+', '@', '-', '\t', '\r', '\n', "'", '"', ' ', 'a', '1', '-1', '-1.5', '-1.', '-.5', '-x', 'é'];
const ENDS = ['', ',', '"', '""', '\r\n', "'", 'x', '1', '.25', ' ', 'SUM(A1)'];

describe('csvRow', () => {
  test('matches the plain rules on seeded cells (formula starts, signed numbers, quotes, line breaks)', () => {
    const random = prng(4180);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 2000; i++) {
      const cells = Array.from({ length: 12 }, () => {
        const r = random();
        if (r < 0.1) return pick([null, undefined, 0, -3, 1.5, true, () => 1]);
        if (r < 0.15) return { a: pick(ENDS) };
        return pick(STARTS) + pick(ENDS) + (random() < 0.3 ? pick(STARTS) : '');
      });
      expect(csvRow(cells)).toBe(reference(cells));
    }
  });

  test('examples', () => {
    expect(csvRow(['=1+2', '-12.50', '-x', 'a,b', 'say "hi"', null])).toBe(`"'=1+2",-12.50,"'-x","a,b","say ""hi""",\r\n`);
  });
});
