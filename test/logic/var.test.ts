// The replaced `var` (and `missing`/`missing_some`): own properties only, absent vs null, evidence pointers.
import { describe, expect, test } from 'vitest';
import { evaluateLogic } from '../../src/logic/evaluate.ts';
import type { EvaluationContext, FactRead } from '../../src/logic/context.ts';
import { newContext, snapshotData } from './helpers.ts';

function run(logic: unknown, data: Record<string, any> = snapshotData()): { value: unknown; invalid?: string; ctx: EvaluationContext } {
  const ctx = newContext(data);
  return { ...evaluateLogic(logic, data, ctx), ctx };
}

const pointers = (reads: FactRead[]) => reads.map((r) => r.pointer);
const absent = (reads: FactRead[]) => reads.filter((r) => !r.present).map((r) => r.pointer);

describe('var reads only own properties', () => {
  test.each([
    ['__proto__'],
    ['constructor'],
    ['prototype'],
    ['toString'],
    ['hasOwnProperty'],
    ['valueOf'],
    ['isPrototypeOf'],
    ['procore.__proto__'],
    ['procore.constructor'],
    ['procore.constructor.prototype'],
    ['procore.toString'],
    ['procore.company.__proto__.toString'],
    ['procore.items.constructor'],
    ['procore.items.map'],
    ['procore.codes.0.toUpperCase'],
    ['procore.codes.0.length'],
    ['meta.customer.constructor'],
  ])('%s yields nothing', (path) => {
    const { value, invalid, ctx } = run({ var: path });
    expect(invalid).toBeUndefined();
    expect(value).toBeNull();
    expect(ctx.reads.every((r) => !r.present)).toBe(true);
  });

  test('never hands out Object.prototype or a function, even with a default', () => {
    for (const path of ['__proto__', 'constructor', 'toString', 'procore.__proto__', 'procore.items.constructor']) {
      const { value } = run({ var: [path, 'fallback'] });
      expect(value, path).toBe('fallback');
    }
    const seen = run({ map: [['__proto__', 'constructor', 'toString', 'valueOf'], { var: [{ cat: ['procore.', { var: '' }] }] }] });
    expect(seen.value).toEqual([null, null, null, null]);
  });

  test('an own "__proto__" key in parsed data is still not readable', () => {
    const data = JSON.parse('{"a": {"__proto__": {"polluted": 1}, "ok": 2}}') as Record<string, any>;
    expect(Object.prototype.hasOwnProperty.call(data.a, '__proto__')).toBe(true);
    expect(run({ var: 'a.__proto__.polluted' }, data).value).toBeNull();
    expect(run({ var: 'a.__proto__' }, data).value).toBeNull();
    expect(run({ var: 'a.ok' }, data).value).toBe(2);
  });

  test('forbidden and inherited reads are recorded as absent at the pointer the rule named', () => {
    const { ctx } = run({ var: 'procore.company.toString' });
    expect(ctx.reads).toEqual([{ path: 'procore.company.toString', pointer: '/procore/company/toString', present: false }]);
  });

  test('own properties of lists (an index, length) are readable', () => {
    expect(run({ var: 'procore.codes.1' }).value).toBe('02-200');
    expect(run({ var: 'procore.items.length' }).value).toBe(3);
  });
});

