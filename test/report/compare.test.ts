// Comparing two reports by finding key, and the diff command's output and exit codes.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports, gotWorse } from '../../src/report/compare.ts';
import { cli, GOLDEN, MIXED } from './helpers.ts';

const mixed = JSON.parse(readFileSync(`${GOLDEN}/mixed.json.json`, 'utf8'));
const customer = JSON.parse(readFileSync(`${GOLDEN}/customer.json.json`, 'utf8'));
const kinds = (c: ReturnType<typeof compareReports>) => Object.fromEntries(c.changes.map((ch) => [ch.key, ch.kind]));

describe('compareReports', () => {
  test('fixed, still failing and now waived, with the values that changed', () => {
    const c = compareReports(mixed, customer);
    expect(kinds(c)).toEqual({
      'erp-enabled': 'fixed',
      'erp-system': 'fixed',
      'sponsor-email': 'fixed',
      'advanced-mapping/Distribution (AP)': 'still-failing',
      'hh2-version': 'still-failing',
      'advanced-mapping/Invoice (AP)': 'waived',
    });
    expect(c.changes.find((ch) => ch.key === 'hh2-version')!.values).toEqual([
      { path: 'hh2.client.version', after: '1.31.470.0', beforePresent: false, afterPresent: true },
    ]);
    expect(gotWorse(c, 'error')).toEqual([]);
  });

  test('the other way round: new problems, and they make it worse at their severity', () => {
    const c = compareReports(customer, mixed);
    expect(kinds(c)).toMatchObject({ 'erp-enabled': 'new', 'erp-system': 'new', 'sponsor-email': 'new', 'advanced-mapping/Invoice (AP)': 'new' });
    expect(gotWorse(c, 'error').map((ch) => ch.key)).toEqual(['advanced-mapping/Invoice (AP)', 'erp-enabled', 'erp-system']);
    expect(gotWorse(c, 'warning').map((ch) => ch.key)).toContain('sponsor-email');
    expect(gotWorse(c, 'never')).toEqual([]);
  });

  test('a passing finding whose value changed, and one that is gone', () => {
    const after = structuredClone(customer);
    const passing = after.findings.find((f: { key: string }) => f.key === 'erp-system');
    passing.evidence[0].value = 'SAGE 300 CRE';
    after.findings = after.findings.filter((f: { key: string }) => f.key !== 'sponsor-email');
    const c = compareReports(customer, after);
    expect(kinds(c)).toEqual({
      'advanced-mapping/Distribution (AP)': 'still-failing',
      'hh2-version': 'still-failing',
      'erp-system': 'changed',
      'sponsor-email': 'removed',
    });
    expect(c.counts).toEqual({ new: 0, fixed: 0, 'still-failing': 2, waived: 0, changed: 1, removed: 1 });
  });

  test('values compare by content, not by key order', () => {
    const a = structuredClone(customer);
    const b = structuredClone(customer);
    a.findings[0].evidence = [{ ...a.findings[0].evidence[0], value: { x: 1, y: [1, 2] } }];
    b.findings[0].evidence = [{ ...b.findings[0].evidence[0], value: { y: [1, 2], x: 1 } }];
    expect(compareReports(a, b).changes.filter((c) => c.kind === 'changed')).toEqual([]);
  });
});

