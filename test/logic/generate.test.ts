// Generated code (src/logic/generate.ts) must give a verdict pass exactly what the closures give: the same value,
// the same complaint about a value, the same error, and the same absent facts recorded, in the same order. Held to
// the closures on seeded random expressions over random snapshot-shaped data, and on the pack's own expressions.
import { describe, expect, test } from 'vitest';
import { evaluateByClosures, evaluateGenerated, evaluateInto } from '../../src/logic/evaluate.ts';
import { generate } from '../../src/logic/generate.ts';
import { indexPointers, NO_READS, NO_SETTING_READS, type EvaluationContext } from '../../src/logic/context.ts';
import { loadPack } from '../../src/pack/load.ts';
import { prng, snapshotData } from './helpers.ts';

const SETTINGS = new Map<string, unknown>([
  ['export.mode', 'strict'],
  ['export.limit', 3],
  ['export.off', false],
  ['hh2.minimumClientVersion', '1.31.467.xxxx'],
]);

/** A verdict pass's context over `root` (absent facts only), as the engine and the export build one. */
function verdictContext(root: unknown, scope: unknown = root): EvaluationContext {
  return {
    root: scope,
    pointers: indexPointers(root),
    bindings: {},
    settings: SETTINGS,
    reads: NO_READS,
    settingReads: NO_SETTING_READS,
    probing: false,
    absentOnly: true,
    invalid: undefined,
  };
}

type Run = (logic: unknown, data: unknown, ctx: EvaluationContext) => unknown;

