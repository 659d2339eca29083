// The export's folder: never destroys what preflight did not write, keeps every run, keeps the ledger in step
// with the runs, and lets one export write at a time. Real processes and real files throughout.
import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExportDir } from '../../src/cli/export-dir.ts';
import { DEFAULT_LIMITS } from '../../src/yaml/source.ts';
import { latestRun, pausedExport } from './run-folder.ts';

const BIN = resolve('bin/preflight.js');
const GOLDEN = resolve('fixtures/invoices/golden');

/** A working folder holding a copy of the demo export's inputs: config.yaml, snapshot.yaml and invoices/. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-outdir-'));
  cpSync('fixtures/invoices/config.yaml', join(dir, 'config.yaml'));
  cpSync('fixtures/invoices/snapshot.yaml', join(dir, 'snapshot.yaml'));
  cpSync(GOLDEN, join(dir, 'invoices'), { recursive: true });
  return dir;
}

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'export', '--config', 'config.yaml', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file and folder under `dir`, with each file's bytes (folders as null). */
function tree(dir: string): Record<string, string | null> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .map((d) => [join(d.parentPath, d.name).slice(dir.length + 1), d.isFile() ? readFileSync(join(d.parentPath, d.name), 'latin1') : null] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** How many of the goldens export (the rest are rejected). */
// Goldens of the config's settings only: a variant (`<invoice>.<variant>.expected.yaml`, with `settings:`) is the
// same invoice under other settings.
const EXPORTED = readdirSync(GOLDEN).filter((f) => f.endsWith('.expected.yaml') && /^outcome: exported$/m.test(readFileSync(join(GOLDEN, f), 'utf8')) && !/^settings:/m.test(readFileSync(join(GOLDEN, f), 'utf8'))).length;

const ledgerOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { runs: string[]; entries: { vendor: string; invoice: string }[] };

describe('export --out-dir refuses what preflight did not write', () => {
  const cases: [string, string, (ws: string) => void, RegExp][] = [
    ['the working directory', '.', () => {}, /^\.:1:1 {2}error {2}is the working directory; name a new folder, an empty one, or one an earlier export wrote \(it holds \.preflight-export\) {2}out-dir-refused\n$/],
    ['the source invoices', 'invoices', () => {}, /^invoices:1:1 {2}error {2}is an input of this export; .* {2}out-dir-refused\n$/],
    ['an input file', 'invoices/01-one-line.json', () => {}, /^invoices\/01-one-line\.json:1:1 {2}error {2}is an input of this export; /],
    ['a folder holding an input', 'nested', (ws) => cpSync(join(ws, 'invoices'), join(ws, 'nested', 'invoices'), { recursive: true }), /^nested:1:1 {2}error {2}holds nested\/invoices, an input of this export; /],
    ['an unrelated folder', 'photos', (ws) => (mkdirSync(join(ws, 'photos')), writeFileSync(join(ws, 'photos', 'site.jpg'), 'jpeg')), /^photos:1:1 {2}error {2}holds files that preflight export did not write \(site\.jpg\); /],
    ['a regular file', 'notes.txt', (ws) => writeFileSync(join(ws, 'notes.txt'), 'mine'), /^notes\.txt:1:1 {2}error {2}is a file, not a folder; /],
  ];
  for (const [what, outDir, prepare, message] of cases) {
    test(`${what}: exit 2, the path and why, nothing touched`, () => {
      const ws = workspace();
      prepare(ws);
      const invoices = outDir === 'nested' ? 'nested/invoices' : outDir.endsWith('.json') ? outDir : 'invoices';
      const before = tree(ws);
      const r = run(ws, '--invoices', invoices, '--out-dir', outDir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(tree(ws)).toEqual(before);
    });
  }

  test('a folder that holds the working directory is refused', () => {
    const ws = workspace();
    const inner = join(ws, 'work');
    mkdirSync(inner);
    const r = spawnSync(process.execPath, [BIN, 'export', '--config', '../config.yaml', '--invoices', '../invoices', '--out-dir', '..'], { cwd: inner, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('holds the working directory');
  });

  test('an empty folder is taken, and marked as the export\'s', () => {
    const ws = workspace();
    mkdirSync(join(ws, 'out'));
    expect(run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out').status).toBe(0);
    expect(readFileSync(join(ws, 'out', '.preflight-export'), 'utf8')).toContain('written by `preflight export`');
  });

  test('a failed first run (bad invoice) leaves no folder behind', () => {
    const ws = workspace();
    writeFileSync(join(ws, 'bad.json'), '{"id": ');
    const r = run(ws, '--invoices', 'bad.json', '--out-dir', 'out');
    expect(r.status).toBe(2);
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });
});

describe('every run is kept', () => {
  test('a rerun keeps the earlier run\'s import file; the ledger lists both runs; latest names the newest', () => {
    const ws = workspace();
    const first = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out');
    expect(first.status).toBe(0);
    const firstRun = latestRun(join(ws, 'out'));
    const firstImport = readFileSync(join(firstRun, 'ap-import.txt'), 'latin1');
    expect(firstImport).toMatch(/^"APIF"/);
    const second = run(ws, '--invoices', 'invoices/02-several-cost-codes.json', '--out-dir', 'out');
    expect(second.status).toBe(0);
    const secondRun = latestRun(join(ws, 'out'));
    expect(secondRun).not.toBe(firstRun);
    expect(readFileSync(join(firstRun, 'ap-import.txt'), 'latin1')).toBe(firstImport);
    const name = secondRun.split('/').pop()!;
    expect(name).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    // The terminal and the summary say where the import file is.
    expect(second.stdout).toContain(`Import into Sage: out/runs/${name}/ap-import.txt\n`);
    expect(JSON.parse(readFileSync(join(secondRun, 'summary.json'), 'utf8'))).toMatchObject({ run: name, importFile: `runs/${name}/ap-import.txt`, ledgerEntries: 2 });
    const ledger = ledgerOf(join(ws, 'out', 'ledger.json'));
    expect(ledger.runs).toEqual([firstRun.split('/').pop(), name]);
    expect(ledger.entries.map((e) => e.invoice)).toEqual(['BE-24017-01', 'SM-24017-04']);
    // Each run's own ledger holds only what it added.
    expect(ledgerOf(join(secondRun, 'ledger.json')).entries.map((e) => e.invoice)).toEqual(['SM-24017-04']);
  });

  test('a folder holding exactly the files an earlier version wrote becomes the first run, with a note', () => {
    const ws = workspace();
    expect(run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'old').status).toBe(0);
    // What the earlier version left: the six files at the top of DIR, its ledger without runs.
    const old = join(ws, 'old');
    const made = latestRun(old);
    const legacy = join(ws, 'legacy');
    mkdirSync(legacy);
    for (const f of readdirSync(made)) cpSync(join(made, f), join(legacy, f));
    writeFileSync(join(legacy, 'ledger.json'), JSON.stringify({ schemaVersion: 1, entries: ledgerOf(join(old, 'ledger.json')).entries }, null, 2));
    const files = tree(legacy);

    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'legacy');
    expect(r.status).toBe(1); // the invoice is on the carried-over ledger
    expect(r.stdout).toContain('was exported before');
    const moved = readdirSync(join(legacy, 'runs')).find((n) => n.endsWith('-legacy'))!;
    expect(r.stderr).toBe(`preflight: note: moved the earlier export's files in legacy into legacy/runs/${moved}/, its first run\n`);
    for (const [f, bytes] of Object.entries(files)) expect(readFileSync(join(legacy, 'runs', moved, f), 'latin1')).toBe(bytes);
    expect(ledgerOf(join(legacy, 'ledger.json')).runs[0]).toBe(moved);
  });
});

describe('the ledger and the runs never disagree', () => {
  test('a committed run missing from ledger.json (killed before recording it) is added at the next start', () => {
    const ws = workspace();
    expect(run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out').status).toBe(0);
    const name = latestRun(join(ws, 'out')).split('/').pop()!;
    // As if killed between the run's rename and the ledger's write.
    writeFileSync(join(ws, 'out', 'ledger.json'), JSON.stringify({ schemaVersion: 1, runs: [], entries: [] }));
    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out');
    expect(r.stderr).toBe(`preflight: note: added run ${name} to out/ledger.json: it was written but not yet recorded (an earlier run was stopped)\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('BAYELEC BE-24017-01 was exported before');
  });

  test('--ledger FILE outside DIR: a run recorded in FILE.pending is added to FILE by the next run, whatever its DIR', () => {
    const ws = workspace();
    expect(run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'week1', '--ledger', 'ledger.json').status).toBe(0);
    const runFolder = latestRun(join(ws, 'week1'));
    expect(ledgerOf(join(ws, 'ledger.json')).entries).toHaveLength(1);
    expect(existsSync(join(ws, 'week1', 'ledger.json'))).toBe(false);
    // As if killed after the run's rename, before FILE was written.
    writeFileSync(join(ws, 'ledger.json'), JSON.stringify({ schemaVersion: 1, runs: [], entries: [] }));
    writeFileSync(join(ws, 'ledger.json.pending'), runFolder + '\n');
    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'week2', '--ledger', 'ledger.json');
    expect(r.stderr).toContain(`note: added run ${runFolder.split('/').pop()} to ledger.json`);
    expect(r.status).toBe(1);
    expect(existsSync(join(ws, 'ledger.json.pending'))).toBe(false);
  });

  test('a run whose ledger cannot be written removes its own folder: no invoice is marked or left unrecorded', () => {
    const ws = workspace();
    const dir = new ExportDir({ dir: join(ws, 'out'), cwd: ws, inputs: [], note: () => {}, limits: DEFAULT_LIMITS });
    const r = dir.startRun();
    r.folder.write('ap-import.txt', 'APIF…');
    mkdirSync(join(ws, 'out', 'ledger.json')); // the ledger's rename onto it fails
    expect(() => dir.commit(r, ['{"vendor":"V","invoice":"1","procoreId":"1","hash":"h"}'])).toThrow(/ledger\.json:1:1  error  is a folder, not a file/);
    dir.release(true);
    expect(readdirSync(join(ws, 'out', 'runs'))).toEqual([]);
    expect(existsSync(join(ws, 'out', 'latest'))).toBe(false);
  });

  test('an empty ledger file is called an empty ledger', () => {
    const ws = workspace();
    writeFileSync(join(ws, 'ledger.json'), '');
    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--dry-run', '--ledger', 'ledger.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ledger\.json:1:1 {2}error {2}is an empty file, not a ledger; .* {2}bad-ledger\n$/);
  });
});

describe('one writer at a time', () => {
  test('a second export into the same DIR is refused while the first runs; a dead one\'s lock is taken over', async () => {
    const ws = workspace();
    const first = await pausedExport(join(ws, 'invoices'), join(ws, 'out'), 3000, ['--config', join(ws, 'config.yaml')]);
    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^out/\\.lock:1:1 {2}error {2}another export is writing out since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(pid ${first.pid}\\); wait for it to end {2}locked\\n$`));
    first.kill('SIGKILL');
    await new Promise((done) => first.on('exit', done));
    const third = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out');
    expect(third.status).toBe(0);
    expect(third.stderr).toContain(`note: took over out/.lock, left by pid ${first.pid}`);
  });

  test('a lock taken on another host is never taken over: refused, naming the lock file', () => {
    const ws = workspace();
    expect(run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'out').status).toBe(0);
    writeFileSync(join(ws, 'out', '.lock'), JSON.stringify({ pid: 999999, host: `not-${hostname()}`, started: '2026-12-01T08:00:00.000Z' }));
    const r = run(ws, '--invoices', 'invoices/02-several-cost-codes.json', '--out-dir', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`another export is writing out since 2026-12-01T08:00:00.000Z (pid 999999 on host not-${hostname()}); preflight cannot tell from here whether it still runs: once it has ended, delete out/.lock`);
  });

  test('two exports sharing one --ledger: the second is refused while the first holds it', async () => {
    const ws = workspace();
    const first = await pausedExport(join(ws, 'invoices'), join(ws, 'a'), 3000, ['--config', join(ws, 'config.yaml'), '--ledger', join(ws, 'shared.json')]);
    const r = run(ws, '--invoices', 'invoices/01-one-line.json', '--out-dir', 'b', '--ledger', 'shared.json');
    first.kill('SIGKILL');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shared.json.lock:1:1  error  another export is writing the ledger shared.json since');
    expect(existsSync(join(ws, 'b'))).toBe(false);
  });

  test('two exports started together into one DIR: each invoice is in the ledger and in an import file once', async () => {
    for (let round = 0; round < 3; round++) {
      const ws = workspace();
      const start = () =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
          const child = spawn(process.execPath, [BIN, 'export', '--config', 'config.yaml', '--invoices', 'invoices', '--out-dir', 'out'], { cwd: ws });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('exit', (status) => done({ status, stdout, stderr }));
        });
      const results = await Promise.all([start(), start()]);
      for (const r of results) {
        // Either it ran (1: the goldens include rejections) or it was refused by the other's lock.
        if (r.status === 2) expect(r.stderr).toMatch(/another export is writing out since .* \(pid \d+\); wait for it to end/);
        else expect(r.status, r.stderr).toBe(1);
      }
      expect(results.some((r) => r.status === 1)).toBe(true);
      const ledger = ledgerOf(join(ws, 'out', 'ledger.json'));
      const keys = ledger.entries.map((e) => `${e.vendor}/${e.invoice}`);
      expect(keys).toHaveLength(EXPORTED);
      expect(new Set(keys).size).toBe(EXPORTED);
      const apif = ledger.runs.flatMap((name) => readFileSync(join(ws, 'out', 'runs', name, 'ap-import.txt'), 'latin1').split('\r\n').filter((l) => l.startsWith('"APIF"')));
      expect(apif).toHaveLength(EXPORTED);
    }
  }, 120_000);
});