describe('absent and null facts are told apart', () => {
  test('a null fact is recorded present with value null', () => {
    const { value, ctx } = run({ var: 'hh2.none' });
    expect(value).toBeNull();
    expect(ctx.reads).toEqual([{ path: 'hh2.none', pointer: '/hh2/none', present: true, value: null }]);
  });

  test('an absent fact is recorded present:false, without a value', () => {
    const { value, ctx } = run({ var: 'hh2.client.build' });
    expect(value).toBeNull();
    expect(ctx.reads).toHaveLength(1);
    expect(ctx.reads[0]).toEqual({ path: 'hh2.client.build', pointer: '/hh2/client/build', present: false });
    expect('value' in ctx.reads[0]).toBe(false);
  });

  test('an absent section names the whole path that was asked for', () => {
    const { ctx } = run({ var: 'survey.platform.os' });
    expect(ctx.reads).toEqual([{ path: 'survey.platform.os', pointer: '/survey/platform/os', present: false }]);
  });

  test('a path through a null value is absent beyond the null', () => {
    const data = snapshotData();
    data.hh2.client = null;
    const { value, ctx } = run({ var: 'hh2.client.version' }, data);
    expect(value).toBeNull();
    expect(ctx.reads).toEqual([{ path: 'hh2.client.version', pointer: '/hh2/client/version', present: false }]);
  });

  test('present falsy values (0, false, "") are present', () => {
    const { ctx } = run({ and: [{ '==': [{ var: 'hh2.zero' }, 0] }, { '!': { var: 'hh2.flag' } }, { '==': [{ var: 'hh2.empty' }, ''] }] });
    expect(ctx.reads).toEqual([
      { path: 'hh2.zero', pointer: '/hh2/zero', present: true, value: 0 },
      { path: 'hh2.flag', pointer: '/hh2/flag', present: true, value: false },
      { path: 'hh2.empty', pointer: '/hh2/empty', present: true, value: '' },
    ]);
  });

  test('a present fact is recorded with its value', () => {
    const { value, ctx } = run({ var: 'hh2.client.version' });
    expect(value).toBe('1.31.467.12');
    expect(ctx.reads).toEqual([{ path: 'hh2.client.version', pointer: '/hh2/client/version', present: true, value: '1.31.467.12' }]);
  });

  test('keys with "/" and "~" are escaped in the pointer and kept in the path', () => {
    const data = { hh2: { advancedMappings: { 'Distribution/AP': true, 'a~b': 1 } } };
    const { ctx } = run({ and: [{ var: 'hh2.advancedMappings.Distribution/AP' }, { var: 'hh2.advancedMappings.a~b' }] }, data);
    expect(ctx.reads).toEqual([
      { path: 'hh2.advancedMappings.Distribution/AP', pointer: '/hh2/advancedMappings/Distribution~1AP', present: true, value: true },
      { path: 'hh2.advancedMappings.a~b', pointer: '/hh2/advancedMappings/a~0b', present: true, value: 1 },
    ]);
  });
});