/** Everything a caller can observe of one evaluation. */
function observe(run: Run, logic: unknown, root: unknown, scope: unknown = root) {
  const ctx = verdictContext(root, scope);
  let value: unknown;
  let error: string | undefined;
  try {
    value = run(logic, scope, ctx);
  } catch (e) {
    error = `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
  return { value, error, invalid: ctx.invalid, inexact: ctx.inexact, reads: ctx.reads.map((r) => ({ ...r })), settingReads: ctx.settingReads.map((r) => ({ ...r })) };
}

// ---- Random expressions -----------------------------------------------------------------------------------------

const PATHS: unknown[] = [
  'procore.company.id', 'procore.company.name', 'procore.company.nothing', 'procore.vendors', 'procore.vendors.910201.origin_code',
  'procore.vendors.910202.origin_code', 'procore.vendors.999.origin_code', 'procore.items', 'procore.items.0.amount', 'procore.items.7.amount',
  'procore.items.length', 'procore.company.toString', 'procore.company.constructor', 'procore.__proto__.x', 'meta.customer', 'meta',
  'hh2.client.version', 'nothing', 'nothing.at.all', 'procore.company.name.length', '', 0, 1, 'amount', 'id', 'note', 'current', 'accumulator',
  'current.amount', 'hasOwnProperty', 'valueOf',
];
const ITEM_PATHS: unknown[] = ['', 'amount', 'id', 'note', 'current', 'current.amount', 'accumulator', 'accumulator.amount', 0, 'toString'];
const KEYS: unknown[] = ['910201', '910202', '999', 'id', 'name', 'origin_code', '__proto__', 'constructor', 'toString', 0, 1, 'length', null];
const LITERALS: unknown[] = [
  0, 1, -1, 2.5, -0, 'x', '', '12.50', '0.01', '-3', 'abc', 'ap@bayside.example.com', '2026-10-31', '10.4.2', '10.xxxx', true, false, null,
  [], [1, 2], ['910201'], { a: 1, b: 2 }, {}, Infinity, NaN,
];
const BINARY = ['==', '===', '!=', '!==', '>', '>=', '%', 'in', 'money_sub', 'money_eq', 'money_lt', 'version_gte', 'date_before', 'in_set', 'money_fits'];
const VARIADIC = ['+', '*', 'cat', 'min', 'max', 'merge', 'money_add', '<', '<='];
const UNARY = ['!', '!!', 'length', 'lower', 'trim', 'keys', 'values', 'money', 'money_neg', 'money_sum', 'is_email', '-'];
const PER_ITEM = ['map', 'filter', 'all', 'none', 'some', 'reduce'];

function randomExpression(rand: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const sub = () => randomExpression(rand, depth - 1);
  const r = rand();
  if (depth <= 0 || r < 0.12) return pick(LITERALS);
  if (r < 0.38) {
    const path = pick(PATHS);
    const form = rand();
    return form < 0.45 ? { var: path } : form < 0.7 ? { var: [path] } : form < 0.9 ? { var: [path, pick(LITERALS)] } : { var: [path, null] };
  }
  if (r < 0.44) return rand() < 0.5 ? { get: [sub(), pick(KEYS)] } : { get: [sub(), rand() < 0.5 ? pick(KEYS) : sub(), pick(LITERALS)] };
  if (r < 0.47) return { setting: pick(['export.mode', 'export.limit', 'export.off', 'export.unknown']) };
  if (r < 0.55) return { [pick(['if', '?:'])]: Array.from({ length: Math.floor(rand() * 6) }, sub) };
  if (r < 0.62) return { [pick(['and', 'or'])]: Array.from({ length: Math.floor(rand() * 5) }, sub) };
  if (r < 0.7) return { [pick(UNARY)]: rand() < 0.5 ? sub() : [sub()] };
  if (r < 0.78) return { [pick(BINARY)]: [sub(), sub()] };
  if (r < 0.84) return { [pick(VARIADIC)]: Array.from({ length: 1 + Math.floor(rand() * 3) }, sub) };
  if (r < 0.93) {
    const op = pick(PER_ITEM);
    // The per-item expression mostly reads the item (reduce's is {current, accumulator}).
    const item = rand() < 0.6 ? { [pick(['money_add', 'cat', '+', 'if'])]: [{ var: pick(ITEM_PATHS) }, { var: pick(ITEM_PATHS) }] } : sub();
    const args: unknown[] = [rand() < 0.7 ? { var: pick(['procore.items', 'procore.vendors', 'list', 'empty', 'nothing', 'procore.items.0']) } : sub(), item];
    if (op === 'reduce' && rand() < 0.7) args.push(sub());
    return { [op]: rand() < 0.05 ? args.slice(0, 1) : args };
  }
  if (r < 0.96) return { [pick(['missing', 'missing_some'])]: rand() < 0.5 ? [1, [pick(PATHS), pick(PATHS)]] : [pick(PATHS), pick(PATHS)] };
  if (r < 0.98) return { var: [sub(), pick(LITERALS)] };
  return { [pick(['nope', 'log', 'a.b'])]: [sub()] };
}

function randomData(rand: () => number): Record<string, any> {
  const data = snapshotData();
  if (rand() < 0.3) delete data.procore.company.name;
  if (rand() < 0.3) data.procore.items[1] = null;
  if (rand() < 0.2) data.procore.items = 'not a list';
  if (rand() < 0.3) data.list = [{ amount: '1.50', id: 'a' }, { amount: 'x', id: 'b' }, 3, null, ['nested']];
  if (rand() < 0.2) data.procore.vendors['910201'] = Object.create({ origin_code: 'INHERITED' });
  if (rand() < 0.2) data.meta = null;
  if (rand() < 0.2) data.hh2.client.version = '1.31.xxxx'; // recorded inexactly
  data.empty = [];
  return data;
}

describe('generated code against the closures', () => {
  test('the same value, complaint, error and recorded absent facts on 4,000 random expressions', () => {
    const rand = prng(20261127);
    let values = 0;
    let recorded = 0;
    let failed = 0;
    for (let i = 0; i < 4000; i++) {
      const logic = randomExpression(rand, 1 + Math.floor(rand() * 4));
      const data = randomData(rand);
      // Sometimes the scope is the snapshot with names added, as the export's is.
      const scope = rand() < 0.3 ? { ...data, amount: '4.00', line: data.procore.items[0] } : data;
      const expected = observe(evaluateByClosures, logic, data, scope);
      const actual = observe(evaluateGenerated, logic, data, scope);
      expect(actual, JSON.stringify(logic)).toEqual(expected);
      if (expected.error === undefined && expected.value !== null && expected.value !== undefined) values++;
      if (expected.reads.length > 0) recorded++;
      if (expected.error !== undefined || expected.invalid !== undefined) failed++;
    }
    // The comparison covers every kind of outcome.
    expect(values).toBeGreaterThan(1000);
    expect(recorded).toBeGreaterThan(300);
    expect(failed).toBeGreaterThan(100);
  });

  test('every expression of the pack, on each fixture snapshot and invoice shape', () => {
    const { pack } = loadPack('rules');
    expect(pack).toBeDefined();
    const expressions: unknown[] = [];
    for (const rule of pack!.rules) {
      expressions.push(rule.check);
      if (rule.when !== undefined) expressions.push(rule.when);
    }
    for (const section of ['computed', 'header', 'distribution'] as const) for (const f of pack!.mapping![section]) expressions.push(f.formula);
    expect(expressions.length).toBeGreaterThan(40);
    const rand = prng(7);
    let inexact = 0;
    for (let i = 0; i < 60; i++) {
      const data = randomData(rand);
      const invoice = { id: 1, commitment_id: 70301, vendor_id: 910201, invoice_number: i % 3 ? 'A-1' : '', items: [{ cost_code_id: 3101, work_completed_this_period: '10.00' }] };
      const scope = { ...data, invoice, item: data.procore.items[0], line: invoice.items[0], computed: {} };
      for (const logic of expressions) {
        const expected = observe(evaluateByClosures, logic, data, scope);
        expect(observe(evaluateGenerated, logic, data, scope), JSON.stringify(logic)).toEqual(expected);
        if (expected.inexact !== undefined) inexact++;
      }
    }
    expect(inexact).toBeGreaterThan(0); // hh2-client-version on a version recorded as 1.31.xxxx
  });

  test('evaluateInto gives the same answers before an expression is hot (closures) and after (generated code)', () => {
    const logic = { cat: [{ var: 'procore.company.name' }, { var: ['procore.company.nothing', '-'] }, { var: 'meta.nothing' }] };
    const data = snapshotData();
    const answers = Array.from({ length: 20 }, () => observe(evaluateInto, logic, data));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].reads.map((r) => r.pointer)).toEqual(['/meta/nothing']);
    expect(answers[0].value).toBe('Harbor Point Builders, Inc.-');
  });

  test('names and values never become code', () => {
    const hostile = '"); globalThis["pwned"] = true; (`${1}`+"\\u2028\u2028';
    const logic = { cat: [{ var: `${hostile}.x` }, { get: [{ var: '' }, hostile] }, hostile, { [hostile]: [1] }] };
    const data = { [hostile]: { x: 'a' } };
    const actual = observe(evaluateGenerated, logic, data);
    expect(actual).toEqual(observe(evaluateByClosures, logic, data));
    expect(actual.error).toMatch(/Unrecognized operation/);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    const runtimeStub = {
      truthy: (v: unknown) => !!v,
      closure: () => () => 'slow',
      operations: () => ({}),
      scopeReaders: new Set(),
      unrecognized: () => () => 'unknown',
      readSetting: () => undefined,
      listed: () => undefined,
      isLogic: (n: unknown): n is Record<string, unknown> => n !== null && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 1,
      constant: () => true,
      forbidden: new Set<string>(),
    };
    // A read of a name holding quotes and code is a plain property read.
    expect(generate({ var: `${hostile}.x` }, runtimeStub as never)({ [hostile]: { x: 'plain' } })).toBe('plain');
  });
});

