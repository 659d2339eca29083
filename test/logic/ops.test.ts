// Domain operations (src/logic/ops/*.ts, get, setting, as_of), through evaluateLogic as rules run them.
import { describe, expect, test } from 'vitest';
import { evaluateLogic } from '../../src/logic/evaluate.ts';
import { InexactValueError, InvalidValueError } from '../../src/logic/errors.ts';
import { compareVersions, parseVersion } from '../../src/logic/ops/versions.ts';
import { parseDay } from '../../src/logic/ops/dates.ts';
import { isEmail } from '../../src/logic/ops/text.ts';
import { domainOperations, knownOperations } from '../../src/logic/registry.ts';
import type { EvaluationContext } from '../../src/logic/context.ts';
import { newContext, snapshotData } from './helpers.ts';

const SETTINGS = new Map<string, unknown>([
  ['hh2.minimumClientVersion', '1.31.467.xxxx'],
  ['sage.acceptedDateUsage', ['Not Used', 'Not Required']],
]);

function run(logic: unknown, data: Record<string, any> = snapshotData()): { value: unknown; invalid?: string; ctx: EvaluationContext } {
  const ctx = newContext(data, { settings: SETTINGS });
  return { ...evaluateLogic(logic, data, ctx), ctx };
}

function value(logic: unknown, data?: Record<string, any>): unknown {
  const result = run(logic, data);
  expect(result.invalid).toBeUndefined();
  return result.value;
}

