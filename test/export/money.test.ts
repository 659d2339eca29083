// Exact money: sums of random cent amounts agree with integer arithmetic; float arithmetic on amounts is refused at load.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moneyOperations, misfit, parseNumericFormat } from '../../src/logic/ops/money.ts';
import { applyStock } from '../../src/logic/evaluate.ts';
import { loadPack } from '../../src/pack/load.ts';
import { prng } from '../prng.ts';

const op = (name: string) => moneyOperations.find((o) => o.name === name)!.fn as (...a: unknown[]) => unknown;

const centsText = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;

describe('money operations', () => {
  test('0.10 + 0.20 is 0.30, where json-logic + gives 0.30000000000000004', () => {
    expect(op('money_add')('0.10', '0.20')).toBe('0.30');
    expect(applyStock({ money_add: ['0.10', '0.20'] }, {})).toBe('0.30');
    expect(applyStock({ '+': ['0.10', '0.20'] }, {})).toBe(0.30000000000000004);
  });

  test('sums of 10,000 random cent amounts equal exact integer arithmetic', () => {
    const next = prng(20261126);
    let cents = 0n;
    const amounts: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const c = BigInt(Math.floor(next() * 2_000_000_00)) - 1_000_000_00n; // −1,000,000.00 … 1,000,000.00
      cents += c;
      amounts.push(centsText(c));
    }
    expect(op('money_sum')(amounts)).toBe(centsText(cents));
    expect(op('money_add')(...amounts)).toBe(centsText(cents));
    expect(amounts.reduce((a, b) => op('money_add')(a, b) as string, '0')).toBe(centsText(cents));
  });

  test('nothing is accepted that is not decimal text, and nothing is rounded', () => {
    for (const bad of ['12,34', '1e309', 'NaN', '', ' 1.00', null, 0.1]) expect(() => op('money')(bad)).toThrow(/is not an amount/);
    expect(() => op('money')('12,34')).toThrow('use a dot for decimals');
    expect(op('money_mul')('1250.000', '4.35')).toBe('5437.50');
    expect(op('money_sub')('1', '1.005')).toBe('-0.005');
    expect(misfit('1.005', parseNumericFormat('-9.2')!)).toBe('has more than 2 decimals');
    expect(misfit('999999999.99', parseNumericFormat('-9.2')!)).toBeUndefined();
    expect(misfit('-1.00', parseNumericFormat('9.2')!)).toBe('is negative and the field takes no sign');
  });

  test('json-logic + on an amount in the mapping is refused when the pack loads, at the operation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-float-'));
    cpSync('rules', dir, { recursive: true });
    const file = join(dir, 'mapping', 'sage300-ap-invoice.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('formula: { var: computed.retainage }', "formula: { '+': [{ var: computed.retainage }, 0] }"));
    const { pack, diagnostics } = loadPack(dir);
    expect(pack).toBeUndefined();
    expect(diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code}`)).toEqual([expect.stringMatching(/^\d+:\d+ float-money$/)]);
    expect(diagnostics[0].message).toContain('"+" on an amount is binary floating point arithmetic (0.1 + 0.2 = 0.30000000000000004); use money_add');
    const line = readFileSync(file, 'utf8').split('\n')[diagnostics[0].location.line - 1];
    expect(line).toContain("'+'");
  });
});
