// Secrets stay out of messages: a file of the wrong kind (a .env named as a config layer or a snapshot) is
// described by kind, never quoted; quoted values are capped in length; and the Procore credentials' values, when
// set in the environment, are redacted from every stream and written report, GitHub annotations included.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { described, runCli } from './spawn.ts';

const SECRET = 'sk-live-7f3c9a1e5b2d4c6e8a0b1c2d3e4f5a6b';
const CLIENT_ID = 'client-id-0123456789abcdef';

/** A folder with a .env holding the secret, and `files` (name → text) beside it. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-secrets-'));
  writeFileSync(join(dir, '.env'), `PROCORE_CLIENT_SECRET=${SECRET}\nPROCORE_CLIENT_ID=${CLIENT_ID}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('a file of the wrong kind is described, not quoted', () => {
  test.each([
    ['extends: [.env]', 'customer: Acme\nextends: [.env]\nsnapshot: snap.yaml\n'],
    ['snapshot: .env', 'customer: Acme\nsnapshot: .env\n'],
  ])('%s: check and validate --format github say it is plain text, without its first line', (_what, config) => {
    const dir = folder({ 'config.yaml': config });
    for (const r of [runCli(['check', '--config', join(dir, 'config.yaml')]), runCli(['validate', join(dir, 'config.yaml'), '--format', 'github'])]) {
      expect([1, 2], described(r)).toContain(r.status);
      expect(output(r)).toContain('plain text, not a YAML mapping (`key: value` lines)');
      expect(output(r)).not.toContain('sk-live');
      expect(output(r)).not.toContain('PROCORE_CLIENT');
    }
  });
});

describe('quoted values are capped', () => {
  test('an option value of 200 characters is shown as its first 57 and an ellipsis', () => {
    const long = 'x'.repeat(200);
    const r = runCli(['check', '--snapshot', 'fixtures/snapshots/ready-cedar-ridge.yaml', '--fail-on', long]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`preflight: --fail-on must be one of error, warning, info, hint, never, not "${'x'.repeat(57)}…"\nRun "preflight help check" for usage.\n`);
  });
});

describe('the Procore credentials are redacted from every output', () => {
  const env = { PROCORE_CLIENT_ID: CLIENT_ID, PROCORE_CLIENT_SECRET: ` ${SECRET}\n` };

  test('a usage message, a located error and a GitHub annotation echoing the secret show [redacted]', () => {
    const dir = folder({ 'config.yaml': `customer: Acme\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\nsettings:\n  sage.vendorIdLength: ${SECRET}\n` });
    const usage = runCli(['check', '--snapshot', 'fixtures/snapshots/ready-cedar-ridge.yaml', '--fail-on', SECRET], { env });
    expect(usage.stderr).toContain('not "[redacted]"');
    const located = runCli(['check', '--config', join(dir, 'config.yaml')], { env });
    expect(located.status, described(located)).toBe(2);
    expect(located.stderr).toContain('found string "[redacted]"');
    const github = runCli(['validate', join(dir, 'config.yaml'), '--format', 'github'], { env });
    expect(github.stdout).toMatch(/^::error .*found string "\[redacted\]"/m);
    for (const r of [usage, located, github]) expect(output(r)).not.toContain(SECRET);
  });

  test('a report written with --output has the customer id redacted too', () => {
    const dir = folder({ 'config.yaml': `customer: Acme ${CLIENT_ID}\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\n` });
    const report = join(dir, 'report.json');
    const r = runCli(['check', '--config', join(dir, 'config.yaml'), '--format', 'stylish', '--format', 'json', '--output', join(dir, 'report.txt'), '--output', report, '--as-of', '2026-11-26'], { env });
    expect(r.status, described(r)).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8')).customer).toBe('Acme [redacted]');
    expect(readFileSync(join(dir, 'report.txt'), 'utf8') + r.stdout + r.stderr).not.toContain(CLIENT_ID);
  });
});
