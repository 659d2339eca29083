// The stock json-logic-js operations we keep must behave exactly as a pristine json-logic-js does.
import { afterEach, describe, expect, test, vi } from 'vitest';
import sharedJsonLogic from 'json-logic-js';
import { applyStock, evaluateGenerated, evaluateLogic } from '../../src/logic/evaluate.ts';
import { STOCK_OPERATIONS } from '../../src/logic/registry.ts';
import { analyzeLogic } from '../../src/logic/compile.ts';
import { jsonLogicFile, loadPristineJsonLogic, newContext } from './helpers.ts';

const pristine = loadPristineJsonLogic();

interface Case {
  name: string;
  logic: unknown;
  data?: unknown;
  /** Pinned where the json-logic spec fixes the answer, so the comparison cannot pass by both being wrong. */
  expected?: unknown;
}

const people = { people: [{ name: 'ada', age: 36 }, { name: 'bob', age: 17 }, { name: 'cy', age: 52 }] };
const integers = { integers: [1, 2, 3, 4, 5] };

const CASES: Case[] = [
  // equality and comparison, with coercions
  { name: '== numbers', logic: { '==': [1, 1] }, expected: true },
  { name: '== number and numeric string', logic: { '==': [1, '1'] }, expected: true },
  { name: '== 0 and false', logic: { '==': [0, false] }, expected: true },
  { name: '== null and 0', logic: { '==': [null, 0] }, expected: false },
  { name: '== null and null', logic: { '==': [null, null] }, expected: true },
  { name: '== computed text and number', logic: { '==': [{ cat: ['1', '0'] }, 10] }, expected: true },
  { name: '=== number and string', logic: { '===': [1, '1'] }, expected: false },
  { name: '=== numbers', logic: { '===': [1, 1] }, expected: true },
  { name: '!= number and numeric string', logic: { '!=': [1, '1'] }, expected: false },
  { name: '!== number and numeric string', logic: { '!==': [1, '1'] }, expected: true },
  { name: '> numbers', logic: { '>': [2, 1] }, expected: true },
  { name: '> numeric string and number', logic: { '>': ['2', 11] }, expected: false },
  { name: '> strings compare as text', logic: { '>': ['b', 'a'] }, expected: true },
  { name: '>= equal', logic: { '>=': [1, 1] }, expected: true },
  { name: '< two strings compare as text', logic: { '<': ['11', '2'] }, expected: true },
  { name: '< between, inside', logic: { '<': [1, 2, 3] }, expected: true },
  { name: '< between, on the edge', logic: { '<': [1, 1, 3] }, expected: false },
  { name: '<= between, on the edge', logic: { '<=': [1, 1, 3] }, expected: true },
  { name: '<= between, outside', logic: { '<=': [1, 4, 3] }, expected: false },
  // truthiness (jsonlogic.com/truthy)
  { name: '!! empty list is false', logic: { '!!': [[]] }, expected: false },
  { name: '!! "0" is true', logic: { '!!': ['0'] }, expected: true },
  { name: '!! 0 is false', logic: { '!!': [0] }, expected: false },
  { name: '!! empty text is false', logic: { '!!': [''] }, expected: false },
  { name: '!! list with "0" is true', logic: { '!!': [['0']] }, expected: true },
  { name: '! empty list is true', logic: { '!': [[]] }, expected: true },
  { name: '! "0" is false', logic: { '!': ['0'] }, expected: false },
  { name: '! null (unary form)', logic: { '!': null }, expected: true },
  { name: '! without array wrapper', logic: { '!': true }, expected: false },
  // arithmetic
  { name: '% positive', logic: { '%': [7, 3] }, expected: 1 },
  { name: '% negative dividend', logic: { '%': [-7, 3] }, expected: -1 },
  { name: '+ mixed strings and numbers', logic: { '+': [1, '2', 3.5] }, expected: 6.5 },
  { name: '+ unary cast', logic: { '+': ['3'] }, expected: 3 },
  { name: '+ of non-numeric text is NaN', logic: { '+': ['abc', 1] }, expected: NaN },
  { name: '+ of nothing', logic: { '+': [] }, expected: 0 },
  { name: '* numeric string', logic: { '*': [2, '3'] }, expected: 6 },
  { name: '* single argument is returned as is', logic: { '*': ['1.5'] }, expected: '1.5' },
  { name: '- binary with string', logic: { '-': [5, '2'] }, expected: 3 },
  { name: '- unary', logic: { '-': [2] }, expected: -2 },
  { name: '- unary string', logic: { '-': ['2'] }, expected: -2 },
  { name: '/ fraction', logic: { '/': [1, 4] }, expected: 0.25 },
  { name: '/ by zero', logic: { '/': [1, 0] }, expected: Infinity },
  { name: 'min', logic: { min: [3, 1, 2] }, expected: 1 },
  { name: 'max of nothing', logic: { max: [] }, expected: -Infinity },
  { name: 'max with numeric string', logic: { max: ['4', 2] }, expected: 4 },
  // strings and lists
  { name: 'in substring', logic: { in: ['Spring', 'Springfield'] }, expected: true },
  { name: 'in list, absent', logic: { in: ['x', ['a', 'b']] }, expected: false },
  { name: 'in list, present', logic: { in: ['b', ['a', 'b']] }, expected: true },
  { name: 'in null haystack', logic: { in: ['a', null] }, expected: false },
  { name: 'cat', logic: { cat: ['I love', ' pie'] }, expected: 'I love pie' },
  { name: 'cat mixed types', logic: { cat: ['a', 1, null, true] }, expected: 'a1true' },
  { name: 'cat of nothing', logic: { cat: [] }, expected: '' },
  { name: 'cat of a list', logic: { cat: [['a', 'b']] }, expected: 'a,b' },
  { name: 'substr from', logic: { substr: ['jsonlogic', 4] }, expected: 'logic' },
  { name: 'substr negative start', logic: { substr: ['jsonlogic', -5] }, expected: 'logic' },
  { name: 'substr with length', logic: { substr: ['jsonlogic', 1, 3] }, expected: 'son' },
  { name: 'substr negative length', logic: { substr: ['jsonlogic', 4, -2] }, expected: 'log' },
  { name: 'substr of a number', logic: { substr: [12345, 1, 2] }, expected: '23' },
  { name: 'merge flattens one level', logic: { merge: [[1, 2], [3], 4] }, expected: [1, 2, 3, 4] },
  { name: 'merge of nothing', logic: { merge: [] }, expected: [] },
  { name: 'merge keeps nested lists and null', logic: { merge: [[1, [2]], null] }, expected: [1, [2], null] },
  // if / ?: chains
  { name: 'if true', logic: { if: [true, 'yes', 'no'] }, expected: 'yes' },
  { name: 'if empty list is falsy', logic: { if: [[], 'yes', 'no'] }, expected: 'no' },
  { name: 'if "0" is truthy', logic: { if: ['0', 'yes', 'no'] }, expected: 'yes' },
  { name: 'if/else-if/else falls to else', logic: { if: [false, 1, false, 2, 3] }, expected: 3 },
  { name: 'if/else-if/else takes else-if', logic: { if: [false, 1, true, 2, 3] }, expected: 2 },
  { name: 'if without else', logic: { if: [false, 1] }, expected: null },
  { name: 'if of nothing', logic: { if: [] }, expected: null },
  { name: 'if with one argument', logic: { if: 'single' }, expected: 'single' },
  { name: '?: ternary', logic: { '?:': [0, 'a', 'b'] }, expected: 'b' },
  { name: 'nested if inside if', logic: { if: [{ if: [true, false, true] }, 'a', { if: [[], 'b', 'c'] }] }, expected: 'c' },
  // and / or return operands
  { name: 'and returns last', logic: { and: [true, 'a', 3] }, expected: 3 },
  { name: 'and returns first falsy', logic: { and: [true, '', 3] }, expected: '' },
  { name: 'and of nothing', logic: { and: [] }, expected: undefined },
  { name: 'or returns first truthy', logic: { or: [false, 0, 'a'] }, expected: 'a' },
  { name: 'or returns last when none truthy', logic: { or: [false, [], 0] }, expected: 0 },
  { name: 'or skips empty list', logic: { or: [[], 'x'] }, expected: 'x' },
  { name: 'and of comparisons', logic: { and: [{ '>': [3, 1] }, { '<': [1, 3] }] }, expected: true },
  // array operations without var
  { name: 'filter with constant', logic: { filter: [[1, 2, 3], true] }, expected: [1, 2, 3] },
  { name: 'map over non-list', logic: { map: ['not a list', 1] }, expected: [] },
  { name: 'all of empty list', logic: { all: [[], true] }, expected: false },
  { name: 'none of empty list', logic: { none: [[], true] }, expected: true },
  { name: 'some with constant false', logic: { some: [[1], false] }, expected: false },
  { name: 'reduce over non-list returns initial', logic: { reduce: ['nope', 1, 7] }, expected: 7 },
  { name: 'reduce of empty list without initial', logic: { reduce: [[], 1] }, expected: null },

  // with var (data holds only present facts)
  { name: 'var', logic: { var: 'a' }, data: { a: 1 }, expected: 1 },
  { name: 'var with default', logic: { var: ['b', 'default'] }, data: { a: 1 }, expected: 'default' },
  { name: 'var nested', logic: { var: 'a.b.c' }, data: { a: { b: { c: 'deep' } } }, expected: 'deep' },
  { name: 'var by number on a list', logic: { var: 1 }, data: ['zero', 'one'], expected: 'one' },
  { name: 'var through a list index', logic: { var: 'list.1.name' }, data: { list: [{ name: 'x' }, { name: 'y' }] }, expected: 'y' },
  { name: 'var "" is the data', logic: { var: '' }, data: { a: 1 }, expected: { a: 1 } },
  { name: 'var null fact', logic: { '==': [{ var: 'n' }, null] }, data: { n: null }, expected: true },
  { name: '!! of empty list fact', logic: { '!!': { var: 'list' } }, data: { list: [] }, expected: false },
  { name: '! of "0" fact', logic: { '!': { var: 'zero' } }, data: { zero: '0' }, expected: false },
  { name: 'and of facts', logic: { and: [{ var: 'a' }, { var: 'b' }] }, data: { a: 1, b: 0 }, expected: 0 },
  { name: 'cat with fact', logic: { cat: ['Hello, ', { var: 'name' }] }, data: { name: 'Dolly' }, expected: 'Hello, Dolly' },
  { name: 'in with fact', logic: { in: [{ var: 'filling' }, ['apple', 'cherry']] }, data: { filling: 'cherry' }, expected: true },
  { name: 'merge of facts', logic: { merge: [{ var: 'a' }, { var: 'b' }] }, data: { a: [1], b: [2, 3] }, expected: [1, 2, 3] },
  { name: 'max of facts', logic: { max: [{ var: 'x' }, { var: 'y' }] }, data: { x: 3, y: '7' }, expected: 7 },
  { name: 'substr of fact', logic: { substr: [{ var: 's' }, -3] }, data: { s: 'abcdef' }, expected: 'def' },
  {
    name: 'if/else-if chain on a fact',
    logic: { if: [{ '<': [{ var: 'temp' }, 0] }, 'freezing', { '<': [{ var: 'temp' }, 100] }, 'liquid', 'gas'] },
    data: { temp: 55 },
    expected: 'liquid',
  },
  ...[15, 9, 10, 7].map((i) => ({
    name: `fizzbuzz ${i}`,
    logic: {
      if: [
        { '==': [{ '%': [{ var: 'i' }, 15] }, 0] }, 'fizzbuzz',
        { '==': [{ '%': [{ var: 'i' }, 3] }, 0] }, 'fizz',
        { '==': [{ '%': [{ var: 'i' }, 5] }, 0] }, 'buzz',
        { var: 'i' },
      ],
    },
    data: { i },
    expected: i === 15 ? 'fizzbuzz' : i === 9 ? 'fizz' : i === 10 ? 'buzz' : 7,
  })),
  { name: 'filter with var "" scope', logic: { filter: [{ var: 'integers' }, { '%': [{ var: '' }, 2] }] }, data: integers, expected: [1, 3, 5] },
  { name: 'map with var "" scope', logic: { map: [{ var: 'integers' }, { '*': [{ var: '' }, 2] }] }, data: integers, expected: [2, 4, 6, 8, 10] },
  { name: 'map reads item property', logic: { map: [{ var: 'people' }, { var: 'name' }] }, data: people, expected: ['ada', 'bob', 'cy'] },
  { name: 'map by index into rows', logic: { map: [{ var: 'matrix' }, { var: 1 }] }, data: { matrix: [[1, 2], [3, 4]] }, expected: [2, 4] },
  {
    name: 'filter objects by property',
    logic: { filter: [{ var: 'people' }, { '>=': [{ var: 'age' }, 18] }] },
    data: people,
    expected: [people.people[0], people.people[2]],
  },
  { name: 'filter with in on item', logic: { filter: [{ var: 'people' }, { in: ['y', { var: 'name' }] }] }, data: people, expected: [people.people[2]] },
  {
    name: 'reduce sum with accumulator',
    logic: { reduce: [{ var: 'integers' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] },
    data: integers,
    expected: 15,
  },
  {
    name: 'reduce product with accumulator',
    logic: { reduce: [{ var: 'integers' }, { '*': [{ var: 'current' }, { var: 'accumulator' }] }, 1] },
    data: integers,
    expected: 120,
  },
  {
    name: 'reduce with initial from a fact and current.property',
    logic: { reduce: [{ var: 'people' }, { '+': [{ var: 'accumulator' }, { var: 'current.age' }] }, { var: 'start' }] },
    data: { ...people, start: 100 },
    expected: 205,
  },
  {
    name: 'reduce concatenating text',
    logic: { reduce: [{ var: 'desserts' }, { cat: [{ var: 'accumulator' }, { var: 'current' }] }, ''] },
    data: { desserts: ['pie', 'cake'] },
    expected: 'piecake',
  },
  {
    name: 'map of reduce over rows',
    logic: { map: [{ var: 'rows' }, { reduce: [{ var: '' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }] },
    data: { rows: [[1, 2], [3, 4, 5]] },
    expected: [3, 12],
  },
  { name: 'all with var ""', logic: { all: [{ var: 'integers' }, { '>=': [{ var: '' }, 1] }] }, data: integers, expected: true },
  { name: 'all on item property, one fails', logic: { all: [{ var: 'people' }, { '>=': [{ var: 'age' }, 18] }] }, data: people, expected: false },
  { name: 'none on item property', logic: { none: [{ var: 'people' }, { '==': [{ var: 'age' }, 0] }] }, data: people, expected: true },
  { name: 'some on item property', logic: { some: [{ var: 'people' }, { '==': [{ var: 'name' }, 'bob'] }] }, data: people, expected: true },
  { name: 'some of an empty fact list', logic: { some: [{ var: 'empty' }, true] }, data: { empty: [] }, expected: false },
];

function usesVar(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesVar);
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node).some(([k, v]) => k === 'var' || usesVar(v));
}

function operationsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => operationsIn(n, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.add(k);
      operationsIn(v, out);
    }
  }
  return out;
}

