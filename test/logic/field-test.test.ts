// fieldTest turns a check of one field of the item (`{var: item.x}` under `!` and `!!`) into a plain test of the
// item, which the export's problems-only pass runs instead of checkEach. It must give checkEach's verdict on
// every item, and decline (undefined) every check of another shape.
import { describe, expect, test } from 'vitest';
import { checkEach, fieldTest } from '../../src/logic/evaluate.ts';
import { NO_READS, NO_SETTING_READS, type EvaluationContext } from '../../src/logic/context.ts';
import { prng } from '../prng.ts';

/** checkEach's verdict on each item, the way the engine's problems-only pass calls it (item bound to a stand-in pointer). */
function verdicts(check: unknown, items: unknown[]): boolean[] {
  const scope: Record<string, unknown> = { item: undefined, itemKey: undefined, invoice: { id: 1 } };
  const ctx: EvaluationContext = { root: scope, pointers: new WeakMap(), bindings: { item: '\u0000item', itemKey: undefined }, settings: new Map(), reads: NO_READS, settingReads: NO_SETTING_READS, probing: false, absentOnly: true, invalid: undefined };
  const passed = items.map(() => true);
  checkEach(check, scope, ctx, items.length, (i) => void (scope.item = items[i]), (i) => void (passed[i] = false));
  return passed;
}

const VALUES: unknown[] = [true, false, 0, 1, -1, '', 'x', '0', null, undefined, [], [0], {}, { a: 1 }, NaN];

function randomItem(rand: () => number): unknown {
  const r = rand();
  if (r < 0.1) return VALUES[Math.floor(rand() * VALUES.length)]; // not a mapping at all, sometimes
  if (r < 0.15) return [VALUES[Math.floor(rand() * VALUES.length)]];
  const item: Record<string, unknown> = {};
  for (const field of ['fits', 'blank', 'other']) if (rand() < 0.8) item[field] = VALUES[Math.floor(rand() * VALUES.length)];
  if (rand() < 0.9) return item;
  // An inherited field is not the item's own: it reads as absent.
  const inherited = Object.create({ fits: rand() < 0.5, blank: rand() < 0.5, other: rand() < 0.5 });
  for (const k of Object.keys(item)) if (rand() < 0.5) inherited[k] = item[k];
  return inherited;
}

describe('fieldTest', () => {
  const shapes: unknown[] = [
    { var: 'item.fits' },
    { '!': { var: 'item.blank' } },
    { '!!': { var: 'item.fits' } },
    { '!': [{ var: 'item.fits' }] },
    { '!': { '!': { '!': { var: ['item.blank'] } } } },
    { '!!': [{ '!': { var: 'item.other' } }] },
  ];

  test.each(shapes.map((s) => [JSON.stringify(s), s]))('%s: the same verdict as checkEach on every item', (_, check) => {
    const rand = prng(JSON.stringify(check).length * 7919);
    const items = Array.from({ length: 3000 }, () => randomItem(rand));
    const fast = fieldTest(check);
    expect(fast).toBeTypeOf('function');
    const expected = verdicts(check, items);
    expect(items.map((item) => fast!(item))).toEqual(expected);
    // Both outcomes occur, so the comparison means something.
    expect(expected).toContain(true);
    expect(expected).toContain(false);
  });

  test.each([
    ['a default', { var: ['item.fits', true] }],
    ['a deeper path', { var: 'item.fits.value' }],
    ['another name', { var: 'line.fits' }],
    ['the item itself', { var: 'item' }],
    ['a prototype segment', { var: 'item.__proto__' }],
    ['a computed path', { var: { cat: ['item.', 'fits'] } }],
    ['two arguments to !', { '!': [{ var: 'item.fits' }, { var: 'item.blank' }] }],
    ['another operation', { '===': [{ var: 'item.fits' }, true] }],
    ['a literal', true],
  ])('declines %s', (_, check) => {
    expect(fieldTest(check)).toBeUndefined();
  });
});
