// The YAML fast path either gives up or returns exactly what the full parser returns, on every YAML file
// of the repository and on line-level mutations of them (the mistakes people make).
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { globSync } from 'tinyglobby';
import { fastParse } from '../../src/yaml/fast.ts';
import { parseYaml } from '../../src/yaml/source.ts';
import { PreflightError } from '../../src/diagnostics.ts';

const FILES = globSync(['rules/**/*.yaml', 'fixtures/**/*.yaml', 'test/**/*.yaml', 'config/**/*.yaml'], { cwd: process.cwd() }).sort();

/** What the full parser makes of `text`: its data, or undefined when it reports a problem. */
function full(text: string): unknown {
  try {
    return parseYaml(text, 'x.yaml', 'test data').data;
  } catch (e) {
    if (e instanceof PreflightError) return undefined;
    throw e;
  }
}

/** Fails unless the fast path gave up or agrees with the full parser (same values, same key order). */
function agrees(text: string): 'fast' | 'gave-up' {
  const fast = fastParse(text);
  if (fast === undefined) return 'gave-up';
  const slow = full(text);
  if (!isDeepStrictEqual(fast, slow) || JSON.stringify(fast) !== JSON.stringify(slow)) {
    expect({ text, fast }).toEqual({ text, fast: slow });
  }
  return 'fast';
}

const MUTATIONS: ((lines: string[], i: number) => string[])[] = [
  (l, i) => l.filter((_, j) => j !== i), // a line dropped
  (l, i) => l.map((x, j) => (j === i ? ` ${x}` : x)), // indented one more
  (l, i) => l.map((x, j) => (j === i ? x.replace(/^ /, '') : x)), // indented one less
  (l, i) => l.map((x, j) => (j === i ? `${x} # note` : x)), // a trailing comment
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: (.*)$/, ': "$1"') : x)), // value quoted
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: (.*)$/, ":'$1'") : x)), // no space after the colon
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': 007') : x)), // a number YAML reads its own way
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': 1.10') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': -12') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': 2027-01-31') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': yes') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': ~') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': a: b') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': [a, "b", {c: 1}]') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/^(\s*)[^:\s]+:/, '$1"quoted key":') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/^(\s*)[^:\s]+:/, '$10123:') : x)),
  (l, i) => [...l.slice(0, i + 1), l[i], ...l.slice(i + 1)], // a line twice (duplicate keys)
  (l, i) => l.map((x, j) => (j === i ? `${x}\n${' '.repeat(x.length - x.trimStart().length + 2)}more text` : x)), // a continuation
  (l, i) => l.map((x, j) => (j === i ? x.replace(/\S/, '&a ') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': |\n  literal\n   deeper\n\n  after blank') : x)),
  (l, i) => l.map((x, j) => (j === i ? x.replace(/: .*$/, ': >-\n  folded\n  text') : x)),
];

describe('YAML fast path', () => {
  test(`every YAML file of the repository: the same data as the full parser (${FILES.length} files)`, () => {
    const used = FILES.filter((f) => agrees(readFileSync(f, 'utf8')) === 'fast');
    // Not a speed check: the fast path must actually serve the common shapes (rules, snapshots, configs).
    expect(used.length).toBeGreaterThan(FILES.length / 2);
  });

  test('keys, scalars, block collections and nearest nodes located from the fast path stand where the full parse puts them', () => {
    let keys = 0;
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      if (fastParse(text) === undefined) continue;
      const lazy = parseYaml(text, file, 'test data');
      const eager = parseYaml(text, file, 'test data', undefined, { positions: 'eager' });
      const visit = (value: unknown, pointer: string): void => {
        if (value === null || typeof value !== 'object') return;
        for (const [k, v] of Object.entries(value)) {
          if (Array.isArray(value)) {
            const p = `${pointer}/${k}`;
            expect(lazy.locate(p), `${file} ${p}`).toEqual(eager.locate(p));
            expect(lazy.locate(p, { key: true }), `${file} ${p}`).toEqual(eager.locate(p, { key: true }));
            for (const q of [p, `${p}/zz-missing`, `${pointer}/${(value as unknown[]).length}`]) expect(lazy.locateNearest(q), `${file} ${q}`).toEqual(eager.locateNearest(q));
            visit(v, p);
            continue;
          }
          const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          expect(lazy.locate(p, { key: true }), `${file} ${p}`).toEqual(eager.locate(p, { key: true }));
          expect(lazy.locate(p), `${file} ${p}`).toEqual(eager.locate(p));
          for (const q of [p, `${p}/0`, `${p}/zz-missing/x`]) expect(lazy.locateNearest(q), `${file} ${q}`).toEqual(eager.locateNearest(q));
          keys++;
          visit(v, p);
        }
      };
      expect(lazy.locate(''), `${file} (document)`).toEqual(eager.locate(''));
      expect(lazy.locate('', { key: true }), `${file} (document)`).toEqual(eager.locate('', { key: true }));
      expect(lazy.locateNearest('/zz-missing'), `${file} (document)`).toEqual(eager.locateNearest('/zz-missing'));
      visit(lazy.data, '');
    }
    expect(keys).toBeGreaterThan(1000);
  });

  test('line-level mutations of the repository files: the same data, or the fast path gives up', () => {
    let fast = 0;
    for (const file of FILES.filter((_, i) => i % 4 === 0)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i += Math.max(1, Math.floor(lines.length / 12))) {
        for (const mutate of MUTATIONS) if (agrees(mutate(lines, i).join('\n')) === 'fast') fast++;
      }
    }
    expect(fast).toBeGreaterThan(100);
  });

  test('keys near YAML\'s 1024-character limit go to the full parser, which refuses them', () => {
    const long = 'k'.repeat(1100);
    for (const text of [`"${long}": 1\n`, `x${' '.repeat(1100)}: 1\n`, `a:\n  "${long}": 1\n`, `${long}: 1\n`]) {
      expect(fastParse(text), text.slice(0, 20)).toBeUndefined();
      expect(full(text), text.slice(0, 20)).toBeUndefined();
    }
    // In a flow mapping the full parser takes it: so must the answer be, from the full parser.
    expect(fastParse(`a: {${long}: 1}\n`)).toBeUndefined();
  });

  test('shapes it gives up on', () => {
    for (const text of ['', '# only a comment\n', '- a\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', '--- \na: 1\n', 'a: 1\na: 2\n', '0123: x\n', 'a:\tb\n', 'a: b\r\n', 'a: "multi\n  line"\n', 'a: plain\n  continued\n', 'true: x\n']) {
      expect(fastParse(text)).toBeUndefined();
    }
  });

  test('the common shapes', () => {
    expect(fastParse('a: 1\nb:\n  - x\n  - y: 2\n    z: [1, "two", {k: v}]\nc: |\n  one\n  two\nd: >-\n  folded\n  line\n')).toEqual({
      a: 1,
      b: ['x', { y: 2, z: [1, 'two', { k: 'v' }] }],
      c: 'one\ntwo\n',
      d: 'folded line',
    });
  });
});
