// Bundles bench/lib/engine-entry.ts with esbuild (same options as scripts/build.mjs) into a scratch dir and
// imports it: in-process scenarios measure the bundled code `bin/preflight.js` runs, not the tsx path.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function importEngine() {
  // Inside the checkout (bench/results is git-ignored): the engine finds its package root above its own file.
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'bench/results/engine-'));
  const outfile = join(dir, 'engine.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['bench/lib/engine-entry.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return import(pathToFileURL(outfile).href);
}
