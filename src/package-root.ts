// Where preflight's own files live (rules, schemas, templates): found from this module, bundled or not.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding preflight's package.json: two up from src/cli, one up from dist/. */
function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'preflight') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`preflight's package.json was not found above ${start}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
