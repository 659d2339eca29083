// Dotted version numbers such as 1.31.467.1234, compared numerically part by part; "xxxx" means any build.
import { InexactValueError, InvalidValueError } from '../errors.ts';
import type { OperationSpec } from '../operation.ts';

type Part = bigint | '*';

// Rules compare the same few version texts again and again (one per customer, one per setting): each is
// parsed once. Bounded, so odd inputs cannot grow it without limit; parsed parts are never mutated.
// A text that is not a version is kept with the reason, so it is refused again without parsing.
const parsed = new Map<string, Part[] | string>();
const PARSED_LIMIT = 10_000;

export function parseVersion(value: unknown): Part[] {
  if (typeof value === 'string') {
    let hit = parsed.get(value);
    if (hit === undefined) {
      try {
        hit = parseVersionText(value);
      } catch (e) {
        if (!(e instanceof InvalidValueError)) throw e;
        hit = e.message;
      }
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(value, hit);
    }
    if (typeof hit === 'string') throw new InvalidValueError(hit);
    return hit;
  }
  return parseVersionText(value);
}

function parseVersionText(value: unknown): Part[] {
  if (typeof value !== 'string' || !/^\d+(\.(\d+|x+|\*)){1,3}$/i.test(value.trim())) {
    throw new InvalidValueError(
      `${JSON.stringify(value)} is not a version number: expected up to four numbers separated by dots, such as 1.31.467.0 (a trailing xxxx means any build)`,
    );
  }
  const parts = value
    .trim()
    .split('.')
    .map((p): Part => (/^(x+|\*)$/i.test(p) ? '*' : BigInt(p)));
  const firstWildcard = parts.indexOf('*');
  if (firstWildcard >= 0 && parts.slice(firstWildcard).some((p) => p !== '*')) {
    throw new InvalidValueError(`${JSON.stringify(value)} is not a version number: only the trailing parts may be xxxx`);
  }
  while (parts.length < 4) parts.push(0n);
  return parts;
}

/**
 * -1, 0 or 1. Only `b`, the version required, may end in wildcards: a wildcard part matches anything, so the
 * comparison stops there as equal. `a` is the version compared against it (what is installed), and one with a
 * wildcard stands for many versions, some older and some newer: no answer would be true, so it is refused as
 * inexact (the engine then asks for the exact version). Missing trailing parts of either read as 0.
 */
export function compareVersions(a: unknown, b: unknown): -1 | 0 | 1 {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x.includes('*')) {
    throw new InexactValueError(a, `${JSON.stringify(a)} stands for many versions (x stands for any number); the exact one is needed, every part a number`);
  }
  for (let i = 0; i < 4; i++) {
    if (y[i] === '*') return 0;
    if (x[i] !== y[i]) return (x[i] as bigint) < (y[i] as bigint) ? -1 : 1;
  }
  return 0;
}

export const versionOperations: OperationSpec[] = [
  {
    name: 'version_compare',
    args: [2, 2],
    description: 'Compares two dotted versions part by part as numbers: -1, 0 or 1. Only the second may end in xxxx.',
    fn: (a: unknown, b: unknown) => compareVersions(a, b),
  },
  {
    name: 'version_gte',
    args: [2, 2],
    description: 'True when the first version is the second or newer (1.31.1000.0 ≥ 1.31.467.9); only the second, the version required, may end in xxxx.',
    fn: (a: unknown, b: unknown) => compareVersions(a, b) >= 0,
  },
  {
    name: 'version_lt',
    args: [2, 2],
    description: 'True when the first version is older than the second; only the second, the version required, may end in xxxx.',
    fn: (a: unknown, b: unknown) => compareVersions(a, b) < 0,
  },
];
