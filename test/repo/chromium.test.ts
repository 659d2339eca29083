// The browser suite on a machine without Chromium: found by PREFLIGHT_CHROMIUM or PATH; skipped with the reason
// outside CI, failed in CI. The suite itself is run in a nested vitest with a PATH that holds no browser.
import { afterAll, describe, expect, test } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM } from '../chromium.ts';

const ROOT = mkdtempSync(join(tmpdir(), 'preflight-path-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

function folderWith(files: Record<string, boolean>): string {
  const dir = mkdtempSync(join(ROOT, 'bin-'));
  for (const [name, runnable] of Object.entries(files)) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), runnable ? 0o755 : 0o644);
  }
  return dir;
}

describe('findChromium', () => {
  test('PREFLIGHT_CHROMIUM first, then chromium, chromium-browser, google-chrome on PATH, in that order', () => {
    const a = folderWith({ 'google-chrome': true });
    const b = folderWith({ 'chromium-browser': true, 'google-chrome': true });
    expect(findChromium({ PATH: `${a}:${b}` })).toEqual({ path: join(b, 'chromium-browser') });
    expect(findChromium({ PATH: a })).toEqual({ path: join(a, 'google-chrome') });
    const own = join(a, 'google-chrome');
    expect(findChromium({ PATH: b, PREFLIGHT_CHROMIUM: own })).toEqual({ path: own });
  });

  test('a file that cannot be run is passed over; a wrong PREFLIGHT_CHROMIUM is reported, not replaced', () => {
    const dir = folderWith({ chromium: false });
    expect(findChromium({ PATH: dir })).toEqual({ why: NO_CHROMIUM });
    expect(findChromium({ PATH: '' })).toEqual({ why: NO_CHROMIUM });
    const ok = folderWith({ chromium: true });
    expect(findChromium({ PATH: ok, PREFLIGHT_CHROMIUM: join(dir, 'chromium') })).toEqual({
      why: `PREFLIGHT_CHROMIUM=${join(dir, 'chromium')} is not an executable file`,
    });
  });
});

describe('the browser suite without a browser', () => {
  const run = (ci: boolean) => {
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: folderWith({}), NO_COLOR: '1' };
    if (ci) env.CI = 'true';
    const r = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', 'test/report/browser.test.ts'], { env, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, lines: r.stdout.trimEnd().split('\n') };
  };

  test('outside CI: skipped, the reason on the line before a plain summary, exit 0', () => {
    const r = run(false);
    expect(r.status).toBe(0);
    expect(r.lines.at(-1)).toMatch(/^0 passed, 0 failed, [1-9]\d* skipped$/);
    expect(r.lines.at(-2)).toMatch(/^no Chromium: apt-get install chromium, or set PREFLIGHT_CHROMIUM \([1-9]\d* browser tests skipped\)$/);
  });

  test('in CI: every browser test fails, exit 1', () => {
    const r = run(true);
    expect(r.status).toBe(1);
    expect(r.lines.at(-1)).toMatch(/^0 passed, [1-9]\d* failed$/);
  });
});
