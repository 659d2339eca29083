// Batches (check --all, validate FOLDER): no stale verdict left behind, unreadable folders and files reported
// where they are (exit 2) while the rest is checked, each file once however many links lead to it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UNPRIVILEGED, described, runCli } from './spawn.ts';

const SNAPSHOT = resolve('fixtures/snapshots/ready-cedar-ridge.yaml');
const customer = (name: string, snapshot = SNAPSHOT) => `customer: ${name}\nsnapshot: ${snapshot}\n`;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'preflight-batches-'));
  chmodSync(tmp, 0o755); // an unprivileged run must reach what is in it
});
afterAll(() => {
  // Modes set by a test may keep even root's rm from a folder's contents on some systems: restore them first.
  for (const folder of readdirSync(tmp, { recursive: true }) as string[]) {
    try {
      chmodSync(join(tmp, folder), 0o755);
    } catch {
      /* a link into a loop, gone already */
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh folder under the scratch folder holding `files` (path → text); writable by anyone. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('check --all leaves no earlier verdict behind', () => {
  test('a customer that can no longer be checked: its reports give way to an error report; other files stay', () => {
    const configs = folder('stale/configs', { 'acme.yaml': customer('Acme'), 'beta.yaml': customer('Beta') });
    const out = join(tmp, 'stale/reports');
    const first = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '1', '--format', 'json', '--format', 'html']);
    expect(first.status, described(first)).toBe(0);
    expect(readdirSync(join(out, 'acme')).sort()).toEqual(['readiness.html', 'readiness.json']);

    writeFileSync(join(out, 'acme', 'notes.md'), 'the consultant’s own notes\n');
    const missing = join(tmp, 'stale/gone.yaml');
    writeFileSync(join(configs, 'acme.yaml'), customer('Acme', missing));
    const second = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '2', '--format', 'json']);
    expect(second.status, described(second)).toBe(2);
    expect(second.stdout).toContain(`ERROR      ${join(configs, 'acme.yaml')}\n  ${missing}:1:1  error  no such file  file-not-found\n`);
    expect(readdirSync(join(out, 'acme')).sort()).toEqual(['notes.md', 'readiness.error.txt']);
    expect(readFileSync(join(out, 'acme', 'readiness.error.txt'), 'utf8')).toBe(
      `${join(configs, 'acme.yaml')} could not be checked; its earlier reports were removed.\n${missing}:1:1  error  no such file  file-not-found\n`,
    );
    // The customer checked again now asked for JSON only: last run's HTML would be a second, older verdict.
    expect(readdirSync(join(out, 'beta')).sort()).toEqual(['readiness.json']);

    writeFileSync(join(configs, 'acme.yaml'), customer('Acme'));
    const third = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '1', '--format', 'json']);
    expect(third.status, described(third)).toBe(0);
    expect(readdirSync(join(out, 'acme')).sort()).toEqual(['notes.md', 'readiness.json']);
  });
});

describe('links are followed once, by real path', () => {
  test('a link loop in the --all folder: each customer checked once, under its own path', () => {
    const configs = folder('loop/configs', { 'acme.yaml': customer('Acme'), 'east/zeta.yaml': customer('Zeta') });
    symlinkSync('..', join(configs, 'east', 'loop'));
    const out = join(tmp, 'loop/reports');
    const r = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '1']);
    expect(r.status, described(r)).toBe(0);
    expect(r.stdout).toBe(
      `ready      Acme  0 blocking, 0 warnings  (${join(configs, 'acme.yaml')})\n` +
        `ready      Zeta  0 blocking, 0 warnings  (${join(configs, 'east/zeta.yaml')})\n` +
        `\n2 customers: 2 ready, 0 not ready. Reports in ${out}\n`,
    );
    expect(readdirSync(out).sort()).toEqual(['acme', 'east']);
  });

  test('validate FOLDER with a link loop: each file once', () => {
    const dir = folder('loop-validate', { 'a.yaml': customer('Acme'), 'sub/b.yaml': customer('Beta') });
    symlinkSync('..', join(dir, 'sub', 'loop'));
    const r = runCli(['validate', dir]);
    expect({ status: r.status, stdout: r.stdout }, described(r)).toEqual({ status: 0, stdout: 'No problems in 2 files.\n' });
  });
});