describe('every fact read at run time is recorded with its pointer', () => {
  test('some over a list of objects names each index it read, and stops at the first match', () => {
    const { value, ctx } = run({ some: [{ var: 'procore.items' }, { '>': [{ var: 'amount' }, 2] }] });
    expect(value).toBe(true);
    expect(pointers(ctx.reads)).toEqual(['/procore/items', '/procore/items/0/amount', '/procore/items/1/amount']);
    expect(ctx.reads[2]).toEqual({ path: 'procore.items.1.amount', pointer: '/procore/items/1/amount', present: true, value: 5 });
  });

  test('all over a list of objects', () => {
    const { value, ctx } = run({ all: [{ var: 'procore.items' }, { '>=': [{ var: 'amount' }, 1] }] });
    expect(value).toBe(true);
    expect(pointers(ctx.reads)).toEqual(['/procore/items', '/procore/items/0/amount', '/procore/items/1/amount', '/procore/items/2/amount']);
  });

  test('none over a list of objects records an absent property per item', () => {
    const { value, ctx } = run({ none: [{ var: 'procore.items' }, { var: 'approved' }] });
    expect(value).toBe(true);
    expect(absent(ctx.reads)).toEqual(['/procore/items/0/approved', '/procore/items/1/approved', '/procore/items/2/approved']);
  });

  test('filter and map name the item index', () => {
    const filtered = run({ filter: [{ var: 'procore.items' }, { '>': [{ var: 'amount' }, 2] }] });
    expect(filtered.value).toEqual([{ id: 'i2', amount: 5 }, { id: 'i3', amount: 9, note: null }]);
    expect(pointers(filtered.ctx.reads)).toEqual(['/procore/items', '/procore/items/0/amount', '/procore/items/1/amount', '/procore/items/2/amount']);

    const mapped = run({ map: [{ var: 'procore.items' }, { var: 'note' }] });
    expect(mapped.value).toEqual([null, null, null]);
    expect(mapped.ctx.reads.slice(1)).toEqual([
      { path: 'procore.items.0.note', pointer: '/procore/items/0/note', present: false },
      { path: 'procore.items.1.note', pointer: '/procore/items/1/note', present: false },
      { path: 'procore.items.2.note', pointer: '/procore/items/2/note', present: true, value: null },
    ]);
  });

  test('nested some names both indexes', () => {
    const { value, ctx } = run({
      some: [{ var: 'procore.commitments' }, { some: [{ var: 'lines' }, { '==': [{ var: 'code' }, 'X'] }] }],
    });
    expect(value).toBe(true);
    expect(pointers(ctx.reads)).toEqual([
      '/procore/commitments',
      '/procore/commitments/0/lines',
      '/procore/commitments/0/lines/0/code',
      '/procore/commitments/0/lines/1/code',
      '/procore/commitments/1/lines',
      '/procore/commitments/1/lines/0/code',
      '/procore/commitments/1/lines/1/code',
    ]);
  });

  test('reference data keyed by id, iterated through values, names the id', () => {
    const { value, ctx } = run({ all: [{ values: { var: 'procore.vendors' } }, { is_email: { var: 'email' } }] });
    expect(value).toBe(false);
    expect(ctx.reads.slice(1)).toEqual([
      { path: 'procore.vendors.910201.email', pointer: '/procore/vendors/910201/email', present: true, value: 'ap@bayside.example.com' },
      { path: 'procore.vendors.910202.email', pointer: '/procore/vendors/910202/email', present: true, value: null },
    ]);
  });

  test('reduce over objects records current.property at the item pointer', () => {
    const { value, ctx } = run({ reduce: [{ var: 'procore.items' }, { '+': [{ var: 'accumulator' }, { var: 'current.amount' }] }, 0] });
    expect(value).toBe(15);
    expect(pointers(ctx.reads)).toEqual(['/procore/items', '/procore/items/0/amount', '/procore/items/1/amount', '/procore/items/2/amount']);
  });

  test('in an each rule, the bound item and root facts are recorded, present or absent', () => {
    // built exactly as src/engine/evaluate.ts checkOne does: scope = { ...data, item, itemKey }, bindings = { item: pointer }
    const data = snapshotData();
    const item = data.procore.vendors['910202'];
    const scope = { ...data, item, itemKey: '910202' };
    const ctx = newContext(data, { root: scope, bindings: { item: '/procore/vendors/910202' } });
    const logic = { and: [{ var: 'item.name' }, { var: 'hh2.client.version' }, { var: 'item.origin_code' }] };
    expect(evaluateLogic(logic, scope, ctx).value).toBeNull();
    expect(ctx.reads).toEqual([
      { path: 'procore.vendors.910202.name', pointer: '/procore/vendors/910202/name', present: true, value: 'Keystone Concrete' },
      { path: 'hh2.client.version', pointer: '/hh2/client/version', present: true, value: '1.31.467.12' },
      { path: 'procore.vendors.910202.origin_code', pointer: '/procore/vendors/910202/origin_code', present: true, value: null },
    ]);
  });

  test('in an each rule, an absent property of the item is recorded as missing', () => {
    const data = snapshotData();
    const item = data.procore.vendors['910201'];
    const scope = { ...data, item, itemKey: '910201' };
    const ctx = newContext(data, { root: scope, bindings: { item: '/procore/vendors/910201' } });
    evaluateLogic({ var: 'item.synced_to_erp' }, scope, ctx);
    expect(ctx.reads).toEqual([{ path: 'procore.vendors.910201.synced_to_erp', pointer: '/procore/vendors/910201/synced_to_erp', present: false }]);
  });

  // Bug: the each-rule scope is a spread copy of the snapshot, which has no pointer, so a root fact that is
  // absent (a whole missing section) is not recorded at all: the rule passes or fails instead of being
  // not-evaluable ("a missing fact is never a pass").
  test('in an each rule, an absent root fact is recorded as missing', () => {
    const data = snapshotData();
    const item = data.procore.vendors['910201'];
    const scope = { ...data, item, itemKey: '910201' };
    const ctx = newContext(data, { root: scope, bindings: { item: '/procore/vendors/910201' } });
    const { value } = evaluateLogic({ '!': { var: 'survey.vendorsBlocked' } }, scope, ctx);
    expect(value).toBe(true);
    expect(ctx.reads).toEqual([{ path: 'survey.vendorsBlocked', pointer: '/survey/vendorsBlocked', present: false }]);
  });
});

