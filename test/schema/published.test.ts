// The published schemas carry what the pack knows (rule ids, Advanced Mappings names) and nothing that stops an
// editor completing; validate says an unknown rule id once, with the closest id.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishedSchemas } from '../../src/schema/all.ts';
import { snapshotSchema } from '../../src/schema/snapshot.schema.ts';
import { validateSource } from '../../src/schema/validate.ts';
import { parseYaml } from '../../src/yaml/source.ts';
import { requirePack } from '../../src/pack/load.ts';
import { ROOT, described, runCli } from '../cli/spawn.ts';

type Node = Record<string, any>;
const pack = requirePack('rules');
const published = publishedSchemas(pack) as Record<string, Node>;
const ruleIds = pack.rules.map((r) => r.id).sort();
const ENTITIES = ['Distribution (AP)', 'Distribution Payment (AP)', 'Invoice (AP)', 'Payment (AP)', 'Invoice Payment (AP)', 'Invoice Settings (AP)'];

/** Every `default` in a schema, with where it stands. */
function defaults(node: unknown, path = ''): [string, unknown][] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === 'default' ? [[path, v] as [string, unknown]] : []), ...defaults(v, `${path}/${k}`)]);
}

describe('published schemas', () => {
  test('no default is null: yaml-language-server stops completing keys at one', () => {
    for (const [name, schema] of Object.entries(published)) expect(defaults(schema).filter(([, v]) => v === null), name).toEqual([]);
    // The two settings that are unset by default are still offered, without a default.
    const settings = published['config.schema.json'].properties.settings.properties;
    expect(settings['procore.companyId']).not.toHaveProperty('default');
    expect(settings['export.accountingDate']).not.toHaveProperty('default');
  });

  test("a waiver's rule and a rule's requires are the pack's rule ids, each with its title", () => {
    const waiverRule = published['config.schema.json'].properties.waivers.items.properties.rule;
    const requires = published['rule.schema.json'].properties.requires.items;
    for (const node of [waiverRule, requires]) {
      expect(node.enum).toEqual(ruleIds);
      expect(node.enumDescriptions[ruleIds.indexOf('hh2-client-version')]).toBe(pack.byId.get('hh2-client-version')!.title);
    }
    expect(waiverRule.enumDescriptions[ruleIds.indexOf('import-encoding')]).toMatch(/cannot be waived/);
    expect(Object.keys(published['config.schema.json'].properties.rules.properties)).toEqual(ruleIds);
  });

  test("hh2.advancedMappings in snapshots and surveys lists the six entities of the pack's setting", () => {
    expect(pack.settings.get('hh2.requiredAdvancedMappings')?.default).toEqual(ENTITIES);
    const snapshot = published['snapshot.schema.json'].properties.hh2.properties.advancedMappings;
    const survey = published['survey.schema.json'].properties.hh2.properties.advancedMappings;
    expect(Object.keys(snapshot.properties)).toEqual(ENTITIES);
    expect(Object.keys(survey.properties)).toEqual(ENTITIES);
    expect(snapshot.properties['Invoice (AP)']).toMatchObject({ type: 'boolean', description: expect.stringContaining('"Invoice (AP)" is listed in hh2.requiredAdvancedMappings') });
    expect(survey.properties['Invoice (AP)'].type).toEqual(['boolean', 'null']);
    // Other entities are still accepted, as `validate` (the fixed schema) accepts them.
    expect(snapshot.additionalProperties).toMatchObject({ type: 'boolean' });
    const text = 'meta:\n  customer: A\n  captured_at: 2026-11-20T10:00:00Z\nhh2:\n  advancedMappings:\n    Vendor (AP): true\n';
    expect(validateSource(snapshotSchema, parseYaml(text, 's.yaml', 'a snapshot'))).toEqual([]);
  });
});

describe('validate: an unknown rule id in a waiver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-rule-ids-'));
  const config = [
    `snapshot: ${join(ROOT, 'fixtures/snapshots/ready-cedar-ridge.yaml')}`,
    'waivers:',
    '  - rule: hh2-client-versoin',
    '    reason: r',
    '    approver: a@example.com',
    '    ticket: T-1',
    '    expires: 2027-01-31',
    '  - key: hh2-advanced-mapings/Invoice (AP)',
    '    reason: r',
    '    approver: a@example.com',
    '    ticket: T-2',
    '    expires: 2027-01-31',
    '  - rule: hh2-client-version',
    '    key: hh2-client-version',
    '    reason: r',
    '    approver: a@example.com',
    '    ticket: T-3',
    '    expires: 2027-01-31',
    '  - rule: zzz',
    '    reason: r',
    '    approver: a@example.com',
    '    ticket: T-4',
    '    expires: 2027-01-31',
    '',
  ].join('\n');
  const file = join(dir, 'config.yaml');
  writeFileSync(file, config);

  test('is one did-you-mean message at its line, never also the list of every id; the other waivers are judged too', () => {
    const r = runCli(['validate', file]);
    expect(r.status, described(r)).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith(file))).toEqual([
      `${file}:3:11  error  unknown rule "hh2-client-versoin"; did you mean "hh2-client-version"?  unknown-rule`,
      `${file}:8:10  error  waiver names unknown rule "hh2-advanced-mapings"; did you mean "hh2-advanced-mappings"?  unknown-rule`,
      `${file}:13:5  error  waiver needs exactly one of "rule" or "key"  bad-waiver`,
      `${file}:19:11  error  unknown rule "zzz"; expected a rule id (to waive one finding, write its key under key:)  unknown-rule`,
    ]);
    expect(r.stdout).not.toMatch(/must be one of/);
  });

  test('check refuses the config with the same messages (exit 2)', () => {
    const r = runCli(['check', '--config', file]);
    expect(r.status, described(r)).toBe(2);
    // check prints schema problems before reference problems; the order is not what this test is about.
    const lines = r.stderr.split('\n').filter(Boolean).map((l) => l.split('  ').slice(0, 3).join('  '));
    expect(lines.sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1]))).toEqual([
      `${file}:3:11  error  unknown rule "hh2-client-versoin"; did you mean "hh2-client-version"?`,
      `${file}:8:10  error  waiver names unknown rule "hh2-advanced-mapings"; did you mean "hh2-advanced-mappings"?`,
      `${file}:13:5  error  waiver needs exactly one of "rule" or "key"`,
      `${file}:19:11  error  unknown rule "zzz"; expected a rule id (to waive one finding, write its key under key:)`,
    ]);
  });
});
