// --jobs: a whole number of at least 1 for every command that takes it (a negative one included), and no more
// workers than there are cores or pieces of work, with a note saying so; the outputs stay those of --jobs 1.
import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { described, runCli } from './spawn.ts';
import { latestRun, summaryWithoutRun } from '../export/run-folder.ts';

const GOLDEN = 'fixtures/invoices/golden';
const CORES = availableParallelism();
const EXPORT = ['export', '--config', 'fixtures/invoices/config.yaml'];

/** `count` NDJSON invoices (the golden ones, renumbered) in a new file. */
function invoices(count: number): string {
  const all = readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => [JSON.parse(readFileSync(join(GOLDEN, f), 'utf8'))].flat() as Record<string, unknown>[]);
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ ...all[i % all.length], id: 300000 + i, invoice_number: `J-${i}` }));
  const file = join(mkdtempSync(join(tmpdir(), 'preflight-jobs-in-')), 'invoices.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** An export of `file` with `--jobs jobs`: what it printed, and its run's files (the summary without the run's name). */
function exportWith(file: string, jobs: string) {
  const out = mkdtempSync(join(tmpdir(), 'preflight-jobs-out-'));
  const r = runCli([...EXPORT, '--invoices', file, '--out-dir', out, '--jobs', jobs]);
  const dir = latestRun(out);
  const files = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, f === 'summary.json' ? summaryWithoutRun(readFileSync(join(dir, f), 'utf8')) : readFileSync(join(dir, f), 'latin1')]));
  return { ...r, stdout: r.stdout.replaceAll(out, 'OUT').replace(/\d{8}T\d{6}Z-[0-9a-f]{6}/g, 'RUN'), files };
}

/** The note a run capped at `limit` prints: the cores are named when they are no more than that limit. */
function capNote(asked: number, limit: number, because: string): string {
  const [jobs, reason] = CORES <= limit ? [CORES, `this machine has ${CORES} core${CORES === 1 ? '' : 's'}`] : [limit, because];
  return `preflight: note: --jobs ${asked} capped to ${jobs}: ${reason}\n`;
}

describe('--jobs', () => {
  test.each([
    ['check --all', ['check', '--all', 'config', '--out-dir', tmpdir()]],
    ['export', [...EXPORT, '--invoices', GOLDEN, '--dry-run']],
  ])('%s refuses a number below 1 or not whole with the usual message, a negative one included', (_name, args) => {
    const command = args[0];
    for (const value of ['-1', '0', '1.5']) {
      const r = runCli([...args, '--jobs', value]);
      expect(r.status, described(r)).toBe(2);
      expect(r.stderr).toBe(`preflight: --jobs must be a whole number of at least 1, not "${value}"\nRun "preflight help ${command}" for usage.\n`);
    }
  });

  test('check without --all refuses --jobs: one customer is checked in one thread', () => {
    const r = runCli(['check', '--config', 'config/ready-cedar-ridge.yaml', '--jobs', '2']);
    expect(r.status, described(r)).toBe(2);
    expect(r.stderr).toMatch(/^preflight: --jobs goes with --all/);
  });

  test('check --all starts no more workers than cores and customers, says so, and writes what --jobs 1 writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-jobs-all-'));
    mkdirSync(join(dir, 'configs'));
    for (const name of ['a', 'b']) writeFileSync(join(dir, 'configs', `${name}.yaml`), `customer: ${name}\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\n`);
    const [one, many] = [join(dir, 'one'), join(dir, 'many')];
    const a = runCli(['check', '--all', join(dir, 'configs'), '--out-dir', one, '--jobs', '1', '--as-of', '2026-11-26']);
    const b = runCli(['check', '--all', join(dir, 'configs'), '--out-dir', many, '--jobs', '999', '--as-of', '2026-11-26']);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe(capNote(999, 2, 'there are 2 customers'));
    expect(readFileSync(join(many, 'b', 'readiness.json'), 'utf8')).toBe(readFileSync(join(one, 'b', 'readiness.json'), 'utf8'));
    expect(b.stdout.replace(many, 'OUT')).toBe(a.stdout.replace(one, 'OUT'));
    expect(b.status).toBe(a.status);
  });

  test('export of two invoices starts one worker, not 32, says so, and writes what --jobs 1 writes', () => {
    const file = invoices(2);
    const a = exportWith(file, '1');
    const b = exportWith(file, '32');
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe(capNote(32, 1, 'the invoices fill 1 batch of up to 128 lines'));
    expect(b.stdout).toBe(a.stdout);
    expect(b.files).toEqual(a.files);
  });

  test('export --jobs 999 starts no more workers than cores and batches', () => {
    const file = invoices(300);
    const a = exportWith(file, '1');
    const b = exportWith(file, '999');
    expect(b.stderr).toBe(capNote(999, 3, 'the invoices fill 3 batches of up to 128 lines'));
    expect(b.stdout).toBe(a.stdout);
    expect(b.files).toEqual(a.files);
    expect(JSON.parse(a.files['summary.json']).read).toBe(300);
  }, 120_000);
});
