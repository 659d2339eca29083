// What a command writes is never one of its own inputs, nor a folder or a path through a file: each is refused,
// located, exit 2, before anything is written; a FIFO named as the output is written into, not replaced.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, described, runCli, type CliRun } from './spawn.ts';

let tmp: string;
let snapshot: string;
let config: string;
let layer: string;
let pack: string;
const AS_OF = '2026-11-26';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'preflight-outputs-'));
  snapshot = join(tmp, 'acme-snapshot.yaml');
  cpSync(join(ROOT, 'test/fixtures/snapshots/ready.yaml'), snapshot);
  layer = join(tmp, 'org.yaml');
  writeFileSync(layer, 'settings:\n  hh2.minimumClientVersion: 1.31.467.xxxx\n');
  config = join(tmp, 'acme.yaml');
  writeFileSync(config, 'customer: Acme\nextends:\n  - org.yaml\nsnapshot: acme-snapshot.yaml\n');
  pack = join(tmp, 'pack');
  cpSync(join(ROOT, 'test/fixtures/pack'), pack, { recursive: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir` with its bytes: what a refused command must leave exactly as it was. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (lstatSync(path).isFile()) out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

/** `preflight args` is refused with exactly `stderr` (exit 2, nothing on stdout) and leaves every file in tmp as it was. */
function expectRefused(args: string[], stderr: string, env?: Record<string, string>): CliRun {
  const before = contents(tmp);
  const r = runCli(args, { env });
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }, described(r)).toEqual({ status: 2, stdout: '', stderr });
  expect(contents(tmp)).toEqual(before);
  return r;
}

const check = (...args: string[]) => ['check', '--pack', pack, '--as-of', AS_OF, ...args];
const isInput = (output: string, option: string, input: string, role: string) =>
  `${output}:1:1  error  ${option} would overwrite ${input} (${role}), which this command reads; name another file  output-is-input\n`;

describe('check --output never overwrites what the check reads', () => {
  test('the customer config, a layer it extends, the snapshot it names', () => {
    expectRefused(check('--config', config, '--format', 'json', '--output', config), isInput(config, '--output', config, 'the customer config'));
    expectRefused(check('--config', config, '--format', 'json', '--output', layer), isInput(layer, '--output', layer, 'a config the customer config extends'));
    expectRefused(check('--config', config, '--format', 'json', '--output', snapshot), isInput(snapshot, '--output', snapshot, 'the snapshot'));
  });

  test('the snapshot by another spelling, through a symbolic link and through a hard link', () => {
    const spelled = join(tmp, 'sub', '..', 'acme-snapshot.yaml');
    mkdirSync(join(tmp, 'sub'), { recursive: true });
    expectRefused(check('--snapshot', snapshot, '--format', 'json', '--output', spelled), isInput(spelled, '--output', snapshot, 'the snapshot'));
    const symlink = join(tmp, 'latest.json');
    symlinkSync(snapshot, symlink);
    expectRefused(check('--snapshot', snapshot, '--format', 'json', '--output', symlink), isInput(symlink, '--output', snapshot, 'the snapshot'));
    const hardlink = join(tmp, 'hard.json');
    linkSync(snapshot, hardlink);
    expectRefused(check('--snapshot', snapshot, '--format', 'json', '--output', hardlink), isInput(hardlink, '--output', snapshot, 'the snapshot'));
  });

  test('a file of the pack, and the baseline report', () => {
    const manifest = join(pack, 'pack.yaml');
    expectRefused(check('--snapshot', snapshot, '--format', 'json', '--output', manifest), isInput(manifest, '--output', manifest, 'the rule pack manifest'));
    const rule = join(pack, 'checks', 'hh2-version.yaml');
    expectRefused(check('--snapshot', snapshot, '--format', 'sarif', '--output', rule), isInput(rule, '--output', rule, 'rule hh2-version'));
    const baseline = join(tmp, 'baseline.json');
    const first = runCli(check('--snapshot', snapshot, '--format', 'json', '--output', baseline));
    expect(first.status, described(first)).toBe(0);
    expectRefused(check('--snapshot', snapshot, '--baseline', baseline, '--format', 'json', '--output', baseline), isInput(baseline, '--output', baseline, 'the baseline report'));
  });

  test('two --output naming one file: refused, and neither report is written', () => {
    const a = join(tmp, 'report.json');
    const again = join(tmp, '.', 'report.json');
    expectRefused(
      check('--snapshot', snapshot, '--format', 'json', '--output', a, '--format', 'html', '--output', again),
      `${again}:1:1  error  --output names the same file as --output ${a}; each output needs a file of its own  duplicate-output\n`,
    );
    expect(existsSync(a)).toBe(false);
  });
});

describe('survey, snapshot and validate outputs', () => {
  test('survey --output a rule file of the pack', () => {
    const rule = join(pack, 'checks', 'erp-system.yaml');
    expectRefused(['survey', '--pack', pack, '--output', rule], isInput(rule, '--output', rule, 'rule erp-system'));
  });

  test('snapshot --live: --output the survey it merges, --debug-log the same file as --output (refused before Procore is asked)', () => {
    const survey = join(tmp, 'survey.yaml');
    writeFileSync(survey, 'meta:\n  customer: Acme\n');
    const env = { PROCORE_CLIENT_ID: 'id', PROCORE_CLIENT_SECRET: 'secret' };
    const live = ['snapshot', '--live', '--survey', survey, '--set', 'procore.apiBaseUrl=http://127.0.0.1:9', '--set', 'procore.loginBaseUrl=http://127.0.0.1:9'];
    expectRefused([...live, '--output', survey], isInput(survey, '--output', survey, 'the site survey'), env);
    const out = join(tmp, 'captured.yaml');
    expectRefused([...live, '--output', out, '--debug-log', out], `${out}:1:1  error  --debug-log names the same file as --output ${out}; each output needs a file of its own  duplicate-output\n`, env);
  });

  test('validate --output a file it validates', () => {
    expectRefused(['validate', snapshot, '--output', snapshot], isInput(snapshot, '--output', snapshot, 'a file to validate'));
  });
});

describe('a folder where a file is written, or a file where a folder is: located, exit 2, not a crash', () => {
  test('schema --out-dir FILE', () => {
    expectRefused(['schema', '--out-dir', config], `${config}:1:1  error  is a file, not a folder; --out-dir takes a folder (created when missing)  not-a-folder\n`);
    const below = join(config, 'schemas');
    expectRefused(['schema', '--out-dir', below], `${below}:1:1  error  cannot be created: ${config} is a file, not a folder; --out-dir takes a folder (created when missing)  not-a-folder\n`);
  });

  test('check --output FOLDER, and --output FILE/name; a second bad --output stops the first from being written', () => {
    const first = join(tmp, 'first.json');
    expectRefused(
      check('--snapshot', snapshot, '--format', 'json', '--output', first, '--format', 'html', '--output', pack),
      `${pack}:1:1  error  is a folder, not a file; --output takes the path of a file to write  is-directory\n`,
    );
    expect(existsSync(first)).toBe(false);
    const below = join(config, 'report.json');
    expectRefused(check('--snapshot', snapshot, '--format', 'json', '--output', below), `${below}:1:1  error  cannot be written: ${config} is a file, not a folder; --output takes the path of a file to write  not-a-folder\n`);
  });

  test('diff --output FOLDER (a writer with no inputs to guard) is located too', () => {
    const report = join(tmp, 'for-diff.json');
    expect(runCli(check('--snapshot', snapshot, '--format', 'json', '--output', report)).status).toBe(0);
    const r = runCli(['diff', report, report, '--output', pack]);
    expect({ status: r.status, stderr: r.stderr }, described(r)).toEqual({ status: 2, stderr: `${pack}:1:1  error  is a folder, not a file  is-directory\n` });
  });
});

describe.runIf(process.platform !== 'win32')('a FIFO named as --output', () => {
  test('takes the report and stays a FIFO (a rename would have replaced it with a plain file)', async () => {
    const fifo = join(tmp, 'report.pipe');
    execFileSync('mkfifo', [fifo]);
    const received = join(tmp, 'received.txt');
    const reader = spawn('sh', ['-c', 'cat "$0" > "$1"', fifo, received], { stdio: 'ignore' });
    const readerDone = new Promise((resolve) => reader.on('exit', resolve));
    const r = runCli(check('--snapshot', snapshot, '--format', 'json', '--output', fifo), { timeoutMs: 30_000 });
    // The reader ends when the report is written and the FIFO closed. A FIFO replaced by a file is never opened
    // for writing, and its reader would wait for ever: a generous deadline stops it, and the test fails.
    let deadline: NodeJS.Timeout | undefined;
    const ended = await Promise.race([readerDone.then(() => true), new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(false), 20_000)))]);
    clearTimeout(deadline);
    reader.kill();
    expect(r.status, described(r)).toBe(0);
    expect(ended, 'the FIFO reader never saw the end of the report').toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(received, 'utf8'))).toMatchObject({ schemaVersion: 1, verdict: 'ready' });
  });
});
