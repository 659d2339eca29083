// A killed export never leaves half a run: its folder appears whole (one rename) or not at all, and the runs
// before it, the ledger and `latest` are untouched. PREFLIGHT_TEST_PAUSE_AFTER_BYTES=N (honoured only for these
// tests) makes the writer stop mid-file after N bytes.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestRun, pausedExport } from './run-folder.ts';

const ARGS = ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices'];

/** Starts an export that pauses mid-file, and kills it with SIGKILL. */
async function killMidFile(invoices: string, out: string, bytes: number): Promise<void> {
  const child = await pausedExport(invoices, out, bytes);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
}

/** Every file under `dir` with its bytes, by path relative to it. */
const treeOf = (dir: string): Record<string, Buffer> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name))
      .sort()
      .map((f) => [f.slice(dir.length + 1), readFileSync(f)]),
  );

describe('atomic run folders', () => {
  test('killed mid-file on the first run: no run appears; the next run clears the leftovers and completes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-kill-'));
    const out = join(root, 'out');
    await killMidFile('fixtures/invoices/golden', out, 3000);
    // Only the marker, the dead run's lock and its temporary folder: no run, no ledger, no `latest`.
    expect(readdirSync(out).sort()).toEqual(['.lock', '.preflight-export', 'runs']);
    expect(readdirSync(join(out, 'runs')).every((n) => n.startsWith('.') && n.includes('.preflight-tmp-'))).toBe(true);
    const r = spawnSync(process.execPath, [...ARGS, 'fixtures/invoices/golden', '--out-dir', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/note: took over .*out\/\.lock, left by pid \d+ \(started .*\), which is no longer running/);
    expect(readdirSync(out).sort()).toEqual(['.preflight-export', 'latest', 'ledger.json', 'runs']);
    expect(readdirSync(join(out, 'runs'))).toEqual([readFileSync(join(out, 'latest'), 'utf8').trim()]);
    const summary = JSON.parse(readFileSync(join(latestRun(out), 'summary.json'), 'utf8'));
    expect(summary.exported).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'ledger.json'), 'utf8')).entries).toHaveLength(summary.exported);
  });

  test('killed mid-file on a later run: the earlier run, the ledger and latest are unchanged, byte for byte', async () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-kill-'));
    const out = join(root, 'out');
    const first = spawnSync(process.execPath, [...ARGS, 'fixtures/invoices/golden/01-one-line.json', '--out-dir', out], { encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(readdirSync(latestRun(out)).sort()).toEqual(['ap-import.txt', 'ledger.json', 'payloads.json', 'rejections.csv', 'rejections.json', 'summary.json']);
    const before = treeOf(out);
    await killMidFile('fixtures/invoices/golden', out, 5000);
    const after = treeOf(out);
    for (const [path, bytes] of Object.entries(before)) expect(after[path]?.equals(bytes), path).toBe(true);
    // What the killed run left is only its lock and its temporary folder, never a visible run.
    expect(Object.keys(after).filter((p) => !(p in before)).every((p) => p === '.lock' || p.split('/')[1]?.includes('.preflight-tmp-'))).toBe(true);
  });
});
