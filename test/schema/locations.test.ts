// Schema problems land on the exact line:column, one message per real mistake.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseYaml } from '../../src/yaml/source.ts';
import { validateSource } from '../../src/schema/validate.ts';
import { snapshotSchema } from '../../src/schema/snapshot.schema.ts';
import { ruleSchema } from '../../src/schema/rule.schema.ts';
import { loadPack } from '../../src/pack/load.ts';
import { PreflightError, type Diagnostic } from '../../src/diagnostics.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';

function problems(schema: object, text: string, file = 'x.yaml'): Diagnostic[] {
  return validateSource(schema, parseYaml(text, file, 'test data'));
}
const brief = (d: Diagnostic) => `${d.location.line}:${d.location.column} ${d.code} ${d.message}`;

const META = ['meta:', '  customer: Test Co', '  captured_at: 2026-11-01T10:00:00Z'];

describe('snapshot schema locations', () => {
  test('an unknown key three levels deep is reported at the key, with a suggestion', () => {
    const text = lines(...META, 'hh2:', '  client:', '    versoin: 1.31.467.1');
    expect(problems(snapshotSchema, text).map(brief)).toEqual([
      '6:5 unknown-key unknown key "versoin" in hh2.client; did you mean "version"?',
    ]);
  });

  test('a bad list item is reported at the item', () => {
    const text = lines(...META, 'sage:', '  apInvoices:', '    - { vendor: "V1", invoice: "A-1" }', '    - just text');
    expect(problems(snapshotSchema, text).map(brief)).toEqual(['7:7 wrong-type sage.apInvoices.1 must be an object, found string "just text"']);
  });

  test('a missing required key is reported at its parent', () => {
    const text = lines(...META, 'sage:', '  apInvoices:', '    - vendor: "V1"', '      amount: "10.00"');
    expect(problems(snapshotSchema, text).map(brief)).toEqual(['6:7 missing-key missing required key "invoice" in sage.apInvoices.0']);
    const noCustomer = lines('meta:', '  captured_at: 2026-11-01T10:00:00Z');
    expect(problems(snapshotSchema, noCustomer).map(brief)).toEqual(['1:1 missing-key missing required key "customer" in meta']);
  });

  test('three independent mistakes give exactly three messages', () => {
    const text = lines(
      ...META,
      'procore:',
      '  company:',
      '    country: Canada',
      '    executiveSponsor: 5',
      'hh2:',
      '  client:',
      '    version: true',
    );
    expect(problems(snapshotSchema, text).map(brief)).toEqual([
      '6:14 bad-format procore.company.country must be a two-letter ISO country code such as US or CA, found string "Canada"',
      '7:23 wrong-type procore.company.executiveSponsor must be an object or null, found number 5',
      '10:14 wrong-type hh2.client.version must be a string, found boolean true; write it in quotes ("true") to make it text',
    ]);
  });

  test('an unquoted id that YAML turns into a number says to quote it, with the source text', () => {
    const text = lines(...META, 'procore:', '  company:', '    id: 00123');
    expect(problems(snapshotSchema, text).map(brief)).toEqual([
      '6:9 wrong-type procore.company.id must be a string, found number 123; write it in quotes ("00123"): unquoted, YAML reads 00123 as the number 123',
    ]);
  });

  test('an unquoted map key YAML would change is refused at parse time', () => {
    const text = lines(...META, 'procore:', '  users:', '    00123:', '      name: A');
    let error: unknown;
    try {
      parseYaml(text, 'x.yaml', 'a snapshot');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).diagnostics.map(brief)).toEqual([
      '6:5 ambiguous-key key 00123 would be read as 123; write it in quotes ("00123") so ids keep their exact text',
    ]);
  });
});

