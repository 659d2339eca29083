// Bundles the CLI (and the `check --all` worker) into dist/ with esbuild, so a cold start loads one file
// instead of transpiling ~100 TypeScript modules through tsx. Run by `npm ci` (prepare) and `npm run build`.
// bin/ uses the bundle only while it is newer than every file in src/; otherwise it falls back to tsx.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const banner = "import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);";

try {
  rmSync(`${root}dist`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { preflight: 'src/cli/main.ts', 'check-worker': 'src/cli/check-worker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: banner },
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log('preflight: built dist/preflight.mjs');
} catch (e) {
  // Never fail an install over it: without dist/, bin/ runs the sources through tsx.
  console.warn(`preflight: bundle not built (${e instanceof Error ? e.message : e}); the CLI will run through tsx`);
}
