// Says which code `node bin/preflight.js` runs: the dist/ bundle (when bin/entry.js would pick it) or the TypeScript sources through tsx.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './spawn.js';

function newestTs(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestTs(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

/** { path: 'bundle' | 'tsx', why, canForceTsx }: mirrors bin/entry.js (bundle used while newer than every src/**.ts). */
export function entryPath(env = process.env) {
  const entry = join(REPO_ROOT, 'bin/entry.js');
  const bundle = join(REPO_ROOT, 'dist/preflight.mjs');
  if (!existsSync(entry)) return { path: 'tsx', why: 'bin/preflight.js registers tsx and imports src/cli/main.ts', canForceTsx: false };
  const canForceTsx = readFileSync(entry, 'utf8').includes('PREFLIGHT_NO_BUNDLE');
  if (env.PREFLIGHT_NO_BUNDLE) return { path: 'tsx', why: 'PREFLIGHT_NO_BUNDLE is set', canForceTsx };
  if (!existsSync(bundle)) return { path: 'tsx', why: 'dist/preflight.mjs is not built (npm run build)', canForceTsx };
  if (statSync(bundle).mtimeMs < newestTs(join(REPO_ROOT, 'src'))) return { path: 'tsx', why: 'dist/preflight.mjs is older than a file in src/', canForceTsx };
  return { path: 'bundle', why: 'dist/preflight.mjs is newer than every src/**/*.ts', canForceTsx };
}
