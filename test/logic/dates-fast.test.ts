// plainDay reads a plain YYYY-MM-DD digit by digit, by arithmetic alone: it must give the day a Date gives for
// every value it takes, take every plain day of years 0000–9999 (0001-01-01 too: Date.UTC would read it as 1901),
// and leave the rest to parseDay, which reads timestamps and says why a value is no day. The reference reads
// values with a regex and a Date whose full year is set, copied from what parseDay did before plainDay.
import { describe, expect, test } from 'vitest';
import { parseDay, plainDay } from '../../src/logic/ops/dates.ts';
import { prng } from '../prng.ts';

/** parseDay before plainDay: the day number, or undefined where it threw. */
function reference(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? back.getTime() / 86_400_000 : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function candidates(count: number, seed: number): string[] {
  const rand = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Years across the edges (0–99, which Date.UTC reads as 19xx; leap centuries), months and days past their ends.
    const y = pick([0, 1, 99, 100, 101, 1600, 1700, 1900, 2000, 2024, 2025, 2026, 2100, 2400, 9999, Math.floor(rand() * 10000)]);
    const m = Math.floor(rand() * 14);
    const d = Math.floor(rand() * 33);
    let text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    const r = rand();
    if (r < 0.05) text = ` ${text}`;
    else if (r < 0.1) text = `${text}T10:00:00Z`;
    else if (r < 0.13) text = text.replace('-', '/');
    else if (r < 0.16) text = text.slice(0, 9);
    else if (r < 0.19) text = text.replace(/\d/, pick(['a', '٣', ' ', '+']));
    else if (r < 0.21) text = `${text}\n`;
    out.push(text);
  }
  return out;
}

describe('plainDay', () => {
  const values = [...candidates(20_000, 7), '2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '0000-02-29', '0001-01-01', '0099-12-31', '0100-01-01', '2026-04-31', '2026-12-31'];

  test('gives the day wherever it answers, and answers for every plain day', () => {
    let answered = 0;
    for (const v of values) {
      const fast = plainDay(v);
      const ref = reference(v);
      if (fast !== undefined) {
        answered++;
        expect(fast, v).toBe(ref);
      } else if (ref !== undefined) {
        // Left to parseDay: only what is not a plain ten-character day.
        expect(/^\d{4}-\d{2}-\d{2}$/.test(v), v).toBe(false);
      }
    }
    expect(answered).toBeGreaterThan(5_000);
  });

  test('parseDay decides every value as the reference does', () => {
    for (const v of values) {
      const ref = reference(v);
      if (ref === undefined) expect(() => parseDay(v), v).toThrow(/is not a date: expected YYYY-MM-DD|is not a calendar day \(/);
      else expect(parseDay(v), v).toBe(ref);
    }
  });
});
