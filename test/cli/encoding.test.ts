// Input encodings through the real CLI: a byte that is not UTF-8 (a Windows-1252 "é") in an invoice, a config or a
// snapshot is a located error (exit 2, nothing written, never U+FFFD); a leading byte order mark is accepted in
// JSON and NDJSON invoices and JSON reports, with positions counted from the character after it.
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRefused, preflight, scratchDir, ROOT } from './cli-run.ts';
import { latestRun } from '../export/run-folder.ts';

const dir = scratchDir('preflight-encoding-');
const CONFIG = 'fixtures/invoices/config.yaml';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const base = JSON.parse(readFileSync(join(ROOT, 'fixtures/invoices/golden/01-one-line.json'), 'utf8'));
/** The golden invoice as one JSON line, its first description written `description` (a stand-in "CAFE_" marks the é). */
const invoiceLine = (description: string, id = base.id, number = base.invoice_number) =>
  JSON.stringify({ ...base, id, invoice_number: number, items: [{ ...base.items[0], description_of_work: description }] });
/** `text` in UTF-8 but for "CAFE_", written "Caf" and a Windows-1252 "é" (the one byte 0xE9). */
const latin1 = (text: string) => Buffer.concat(text.split('CAFE_').flatMap((part, i) => [...(i > 0 ? [Buffer.from([0x43, 0x61, 0x66, 0xe9])] : []), Buffer.from(part)]));
/** file:line:col of the 0xE9 that latin1 writes for the first "CAFE_" of `text`. */
function badByteAt(file: string, text: string): string {
  const before = text.slice(0, text.indexOf('CAFE_')).split('\n');
  return `${file}:${before.length}:${before[before.length - 1].length + 4}`;
}

let n = 0;
function write(name: string, bytes: Buffer | string): string {
  const file = join(dir(), `${++n}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

/** Exports `invoices` with UTF-8 import files (no encoding check can hide a U+FFFD) into a fresh folder. */
function exportUtf8(invoices: string) {
  const out = join(dir(), `out-${++n}`);
  const r = preflight('export', '--config', CONFIG, '--invoices', invoices, '--out-dir', out, '--set', 'sage.importEncoding=utf-8');
  return { ...r, out };
}

const NOT_UTF8 = 'byte 0xE9 is not valid UTF-8 here (in Windows-1252 it would be "é"); save the file as UTF-8  not-utf8';

describe('bytes that are not UTF-8', () => {
  test('a JSON invoice: located at the byte, exit 2, nothing written', () => {
    const text = JSON.stringify(JSON.parse(invoiceLine('CAFE_')), null, 2);
    const file = write('a.json', latin1(text));
    const r = exportUtf8(file);
    expectRefused(r);
    expect(r.stderr).toBe(`${badByteAt(file, text)}  error  ${NOT_UTF8}\n`);
    expect(existsSync(r.out)).toBe(false);
  });

  test('an NDJSON invoice: the line and column, the lines before it not exported', () => {
    const text = `${invoiceLine('ok')}\n${invoiceLine('CAFE_', 2, 'BE-2')}\n`;
    const file = write('a.ndjson', latin1(text));
    const r = exportUtf8(file);
    expectRefused(r);
    expect(r.stderr).toBe(`${badByteAt(file, text)}  error  ${NOT_UTF8}\n`);
    expect(existsSync(r.out)).toBe(false);
  });

  test('an NDJSON line whose bad byte comes after a 256 KiB chunk boundary is located in characters', () => {
    // "€" (3 bytes in UTF-8) before the bad byte: the column counts characters, not bytes.
    const padded = invoiceLine('€CAFE_').replace('"description_of_work"', `${' '.repeat(300_000)}"description_of_work"`);
    const text = `\n${padded}\n`;
    const file = write('long.ndjson', latin1(text));
    const r = exportUtf8(file);
    expectRefused(r);
    expect(r.stderr).toBe(`${badByteAt(file, text)}  error  ${NOT_UTF8}\n`);
    expect(Buffer.from(padded).indexOf('CAFE_')).toBeGreaterThan(256 * 1024);
  });

  test('a config and a snapshot: located in the YAML, exit 2', () => {
    const configText = readFileSync(join(ROOT, CONFIG), 'utf8').replace('customer: Northgate Builders', 'customer: CAFE_ Builders').replace('snapshot: snapshot.yaml', `snapshot: ${join(ROOT, 'fixtures/invoices/snapshot.yaml')}`);
    const config = write('config.yaml', latin1(configText));
    const r = preflight('check', '--config', config);
    expectRefused(r);
    expect(r.stderr).toBe(`${badByteAt(config, configText)}  error  ${NOT_UTF8}\n`);
    const v = preflight('validate', config);
    expect(v.status).not.toBe(0);
    expect(v.stdout + v.stderr).toContain(`${badByteAt(config, configText)}`);

    const snapshotText = readFileSync(join(ROOT, 'fixtures/snapshots/ready-cedar-ridge.yaml'), 'utf8').replace(/^( {2}customer: ).*$/m, '$1CAFE_');
    const snapshot = write('snapshot.yaml', latin1(snapshotText));
    const s = preflight('check', '--snapshot', snapshot);
    expectRefused(s);
    expect(s.stderr).toBe(`${badByteAt(snapshot, snapshotText)}  error  ${NOT_UTF8}\n`);
  });

  test('other bad bytes are named as they are: a lone continuation byte, a cut-off sequence at the end', () => {
    const lone = write('lone.json', Buffer.concat([Buffer.from('{"id": "'), Buffer.from([0x80]), Buffer.from('"}')]));
    expect(exportUtf8(lone).stderr).toBe(`${lone}:1:9  error  byte 0x80 is not valid UTF-8 here; save the file as UTF-8  not-utf8\n`);
    const cut = write('cut.ndjson', Buffer.concat([Buffer.from(`${invoiceLine('ok')}\n{"id": "`), Buffer.from([0xe2, 0x82])]));
    expect(exportUtf8(cut).stderr).toBe(`${cut}:2:9  error  byte 0xE2 is not valid UTF-8 here (in Windows-1252 it would be "â"); save the file as UTF-8  not-utf8\n`);
  });

  test('real UTF-8 is read as it is, also a character cut by the reader\'s chunk boundary', () => {
    // "é" is two bytes; the padding puts its first byte last in the first 256 KiB chunk.
    const probe = invoiceLine('Café');
    const pad = 256 * 1024 - 1 - Buffer.byteLength(probe.slice(0, probe.indexOf('"description_of_work"'))) - Buffer.byteLength('"description_of_work":"Caf');
    const line = probe.replace('"description_of_work"', `${' '.repeat(pad)}"description_of_work"`);
    expect(Buffer.from(line).indexOf(Buffer.from('é'))).toBe(256 * 1024 - 1);
    const r = exportUtf8(write('straddle.ndjson', `${line}\n`));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(latestRun(r.out), 'ap-import.txt'), 'utf8')).toContain('"Café"');
    expect(readFileSync(join(latestRun(r.out), 'ap-import.txt'), 'utf8')).not.toContain('\uFFFD');
  });
});

