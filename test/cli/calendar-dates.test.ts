// Days the calendar does not have (2027-02-30), through the real CLI: in a config, a snapshot or a flag a located
// error naming the value and why (exit 2; `validate` reports a problem, exit 1); in an invoice, that invoice rejected
// with the field and value while the others export (exit 1). Leap days and early years are real days.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { latestRun } from '../export/run-folder.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = join(ROOT, 'fixtures/snapshots/ready-cedar-ridge.yaml');
const INVOICE_CONFIG = join(ROOT, 'fixtures/invoices/config.yaml');
const GOLDEN = join(ROOT, 'fixtures/invoices/golden');

/** `node bin/preflight.js ...args`, without colour, from the repository root. */
function preflight(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/preflight.js'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** file:line:col of the first `needle` in the file. */
function at(file: string, needle: string): string {
  const before = readFileSync(file, 'utf8').split(needle)[0].split('\n');
  return `${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'preflight-dates-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A config for the ready snapshot with one waiver expiring on `expires` and any extra lines. */
function config(name: string, expires: string, extra = ''): string {
  const file = join(tmp, name);
  writeFileSync(file, `customer: Dates Ltd\nsnapshot: ${READY}\n${extra}waivers:\n  - rule: hh2-client-version\n    reason: upgrade booked\n    approver: ap@example.com\n    ticket: T-1\n    expires: ${expires}\n`);
  return file;
}

describe('a day the calendar does not have is refused where it is written', () => {
  test("a waiver's expires: check stops (exit 2), validate reports the problem (exit 1), both at the value", () => {
    const file = config('waiver.yaml', '2027-02-30');
    const line = `${at(file, '2027-02-30')}  error  waivers.0.expires: 2027-02-30 is not a calendar day (February 2027 has 28 days)  not-a-day`;
    expect(preflight('check', '--config', file)).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
    const validate = preflight('validate', file);
    expect(validate.status).toBe(1);
    expect(validate.stdout).toBe(`${line}\n1 problem in 1 file.\n`);
  });

  test('a date setting in a config (export.accountingDate)', () => {
    const file = config('setting.yaml', '2027-01-31', 'settings:\n  export.accountingDate: 2100-02-29\n');
    const r = preflight('check', '--config', file);
    expect(r).toEqual({ status: 2, stdout: '', stderr: `${at(file, '2100-02-29')}  error  settings.export.accountingDate: 2100-02-29 is not a calendar day (February 2100 has 28 days)  not-a-day\n` });
  });

  test("a snapshot's date (meta.captured_at 2026-04-31): check stops, validate reports it", () => {
    const file = join(tmp, 'snapshot.yaml');
    writeFileSync(file, readFileSync(READY, 'utf8').replace('captured_at: 2026-10-28T09:15:00Z', 'captured_at: 2026-04-31T09:15:00Z'));
    const line = `${at(file, '2026-04-31')}  error  meta.captured_at: 2026-04-31 is not a calendar day (April 2026 has 30 days)  not-a-day`;
    expect(preflight('check', '--snapshot', file)).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
    expect(preflight('validate', file)).toEqual({ status: 1, stdout: `${line}\n1 problem in 1 file.\n`, stderr: '' });
  });

  test('--as-of 2026-02-30 and --set export.accountingDate=2026-04-31 are refused before anything runs', () => {
    expect(preflight('check', '--snapshot', READY, '--as-of', '2026-02-30')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'preflight: --as-of: 2026-02-30 is not a calendar day (February 2026 has 28 days)\nRun "preflight help check" for usage.\n',
    });
    expect(preflight('check', '--snapshot', READY, '--set', 'export.accountingDate=2026-04-31').stderr).toBe(
      'preflight: --set export.accountingDate=2026-04-31: 2026-04-31 is not a calendar day (April 2026 has 30 days)\nRun "preflight help check" for usage.\n',
    );
  });

  test('export --accounting-date 2026-02-30 and --as-of 2026-02-30: exit 2, nothing written', () => {
    const out = join(tmp, 'refused');
    for (const [flag, why] of [['--accounting-date', 'February 2026 has 28 days'], ['--as-of', 'February 2026 has 28 days']]) {
      const r = preflight('export', '--config', INVOICE_CONFIG, '--invoices', GOLDEN, '--out-dir', out, flag, '2026-02-30');
      expect(r).toEqual({ status: 2, stdout: '', stderr: `preflight: ${flag}: 2026-02-30 is not a calendar day (${why})\nRun "preflight help export" for usage.\n` });
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('real days are taken', () => {
  // 2028-02-29 (a leap day) and 2100-02-29 (none) are judged by the same function: test/logic/ops.test.ts.
  test('the leap day of a 400th year, and year 0001, are days; a form that is no date is said to be one', () => {
    for (const day of ['2000-02-29', '0001-01-01']) {
      const r = preflight('check', '--snapshot', READY, '--as-of', day);
      expect(r.stderr, day).toBe('');
      expect(r.status, day).toBe(0);
      expect(r.stdout, day).toContain(`as of ${day}`);
    }
    expect(preflight('check', '--snapshot', READY, '--as-of', '2026-2-3').stderr).toContain('--as-of: "2026-2-3" is not a date written YYYY-MM-DD');
  });

  test('a waiver expiring 0001-01-01 is valid (long expired), not "not YYYY-MM-DD"', () => {
    expect(preflight('validate', config('old-waiver.yaml', '0001-01-01'))).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('an invoice with an impossible date', () => {
  test('is rejected naming the field and value, at the value; the good invoices around it export (exit 1)', () => {
    const folder = join(tmp, 'invoices');
    const out = join(tmp, 'out');
    mkdirSync(folder);
    const bad = join(folder, '02-bad.json');
    writeFileSync(join(folder, '01-good.json'), readFileSync(join(GOLDEN, '01-one-line.json')));
    writeFileSync(bad, readFileSync(join(GOLDEN, '02-several-cost-codes.json'), 'utf8').replace('"billing_date": "2026-10-31"', '"billing_date": "2026-02-30"'));
    writeFileSync(join(folder, '03-good.json'), readFileSync(join(GOLDEN, '03-materials-stored.json')));
    const r = preflight('export', '--config', INVOICE_CONFIG, '--invoices', folder, '--out-dir', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const message = 'billing_date: 2026-02-30 is not a calendar day (February 2026 has 28 days); correct the date in Procore';
    const key = 'invoice-date/910203/SM-24017-04/billing_date';
    const errors = r.stdout.split('\n').filter((l) => l.includes('  error  '));
    // Located at the JSON value, its opening quote.
    expect(errors).toEqual([`  ${at(bad, '"2026-02-30"')}  error  ${message}  ${key}`]);

    const summary = JSON.parse(readFileSync(join(latestRun(out), 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ read: 3, exported: 2, rejected: 1, reconciles: true, rejectionsByRule: { 'invoice-date': 1 } });
    const [rejection] = JSON.parse(readFileSync(join(latestRun(out), 'rejections.json'), 'utf8')).rejections;
    expect(rejection.reasons).toEqual([{ key, rule: 'invoice-date', severity: 'error', field: 'invoice.billing_date', value: '2026-02-30', limit: 'a calendar day', message, location: at(bad, '"2026-02-30"') }]);
    const payloads = JSON.parse(readFileSync(join(latestRun(out), 'payloads.json'), 'utf8'));
    expect(JSON.stringify(payloads)).not.toContain('SM-24017-04');
    expect(readFileSync(join(latestRun(out), 'ap-import.txt'), 'latin1').split('\r\n').filter((l) => l.startsWith('"APIF"'))).toHaveLength(2);
  });
});
