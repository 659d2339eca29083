// Customer configs: layering with origins, severity overrides, located mistakes, and waivers.
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}
const PACK = ['--pack', 'test/fixtures/pack'];
const CUSTOMER = ['--config', 'test/fixtures/configs/customer.yaml', ...PACK];

async function report(...args: string[]) {
  const r = await cli('check', ...CUSTOMER, '--format', 'json', ...args);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}
const byKey = (rep: { findings: { key: string }[] }) => Object.fromEntries(rep.findings.map((f) => [f.key, f])) as Record<string, any>;

describe('layering', () => {
  test('--print-config shows every effective value and the file:line it came from', async () => {
    const r = await cli('check', ...CUSTOMER, '--print-config', '--set', 'hh2.requiredAdvancedMappings=[Invoice (AP)]');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        '# Effective config for pack scenario-pack 1.0.0; layers: pack defaults → test/fixtures/configs/org.yaml → test/fixtures/configs/customer.yaml',
        'customer: "Two Unchecked (config)"               # test/fixtures/configs/customer.yaml:1:11',
        'snapshot: "test/fixtures/snapshots/two-unchecked.yaml" # test/fixtures/configs/customer.yaml:5:11',
        'settings:',
        '  hh2.minimumClientVersion: "1.31.500.0"         # test/fixtures/configs/org.yaml:3:29',
        '  hh2.requiredAdvancedMappings: ["Invoice (AP)"] # command line',
        'rules:',
        '  advanced-mapping: error                        # default (test/fixtures/pack/checks/advanced-mapping.yaml:1:1)',
        '  erp-enabled: error                             # default (test/fixtures/pack/checks/erp-enabled.yaml:1:1)',
        '  erp-system: warning                            # test/fixtures/configs/customer.yaml:7:15',
        '  hh2-version: error                             # default (test/fixtures/pack/checks/hh2-version.yaml:1:1)',
        '  sponsor-email: info                            # test/fixtures/configs/org.yaml:5:18',
        'waivers:',
        '  - { rule: "advanced-mapping", scope: "Invoice (AP)", expires: 2026-11-30, approver: "controller@example.com", ticket: "CHG-1042" } # test/fixtures/configs/customer.yaml:9:5',
        '  - { key: "hh2-version", expires: 2026-11-01, approver: "it-lead@example.com", ticket: "CHG-0999" } # test/fixtures/configs/customer.yaml:15:5',
        '  - { rule: "erp-enabled", expires: 2027-06-30, approver: "controller@example.com", ticket: "CHG-0500" } # test/fixtures/configs/customer.yaml:20:5',
        '',
      ].join('\n'),
    );
  });

  test('an organisation setting changes a rule without touching it; the customer layer and flags win over it', async () => {
    expect(byKey(await report('--as-of', '2026-11-20'))['hh2-version'].message).toContain('is older than 1.31.500.0');
    expect(byKey(await report('--as-of', '2026-11-20', '--set', 'hh2.minimumClientVersion=1.31.467.0'))['hh2-version'].outcome).toBe('pass');
  });

  test('severity overrides apply, and off removes a rule together with the rules that require it', async () => {
    const r = await report('--as-of', '2026-11-20');
    expect(byKey(r)['erp-system'].severity).toBe('warning');
    const offCli = await cli('check', '--config', 'test/fixtures/configs/erp-all-off.yaml', ...PACK, '--format', 'json', '--as-of', '2026-11-20');
    const off = byKey(JSON.parse(offCli.stdout));
    expect(off['erp-enabled']).toBeUndefined();
    expect(off['erp-system']).toBeUndefined();
  });

  test('off for a rule that another still requires is refused at the off (exit 2): that rule would run unguarded', async () => {
    const r = await cli('check', '--config', 'test/fixtures/configs/erp-off.yaml', ...PACK, '--as-of', '2026-11-20');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test/fixtures/configs/erp-off.yaml:3:16  error  rule "erp-enabled" is off, but "erp-system" requires it');
  });

  test('--snapshot alone runs with the pack defaults', async () => {
    const r = await cli('check', '--snapshot', 'test/fixtures/snapshots/two-unchecked.yaml', ...PACK, '--format', 'json', '--as-of', '2026-11-20');
    const rep = JSON.parse(r.stdout);
    expect(rep.config).toEqual([]);
    expect(rep.waivers).toEqual([]);
    expect(byKey(rep)['hh2-version'].outcome).toBe('pass');
  });
});

