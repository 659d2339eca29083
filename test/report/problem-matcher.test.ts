// The VS Code problem matchers in .vscode/tasks.json pick up every located line preflight prints (findings,
// validate's problems, the located errors of check and export, and the places related to them), and nothing else.
import { afterAll, describe, expect, test } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDEN } from './helpers.ts';
import { ROOT, described, runCli, type CliRun } from '../cli/spawn.ts';

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity?: number;
  message: number;
  code?: number;
}
interface Matcher {
  owner: string;
  fileLocation: string[];
  severity?: string;
  pattern: Pattern;
}
interface Task {
  label: string;
  command: string;
  args: string[];
  problemMatcher: Matcher[];
}
interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code?: string;
}

const tasks = (JSON.parse(readFileSync(join(ROOT, '.vscode/tasks.json'), 'utf8')) as { tasks: Task[] }).tasks;
const matchers = tasks[0].problemMatcher;

/** What VS Code would list in the Problems panel for `text`: every matcher tried on every line. */
function problems(text: string): Problem[] {
  return text.split('\n').flatMap((line) => {
    const found = matchers.flatMap((m) => {
      const g = new RegExp(m.pattern.regexp).exec(line);
      if (!g) return [];
      const p = m.pattern;
      const severity = p.severity !== undefined ? g[p.severity] : m.severity!;
      return [{ file: g[p.file], line: Number(g[p.line]), column: Number(g[p.column]), severity, message: g[p.message], ...(p.code !== undefined ? { code: g[p.code] } : {}) }];
    });
    // Two matchers on one line would list one problem twice.
    expect(found.length, line).toBeLessThanOrEqual(1);
    return found;
  });
}

/** The terminal as the task shows it: stdout and stderr (a run writes one or the other). */
const terminal = (r: CliRun) => r.stdout + r.stderr;