describe('versions', () => {
  test.each([
    ['1.31.467.0', '1.31.467.xxxx', true],
    ['1.31.467.9999', '1.31.467.xxxx', true],
    ['1.31.1000.0', '1.31.467.xxxx', true],
    ['1.31.1000.0', '1.31.467.9', true],
    ['1.31.467.9', '1.31.466.99', true],
    ['1.31.466.99', '1.31.467.9', false],
    ['1.31.467.9', '1.31.1000.0', false],
    ['2.0.0.0', '1.31.467.xxxx', true],
    ['1.31.467.5', '1.x', true],
    ['1.30.0.0', '1.31.x', false],
    ['1.4.999.0', '1.31.467.xxxx', false],
    ['1.31.466.2210', '1.31.467.xxxx', false],
    ['1.31', '1.31.0.0', true],
    ['1.31.0.1', '1.31', true],
    [' 1.31.467.1 ', '1.31.467.xxxx', true],
  ])('version_gte(%s, %s) is %s', (a, b, expected) => {
    expect(value({ version_gte: [a, b] })).toBe(expected);
    expect(value({ version_lt: [a, b] })).toBe(!expected);
  });

  test.each([['1.31.467.xxxx'], ['1.x'], ['1.31.xxxx'], ['1.31.467.*'], [' 1.X ']])(
    'a wildcard in the first version (%j, what is installed) is inexact: no answer, whatever the second',
    (recorded) => {
      for (const required of ['1.31.467.xxxx', '1.31.467.0', '0.1', '9.0']) {
        for (const op of ['version_gte', 'version_lt', 'version_compare']) {
          const result = run({ [op]: [recorded, required] });
          expect(result.value).toBeUndefined();
          expect(result.invalid).toBe(`${JSON.stringify(recorded)} stands for many versions (x stands for any number); the exact one is needed, every part a number`);
          expect(result.ctx.inexact).toEqual({ value: recorded });
        }
      }
      expect(() => compareVersions(recorded, '1.0')).toThrow(InexactValueError);
    },
  );

  test('an invalid second version is reported as invalid, not inexact, though the first has a wildcard', () => {
    const result = run({ version_gte: ['1.x', 'latest'] });
    expect(result.invalid).toMatch(/^"latest" is not a version number/);
    expect(result.ctx.inexact).toBeUndefined();
  });

  test('version_compare is numeric per part, not textual', () => {
    expect(value({ version_compare: ['1.31.1000.0', '1.31.467.9'] })).toBe(1);
    expect(value({ version_compare: ['1.31.467.9', '1.31.1000.0'] })).toBe(-1);
    expect(value({ version_compare: ['1.31.467.9', '1.31.467.9'] })).toBe(0);
    expect(value({ version_compare: ['1.31.467.09', '1.31.467.9'] })).toBe(0);
    expect(value({ version_compare: ['10.0', '9.99.99.99'] })).toBe(1);
  });

  test('the fact and the setting, as the hh2-client-version rule reads them', () => {
    const { value: v, ctx } = run({ version_gte: [{ var: 'hh2.client.version' }, { setting: 'hh2.minimumClientVersion' }] });
    expect(v).toBe(true);
    expect(ctx.reads).toEqual([{ path: 'hh2.client.version', pointer: '/hh2/client/version', present: true, value: '1.31.467.12' }]);
    expect(ctx.settingReads).toEqual([{ name: 'hh2.minimumClientVersion', value: '1.31.467.xxxx' }]);
  });

  test.each([
    ['latest', '"latest"'],
    ['', '""'],
    ['1..2', '"1..2"'],
    [1.31, '1.31'],
    ['1', '"1"'],
    ['1.2.3.4.5', '"1.2.3.4.5"'],
    ['v1.2.3', '"v1.2.3"'],
    ['1.x.3.4', '"1.x.3.4"'],
    ['1.-2.3', '"1.-2.3"'],
    [null, 'null'],
  ])('%j is not a version: invalid, naming the value', (bad, named) => {
    for (const logic of [{ version_gte: [bad, '1.31.467.xxxx'] }, { version_lt: ['1.31.467.0', bad] }, { version_compare: [bad, '1.0'] }]) {
      const result = run(logic);
      expect(result.value).toBeUndefined();
      expect(result.invalid).toBeDefined();
      expect(result.invalid).toContain(named);
      expect(result.invalid).toMatch(/not a version number/);
    }
    expect(() => parseVersion(bad)).toThrow(InvalidValueError);
  });

  test('an invalid version fact from the snapshot makes the evaluation invalid, with its evidence recorded', () => {
    const data = snapshotData();
    data.hh2.client.version = 'latest';
    const result = run({ version_gte: [{ var: 'hh2.client.version' }, { setting: 'hh2.minimumClientVersion' }] }, data);
    expect(result.invalid).toMatch(/^"latest" is not a version number/);
    expect(result.ctx.reads).toEqual([{ path: 'hh2.client.version', pointer: '/hh2/client/version', present: true, value: 'latest' }]);
  });

  test('compareVersions pads short versions with zeros', () => {
    expect(compareVersions('1.31', '1.31.0.0')).toBe(0);
    expect(compareVersions('1.31', '1.31.0.1')).toBe(-1);
    expect(parseVersion('1.2')).toEqual([1n, 2n, 0n, 0n]);
    expect(parseVersion('1.2.xxxx')).toEqual([1n, 2n, '*', 0n]);
  });
});

