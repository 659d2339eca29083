// The JSON report: valid against its published schema, byte-identical across runs, and what npm start writes.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { compileSchema } from '../../src/schema/validate.ts';
import { publishedSchemas, renderSchema } from '../../src/schema/all.ts';
import { requirePack } from '../../src/pack/load.ts';

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

const reportSchemaFile = JSON.parse(readFileSync('schemas/report.schema.json', 'utf8'));
const snapshots = readdirSync('fixtures/snapshots').filter((f) => f.endsWith('.yaml')).sort();

describe('JSON report', () => {
  test.each(snapshots)('%s: the report satisfies schemas/report.schema.json', async (name) => {
    const { stdout, status } = await cli(['check', '--snapshot', `fixtures/snapshots/${name}`, '--format', 'json']);
    expect([0, 1]).toContain(status);
    const report = JSON.parse(stdout);
    const validate = compileSchema(reportSchemaFile);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  test('the same input gives byte-identical output, in-process and in a fresh process', async () => {
    const args = ['check', '--snapshot', 'test/fixtures/snapshots/mixed.yaml', '--pack', 'test/fixtures/pack', '--format', 'json', '--as-of', '2026-11-20'];
    const first = (await cli(args)).stdout;
    expect((await cli(args)).stdout).toBe(first);
    const spawned = spawnSync(process.execPath, ['bin/preflight.js', ...args], { encoding: 'utf8' });
    expect(spawned.stdout).toBe(first);
  });

  test('the report names the customer, pack, capture time and each finding with evidence and locations', async () => {
    const report = JSON.parse((await cli(['check', '--snapshot', 'test/fixtures/snapshots/mixed.yaml', '--pack', 'test/fixtures/pack', '--format', 'json'])).stdout);
    expect(report).toMatchObject({
      customer: 'Scenario Mixed Co',
      pack: { name: 'scenario-pack', version: '1.0.0' },
      snapshot: { file: 'test/fixtures/snapshots/mixed.yaml', captured_at: '2026-10-02T08:00:00Z' },
      verdict: 'not-ready',
      summary: { blocking: 2, warnings: 1, passed: 0, notEvaluable: 2, blocked: 1, notApplicable: 0 },
    });
    const byKey = Object.fromEntries(report.findings.map((f: { key: string }) => [f.key, f]));
    expect(byKey['erp-enabled']).toMatchObject({
      outcome: 'fail',
      evidence: [{ path: 'procore.erpIntegrations.enabled', pointer: '/procore/erpIntegrations/enabled', present: true, value: false, location: { file: 'test/fixtures/snapshots/mixed.yaml', line: 10, column: 14 } }],
      ruleLocation: { file: 'test/fixtures/pack/checks/erp-enabled.yaml', line: 1, column: 1 },
    });
    expect(byKey['erp-system']).toMatchObject({ outcome: 'blocked', blockedBy: ['erp-enabled'] });
    expect(byKey['advanced-mapping/Distribution (AP)']).toMatchObject({
      outcome: 'not-evaluable',
      missing: [{ path: 'hh2.advancedMappings.Distribution (AP)' }],
      evidence: [{ present: false, location: { line: 13, column: 3 } }],
    });
    expect(byKey['advanced-mapping/Invoice (AP)'].evidence).toEqual([
      { path: 'hh2.advancedMappings.Invoice (AP)', pointer: '/hh2/advancedMappings/Invoice (AP)', present: true, value: false, location: { file: 'test/fixtures/snapshots/mixed.yaml', line: 14, column: 19, endLine: 14, endColumn: 24 } },
    ]);
    expect(byKey['sponsor-email']).toMatchObject({ outcome: 'fail', severity: 'warning', confidence: 'unconfirmed' });
  });

  test('--output writes the file, and each --format/--output pair by position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-out-'));
    const r = await cli(['check', '--snapshot', 'test/fixtures/snapshots/ready.yaml', '--pack', 'test/fixtures/pack', '--format', 'json', '--output', join(dir, 'r.json'), '--format', 'stylish', '--output', join(dir, 'r.txt')]);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).verdict).toBe('ready');
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toContain('Ready: 0 blocking');
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.txt']);
  });
});

describe('npm start', () => {
  test('the demo writes reports/readiness.json in the working directory and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-demo-'));
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/preflight.js'), 'demo'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Harbor Point Builders');
    expect(r.stdout).toMatch(/Not ready: \d+ blocking/);
    expect(r.stdout).toContain('Wrote reports/readiness.json');
    const report = JSON.parse(readFileSync(join(dir, 'reports/readiness.json'), 'utf8'));
    expect(report.customer).toBe('Harbor Point Builders');
    expect(new Set(report.findings.map((f: { outcome: string }) => f.outcome)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('published schemas', () => {
  const published = publishedSchemas(requirePack('rules'));
  test('every schema file in schemas/ is generated, and every generated schema is there', async () => {
    expect(readdirSync('schemas').sort()).toEqual(Object.keys(published).sort());
  });
  test.each(Object.keys(published))('schemas/%s equals what `preflight schema` generates', (name) => {
    expect(readFileSync(join('schemas', name), 'utf8')).toBe(renderSchema(published[name]));
  });
});