describe('located mistakes, exit 2', () => {
  test('unknown setting with a suggestion, wrong type, unknown rule, incomplete waiver, bad date', async () => {
    const r = await cli('check', '--config', 'test/fixtures/configs/mistakes.yaml', ...PACK);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'test/fixtures/configs/mistakes.yaml:3:3  error  unknown setting "hh2.minimumClientVersoin"; did you mean "hh2.minimumClientVersion"?  unknown-setting',
        'test/fixtures/configs/mistakes.yaml:4:33  error  settings.hh2.requiredAdvancedMappings must be an array, found string "Invoice (AP)"  wrong-type',
        'test/fixtures/configs/mistakes.yaml:6:3  error  unknown rule "no-such-rule"  unknown-rule',
        'test/fixtures/configs/mistakes.yaml:8:5  error  missing required key "approver" in waivers.0  missing-key',
        'test/fixtures/configs/mistakes.yaml:8:5  error  missing required key "ticket" in waivers.0  missing-key',
        'test/fixtures/configs/mistakes.yaml:10:14  error  waivers.0.expires: 2026-13-01 is not a calendar day (there is no month 13)  not-a-day',
        '',
      ].join('\n'),
    );
  });

  test('an extends cycle is reported at the entry that closes it', async () => {
    const r = await cli('check', '--config', 'test/fixtures/configs/cycle-a.yaml', ...PACK);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'test/fixtures/configs/cycle-b.yaml:1:11  error  extends forms a cycle: test/fixtures/configs/cycle-a.yaml → test/fixtures/configs/cycle-b.yaml → test/fixtures/configs/cycle-a.yaml  extends-cycle\n',
    });
  });

  test('a waiver for an unknown rule, or with both rule and key, is located', async () => {
    const r = await cli('check', '--config', 'test/fixtures/configs/bad-waivers.yaml', ...PACK);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      [
        'test/fixtures/configs/bad-waivers.yaml:3:11  error  waiver names unknown rule "hh2-versoin"; did you mean "hh2-version"?  unknown-rule',
        'test/fixtures/configs/bad-waivers.yaml:8:5  error  waiver needs exactly one of "rule" or "key"  bad-waiver',
        '',
      ].join('\n'),
    );
  });

  test('an extends that cannot be read is located at the extends entry', async () => {
    const r = await cli('check', '--config', 'test/fixtures/configs/missing-extends.yaml', ...PACK);
    expect(r.stderr).toBe('test/fixtures/configs/missing-extends.yaml:1:11  error  extends test/fixtures/configs/nowhere.yaml, which cannot be read: no such file  extends-unreadable\n');
    expect(r.status).toBe(2);
  });
});

describe('waivers', () => {
  test('an active waiver shows the failure as waived, never as pass, with its reason and approver', async () => {
    const f = byKey(await report('--as-of', '2026-11-20'))['advanced-mapping/Invoice (AP)'];
    expect(f).toMatchObject({ outcome: 'waived', waivedOutcome: 'fail', waiver: { approver: 'controller@example.com', ticket: 'CHG-1042', expires: '2026-11-30' } });
    expect(f.message).toContain('Invoices are keyed in Sage by hand');
  });

  test('scoped: one entity waived, the other still failing', async () => {
    const k = byKey(await report('--as-of', '2026-11-20'));
    expect(k['advanced-mapping/Invoice (AP)'].outcome).toBe('waived');
    expect(k['advanced-mapping/Distribution (AP)'].outcome).toBe('fail');
  });

  test('expiry is inclusive: waived on the expiry day, failing again the day after, saying it expired and when', async () => {
    expect(byKey(await report('--as-of', '2026-11-30'))['advanced-mapping/Invoice (AP)'].outcome).toBe('waived');
    const after = await report('--as-of', '2026-12-01');
    const f = byKey(after)['advanced-mapping/Invoice (AP)'];
    expect(f.outcome).toBe('fail');
    expect(f.message).toContain('waiver expired on 2026-11-30');
    expect(after.waivers[0]).toMatchObject({ status: 'expired', matched: ['advanced-mapping/Invoice (AP)'] });
    expect(after.asOf).toBe('2026-12-01');
  });

  test('a waiver that matches no failing finding is stale, with its location', async () => {
    const rep = await report('--as-of', '2026-11-20');
    expect(rep.waivers.map((w: any) => [w.rule ?? w.key, w.status, `${w.location.line}:${w.location.column}`])).toEqual([
      ['advanced-mapping', 'active', '9:5'],
      ['hh2-version', 'expired', '15:5'],
      ['erp-enabled', 'stale', '20:5'],
    ]);
  });

  test('the stylish report lists the register, status in words', async () => {
    const r = await cli('check', ...CUSTOMER, '--as-of', '2026-11-20');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('\nwaivers\n  test/fixtures/configs/customer.yaml:9:5  active  advanced-mapping/Invoice (AP) until 2026-11-30');
    expect(r.stdout).toContain('test/fixtures/configs/customer.yaml:20:5  stale (matches no failing finding)  erp-enabled');
    expect(r.stdout).toContain(', 1 waived\n');
  });
});

describe('check.failOn', () => {
  test('the setting decides the exit code; --fail-on on the command line wins over it; the verdict stays about blockers', async () => {
    const base = ['check', '--config', 'config/no-sponsor-ready-willow-creek.yaml', '--as-of', '2026-11-26', '--format', 'json'];
    const ready = await cli(...base);
    expect(ready.status).toBe(0);
    expect(JSON.parse(ready.stdout)).toMatchObject({ verdict: 'ready', failOn: 'error', summary: { warnings: 1 } });
    const strict = await cli(...base, '--set', 'check.failOn=warning');
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ verdict: 'ready', failOn: 'warning' });
    expect((await cli(...base, '--set', 'check.failOn=warning', '--fail-on', 'error')).status).toBe(0);
  });
});

describe('--set', () => {
  test('a flag value meets its setting schema, as a config file value does', async () => {
    const r = await cli('check', '--config', 'config/demo-harbor-point.yaml', '--set', 'sage.vendorIdLength=ten');
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'preflight: --set sage.vendorIdLength=ten: the value must be an integer, found string \"ten\"\nRun "preflight help" for usage.\n' });
    const ok = await cli('check', '--config', 'config/demo-harbor-point.yaml', '--set', 'sage.vendorIdLength=8', '--print-config');
    expect(ok.stdout).toMatch(/^ {2}sage\.vendorIdLength: 8 +# command line$/m);
  });
});
