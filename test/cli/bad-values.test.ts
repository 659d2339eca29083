// Input that parses but cannot be used: nesting 10,000 deep, numbers that are none (1e309, .nan, .inf), a --set
// value YAML reads as a number. Each is one located message saying what is wrong, exit 2, through the real binary.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DEEP = 10_000;
const SNAPSHOT = resolve('fixtures/snapshots/ready-cedar-ridge.yaml');
const dir = mkdtempSync(join(tmpdir(), 'preflight-bad-values-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** bin/preflight.js with `args`: exit 2 and exactly `stderr` expected. */
function refused(args: string[], stderr: string): void {
  const r = spawnSync(process.execPath, ['bin/preflight.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 2, stdout: '', stderr });
}

const TOO_DEEP = 'error  lists and mappings are nested too deeply here (limit 64 levels)  too-deep';
const EXPORT = ['export', '--config', 'fixtures/invoices/config.yaml', '--dry-run', '--invoices'];

describe('nesting 10,000 deep is refused where it passes the limit, in every reader', () => {
  test('a config: flow lists (YAML), block lists and mappings (YAML), JSON arrays and objects', () => {
    // The 65th "[" holds values 65 deep: column 6 + 64 on the line of "a:".
    const flow = write('flow.yaml', `customer: x\nsnapshot: ${SNAPSHOT}\nsettings:\n  a: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`);
    refused(['check', '--config', flow], `${flow}:4:69  ${TOO_DEEP}\n`);
    // Block collections that deep would not fit the size limit at two spaces a level: 70 levels, each on its line.
    const block = write('block.yaml', `customer: x\nsettings:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k:\n`).join('')}${'  '.repeat(71)}k: v\n`);
    refused(['check', '--config', block], `${block}:67:131  ${TOO_DEEP}\n`);
    const sequence = write('sequence.yaml', `customer: x\nsettings:\n  a:\n    ${'- '.repeat(DEEP)}x\n`);
    refused(['check', '--config', sequence], `${sequence}:4:${5 + 2 * 63}  ${TOO_DEEP}\n`);
    const arrays = write('arrays.json', `{"customer": "x", "settings": {"a": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}}`);
    refused(['check', '--config', arrays], `${arrays}:1:${37 + 63}  ${TOO_DEEP}\n`);
    const objects = write('objects.json', `{"settings": ${'{"b": '.repeat(DEEP)}1${'}'.repeat(DEEP)}}`);
    refused(['check', '--config', objects], `${objects}:1:${14 + 6 * 63 + 6}  ${TOO_DEEP}\n`);
  }, 120_000); // four CLI runs on 10,000-deep files: slow on a loaded two-core machine

  test('a snapshot, and a JSON report given to diff', () => {
    const snapshot = write('snapshot.yaml', `meta:\n  customer: x\n  deep: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`);
    refused(['check', '--snapshot', snapshot], `${snapshot}:3:${9 + 4 * 63}  ${TOO_DEEP}\n`);
    const report = write('report.json', `{"tool": {"name": "preflight"}, "x": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`);
    refused(['diff', report, report], `${report}:1:${38 + 64}  ${TOO_DEEP}\n`);
  });

  test('aliases that nest what they name past the limit', () => {
    const file = write('alias.yaml', `customer: x\nsettings:\n  a: &a ${'['.repeat(40)}1${']'.repeat(40)}\n  b: ${'['.repeat(30)}*a${']'.repeat(30)}\n`);
    refused(['check', '--config', file], `${file}:4:36  ${TOO_DEEP}\n`);
  });

  test('invoices: a JSON file, an NDJSON line', () => {
    const json = write('deep.json', `{"id": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`);
    refused([...EXPORT, json], `${json}:1:${8 + 64}  ${TOO_DEEP}\n`);
    const ndjson = write('deep.ndjson', `{"id": 1}\n{"id": ${'{"a": '.repeat(DEEP)}1${'}'.repeat(DEEP)}}\n`);
    refused([...EXPORT, ndjson], `${ndjson}:2:${8 + 6 * 63 + 6}  ${TOO_DEEP}\n`);
  });
});

describe('numbers that are none say what they are', () => {
  test('1e309 in a JSON config or invoice is too large; .nan and .inf in YAML are no number preflight accepts', () => {
    const big = write('big.json', `{"customer": "x", "settings": {"sage.vendorIdLength": 1e309}}`);
    refused(['check', '--config', big], `${big}:1:55  error  1e309 is too large to be a number; if it is text, write it in quotes ("1e309")  number-too-large\n`);
    const invoice = write('big-invoice.json', '{"id": -1e309}');
    refused([...EXPORT, invoice], `${invoice}:1:8  error  -1e309 is too large to be a number; if it is text, write it in quotes ("-1e309")  number-too-large\n`);
    for (const [word, column] of [['.nan', 24], ['-.inf', 24], ['[1, .NaN]', 28]] as const) {
      const file = write('nan.yaml', `customer: x\nsettings:\n  sage.vendorIdLength: ${word}\n`);
      const raw = word.replace(/^\[1, |\]$/g, '');
      refused(['check', '--config', file], `${file}:3:${column}  error  \`${raw}\` is not a number preflight accepts; if it is text, write it in quotes ("${raw}")  not-a-number\n`);
    }
  });
});

describe('--set', () => {
  test('a text setting given a number says how to quote it, and the way it says works', () => {
    const quoted = spawnSync(process.execPath, ['bin/preflight.js', 'check', '--snapshot', SNAPSHOT, '--print-config', '--set', 'hh2.minimumClientVersion="4.8"'], { encoding: 'utf8' });
    expect(quoted.stdout).toMatch(/^ {2}hh2\.minimumClientVersion: "4\.8" +# command line$/m);
    refused(
      ['check', '--snapshot', SNAPSHOT, '--set', 'hh2.minimumClientVersion=4.8'],
      `preflight: --set hh2.minimumClientVersion=4.8: the setting is text, but 4.8 reads as a number; write --set 'hh2.minimumClientVersion="4.8"' (double quotes make it text, the single quotes keep them from the shell)\nRun "preflight help check" for usage.\n`,
    );
  });

  test('a version like 1.31 gets the same quoting hint a config file gives', () => {
    refused(
      ['check', '--snapshot', SNAPSHOT, '--set', 'hh2.minimumClientVersion=1.31'],
      `preflight: --set hh2.minimumClientVersion=1.31: the setting is text, but 1.31 reads as a number; write --set 'hh2.minimumClientVersion="1.31"' (double quotes make it text, the single quotes keep them from the shell)\nRun "preflight help check" for usage.\n`,
    );
  });

  test('a value outside a list of choices names the choices; a list for a text says what it found', () => {
    refused(
      ['check', '--snapshot', SNAPSHOT, '--set', 'sage.importEncoding=latin1'],
      'preflight: --set sage.importEncoding=latin1: the value must be one of "windows-1252", "utf-8", found string "latin1"\nRun "preflight help check" for usage.\n',
    );
    refused(['check', '--snapshot', SNAPSHOT, '--set', 'hh2.minimumClientVersion=[1.31]'], 'preflight: --set hh2.minimumClientVersion=[1.31]: the value must be a string, found a list\nRun "preflight help check" for usage.\n');
  });
});
