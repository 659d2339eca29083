// Control characters in customer data (a vendor name that clears the screen, an invoice number with CR/LF) reach
// no terminal raw: every terminal and annotation format prints them as visible escapes such as \x1b.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { terminalText } from '../../src/report/terminal-text.ts';
import { cli } from '../report/helpers.ts';

const SNAPSHOT = 'test/report/fixtures/control-chars.yaml';
const PACK = 'test/report/fixtures/hostile-pack';
const CONTROL = ['--snapshot', SNAPSHOT, '--pack', PACK, '--as-of', '2026-11-20'];

/** Anything a terminal acts on, but the line feed that ends each printed line. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** What XML 1.0 cannot carry at all, even as a character reference. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** The real binary, without colour (colour codes are the one escape sequence preflight itself writes). */
function spawn(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/preflight.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('terminalText', () => {
  test('C0, DEL, C1, separators and bidi controls become escapes; printable text is untouched', () => {
    expect(terminalText('a\u001b[2J\u0007\r\n\t\u007f\u009b\u2028\u202e\u0000é€😀 "%:,')).toBe('a\\x1b[2J\\x07\\r\\n\\t\\x7f\\x9b\\u2028\\u202e\\x00é€😀 "%:,');
    expect(terminalText('\ud800 and \udfff')).toBe('\\ud800 and \\udfff');
    expect(terminalText('a\r\nb\tc', '\n\t')).toBe('a\\r\nb\tc');
  });
});

describe('check: control characters in names are shown, never sent', () => {
  test('stylish: one line per finding, escapes visible', () => {
    const r = spawn('check', ...CONTROL);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout.split('\n')[0]).toMatch(/^\\x1b\]0;owned\\x07 Escape & Co {2}pack hostile-pack/);
    expect(r.stdout).toContain('error    Vendor Clear\\x1b[2J\\x1b[H Screen\\x07 Supply is not synced');
    expect(r.stdout).toContain('  vendor-synced/Clear\\x1b[2J\\x1b[H Screen\\x07 Supply\n');
    expect(r.stdout).toContain('  vendor-synced/Line\\rBack\\nNext\n');
    expect(r.stdout).toContain('vendor-synced/C1\\x9b31m Red\\x7f \\u202eesrever\\u202c\\tTab\n');
    expect(r.stdout.split('\n').filter((l) => l.includes('  error  '))).toHaveLength(3);
  });

  test('github: escapes visible; CR and LF encoded as workflow commands want; one command per line', async () => {
    const r = await cli(['check', ...CONTROL, '--format', 'github']);
    expect(r.stdout).not.toMatch(RAW);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['::error', '::error', '::error', 'preflight:']);
    expect(r.stdout).toContain('(vendor-synced/Line%0DBack%0ANext)::');
    expect(r.stdout).toContain('::Vendor Clear\\x1b[2J\\x1b[H Screen\\x07 Supply is not synced');
    expect(lines[3]).toMatch(/^preflight: \\x1b\]0;owned\\x07 Escape & Co: Not ready/);
  });

  test('junit: valid XML 1.0, the characters it cannot carry shown as escapes (not lost)', async () => {
    const xml = (await cli(['check', ...CONTROL, '--format', 'junit'])).stdout;
    expect(xml).not.toMatch(NOT_XML);
    expect(xml).not.toMatch(RAW);
    expect(xml).not.toContain('\ufffd');
    expect(xml).toContain('name="vendor-synced/Clear\\x1b[2J\\x1b[H Screen\\x07 Supply"');
    expect(xml).toContain('<property name="customer" value="\\x1b]0;owned\\x07 Escape &amp; Co"/>');
    // Line breaks are XML's own: kept, as character references in attributes.
    expect(xml).toContain('name="vendor-synced/Line&#13;Back&#10;Next"');
  });

  test('sarif is JSON: every control character escaped by JSON itself, the name kept exactly', async () => {
    const text = (await cli(['check', ...CONTROL, '--format', 'sarif'])).stdout;
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const sarif = JSON.parse(text) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0].results.map((x) => x.message.text)).toContain('Vendor Clear\u001b[2J\u001b[H Screen\u0007 Supply is not synced: "quotes" & ampersands; 100% done, a:b, c');
  });

  test('diff: keys, messages and the customer escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-terminal-diff-'));
    await cli(['check', '--snapshot', 'test/report/fixtures/hostile.yaml', '--pack', PACK, '--as-of', '2026-11-20', '--format', 'json', '--output', join(dir, 'before.json')]);
    await cli(['check', ...CONTROL, '--format', 'json', '--output', join(dir, 'after.json')]);
    const r = await cli(['diff', join(dir, 'before.json'), join(dir, 'after.json'), '--allow-other-customer']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('  vendor-synced/Clear\\x1b[2J\\x1b[H Screen\\x07 Supply  error  Vendor Clear\\x1b[2J\\x1b[H Screen\\x07 Supply is not synced');
    expect(r.stdout).toContain('→ \\x1b]0;owned\\x07 Escape & Co');
  });

  test('check --all: the customer line escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-terminal-all-'));
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', 'evil.yaml'), `customer: "\\e[2J\\e]0;title\\a Evil Co"\nsnapshot: ${resolve(SNAPSHOT)}\n`);
    const r = spawn('check', '--all', join(dir, 'configs'), '--out-dir', join(dir, 'reports'), '--pack', PACK, '--as-of', '2026-11-20');
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toMatch(/^NOT READY {2}\\x1b\[2J\\x1b\]0;title\\x07 Evil Co {2}3 blocking/m);
  });
});

