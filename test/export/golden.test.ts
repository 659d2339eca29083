// The export goldens (fixtures/invoices/golden): each invoice's payload and import lines, or its rejection reasons,
// exactly as the committed *.expected.yaml say; `<invoice>.<variant>.expected.yaml` is the same invoice under the
// settings that file names. Reads goldens; never writes them.
import { describe, expect, test, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { latestRun, summaryWithoutRun } from './run-folder.ts';

const GOLDEN = 'fixtures/invoices/golden';
const CONFIG = 'fixtures/invoices/config.yaml';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

interface Expected {
  /** Settings the invoice is exported with (--set), for a variant golden; the config's otherwise. */
  settings?: Record<string, unknown>;
  outcome: 'exported' | 'rejected';
  header?: Record<string, unknown>;
  distributions?: Record<string, unknown>[];
  import?: string[];
  warnings?: string[];
  reasons?: Record<string, unknown>[];
}

const allCases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.expected.yaml'))
  .sort()
  .map((f) => {
    const name = f.replace('.expected.yaml', '');
    return { name, invoice: name.split('.')[0], expected: parse(readFileSync(join(GOLDEN, f), 'utf8')) as Expected };
  });
const cases = allCases.filter((c) => c.expected.settings === undefined);
const variants = allCases.filter((c) => c.expected.settings !== undefined);

interface Outputs {
  payloads: { invoices: { source: string; header: unknown; distributions: unknown; warnings: string[] }[] };
  rejections: { rejections: { source: string; reasons: Record<string, unknown>[] }[] };
}

/** One golden against a run's outputs; `lines` are the import file's lines from this invoice's first on. */
function expectGolden(invoice: string, expected: Expected, out: Outputs, lines: string[]): void {
  const file = join(GOLDEN, `${invoice}.json`);
  if (expected.outcome === 'exported') {
    const p = out.payloads.invoices.find((i) => i.source.startsWith(`${file}:`));
    expect(p, `${invoice} should be in payloads.json`).toBeDefined();
    expect(p!.header).toEqual(expected.header);
    expect(p!.distributions).toEqual(expected.distributions);
    expect(p!.warnings).toEqual(expected.warnings ?? []);
    const start = lines.indexOf(expected.import![0]);
    expect(start, `first import line of ${invoice}`).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start, start + expected.import!.length)).toEqual(expected.import);
    expect(out.rejections.rejections.some((r) => r.source.startsWith(`${file}:`))).toBe(false);
  } else {
    const r = out.rejections.rejections.find((x) => x.source.startsWith(`${file}:`));
    expect(r, `${invoice} should be in rejections.json`).toBeDefined();
    // Every reason, each with its listed properties; the order of reasons is not part of the golden.
    expect(r!.reasons.map((x) => x.key).sort()).toEqual(expected.reasons!.map((x) => x.key as string).sort());
    for (const want of expected.reasons!) expect(r!.reasons.find((x) => x.key === want.key)).toMatchObject(want);
    expect(out.payloads.invoices.some((i) => i.source.startsWith(`${file}:`))).toBe(false);
  }
}

/** The import file's lines (CRLF, Windows-1252), without the last line end. */
function importLines(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  expect(text.endsWith('\r\n') || text === '').toBe(true);
  return text === '' ? [] : text.slice(0, -2).split('\r\n');
}

