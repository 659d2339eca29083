// Static analysis of json-logic before anything runs (src/logic/compile.ts analyzeLogic).
import { describe, expect, test } from 'vitest';
import { analyzeLogic, type LogicProblem } from '../../src/logic/compile.ts';

const SETTINGS = new Set(['hh2.minimumClientVersion', 'sage.acceptedDateUsage']);

const codes = (problems: LogicProblem[]) => problems.map((p) => p.code);

describe('refused expressions', () => {
  test('unknown operation with a did-you-mean hint', () => {
    const { problems } = analyzeLogic({ version_gt: [{ var: 'hh2.client.version' }, '1.31.467.0'] });
    expect(problems).toEqual([
      { pointer: '/version_gt', code: 'unknown-operation', message: 'unknown operation "version_gt"; did you mean "version_gte"?' },
    ]);
  });

  test('more hints, and none for a far-off name', () => {
    expect(analyzeLogic({ is_emial: ['a'] }).problems[0].message).toBe('unknown operation "is_emial"; did you mean "is_email"?');
    expect(analyzeLogic({ days_beetween: ['a', 'b'] }).problems[0].message).toBe('unknown operation "days_beetween"; did you mean "days_between"?');
    expect(analyzeLogic({ frobnicate_everything: [] }).problems[0].message).toBe('unknown operation "frobnicate_everything"');
  });

  test('an unknown operation deep inside is located by pointer', () => {
    const { problems } = analyzeLogic({ and: [true, { some: [{ var: 'procore.items' }, { regex: ['a', 'b'] }] }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: '/and/1/some/1/regex', code: 'unknown-operation' });
  });

  test('an object with two keys', () => {
    const { problems } = analyzeLogic({ '==': [1, 1], '!=': [1, 2] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: '', code: 'logic-shape' });
    expect(problems[0].message).toContain('keys ==, !=');
  });

  test('a nested object with two keys, and an empty mapping', () => {
    expect(analyzeLogic({ and: [{ var: 'a', default: 1 }] }).problems).toMatchObject([{ pointer: '/and/0', code: 'logic-shape' }]);
    const empty = analyzeLogic({ or: [{}] }).problems;
    expect(empty).toMatchObject([{ pointer: '/or/0', code: 'logic-shape' }]);
    expect(empty[0].message).toContain('an empty mapping');
  });

  test.each([
    [{ version_gte: ['1.0'] }, '/version_gte', '"version_gte" takes 2 arguments, found 1'],
    [{ version_lt: ['1', '2', '3'] }, '/version_lt', '"version_lt" takes 2 arguments, found 3'],
    [{ length: [[1], [2]] }, '/length', '"length" takes 1 argument, found 2'],
    [{ var: ['a', 1, 2] }, '/var', '"var" takes 0 to 2 arguments, found 3'],
    [{ get: ['x'] }, '/get', '"get" takes 2 to 3 arguments, found 1'],
    [{ setting: [] }, '/setting', '"setting" takes 1 argument, found 0'],
    [{ missing_some: [1] }, '/missing_some', '"missing_some" takes 2 arguments, found 1'],
    [{ '!': { days_between: ['2026-01-01'] } }, '/!/days_between', '"days_between" takes 2 arguments, found 1'],
  ])('wrong arity: %j', (logic, pointer, message) => {
    expect(analyzeLogic(logic).problems).toEqual([{ pointer, code: 'operation-arity', message }]);
  });

  test('a single non-list argument counts as one', () => {
    expect(analyzeLogic({ length: { var: 'x' } }).problems).toEqual([]);
    expect(codes(analyzeLogic({ version_gte: '1.0' }).problems)).toEqual(['operation-arity']);
  });

  test.each([
    ['__proto__'],
    ['constructor'],
    ['prototype'],
    ['hh2.__proto__.polluted'],
    ['procore.constructor.prototype'],
    ['procore.vendors.prototype'],
  ])('forbidden var path segment: %s', (path) => {
    for (const logic of [{ var: path }, { var: [path, 'default'] }, { some: [{ var: 'procore.items' }, { var: path }] }]) {
      const { problems, facts } = analyzeLogic(logic);
      expect(codes(problems), JSON.stringify(logic)).toEqual(['forbidden-path']);
      expect(problems[0].message).toMatch(/^fact path ".*" uses "(__proto__|constructor|prototype)", which is never readable$/);
      expect(facts).not.toContain(path);
    }
  });

  test('a forbidden segment is only forbidden as a whole segment', () => {
    expect(analyzeLogic({ var: 'procore.constructorName' }).problems).toEqual([]);
    expect(analyzeLogic({ var: 'proto.type' }).problems).toEqual([]);
  });

  test('unknown setting, with a hint', () => {
    const { problems, settings } = analyzeLogic({ setting: 'hh2.minimumClientVersoin' }, SETTINGS);
    expect(problems).toEqual([
      {
        pointer: '/setting',
        code: 'unknown-setting',
        message: 'unknown setting "hh2.minimumClientVersoin"; did you mean "hh2.minimumClientVersion"?',
      },
    ]);
    expect(settings).toEqual(['hh2.minimumClientVersoin']);
  });

  test('known settings pass; settings are not checked without a list', () => {
    expect(analyzeLogic({ in_set: [{ var: 'x' }, { setting: 'sage.acceptedDateUsage' }] }, SETTINGS).problems).toEqual([]);
    expect(analyzeLogic({ setting: 'anything' }).problems).toEqual([]);
  });

  test.each([['constructor'], ['__proto__'], ['prototype'], ['hasOwnProperty'], ['isPrototypeOf'], ['valueOf'], ['toLocaleString']])(
    'prototype-named setting %s is unknown',
    (name) => {
      expect(codes(analyzeLogic({ setting: name }, SETTINGS).problems)).toEqual(['unknown-setting']);
    },
  );

  test.each([
    ['constructor'],
    ['toString'],
    ['hasOwnProperty'],
    ['__proto__'],
    ['valueOf'],
    ['isPrototypeOf'],
    ['propertyIsEnumerable'],
    ['__defineGetter__'],
    ['__lookupGetter__'],
  ])('prototype-named operation %s is refused', (op) => {
    // JSON.parse makes "__proto__" an own key, as a YAML or JSON rule file would
    const logic = JSON.parse(`{"and": [true, {${JSON.stringify(op)}: [1]}]}`) as unknown;
    const { problems } = analyzeLogic(logic);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: `/and/1/${op}`, code: 'unknown-operation' });
    expect(problems[0].message).toMatch(new RegExp(`^unknown operation "${op.replace(/[$]/g, '\\$')}"`));
  });

  test('log is refused', () => {
    expect(codes(analyzeLogic({ log: 'x' }).problems)).toEqual(['unknown-operation']);
  });

  test('several problems are all reported', () => {
    const { problems } = analyzeLogic({ and: [{ version_gt: [1, 2] }, { var: 'a.__proto__' }, { length: [] }, { setting: 'nope' }] }, SETTINGS);
    expect(codes(problems).sort()).toEqual(['forbidden-path', 'operation-arity', 'unknown-operation', 'unknown-setting']);
  });
});