describe('reads skipped by short-circuit are not recorded', () => {
  test('or stops at the first truthy fact', () => {
    const { value, ctx } = run({ or: [{ var: 'hh2.enabled' }, { var: 'hh2.flag' }, { var: 'nowhere.at.all' }] });
    expect(value).toBe(true);
    expect(pointers(ctx.reads)).toEqual(['/hh2/enabled']);
  });

  test('and stops at the first falsy fact', () => {
    const { value, ctx } = run({ and: [{ var: 'hh2.enabled' }, { var: 'hh2.zero' }, { var: 'nowhere.at.all' }] });
    expect(value).toBe(0);
    expect(pointers(ctx.reads)).toEqual(['/hh2/enabled', '/hh2/zero']);
  });

  test('if evaluates only the branch it takes', () => {
    const taken = run({ if: [{ var: 'hh2.flag' }, { var: 'then.branch' }, { var: 'hh2.client.version' }] });
    expect(taken.value).toBe('1.31.467.12');
    expect(pointers(taken.ctx.reads)).toEqual(['/hh2/flag', '/hh2/client/version']);

    const chain = run({ if: [{ var: 'hh2.flag' }, { var: 'a.b' }, { var: 'hh2.enabled' }, 'yes', { var: 'c.d' }] });
    expect(chain.value).toBe('yes');
    expect(pointers(chain.ctx.reads)).toEqual(['/hh2/flag', '/hh2/enabled']);
  });

  test('?: evaluates only the branch it takes', () => {
    const { ctx } = run({ '?:': [{ var: 'hh2.enabled' }, { var: 'meta.customer' }, { var: 'never.read' }] });
    expect(pointers(ctx.reads)).toEqual(['/hh2/enabled', '/meta/customer']);
  });
});

describe('defaults and missing probes', () => {
  test('{var: [x, default]} with x absent returns the default and records nothing', () => {
    const { value, ctx } = run({ var: ['hh2.client.build', 'none'] });
    expect(value).toBe('none');
    expect(ctx.reads).toEqual([]);
  });

  test('a null default also suppresses the missing record', () => {
    const { value, ctx } = run({ var: ['survey.answered', null] });
    expect(value).toBeNull();
    expect(absent(ctx.reads)).toEqual([]);
  });

  test('{var: [x, default]} with x present returns and records x', () => {
    const { value, ctx } = run({ var: ['hh2.zero', 7] });
    expect(value).toBe(0);
    expect(ctx.reads).toEqual([{ path: 'hh2.zero', pointer: '/hh2/zero', present: true, value: 0 }]);
  });

  test('missing lists absent, null and empty facts without recording them as gaps', () => {
    const { value, ctx } = run({ missing: ['hh2.client.version', 'hh2.none', 'hh2.empty', 'survey.answered', 'hh2.zero', 'toString'] });
    expect(value).toEqual(['hh2.none', 'hh2.empty', 'survey.answered', 'toString']);
    expect(absent(ctx.reads)).toEqual([]);
    expect(ctx.probing).toBe(false);
  });

  test('missing with a computed list of keys', () => {
    const { value, ctx } = run({ missing: { merge: ['hh2.client.version', 'survey.answered'] } });
    expect(value).toEqual(['survey.answered']);
    expect(absent(ctx.reads)).toEqual([]);
  });

  test('missing_some: enough present returns [], too few returns the absent ones, nothing absent recorded', () => {
    const enough = run({ missing_some: [1, ['hh2.client.version', 'survey.answered']] });
    expect(enough.value).toEqual([]);
    expect(absent(enough.ctx.reads)).toEqual([]);
    const tooFew = run({ missing_some: [2, ['hh2.client.version', 'survey.answered', 'survey.other']] });
    expect(tooFew.value).toEqual(['survey.answered', 'survey.other']);
    expect(absent(tooFew.ctx.reads)).toEqual([]);
    expect(tooFew.ctx.probing).toBe(false);
  });

  test('probing ends with missing: a later var still records absence', () => {
    const { value, ctx } = run({ if: [{ missing: ['survey.answered'] }, { var: 'survey.fallback' }, 'present'] });
    expect(value).toBeNull();
    expect(absent(ctx.reads)).toEqual(['/survey/fallback']);
  });
});

describe('evaluation context', () => {
  test('each evaluation records into its own context', () => {
    const data = snapshotData();
    const first = newContext(data);
    const second = newContext(data);
    expect(evaluateLogic({ if: [{ var: 'hh2.enabled' }, { var: 'meta.customer' }, null] }, data, first).value).toBe('Harbor Point Builders');
    evaluateLogic({ var: 'hh2.zero' }, data, second);
    evaluateLogic({ var: 'hh2.flag' }, data, first);
    expect(pointers(first.reads)).toEqual(['/hh2/enabled', '/meta/customer', '/hh2/flag']);
    expect(pointers(second.reads)).toEqual(['/hh2/zero']);
  });

  test('an operation error other than an invalid value propagates and leaves no context behind', () => {
    const data = snapshotData();
    expect(() => evaluateLogic({ no_such_op: [] }, data, newContext(data))).toThrow(/Unrecognized operation/);
    const ctx = newContext(data);
    expect(evaluateLogic({ var: 'hh2.zero' }, data, ctx).value).toBe(0);
    expect(pointers(ctx.reads)).toEqual(['/hh2/zero']);
  });
});
