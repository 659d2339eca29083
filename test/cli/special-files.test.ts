// A FIFO, /dev/zero or a folder where a file is read: refused by what it is before a byte is read (exit 2, located,
// quickly), never read forever. A whole-file read never takes in more than --max-file-size, whatever size is stated.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, described, runCli, type CliRun } from './spawn.ts';
import { readFileBytes, readTextFile } from '../../src/yaml/source.ts';
import { PreflightError } from '../../src/diagnostics.ts';

const PACK = 'test/fixtures/pack';
const SNAPSHOT = join(ROOT, 'test/fixtures/snapshots/ready.yaml');
/** Long enough for a slow machine to start the CLI; a read that never ends is stopped by it. */
const TIMEOUT_MS = 20_000;
const hasFifos = process.platform !== 'win32';

let tmp: string;
let fifo: (name: string) => string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'preflight-special-'));
  fifo = (name) => {
    const path = join(tmp, name);
    execFileSync('mkfifo', [path]);
    return path;
  };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Exit 2 within the timeout, one located line naming `file` and what it is; nothing on stdout. */
function expectRefusedAs(r: CliRun, file: string, kind: string): void {
  expect(r.signal, described(r)).toBeNull();
  expect(r.status, described(r)).toBe(2);
  expect(r.stdout, described(r)).toBe('');
  expect(r.stderr, described(r)).toContain(`${file}:1:1  error  is not a regular file (${kind}); preflight reads only regular files  not-a-regular-file\n`);
}

describe.runIf(hasFifos)('a FIFO is refused without waiting for a writer', () => {
  test('check --snapshot FIFO', () => {
    const file = fifo('snapshot.yaml');
    expectRefusedAs(runCli(['check', '--snapshot', file, '--pack', PACK], { timeoutMs: TIMEOUT_MS }), file, 'a FIFO');
    expect(lstatSync(file).isFIFO()).toBe(true);
  });

  test('check --config FIFO', () => {
    const file = fifo('config.yaml');
    expectRefusedAs(runCli(['check', '--config', file, '--pack', PACK], { timeoutMs: TIMEOUT_MS }), file, 'a FIFO');
  });

  test('a config whose layer it extends is a FIFO', () => {
    const layer = fifo('org-layer.yaml');
    const config = join(tmp, 'extends-fifo.yaml');
    writeFileSync(config, `customer: Piped Ltd\nextends:\n  - org-layer.yaml\nsnapshot: ${SNAPSHOT}\n`);
    const r = runCli(['check', '--config', config, '--pack', PACK], { timeoutMs: TIMEOUT_MS });
    expect(r.signal, described(r)).toBeNull();
    expect(r.status, described(r)).toBe(2);
    expect(r.stderr).toContain(`${config}:3:5  error  extends ${layer}, which cannot be read: is not a regular file (a FIFO); preflight reads only regular files  extends-unreadable`);
  });

  test('a rule file of the pack is a FIFO', () => {
    const pack = join(tmp, 'fifo-pack');
    cpSync(join(ROOT, PACK), pack, { recursive: true });
    rmSync(join(pack, 'checks', 'hh2-version.yaml'));
    const rule = join(pack, 'checks', 'hh2-version.yaml');
    execFileSync('mkfifo', [rule]);
    expectRefusedAs(runCli(['check', '--snapshot', SNAPSHOT, '--pack', pack], { timeoutMs: TIMEOUT_MS }), rule, 'a FIFO');
  });

  test('snapshot --live --survey FIFO is refused before Procore is asked', () => {
    const file = fifo('survey.yaml');
    const env = { PROCORE_CLIENT_ID: 'id', PROCORE_CLIENT_SECRET: 'secret' };
    expectRefusedAs(runCli(['snapshot', '--live', '--survey', file, '--set', 'procore.apiBaseUrl=http://127.0.0.1:9', '--set', 'procore.loginBaseUrl=http://127.0.0.1:9'], { timeoutMs: TIMEOUT_MS, env }), file, 'a FIFO');
  });

  test('export --invoices FIFO, as JSON and as streamed NDJSON (one thread and two)', () => {
    for (const [name, jobs] of [['invoices.json', '1'], ['invoices.ndjson', '1'], ['more.ndjson', '2']]) {
      const file = fifo(name);
      const out = join(tmp, `export-${name}`);
      const r = runCli(['export', '--config', 'fixtures/invoices/config.yaml', '--invoices', file, '--out-dir', out, '--jobs', jobs], { timeoutMs: TIMEOUT_MS });
      expectRefusedAs(r, file, 'a FIFO');
      expect(existsSync(out)).toBe(false);
    }
  });

  test('validate FIFO reports it as a problem of that file', () => {
    const file = fifo('validate.yaml');
    const r = runCli(['validate', file], { timeoutMs: TIMEOUT_MS });
    expect(r.signal, described(r)).toBeNull();
    expect(r.status, described(r)).toBe(2); // not read, so not validated: exit 2
    expect(r.stdout).toContain(`${file}:1:1  error  is not a regular file (a FIFO); preflight reads only regular files  not-a-regular-file\n`);
  });
});

