// The output folder holds writes in a buffer per file and writes them out in large pieces: the files must hold
// exactly the bytes written, in order, wherever the pieces fall against the buffer's size.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputFolder } from '../../src/export/output.ts';
import { prng } from '../prng.ts';

const CHARS = ['a', 'z', '\n', '"', 'é', '€', '😀', '\ud800', '\u0000'];
/** What most of a piece is made of: 1, 2, 3 or 4 bytes per character, so pieces land anywhere in the buffer. */
const FILLS = ['x', 'é', '€', '😀'];
const BUFFER_BYTES = 256 * 1024;

function piece(random: () => number): string | Uint8Array {
  const r = random();
  // Mostly small pieces, sometimes one near or beyond the 256 KiB buffer (3 bytes per character at most).
  const length = r < 0.02 ? 80_000 + Math.floor(random() * 120_000) : r < 0.1 ? 0 : Math.floor(random() * 3000);
  if (random() < 0.3) return Uint8Array.from({ length }, () => Math.floor(random() * 256));
  const fill = FILLS[Math.floor(random() * FILLS.length)];
  let text = '';
  while (text.length < length) text += random() < 0.9 ? fill : CHARS[Math.floor(random() * CHARS.length)];
  return text;
}

const bytesOf = (p: string | Uint8Array) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p));

describe('OutputFolder', () => {
  test('files hold exactly the pieces written, across the buffer size (seeded, 3 files, ~3 MB each)', () => {
    const random = prng(7);
    const dir = join(mkdtempSync(join(tmpdir(), 'preflight-output-')), 'out');
    const folder = new OutputFolder(dir);
    const expected: Record<string, Buffer[]> = { 'a.json': [], 'b.txt': [], 'c.csv': [] };
    const names = Object.keys(expected);
    let total = 0;
    while (total < 9_000_000) {
      const name = names[Math.floor(random() * names.length)];
      const p = piece(random);
      folder.write(name, p);
      expected[name].push(bytesOf(p));
      total += bytesOf(p).length;
    }
    folder.commit();
    for (const name of names) expect(readFileSync(join(dir, name)).equals(Buffer.concat(expected[name]))).toBe(true);
  });

  test('pieces that fill the buffer exactly, or by one byte more or less', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'preflight-output-')), 'out');
    const folder = new OutputFolder(dir);
    const expected: Buffer[] = [];
    const write = (p: string | Uint8Array) => {
      folder.write('a.txt', p);
      expected.push(bytesOf(p));
    };
    for (const delta of [-1, 0, 1]) {
      write(new Uint8Array(BUFFER_BYTES - 1000).fill(65));
      write(new Uint8Array(1000 + delta).fill(66));
      write('€'.repeat(BUFFER_BYTES / 3 - 10));
      write('€'.repeat(10 + delta));
      write('é');
    }
    folder.commit();
    expect(readFileSync(join(dir, 'a.txt')).equals(Buffer.concat(expected))).toBe(true);
  });

  test('a file given only empty pieces is created empty; an aborted folder leaves nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-output-'));
    const folder = new OutputFolder(join(root, 'out'));
    folder.write('empty.txt', new Uint8Array(0));
    folder.write('empty.txt', '');
    folder.write('one.txt', 'x'.repeat(300_000));
    folder.commit();
    expect(readdirSync(join(root, 'out')).sort()).toEqual(['empty.txt', 'one.txt']);
    expect(readFileSync(join(root, 'out', 'empty.txt')).length).toBe(0);
    expect(readFileSync(join(root, 'out', 'one.txt'), 'utf8')).toBe('x'.repeat(300_000));

    const aborted = new OutputFolder(join(root, 'other'));
    aborted.write('a.txt', 'y'.repeat(600_000));
    aborted.abort();
    expect(existsSync(join(root, 'other'))).toBe(false);
    expect(readdirSync(root)).toEqual(['out']);
  });
});
