// Waivers in an export: a scope matches whole parts of the key (invoice numbers may hold "/"), the import
// layout is never waivable, and every waiver the run applied is in summary.json and on the terminal.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectRefused, position, preflight, scratchDir } from '../cli/cli-run.ts';
import { latestRun, summaryWithoutRun } from './run-folder.ts';

const scratch = scratchDir('preflight-export-waivers-');
const ONE_LINE = JSON.parse(readFileSync('fixtures/invoices/golden/01-one-line.json', 'utf8')) as Record<string, unknown>;
const TOO_LONG = readFileSync('fixtures/invoices/golden/09-description-too-long.json', 'utf8');

/** Two invoices of vendor 910201 that are not approved yet: numbers BE-24017-04 and BE-24017-04/B. */
function invoices(dir: string): string {
  const file = join(dir, 'invoices.json');
  const under = (id: number, number: string) => ({ ...ONE_LINE, id, invoice_number: number, status: 'under_review' });
  writeFileSync(file, JSON.stringify([under(1, 'BE-24017-04'), under(2, 'BE-24017-04/B')], null, 2));
  return file;
}

/** A config for the export fixtures' customer with these waiver lines (YAML list items). */
function config(dir: string, waivers: string[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    `customer: Northgate Builders\nsnapshot: ${resolve('fixtures/invoices/snapshot.yaml')}\nsettings:\n  sage.dateFormat: MM/DD/YYYY\n  sage.importEncoding: windows-1252\n  export.accountingDate: 2026-11-30\nwaivers:${waivers.length === 0 ? ' []\n' : `\n${waivers.map((w) => `  - ${w}\n`).join('')}`}`,
  );
  return file;
}

const waiver = (target: string) => `{ ${target}, reason: "approved by phone", approver: "cfo@example.com", ticket: "CHG-1", expires: 2027-01-31 }`;

function exportRun(dir: string, cfg: string, input: string) {
  const out = join(dir, 'out');
  const r = preflight('export', '--config', cfg, '--invoices', input, '--out-dir', out, '--as-of', '2026-12-01');
  const summary = JSON.parse(readFileSync(join(latestRun(out), 'summary.json'), 'utf8'));
  const exported = JSON.parse(readFileSync(join(latestRun(out), 'payloads.json'), 'utf8')).invoices.map((i: { key: string }) => i.key);
  return { r, summary, exported };
}

