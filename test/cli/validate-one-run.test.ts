// validate reports every problem of a customer config in one run: a schema problem does not hide its waivers,
// extends and snapshot, a value the schema refused is not judged again, and check and export say the same.
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { preflight } from './cli-run.ts';
import { plantedFolders, validateIn } from './one-run.ts';

const folder = plantedFolders('preflight-one-run-config-');

const WAIVER = ['    reason: accepted', '    approver: a@example.com', '    ticket: T-1', '    expires: 2026-12-31'];

describe('a customer config (the bundled pack)', () => {
  test('a schema error does not hide its waivers, extends and snapshot: all reported in one run, exit 1', () => {
    const dir = folder('config', {
      'acme.yaml': [
        'customer: Acme Builders',
        'extends: [org-missing.yaml, loop.yaml]',
        'snapshot: snap-missing.yaml',
        'settings:',
        '  export.accountingDate: 2026-02-30',
        'waivers:',
        '  - rule: hh2-clinet-version',
        ...WAIVER,
        '  - rule: import-encoding',
        ...WAIVER,
        '  - rule: hh2-client-version',
        '    key: hh2-client-version',
        ...WAIVER,
        '',
      ].join('\n'),
      'loop.yaml': 'extends: [acme.yaml]\n',
      'harbor.yaml': ['customer: Harbor', 'snapshot: { live: true, survey: survey-missing.yaml }', 'settings:', '  export.accountingDate: 2026-13-01', 'rules:', '  accounting-approver-designated: off', ''].join('\n'),
    });
    const { found, stdout } = validateIn(dir, 'acme.yaml', 'harbor.yaml');
    expect(found).toEqual([
      'acme.yaml:2:11 extends-unreadable',
      'acme.yaml:3:11 bad-snapshot',
      'acme.yaml:5:26 not-a-day',
      'acme.yaml:7:11 unknown-rule',
      'acme.yaml:12:11 unwaivable-rule',
      'acme.yaml:17:5 bad-waiver',
      'harbor.yaml:2:33 bad-survey',
      'harbor.yaml:4:26 not-a-day',
      'harbor.yaml:6:35 off-required-rule',
      'loop.yaml:1:11 extends-cycle',
    ]);
    // The unknown rule is named once, with the closest id.
    expect(stdout).toContain('acme.yaml:7:11  error  unknown rule "hh2-clinet-version"; did you mean "hh2-client-version"?  unknown-rule');
  });

  test('check and export stop at the config with the same problems, each worded alike (exit 2)', () => {
    const dir = folder('same', {
      'acme.yaml': ['extends: [org-missing.yaml]', 'settings:', '  export.accountingDate: 2026-02-30', 'waivers:', '  - rule: hh2-clinet-version', ...WAIVER, ''].join('\n'),
    });
    const config = join(dir, 'acme.yaml');
    const validated = preflight('validate', config);
    expect(validated.status).toBe(1);
    const lines = validated.stdout.split('\n').filter((l) => l.startsWith(config));
    expect(lines.map((l) => l.split('  ').pop())).toEqual(['extends-unreadable', 'not-a-day', 'unknown-rule']);
    for (const r of [preflight('check', '--config', config), preflight('export', '--config', config, '--invoices', 'fixtures/invoices/golden', '--dry-run')]) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(lines.map((l) => `${l}\n`).join(''));
    }
  });

  test('a value the schema refused is not judged again; the rest of the file still is', () => {
    const dir = folder('unusable', {
      'odd.yaml': ['extends: 42', "snapshot: ''", 'rules: [accounting-approver-designated]', 'waivers:', '  - rule: 42', ...WAIVER, '  - rule: hh2-clinet-version', ...WAIVER, ''].join('\n'),
      'empty.yaml': ["extends: ['']", 'snapshot: { live: true, survey: 7 }', 'rules:', '  approver-emails-sent-to-procore: of', '  accounting-approver-designated: off', ''].join('\n'),
    });
    const { found } = validateIn(dir, 'odd.yaml', 'empty.yaml');
    // No "extends 42 cannot be read", no snapshot or survey file looked for, no unknown rule "42", and no level
    // judged on a rules section that is no mapping or a level that is no level.
    expect(found).toEqual([
      'empty.yaml:1:11 schema',
      'empty.yaml:2:33 wrong-type',
      'empty.yaml:4:36 not-allowed',
      'odd.yaml:1:10 wrong-type',
      'odd.yaml:2:11 schema',
      'odd.yaml:3:8 wrong-type',
      'odd.yaml:5:11 wrong-type',
      'odd.yaml:10:11 unknown-rule',
    ]);
  });
});

