// payloads.json and rejections.json hold each entry as JSON.stringify(entry, null, 2) indented by 4: indentedJson
// must write exactly that for any value, however odd its strings, numbers and nesting.
import { describe, expect, test } from 'vitest';
import { indentedJson } from '../../src/export/run.ts';
import { prng } from '../prng.ts';

/** What the files held before indentedJson: the text, then 4 spaces before every line. */
const reference = (value: unknown) => '    ' + JSON.stringify(value, null, 2).replace(/\n/g, '\n    ');

const STRINGS = ['', ' ', 'plain', '"', '\\', '\\"', '\n', '\r\n', '\t', '\u0000', '\u001f', '\u007f', '\u2028\u2029', 'é', '€', '😀', '\ud800', '\udfff', 'a\ud800b', '</script>', '{"a": [1]}', '  indented\n  lines  ', '=1+2', ':'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.MAX_VALUE, NaN, Infinity, -Infinity];
const KEYS = ['key', '', 'a b', '"quoted"', 'é', '10', '2', '-1', '__proto__x', 'line\nbreak'];

function generate(random: () => number, depth: number): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const kind = Math.floor(random() * (depth > 4 ? 6 : 10));
  switch (kind) {
    case 0:
    case 1:
      return pick(STRINGS) + (random() < 0.3 ? pick(STRINGS) : '');
    case 2:
      return random() < 0.5 ? pick(NUMBERS) : Math.round((random() - 0.5) * 1e6) / 100;
    case 3:
      return pick([null, true, false]);
    case 4:
      return pick([undefined, () => 1, new Date(Date.UTC(2026, 10, 26)), { toJSON: () => ({ replaced: [1, 'x'] }) }]);
    case 5:
      return random() < 0.5 ? [] : {};
    case 6:
    case 7:
      return Array.from({ length: Math.floor(random() * 5) }, () => generate(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 6); i > 0; i--) out[pick(KEYS) + (random() < 0.5 ? i : '')] = generate(random, depth + 1);
      return out;
    }
  }
}

describe('indentedJson', () => {
  test('matches the indented JSON.stringify on 3,000 seeded values (strings, numbers, nesting, empties)', () => {
    const random = prng(20261126);
    let nested = 0;
    for (let i = 0; i < 3000; i++) {
      // Entries are objects; their members are anything.
      const value = { key: `k${i}`, value: generate(random, 0), list: [generate(random, 1), generate(random, 1)] };
      const text = reference(value);
      if (text.split('\n').length > 12) nested++;
      expect(indentedJson(value)).toBe(text);
    }
    expect(nested).toBeGreaterThan(300); // the generator does reach deep values
  });

  test('a payload as --trace writes it: nested objects, arrays of objects, empty lists', () => {
    const payload = {
      key: '910201/BE-1',
      source: 'in.ndjson:1:1',
      header: { amount: { value: '10.00', formula: { '+': [{ var: 'a' }, 1] }, formulaAt: 'mapping.yaml:3:5', reads: [] } },
      distributions: [{}, { description: 'Item "1"\\2' }],
      computed: {},
      warnings: [],
      hash: 'sha256:00',
    };
    expect(indentedJson(payload)).toBe(reference(payload));
  });
});