describe('export waivers', () => {
  test.each([
    ['910201/BE-24017-04', '910201/BE-24017-04'],
    ['910201/BE-24017-04/B', '910201/BE-24017-04/B'],
  ])('scope %s waives that invoice only, not the one whose number extends it or that it extends', (scope, waived) => {
    const dir = join(scratch(), scope.replaceAll('/', '_'));
    const { r, summary, exported } = exportRun(dir, config(dir, [waiver(`rule: invoice-status-exportable, scope: "${scope}"`)]), invoices(scratch()));
    expect(r.status, r.stderr).toBe(1);
    expect(exported).toEqual([waived]);
    expect(summary).toMatchObject({ read: 2, exported: 1, rejected: 1, rejectionsByRule: { 'invoice-status-exportable': 1 } });
    expect(summary.waivers).toEqual([{ rule: 'invoice-status-exportable', scope, approver: 'cfo@example.com', ticket: 'CHG-1', expires: '2027-01-31', reason: 'approved by phone', waived: 1 }]);
    expect(r.stdout).toContain(`Waiver invoice-status-exportable (scope ${scope}) waived 1 finding: approved by phone (approved by cfo@example.com, CHG-1, until 2027-01-31)\n`);
  });

  test('the vendor alone covers both; a waiver by key covers its one finding; each is listed with its count', () => {
    const dir = join(scratch(), 'vendor');
    const cfg = config(dir, [waiver('rule: invoice-status-exportable, scope: "910201"'), waiver('key: invoice-status-exportable/910201/BE-24017-04/B'), waiver('rule: invoice-vendor-synced')]);
    const { r, summary, exported } = exportRun(dir, cfg, invoices(scratch()));
    expect(r.status, r.stderr).toBe(0);
    expect(exported).toEqual(['910201/BE-24017-04', '910201/BE-24017-04/B']);
    // The first waiver that holds waives a finding; a waiver that waived nothing is not listed.
    expect(summary.waivers.map((w: { rule?: string; key?: string; waived: number }) => [w.rule ?? w.key, w.waived])).toEqual([['invoice-status-exportable', 2]]);
    expect(r.stdout.match(/^Waiver /gm)).toHaveLength(1);
  });

  test('worker threads count the same waivers (--jobs 2 and --jobs 1 write the same summary)', () => {
    const dir = join(scratch(), 'jobs');
    const cfg = config(dir, [waiver('rule: invoice-status-exportable, scope: "910201/BE-24017-04/B"')]);
    const input = join(dir, 'invoices.ndjson');
    writeFileSync(input, (JSON.parse(readFileSync(invoices(dir), 'utf8')) as unknown[]).map((i) => JSON.stringify(i)).join('\n') + '\n');
    const summaries = ['1', '2'].map((jobs) => {
      const out = join(dir, `out-${jobs}`);
      const r = preflight('export', '--config', cfg, '--invoices', input, '--out-dir', out, '--as-of', '2026-12-01', '--jobs', jobs);
      expect(r.status, r.stderr).toBe(1);
      return summaryWithoutRun(readFileSync(join(latestRun(out), 'summary.json'), 'utf8'));
    });
    expect(JSON.parse(summaries[0]).waivers).toMatchObject([{ scope: '910201/BE-24017-04/B', waived: 1 }]);
    expect(summaries[1]).toBe(summaries[0]);
  });

  test('a run without waivers says so in summary.json: an empty list', () => {
    const dir = join(scratch(), 'none');
    const { summary } = exportRun(dir, config(dir, []), invoices(scratch()));
    expect(summary.waivers).toEqual([]);
  });
});

describe('the import layout is never waivable', () => {
  test('a waiver of import-field-length is refused by check and export (exit 2), located at the rule it names', () => {
    const dir = join(scratch(), 'layout-rule');
    const cfg = config(dir, [waiver('rule: import-field-length')]);
    const at = position(readFileSync(cfg, 'utf8'), 'import-field-length');
    const input = join(dir, 'too-long.json');
    writeFileSync(input, TOO_LONG);
    for (const d of [expectRefused(preflight('check', '--config', cfg)), expectRefused(preflight('export', '--config', cfg, '--invoices', input, '--out-dir', join(dir, 'out')))]) {
      expect(d).toHaveLength(1);
      expect(d[0]).toMatchObject({ file: cfg, ...at, code: 'unwaivable-rule' });
      expect(d[0].message).toContain('rule "import-field-length" cannot be waived');
    }
  });

  test('validate refuses a waiver of every import-* rule (exit 1), each located', () => {
    const dir = join(scratch(), 'layout-validate');
    const rules = ['import-encoding', 'import-field-length', 'import-line-break', 'import-numeric-format', 'import-required-field'];
    const cfg = config(dir, rules.map((rule) => waiver(`rule: ${rule}`)));
    const text = readFileSync(cfg, 'utf8');
    const v = preflight('validate', cfg);
    expect(v.status).toBe(1);
    for (const rule of rules) {
      const at = position(text, `rule: ${rule}`);
      expect(v.stdout).toContain(`${cfg}:${at.line}:${at.column + 'rule: '.length}  error  rule "${rule}" cannot be waived`);
    }
  });

  test('a waiver by key of the 51-character description is refused, and nothing is written', () => {
    const dir = join(scratch(), 'layout-key');
    const cfg = config(dir, [waiver('key: import-field-length/910201/BE-24017-04/APDF/1/Description')]);
    const input = join(dir, 'too-long.json');
    writeFileSync(input, TOO_LONG);
    const d = expectRefused(preflight('export', '--config', cfg, '--invoices', input, '--out-dir', join(dir, 'out')));
    expect(d.map((x) => x.code)).toEqual(['unwaivable-rule']);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
