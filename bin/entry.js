// Loads a CLI entry: the esbuild bundle in dist/ when it is newer than every source file, else the
// TypeScript sources through tsx (a developer's edit is never shadowed by a stale bundle).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
  }
  return newest;
}

function bundleIsFresh(bundle) {
  if (process.env.PREFLIGHT_NO_BUNDLE) return false;
  if (!existsSync(bundle)) return false;
  return statSync(bundle).mtimeMs >= newestSource(join(root, 'src'));
}

/** Imports `dist/<name>.mjs` or `src/cli/<source>` and returns the module. */
export async function load(name, source) {
  const bundle = join(root, 'dist', `${name}.mjs`);
  if (bundleIsFresh(bundle)) return import(bundle);
  const { register } = await import('tsx/esm/api');
  register();
  return import(join(root, 'src', 'cli', source));
}
