// A 2,000-deep `extends` chain: refused at the entry that goes past the limit, the same way on every path.
import { describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_EXTENDS_DEPTH } from '../../src/config/load.ts';
import { expectRefused, preflight, scratchDir, type Diag } from '../cli/cli-run.ts';
import { runCli } from '../cli/spawn.ts';

const scratch = scratchDir('preflight-extends-depth-');
const DEPTH = 2000;

/** configs/c0.yaml (the customer) extends layers/c1.yaml, which extends c2.yaml, … down to c1999.yaml. */
function chain(): { dir: string; customer: string } {
  const dir = scratch();
  mkdirSync(join(dir, 'configs'), { recursive: true });
  mkdirSync(join(dir, 'layers'), { recursive: true });
  const customer = join(dir, 'configs', 'c0.yaml');
  writeFileSync(customer, `customer: Deep Co\nsnapshot: ${resolve('fixtures/invoices/snapshot.yaml')}\nextends: [../layers/c1.yaml]\n`);
  for (let i = 1; i < DEPTH; i++) writeFileSync(join(dir, 'layers', `c${i}.yaml`), i + 1 < DEPTH ? `extends:\n  - c${i + 1}.yaml\n` : 'settings: {}\n');
  return { dir, customer };
}

/** The one located problem: at the extends entry of the layer at the limit, naming the layer past it. */
function expectAtLimit(d: Diag[], dir: string): void {
  expect(d).toHaveLength(1);
  expect(d[0]).toMatchObject({ file: join(dir, 'layers', `c${MAX_EXTENDS_DEPTH}.yaml`), line: 2, column: 5, code: 'extends-too-deep' });
  expect(d[0].message).toContain(`deeper than ${MAX_EXTENDS_DEPTH} layers`);
  expect(d[0].message).toContain(`c${MAX_EXTENDS_DEPTH + 1}.yaml`);
}

describe('extends depth', () => {
  test(`is limited to ${MAX_EXTENDS_DEPTH} layers on check, check --all (--jobs 1 and 2), validate and export`, () => {
    const { dir, customer } = chain();
    expectAtLimit(expectRefused(preflight('check', '--config', customer, '--as-of', '2026-11-26')), dir);
    expectAtLimit(expectRefused(preflight('export', '--config', customer, '--invoices', 'fixtures/invoices/golden', '--dry-run')), dir);

    const validated = runCli(['validate', customer]);
    expect(validated.status).toBe(1);
    expect(validated.stdout).toContain(`${join(dir, 'layers', `c${MAX_EXTENDS_DEPTH}.yaml`)}:2:5  error  extends goes deeper than ${MAX_EXTENDS_DEPTH} layers`);

    const all = [1, 2].map((jobs) => runCli(['check', '--all', join(dir, 'configs'), '--out-dir', join(dir, `out-${jobs}`), '--jobs', String(jobs), '--as-of', '2026-11-26']));
    for (const r of all) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toContain(`${join(dir, 'layers', `c${MAX_EXTENDS_DEPTH}.yaml`)}:2:5  error  extends goes deeper than ${MAX_EXTENDS_DEPTH} layers`);
      expect(r.stdout + r.stderr).not.toMatch(/stack|RangeError/i);
    }
    expect(all[1].stdout.replace(join(dir, 'out-2'), 'OUT')).toBe(all[0].stdout.replace(join(dir, 'out-1'), 'OUT'));
  });

  test(`a chain exactly ${MAX_EXTENDS_DEPTH} layers deep is accepted`, () => {
    const dir = join(scratch(), 'exact');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'c0.yaml'), `customer: Edge Co\nsnapshot: ${resolve('fixtures/snapshots/ready-cedar-ridge.yaml')}\nextends: [c1.yaml]\n`);
    for (let i = 1; i <= MAX_EXTENDS_DEPTH; i++) writeFileSync(join(dir, `c${i}.yaml`), i < MAX_EXTENDS_DEPTH ? `extends: [c${i + 1}.yaml]\n` : 'settings: {}\n');
    const r = runCli(['validate', join(dir, 'c0.yaml')]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
