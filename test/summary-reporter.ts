// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own report, and on the
// line before it why the browser tests were skipped, when they were.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { findChromium } from './chromium.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    let browserSkipped = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed' || hookFailed(t)) failed++;
        else {
          skipped++;
          if (m.moduleId.endsWith('/test/report/browser.test.ts')) browserSkipped++;
        }
      }
    }
    const chromium = findChromium(process.env);
    const why = browserSkipped && chromium.path === undefined ? `${chromium.why} (${browserSkipped} browser tests skipped)\n` : '';
    process.stdout.write(`\n${why}${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}

/** A test that never ran because a hook of its suite failed (e.g. beforeAll could not start the browser). */
function hookFailed(t: TestCase): boolean {
  for (let p: TestCase['parent'] | undefined = t.parent; p; p = p.type === 'suite' ? p.parent : undefined) {
    if (p.errors().length > 0) return true;
  }
  return false;
}