describe('export goldens', () => {
  let out: string;
  let run: { status: number; stdout: string; stderr: string };
  let payloads: Outputs['payloads'];
  let rejections: Outputs['rejections'];
  let importBytes: Buffer;

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'preflight-golden-')), 'out');
    run = await cli('export', '--config', CONFIG, '--invoices', GOLDEN, '--out-dir', dir);
    out = latestRun(dir);
    payloads = JSON.parse(readFileSync(join(out, 'payloads.json'), 'utf8'));
    rejections = JSON.parse(readFileSync(join(out, 'rejections.json'), 'utf8'));
    importBytes = readFileSync(join(out, 'ap-import.txt'));
  });

  test('there are at least twelve goldens, and the run reconciles: read = exported + rejected', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ read: cases.length, exported: 13, rejected: 7, reconciles: true, exportedAmount: '87588.00' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Read 20 invoices: 13 exported + 7 rejected.\nExported total 87588.00 in 13 invoices, 22 distributions; 5 warnings.\n');
  });

  // Import lines of the exported invoices, in input order: each golden's lines are the next ones in the file.
  const lineQueue = () => importLines(importBytes);

  for (const { name, invoice, expected } of cases) {
    test(`${name}: ${expected.outcome}`, () => expectGolden(invoice, expected, { payloads, rejections }, lineQueue()));
  }

  test('the import file is CRLF, Windows-1252, and holds exactly the exported invoices’ lines', () => {
    const all = cases.filter((c) => c.expected.outcome === 'exported').flatMap((c) => c.expected.import!);
    expect(lineQueue()).toEqual(all);
    expect(importBytes.includes(Buffer.from('\n'))).toBe(true);
    expect(importBytes.toString('latin1').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect([...importBytes].every((b) => b < 0x80)).toBe(true); // the goldens that export are plain ASCII
  });

  test('rejections.csv has one row per reason, for AP staff', () => {
    const csv = readFileSync(join(out, 'rejections.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF"invoice key","source","procore id","sage vendor","vendor name","invoice","reason key","rule","field","value","limit","message"\r\n')).toBe(true);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 8);
    expect(csv).toContain('"APDF Description (line 1)","Temporary power and lighting for levels 3 through 5","30 characters",');
  });

  test('the same inputs give byte-identical outputs', async () => {
    const again = join(mkdtempSync(join(tmpdir(), 'preflight-golden-')), 'out');
    await cli('export', '--config', CONFIG, '--invoices', GOLDEN, '--out-dir', again);
    for (const f of ['payloads.json', 'ap-import.txt', 'rejections.json', 'rejections.csv', 'ledger.json']) {
      expect(readFileSync(join(latestRun(again), f)).equals(readFileSync(join(out, f))), f).toBe(true);
    }
    // The summary differs only in the run it names.
    expect(summaryWithoutRun(readFileSync(join(latestRun(again), 'summary.json'), 'utf8'))).toBe(summaryWithoutRun(readFileSync(join(out, 'summary.json'), 'utf8')));
  });

  test('running again refuses every exported invoice (ledger); --allow-reexport sends them again', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'preflight-ledger-')), 'out');
    await cli('export', '--config', CONFIG, '--invoices', GOLDEN, '--out-dir', dir);
    const second = await cli('export', '--config', CONFIG, '--invoices', GOLDEN, '--out-dir', dir);
    expect(second.status).toBe(1);
    expect(second.stdout).toContain('Read 20 invoices: 0 exported + 20 rejected.');
    expect(second.stdout).toContain('BAYELEC BE-24017-01 was exported before (Procore id 88001, same content); pass --allow-reexport to send it again.  invoice-not-exported-before/910201/BE-24017-01');
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')).entries).toHaveLength(13);
    const third = await cli('export', '--config', CONFIG, '--invoices', GOLDEN, '--out-dir', dir, '--allow-reexport');
    expect(third.stdout).toContain('Read 20 invoices: 13 exported + 7 rejected.');
  });

  test('--accounting-date dates the invoice that has none; never the billing date', async () => {
    const r = await cli('export', '--config', CONFIG, '--invoices', join(GOLDEN, '10-missing-accounting-date.json'), '--dry-run', '--accounting-date', '2026-11-05');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"accountingDate": "2026-11-05"');
  });

  test('--dry-run prints payloads and the summary and writes nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'preflight-dry-')), 'out');
    const r = await cli('export', '--config', CONFIG, '--invoices', join(GOLDEN, '01-one-line.json'), '--dry-run', '--out-dir', dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.slice(0, r.stdout.indexOf('Read '))).invoices[0].header.amount).toBe('4250.00');
    expect(r.stdout).toContain('Dry run: nothing written.');
    expect(existsSync(dir)).toBe(false);
  });

  test('--trace gives each field its formula and the Procore values that produced it', async () => {
    const r = await cli('export', '--config', CONFIG, '--invoices', join(GOLDEN, '04-retainage-withheld.json'), '--dry-run', '--trace');
    const inv = JSON.parse(r.stdout.slice(0, r.stdout.indexOf('Read '))).invoices[0];
    expect(inv.header.amount.value).toBe('30000.00');
    expect(inv.header.amount.formula).toEqual({ money_add: [{ var: 'invoice.summary.current_payment_due' }, { var: 'computed.retainage' }] });
    expect(inv.header.amount.inputs).toEqual([
      { path: 'invoice.summary.current_payment_due', value: '27000.00' },
      { path: 'computed.retainage', value: '3000.00' },
    ]);
    expect(inv.computed.retainageHeld.inputs).toContainEqual({ path: 'invoice.items.0.materials_stored_retainage_new_materials', value: '400.00' });
    expect(inv.distributions[0].costCode.inputs).toContainEqual({ path: 'procore.costCodes.3101.origin_code', value: '26-100' });
  });
});

describe('export goldens under other settings', () => {
  test('each retainage release mode and the unit fields have a variant golden', () => {
    expect(variants.map((v) => v.name)).toEqual(expect.arrayContaining(['05-retainage-released.net', '05-retainage-released.refuse', '20-retainage-release-only.net', '20-retainage-release-only.refuse', '08-unit-price.units']));
  });

  for (const { name, invoice, expected } of variants) {
    test(`${name}: ${expected.outcome} with ${JSON.stringify(expected.settings)}`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'preflight-golden-')), 'out');
      const sets = Object.entries(expected.settings!).flatMap(([k, v]) => ['--set', `${k}=${String(v)}`]);
      const r = await cli('export', '--config', CONFIG, '--invoices', join(GOLDEN, `${invoice}.json`), '--out-dir', dir, ...sets);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(expected.outcome === 'exported' ? 0 : 1);
      const run = latestRun(dir);
      const outputs: Outputs = { payloads: JSON.parse(readFileSync(join(run, 'payloads.json'), 'utf8')), rejections: JSON.parse(readFileSync(join(run, 'rejections.json'), 'utf8')) };
      const lines = importLines(readFileSync(join(run, 'ap-import.txt')));
      expectGolden(invoice, expected, outputs, lines);
      // The invoice's lines are the whole import file.
      expect(lines).toEqual(expected.import ?? []);
    });
  }
});
