// `export --jobs N` works invoices out in worker threads and writes them back in input order: every output file,
// the printed summary, the exit code and every error must be the same as one thread's, byte for byte. The
// inputs repeat invoice numbers across batches (the duplicate check stays with the writing thread), mix rejected
// and exported invoices, blank and CRLF lines, and break in the ways a reader reports.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { prng } from '../prng.ts';
import { latestRun, summaryWithoutRun } from './run-folder.ts';

const GOLDEN = 'fixtures/invoices/golden';
const goldens = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.json'))
  .sort()
  // A golden file holds one invoice or a list of them.
  .flatMap((f) => [JSON.parse(readFileSync(join(GOLDEN, f), 'utf8'))].flat() as Record<string, unknown>[]);

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: process.cwd(), isTTY: false });
  return { status, stdout, stderr };
}

/** `count` invoices drawn from the goldens, renumbered; some numbers come back later (duplicates), some lines are blank or end in CRLF. */
function ndjson(count: number, seed: number): string[] {
  const rand = prng(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const inv = structuredClone(goldens[Math.floor(rand() * goldens.length)]);
    inv.id = 200000 + i;
    // About one in eight reuses an earlier number, often hundreds of lines (several batches) back.
    if (typeof inv.invoice_number === 'string') inv.invoice_number = rand() < 0.125 && i > 0 ? `INV-${Math.floor(rand() * i)}` : `INV-${i}`;
    lines.push(JSON.stringify(inv) + (rand() < 0.05 ? '\r' : ''));
    if (rand() < 0.03) lines.push('');
  }
  return lines;
}

function write(dir: string, name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The run's files; the summary without the run's name, which holds its time. */
function files(out: string): Record<string, string> {
  const dir = latestRun(out);
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, f === 'summary.json' ? summaryWithoutRun(readFileSync(join(dir, f), 'utf8')) : readFileSync(join(dir, f), 'latin1')]));
}

/** The same export with one thread and with `jobs` workers: outputs and results side by side. */
async function both(inputs: string[], jobs: number, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-'));
  const runs = [];
  for (const j of [1, jobs]) {
    const out = join(dir, `out-${j}`);
    const r = await cli('export', '--config', 'fixtures/invoices/config.yaml', ...inputs.flatMap((i) => ['--invoices', i]), '--out-dir', out, '--jobs', String(j), ...extra);
    runs.push({ ...r, stdout: r.stdout.replaceAll(out, 'OUT').replace(/\d{8}T\d{6}Z-[0-9a-f]{6}/g, 'RUN'), files: r.status === 2 ? {} : files(out) });
  }
  return runs;
}

describe('export --jobs', () => {
  test('writes what one thread writes: duplicates across batches, rejections, blank and CRLF lines, two files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-in-'));
    const a = write(dir, 'a.ndjson', ndjson(700, 11));
    const b = write(dir, 'b.ndjson', ndjson(300, 12));
    const [one, many] = await both([a, b], 3);
    expect(one.stderr).toBe('');
    expect(one.status).toBe(1);
    expect(many.stdout).toBe(one.stdout);
    expect(many.status).toBe(one.status);
    expect(Object.keys(many.files)).toEqual(['ap-import.txt', 'ledger.json', 'payloads.json', 'rejections.csv', 'rejections.json', 'summary.json']);
    for (const name of Object.keys(one.files)) expect(many.files[name], name).toBe(one.files[name]);
    // The inputs do reach the duplicate check (worked out again by the writing thread) and both outcomes.
    const summary = JSON.parse(one.files['summary.json']);
    expect(summary.read).toBe(1000);
    expect(summary.rejectionsByRule['invoice-unique-in-run']).toBeGreaterThan(20);
    expect(summary.exported).toBeGreaterThan(100);
  }, 120_000);

  test('--trace payloads are the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-in-'));
    const [one, many] = await both([write(dir, 'a.ndjson', ndjson(300, 13))], 2, ['--trace']);
    for (const name of Object.keys(one.files)) expect(many.files[name], name).toBe(one.files[name]);
  }, 120_000);

  test('stops with the same error: a line that is not JSON after bad records, a line too long after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-in-'));
    const lines = ndjson(400, 14);
    // Records without items (shape problems, reported at the end), then a broken line, then an over-long one:
    // one thread throws at the broken line, so must the workers.
    lines[50] = JSON.stringify({ ...JSON.parse(lines[50]), items: undefined });
    lines[90] = JSON.stringify({ ...JSON.parse(lines[90]), items: undefined });
    lines[300] = '{"id": 1, "vendor_id": ';
    lines.push(JSON.stringify({ id: 9, note: 'x'.repeat(2 * 1024 * 1024) }));
    const [one, many] = await both([write(dir, 'bad.ndjson', lines)], 2);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/bad\.ndjson:301:/);
    expect(many.status).toBe(2);
    expect(many.stderr).toBe(one.stderr);
  }, 120_000);

  test('reports the same bad records when no line is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-in-'));
    const lines = ndjson(300, 15);
    for (const i of [10, 140, 280]) lines[i] = JSON.stringify({ ...JSON.parse(lines[i]), items: undefined });
    const [one, many] = await both([write(dir, 'shape.ndjson', lines)], 2);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/shape\.ndjson:11:/);
    expect(many.stderr).toBe(one.stderr);
  }, 120_000);

  test('a line too long is reported where one thread reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-parallel-in-'));
    const lines = ndjson(300, 16);
    lines.splice(200, 0, JSON.stringify({ id: 9, note: 'x'.repeat(2 * 1024 * 1024) }));
    const [one, many] = await both([write(dir, 'long.ndjson', lines)], 2);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/record-too-large|longer than/);
    expect(many.stderr).toBe(one.stderr);
  }, 120_000);

  test('refuses a --jobs that is not a whole number', async () => {
    const r = await cli('export', '--config', 'fixtures/invoices/config.yaml', '--invoices', GOLDEN, '--dry-run', '--jobs', 'two');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number/);
  });
});