describe('rule schema locations', () => {
  test('enum and nested list problems in a rule', () => {
    const text = lines(
      'id: sample-rule',
      'title: A sample',
      'severity: fatal',
      'category: setting',
      'actor: consultant',
      'confidence: confirmed',
      'source: test',
      'check: true',
      'message: failed',
      'remediation: fix it',
      'requires: [other-rule, 42]',
    );
    expect(problems(ruleSchema, text).map(brief)).toEqual([
      '3:11 not-allowed severity must be one of "error", "warning", "info", "hint", found string "fatal"',
      '11:24 wrong-type requires.1 must be a string, found number 42; write it in quotes ("42") to make it text',
    ]);
  });

  test('a missing required top-level key is reported at the top of the file', () => {
    const text = lines('id: sample-rule', 'title: A sample', 'severity: error', 'category: setting', 'actor: consultant', 'confidence: confirmed', 'source: test', 'message: m', 'remediation: r');
    expect(problems(ruleSchema, text).map(brief)).toEqual(['1:1 missing-key missing required key "check" at the top level']);
  });
});

describe('pack loading', () => {
  /** A copy of the bundled pack.yaml with the given rule files ("folder/name.yaml" → text). */
  function packWith(rules: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-pack-'));
    const folders = [...new Set(Object.keys(rules).map((p) => (p.includes('/') ? p.split('/')[0] : 'readiness')))];
    // Only the given rule folders; the export mapping and layout stay behind with the bundled pack.
    const manifest = readFileSync('rules/pack.yaml', 'utf8')
      .replace(/rules:\n(  - .*\n)+/, `rules:\n${folders.map((f) => `  - ${f}\n`).join('')}`)
      .replace(/^export:\n(  .*\n)+/m, '');
    writeFileSync(join(dir, 'pack.yaml'), manifest);
    for (const [name, text] of Object.entries(rules)) {
      const path = join(dir, name.includes('/') ? name : `readiness/${name}`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    return dir;
  }
  const rule = (id: string, check = 'true') =>
    lines(`id: ${id}`, 'title: T', 'severity: error', 'category: setting', 'actor: consultant', 'confidence: confirmed', 'source: s', `check: ${check}`, 'message: m', 'remediation: r');

  test('a duplicate rule id names both places', () => {
    const dir = packWith({ 'readiness/a-rule.yaml': rule('a-rule'), 'extra/a-rule.yaml': rule('a-rule') });
    const { pack, diagnostics } = loadPack(dir);
    expect(pack).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'duplicate-rule-id',
      message: `rule id "a-rule" is already used by ${join(dir, 'readiness', 'a-rule.yaml')}`,
      location: { file: join(dir, 'extra', 'a-rule.yaml'), line: 1, column: 5 },
      related: [{ message: 'first defined here', location: { file: join(dir, 'readiness', 'a-rule.yaml'), line: 1, column: 1 } }],
    });
  });

  test('a rule id that differs from its file name is refused at the id', () => {
    const dir = packWith({ 'b-rule.yaml': rule('a-rule') });
    expect(loadPack(dir).diagnostics.map(brief)).toEqual(['1:5 id-mismatch rule id "a-rule" must equal its file name "b-rule"']);
  });

  test('an unknown operation fails when the pack loads, at the operation', () => {
    const dir = packWith({ 'a-rule.yaml': rule('a-rule', '{ version_gt: [{ var: hh2.client.version }, "1.0.0.0"] }') });
    const { pack, diagnostics } = loadPack(dir);
    expect(pack).toBeUndefined();
    expect(diagnostics.map(brief)).toEqual(['8:10 unknown-operation unknown operation "version_gt"; did you mean "version_gte"?']);
  });

  test('requires that name unknown rules or form a cycle are refused', () => {
    const withRequires = (id: string, req: string[]) => rule(id) + `requires: [${req.join(', ')}]\n`;
    const dir = packWith({
      'a-rule.yaml': withRequires('a-rule', ['b-rule']),
      'b-rule.yaml': withRequires('b-rule', ['a-rule']),
      'c-rule.yaml': withRequires('c-rule', ['no-such-rule']),
    });
    const { diagnostics } = loadPack(dir);
    expect(diagnostics.map((d) => `${d.location.file.split('/').pop()} ${brief(d)}`)).toEqual([
      'b-rule.yaml 11:12 requires-cycle requires forms a cycle: a-rule → b-rule → a-rule',
      'c-rule.yaml 11:12 unknown-rule requires unknown rule "no-such-rule"',
    ]);
  });
});
