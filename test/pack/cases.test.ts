// `preflight test` and the pack's own honesty: every rule has a doc and cases, names agree, and the
// case runner is strict (unknown keys, duplicates, missing pass/fail cases) and can fail.
import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { requirePack } from '../../src/pack/load.ts';
import { loadCases } from '../../src/pack/cases.ts';
import { runCases } from '../../src/engine/cases.ts';
import { PreflightError, type Diagnostic } from '../../src/diagnostics.ts';
import { main } from '../../src/cli/main.ts';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

/** A copy of the real pack (and the fixtures its cases use) in a temp folder, to break on purpose. */
function packCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-cases-'));
  cpSync('rules', join(root, 'rules'), { recursive: true });
  cpSync('fixtures', join(root, 'fixtures'), { recursive: true });
  return join(root, 'rules');
}

function loadProblems(dir: string): Diagnostic[] {
  try {
    loadCases(requirePack(dir));
  } catch (e) {
    if (e instanceof PreflightError) return e.diagnostics;
    throw e;
  }
  return [];
}
const brief = (d: Diagnostic) => `${basename(d.location.file)}:${d.location.line}:${d.location.column} ${d.code} ${d.message}`;
const CASES = 'readiness/sage-date-received-usage.cases.yaml';

describe('the bundled pack', () => {
  const pack = requirePack('rules');

  test('every rule file has its doc and cases beside it, and the names agree', async () => {
    // Snapshot rules live in rules/readiness, invoice rules in rules/invoice: check each rule in its own folder.
    for (const rule of pack.rules) {
      const folder = dirname(rule.file);
      const files = readdirSync(folder);
      expect(basename(rule.file)).toBe(`${rule.id}.yaml`);
      expect(files).toContain(`${rule.id}.md`);
      expect(files).toContain(`${rule.id}.cases.yaml`);
      expect(readFileSync(join(folder, `${rule.id}.cases.yaml`), 'utf8')).toMatch(new RegExp(`^rule: ${rule.id}$`, 'm'));
      expect(readFileSync(join(folder, `${rule.id}.md`), 'utf8').split('\n')[0]).toBe(`# ${rule.id}`);
    }
    const folders = ['rules/readiness', 'rules/invoice'];
    expect(new Set(pack.rules.map((r) => dirname(r.file)))).toEqual(new Set(folders));
    const stray = folders.flatMap((folder) => readdirSync(folder)).filter((f) => !pack.byId.has(f.replace(/\.(cases\.yaml|md|yaml)$/, '')));
    expect(stray).toEqual([]);
  });

  test('every case and doc example of every rule passes', async () => {
    const results = runCases(pack, loadCases(pack));
    expect(results.filter((r) => r.failures.length > 0)).toEqual([]);
    const perRule = new Map<string, number>();
    for (const r of results) perRule.set(r.ruleId, (perRule.get(r.ruleId) ?? 0) + 1);
    for (const rule of pack.rules) expect(perRule.get(rule.id) ?? 0, rule.id).toBeGreaterThanOrEqual(4);
  });

  test('preflight test reports the count and exits 0', async () => {
    const r = await cli(['test']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+ cases passed, 0 failed \(\d+ rules\)\n$/);
  });
});

describe('strict cases', () => {
  test('a case whose expectation is wrong fails, and preflight test exits 1 naming it', async () => {
    const dir = packCopy();
    const file = join(dir, CASES);
    writeFileSync(file, readFileSync(file, 'utf8').replace('expect: [{ key: sage-date-received-usage, outcome: pass }]', 'expect: [{ key: sage-date-received-usage, outcome: fail }]'));
    const r = await cli(['test', '--pack', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('sage-date-received-usage: Not Used passes');
    expect(r.stdout).toContain('expected sage-date-received-usage to be fail, got pass');
    expect(r.stdout).toMatch(/cases passed, 1 failed/);
  });

  test('an unlisted failing finding is an error, as in ESLint', async () => {
    const dir = packCopy();
    const file = join(dir, CASES);
    const text = readFileSync(file, 'utf8').replace(
      "expect: [{ key: sage-date-received-usage, outcome: fail, messageIncludes: 'Date Received Usage is \"Required\"' }]",
      'expect: [{ key: sage-date-received-usage/other, outcome: pass }]',
    );
    writeFileSync(file, text);
    const r = await cli(['test', '--pack', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('unexpected finding sage-date-received-usage (fail)');
  });

  test('unknown keys, duplicate names, duplicate bodies and foreign keys are located errors', async () => {
    const dir = packCopy();
    const file = join(dir, CASES);
    const lines = readFileSync(file, 'utf8').split('\n');
    const extra = [
      '  - name: Not Used passes',
      '    patch: { sage: { ap: { invoiceSettings: { dateReceivedUsage: Not Used } } } }',
      '    expect: [{ key: hh2-client-version, outcome: pass }]',
      '    expected: typo',
    ];
    writeFileSync(file, [...lines.filter(Boolean), ...extra, ''].join('\n'));
    const problems = loadProblems(dir).map(brief);
    const n = lines.filter(Boolean).length;
    const references = [
      `sage-date-received-usage.cases.yaml:${n + 1}:5 duplicate-case case "Not Used passes" has the same snapshot and settings as case 1`,
      `sage-date-received-usage.cases.yaml:${n + 1}:5 duplicate-case case name "Not Used passes" is already used by case 1`,
      `sage-date-received-usage.cases.yaml:${n + 3}:16 foreign-key expected finding "hh2-client-version" does not belong to rule "sage-date-received-usage"`,
    ];
    // The unknown key does not hide the rest: the duplicates and the foreign key are reported in the same run.
    expect(problems).toEqual([...references, `sage-date-received-usage.cases.yaml:${n + 4}:5 unknown-key unknown key "expected" in cases.5; did you mean "expect"?`]);
    // Fix the typo: the same references, each where it stands.
    writeFileSync(file, [...lines.filter(Boolean), ...extra.slice(0, 3), ''].join('\n'));
    expect(loadProblems(dir).map(brief)).toEqual(references);
  });

  test('a rule without a failing case, without cases, or without a doc is refused', async () => {
    const dir = packCopy();
    const file = join(dir, CASES);
    const onlyPasses = readFileSync(file, 'utf8').replace(/outcome: (fail|not-evaluable)/g, 'outcome: pass');
    writeFileSync(file, onlyPasses);
    expect(loadProblems(dir).map((d) => d.code)).toEqual(['no-failing-case']);
    cpSync(file, `${file}.bak`);
    writeFileSync(file, '');
    expect(loadProblems(dir).map((d) => d.code)).toEqual(['empty-file']);
    const doc = join(dir, 'readiness/hh2-client-version.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('## Why', '## Reason'));
    expect(loadProblems(dir).map((d) => d.code).sort()).toEqual(['doc-headings', 'empty-file']);
    expect(existsSync(`${file}.bak`)).toBe(true);
  });

  test('a doc example that does not do what it claims fails', async () => {
    const dir = packCopy();
    const doc = join(dir, 'readiness/hh2-client-version.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('version: 1.31.466.2210', 'version: 1.31.500.0'));
    const results = runCases(requirePack(dir), loadCases(requirePack(dir))).filter((r) => r.failures.length > 0);
    expect(results.map((r) => [r.name, r.failures])).toEqual([
      [expect.stringMatching(/^doc example at .*hh2-client-version\.md:\d+ \(fail\)$/), ['expected hh2-client-version to be fail, got pass: hh2 sync client 1.31.500.0 supports the export.']],
    ]);
  });
});
