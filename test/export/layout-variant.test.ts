// The import layout is data: a second layout that swaps two fields, changes a length and adds a field changes the lines, no code.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { latestRun } from './run-folder.ts';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

const exportWith = async (invoice: string, ...extra: string[]) => {
  const out = join(mkdtempSync(join(tmpdir(), 'preflight-layout-')), 'out');
  const r = await cli('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', `fixtures/invoices/golden/${invoice}`, '--out-dir', out, ...extra);
  return { ...r, lines: readFileSync(join(latestRun(out), 'ap-import.txt'), 'latin1').split('\r\n').filter(Boolean) };
};

describe('a customer layout', () => {
  test('Job and Extra swapped, Units added after Retainage: the lines follow', async () => {
    const fixed = await exportWith('08-unit-price.json');
    const custom = await exportWith('08-unit-price.json', '--layout', 'test/export/layouts/customer.yaml');
    expect(fixed.lines[1]).toBe('"APDF","24017-SC-09",,"24-017","02","09-510","S","Ceiling tile 2x2, level 2",5437.50,543.75,""');
    expect(custom.lines[1]).toBe('"APDF","24017-SC-09",,"02","24-017","09-510","S","Ceiling tile 2x2, level 2",5437.50,543.75,1250.000,""');
    expect(custom.lines[0]).toBe(fixed.lines[0]);
  });

  test('a shorter Description (28) rejects what the fixed layout (30) exports, naming field, value and limit', async () => {
    const fixed = await exportWith('13-commas-and-quotes.json');
    expect(fixed.status).toBe(0);
    const custom = await exportWith('13-commas-and-quotes.json', '--layout', 'test/export/layouts/customer.yaml');
    expect(custom.status).toBe(1);
    expect(custom.lines).toEqual([]);
    expect(custom.stdout).toContain('APDF Description (line 1) "Patch "B" walls, lvl 2, RFI 14" is 30 characters; the field holds 28 characters.');
  });

  test('a layout naming a mapping field that does not exist is refused, located', async () => {
    const r = await cli('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', 'fixtures/invoices/golden', '--dry-run', '--layout', 'test/export/layouts/broken.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('test/export/layouts/broken.yaml:12:47  error  "costcode" is no distribution field of the mapping; distribution fields are commitment, job, extra, costCode, category, description, amount, retainage, units  unknown-field\n');
  });
});