describe('what cannot be read is said, where it is, exit 2', () => {
  test('validate a file that is not text: it says so, exit 2', () => {
    const file = join(folder('binary', { 'data.yaml': 'customer: Acme\n\u0000\u0001\u0002' }), 'data.yaml');
    const r = runCli(['validate', file]);
    expect({ status: r.status, stdout: r.stdout }, described(r)).toEqual({ status: 2, stdout: `${file}:2:1  error  contains a NUL byte; expected a UTF-8 text file (YAML or JSON)  binary-file\n1 problem in 1 file.\n` });
  });

  test('check: two formats to stdout, and --all with one format twice, are refused naming the flags', () => {
    const both = runCli(['check', '--snapshot', SNAPSHOT, '--format', 'json', '--format', 'stylish']);
    expect({ status: both.status, stdout: both.stdout }, described(both)).toEqual({ status: 2, stdout: '' });
    expect(both.stderr).toContain('preflight: --format json and --format stylish would all be written to stdout, one after the other; give each but the last an --output FILE\n');
    const dir = folder('twice', { 'acme.yaml': customer('Acme') });
    const twice = runCli(['check', '--all', dir, '--out-dir', join(dir, 'out'), '--format', 'html', '--format', 'json', '--format', 'html']);
    expect({ status: twice.status, stdout: twice.stdout }, described(twice)).toEqual({ status: 2, stdout: '' });
    expect(twice.stderr).toContain('preflight: --format html is given twice; --all writes one readiness file per format for each customer\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

// Root reads every file whatever its mode: these run the CLI as an unprivileged user, or are skipped.
describe.skipIf(UNPRIVILEGED === undefined)('unreadable folders and files, as a user without privileges (skipped when root has no setpriv, or nobody cannot reach this checkout)', () => {
  /** The customer folder with an unreadable subfolder and an unreadable config; earlier reports in `out`. */
  function unreadableTree(name: string): { configs: string; out: string } {
    const configs = folder(`${name}/configs`, { 'a.yaml': customer('Acme'), 'locked/b.yaml': customer('Beta'), 'secret.yaml': customer('Secret') });
    const out = join(tmp, name, 'reports');
    const first = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '1']);
    expect(first.status, described(first)).toBe(0);
    chmodSync(out, 0o777);
    for (const f of ['a', 'locked', 'locked/b', 'secret']) chmodSync(join(out, f), 0o777);
    chmodSync(join(configs, 'locked'), 0o000);
    chmodSync(join(configs, 'secret.yaml'), 0o000);
    return { configs, out };
  }

  test('check --all: the folder and the file are located errors, the others checked, counted, exit 2', () => {
    const { configs, out } = unreadableTree('unreadable-all');
    const r = runCli(['check', '--all', configs, '--out-dir', out, '--jobs', '2'], { unprivileged: true });
    expect(r.status, described(r)).toBe(2);
    expect(r.stdout).toBe(
      `ready      Acme  0 blocking, 0 warnings  (${join(configs, 'a.yaml')})\n` +
        `ERROR      ${join(configs, 'locked')}\n  ${join(configs, 'locked')}:1:1  error  cannot be read (permission denied, EACCES); the files in it were not checked  unreadable-folder\n` +
        `ERROR      ${join(configs, 'secret.yaml')}\n  ${join(configs, 'secret.yaml')}:1:1  error  permission denied  permission-denied\n` +
        `\n2 customers: 1 ready, 0 not ready, 1 could not be checked; 1 folder could not be read. Reports in ${out}\n`,
    );
    // Beta's verdict from before cannot be renewed: it is gone; the folder that held it is left.
    expect(readdirSync(join(out, 'locked', 'b')).sort()).toEqual([]);
    expect(readdirSync(join(out, 'secret')).sort()).toEqual(['readiness.error.txt']);
  });

  test('validate FOLDER: the folder and the file are located errors, the others validated, exit 2', () => {
    const { configs } = unreadableTree('unreadable-validate');
    const r = runCli(['validate', configs], { unprivileged: true });
    expect({ status: r.status, stdout: r.stdout }, described(r)).toEqual({
      status: 2,
      stdout:
        `${join(configs, 'locked')}:1:1  error  cannot be read (permission denied, EACCES); the files in it were not checked  unreadable-folder\n` +
        `${join(configs, 'secret.yaml')}:1:1  error  permission denied  permission-denied\n` +
        '2 problems in 2 files.\n',
    });
  });

  test('an unreadable --all folder or validate folder says it cannot be read, exit 2', () => {
    const dir = folder('locked-root', { 'a.yaml': customer('Acme') });
    chmodSync(dir, 0o000);
    const all = runCli(['check', '--all', dir, '--out-dir', join(tmp, 'locked-root-out')], { unprivileged: true });
    expect({ status: all.status, stdout: all.stdout, stderr: all.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: `${dir}:1:1  error  cannot be read (permission denied, EACCES); the files in it were not checked  unreadable-folder\n`,
    });
    const validate = runCli(['validate', dir], { unprivileged: true });
    expect({ status: validate.status, stdout: validate.stdout }, described(validate)).toEqual({
      status: 2,
      stdout: `${dir}:1:1  error  cannot be read (permission denied, EACCES); the files in it were not checked  unreadable-folder\n1 problem in 1 file.\n`,
    });
  });
});
