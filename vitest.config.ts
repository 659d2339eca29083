import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Deadlines only against hangs, never a speed check: generous, since a loaded two-core machine runs child
    // processes many times slower than an idle one (vitest's 10 s default is short for a hook that runs an export).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
