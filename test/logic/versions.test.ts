// Versions beyond ops.test.ts: a wrong number of arguments is refused at load, and the parse memo is really used.
//
// Equivalent mutants Stryker reports in src/logic/ops/versions.ts (`npm run mutate`), none of which changes what
// any caller can observe:
// - `if (typeof value === 'string')` → `if (true)`: a non-text value would then be memoised too, under itself as
//   key, and refused with the same message.
// - `if (!(e instanceof InvalidValueError)) throw e` → `if (true)`, `if (false)` or `if (e instanceof …)`:
//   parseVersionText throws nothing but InvalidValueError (BigInt only ever sees digits), and an invalid text
//   rethrown unmemoised is refused again with the same message next time.
// - `parsed.size >= PARSED_LIMIT` → `>`: the memo is bounded at 10,001 texts instead of 10,000.
// - `/^(x+|\*)$/i` → `/(x+|\*)$/i` or `/^(x+|\*)/i`: the whole text already matched the version pattern, so each
//   part is all digits, all x or one `*`; either anchor alone tells them apart.
// - `firstWildcard >= 0` → `> 0`: the first part is always a number (the pattern starts with \d+).
// - `i < 4` → `i <= 4`: both versions have exactly four parts, so a fifth step compares undefined with undefined.
// - `x[i] < y[i]` → `<=`: reached only when the parts differ, where the two agree.
import { describe, expect, test } from 'vitest';
import { analyzeLogic } from '../../src/logic/compile.ts';
import { compareVersions, parseVersion, versionOperations } from '../../src/logic/ops/versions.ts';

describe('version operations', () => {
  test.each(versionOperations.map((op) => [op.name]))('%s takes exactly two versions: one or three is refused when the pack loads', (name) => {
    for (const args of [['1.0'], ['1.0', '1.0', '1.0'], []]) {
      expect(analyzeLogic({ [name]: args }).problems).toEqual([
        { pointer: `/${name}`, code: 'operation-arity', message: `"${name}" takes 2 arguments, found ${args.length}` },
      ]);
    }
    expect(analyzeLogic({ [name]: ['1.0', '2.0'] }).problems).toEqual([]);
  });
});

describe('the parse memo', () => {
  test('a text is parsed once: the same parts come back while other texts come and go', () => {
    const first = parseVersion('3.14.15.92');
    parseVersion('2.71.82.81');
    expect(parseVersion('3.14.15.92')).toBe(first);
    expect(parseVersion(' 3.14.15.92')).not.toBe(first); // memoised by the text as written
    expect(parseVersion(' 3.14.15.92')).toEqual(first);
  });

  test('a text that is no version is refused again, with the same reason, from the memo', () => {
    const reason = /^"1\.x\.3" is not a version number: only the trailing parts may be xxxx$/;
    expect(() => parseVersion('1.x.3')).toThrow(reason);
    expect(() => parseVersion('1.x.3')).toThrow(reason);
    expect(() => compareVersions('1.0', '1.x.3')).toThrow(reason);
  });

  test('is bounded: after 10,001 other texts, a memoised one has been forgotten and is parsed anew', () => {
    const kept = parseVersion('6.28.31.85');
    for (let i = 0; i <= 10_000; i++) parseVersion(`7.${i}`);
    const again = parseVersion('6.28.31.85');
    expect(again).not.toBe(kept);
    expect(again).toEqual(kept);
  });
});
