// A killed export never leaves half an output: DIR holds the previous complete outputs, or nothing.
// PREFLIGHT_TEST_PAUSE_AFTER_BYTES=N (honoured only by this test) makes the writer stop mid-file after N bytes.
import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ARGS = ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices'];

/** Starts an export that pauses after `bytes` bytes, waits until it says so, kills it with SIGKILL. */
async function killMidFile(invoices: string, out: string, bytes: number): Promise<void> {
  const child = spawn(process.execPath, [...ARGS, invoices, '--out-dir', out], { env: { ...process.env, PREFLIGHT_TEST_PAUSE_AFTER_BYTES: String(bytes) } });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('paused for test')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`export ended (${code}) before pausing: ${err}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
}

const snapshotOf = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));

describe('atomic output folder', () => {
  test('killed mid-file on the first run: DIR does not exist', async () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-kill-'));
    const out = join(root, 'out');
    await killMidFile('fixtures/invoices/golden', out, 3000);
    expect(existsSync(out)).toBe(false);
    // The temporary folder is beside DIR, never inside it; the next run clears it and completes.
    expect(readdirSync(root).every((n) => n.startsWith('.out.preflight-tmp-'))).toBe(true);
    const r = spawnSync(process.execPath, [...ARGS, 'fixtures/invoices/golden', '--out-dir', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(readdirSync(root)).toEqual(['out']);
  });

  test('killed mid-file on a later run: DIR still holds the previous complete outputs, byte for byte', async () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-kill-'));
    const out = join(root, 'out');
    const first = spawnSync(process.execPath, [...ARGS, 'fixtures/invoices/golden/01-one-line.json', '--out-dir', out], { encoding: 'utf8' });
    expect(first.status).toBe(0);
    const before = snapshotOf(out);
    expect(Object.keys(before)).toEqual(['ap-import.txt', 'ledger.json', 'payloads.json', 'rejections.csv', 'rejections.json', 'summary.json']);
    await killMidFile('fixtures/invoices/golden', out, 5000);
    expect(snapshotOf(out)).toEqual(before);
  });
});