describe('a report that cannot be read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-report-input-'));
  const text = readFileSync(`${GOLDEN}/mixed.json.json`, 'utf8');

  test('a cut-off report: one JSON message at the place the text ends, for diff and for --baseline', async () => {
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, 100));
    const lines = text.slice(0, 100).split('\n');
    const end = `${cut}:${lines.length}:${lines[lines.length - 1].length + 1}  error  expected a property name in double quotes, found the end of the text  json-syntax\n`;
    expect(await cli(['diff', cut, `${GOLDEN}/mixed.json.json`])).toEqual({ status: 2, stdout: '', stderr: end });
    expect(await cli(['check', ...MIXED, '--baseline', cut])).toEqual({ status: 2, stdout: '', stderr: end });
    const open = join(dir, 'open-string.json');
    writeFileSync(open, text.slice(0, text.indexOf('"Scenario Mixed Co"') + 5));
    expect((await cli(['diff', `${GOLDEN}/mixed.json.json`, open])).stderr).toBe(`${open}:11:15  error  a string is never closed: add the closing double quote  json-syntax\n`);
  });

  test('another schemaVersion says which one this preflight reads', async () => {
    const future = join(dir, 'future.json');
    writeFileSync(future, text.replace('"schemaVersion": 1,', '"schemaVersion": 99,'));
    expect(await cli(['diff', future, `${GOLDEN}/mixed.json.json`])).toEqual({
      status: 2,
      stdout: '',
      stderr: `${future}:2:20  error  schemaVersion is 99; this preflight reads report schemaVersion 1  report-version\n`,
    });
  });

  test('a value outside a const names the value allowed (a config: snapshot.live)', async () => {
    const config = join(dir, 'live-false.yaml');
    writeFileSync(config, 'customer: x\nsnapshot:\n  live: false\n');
    expect(await cli(['check', '--config', config])).toEqual({ status: 2, stdout: '', stderr: `${config}:3:9  error  snapshot.live must be true, found boolean false  not-allowed\n` });
  });
});

describe('preflight diff', () => {
  // The goldens' two reports are of different customers: that is what --allow-other-customer is for.
  test('exit 0 when nothing got worse, 1 when a problem is new; json output carries the same', async () => {
    const better = await cli(['diff', `${GOLDEN}/mixed.json.json`, `${GOLDEN}/customer.json.json`, '--allow-other-customer']);
    expect(better.status).toBe(0);
    expect(better.stdout).toContain('0 new, 3 fixed, 2 still failing, 1 now waived, 0 changed values, 0 no longer reported');
    const worse = await cli(['diff', `${GOLDEN}/customer.json.json`, `${GOLDEN}/mixed.json.json`, '--format', 'json', '--allow-other-customer']);
    expect(worse.status).toBe(1);
    const data = JSON.parse(worse.stdout);
    expect(data.counts.new).toBe(4);
    expect(data.before).toMatchObject({ file: `${GOLDEN}/customer.json.json`, asOf: '2026-11-20', verdict: 'not-ready' });
    expect((await cli(['diff', `${GOLDEN}/customer.json.json`, `${GOLDEN}/mixed.json.json`, '--fail-on', 'never', '--allow-other-customer'])).status).toBe(0);
  });

  test('--output writes the file and prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-diff-'));
    const r = await cli(['diff', `${GOLDEN}/mixed.json.json`, `${GOLDEN}/customer.json.json`, '--output', join(dir, 'changes.txt'), '--allow-other-customer']);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'changes.txt'), 'utf8')).toContain('fixed (3)');
  });

  test('bad input: a located message and exit 2, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-diff-bad-'));
    const notReport = join(dir, 'list.json');
    writeFileSync(notReport, '[1, 2]\n');
    const wrong = join(dir, 'wrong.json');
    const broken = structuredClone(customer);
    broken.findings[1].outcome = 'maybe';
    writeFileSync(wrong, JSON.stringify(broken, null, 2));
    const cases: [string[], RegExp][] = [
      [['diff', 'test/fixtures/snapshots/mixed.yaml', `${GOLDEN}/mixed.json.json`], /^test\/fixtures\/snapshots\/mixed\.yaml:1:1  error  is not a preflight JSON report; write one with "preflight check --format json --output FILE"  not-a-report\n$/],
      [['diff', notReport, `${GOLDEN}/mixed.json.json`], /list\.json:1:1  error  expected a preflight JSON report \(written by preflight check --format json\), found a list  not-a-mapping\n$/],
      [['diff', `${GOLDEN}/mixed.json.json`, wrong], /wrong\.json:82:18  error  findings\.1\.outcome must be one of "pass", .*found string "maybe"  not-allowed\n$/],
      [['diff', `${GOLDEN}/mixed.json.json`, join(dir, 'missing.json')], /missing\.json:1:1  error  no such file  file-not-found\n$/],
      [['diff', `${GOLDEN}/mixed.json.json`], /^preflight: diff needs two JSON reports/],
      [['check', '--snapshot', 'test/fixtures/snapshots/mixed.yaml', '--baseline', notReport], /list\.json:1:1  error  expected a preflight JSON report/],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
