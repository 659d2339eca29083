// Phase-timed replica of bin/preflight.js: on exit, writes in-process timestamps (ms since process start) to $BENCH_PHASES_FILE.
import { writeFileSync } from 'node:fs';

const marks = { start: performance.now() };
const { register } = await import('tsx/esm/api');
register();
marks.tsxReady = performance.now();
const { runMain } = await import('../../src/cli/main.ts');
marks.cliImported = performance.now();
await runMain();
marks.ran = performance.now();
process.on('exit', () => {
  marks.exit = performance.now();
  if (process.env.BENCH_PHASES_FILE) writeFileSync(process.env.BENCH_PHASES_FILE, JSON.stringify(marks));
});