describe('a leading byte order mark', () => {
  test('a JSON invoice and an NDJSON file with a BOM are exported as without one', () => {
    const json = exportUtf8(write('bom.json', Buffer.concat([BOM, Buffer.from(invoiceLine('ok'))])));
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const ndjson = exportUtf8(write('bom.ndjson', Buffer.concat([BOM, Buffer.from(`${invoiceLine('ok')}\n${invoiceLine('ok', 2, 'BE-2')}\n`)])));
    expect(ndjson.stderr).toBe('');
    expect(ndjson.status).toBe(0);
    expect(JSON.parse(readFileSync(join(latestRun(ndjson.out), 'summary.json'), 'utf8'))).toMatchObject({ exported: 2 });
  });

  test('positions after a BOM count from the character after it', () => {
    const json = write('bom-bad.json', Buffer.concat([BOM, Buffer.from('{"id": 1e309}')]));
    expect(exportUtf8(json).stderr).toBe(`${json}:1:8  error  1e309 is too large to be a number; if it is text, write it in quotes ("1e309")  number-too-large\n`);
    const ndjson = write('bom-bad.ndjson', Buffer.concat([BOM, Buffer.from('{"id": 1e309}\n')]));
    expect(exportUtf8(ndjson).stderr).toBe(`${ndjson}:1:8  error  1e309 is too large to be a number; if it is text, write it in quotes ("1e309")  number-too-large\n`);
  });

  test('only the first NDJSON line may start with one', () => {
    const file = write('bom-second.ndjson', Buffer.concat([Buffer.from(`${invoiceLine('ok')}\n`), BOM, Buffer.from(`${invoiceLine('ok', 2, 'BE-2')}\n`)]));
    const r = exportUtf8(file);
    expectRefused(r);
    expect(r.stderr).toBe(`${file}:2:1  error  expected a value, found U+FEFF  json-syntax\n`);
  });

  test('a JSON report with a BOM is read by diff', () => {
    const report = join(dir(), 'report.json');
    const c = preflight('check', '--snapshot', 'fixtures/snapshots/ready-cedar-ridge.yaml', '--format', 'json', '--output', report, '--as-of', '2026-12-01');
    expect(c.status).toBe(0);
    const bom = write('report-bom.json', Buffer.concat([BOM, readFileSync(report)]));
    const d = preflight('diff', report, bom);
    expect(d.stderr).toBe('');
    expect(d.status).toBe(0);
  });
});
