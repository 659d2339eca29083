// The tests Stryker runs against each mutant: in-process unit tests of the mutated modules only. Tests that spawn
// bin/preflight.js are left out: a child process loads the original sources, never the mutant, so they would only
// slow every run down without killing anything.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The modules' own tests, and the engine tests that reach them through json-logic (arity, registry).
    include: [
      'test/logic/ops.test.ts',
      'test/logic/analyze.test.ts',
      'test/logic/versions*.test.ts',
      'test/logic/dates*.test.ts',
      'test/logic/money*.test.ts',
      'test/smoke.test.ts',
      'test/export/money.test.ts',
      'test/config/config.test.ts',
      'test/config/waivers.test.ts',
    ],
    testTimeout: 30_000,
  },
});