describe('accepted expressions', () => {
  test.each([
    [{ version_gte: [{ var: 'hh2.client.version' }, { setting: 'hh2.minimumClientVersion' }] }],
    [{ in_set: [{ var: 'sage.ap.invoiceSettings.dateReceivedUsage' }, { setting: 'sage.acceptedDateUsage' }] }],
    [{ all: [{ values: { var: 'procore.vendors' } }, { is_email: { var: 'email' } }] }],
    [{ if: [{ missing: ['a', 'b'] }, false, { missing_some: [1, ['c', 'd']] }, true, { var: '' }] }],
    [{ get: [{ var: 'procore.vendors' }, { var: 'item.vendor' }, null] }],
    [{ days_between: [{ var: 'meta.captured_at' }, '2026-12-31'] }],
    [{ var: [] }],
    [{ var: 1 }],
    [[1, { '+': [1, 2] }, 'text', null]],
    [42],
    [null],
  ])('%j', (logic) => {
    expect(analyzeLogic(logic, SETTINGS).problems).toEqual([]);
  });
});

describe('facts', () => {
  test('collects literal var paths at the root scope, once each', () => {
    const { facts } = analyzeLogic({
      and: [{ var: 'hh2.client.version' }, { var: ['survey.answered', false] }, { '==': [{ var: 'hh2.client.version' }, 'x'] }],
    });
    expect(facts.sort()).toEqual(['hh2.client.version', 'survey.answered']);
  });

  test('not inside some/all/none/filter/map/reduce scope, but the list they range over is a fact', () => {
    for (const op of ['some', 'all', 'none', 'filter', 'map']) {
      const { facts } = analyzeLogic({ [op]: [{ var: 'procore.items' }, { '>': [{ var: 'amount' }, { var: '' }] }] });
      expect(facts, op).toEqual(['procore.items']);
    }
    const nested = analyzeLogic({ some: [{ var: 'procore.commitments' }, { some: [{ var: 'lines' }, { var: 'code' }] }] });
    expect(nested.facts).toEqual(['procore.commitments']);
    const reduce = analyzeLogic({ reduce: [{ var: 'procore.items' }, { '+': [{ var: 'accumulator' }, { var: 'current.amount' }] }, 0] });
    expect(reduce.facts).toEqual(['procore.items']);
  });

  test('root-scope reads after a scoped operation are still collected', () => {
    const { facts } = analyzeLogic({ and: [{ some: [{ var: 'procore.items' }, { var: 'amount' }] }, { var: 'hh2.enabled' }] });
    expect(facts.sort()).toEqual(['hh2.enabled', 'procore.items']);
  });

  // Bug: json-logic-js evaluates reduce's third argument (the initial value) in the outer scope, but
  // analyzeLogic treats every argument after the first as item scope, so a fact read there is not listed.
  test("reduce's initial value is read at the root scope, so its fact is collected", () => {
    const { facts } = analyzeLogic({ reduce: [{ var: 'procore.items' }, { '+': [{ var: 'accumulator' }, { var: 'current.amount' }] }, { var: 'hh2.openingBalance' }] });
    expect(facts.sort()).toEqual(['hh2.openingBalance', 'procore.items']);
  });

  test('computed var paths and var "" are not facts', () => {
    expect(analyzeLogic({ var: { cat: ['hh2.', 'client'] } }).facts).toEqual([]);
    expect(analyzeLogic({ var: '' }).facts).toEqual([]);
  });

  test('settings are collected', () => {
    const { settings } = analyzeLogic({ and: [{ setting: 'a.b' }, { setting: 'c' }, { setting: 'a.b' }] });
    expect(settings.sort()).toEqual(['a.b', 'c']);
  });
});