const withoutVar = CASES.filter((c) => !usesVar(c.logic));
const withVar = CASES.filter((c) => usesVar(c.logic));

function ours(c: Case): unknown {
  const data = structuredClone(c.data ?? null);
  const result = evaluateLogic(c.logic, data, newContext(data));
  expect(result.invalid).toBeUndefined();
  return result.value;
}

describe('the pristine copy', () => {
  test('is loaded from the same json-logic-js file our module uses', () => {
    expect(jsonLogicFile).toMatch(/node_modules[\\/]json-logic-js[\\/]logic\.js$/);
  });

  test('is a separate instance that our installation did not modify', () => {
    applyStock(true, null); // installs our operations into the shared instance
    expect(pristine).not.toBe(sharedJsonLogic);
    // stock var reads inherited properties; ours never does
    expect(typeof pristine.apply({ var: 'toString' }, {})).toBe('function');
    expect(evaluateLogic({ var: 'toString' }, {}, newContext({})).value).toBeNull();
    // log is still there in the pristine copy, gone from ours
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(pristine.apply({ log: 'hello' })).toBe('hello');
      expect(log).toHaveBeenCalledTimes(1);
      expect(() => sharedJsonLogic.apply({ log: 'hello' } as never)).toThrow(/Unrecognized operation log/);
    } finally {
      log.mockRestore();
    }
  });
});

