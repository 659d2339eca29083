// Every formatter against its reviewed golden file, all formats written at once from one evaluation.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, CUSTOMER, GOLDEN, MIXED, READY } from './helpers.ts';

const EXT = { stylish: 'txt', json: 'json', html: 'html', sarif: 'sarif', junit: 'xml', github: 'txt' } as const;
type Name = keyof typeof EXT;
const ALL = Object.keys(EXT) as Name[];

const CASES: { name: string; args: string[]; formats: Name[]; status: number }[] = [
  { name: 'mixed', args: MIXED, formats: ALL, status: 1 },
  { name: 'customer', args: CUSTOMER, formats: ALL, status: 1 },
  { name: 'ready', args: READY, formats: ['html'], status: 0 },
  { name: 'customer-since-mixed', args: [...CUSTOMER, '--baseline', `${GOLDEN}/mixed.json.json`, '--allow-other-customer'], formats: ['stylish', 'html', 'sarif'], status: 1 },
];

const golden = (name: string, f: Name) => join(GOLDEN, `${name}.${f}.${EXT[f]}`);

describe('report goldens (read by eye when they change; see golden/README.md)', () => {
  for (const c of CASES) {
    test(`${c.name}: ${c.formats.join(', ')} written in one run by position match their goldens`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'preflight-formats-'));
      const pairs = c.formats.flatMap((f) => ['--format', f, '--output', join(dir, `${c.name}.${f}.${EXT[f]}`)]);
      const r = await cli(['check', ...c.args, ...pairs]);
      expect(r).toEqual({ status: c.status, stdout: '', stderr: '' });
      expect(readdirSync(dir).sort()).toEqual(c.formats.map((f) => `${c.name}.${f}.${EXT[f]}`).sort());
      for (const f of c.formats) {
        expect(existsSync(golden(c.name, f)), `${golden(c.name, f)} is missing: create it by hand (golden/README.md)`).toBe(true);
        expect(readFileSync(join(dir, `${c.name}.${f}.${EXT[f]}`), 'utf8'), `${c.name} ${f}`).toBe(readFileSync(golden(c.name, f), 'utf8'));
      }
    });
  }

  test('every golden file belongs to a case (no stale goldens)', () => {
    const expected = CASES.flatMap((c) => c.formats.map((f) => `${c.name}.${f}.${EXT[f]}`));
    expect(readdirSync(GOLDEN).filter((f) => f !== 'README.md').sort()).toEqual(expected.sort());
  });

  test('standard output carries the same bytes as --output, for every format', async () => {
    for (const f of ALL) {
      const r = await cli(['check', ...MIXED, '--format', f]);
      expect(r.stdout, f).toBe(readFileSync(golden('mixed', f), 'utf8'));
    }
  });

  test('a fresh process gives byte-identical HTML, SARIF and JUnit (no clock, no machine in the output)', () => {
    for (const f of ['html', 'sarif', 'junit'] as const) {
      const r = spawnSync(process.execPath, ['bin/preflight.js', 'check', ...CUSTOMER, '--format', f], { encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8' } });
      expect(r.status).toBe(1);
      expect(r.stdout, f).toBe(readFileSync(golden('customer', f), 'utf8'));
    }
  });
});
