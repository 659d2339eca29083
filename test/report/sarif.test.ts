// SARIF: valid against the official 2.1.0 schema (draft-04), located at the evidence, keyed by finding key.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import formatsPlugin from 'ajv-formats';
import { cli, CUSTOMER, GOLDEN, HOSTILE, MIXED } from './helpers.ts';
import { encodeUri } from '../../src/report/sarif.ts';

// The official schema sits beside the repository (CI has it there too).
const schema = JSON.parse(readFileSync('test/vendor/sarif-schema-2.1.0.json', 'utf8'));
// CommonJS packages under NodeNext: the class and the plugin sit on `default`.
const Ajv = AjvDraft04.default ?? AjvDraft04;
const addFormats = formatsPlugin.default ?? formatsPlugin;
// strict off: the official schema uses keywords (e.g. "id" in places) that ajv's strict mode rejects.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

async function sarif(args: string[]) {
  const r = await cli(['check', ...args, '--format', 'sarif']);
  return JSON.parse(r.stdout);
}

describe('SARIF', () => {
  test.each([
    ['mixed', MIXED],
    ['customer', CUSTOMER],
    ['customer with a baseline', [...CUSTOMER, '--baseline', `${GOLDEN}/mixed.json.json`, '--allow-other-customer']],
    ['hostile names', HOSTILE],
    ['the real pack on the demo customer', ['--config', 'config/demo-harbor-point.yaml', '--as-of', '2026-11-26']],
  ])('%s: valid against the official SARIF 2.1.0 schema', async (_name, args) => {
    const log = await sarif(args);
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  test('the schema check can fail: a result without a message is refused', async () => {
    const log = await sarif(MIXED);
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
  });

  test('one result per problem, fingerprinted by finding key, at the evidence, with the rule file as related location', async () => {
    const log = await sarif(MIXED);
    const report = JSON.parse((await cli(['check', ...MIXED, '--format', 'json'])).stdout);
    const problems = report.findings.filter((f: { outcome: string }) => ['fail', 'not-evaluable', 'blocked'].includes(f.outcome));
    const results = log.runs[0].results;
    expect(results.map((r: any) => r.partialFingerprints['preflightFindingKey/v1'])).toEqual(problems.map((f: { key: string }) => f.key));
    const byKey = new Map(results.map((r: any) => [r.partialFingerprints['preflightFindingKey/v1'], r]));
    // A fact that is there: its own line and column.
    expect((byKey.get('erp-enabled') as any).locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/fixtures/snapshots/mixed.yaml' },
      region: { startLine: 10, startColumn: 14, endLine: 10, endColumn: 19 },
    });
    // A fact that is missing: its nearest existing parent (hh2:, line 12), never the rule.
    const missing = byKey.get('hh2-version') as any;
    expect(missing.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/snapshots/mixed.yaml');
    expect(missing.locations[0].physicalLocation.region.startLine).toBe(12);
    expect(missing.message.text).toMatch(/^\[not evaluable\] Not recorded: hh2\.client\.version/);
    expect(missing.relatedLocations[0]).toEqual({
      id: 1,
      message: { text: 'rule hh2-version' },
      physicalLocation: { artifactLocation: { uri: 'test/fixtures/pack/checks/hh2-version.yaml' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 3 } },
    });
    expect((byKey.get('sponsor-email') as any).level).toBe('warning');
  });

  test('each rule is described once, with its doc path and remediation; results point at it by index', async () => {
    const log = await sarif(MIXED);
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(['advanced-mapping', 'erp-enabled', 'erp-system', 'hh2-version', 'sponsor-email']);
    expect(rules[3].properties.docs).toBe('test/fixtures/pack/checks/hh2-version.md');
    expect(rules[3].help.text).toContain('Upgrade the hh2 sync client.');
    for (const r of log.runs[0].results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test('a waived finding is a suppressed result with the waiver as its justification', async () => {
    const log = await sarif(CUSTOMER);
    const waived = log.runs[0].results.find((r: any) => r.partialFingerprints['preflightFindingKey/v1'] === 'advanced-mapping/Invoice (AP)');
    expect(waived.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Invoices are keyed in Sage by hand until the January cut-over. Approved by controller@example.com (CHG-1042) until 2026-11-30.',
        location: { physicalLocation: { artifactLocation: { uri: 'test/fixtures/configs/customer.yaml' }, region: { startLine: 9, startColumn: 5, endLine: 15, endColumn: 1 } } },
      },
    ]);
  });

  test('with a baseline, each result says whether it is new, updated or unchanged', async () => {
    const states = (log: any) => Object.fromEntries(log.runs[0].results.map((r: any) => [r.partialFingerprints['preflightFindingKey/v1'], r.baselineState]));
    expect(states(await sarif([...CUSTOMER, '--baseline', `${GOLDEN}/mixed.json.json`, '--allow-other-customer']))).toEqual({
      'advanced-mapping/Distribution (AP)': 'updated',
      'advanced-mapping/Invoice (AP)': 'updated',
      'hh2-version': 'updated',
    });
    expect(states(await sarif([...MIXED, '--baseline', `${GOLDEN}/customer.json.json`, '--allow-other-customer']))).toMatchObject({ 'erp-enabled': 'new', 'advanced-mapping/Invoice (AP)': 'new' });
    expect(states(await sarif([...MIXED, '--baseline', `${GOLDEN}/mixed.json.json`]))).toEqual(
      Object.fromEntries(Object.keys(states(await sarif(MIXED))).map((k) => [k, 'unchanged'])),
    );
  });

  test('paths become URI references: segments percent-encoded, absolute paths as file URIs', () => {
    expect(encodeUri('snapshots/a b#1.yaml')).toBe('snapshots/a%20b%231.yaml');
    expect(encodeUri('/tmp/x y.yaml')).toBe('file:///tmp/x%20y.yaml');
    expect(encodeUri('C:\\work\\s.yaml')).toBe('file:///C:/work/s.yaml');
  });
});