describe.runIf(existsSync('/dev/zero'))('/dev/zero (endless zero bytes) is refused', () => {
  test('check --snapshot /dev/zero', () => {
    expectRefusedAs(runCli(['check', '--snapshot', '/dev/zero', '--pack', PACK], { timeoutMs: TIMEOUT_MS }), '/dev/zero', 'a character device');
  });

  test("a config's snapshot: /dev/zero", () => {
    const config = join(tmp, 'zero.yaml');
    writeFileSync(config, 'customer: Zero Ltd\nsnapshot: /dev/zero\n');
    expectRefusedAs(runCli(['check', '--config', config, '--pack', PACK], { timeoutMs: TIMEOUT_MS }), '/dev/zero', 'a character device');
  });

  test('export --invoices /dev/zero', () => {
    const r = runCli(['export', '--config', 'fixtures/invoices/config.yaml', '--invoices', '/dev/zero', '--out-dir', join(tmp, 'zero-out')], { timeoutMs: TIMEOUT_MS });
    expectRefusedAs(r, '/dev/zero', 'a character device');
  });
});

describe('--max-file-size holds for the bytes read, not only the size a file states', () => {
  test('a file over the limit is refused by its stated size; one at the limit is read', () => {
    const file = join(tmp, 'limit.yaml');
    writeFileSync(file, 'a: 1\n'.repeat(20)); // 100 bytes
    expect(readTextFile(file, { maxBytes: 100, maxAliasCount: 100 })).toHaveLength(100);
    expect(() => readFileBytes(file, { maxBytes: 99, maxAliasCount: 100 })).toThrow('file is 100 bytes; the limit is 99 bytes');
  });

  // Files in /proc state a size of 0 and hold more: only the read can tell (as with a file that grows).
  test.runIf(existsSync('/proc/self/status'))('a file that states 0 bytes and holds more is refused after limit + 1 bytes', () => {
    const whole = readFileBytes('/proc/self/status');
    expect(whole.length).toBeGreaterThan(200);
    let error: unknown;
    try {
      readFileBytes('/proc/self/status', { maxBytes: 200, maxAliasCount: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'file-too-large',
        message: 'file is over 200 bytes; the limit is 200 bytes (split it, or raise the limit with --max-file-size)',
        location: { file: '/proc/self/status', line: 1, column: 1 },
      },
    ]);
  });

  test.runIf(existsSync('/proc/cpuinfo'))('the same through the CLI: validate /proc/cpuinfo --max-file-size 100', () => {
    const r = runCli(['validate', '/proc/cpuinfo', '--max-file-size', '100'], { timeoutMs: TIMEOUT_MS });
    // A file validate refuses to read is not validated: it could not do its job.
    expect(r.status, described(r)).toBe(2);
    expect(r.stdout).toContain('/proc/cpuinfo:1:1  error  file is over 100 bytes; the limit is 100 bytes (split it, or raise the limit with --max-file-size)  file-too-large\n');
  });

  test('a rule doc is read through the same limits (a folder where the doc should be is located)', () => {
    const pack = join(tmp, 'doc-pack');
    cpSync(join(ROOT, 'rules'), pack, { recursive: true });
    rmSync(join(pack, 'readiness', 'hh2-client-version.md'));
    mkdirSync(join(pack, 'readiness', 'hh2-client-version.md'));
    const r = runCli(['test', '--pack', pack], { timeoutMs: 120_000 });
    expect(r.status, described(r)).toBe(2);
    expect(r.stderr).toContain(`${join(pack, 'readiness', 'hh2-client-version.md')}:1:1  error  is a directory; expected a file  is-directory`);
    expect(readFileSync(join(pack, 'readiness', 'hh2-client-version.yaml'), 'utf8')).not.toBe('');
  });
});