describe('validate, rules and errors: located problems escaped', () => {
  test('an unknown key holding ESC: validate (stylish and github) and check print it visibly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-terminal-validate-'));
    const file = join(dir, 'snapshot.yaml');
    writeFileSync(file, `${readFileSync(SNAPSHOT, 'utf8')}"\\e[2Jextra\\r\\n": 1\n`);
    const stylish = await cli(['validate', file]);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).not.toMatch(RAW);
    expect(stylish.stdout).toContain('unknown key "\\x1b[2Jextra\\r\\n"');
    const github = await cli(['validate', '--format', 'github', file]);
    expect(github.stdout).not.toMatch(RAW);
    expect(github.stdout).toContain('unknown key "\\x1b[2Jextra%0D%0A"');
    const check = spawn('check', '--snapshot', file, '--pack', PACK);
    expect(check.status).toBe(2);
    expect(check.stderr).not.toMatch(RAW);
    expect(check.stderr).toContain('unknown key "\\x1b[2Jextra\\r\\n"');
  });

  test('rules: a title holding ESC and BEL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-terminal-rules-'));
    cpSync(PACK, dir, { recursive: true });
    const rule = join(dir, 'checks', 'vendor-synced.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace(/^title: .*$/m, 'title: "Synced\\e]0;pwned\\a vendors"'));
    const r = await cli(['rules', '--pack', dir]);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Synced\\x1b]0;pwned\\x07 vendors');
  });

  test('a wrong argument holding ESC is quoted visibly', async () => {
    const r = await cli(['check', ...CONTROL, '--format', 'x\u001b[2J']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('preflight: --format must be one of stylish, json, html, sarif, junit, github, not "x\\x1b[2J"\nRun "preflight help check" for usage.\n');
  });
});

describe('export: the printed lines', () => {
  test('an invoice number with ESC, CR and LF prints as escapes, on one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-terminal-export-'));
    const invoice = JSON.parse(readFileSync('fixtures/invoices/golden/01-one-line.json', 'utf8'));
    invoice.invoice_number = 'BE\u001b[2J\r\nX';
    delete invoice.accounting_date; // rejected: the reason names the invoice
    writeFileSync(join(dir, 'invoice.json'), JSON.stringify(invoice));
    const r = spawn('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', join(dir, 'invoice.json'), '--out-dir', join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toMatch(/^ {2}\S+invoice\.json:1:1 {2}error {2}Invoice BE\\x1b\[2J X of Bayside Electric LLC .* {2}invoice-accounting-date-present\/910201\/BE\\x1b\[2J\\r\\nX$/m);
  });
});