describe('dates', () => {
  test.each([
    ['date_before', '2026-03-01', '2026-03-31', true],
    ['date_before', '2026-03-31', '2026-03-31', false],
    ['date_on_or_before', '2026-03-31', '2026-03-31', true],
    ['date_on_or_before', '2026-04-01', '2026-03-31', false],
    ['date_after', '2026-04-01', '2026-03-31', true],
    ['date_after', '2026-03-31', '2026-03-31', false],
    ['date_on_or_after', '2026-03-31', '2026-03-31', true],
    ['date_on_or_after', '2025-12-31', '2026-01-01', false],
    ['date_on_or_after', '2026-03-31T23:59:59Z', '2026-03-31', true],
    ['date_before', '2026-03-31T00:00:00+14:00', '2026-04-01', true],
    ['date_after', '2024-02-29', '2024-02-28', true],
  ])('%s(%s, %s) is %s', (op, a, b, expected) => {
    expect(value({ [op]: [a, b] })).toBe(expected);
  });

  test.each([
    ['2026-02-28', '2026-03-01', 1],
    ['2024-02-28', '2024-03-01', 2],
    ['2026-03-31', '2026-03-01', -30],
    ['2026-03-08', '2026-03-09', 1],
    ['2025-12-31', '2027-01-01', 366],
    ['2026-11-02T14:30:00Z', '2026-11-02', 0],
    ['2026-01-01', '2026-01-01', 0],
  ])('days_between(%s, %s) is %d', (a, b, days) => {
    expect(value({ days_between: [a, b] })).toBe(days);
  });

  test.each([
    ['2026-02-30', 'February 2026 has 28 days'],
    ['2025-02-29', 'February 2025 has 28 days'],
    ['2100-02-29', 'February 2100 has 28 days'],
    ['2026-13-01', 'there is no month 13'],
    ['2026-00-10', 'there is no month 00'],
    ['2026-04-31', 'April 2026 has 30 days'],
    ['2026-04-00', 'days of a month start at 01'],
    ['2026-04-31T10:00:00Z', 'April 2026 has 30 days'],
  ])('%j is written YYYY-MM-DD but is no calendar day: invalid, saying why', (bad, why) => {
    for (const logic of [{ date_before: [bad, '2026-03-31'] }, { date_on_or_after: ['2026-03-31', bad] }, { days_between: [bad, '2026-03-31'] }]) {
      const result = run(logic);
      expect(result.value).toBeUndefined();
      expect(result.invalid).toBe(`${bad.slice(0, 10)} is not a calendar day (${why})`);
    }
  });

  test.each([
    ['31/03/2026'],
    ['2026-3-1'],
    ['20260331'],
    [''],
    ['yesterday'],
  ])('%j is not a date: invalid, naming the value', (bad) => {
    for (const logic of [{ date_before: [bad, '2026-03-31'] }, { date_on_or_after: ['2026-03-31', bad] }, { days_between: [bad, '2026-03-31'] }]) {
      const result = run(logic);
      expect(result.value).toBeUndefined();
      expect(result.invalid).toContain(JSON.stringify(bad));
      expect(result.invalid).toMatch(/is not a date/);
    }
  });

  test('non-text dates are invalid', () => {
    for (const bad of [20260331, null, true, ['2026-03-31']]) {
      expect(run({ date_before: [bad, '2026-03-31'] }).invalid).toContain(JSON.stringify(bad));
    }
    expect(() => parseDay(undefined)).toThrow(InvalidValueError);
  });

  test('a leap day is a valid date, in leap years only: every 4th, not every 100th, but every 400th', () => {
    expect(parseDay('2024-02-29') - parseDay('2024-02-28')).toBe(1);
    expect(parseDay('2028-02-29') - parseDay('2028-02-28')).toBe(1);
    expect(parseDay('2000-02-29') - parseDay('2000-02-28')).toBe(1);
    expect(() => parseDay('2100-02-29')).toThrow('2100-02-29 is not a calendar day (February 2100 has 28 days)');
  });

  test('years before 100 are days of their own, not of the 1900s', () => {
    expect(parseDay('0001-01-01')).toBe(-719_162);
    expect(parseDay('0099-12-31') + 1).toBe(parseDay('0100-01-01'));
    expect(value({ days_between: ['0001-01-01', '0002-01-01'] })).toBe(365);
    expect(value({ days_between: ['0004-02-28', '0004-03-01'] })).toBe(2);
  });
});

