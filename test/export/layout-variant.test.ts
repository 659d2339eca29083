// The import layout is data: a second layout that swaps two fields, changes a length and adds a field changes the lines, no code;
// a field marked `enabled` by a setting is in the record only when the customer's config switches it on.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(r.stderr).toBe('test/export/layouts/broken.yaml:12:47  error  "costcode" is no distribution field of the mapping; distribution fields are commitment, job, extra, costCode, category, description, amount, retainage, units, unitCost  unknown-field\n');
  });
});

/** The pack's fixed layout with one text replaced, written to a temporary file (its path). */
function fixedLayoutWith(from: string, to: string): string {
  const text = readFileSync('rules/layouts/sage300-ap-import-fixed.yaml', 'utf8');
  expect(text).toContain(from);
  const file = join(mkdtempSync(join(tmpdir(), 'preflight-layout-')), 'layout.yaml');
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('fields switched on by a setting (enabled)', () => {
  const line = '"APDF","24017-SC-09",,"24-017","02","09-510","S","Ceiling tile 2x2, level 2",5437.50,543.75';

  test('Units and Unit Cost are off by default; each setting switches on its own field', async () => {
    expect((await exportWith('08-unit-price.json')).lines[1]).toBe(`${line},""`);
    expect((await exportWith('08-unit-price.json', '--set', 'sage.importUnits=true')).lines[1]).toBe(`${line},1250.000,""`);
    expect((await exportWith('08-unit-price.json', '--set', 'sage.importUnitCost=true')).lines[1]).toBe(`${line},4.3500,""`);
  });

  test('on, an amount-based line leaves them blank', async () => {
    const r = await exportWith('01-one-line.json', '--set', 'sage.importUnits=true', '--set', 'sage.importUnitCost=true');
    expect(r.lines[1]).toBe('"APDF","24017-SC-03",,"24-017","","26-100","S","Temporary power setup",4250.00,0.00,,,""');
  });

  test('enabled: true or false in a layout needs no setting', async () => {
    const on = await exportWith('08-unit-price.json', '--layout', fixedLayoutWith('enabled: { setting: sage.importUnits }', 'enabled: true'));
    expect(on.lines[1]).toBe(`${line},1250.000,""`);
    const off = await exportWith('08-unit-price.json', '--layout', fixedLayoutWith('value: retainage, format: "-9.2"', 'value: retainage, format: "-9.2", enabled: false'), '--set', 'sage.importUnits=true');
    expect(off.lines[1]).toBe('"APDF","24017-SC-09",,"24-017","02","09-510","S","Ceiling tile 2x2, level 2",5437.50,1250.000,""');
  });

  test('a setting that is not a boolean, an unknown one or another value is refused, located, in plain words', async () => {
    const run = (layout: string) => cli('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', 'fixtures/invoices/golden/08-unit-price.json', '--dry-run', '--layout', layout);
    const integer = fixedLayoutWith('enabled: { setting: sage.importUnits }', 'enabled: { setting: sage.vendorIdLength }');
    const r = await run(integer);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\S+layout\.yaml:\d+:\d+ {2}error {2}setting "sage\.vendorIdLength" is integer; enabled needs a boolean {2}setting-type\n$/);
    const unknown = await run(fixedLayoutWith('enabled: { setting: sage.importUnits }', 'enabled: { setting: sage.importUnit }'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('error  unknown setting "sage.importUnit"  unknown-setting');
    const text = await run(fixedLayoutWith('enabled: { setting: sage.importUnits }', 'enabled: "yes"'));
    expect(text.status).toBe(2);
    expect(text.stderr).toContain('records.distribution.fields.10.enabled must be one of true, false or {setting: name}, found string "yes"  wrong-type');
    // The layout's other either-or values read the same way.
    const length = await run(fixedLayoutWith('value: invoice, length: 15,', 'value: invoice, length: "15",'));
    expect(length.stderr).toContain('records.invoice.fields.2.length must be a whole number of characters, or {setting: name}, found string "15"  wrong-type');
  });
});
