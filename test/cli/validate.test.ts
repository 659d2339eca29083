// validate: globs and folders, every kind of file, references, formats for CI.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { detectKind } from '../../src/cli/validate.ts';
import AjvDraft04 from 'ajv-draft-04';
import formatsPlugin from 'ajv-formats';

// CommonJS packages: under nodenext the class sits on .default at run time.
const Ajv: typeof AjvDraft04.default = AjvDraft04.default ?? AjvDraft04;
const addFormats: typeof formatsPlugin.default = formatsPlugin.default ?? formatsPlugin;

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

describe('validate', () => {
  test('the repository validates clean: every config, the pack with its cases and docs, every snapshot', async () => {
    const r = await cli('validate', 'config/**/*.yaml', 'rules/', 'fixtures/snapshots/');
    expect(r).toEqual({ status: 0, stdout: 'No problems in 24 files.\n', stderr: '' });
  });

  test('every problem of every file in one run, sorted and located; exit 1', async () => {
    const r = await cli('validate', '--pack', 'test/fixtures/pack', 'test/fixtures/configs/mistakes.yaml', 'test/fixtures/configs/cycle-a.yaml', 'test/fixtures/configs/bad-waivers.yaml');
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split('  ')[0])).toEqual([
      'test/fixtures/configs/bad-waivers.yaml:3:11',
      'test/fixtures/configs/bad-waivers.yaml:8:5',
      'test/fixtures/configs/cycle-b.yaml:1:11',
      'test/fixtures/configs/mistakes.yaml:3:3',
      'test/fixtures/configs/mistakes.yaml:4:33',
      'test/fixtures/configs/mistakes.yaml:6:3',
      'test/fixtures/configs/mistakes.yaml:8:5',
      'test/fixtures/configs/mistakes.yaml:8:5',
      'test/fixtures/configs/mistakes.yaml:10:14',
      '9 problems in 3 files.',
    ]);
  });

  test('a config whose snapshot is missing or invalid is reported at its snapshot line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-validate-'));
    writeFileSync(join(dir, 'bad-snapshot.yaml'), 'meta:\n  customer: X\n  captured_at: yesterday\n');
    writeFileSync(join(dir, 'a.yaml'), 'customer: A\nsnapshot: nowhere.yaml\n');
    writeFileSync(join(dir, 'b.yaml'), 'customer: B\nsnapshot: bad-snapshot.yaml\n');
    const r = await cli('validate', '--pack', 'test/fixtures/pack', join(dir, 'a.yaml'), join(dir, 'b.yaml'));
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${join(dir, 'a.yaml')}:2:11  error  snapshot ${join(dir, 'nowhere.yaml')} is not usable: no such file (1:1)  bad-snapshot`);
    expect(lines[1]).toBe(`${join(dir, 'b.yaml')}:2:11  error  snapshot ${join(dir, 'bad-snapshot.yaml')} is not usable: meta.captured_at must be a valid date-time, found string "yesterday" (3:16)  bad-snapshot`);
  });

  test('--format github prints workflow commands, --format json a document', async () => {
    const gh = await cli('validate', '--pack', 'test/fixtures/pack', 'test/fixtures/configs/cycle-a.yaml', '--format', 'github');
    expect(gh.stdout).toBe(
      '::error file=test/fixtures/configs/cycle-b.yaml,line=1,col=11,title=extends-cycle::extends forms a cycle%3A test/fixtures/configs/cycle-a.yaml → test/fixtures/configs/cycle-b.yaml → test/fixtures/configs/cycle-a.yaml\n'.replace('cycle%3A', 'cycle:'),
    );
    const json = JSON.parse((await cli('validate', '--pack', 'test/fixtures/pack', 'test/fixtures/configs/cycle-a.yaml', '--format', 'json')).stdout);
    expect(json).toMatchObject({ schemaVersion: 1, checked: 1, problems: [{ code: 'extends-cycle', location: { file: 'test/fixtures/configs/cycle-b.yaml', line: 1, column: 11 } }] });
  });

  test('a glob that matches nothing, or a file of no known kind, is reported', async () => {
    const none = await cli('validate', 'config/**/*.nothing');
    expect(none).toEqual({ status: 2, stdout: '', stderr: 'config/**/*.nothing:1:1  error  matches no file or folder  no-match\n' });
    const dir = mkdtempSync(join(tmpdir(), 'preflight-validate-'));
    writeFileSync(join(dir, 'x.yaml'), 'hello: world\n');
    const r = await cli('validate', join(dir, 'x.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('unknown-kind');
  });

  test('file kinds come from the schema modeline first, then from the keys', () => {
    expect(detectKind('config/demo-harbor-point.yaml')).toBe('config');
    expect(detectKind('fixtures/snapshots/demo-harbor-point.yaml')).toBe('snapshot');
    expect(detectKind('rules/pack.yaml')).toBe('pack');
    expect(detectKind('rules/readiness/hh2-client-version.yaml')).toBe('rule');
    expect(detectKind('rules/readiness/hh2-client-version.cases.yaml')).toBe('cases');
    expect(detectKind('test/fixtures/snapshots/ready.yaml')).toBe('snapshot');
    expect(readFileSync(resolve('test/fixtures/configs/customer.yaml'), 'utf8')).not.toContain('$schema');
    expect(detectKind('test/fixtures/configs/customer.yaml')).toBe('config');
  });
});

describe('validate --format sarif', () => {
  test('is valid SARIF 2.1.0 against the official schema, one located result per problem', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validateSarif = ajv.compile(JSON.parse(readFileSync('test/vendor/sarif-schema-2.1.0.json', 'utf8')));
    const dir = mkdtempSync(join(tmpdir(), 'preflight-validate-sarif-'));
    const pack = join(dir, 'pack');
    const { cpSync } = await import('node:fs');
    cpSync('rules', pack, { recursive: true });
    cpSync('rules/readiness/hh2-client-version.yaml', join(pack, 'readiness', 'zz-copy.yaml'));
    const r = await cli('validate', '--pack', 'test/fixtures/pack', 'test/fixtures/configs/mistakes.yaml', pack, '--format', 'sarif');
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThanOrEqual(7);
    const mismatch = results.find((x: any) => x.ruleId === 'id-mismatch');
    expect(mismatch.locations[0].physicalLocation.artifactLocation.uri).toBe(`file://${join(pack, 'readiness', 'zz-copy.yaml')}`);
    const mistake = results.find((x: any) => x.ruleId === 'unknown-setting');
    expect(mistake.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/fixtures/configs/mistakes.yaml' }, region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 27 } });
  });
});
