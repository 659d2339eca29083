// Property test: compareVersions is a total order on 4-part numeric versions that agrees with integer tuples.
import { describe, expect, test } from 'vitest';
import { compareVersions } from '../../src/logic/ops/versions.ts';
import { evaluateLogic } from '../../src/logic/evaluate.ts';
import { InexactValueError, InvalidValueError } from '../../src/logic/errors.ts';
import { newContext, prng } from './helpers.ts';

const CASES = 4000;

interface Version {
  text: string;
  parts: bigint[];
}

/** Random valid 4-part versions, biased so that equal parts (and whole equal versions) are common. */
function generator(seed: number): () => Version {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const part = (): { text: string; value: bigint } => {
    const r = random();
    let digits: string;
    if (r < 0.45) digits = String(int(3));
    else if (r < 0.75) digits = String(int(1200));
    else if (r < 0.9) digits = String(int(2_000_000));
    else digits = String(int(9)) + Array.from({ length: int(14) }, () => String(int(9))).join(''); // up to 15 digits: < 2^53
    const zeros = random() < 0.1 ? '0'.repeat(1 + int(2)) : '';
    return { text: zeros + digits, value: BigInt(digits) };
  };
  return () => {
    const ps = [part(), part(), part(), part()];
    return { text: ps.map((p) => p.text).join('.'), parts: ps.map((p) => p.value) };
  };
}

