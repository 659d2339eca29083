// validate reports every problem of a rule pack in one run, per file kind (rule files, cases, docs, pack.yaml,
// mapping, layout): schema problems do not hide what a file names, and a value the schema refused is not judged.
import { describe, expect, test } from 'vitest';
import { preflight } from './cli-run.ts';
import { plantedFolders, validateIn } from './one-run.ts';

const folder = plantedFolders('preflight-one-run-pack-');

/** A rule file of the tiny pack: `extra` lines replace or add to the defaults, by key. */
function rule(id: string, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id,
    title: `${id} holds`,
    severity: 'error',
    category: 'prerequisite',
    actor: 'consultant',
    confidence: 'confirmed',
    source: 'test',
    check: '{ "==": [{ var: meta.customer }, "A"] }',
    message: 'The customer is not A',
    remediation: 'Make it A.',
    ...extra,
  };
  return Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
}

const cases = (id: string) =>
  [`rule: ${id}`, 'cases:', '  - name: passes', '    patch: { meta: { customer: A } }', `    expect: [{ key: ${id}, outcome: pass }]`, '  - name: fails', '    patch: { meta: { customer: Z } }', `    expect: [{ key: ${id}, outcome: fail }]`, ''].join('\n');

const FENCE = '```';
const doc = (id: string) =>
  [`# ${id}`, '', '## What it checks', '', 'That it holds.', '', '## Why', '', 'Because.', '', '## How to fix', '', 'Fix it.', '', '## Examples', '', `${FENCE}yaml pass`, 'meta: { customer: A }', FENCE, '', `${FENCE}yaml fail`, 'meta: { customer: Z }', FENCE, ''].join('\n');

const MANIFEST = ['name: tiny-pack', 'version: 1.0.0', 'rules: [checks]', 'settings:', '  tiny.limit:', '    type: integer', '    default: 3', '    description: A limit.', ''].join('\n');

/** A clean two-rule pack (a-rule requires b-rule), each rule with its cases and doc; `files` replace or add files. */
function tinyPack(name: string, files: Record<string, string> = {}): string {
  return folder(name, {
    'pack.yaml': MANIFEST,
    'checks/a-rule.yaml': rule('a-rule', { requires: '[b-rule]' }),
    'checks/a-rule.cases.yaml': cases('a-rule'),
    'checks/a-rule.md': doc('a-rule'),
    'checks/b-rule.yaml': rule('b-rule'),
    'checks/b-rule.cases.yaml': cases('b-rule'),
    'checks/b-rule.md': doc('b-rule'),
    ...files,
  });
}

/** One validate run of the tiny pack with `files` planted: it exits 1; its problems (see problems) and output. */
function validatePlanted(name: string, files: Record<string, string>): { found: string[]; stdout: string } {
  return validateIn(tinyPack(name, files));
}

