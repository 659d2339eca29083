// Phase-timed replica of bin/preflight.js: on exit, writes in-process timestamps (ms since process start) to $BENCH_PHASES_FILE.
// Loads the CLI the way bin/preflight.js does: through bin/entry.js (the dist/ bundle when fresh, else tsx) when it exists, else tsx.
import { existsSync, writeFileSync } from 'node:fs';

const marks = { start: performance.now() };
const entry = new URL('../../bin/entry.js', import.meta.url);
let runMain;
if (existsSync(entry)) {
  const { load } = await import(entry.href);
  ({ runMain } = await load('preflight', 'main.ts'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runMain } = await import('../../src/cli/main.ts'));
}
marks.loaded = performance.now();
await runMain();
marks.ran = performance.now();
process.on('exit', () => {
  marks.exit = performance.now();
  if (process.env.BENCH_PHASES_FILE) writeFileSync(process.env.BENCH_PHASES_FILE, JSON.stringify(marks));
});
