// NDJSON is cut into lines in the bytes, a 256 KiB chunk at a time: every record must come out as if the whole
// file were decoded and split, wherever lines and multi-byte characters fall against the chunks.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_READ_LIMITS, readInvoices } from '../../src/export/read.ts';
import { parseJsonQuick } from '../../src/export/json-source.ts';
import { PreflightError } from '../../src/diagnostics.ts';
import { formatBytes } from '../../src/yaml/source.ts';
import { prng } from '../prng.ts';

const CHUNK = 256 * 1024;

function file(name: string, bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'preflight-read-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** What the records must be: the file decoded whole, split at "\n", "\r" dropped, blank lines skipped. */
function expected(path: string) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ text: text.replace(/\r$/, ''), line: i + 1 }))
    .filter((l) => l.text.trim() !== '')
    .map((l) => ({ data: parseJsonQuick(l.text, { file: path, lineOffset: l.line - 1 }), line: l.line }));
}

const read = (path: string, limits = DEFAULT_READ_LIMITS) => [...readInvoices([path], limits)];

function errorOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (e instanceof PreflightError) return e.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`);
    throw e;
  }
  return undefined;
}

describe('readInvoices on NDJSON', () => {
  test('lines and multi-byte characters across chunk ends, CRLF, blank lines, no final newline (seeded)', () => {
    const random = prng(42);
    const words = ['a', 'é', '€', '😀', ' ', '\\"', ':', '\\u00e9'];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3 * CHUNK; i++) {
      const r = random();
      // Some lines longer than a chunk, so one line spans two or three reads.
      const length = r < 0.01 ? CHUNK + Math.floor(random() * CHUNK) : Math.floor(random() * 4000);
      let text = '';
      while (text.length < length) text += words[Math.floor(random() * words.length)];
      const line = r > 0.97 ? '   ' : JSON.stringify({ id: i, text: JSON.parse(`"${text}"`) as string });
      const end = random() < 0.2 ? '\r\n' : '\n';
      parts.push(line + end);
      size += Buffer.byteLength(line + end);
    }
    parts.push('{"last": "no newline é"}');
    const path = file('a.ndjson', Buffer.from(parts.join('')));
    const records = read(path);
    const want = expected(path);
    expect(records.length).toBe(want.length);
    expect(records.length).toBeGreaterThan(100);
    records.forEach((r, i) => {
      expect(r.data).toEqual(want[i].data);
      expect(r.location).toEqual({ file: path, line: want[i].line, column: 1 });
    });
  });

  test('a character cut by every chunk end comes out whole; invalid UTF-8 is refused at its byte, never replaced', () => {
    for (let shift = 0; shift < 4; shift++) {
      // "😀" is 4 bytes: its bytes straddle the first chunk's end at each offset.
      const head = `{"pad": "${'x'.repeat(CHUNK - 10 - shift)}😀`;
      const good = file('a.ndjson', Buffer.from(`${head}"}\n{"id": 2}\n`));
      expect(read(good).map((r) => r.data)).toEqual(expected(good).map((r) => r.data));
      const bad = file('b.ndjson', Buffer.concat([Buffer.from(`${head}"}\n`), Buffer.from('{"bad": "'), Buffer.from([0xe2, 0x82, 0xff, 0xc3]), Buffer.from('"}\n')]));
      expect(errorOf(() => read(bad))).toEqual(['2:10 not-utf8 byte 0xE2 is not valid UTF-8 here (in Windows-1252 it would be "â"); save the file as UTF-8']);
    }
  });

  test('a pointer is located at its line and column, parsed again only then', () => {
    const path = file('c.ndjson', Buffer.from('\n{"id": 1}\r\n{"id": 2, "items": [{"amount": "x"}]}\n'));
    const [, second] = read(path);
    expect(second.location).toEqual({ file: path, line: 3, column: 1 });
    expect(second.locate('/items/0/amount')).toEqual({ file: path, line: 3, column: 32 });
    expect(second.locate('/items/7')).toEqual({ file: path, line: 3, column: 20 });
  });

  test('errors: a line over the limit across chunks, a bad line, a NUL at the end', () => {
    const long = file('d.ndjson', Buffer.from(`{"id": 1}\n{"text": "${'é'.repeat(CHUNK)}"}\n`));
    expect(errorOf(() => read(long, { ...DEFAULT_READ_LIMITS, maxRecordBytes: 100_000 }))).toEqual(['2:1 record-too-large line 2 is longer than 97.7 KiB; one NDJSON line must hold one invoice']);
    // Under the limit in characters though not in bytes (2 per "é"): read.
    expect(read(long, { ...DEFAULT_READ_LIMITS, maxRecordBytes: CHUNK + 20 })).toHaveLength(2);
    // Over the limit only in the chunk where the line ends (never carried past it), inside one chunk, or last
    // without a line end: refused all the same.
    const ending = `{"text": "${'x'.repeat(CHUNK + 50)}"}`;
    const limit = { ...DEFAULT_READ_LIMITS, maxRecordBytes: CHUNK + 40 };
    expect(errorOf(() => read(file('h.ndjson', Buffer.from(`{"id": 1}\n${ending}\n`)), limit))).toEqual([`2:1 record-too-large line 2 is longer than ${formatBytes(CHUNK + 40)}; one NDJSON line must hold one invoice`]);
    expect(errorOf(() => read(file('i.ndjson', Buffer.from(`{"id": 1}\n{"text": "${'x'.repeat(200)}"}\n`)), { ...DEFAULT_READ_LIMITS, maxRecordBytes: 100 }))).toEqual(['2:1 record-too-large line 2 is longer than 100 bytes; one NDJSON line must hold one invoice']);
    expect(errorOf(() => read(file('j.ndjson', Buffer.from(`{"id": 1}\n${ending}`)), limit))).toEqual([`2:1 record-too-large line 2 is longer than ${formatBytes(CHUNK + 40)}; one NDJSON line must hold one invoice`]);
    expect(read(file('k.ndjson', Buffer.from(`{"id": 1}\n${ending}\n`)), { ...DEFAULT_READ_LIMITS, maxRecordBytes: ending.length })).toHaveLength(2);
    expect(errorOf(() => read(file('e.ndjson', Buffer.from('{"id": 1}\n{"id": 2,\n'))))).toEqual(['2:10 json-syntax expected a property name in double quotes, found the end of the text']);
    expect(errorOf(() => read(file('f.ndjson', Buffer.from('{"id": 1}\n[1]\n'))))).toEqual(['2:1 not-an-invoice each NDJSON line must be one invoice object, found a list']);
    expect(errorOf(() => read(file('g.ndjson', Buffer.from('{"id": 1}\n\u0000'))))).toEqual(['2:1 binary-file contains a NUL byte; expected UTF-8 text']);
  });
});

describe('parseJsonQuick: a ":" written as \\u003a', () => {
  const answer = (text: string) => errorOf(() => parseJsonQuick(text, { file: 'x' })) ?? parseJsonQuick(text, { file: 'x' });
  test('a key repeated, once escaped, is refused; escaped colons in distinct keys and texts are read', () => {
    expect(answer('{"a\\u003a": 1, "a:": 2}')).toEqual(['1:16 json-syntax duplicate key "a:": each key may appear once in an object']);
    expect(answer('{"a\\u003a": "b\\u003A", "c": "\\\\u003a"}')).toEqual({ 'a:': 'b:', c: '\\u003a' });
  });
});