describe('a rule pack', () => {
  test('a rule file: a bad severity does not hide what it requires, calls and reads; no rule requiring it reads as unknown', () => {
    // The tiny pack as written is clean: each problem below is one the test planted.
    expect(preflight('validate', tinyPack('clean'))).toMatchObject({ status: 0, stdout: 'No problems in 1 file.\n' });
    const { found, stdout } = validatePlanted('rule', {
      'checks/b-rule.yaml': rule('b-rule', {
        severity: 'critical',
        requires: '[b-rule, a-rul, 7]',
        check: '{ version_gt: [{ var: hh2.client.version }, "1.0"] }',
        message: 'Customer {{meta.custmer}} is not B',
      }),
    });
    // a-rule requires b-rule: no "requires unknown rule" there. The 7 is refused by the schema only.
    expect(found).toEqual([
      'checks/b-rule.yaml:3:11 not-allowed',
      'checks/b-rule.yaml:8:10 unknown-operation',
      'checks/b-rule.yaml:9:26 unknown-name',
      'checks/b-rule.yaml:11:12 requires-cycle',
      'checks/b-rule.yaml:11:20 unknown-rule',
      'checks/b-rule.yaml:11:27 wrong-type',
    ]);
    expect(stdout).toContain('b-rule.yaml:11:20  error  requires unknown rule "a-rul"; did you mean "a-rule"?  unknown-rule');
  });

  test('a cases file: a bad outcome does not hide its rule, base, keys, names and settings; a refused base is not looked for', () => {
    const { found } = validatePlanted('cases', {
      'checks/a-rule.cases.yaml': [
        'rule: b-rule',
        'base: no-such-base.yaml',
        'cases:',
        '  - name: passes',
        '    patch: { meta: { customer: A } }',
        '    settings: { tiny.limt: 4, tiny.limit: many }',
        '    expect: [{ key: a-rule, outcome: passs }]',
        '  - name: passes',
        '    patch: { meta: { customer: Z } }',
        '    expect: [{ key: c-rule, outcome: fail }]',
        '',
      ].join('\n'),
      'checks/b-rule.cases.yaml': cases('b-rule').replace('rule: b-rule', 'rule: b-rule\nbase: 42').replace('key: b-rule, outcome: fail', 'key: a-rule, outcome: fail'),
    });
    // The pass/fail count is not judged while an outcome cannot be read (the mistyped one may be the pass).
    expect(found).toEqual([
      'checks/a-rule.cases.yaml:1:1 rule-mismatch',
      'checks/a-rule.cases.yaml:2:1 bad-base',
      'checks/a-rule.cases.yaml:6:17 unknown-setting',
      'checks/a-rule.cases.yaml:6:31 bad-setting',
      'checks/a-rule.cases.yaml:7:38 not-allowed',
      'checks/a-rule.cases.yaml:8:5 duplicate-case',
      'checks/a-rule.cases.yaml:10:16 foreign-key',
      'checks/b-rule.cases.yaml:2:7 wrong-type',
      'checks/b-rule.cases.yaml:9:16 foreign-key',
    ]);
  });

  test('docs: a schema error elsewhere in the pack, or a heading out of place, does not hide a doc\'s examples', () => {
    const { found } = validatePlanted('docs', {
      'checks/a-rule.yaml': rule('a-rule', { requires: '[b-rule]', category: 'readiness' }),
      'checks/a-rule.md': doc('a-rule').replace('## Why', '## Whyy').replace('```yaml fail', '```yaml fial'),
      'checks/b-rule.yaml': rule('b-rule', { actor: 'nobody' }),
      'checks/b-rule.md': doc('b-rule').replace('meta: { customer: Z }', 'meta: { customer: [Z }'),
    });
    // b-rule's fail example does not parse: that is its problem, not a missing fail example.
    expect(found).toEqual([
      'checks/a-rule.md:3:1 doc-headings',
      'checks/a-rule.md:15:1 doc-examples',
      'checks/a-rule.yaml:4:11 not-allowed',
      'checks/b-rule.md:22:19 yaml-syntax',
      'checks/b-rule.yaml:5:8 not-allowed',
    ]);
  });

  test('pack.yaml: a bad version does not hide its rule folders, settings and rules; a setting with a problem is still declared', () => {
    const { found } = validatePlanted('manifest', {
      'pack.yaml': [
        'name: tiny-pack',
        'version: one',
        'rules: [checks, nowhere]',
        'settings:',
        '  tiny.limit:',
        '    type: integer',
        '    default: many',
        '    description: A limit.',
        '  tiny.broken:',
        '    type: integer',
        '    default: 1',
        '',
      ].join('\n'),
      'checks/b-rule.yaml': rule('b-rule', { check: '{ "<": [{ var: procore.users }, { setting: tiny.broken }] }', message: 'Over {{setting "tiny.brokn"}}' }),
    });
    // tiny.broken lacks its description, yet the check that reads it (line 8) is not told it is unknown.
    expect(found).toEqual([
      'checks/b-rule.yaml:9:25 unknown-setting',
      'pack.yaml:2:10 bad-format',
      'pack.yaml:3:17 rules-folder-missing',
      'pack.yaml:7:14 bad-setting-default',
      'pack.yaml:9:3 missing-key',
    ]);
  });

  test('mapping and layout: schema errors in both do not hide their formulas and references', () => {
    const { found } = validatePlanted('export', {
      'pack.yaml': MANIFEST.replace('rules: [checks]', 'rules: [checks]\nexport: { mapping: mapping.yaml, layout: layout.yaml }'),
      'mapping.yaml': [
        'name: tiny-map',
        'computed:',
        '  total:',
        '    label: Total',
        '    type: money',
        '    formula: { var: computed.later }',
        '  later:',
        '    label: Later',
        '    type: money',
        '    formula: { var: invoice.total }',
        'header:',
        '  number:',
        '    label: Number',
        '    type: txt',
        '    formula: { upcase: [{ var: invoice.number }] }',
        '  amount:',
        '    label: Amount',
        '    type: money',
        '    formula: { var: computed.total }',
        'distribution: 42',
        '',
      ].join('\n'),
      'layout.yaml': [
        'name: tiny-layout',
        'lineEnd: CR',
        'records:',
        '  invoice:',
        '    id: APIF',
        '    fields:',
        '      - { name: Record ID, type: text, constant: APIF }',
        '      - { name: Number, type: number, value: number, format: "-9.2" }',
        '      - { name: Amount, type: text, value: amout, length: 12 }',
        '      - { name: Vendor, type: text, length: { setting: tiny.vendorLength } }',
        '  distribution:',
        '    id: APDF',
        '    fields:',
        '      - { name: Amount, type: number, value: amount, format: "9.x" }',
        '',
      ].join('\n'),
    });
    // Not judged: the layout's Number against header.number, whose type the schema refused, nor any value of the
    // distribution record against a distribution section that is no mapping.
    expect(found).toEqual([
      'layout.yaml:2:10 not-allowed',
      'layout.yaml:9:44 unknown-field',
      'layout.yaml:10:56 unknown-setting',
      'layout.yaml:14:62 layout-format',
      'mapping.yaml:6:14 unknown-field',
      'mapping.yaml:14:11 not-allowed',
      'mapping.yaml:15:16 unknown-operation',
      'mapping.yaml:20:15 wrong-type',
    ]);
  });
});