describe('conformance with pristine json-logic-js', () => {
  test('the table is large and uses every stock operation we keep', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const used = operationsIn(CASES.map((c) => c.logic));
    expect(STOCK_OPERATIONS.filter((op) => !used.has(op))).toEqual([]);
    expect(withVar.length).toBeGreaterThanOrEqual(20);
  });

  test('every table expression passes static analysis', () => {
    for (const c of CASES) expect(analyzeLogic(c.logic).problems, c.name).toEqual([]);
  });

  test.each(withoutVar.map((c) => [c.name, c] as const))('applyStock: %s', (_name, c) => {
    const expected = pristine.apply(c.logic, structuredClone(c.data ?? null));
    if ('expected' in c) expect(expected).toEqual(c.expected);
    expect(applyStock(c.logic, structuredClone(c.data ?? null))).toEqual(expected);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('evaluateLogic: %s', (_name, c) => {
    const expected = pristine.apply(c.logic, structuredClone(c.data ?? null));
    if ('expected' in c) expect(expected).toEqual(c.expected);
    expect(ours(c)).toEqual(expected);
  });

  // A verdict pass runs an expression as generated code once it is hot (src/logic/generate.ts).
  test.each(CASES.map((c) => [c.name, c] as const))('generated code: %s', (_name, c) => {
    const expected = pristine.apply(c.logic, structuredClone(c.data ?? null));
    const data = structuredClone(c.data ?? null);
    const ctx = { ...newContext(data), absentOnly: true };
    expect(evaluateGenerated(c.logic, data, ctx)).toEqual(expected);
    expect(ctx.invalid).toBeUndefined();
  });

  // applyStock is documented as "stock json-logic-js evaluation, for the conformance test", but it installs our
  // `var`, which throws "json-logic evaluated outside evaluateLogic" because applyStock sets no context.
  test('applyStock evaluates expressions that use var (reduce accumulator, filter/map scope) like pristine json-logic-js', () => {
    const mismatches: string[] = [];
    for (const c of withVar) {
      const expected = pristine.apply(c.logic, structuredClone(c.data ?? null));
      let actual: unknown;
      try {
        actual = applyStock(c.logic, structuredClone(c.data ?? null));
      } catch (e) {
        mismatches.push(`${c.name}: threw ${(e as Error).message}`);
        continue;
      }
      try {
        expect(actual).toEqual(expected);
      } catch {
        mismatches.push(`${c.name}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('log is removed on purpose', () => {
  afterEach(() => vi.restoreAllMocks());

  test('applyStock refuses it and writes nothing to the console', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(() => applyStock({ log: 'secret' }, null)).toThrow(/Unrecognized operation log/);
    expect(log).not.toHaveBeenCalled();
  });

  test('evaluateLogic refuses it and writes nothing to the console', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(() => evaluateLogic({ log: { var: 'a' } }, { a: 1 }, newContext({ a: 1 }))).toThrow(/Unrecognized operation log/);
    expect(log).not.toHaveBeenCalled();
  });

  test('static analysis refuses it as an unknown operation', () => {
    const { problems } = analyzeLogic({ if: [true, { log: 'x' }, 1] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: '/if/1/log', code: 'unknown-operation' });
    expect(problems[0].message).toMatch(/^unknown operation "log"/);
  });
});
