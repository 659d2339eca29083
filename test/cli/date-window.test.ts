// Dates the import file cannot carry faithfully, through the real CLI: with a two-digit-year format a date outside
// the century window (sage.twoDigitYearStart) rejects its invoice naming the field and date (exit 1, the others
// export); a date years from the as-of day (export.dateWarningYears) is a warning and still exports; the year 0001
// is a date everywhere, never "not YYYY-MM-DD".
import { describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preflight, scratchDir, ROOT } from './cli-run.ts';
import { latestRun } from '../export/run-folder.ts';

const dir = scratchDir('preflight-date-window-');
const CONFIG = 'fixtures/invoices/config.yaml';
const base = JSON.parse(readFileSync(join(ROOT, 'fixtures/invoices/golden/01-one-line.json'), 'utf8'));

let n = 0;
/** Exports the golden invoice with each patch (numbered BE-1, BE-2, …) as of 2026-11-03; the run's files. */
function exportDates(patches: Record<string, unknown>[], ...flags: string[]) {
  const file = join(dir(), `${++n}.json`);
  writeFileSync(file, JSON.stringify(patches.map((p, i) => ({ ...base, id: i + 1, invoice_number: `BE-${i + 1}`, ...p })), null, 2));
  const out = join(dir(), `out-${n}`);
  const r = preflight('export', '--config', CONFIG, '--invoices', file, '--out-dir', out, '--as-of', '2026-11-03', ...flags);
  const run = latestRun(out);
  return {
    ...r,
    importFile: readFileSync(join(run, 'ap-import.txt'), 'latin1'),
    rejections: (JSON.parse(readFileSync(join(run, 'rejections.json'), 'utf8')) as { rejections: { reasons: { key: string; field: string; value: string; message: string }[] }[] }).rejections.flatMap((x) => x.reasons),
  };
}

describe('a two-digit-year date format', () => {
  test('1899-12-31 and 2100-01-01 reject their invoices with the field and date; 1950 and 2049 export', () => {
    const r = exportDates([{ billing_date: '1899-12-31' }, { accounting_date: '2100-01-01' }, { billing_date: '1950-01-01', accounting_date: '2049-12-31' }], '--set', 'sage.dateFormat=MM/DD/YY', '--set', 'export.dateWarningYears=200');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const twoDigit = r.rejections.filter((x) => x.key.startsWith('import-date-two-digit-year/'));
    expect(twoDigit.map((x) => [x.key, x.field, x.value])).toEqual([
      ['import-date-two-digit-year/910201/BE-1/APIF/Invoice Date', 'APIF Invoice Date', '1899-12-31'],
      ['import-date-two-digit-year/910201/BE-2/APIF/Accounting Date', 'APIF Accounting Date', '2100-01-01'],
    ]);
    expect(twoDigit[0].message).toContain('a two-digit year names only the years 1950 to 2049');
    expect(r.importFile).not.toContain('12/31/99');
    expect(r.importFile).not.toContain('01/01/00');
    expect(r.importFile).toContain('"BE-3","",4250.00,,,,"01/01/50"');
    expect(r.importFile).toContain('"12/31/49"');
  });

  test('sage.twoDigitYearStart moves the window', () => {
    const r = exportDates([{ billing_date: '1899-12-31', accounting_date: '1899-12-31' }], '--set', 'sage.dateFormat=MM/DD/YY', '--set', 'sage.twoDigitYearStart=1800', '--set', 'export.dateWarningYears=200');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.importFile).toContain('"12/31/99"');
  });

  test('a four-digit-year format writes any year', () => {
    const r = exportDates([{ billing_date: '1899-12-31', accounting_date: '2100-01-01' }], '--set', 'export.dateWarningYears=200');
    expect(r.status).toBe(0);
    expect(r.importFile).toContain('"12/31/1899"');
  });
});

describe('dates far from the as-of day', () => {
  test('9999-12-31 and 0001-01-01 are warnings on their invoice, which still exports (exit 0)', () => {
    const r = exportDates([{ accounting_date: '9999-12-31' }, { billing_date: '0001-01-01' }, {}]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning  APIF Accounting Date 9999-12-31 is more than 5 years from the as-of day 2026-11-03');
    expect(r.stdout).toContain('warning  APIF Invoice Date 0001-01-01 is more than 5 years from the as-of day 2026-11-03');
    expect(r.stdout).not.toMatch(/not (a date|YYYY-MM-DD)/);
    expect(r.stdout).toContain('3 exported + 0 rejected');
    expect(r.importFile).toContain('"12/31/9999"');
    expect(r.importFile).toContain('"01/01/0001"');
  });

  test('export.dateWarningYears widens the window', () => {
    const r = exportDates([{ accounting_date: '2036-11-03' }], '--set', 'export.dateWarningYears=10');
    expect(r.stdout).not.toContain('import-date-near-as-of');
    expect(r.stdout).toContain('0 warnings');
    expect(r.status).toBe(0);
  });
});

describe('the year 0001 in a snapshot', () => {
  test('a snapshot captured 0001-01-01 is read and validated as a date', () => {
    const text = readFileSync(join(ROOT, 'fixtures/snapshots/ready-cedar-ridge.yaml'), 'utf8').replace(/captured_at: \S+/, 'captured_at: 0001-01-01T00:00:00Z');
    const file = join(dir(), 'year-one.yaml');
    writeFileSync(file, text);
    expect(preflight('validate', file)).toMatchObject({ status: 0 });
    const r = preflight('check', '--snapshot', file, '--as-of', '2026-11-03');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('captured 0001-01-01T00:00:00Z');
  });
});
