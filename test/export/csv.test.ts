// rejections.csv: quoting and formula guarding, checked against the rules written out plainly.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRow } from '../../src/export/csv.ts';
import { main } from '../../src/cli/main.ts';
import { prng } from '../prng.ts';
import { latestRun } from './run-folder.ts';

const SEPARATORS = ',;\t\r\n';
const FORMULA = '=+@\t\r';

/**
 * The rules as first written, one character at a time: wherever a spreadsheet could start a cell (the start, or
 * after a separator or line break, whichever it splits on), past any quotes, a formula character or a "-" that
 * does not start a plain signed number gets a ' before it; then every cell is quoted, quotes doubled.
 */
function reference(cells: unknown[]): string {
  const guard = (text: string) => {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (i === 0 || SEPARATORS.includes(text[i - 1])) {
        let j = i;
        while (text[j] === '"') j++;
        const next = text[j];
        const number = /^-\d+(\.\d+)?/.exec(text.slice(j));
        const ends = number && (j + number[0].length === text.length || (SEPARATORS + '"').includes(text[j + number[0].length]));
        if (next !== undefined && (FORMULA.includes(next) || (next === '-' && !ends))) out += "'";
      }
      out += text[i];
    }
    return out;
  };
  return (
    cells
      .map((c) => {
        const text = c === null || c === undefined ? '' : typeof c === 'string' ? c : (JSON.stringify(c) ?? '');
        return `"${guard(text).split('"').join('""')}"`;
      })
      .join(',') + '\r\n'
  );
}

const STARTS = ['', '=', '+', '@', '-', '\t', '\r', '\n', "'", '"', '""=', ' ', 'a', '1', '-1', '-1.5', '-1.', '-.5', '-x', 'é', ';', ';=', ',@', ';"=', '\n-'];
const ENDS = ['', ',', '"', '""', '\r\n', "'", 'x', '1', '.25', ' ', 'SUM(A1)', ';=1+2', ';-2', ';-2+3', '\t+1'];

describe('csvRow', () => {
  test('matches the plain rules on seeded cells (formula starts anywhere a cell may start, signed numbers, quotes)', () => {
    const random = prng(4180);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 2000; i++) {
      const cells = Array.from({ length: 12 }, () => {
        const r = random();
        if (r < 0.1) return pick([null, undefined, 0, -3, 1.5, true, () => 1]);
        if (r < 0.15) return { a: pick(ENDS) };
        return pick(STARTS) + pick(ENDS) + (random() < 0.3 ? pick(STARTS) + pick(ENDS) : '');
      });
      expect(csvRow(cells)).toBe(reference(cells));
    }
  });

  test('examples: every cell quoted; no cell starts a formula, split on "," or on ";"', () => {
    expect(csvRow(['=1+2', '-12.50', '-x', 'a,b', 'say "hi"', null, 'plain'])).toBe(`"'=1+2","-12.50","'-x","a,b","say ""hi""","","plain"\r\n`);
    expect(csvRow(['Acme;=HYPERLINK("http://x")', 'a;-2+3;-4', 'x;"@SUM(1)"'])).toBe(`"Acme;'=HYPERLINK(""http://x"")","a;'-2+3;-4","x;'""@SUM(1)"""\r\n`);
  });

  test('a spreadsheet splitting the line on ";" (some locales) sees no cell start with = + - @ tab or CR', () => {
    const row = csvRow(['Acme;=cmd|"/C calc"!A0', ';+1', 'a;\t=1', 'b;\r=2', ';-3+4', 'x\n@y', ';"=z"']);
    for (const cell of row.replace(/\r\n$/, '').split(/[;\n]/)) expect(cell.replace(/^"+/, ''), cell).not.toMatch(/^([=+@\t\r]|-(?!\d))/);
  });
});

describe('rejections.csv from the export', () => {
  test('an invoice number built to run as a formula, read by a spreadsheet splitting on "," or on ";"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-csv-'));
    const invoice = JSON.parse(readFileSync('fixtures/invoices/golden/01-one-line.json', 'utf8'));
    invoice.invoice_number = '=1+2;@SUM(A1);-3+4';
    delete invoice.accounting_date; // rejected
    writeFileSync(join(dir, 'invoice.json'), JSON.stringify(invoice));
    const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd(), isTTY: false };
    expect(await main(['export', '--config', 'fixtures/invoices/config.yaml', '--invoices', join(dir, 'invoice.json'), '--out-dir', join(dir, 'out')], io)).toBe(1);
    const csv = readFileSync(join(latestRun(join(dir, 'out')), 'rejections.csv'), 'utf8').replace(/^\uFEFF/, '');
    const [, row] = csv.split('\r\n');
    expect(row).toMatch(/^"910201\/=1\+2;'@SUM\(A1\);'-3\+4",/);
    for (const cell of row.split(/[,;]/)) expect(cell.replace(/^"+/, ''), cell).not.toMatch(/^([=+@\t\r]|-(?!\d))/);
  });
});
