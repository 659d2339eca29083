// The common glob `dir/*.yaml` without the glob engine: one folder listing, matched like tinyglobby
// (`*` never crosses "/" nor matches a leading dot; paths relative to cwd). Any other pattern, or a match
// that is not a plain file (tinyglobby expands matching folders and follows symlinks), is left to tinyglobby.
import { readdirSync } from 'node:fs';
import { dirname, basename, relative, resolve, sep } from 'node:path';

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/** The files `pattern` matches, sorted, or undefined when the pattern is not of the simple kind. */
export function simpleGlob(pattern: string, cwd: string): string[] | undefined {
  const abs = resolve(cwd, pattern);
  const dir = dirname(abs);
  const last = basename(abs);
  if (GLOB_CHARS.test(dir) || !last.includes('*') || last.includes('**') || /[?[\]{}()!+@\\]/.test(last) || last.startsWith('.')) return undefined;
  if (sep !== '/') return undefined;
  const matcher = new RegExp(`^${last.split('*').map((part) => part.replace(/[.^$|]/g, '\\$&')).join('[^/]*')}$`);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !matcher.test(entry.name)) continue;
    // A matching folder is expanded by tinyglobby, a symlink followed: both are left to it.
    if (!entry.isFile()) return undefined;
    out.push(relative(cwd, `${dir}/${entry.name}`));
  }
  return out.sort();
}