const scratch = mkdtempSync(join(tmpdir(), 'preflight-matcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const BAD_CONFIG = join(scratch, 'x.yaml');
writeFileSync(
  BAD_CONFIG,
  [`customer: X`, `snapshot: ${join(ROOT, 'fixtures/snapshots/ready-cedar-ridge.yaml')}`, 'settings:', '  sage.vendorIdLenght: 8', '  check.failOn: sometimes', 'rules:', '  hh2-client-versoin: off', ''].join('\n'),
);
const CONFIG_PROBLEMS: Problem[] = [
  { file: BAD_CONFIG, line: 4, column: 3, severity: 'error', message: 'unknown setting "sage.vendorIdLenght"; did you mean "sage.vendorIdLength"?', code: 'unknown-setting' },
  { file: BAD_CONFIG, line: 5, column: 17, severity: 'error', message: 'settings.check.failOn must be one of "error", "warning", "info", "hint", "never", found string "sometimes"', code: 'not-allowed' },
  { file: BAD_CONFIG, line: 7, column: 3, severity: 'error', message: 'unknown rule "hh2-client-versoin"; did you mean "hh2-client-version"?', code: 'unknown-rule' },
];

describe('.vscode/tasks.json', () => {
  test('every task uses the same matchers, relative to the workspace, with colour off', () => {
    expect(new Set(tasks.map((t) => JSON.stringify(t.problemMatcher))).size).toBe(1);
    for (const m of matchers) expect(m.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
    expect(tasks.map((t) => t.args.slice(1).join(' '))).toEqual(['check --config ${file}', 'check --config config/demo-harbor-point.yaml', 'validate ${file}']);
    expect(tasks.find((t) => t.label === 'preflight: validate this file')).toBeDefined();
  });
});

describe('the problem matchers on goldens', () => {
  test('one problem per finding line, with file, position, severity, message and key', () => {
    const found = problems(readFileSync(`${GOLDEN}/mixed.stylish.txt`, 'utf8'));
    expect(found).toHaveLength(6);
    expect(found[1]).toEqual({
      file: 'test/fixtures/snapshots/mixed.yaml',
      line: 12,
      column: 1,
      severity: 'error',
      message: '[not evaluable] Not recorded: hh2.client.version. On the Sage server, open the hh2 Sync Client and record the version from its About box or title bar.',
      code: 'hh2-version',
    });
    expect(found.map((p) => p.code)).toEqual(['erp-enabled', 'hh2-version', 'erp-system', 'advanced-mapping/Invoice (AP)', 'advanced-mapping/Distribution (AP)', 'sponsor-email']);
    expect(found[5]).toMatchObject({ severity: 'warning', line: 8, column: 14 });
  });

  test('headings, waiver lines, the changes section and the verdict are not problems; a waived finding is information', () => {
    const found = problems(readFileSync(`${GOLDEN}/customer-since-mixed.stylish.txt`, 'utf8'));
    expect(found.map((p) => [p.code, p.severity])).toEqual([
      ['hh2-version', 'error'],
      ['advanced-mapping/Distribution (AP)', 'error'],
      ['advanced-mapping/Invoice (AP)', 'info'],
    ]);
  });
});

describe('the problem matchers on real output', () => {
  test('check: findings, with --explain and --show-passed; passed and not-applicable lines are not problems', () => {
    const r = runCli(['check', '--config', 'test/fixtures/configs/customer.yaml', '--pack', 'test/fixtures/pack', '--as-of', '2026-11-20', '--explain', '--show-passed']);
    expect(r.status, described(r)).toBe(1);
    const snapshot = 'test/fixtures/snapshots/two-unchecked.yaml';
    expect(problems(terminal(r))).toEqual([
      {
        file: snapshot,
        line: 12,
        column: 14,
        severity: 'error',
        message: 'hh2 client 1.31.470.0 is older than 1.31.500.0 (waiver expired on 2026-11-01; it was approved by it-lead@example.com, CHG-0999)',
        code: 'hh2-version',
      },
      { file: snapshot, line: 15, column: 24, severity: 'error', message: 'Advanced Mapping "Distribution (AP)" is not checked', code: 'advanced-mapping/Distribution (AP)' },
      {
        file: snapshot,
        line: 14,
        column: 19,
        severity: 'info',
        message: '[waived] Advanced Mapping "Invoice (AP)" is not checked (waived until 2026-11-30 by controller@example.com, CHG-1042: Invoices are keyed in Sage by hand until the January cut-over.)',
        code: 'advanced-mapping/Invoice (AP)',
      },
    ]);
    // The lines left out are located too, but are no problem: passed and not-applicable findings, the register.
    expect(terminal(r)).toMatch(/^ {2}\S+:\d+:\d+ {2}error {4}\[passed\] /m);
    expect(terminal(r)).toMatch(/^ {2}test\/fixtures\/configs\/customer.yaml:20:5 {2}stale/m);
  });

  test("check: a bad config's own located errors (exit 2), which have no indent", () => {
    const r = runCli(['check', '--config', BAD_CONFIG]);
    expect(r.status, described(r)).toBe(2);
    expect(problems(terminal(r))).toEqual(CONFIG_PROBLEMS);
  });

  test('validate: every problem of the files, and not the closing count', () => {
    const snapshot = join(scratch, 'snapshot.yaml');
    writeFileSync(snapshot, 'meta:\n  customer: S\n  captured_at: yesterday\n');
    const r = runCli(['validate', BAD_CONFIG, snapshot]);
    expect(r.status, described(r)).toBe(1);
    expect(r.stdout).toMatch(/^4 problems in 2 files\.$/m);
    expect(problems(terminal(r))).toEqual([
      { file: snapshot, line: 3, column: 16, severity: 'error', message: 'meta.captured_at must be a valid date-time, found string "yesterday"', code: 'bad-format' },
      ...CONFIG_PROBLEMS,
    ]);
  });

  test('export: a located error in an invoice file (exit 2)', () => {
    const invoices = join(scratch, 'invoices');
    mkdirSync(invoices);
    writeFileSync(join(invoices, 'a.json'), '{"id": 1,\n  "vendor_id": 2,, }\n');
    const r = runCli(['export', '--config', 'fixtures/invoices/config.yaml', '--invoices', invoices, '--out-dir', join(scratch, 'out-bad')]);
    expect(r.status, described(r)).toBe(2);
    expect(problems(terminal(r))).toEqual([{ file: join(invoices, 'a.json'), line: 2, column: 18, severity: 'error', message: 'expected a property name in double quotes, found ","', code: 'json-syntax' }]);
  });

  test("export: each rejected invoice and warning, but not the run's summary", () => {
    const r = runCli(['export', '--config', 'fixtures/invoices/config.yaml', '--invoices', 'fixtures/invoices/golden', '--out-dir', join(scratch, 'out'), '--as-of', '2026-11-20']);
    expect(r.status, described(r)).toBe(1);
    const found = problems(terminal(r));
    const shown = terminal(r).split('\n').filter((l) => /^ {2}fixtures\/invoices\/golden\/\S+\.json:\d+:\d+ {2}/.test(l));
    expect(found).toHaveLength(shown.length);
    expect(found.map((p) => p.severity).sort()).toEqual([...Array(8).fill('error'), ...Array(5).fill('warning')]);
    expect(found).toContainEqual({
      file: 'fixtures/invoices/golden/11-unsynced-vendor.json',
      line: 5,
      column: 16,
      severity: 'error',
      message: 'Vendor Keystone Concrete & Masonry (Procore id 910202) has no Sage vendor id: it is not synced to Sage through hh2, so the AP invoice would have no vendor.',
      code: 'invoice-vendor-synced/910202/KCM-1187',
    });
  });

  test('check --all: a located error and the place related to it', () => {
    const dir = join(scratch, 'all');
    mkdirSync(dir);
    const config = readFileSync(join(ROOT, 'config/ready-cedar-ridge.yaml'), 'utf8').replace('../fixtures/', `${join(ROOT, 'fixtures')}/`);
    writeFileSync(join(dir, 'acme.yaml'), config);
    cpSync(join(dir, 'acme.yaml'), join(dir, 'acme.yml'));
    const reports = join(scratch, 'reports');
    const r = runCli(['check', '--all', dir, '--out-dir', reports]);
    expect(r.status, described(r)).toBe(2);
    expect(problems(terminal(r))).toEqual([
      {
        file: join(dir, 'acme.yml'),
        line: 1,
        column: 1,
        severity: 'error',
        message: `its reports would go to ${join(reports, 'acme')}, as those of ${join(dir, 'acme.yaml')} do; rename one of the two`,
        code: 'report-folder-clash',
      },
      { file: join(dir, 'acme.yaml'), line: 1, column: 1, severity: 'info', message: 'the config whose reports go there too' },
    ]);
  });
});