describe('is_email', () => {
  test.each([
    ['ap@bayside.example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ['morgan.ellis@harborpoint.example.com', true],
    ['', false],
    ['no-at-sign', false],
    ['a@b', false],
    ['a@@b.com', false],
    ['a b@c.com', false],
    ['a@b..com', false],
    ['a@b.com.', false],
    ['<a@b.com>', false],
    ['a@b.com, c@d.com', false],
    [' a@b.com', false],
    ['"quoted"@b.com', false],
  ])('%j → %s', (text, expected) => {
    expect(value({ is_email: [text] })).toBe(expected);
  });

  test('non-text and overlong values are not e-mail addresses', () => {
    for (const v of [null, 42, true, ['a@b.com']]) expect(value({ is_email: [v] }), JSON.stringify(v)).toBe(false);
    const long = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`; // 254 characters
    expect(long.length).toBe(254);
    expect(isEmail(long)).toBe(true);
    expect(isEmail(`a${long}`)).toBe(false);
  });

  test('reads a null email fact as not an address', () => {
    expect(value({ is_email: { var: 'procore.vendors.910202.email' } })).toBe(false);
  });
});

describe('length', () => {
  test.each([
    ['abc', 3],
    ['', 0],
    ['héllo', 5],
    ['𝄞', 1],
    ['👍🏽', 2],
    ['日本語', 3],
  ])('text %j has %d code points', (text, n) => {
    expect(value({ length: [text] })).toBe(n);
  });

  test('lists count items; null counts 0', () => {
    expect(value({ length: [[1, 2, 3]] })).toBe(3);
    expect(value({ length: [[]] })).toBe(0);
    expect(value({ length: [null] })).toBe(0);
    expect(value({ length: { var: 'procore.items' } })).toBe(3);
    expect(value({ length: { var: 'hh2.none' } })).toBe(0);
  });

  test.each([[42], [true], [{ a: 1 }]])('%j is invalid', (bad) => {
    const result = run({ length: { var: 'x' } }, { x: bad });
    expect(result.value).toBeUndefined();
    expect(result.invalid).toMatch(/^length expects text or a list/);
    expect(result.invalid).toContain(JSON.stringify(bad));
  });
});

describe('in_set', () => {
  test('strict membership', () => {
    expect(value({ in_set: ['Not Used', ['Not Used', 'Not Required']] })).toBe(true);
    expect(value({ in_set: ['not used', ['Not Used', 'Not Required']] })).toBe(false);
    expect(value({ in_set: [1, ['1', 2]] })).toBe(false);
    expect(value({ in_set: [null, [null]] })).toBe(true);
    expect(value({ in_set: ['a', []] })).toBe(false);
    expect(value({ in_set: ['a', 'abc'] })).toBe(false);
    expect(value({ in_set: ['a', null] })).toBe(false);
  });

  test('fact against a setting, as the Sage date usage rules read them', () => {
    const { value: v, ctx } = run({ in_set: [{ var: 'sage.ap.invoiceSettings.dateReceivedUsage' }, { setting: 'sage.acceptedDateUsage' }] });
    expect(v).toBe(true);
    expect(ctx.settingReads).toEqual([{ name: 'sage.acceptedDateUsage', value: ['Not Used', 'Not Required'] }]);
  });
});

describe('keys, values, lower, trim', () => {
  test('keys and values of a mapping, in order', () => {
    expect(value({ keys: { var: 'procore.vendors' } })).toEqual(['910201', '910202']);
    expect(value({ values: { var: 'procore.company' } })).toEqual(['4820017', 'Harbor Point Builders, Inc.', 'US']);
    expect(value({ keys: { var: 'hh2.client' } })).toEqual(['version']);
  });

  test.each([['keys'], ['values']])('%s of a non-mapping is invalid', (op) => {
    for (const bad of [[1, 2], null, 'text', 3]) {
      const result = run({ [op]: { var: 'x' } }, { x: bad });
      expect(result.value).toBeUndefined();
      expect(result.invalid).toBe(`${op} expects a mapping, found ${JSON.stringify(bad)}`);
    }
  });

  test('lower and trim change text only', () => {
    expect(value({ lower: ['Not REQUIRED'] })).toBe('not required');
    expect(value({ trim: ['  Sage 300 CRE \t\n'] })).toBe('Sage 300 CRE');
    expect(value({ '==': [{ lower: { trim: ' Not Used ' } }, 'not used'] })).toBe(true);
    for (const other of [42, null, true]) {
      expect(value({ lower: [other] })).toBe(other);
      expect(value({ trim: [other] })).toBe(other);
    }
    expect(value({ lower: [[1]] })).toEqual([1]);
  });
});

describe('get', () => {
  test('reads an own key by computed name and records it at the right pointer', () => {
    const { value: v, ctx } = run({ get: [{ var: 'procore.vendors' }, { cat: ['9102', '01'] }] });
    expect(v).toEqual({ name: 'Bayside Electric LLC', email: 'ap@bayside.example.com', origin_code: 'BAYELEC' });
    expect(ctx.reads.at(-1)).toEqual({ path: 'procore.vendors.910201', pointer: '/procore/vendors/910201', present: true, value: v });
  });

  test('nested get records the leaf pointer', () => {
    const { value: v, ctx } = run({ get: [{ get: [{ var: 'procore.vendors' }, '910202'] }, 'origin_code'] });
    expect(v).toBeNull();
    expect(ctx.reads.at(-1)).toEqual({ path: 'procore.vendors.910202.origin_code', pointer: '/procore/vendors/910202/origin_code', present: true, value: null });
  });

  test('a list index', () => {
    const { value: v, ctx } = run({ get: [{ var: 'procore.items' }, 1] });
    expect(v).toEqual({ id: 'i2', amount: 5 });
    expect(ctx.reads.at(-1)?.pointer).toBe('/procore/items/1');
  });

  test('an absent key returns null and is recorded as missing', () => {
    const { value: v, ctx } = run({ get: [{ var: 'procore.vendors' }, '999999'] });
    expect(v).toBeNull();
    expect(ctx.reads.at(-1)).toEqual({ path: 'procore.vendors.999999', pointer: '/procore/vendors/999999', present: false });
  });

  test('a fallback is returned for an absent key and suppresses the missing record', () => {
    const { value: v, ctx } = run({ get: [{ var: 'procore.vendors' }, '999999', 'none'] });
    expect(v).toBe('none');
    expect(ctx.reads.filter((r) => !r.present)).toEqual([]);
  });

  test.each([['__proto__'], ['constructor'], ['prototype'], ['toString'], ['hasOwnProperty'], ['valueOf']])(
    'own keys only: %s yields nothing and is recorded absent',
    (key) => {
      const { value: v, ctx } = run({ get: [{ var: 'procore.company' }, key] });
      expect(v).toBeNull();
      expect(ctx.reads.at(-1)).toEqual({ path: `procore.company.${key}`, pointer: `/procore/company/${key}`, present: false });
      expect(run({ get: [{ var: 'procore.company' }, key, 'fb'] }).value).toBe('fb');
    },
  );

  test('keys are escaped in the pointer', () => {
    const data = { hh2: { advancedMappings: { 'Distribution/AP': true } } };
    const { ctx } = run({ get: [{ var: 'hh2.advancedMappings' }, 'Distribution/AP'] }, data);
    expect(ctx.reads.at(-1)).toEqual({
      path: 'hh2.advancedMappings.Distribution/AP',
      pointer: '/hh2/advancedMappings/Distribution~1AP',
      present: true,
      value: true,
    });
  });

  test('get on text items (not mappings) returns null and records nothing beyond the list', () => {
    const { value: v, ctx } = run({
      some: [{ var: 'procore.codes' }, { get: [{ var: '' }, 'missing'] }],
    });
    expect(v).toBe(false);
    expect(ctx.reads.map((r) => r.pointer)).toEqual(['/procore/codes']);
  });

  test('cross-reference from one fact to reference data keyed by id', () => {
    const data = snapshotData();
    data.procore.commitments[0].vendor = '910202';
    const { value: v, ctx } = run({ get: [{ get: [{ var: 'procore.vendors' }, { var: 'procore.commitments.0.vendor' }] }, 'email'] }, data);
    expect(v).toBeNull();
    expect(ctx.reads.map((r) => [r.pointer, r.present])).toEqual([
      ['/procore/vendors', true],
      ['/procore/commitments/0/vendor', true],
      ['/procore/vendors/910202', true],
      ['/procore/vendors/910202/email', true],
    ]);
  });
});

describe('setting', () => {
  test('reads ctx.settings and records each setting once', () => {
    const { value: v, ctx } = run({
      and: [{ setting: 'hh2.minimumClientVersion' }, { '==': [{ setting: 'hh2.minimumClientVersion' }, '1.31.467.xxxx'] }],
    });
    expect(v).toBe(true);
    expect(ctx.settingReads).toEqual([{ name: 'hh2.minimumClientVersion', value: '1.31.467.xxxx' }]);
    expect(ctx.reads).toEqual([]);
  });

  test('uses the effective value from the context, not a default', () => {
    const data = snapshotData();
    const ctx = newContext(data, { settings: new Map([['hh2.minimumClientVersion', '1.32.0.0']]) });
    expect(evaluateLogic({ version_gte: [{ var: 'hh2.client.version' }, { setting: 'hh2.minimumClientVersion' }] }, data, ctx).value).toBe(false);
  });

  test('an unknown setting is invalid and names the setting', () => {
    const result = run({ setting: 'hh2.minimumClientVersoin' });
    expect(result.value).toBeUndefined();
    expect(result.invalid).toBe('unknown setting "hh2.minimumClientVersoin"');
  });

  test('a prototype name is an unknown setting', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'size']) {
      expect(run({ setting: name }).invalid, name).toBe(`unknown setting "${name}"`);
    }
  });
});

describe('as_of', () => {
  test('is the context\'s as-of day and reads no fact', () => {
    const data = snapshotData();
    const ctx = newContext(data, { settings: SETTINGS });
    ctx.asOf = '2027-03-01';
    expect(evaluateLogic({ as_of: [] }, data, ctx).value).toBe('2027-03-01');
    expect(ctx.reads).toEqual([]);
    expect(evaluateLogic({ days_between: ['2026-10-06', { as_of: [] }] }, data, ctx).value).toBe(146);
  });

  test('without an as-of day (a mapping formula) it is invalid and says where it belongs', () => {
    const result = run({ days_between: ['2026-10-06', { as_of: [] }] });
    expect(result.value).toBeUndefined();
    expect(result.invalid).toBe('no as-of day is known here: as_of is for rules, not mapping formulas');
  });

  test('takes no arguments', () => {
    expect(knownOperations().get('as_of')?.args).toEqual([0, 0]);
  });
});

describe('registry', () => {
  test('every declared domain operation is installed and runs', () => {
    for (const op of domainOperations) {
      const args = Array.from({ length: op.args[0] }, () => null);
      let error: unknown;
      try {
        evaluateLogic({ [op.name]: args }, {}, newContext({}));
      } catch (e) {
        error = e;
      }
      expect(String(error ?? ''), op.name).not.toMatch(/Unrecognized operation/);
    }
  });

  test('every operation static analysis accepts is implemented', () => {
    const data = snapshotData();
    for (const name of knownOperations().keys()) {
      let error: unknown;
      try {
        evaluateLogic({ [name]: [] }, data, newContext(data, { settings: SETTINGS }));
      } catch (e) {
        error = e;
      }
      expect(String(error ?? ''), name).not.toMatch(/Unrecognized operation/);
    }
  });

  test('every domain operation says what it does, in a sentence', () => {
    for (const op of domainOperations) expect(op.description, op.name).toMatch(/^[A-Z].{20,}\.$/);
  });

  test('domain operation names are unique and do not shadow stock ones', () => {
    const names = domainOperations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(['var', 'missing', 'missing_some', 'get', 'setting', 'log', 'if', 'and', 'or']).not.toContain(n);
  });
});
