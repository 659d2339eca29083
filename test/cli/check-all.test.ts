// check --all: every customer, one line each, byte-identical reports whatever --jobs, broken configs isolated,
// each customer's reports in a folder named by its config's path under DIR.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { described, runCli } from './spawn.ts';

const run = (...args: string[]) => runCli(['check', ...args]);

/** Every file under `dir` ('/'-separated path → text), in name order. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name.split('\\').join('/')] = readFileSync(path, 'utf8');
  }
  return out;
}

/** A folder of customer configs (path under it → text), each naming the ready fixture snapshot. */
function customers(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-all-tree-'));
  for (const [name, customer] of Object.entries(files)) {
    mkdirSync(join(dir, 'configs', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'configs', name), `customer: ${customer}\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\n`);
  }
  return dir;
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
    expect(a.stdout).toMatch(/^NOT READY {2}Summit Crest Builders {2}0 blocking, 0 warnings, 16 not evaluable {2}\(config\/no-hh2-survey-summit\.yaml\)$/m);
    // Canada is a warning to confirm with Procore, not a blocker.
    expect(a.stdout).toMatch(/^ready {6}Fraser Valley Constructors {2}0 blocking, 1 warning {2}\(config\/canada-fraser-valley\.yaml\)$/m);
    expect(a.stdout).toMatch(/11 customers: 3 ready, 8 not ready\. Reports in /);
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
    // The broken customer gets an error report in its folder, no verdict.
    expect(readdirSync(out).sort()).toEqual(['a-good', 'b-broken']);
    expect(readdirSync(join(out, 'b-broken'))).toEqual(['readiness.error.txt']);
  });

  test('--all with a folder that does not exist is a located error, exit 2', () => {
    const r = run('--all', 'no-such-folder', '--out-dir', tmpdir());
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe('no-such-folder:1:1  error  is not a folder; --all takes a folder of customer configs  not-a-folder\n');
  });

  test('configs of one name in two folders get a report folder each, named by their path under DIR; --jobs 1 and 2 alike', () => {
    const dir = customers({ 'east/acme.yaml': 'Acme East', 'west/acme.yml': 'Acme West', 'solo.yaml': 'Solo Co' });
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    const a = run('--all', join(dir, 'configs'), '--out-dir', one, '--jobs', '1', '--as-of', '2026-11-26', '--format', 'json', '--format', 'html');
    const b = run('--all', join(dir, 'configs'), '--out-dir', two, '--jobs', '2', '--as-of', '2026-11-26', '--format', 'json', '--format', 'html');
    expect(a.status, described(a)).toBe(0);
    const reports = tree(one);
    expect(Object.keys(reports)).toEqual(['east/acme/readiness.html', 'east/acme/readiness.json', 'solo/readiness.html', 'solo/readiness.json', 'west/acme/readiness.html', 'west/acme/readiness.json']);
    expect(JSON.parse(reports['east/acme/readiness.json']).customer).toBe('Acme East');
    expect(JSON.parse(reports['west/acme/readiness.json']).customer).toBe('Acme West');
    expect(tree(two)).toEqual(reports);
    expect(a.stdout.replace(one, 'OUT')).toBe(b.stdout.replace(two, 'OUT'));
  });

  test('x.yaml beside x.yml: one located error naming both, exit 2, nothing written', () => {
    const dir = customers({ 'east/acme.yaml': 'Acme', 'east/acme.yml': 'Acme again', 'west/acme.yaml': 'Acme West' });
    const configs = join(dir, 'configs');
    const out = join(dir, 'reports');
    const r = run('--all', configs, '--out-dir', out, '--jobs', '1');
    expect({ status: r.status, stdout: r.stdout }, described(r)).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).toBe(
      `${join(configs, 'east/acme.yml')}:1:1  error  its reports would go to ${join(out, 'east/acme')}, as those of ${join(configs, 'east/acme.yaml')} do; rename one of the two  report-folder-clash\n` +
        `    ${join(configs, 'east/acme.yaml')}:1:1  the config whose reports go there too\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  test('--out-dir naming a file is a located error before any customer is checked', () => {
    const dir = customers({ 'acme.yaml': 'Acme' });
    const file = join(dir, 'configs', 'acme.yaml');
    const r = run('--all', join(dir, 'configs'), '--out-dir', file);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 2, stdout: '', stderr: `${file}:1:1  error  is a file, not a folder; --out-dir takes a folder (created when missing)  not-a-folder\n` });
  });

  test('a YAML file over --max-file-size is reported (never read whole to see whether it names a customer); the others still run', () => {
    const dir = customers({ 'acme.yaml': 'Acme' });
    const big = join(dir, 'configs', 'big.yaml');
    writeFileSync(big, '# padding\n'.repeat(10_000));
    const r = run('--all', join(dir, 'configs'), '--out-dir', join(dir, 'reports'), '--jobs', '1', '--max-file-size', '64KiB');
    expect(r.status, described(r)).toBe(2);
    expect(r.stdout).toContain(`ERROR      ${big}\n  ${big}:1:1  error  file is 97.7 KiB; the limit is 64.0 KiB (split it, or raise the limit with --max-file-size)  file-too-large\n`);
    expect(r.stdout).toContain('ready      Acme  0 blocking');
  });
});
