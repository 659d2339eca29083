// applyWaivers and waiverCovers on their own: which findings a waiver covers (key, rule, scope by whole parts,
// with and without an export's vendor/invoice prefix), which waiver holds, and what the register says.
//
// Equivalent mutant Stryker reports in src/config/waivers.ts (`npm run mutate`): itemParts's `return []` for a
// finding without an item → `return ["Stryker was here"]`. The invented part would match only a scope of that
// very text; no other scope can tell an empty list of parts from it.
import { describe, expect, test } from 'vitest';
import { applyWaivers, isExpired, waiverCovers } from '../../src/config/waivers.ts';
import type { Waiver } from '../../src/config/load.ts';
import type { Finding, Outcome } from '../../src/engine/types.ts';
import { isInReportOrder, markInReportOrder } from '../../src/engine/report.ts';

/** A finding of `ruleId`, keyed `ruleId/itemKey` when it has an item, as the engine keys them. */
function finding(ruleId: string, itemKey?: string, outcome: Outcome = 'fail'): Finding {
  const location = { file: `rules/${ruleId}.yaml`, line: 1, column: 1 };
  return {
    key: itemKey === undefined ? ruleId : `${ruleId}/${itemKey}`,
    ruleId,
    itemKey,
    outcome,
    severity: 'error',
    category: 'setting',
    actor: 'controller',
    confidence: 'confirmed',
    title: ruleId,
    message: `${ruleId} failed`,
    evidence: [],
    settings: [],
    remediation: '',
    docs: `rules/${ruleId}.md`,
    ruleLocation: location,
    location,
  };
}

let line = 0;
/** A waiver of a rule (`rule`, optionally `scope`) or of one key (`{ key }`), written on its own config line. */
function waiver(target: { rule: string; scope?: string } | { key: string }, expires = '2026-12-31', approver = 'cfo@example.com'): Waiver {
  line += 1;
  return { ...target, reason: 'agreed with the customer', approver, ticket: `CHG-${line}`, expires, location: { file: 'config/acme.yaml', line, column: 5 } };
}

describe('which findings a waiver covers', () => {
  test('a waiver naming only a rule covers the rule-level finding and every item finding of that rule, and no other rule', () => {
    const w = waiver({ rule: 'vendor-email' });
    expect(waiverCovers(w, finding('vendor-email'))).toBe(true);
    expect(waiverCovers(w, finding('vendor-email', '910201'))).toBe(true);
    expect(waiverCovers(w, finding('vendor-email', '910201/BE-1'), ['910201', 'BE-1'])).toBe(true);
    expect(waiverCovers(w, finding('vendor-email-domain', '910201'))).toBe(false);
    expect(waiverCovers(w, finding('vendor', 'email'))).toBe(false);
  });

  test('a key waiver covers exactly that key, whatever the rule', () => {
    const w = waiver({ key: 'vendor-email/910201' });
    expect(waiverCovers(w, finding('vendor-email', '910201'))).toBe(true);
    expect(waiverCovers(w, finding('vendor-email', '910202'))).toBe(false);
    expect(waiverCovers(w, finding('vendor-email'))).toBe(false);
    expect(waiverCovers(w, finding('vendor-email', '910201/x'))).toBe(false);
  });

  test('a scope needs an item: a rule-level finding is not covered by a scoped waiver', () => {
    expect(waiverCovers(waiver({ rule: 'erp', scope: 'erp' }), finding('erp'))).toBe(false);
    expect(waiverCovers(waiver({ rule: 'erp', scope: '' }), finding('erp'))).toBe(false);
  });

  test('without a prefix, a scope is the whole item key: never a prefix of its text', () => {
    const w = waiver({ rule: 'advanced-mapping', scope: 'Invoice' });
    expect(waiverCovers(w, finding('advanced-mapping', 'Invoice'))).toBe(true);
    expect(waiverCovers(w, finding('advanced-mapping', 'Invoice (AP)'))).toBe(false);
    expect(waiverCovers(w, finding('advanced-mapping', 'Invoice/AP'))).toBe(false);
    expect(waiverCovers(waiver({ rule: 'advanced-mapping', scope: 'Invoice/AP' }), finding('advanced-mapping', 'Invoice/AP'))).toBe(true);
  });

  describe('with the prefix an export gives (vendor, invoice number), a scope matches whole parts', () => {
    const prefix = ['910201', 'BE-24017-04'];
    const invoice = finding('invoice-approved', '910201/BE-24017-04');
    const line1 = finding('line-cost-code', '910201/BE-24017-04/1');
    const otherInvoice = finding('invoice-approved', '910201/BE-24017-04/B');
    const otherPrefix = ['910201', 'BE-24017-04/B'];

    test('the vendor covers its invoices and their items', () => {
      const w = (rule: string) => waiver({ rule, scope: '910201' });
      expect(waiverCovers(w('invoice-approved'), invoice, prefix)).toBe(true);
      expect(waiverCovers(w('line-cost-code'), line1, prefix)).toBe(true);
      expect(waiverCovers(w('invoice-approved'), otherInvoice, otherPrefix)).toBe(true);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '9102' }), invoice, prefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '910202' }), invoice, prefix)).toBe(false);
    });

    test('vendor and invoice number cover that invoice and its items, not an invoice whose number starts the same', () => {
      const scope = '910201/BE-24017-04';
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope }), invoice, prefix)).toBe(true);
      expect(waiverCovers(waiver({ rule: 'line-cost-code', scope }), line1, prefix)).toBe(true);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope }), otherInvoice, otherPrefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '910201/BE-24017' }), invoice, prefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '910201/BE-24017-04/' }), invoice, prefix)).toBe(false);
    });

    test('a rule-level finding has no parts to match, with a prefix as without', () => {
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '910201' }), finding('invoice-approved'), prefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'invoice-approved' }), finding('invoice-approved'), prefix)).toBe(true);
    });

    test('vendor, invoice and item cover that item only', () => {
      expect(waiverCovers(waiver({ rule: 'line-cost-code', scope: '910201/BE-24017-04/1' }), line1, prefix)).toBe(true);
      expect(waiverCovers(waiver({ rule: 'line-cost-code', scope: '910201/BE-24017-04/2' }), line1, prefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'invoice-approved', scope: '910201/BE-24017-04/B' }), otherInvoice, otherPrefix)).toBe(true);
      expect(waiverCovers(waiver({ rule: 'line-cost-code', scope: 'BE-24017-04/1' }), line1, prefix)).toBe(false);
      expect(waiverCovers(waiver({ rule: 'line-cost-code', scope: '1' }), line1, prefix)).toBe(false);
    });
  });
});

