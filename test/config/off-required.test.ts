// A rule others require cannot be set `off` while they still run: they would be judged on facts it guards.
// And the approvers' e-mail rule never passes on an empty list of approvers.
import { describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requirePack } from '../../src/pack/load.ts';
import { loadSnapshot, snapshotFromData } from '../../src/snapshot/load.ts';
import { defaultSettings, evaluateRules } from '../../src/engine/evaluate.ts';
import { expectRefused, position, preflight, scratchDir } from '../cli/cli-run.ts';

const scratch = scratchDir('preflight-off-required-');

function config(name: string, rules: string[]): string {
  const dir = join(scratch(), name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `customer: Cedar Ridge\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\nrules:\n${rules.map((r) => `  ${r}\n`).join('')}`);
  return file;
}

describe('off for a required rule', () => {
  test('validate (exit 1) and check (exit 2) refuse it at the `off`, naming the rules that still need it', () => {
    const file = config('refused', ['accounting-approver-designated: off']);
    const at = position(`customer: Cedar Ridge\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\nrules:\n  accounting-approver-designated: off\n`, 'off');
    const message = 'rule "accounting-approver-designated" is off, but "approver-emails-sent-to-procore" requires it';
    const [d, ...rest] = expectRefused(preflight('check', '--config', file, '--as-of', '2026-11-26'));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file, line: at.line, column: at.column, code: 'off-required-rule' });
    expect(d.message).toContain(message);
    const v = preflight('validate', file);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`${file}:${at.line}:${at.column}  error  ${message}`);
  });

  test('every dependent still on is named; a layer that turns them off too is accepted', () => {
    const some = preflight('validate', config('partly', ['erp-integrations-enabled: off', 'setup-user-erp-admin: off']));
    expect(some.status).toBe(1);
    expect(some.stdout).toContain('"accounting-approver-erp-permission", "erp-integrations-sage-300-cre" require it');
    const all = config('all-off', ['accounting-approver-designated: off', 'approver-emails-sent-to-procore: off']);
    expect(preflight('validate', all).status).toBe(0);
    expect(preflight('check', '--config', all, '--as-of', '2026-11-26').status).toBe(0);
  });
});

describe('the approvers e-mail rule on an empty list', () => {
  test('fails, saying there is no approver, even when its prerequisite is off', () => {
    const pack = requirePack('rules');
    const base = loadSnapshot('fixtures/snapshots/ready-cedar-ridge.yaml');
    const data = structuredClone(base.data) as any;
    for (const u of Object.values(data.procore.users) as any[]) u.erp_integrated_accountant = false;
    data.survey.featureRequest.approverEmailsSent = true;
    const snapshot = snapshotFromData(data, base.file);
    const levels = new Map([['accounting-approver-designated', 'off' as const]]);
    const f = evaluateRules(pack, snapshot, { settings: defaultSettings(pack), levels }).find((x) => x.ruleId === 'approver-emails-sent-to-procore')!;
    expect(f.outcome).toBe('fail');
    expect(f.message).toContain('No company user is recorded as an accounting approver');
    expect(f.message).not.toContain('are:.');
  });
});
