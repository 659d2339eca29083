// check --all: every customer, one line each, byte-identical reports whatever --jobs, broken configs isolated.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/preflight.js', 'check', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of readdirSync(dir).sort()) for (const f of readdirSync(join(dir, sub)).sort()) out[`${sub}/${f}`] = readFileSync(join(dir, sub, f), 'utf8');
  return out;
}

describe('check --all', () => {
  test('--jobs 2 and --jobs 1 write byte-identical reports for every customer', () => {
    const one = mkdtempSync(join(tmpdir(), 'preflight-all-1-'));
    const two = mkdtempSync(join(tmpdir(), 'preflight-all-2-'));
    const a = run('--all', 'config', '--out-dir', one, '--jobs', '1', '--as-of', '2026-11-26', '--format', 'json', '--format', 'stylish');
    const b = run('--all', 'config', '--out-dir', two, '--jobs', '2', '--as-of', '2026-11-26', '--format', 'json', '--format', 'stylish');
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    const ta = tree(one);
    expect(Object.keys(ta).length).toBeGreaterThanOrEqual(12);
    expect(tree(two)).toEqual(ta);
    expect(a.stdout.replace(one, 'OUT')).toBe(b.stdout.replace(two, 'OUT'));
    expect(a.status).toBe(1);
    // organisation.yaml is a shared layer, not a customer
    expect(readdirSync(one)).not.toContain('organisation');
    expect(a.stdout).toMatch(/^ready {6}Cedar Ridge Contracting {2}0 blocking, 0 warnings {2}\(config\/ready-cedar-ridge\.yaml\)$/m);
    expect(a.stdout).toMatch(/^NOT READY {2}Summit Crest Builders {2}0 blocking, 0 warnings, 11 not evaluable {2}\(config\/no-hh2-survey-summit\.yaml\)$/m);
    expect(a.stdout).toMatch(/11 customers: 2 ready, 9 not ready\. Reports in /);
  });

  test('a broken config is reported with its location; the others still run; exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-all-broken-'));
    const out = join(dir, 'reports');
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', 'a-good.yaml'), `customer: Good Co\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\n`);
    writeFileSync(join(dir, 'configs', 'b-broken.yaml'), `customer: Broken Co\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\nsettings:\n  sage.vendorIdLength: ten\n`);
    const r = run('--all', join(dir, 'configs'), '--out-dir', out, '--jobs', '2', '--as-of', '2026-11-26');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('ready      Good Co  0 blocking, 0 warnings');
    expect(r.stdout).toContain(`ERROR      ${join(dir, 'configs', 'b-broken.yaml')}\n  ${join(dir, 'configs', 'b-broken.yaml')}:4:24  error  settings.sage.vendorIdLength must be an integer, found string "ten"  wrong-type`);
    expect(r.stdout).toContain('2 customers: 1 ready, 0 not ready, 1 could not be checked.');
    expect(readdirSync(out)).toEqual(['a-good']);
  });

  test('--all with a folder that does not exist is a located error, exit 2', () => {
    const r = run('--all', 'no-such-folder', '--out-dir', tmpdir());
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe('no-such-folder:1:1  error  is not a folder; --all takes a folder of customer configs  not-a-folder\n');
  });
});
