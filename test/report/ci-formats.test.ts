// JUnit and GitHub annotations: which finding becomes what, and escaping that holds against hostile names.
import { describe, expect, test } from 'vitest';
import { cli, CUSTOMER, HOSTILE, MIXED } from './helpers.ts';
import { escapeData, escapeProperty } from '../../src/report/github.ts';

const testcases = (xml: string) => [...xml.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>\s*<(failure|skipped|system-out))/g)].map((m) => [m[1], m[3] ?? 'passed']);

describe('JUnit', () => {
  test('one testcase per finding key: failures for fail, blocked and error-severity not-evaluable; skipped only for waived and not applicable', async () => {
    const xml = (await cli(['check', ...MIXED, '--format', 'junit'])).stdout;
    expect(testcases(xml)).toEqual([
      ['sponsor-email', 'failure'],
      ['erp-enabled', 'failure'],
      ['erp-system', 'failure'],
      ['hh2-version', 'failure'],
      ['advanced-mapping/Distribution (AP)', 'failure'],
      ['advanced-mapping/Invoice (AP)', 'failure'],
    ]);
    expect(xml).toMatch(/<testsuites name="preflight Scenario Mixed Co" tests="6" failures="6" errors="0" skipped="0">/);
    const customer = (await cli(['check', ...CUSTOMER, '--format', 'junit'])).stdout;
    expect(Object.fromEntries(testcases(customer))).toEqual({
      'sponsor-email': 'skipped',
      'erp-enabled': 'passed',
      'erp-system': 'passed',
      'hh2-version': 'failure',
      'advanced-mapping/Distribution (AP)': 'failure',
      'advanced-mapping/Invoice (AP)': 'skipped',
    });
  });

  test('a warning-severity fact that is not recorded passes, with a note in system-out', async () => {
    const xml = (await cli(['check', '--config', 'config/demo-harbor-point.yaml', '--as-of', '2026-11-26', '--format', 'junit'])).stdout;
    expect(xml).toMatch(/<testcase name="hh2-platform-sage-service-account"[^>]*>\s*<system-out>\[not evaluable, warning\] Not recorded/);
    expect(xml).toMatch(/<testcase name="sage-payment-date-usage"[^>]*>\s*<failure message="Not recorded/);
  });

  test('markup and quotes in names stay text: escaped in attributes and bodies', async () => {
    const xml = (await cli(['check', ...HOSTILE, '--format', 'junit'])).stdout;
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<script');
    expect(xml).toContain('name="vendor-synced/&lt;img src=x onerror=alert(1)&gt;"');
    expect(xml).toContain('name="vendor-synced/Line one&#10;Line two ::error::injected %0A"');
    expect(xml).toContain('&quot;quotes&quot; &amp; ampersands');
    // Every attribute value is closed where it should be: no stray quote inside one.
    for (const tag of xml.match(/<[^!?/][^>]*>/g) ?? []) expect(tag, tag).toMatch(/^<[\w:]+(\s+[\w:]+="[^"<]*")*\s*\/?>$/);
  });
});

describe('GitHub annotations', () => {
  test('one workflow command per finding that needs attention; severity picks the command', async () => {
    const out = (await cli(['check', ...CUSTOMER, '--format', 'github'])).stdout.trimEnd().split('\n');
    expect(out.map((l) => l.split(' ')[0])).toEqual(['::error', '::notice', '::error', 'preflight:']);
    expect(out[0]).toBe(
      '::error file=test/fixtures/snapshots/two-unchecked.yaml,line=15,col=24,endLine=15,endColumn=29,title=hh2 Advanced Mapping is checked (advanced-mapping/Distribution (AP))::Advanced Mapping "Distribution (AP)" is not checked',
    );
    const mixed = (await cli(['check', ...MIXED, '--format', 'github'])).stdout;
    expect(mixed).toMatch(/^::warning file=test\/fixtures\/snapshots\/mixed\.yaml,line=8,col=14,.*::Executive Sponsor e-mail "not-an-address" is not an address$/m);
  });

  test('escaping: data escapes %, CR and LF; properties also : and ,', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeProperty('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab%3A c%2C d');
  });

  test('hostile names cannot start a command of their own or break out of a property', async () => {
    const out = (await cli(['check', ...HOSTILE, '--format', 'github'])).stdout.trimEnd().split('\n');
    expect(out).toHaveLength(3);
    for (const line of out.slice(0, 2)) expect(line).toMatch(/^::error file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]*::[^\r\n]*$/);
    expect(out[1]).toContain('title=Every vendor is synced to Sage <b>(title markup)</b> (vendor-synced/Line one%0ALine two %3A%3Aerror%3A%3Ainjected %250A)::');
    expect(out[1]).toContain('100%25 done, a:b, c');
    expect(out[2]).toMatch(/^preflight: /);
  });
});
