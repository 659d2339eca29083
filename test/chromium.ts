// Where the browser tests find Chromium: PREFLIGHT_CHROMIUM, else the usual names on PATH. Shared by the
// browser suite (which skips without one, outside CI) and the summary reporter (which says why).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The names Chromium goes by on PATH, in the order they are tried. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** What to do when there is none: shown before the summary line when the browser tests were skipped. */
export const NO_CHROMIUM = 'no Chromium: apt-get install chromium, or set PREFLIGHT_CHROMIUM';

export type Chromium = { path: string } | { path?: undefined; why: string };

/**
 * The browser to drive. PREFLIGHT_CHROMIUM, when set, is the only one tried (a wrong value is a mistake to
 * report, not a reason to fall back); otherwise the first executable of CHROMIUM_NAMES on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv): Chromium {
  const chosen = env.PREFLIGHT_CHROMIUM;
  if (chosen) return executable(chosen) ? { path: chosen } : { why: `PREFLIGHT_CHROMIUM=${chosen} is not an executable file` };
  for (const name of CHROMIUM_NAMES) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && executable(join(dir, name))) return { path: join(dir, name) };
    }
  }
  return { why: NO_CHROMIUM };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
