// Reports of different customers or packs are not compared unless --allow-other-customer; then every output says so.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, CUSTOMER, GOLDEN, MIXED } from './helpers.ts';
import { expectRefused, preflight } from '../cli/cli-run.ts';

const MIXED_REPORT = `${GOLDEN}/mixed.json.json`;
const CUSTOMER_REPORT = `${GOLDEN}/customer.json.json`;
const dir = mkdtempSync(join(tmpdir(), 'preflight-other-customer-'));
const BANNER =
  'Reports of different customers, compared anyway (--allow-other-customer): the earlier is of customer "Scenario Mixed Co" (pack scenario-pack 1.0.0), the later of customer "Two Unchecked (config)" (pack scenario-pack 1.0.0); findings are matched by key only.';

/** The mixed report with its pack changed: another pack's name, or another version of the same pack. */
function mixedWithPack(name: string, pack: { name: string; version: string }): string {
  const file = join(dir, name);
  const data = JSON.parse(readFileSync(MIXED_REPORT, 'utf8'));
  data.pack = pack;
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

describe('refused without --allow-other-customer (exit 2, both named, located)', () => {
  test('diff of two customers: at the earlier report\'s customer, the later one\'s beneath', () => {
    const r = preflight('diff', MIXED_REPORT, CUSTOMER_REPORT);
    expectRefused(r);
    expect(r.stderr).toBe(
      `${MIXED_REPORT}:11:15  error  this report is of customer "Scenario Mixed Co" (pack scenario-pack 1.0.0), the later one (${CUSTOMER_REPORT}) is of customer "Two Unchecked (config)" (pack scenario-pack 1.0.0): reports of different customers do not compare; add --allow-other-customer to compare them anyway  other-customer\n` +
        `    ${CUSTOMER_REPORT}:11:15  the later report, of customer "Two Unchecked (config)" (pack scenario-pack 1.0.0)\n`,
    );
  });

  test('check --baseline of another customer, in every format', async () => {
    for (const format of ['stylish', 'html', 'sarif', 'json']) {
      expect(await cli(['check', ...CUSTOMER, '--baseline', MIXED_REPORT, '--format', format])).toEqual({
        status: 2,
        stdout: '',
        stderr: `${MIXED_REPORT}:11:15  error  the baseline is of customer "Scenario Mixed Co" (pack scenario-pack 1.0.0), this check is of customer "Two Unchecked (config)" (pack scenario-pack 1.0.0): reports of different customers do not compare; add --allow-other-customer to compare them anyway  other-customer\n`,
      });
    }
  });

  test('another pack is refused at its name; another version of the same pack is compared', async () => {
    const other = mixedWithPack('other-pack.json', { name: 'other-pack', version: '1.0.0' });
    const r = await cli(['diff', other, MIXED_REPORT]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^${other}:8:13  error  this report is of customer "Scenario Mixed Co" \\(pack other-pack 1\\.0\\.0\\), .* is of customer "Scenario Mixed Co" \\(pack scenario-pack 1\\.0\\.0\\): reports of different packs do not compare; `),
    );
    const upgraded = mixedWithPack('older-version.json', { name: 'scenario-pack', version: '0.9.0' });
    const same = await cli(['diff', upgraded, MIXED_REPORT]);
    expect(same).toMatchObject({ status: 0, stderr: '' });
    expect(same.stdout).not.toContain('compared anyway');
  });

  test('--baseline does not go with --all; --allow-other-customer needs a baseline', async () => {
    const all = await cli(['check', '--all', 'test/fixtures/configs', '--baseline', MIXED_REPORT]);
    expect(all.status).toBe(2);
    expect(all.stderr).toContain('--baseline compares one customer with an earlier report of it; it does not go with --all');
    const alone = await cli(['check', ...MIXED, '--allow-other-customer']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--allow-other-customer goes with --baseline');
  });
});

describe('with --allow-other-customer, compared and said so in every format a baseline applies to', () => {
  test('diff: stylish, and json (a field)', async () => {
    const text = await cli(['diff', MIXED_REPORT, CUSTOMER_REPORT, '--allow-other-customer']);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n').slice(1, 3)).toEqual(['', BANNER]);
    const json = JSON.parse((await cli(['diff', MIXED_REPORT, CUSTOMER_REPORT, '--allow-other-customer', '--format', 'json'])).stdout);
    expect(json.mismatch).toBe(BANNER);
    expect(json.before.pack).toEqual({ name: 'scenario-pack', version: '1.0.0' });
  });

  test('check --baseline: stylish, html and sarif', async () => {
    const run = async (format: string) => (await cli(['check', ...CUSTOMER, '--baseline', MIXED_REPORT, '--allow-other-customer', '--format', format])).stdout;
    expect(await run('stylish')).toContain(`since ${MIXED_REPORT} (as of 2026-11-20)\n${BANNER}\n`);
    expect(await run('html')).toContain(`<p class="mismatch" role="note">`);
    expect(await run('html')).toContain(BANNER.replaceAll('"', '&quot;'));
    const sarif = JSON.parse(await run('sarif'));
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: BANNER } }] }]);
  });

  test('one customer: no banner anywhere, and no refusal', async () => {
    const same = await cli(['check', ...MIXED, '--baseline', MIXED_REPORT, '--format', 'sarif']);
    expect(same.status).toBe(1);
    expect(JSON.parse(same.stdout).runs[0].invocations).toBeUndefined();
    const diff = await cli(['diff', MIXED_REPORT, MIXED_REPORT, '--format', 'json']);
    expect(JSON.parse(diff.stdout).mismatch).toBeUndefined();
  });
});
