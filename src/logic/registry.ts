// The one list of operations a rule may use: stock json-logic operations we keep, and the domain ones.
import type { OperationSpec } from './operation.ts';
import { versionOperations } from './ops/versions.ts';
import { dateOperations } from './ops/dates.ts';
import { textOperations } from './ops/text.ts';
import { moneyOperations } from './ops/money.ts';

export const domainOperations: OperationSpec[] = [...versionOperations, ...dateOperations, ...textOperations, ...moneyOperations];

/** Stock json-logic-js operations left as they are (`log` is removed; `var` and `missing*` are replaced). */
export const STOCK_OPERATIONS = [
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr',
  '+', '*', '-', '/', 'min', 'max', 'merge', 'if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some',
] as const;

/** Operations whose second argument is evaluated per item, with the item as the scope. */
export const SCOPED_OPERATIONS = new Set(['filter', 'map', 'reduce', 'all', 'none', 'some']);

export interface KnownOperation {
  name: string;
  args?: [number, number];
  description: string;
}

export function knownOperations(): Map<string, KnownOperation> {
  const map = new Map<string, KnownOperation>();
  for (const name of STOCK_OPERATIONS) map.set(name, { name, description: 'json-logic operation' });
  map.set('var', { name: 'var', args: [0, 2], description: 'A fact by dotted path; absent facts make the rule not-evaluable unless a default is given.' });
  map.set('missing', { name: 'missing', description: 'The listed facts that are absent, null or empty.' });
  map.set('missing_some', { name: 'missing_some', args: [2, 2], description: 'Absent facts, unless at least N of the list are present.' });
  map.set('get', { name: 'get', args: [2, 3], description: 'An own property of a mapping by a computed key, recorded as evidence.' });
  map.set('setting', { name: 'setting', args: [1, 1], description: 'The effective value of a pack setting by its dotted name.' });
  map.set('as_of', { name: 'as_of', args: [0, 0], description: 'The day the rules are judged on (YYYY-MM-DD): --as-of, default today in UTC; a rule case\'s snapshot capture day.' });
  for (const op of domainOperations) map.set(op.name, op);
  return map;
}
