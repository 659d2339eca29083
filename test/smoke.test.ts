import { expect, test } from 'vitest';
import { compareVersions } from '../src/logic/ops/versions.ts';
test('versions compare numerically', () => {
  expect(compareVersions('1.31.1000.0', '1.31.467.9')).toBe(1);
});
