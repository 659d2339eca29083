// An export stopped by Ctrl-C (SIGINT) or kill (SIGTERM) mid-run cleans up after itself: the unfinished run's
// hidden folder and DIR/.lock are removed, earlier runs and the ledger are untouched, and the exit code is the
// signal's usual one (130, 143). Real processes: a large NDJSON input keeps the run busy while the signal comes.
import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/preflight.js');
const GOLDEN = resolve('fixtures/invoices/golden');
const ARGS = ['export', '--config', resolve('fixtures/invoices/config.yaml')];

/** `count` NDJSON invoices (the golden ones, renumbered from `first`) in `file`. */
function invoices(file: string, count: number, first = 0): string {
  const all = readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => [JSON.parse(readFileSync(join(GOLDEN, f), 'utf8'))].flat() as Record<string, unknown>[]);
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ ...all[i % all.length], id: 400000 + first + i, invoice_number: `S-${first + i}` }));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The hidden temporary folders under DIR/runs (an unfinished run). */
const temporaries = (out: string) => (existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).filter((n) => n.startsWith('.')) : []);

/** Starts an export of `input` into `out`, sends `signal` once its run's temporary folder exists, and waits for it to end. */
async function stopped(input: string, out: string, signal: NodeJS.Signals, extra: string[] = []) {
  const child = spawn(process.execPath, [BIN, ...ARGS, '--invoices', input, '--out-dir', out, ...extra], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, sig) => done({ code, signal: sig })));
  let sent = false;
  const watch = setInterval(() => {
    if (!sent && temporaries(out).length > 0) {
      sent = true;
      child.kill(signal);
    }
  }, 20);
  const result = await ended;
  clearInterval(watch);
  return { ...result, stderr, sent };
}

describe('export stopped by a signal', () => {
  for (const [signal, code, extra] of [
    ['SIGINT', 130, []],
    ['SIGTERM', 143, []],
    ['SIGTERM', 143, ['--jobs', '2']],
  ] as const) {
    test(`${signal}${extra.length ? ` with ${extra.join(' ')}` : ''}: exit ${code}, no unfinished run, no lock, the earlier run and ledger kept`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'preflight-stop-'));
      const out = join(dir, 'out');
      const first = spawnSync(process.execPath, [BIN, ...ARGS, '--invoices', invoices(join(dir, 'first.ndjson'), 3), '--out-dir', out], { encoding: 'utf8' });
      expect(first.status, first.stderr).toBe(0);
      const runs = readdirSync(join(out, 'runs'));
      const ledger = readFileSync(join(out, 'ledger.json'), 'utf8');
      const latest = readFileSync(join(out, 'latest'), 'utf8');

      const r = await stopped(invoices(join(dir, 'big.ndjson'), 30_000, 100), out, signal, [...extra]);
      expect(r.sent, 'the run ended before its temporary folder was seen').toBe(true);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`^preflight: stopped by ${signal}; run \\S+ was not written, nothing was exported\\n$`));
      expect(temporaries(out)).toEqual([]);
      expect(existsSync(join(out, '.lock'))).toBe(false);
      expect(readdirSync(join(out, 'runs'))).toEqual(runs);
      expect(readFileSync(join(out, 'ledger.json'), 'utf8')).toBe(ledger);
      expect(readFileSync(join(out, 'latest'), 'utf8')).toBe(latest);
    }, 120_000);
  }
});
