// Bad invoice input: a located message (file:line:col), exit 2, no stack trace, nothing written.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

const base = JSON.parse(readFileSync('fixtures/invoices/golden/01-one-line.json', 'utf8'));

/** Writes `text` as an invoice file and exports it into a fresh folder; returns the result and what was written. */
async function exportText(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bad-'));
  writeFileSync(join(dir, name), text);
  const out = join(dir, 'out');
  const r = await cli('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', join(dir, name), '--out-dir', out);
  return { ...r, file: join(dir, name), wrote: existsSync(out), leftovers: readdirSync(dir).filter((n) => n !== name) };
}

describe('bad invoice input', () => {
  test('invalid JSON: line and column of the mistake, exit 2, nothing written', async () => {
    const r = await exportText('a.json', '{\n  "id": 1,\n  "vendor_id": 2\n  "items": []\n}\n');
    expect(r).toMatchObject({ status: 2, stdout: '', wrote: false, leftovers: [] });
    expect(r.stderr).toBe(`${r.file}:4:3  error  expected "," or "}" after the value of "vendor_id", found """  json-syntax\n`);
  });

  test('a requisition without items (not view=extended) is located at the invoice', async () => {
    const { items: _, ...noItems } = base;
    const r = await exportText('a.json', JSON.stringify([base, noItems], null, 2));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${r.file}:46:3  error  missing required key "items": Procore sends line items only with view=extended  missing-key\n`);
    expect(r.wrote).toBe(false);
  });

  test.each([['12,34'], ['1e309'], ['NaN'], ['']])('the amount %j where a number belongs is located at its value', async (bad) => {
    const inv = structuredClone(base);
    inv.items[0].work_completed_this_period = bad;
    const r = await exportText('a.json', JSON.stringify(inv, null, 2));
    expect(r.status).toBe(2);
    const line = JSON.stringify(inv, null, 2).split('\n').findIndex((l) => l.includes('"work_completed_this_period"')) + 1;
    expect(r.stderr).toBe(`${r.file}:${line}:37  error  items.0.work_completed_this_period must be an amount written as text with a dot for decimals, such as "1234.56" (Procore sends money as strings), found string ${JSON.stringify(bad)}  bad-format\n`);
  });

  test('a number too large for JSON is refused where it stands', async () => {
    const r = await exportText('a.json', '{"id": 1e309}');
    expect(r.stderr).toBe(`${r.file}:1:8  error  1e309 is too large to be a number; if it is text, write it in quotes ("1e309")  number-too-large\n`);
  });

  test('NDJSON: the bad line is named; every record before it is not exported', async () => {
    const r = await exportText('a.ndjson', `${JSON.stringify(base)}\n{"id": 2,\n`);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${r.file}:2:10  error  expected a property name in double quotes, found the end of the text  json-syntax\n`);
    expect(r.wrote).toBe(false);
  });

  test('a "__proto__" key is refused rather than changing an object\'s prototype', async () => {
    const r = await exportText('a.json', '{"__proto__": {"polluted": true}}');
    expect(r.stderr).toBe(`${r.file}:1:2  error  the key "__proto__" is not allowed  json-syntax\n`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('quotes, commas and a line break in a description: quoted when exported, the line break rejected and named', async () => {
    const inv = structuredClone(base);
    inv.items[0].description_of_work = 'Say "hi", then\nleave';
    const r = await exportText('a.json', JSON.stringify(inv));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('APDF Description (line 1) "Say "hi", then leave" holds a line break (U+000A); each record of the import file must stay on one line.');
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/);
  });
});
