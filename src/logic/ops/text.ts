// Text and collection helpers: length, e-mail validity, set membership, case folding, own keys and values.
import { InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;

export function isEmail(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

function ownObject(value: unknown, op: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidValueError(`${op} expects a mapping, found ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

export const textOperations: OperationSpec[] = [
  {
    name: 'length',
    args: [1, 1],
    description: 'Number of characters in a text, or of items in a list (null counts as 0).',
    fn: (value: unknown) => {
      if (value === null) return 0;
      if (typeof value === 'string') return [...value].length;
      if (Array.isArray(value)) return value.length;
      throw new InvalidValueError(`length expects text or a list, found ${JSON.stringify(value)}`);
    },
  },
  {
    name: 'is_email',
    args: [1, 1],
    description: 'True when the value looks like one e-mail address (name@domain.tld).',
    fn: (value: unknown) => isEmail(value),
  },
  {
    name: 'in_set',
    args: [2, 2],
    description: 'True when the value equals (===) one item of the list.',
    fn: (value: unknown, list: unknown) => Array.isArray(list) && list.includes(value),
  },
  {
    name: 'lower',
    args: [1, 1],
    description: 'The text in lower case (for comparisons that ignore case); other values unchanged.',
    fn: (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value),
  },
  {
    name: 'trim',
    args: [1, 1],
    description: 'The text without leading and trailing white space; other values unchanged.',
    fn: (value: unknown) => (typeof value === 'string' ? value.trim() : value),
  },
  {
    name: 'keys',
    args: [1, 1],
    description: 'The own keys of a mapping: integer-like keys (Procore ids) ascending, then the rest in file order.',
    fn: (value: unknown) => Object.keys(ownObject(value, 'keys')),
  },
  {
    name: 'values',
    args: [1, 1],
    description: 'The own values of a mapping, in the same order as keys.',
    // Object.keys, then each value read: for a mapping keyed by Procore ids (kept as a dictionary) about twice
    // as fast as Object.values, which lists the same own values in the same order.
    fn: (value: unknown) => {
      const object = ownObject(value, 'values');
      const keys = Object.keys(object);
      const out = new Array(keys.length);
      for (let i = 0; i < keys.length; i++) out[i] = object[keys[i]];
      return out;
    },
  },
];
