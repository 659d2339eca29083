// NDJSON lines are read with JSON.parse plus the checks only our strict parser makes; whatever the text, the
// answer (value, or located error) must be the strict parser's.
import { describe, expect, test } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { parseJson, parseJsonQuick } from '../../src/export/json-source.ts';
import { PreflightError } from '../../src/diagnostics.ts';
import { prng } from '../prng.ts';

type Outcome = { value: unknown } | { error: unknown };

function outcome(parse: () => unknown): Outcome {
  try {
    return { value: parse() };
  } catch (e) {
    if (e instanceof PreflightError) return { error: e.diagnostics };
    throw e;
  }
}

/** Compares both parsers on one text; returns which kind of answer it was. */
function same(text: string): 'value' | 'error' {
  const options = { file: 'in.ndjson', lineOffset: 6 };
  const strict = outcome(() => parseJson(text, options));
  const quick = outcome(() => parseJsonQuick(text, options));
  if (!isDeepStrictEqual(quick, strict) || JSON.stringify(quick) !== JSON.stringify(strict)) expect({ text, quick }).toEqual({ text, quick: strict });
  return 'value' in strict ? 'value' : 'error';
}

const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);

const CASES = [
  '{"id": 1, "items": [{"amount": "1.00"}, {"amount": "2.50"}]}',
  '{"a": 1, "a": 2}',
  '{"a": {"b": 1, "c": {"b": 2, "b": 3}}}',
  '{"a:b": 1, "a:b": 2}',
  '{"k": "x\\":y", "k": 1}',
  '{"k": "colon : inside", "m": "\\\\"}',
  '{"__proto__": {"admin": true}}',
  '{"a": [{"__proto__": 1}]}',
  '{"constructor": {"prototype": 1}}',
  `{"deep": ${nest(63)}}`,
  `{"deep": ${nest(64)}}`,
  `{"deep": ${nest(65)}}`,
  nest(5000),
  '{"n": 1e999}',
  '{"n": -1e999}',
  '{"n": 1e308, "m": -0, "o": 0.1e-5, "p": 1E+2}',
  '{"n": 01}',
  '{"n": 1.}',
  '{"n": .5}',
  '{"n": NaN}',
  '{"s": "tab\there"}',
  '{"s": "bad \\x escape"}',
  '{"s": "\\ud800 lone"}',
  '{"s": "\\u00e9t\\u00E9"}',
  "{'single': 1}",
  '{"a": 1,}',
  '[1, 2,]',
  '{"a" 1}',
  '{"a": 1} trailing',
  '',
  '   ',
  '\uFEFF{"a": 1}',
  '{"a": 1}\r',
  '\t{ "a" :\t1 }\t',
  '{"a": true, "b": false, "c": null, "d": [], "e": {}}',
  '{"a": tru}',
  '{"unclosed": "abc',
  '"just a string"',
  '42',
  'null',
];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    const pick = Math.floor(rand() * 7);
    return [null, true, Math.floor(rand() * 2000) - 1000, rand() * 1e6, 'text', 'with "quote" and : colon', 'uni\u00e9\\'][pick];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) out[['id', 'a:b', 'k"q', 'items', 'x', 'amount'][Math.floor(rand() * 6)] + (rand() < 0.5 ? '' : String(i))] = randomValue(rand, depth + 1);
  return out;
}

const EDITS: ((text: string, at: number, rand: () => number) => string)[] = [
  (t) => t,
  (t, at) => t.slice(0, at) + t.slice(at + 1), // a character dropped
  (t, at, rand) => t.slice(0, at) + '{}[]:,"\\ 1e'[Math.floor(rand() * 12)] + t.slice(at), // one inserted
  (t) => t.replace(/"([^"\\]+)":/, (m) => `${m} 1, ${m}`), // a key repeated
];

describe('NDJSON lines: JSON.parse plus our checks answer exactly as the strict parser', () => {
  test.each(CASES.map((c) => [c.length > 60 ? `${c.slice(0, 60)}…` : c, c]))('%s', (_name, text) => {
    same(text);
  });

  test('generated invoices-like texts and edits of them (seeded)', () => {
    const rand = prng(20261126);
    const kinds = { value: 0, error: 0 };
    for (let i = 0; i < 1500; i++) {
      const text = JSON.stringify({ id: i, ...(randomValue(rand, 0) as object) }, null, rand() < 0.5 ? undefined : 1);
      const edited = EDITS[Math.floor(rand() * EDITS.length)](text, Math.floor(rand() * text.length), rand);
      kinds[same(edited)]++;
    }
    // Both kinds of answer are exercised, not only one.
    expect(kinds.value).toBeGreaterThan(300);
    expect(kinds.error).toBeGreaterThan(300);
  });
});
