// Mutation testing (`npm run mutate`) of four core modules, outside CI: how many deliberate bugs the tests catch.
// In-process tests only (vitest.stryker.config.ts): a spawned CLI never loads the mutant. Equivalent mutants, the
// survivors no test can kill because they do not change behaviour, are listed in the test file of each module.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  // TypeScript 7 has no JS API: no typescript checker, and no tsconfig rewriting (it would load `typescript`),
  // so tsconfigFile names a file that does not exist. Vitest strips types without checking them anyway.
  checkers: [],
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  // CPU is shared: two workers at most. While iterating, narrow it: npm run mutate -- --mutate src/logic/ops/dates.ts
  concurrency: 2,
  mutate: ['src/logic/ops/versions.ts', 'src/logic/ops/dates.ts', 'src/logic/ops/money.ts', 'src/config/waivers.ts'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 95, low: 90, break: null },
};
