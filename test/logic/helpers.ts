// Shared helpers for the test/logic suite: a pristine json-logic-js, an evaluation context built the way the
// engine builds one, a snapshot-shaped data set and a small seeded PRNG.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
export { prng } from '../prng.ts';
import { indexPointers, type EvaluationContext } from '../../src/logic/context.ts';

export interface PristineJsonLogic {
  apply(logic: unknown, data?: unknown): unknown;
  truthy(value: unknown): boolean;
  add_operation(name: string, fn: (...args: any[]) => unknown): void;
}

/** Path of the json-logic-js file our module loads (node_modules/json-logic-js/logic.js). */
export const jsonLogicFile: string = createRequire(import.meta.url).resolve('json-logic-js');

/**
 * A fresh json-logic-js evaluated from its source file in a new vm context: no module cache is shared with
 * src/logic/evaluate.ts, so neither our `var` nor the removal of `log` can reach it.
 */
export function loadPristineJsonLogic(): PristineJsonLogic {
  const source = readFileSync(jsonLogicFile, 'utf8');
  const module: { exports: unknown } = { exports: {} };
  const sandbox = { module, exports: module.exports, console };
  vm.runInNewContext(source, sandbox, { filename: jsonLogicFile });
  return module.exports as PristineJsonLogic;
}

/** What src/engine/evaluate.ts newContext builds: pointers index the snapshot data, not the scope. */
export function newContext(
  data: unknown,
  options: { root?: unknown; bindings?: Record<string, string | undefined>; settings?: ReadonlyMap<string, unknown> } = {},
): EvaluationContext {
  return {
    root: options.root ?? data,
    pointers: indexPointers(data),
    bindings: options.bindings ?? {},
    settings: options.settings ?? new Map(),
    reads: [],
    settingReads: [],
    probing: false,
  };
}

/** A small snapshot shaped like fixtures/snapshots/*.yaml. A new object on every call. */
export function snapshotData(): Record<string, any> {
  return {
    meta: { customer: 'Harbor Point Builders', captured_at: '2026-11-02T14:30:00Z' },
    procore: {
      company: { id: '4820017', name: 'Harbor Point Builders, Inc.', country: 'US' },
      vendors: {
        '910201': { name: 'Bayside Electric LLC', email: 'ap@bayside.example.com', origin_code: 'BAYELEC' },
        '910202': { name: 'Keystone Concrete', email: null, origin_code: null },
      },
      items: [
        { id: 'i1', amount: 1 },
        { id: 'i2', amount: 5 },
        { id: 'i3', amount: 9, note: null },
      ],
      commitments: [
        { number: 'SC-1', lines: [{ code: 'A' }, { code: 'B' }] },
        { number: 'SC-2', lines: [{ code: 'C' }, { code: 'X' }] },
      ],
      codes: ['01-100', '02-200'],
    },
    hh2: { client: { version: '1.31.467.12' }, zero: 0, flag: false, enabled: true, empty: '', none: null },
    sage: { ap: { invoiceSettings: { dateReceivedUsage: 'Not Required' } } },
  };
}

