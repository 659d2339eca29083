// Mistakes in message templates through the real CLI: validate and test refuse the pack, each mistake located at
// itself in the rule file; check refuses a template that would fail when rendered before it evaluates anything.
import { describe, expect, test } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOOD_SNAPSHOT, ROOT, RULES, expectNoCrashOutput, expectRefused, position, preflight, readinessOnly, replaceOnce, scratchDir, where } from './cli-run.ts';

interface Mistake {
  id: string;
  from: string;
  to: string;
  /** Where the diagnostic must point: the first occurrence of `needle` in the edited file, `offset` characters on. */
  needle: string;
  offset?: number;
  code: string;
}

/** A copy of the bundled readiness rules (cases and docs too, and the snapshots their cases patch) with `mistakes` made in them. */
function packWith(name: string, mistakes: Mistake[]): { pack: string; expected: string[] } {
  const pack = join(scratch(), name);
  cpSync(join(RULES, 'readiness'), join(pack, 'readiness'), { recursive: true });
  cpSync(join(ROOT, 'fixtures', 'snapshots'), join(scratch(), 'fixtures', 'snapshots'), { recursive: true });
  writeFileSync(join(pack, 'pack.yaml'), readinessOnly(readFileSync(join(RULES, 'pack.yaml'), 'utf8')));
  const expected = mistakes.map((m) => {
    const file = join(pack, 'readiness', `${m.id}.yaml`);
    const text = replaceOnce(readFileSync(file, 'utf8'), m.from, m.to);
    writeFileSync(file, text);
    const p = position(text, m.needle);
    return `${file}:${p.line}:${p.column + (m.offset ?? 0)} ${m.code}`;
  });
  return { pack, expected: expected.sort() };
}

const scratch = scratchDir('preflight-template-mistakes-');

const TYPO: Mistake = { id: 'hh2-client-version', from: 'is {{hh2.client.version}};', to: 'is {{hh2.client.verion}};', needle: 'verion}}', code: 'unknown-name' };
// In the last line of a folded (>-) message, inside #each and #if.
const NO_HELPER: Mistake = { id: 'approver-emails-sent-to-procore', from: '<{{email}}>', to: '<{{nohelper email}}>', needle: 'nohelper', code: 'unknown-helper' };
const PARTIAL: Mistake = { id: 'sage-date-received-usage', from: 'passMessage: Date', to: 'passMessage: See {{> partial}}. Date', needle: '{{> partial}}', code: 'template-partial' };
const ITEM: Mistake = { id: 'sage-payment-date-usage', from: 'passMessage: Payment Date Usage is "{{sage.ap.invoiceSettings.paymentDateUsage}}"', to: 'passMessage: Payment Date Usage is "{{item.x}}"', needle: 'item.x}}', code: 'unknown-name' };
// A closing brace missing: the parser stops at the lone "}" on the third line of the message.
const SYNTAX: Mistake = { id: 'setup-user-hh2-credentials', from: '{{survey.setupUser.hasHh2Credentials}})', to: '{{survey.setupUser.hasHh2Credentials})', needle: 'Credentials})', offset: 'Credentials'.length, code: 'bad-template' };
const REMEDIATION: Mistake = { id: 'hh2-platform-network', from: 'from the Sage server', to: 'from {{hh2.platform.server}}', needle: '{{hh2.platform.server}}', code: 'remediation-template' };


describe('validate and test refuse a template mistake, located at the mistake', () => {
  test('an unknown helper, a partial, a misspelt fact, an item outside each, a syntax error and braces in a remediation → six diagnostics, exit 1', () => {
    const { pack, expected } = packWith('six-mistakes', [TYPO, NO_HELPER, PARTIAL, ITEM, SYNTAX, REMEDIATION]);
    const r = preflight('validate', pack);
    const context = `exit ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
    expectNoCrashOutput(r.stdout + r.stderr);
    expect(r.status, context).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('6 problems in 6 files.');
    const diagnostics = lines.slice(0, -1).map((l) => {
      const [location, , message, code] = l.split('  ');
      return { where: `${location} ${code}`, message };
    });
    expect(diagnostics.map((d) => d.where).sort(), context).toEqual(expected);
    const messages = diagnostics.map((d) => d.message);
    expect(messages).toContain('unknown name "hh2.client.verion": hh2.client has no "verion"; did you mean "hh2.client.version"?');
    expect(messages).toContain('unknown helper "nohelper"; messages may call each, if, json, lookup, or, setting, unless, with');
    expect(messages).toContain('unknown name "item.x": only a rule with `each` has an item, and this rule has none');
    expect(messages.find((m) => m.startsWith('message template does not parse'))).toMatch(/got 'INVALID'$/);
  });

  test('preflight test refuses the pack with a misspelt fact: exit 2, located, did-you-mean', () => {
    const { pack, expected } = packWith('typo', [TYPO]);
    const diagnostics = expectRefused(preflight('test', '--pack', pack));
    expect(diagnostics.map(where)).toEqual(expected);
    expect(diagnostics[0].message).toContain('did you mean "hh2.client.version"?');
  });
});

describe('check refuses a template that would fail when rendered', () => {
  test('{{nohelper x}} → exit 2 at the helper, before any finding; no internal error', () => {
    const { pack, expected } = packWith('no-helper', [NO_HELPER]);
    // Harbor Point's approver e-mails were not sent: this very message is rendered (it failed with "Missing helper").
    const diagnostics = expectRefused(preflight('check', '--snapshot', 'fixtures/snapshots/demo-harbor-point.yaml', '--pack', pack));
    expect(diagnostics.map(where)).toEqual(expected);
  });

  test('{{> partial}} in a pass message → exit 2 at the partial', () => {
    const { pack, expected } = packWith('partial', [PARTIAL]);
    const diagnostics = expectRefused(preflight('check', '--snapshot', GOOD_SNAPSHOT, '--pack', pack));
    expect(diagnostics.map(where)).toEqual(expected);
  });
});