describe('expiry', () => {
  test('is inclusive: a waiver holds on its expiry day and lapses the day after', () => {
    const w = waiver({ rule: 'r' }, '2026-11-30');
    expect(isExpired(w, '2026-11-29')).toBe(false);
    expect(isExpired(w, '2026-11-30')).toBe(false);
    expect(isExpired(w, '2026-12-01')).toBe(true);
  });
});

describe('applyWaivers', () => {
  test('an active waiver turns each failing, blocked or not evaluable finding into waived, and leaves the others alone', () => {
    const findings = [finding('r', 'a', 'fail'), finding('r', 'b', 'blocked'), finding('r', 'c', 'not-evaluable'), finding('r', 'd', 'pass'), finding('r', 'e', 'not-applicable')];
    const w = waiver({ rule: 'r' }, '2026-12-31', 'controller@example.com');
    const { findings: out, register, waivedBy } = applyWaivers(findings, [w], '2026-12-31');
    expect(out.map((f) => [f.key, f.outcome, f.waivedOutcome])).toEqual([
      ['r/a', 'waived', 'fail'],
      ['r/b', 'waived', 'blocked'],
      ['r/c', 'waived', 'not-evaluable'],
      ['r/d', 'pass', undefined],
      ['r/e', 'not-applicable', undefined],
    ]);
    expect(out[3]).toBe(findings[3]);
    expect(out[0].message).toBe(`r failed (waived until 2026-12-31 by controller@example.com, ${w.ticket}: agreed with the customer)`);
    expect(out[0].waiver).toEqual({ reason: w.reason, approver: w.approver, ticket: w.ticket, expires: w.expires, location: w.location });
    expect(findings[0].outcome).toBe('fail'); // the findings given are not changed
    expect(register).toEqual([{ ...w, status: 'active', matched: ['r/a', 'r/b', 'r/c'] }]);
    expect(waivedBy).toEqual([0, 0, 0]);
  });

  test('two expired waivers on one finding: it fails, naming the one that expired last; both are expired', () => {
    const older = waiver({ rule: 'r' }, '2026-10-31', 'first@example.com');
    const newer = waiver({ key: 'r/a' }, '2026-11-30', 'second@example.com');
    for (const waivers of [[older, newer], [newer, older]]) {
      const { findings: out, register, waivedBy } = applyWaivers([finding('r', 'a')], waivers, '2026-12-01');
      expect(out[0].outcome).toBe('fail');
      expect(out[0].waiver).toBeUndefined();
      expect(out[0].message).toBe(`r failed (waiver expired on 2026-11-30; it was approved by second@example.com, ${newer.ticket})`);
      expect(register.map((r) => [r.ticket, r.status, r.matched])).toEqual(waivers.map((w) => [w.ticket, 'expired', ['r/a']]));
      expect(waivedBy).toEqual([]);
    }
  });

  test('two expired waivers that lapsed the same day: the one listed last is named', () => {
    const a = waiver({ rule: 'r' }, '2026-11-30', 'first@example.com');
    const b = waiver({ rule: 'r', scope: 'a' }, '2026-11-30', 'second@example.com');
    expect(applyWaivers([finding('r', 'a')], [a, b], '2026-12-01').findings[0].message).toContain('approved by second@example.com');
    expect(applyWaivers([finding('r', 'a')], [b, a], '2026-12-01').findings[0].message).toContain('approved by first@example.com');
  });

  test('an expired and an active waiver on one finding: the active one holds, the expired one is still listed as expired', () => {
    const expired = waiver({ rule: 'r' }, '2026-01-31');
    const active = waiver({ rule: 'r', scope: 'a' }, '2027-01-31', 'it@example.com');
    const { findings: out, register, waivedBy } = applyWaivers([finding('r', 'b'), finding('r', 'a')], [expired, active], '2026-06-01');
    expect(out.map((f) => [f.key, f.outcome])).toEqual([
      ['r/b', 'fail'],
      ['r/a', 'waived'],
    ]);
    expect(out[1].waiver?.approver).toBe('it@example.com');
    expect(out[0].message).toContain('(waiver expired on 2026-01-31;');
    expect(register.map((r) => [r.status, r.matched])).toEqual([
      ['expired', ['r/b', 'r/a']],
      ['active', ['r/a']],
    ]);
    expect(waivedBy).toEqual([1]);
  });

  test('of two active waivers, the first listed holds; a waiver matching no problem is stale, however old', () => {
    const first = waiver({ key: 'r/a' }, '2027-01-31', 'first@example.com');
    const second = waiver({ rule: 'r' }, '2027-06-30', 'second@example.com');
    const passing = waiver({ rule: 'p' }, '2026-12-31');
    const lapsed = waiver({ rule: 'nothing' }, '2020-01-01');
    const { findings: out, register, waivedBy } = applyWaivers([finding('p', undefined, 'pass'), finding('r', 'a')], [passing, first, second, lapsed], '2026-06-01');
    expect(out[1].waiver?.approver).toBe('first@example.com');
    expect(waivedBy).toEqual([1]);
    expect(register.map((r) => [r.rule ?? r.key, r.status, r.matched])).toEqual([
      ['p', 'stale', []],
      ['r/a', 'active', ['r/a']],
      ['r', 'active', ['r/a']],
      ['nothing', 'stale', []],
    ]);
  });

  test('with an export prefix, scopes match whole parts of vendor and invoice number', () => {
    const w = waiver({ rule: 'invoice-approved', scope: '910201/BE-24017-04' });
    const waived = applyWaivers([finding('invoice-approved', '910201/BE-24017-04')], [w], '2026-06-01', ['910201', 'BE-24017-04']);
    const other = applyWaivers([finding('invoice-approved', '910201/BE-24017-04/B')], [w], '2026-06-01', ['910201', 'BE-24017-04/B']);
    expect(waived.findings[0].outcome).toBe('waived');
    expect(other.findings[0].outcome).toBe('fail');
    expect(other.register[0].status).toBe('stale');
  });

  test('findings in report order stay marked so; others stay unmarked', () => {
    const sorted = markInReportOrder([finding('r', 'a'), finding('r', 'b')]);
    expect(isInReportOrder(applyWaivers(sorted, [waiver({ rule: 'r' })], '2026-06-01').findings)).toBe(true);
    expect(isInReportOrder(applyWaivers([finding('r', 'a')], [waiver({ rule: 'r' })], '2026-06-01').findings)).toBe(false);
  });
});