function tupleCompare(a: bigint[], b: bigint[]): -1 | 0 | 1 {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Perturbs one version into a nearby one (same prefix), so ties and near-ties are exercised. */
function near(v: Version, random: () => number): Version {
  const parts = [...v.parts];
  const i = Math.floor(random() * 4);
  const delta = BigInt(Math.floor(random() * 3) - 1);
  parts[i] = parts[i] + delta < 0n ? 0n : parts[i] + delta;
  return { text: parts.join('.'), parts };
}

describe('compareVersions properties (seeded)', () => {
  test('agrees with comparing the parts as integer tuples', () => {
    const next = generator(0x5eed_0001);
    const random = prng(17);
    let counterexample: string | undefined;
    let ties = 0;
    for (let i = 0; i < CASES && !counterexample; i++) {
      const a = next();
      const b = random() < 0.5 ? next() : near(a, random);
      const expected = tupleCompare(a.parts, b.parts);
      if (expected === 0) ties++;
      const actual = compareVersions(a.text, b.text);
      if (actual !== expected) counterexample = `compareVersions(${a.text}, ${b.text}) = ${actual}, tuples say ${expected}`;
    }
    expect(counterexample).toBeUndefined();
    expect(ties).toBeGreaterThan(50); // the generator really produces equal versions
  });

  test('is antisymmetric', () => {
    const next = generator(0x5eed_0002);
    const random = prng(23);
    let counterexample: string | undefined;
    for (let i = 0; i < CASES && !counterexample; i++) {
      const a = next();
      const b = random() < 0.5 ? next() : near(a, random);
      const ab = compareVersions(a.text, b.text);
      const ba = compareVersions(b.text, a.text);
      if (ab + ba !== 0) counterexample = `${a.text} vs ${b.text}: ${ab} and ${ba}`;
      if (ab === 0 && compareVersions(a.text, a.text) !== 0) counterexample = `${a.text} is not equal to itself`;
    }
    expect(counterexample).toBeUndefined();
  });

  test('is transitive (for <, = and ≤)', () => {
    const next = generator(0x5eed_0003);
    const random = prng(29);
    let counterexample: string | undefined;
    let chains = 0;
    for (let i = 0; i < CASES && !counterexample; i++) {
      const a = next();
      const b = random() < 0.5 ? next() : near(a, random);
      const c = random() < 0.5 ? next() : near(b, random);
      const ab = compareVersions(a.text, b.text);
      const bc = compareVersions(b.text, c.text);
      const ac = compareVersions(a.text, c.text);
      if (ab <= 0 && bc <= 0) {
        chains++;
        const want = ab < 0 || bc < 0 ? -1 : 0;
        if (ac !== want) counterexample = `${a.text} ${ab} ${b.text} ${bc} ${c.text} but ${a.text} vs ${c.text} is ${ac}`;
      }
      if (ab >= 0 && bc >= 0) {
        chains++;
        const want = ab > 0 || bc > 0 ? 1 : 0;
        if (ac !== want) counterexample = `${a.text} ${ab} ${b.text} ${bc} ${c.text} but ${a.text} vs ${c.text} is ${ac}`;
      }
    }
    expect(counterexample).toBeUndefined();
    expect(chains).toBeGreaterThan(CASES / 4);
  });

  test('sorting by compareVersions sorts by integer tuples', () => {
    const next = generator(0x5eed_0004);
    const versions = Array.from({ length: 500 }, next);
    const byOurs = [...versions].sort((x, y) => compareVersions(x.text, y.text)).map((v) => v.parts.join('.'));
    const byTuples = [...versions].sort((x, y) => tupleCompare(x.parts, y.parts)).map((v) => v.parts.join('.'));
    expect(byOurs).toEqual(byTuples);
  });

  test('version_gte and version_lt agree with compareVersions and with each other', () => {
    const next = generator(0x5eed_0005);
    let counterexample: string | undefined;
    for (let i = 0; i < 1000 && !counterexample; i++) {
      const a = next();
      const b = next();
      const cmp = compareVersions(a.text, b.text);
      const gte = evaluateLogic({ version_gte: [a.text, b.text] }, {}, newContext({})).value;
      const lt = evaluateLogic({ version_lt: [a.text, b.text] }, {}, newContext({})).value;
      const vc = evaluateLogic({ version_compare: [a.text, b.text] }, {}, newContext({})).value;
      if (gte !== cmp >= 0 || lt !== cmp < 0 || vc !== cmp) counterexample = `${a.text} vs ${b.text}: gte ${gte}, lt ${lt}, compare ${vc}, cmp ${cmp}`;
    }
    expect(counterexample).toBeUndefined();
  });

  test('a wildcard is a requirement only: second, it matches every build and compares by prefix; first, it is refused as inexact', () => {
    const next = generator(0x5eed_0006);
    const random = prng(31);
    let counterexample: string | undefined;
    for (let i = 0; i < CASES && !counterexample; i++) {
      const a = next();
      const keep = 1 + Math.floor(random() * 3); // 1..3 numeric parts, then wildcards
      const wild = [...a.text.split('.').slice(0, keep), ...Array.from({ length: 4 - keep }, () => 'xxxx')].join('.');
      const b = next();
      const ba = compareVersions(b.text, wild);
      if (compareVersions(a.text, wild) !== 0) counterexample = `${a.text} does not match ${wild}`;
      const prefix = tupleCompare([...b.parts.slice(0, keep), 0n, 0n, 0n].slice(0, 4), [...a.parts.slice(0, keep), 0n, 0n, 0n].slice(0, 4));
      if (ba !== prefix) counterexample = `${b.text} vs ${wild} is ${ba}, prefix comparison says ${prefix}`;
      // An installed version of 1.31.xxxx is older than some requirements' builds and newer than others: no answer.
      let refused = false;
      try {
        compareVersions(wild, b.text);
      } catch (e) {
        refused = e instanceof InexactValueError && e.value === wild;
      }
      if (!refused) counterexample = `${wild} vs ${b.text} was answered, though ${wild} stands for many versions`;
    }
    expect(counterexample).toBeUndefined();
  });

  // Bug: parts are accepted as any run of digits but converted with Number(), so two different builds beyond
  // 2^53 compare equal. Either compare them exactly or refuse them as invalid; never call them equal.
  test('parts beyond 2^53 are compared exactly or refused, never silently equal', () => {
    const a = '1.31.467.9007199254740993';
    const b = '1.31.467.9007199254740992';
    let result: number | 'refused';
    try {
      result = compareVersions(a, b);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidValueError);
      result = 'refused';
    }
    expect([1, 'refused']).toContain(result);
  });
});
