// The mapping of an invoice takes a short path (one reused context, no result objects) unless --trace asks for
// every field's inputs, which takes the long one. Both must map every invoice the same way, broken ones included.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { requirePack } from '../../src/pack/load.ts';
import { loadSnapshot } from '../../src/snapshot/load.ts';
import { defaultSettings } from '../../src/engine/evaluate.ts';
import { resolveLayout } from '../../src/pack/layout.ts';
import { processInvoice, startRun } from '../../src/engine/invoice.ts';
import { readsNoLine } from '../../src/pack/mapping.ts';

const pack = requirePack('rules');
const snapshot = loadSnapshot('fixtures/invoices/snapshot.yaml');
const settings = new Map([...defaultSettings(pack), ['export.accountingDate', null]]);
const layout = resolveLayout(pack.layout!, settings);
const base = JSON.parse(readFileSync('fixtures/invoices/golden/02-several-cost-codes.json', 'utf8'));

/** Edits that break a formula's input: absent facts, values of the wrong type, dates that are not days. */
const EDITS: [string, (inv: any) => void][] = [
  ['as it is', () => {}],
  ['a line without its description', (inv) => delete inv.items[0].description_of_work],
  ['a line without work completed', (inv) => delete inv.items[1].work_completed_this_period],
  ['work completed as a fraction', (inv) => (inv.items[0].work_completed_this_period = 12.5)],
  ['work completed as a whole number', (inv) => (inv.items[0].work_completed_this_period = 1200)],
  ['an amount with a comma', (inv) => (inv.summary.current_payment_due = '12,34')],
  ['no summary', (inv) => delete inv.summary],
  ['no billing date', (inv) => delete inv.billing_date],
  ['a billing date that is no day', (inv) => (inv.billing_date = '2026-02-30')],
  ['a billing date with a time', (inv) => (inv.billing_date = '2026-10-31T10:00:00Z')],
  ['a billing date written the US way', (inv) => (inv.billing_date = '10/31/2026')],
  ['an invoice number that is a number', (inv) => (inv.invoice_number = 2401701)],
  ['an invoice number that is a list', (inv) => (inv.invoice_number = ['BE', 1])],
  ['no accounting date', (inv) => delete inv.accounting_date],
  ['an unknown cost code', (inv) => (inv.items[0].cost_code_id = 999999)],
  // Inputs of the formulas that read nothing of the line (one value serves every line): each line reports them.
  ['no commitment id', (inv) => delete inv.commitment_id],
  ['no project id', (inv) => delete inv.project_id],
  ['an unknown commitment', (inv) => (inv.commitment_id = 424242)],
  ['a commitment id that is a list', (inv) => (inv.commitment_id = [70301])],
];

/** The invoice's findings as the export keeps them (problems only) and as `preflight test` does (every one). */
function findings(data: unknown, problemsOnly: boolean) {
  const run = startRun(pack, snapshot, settings, layout, { problemsOnly });
  const o = processInvoice(run, { data: data as Record<string, unknown>, location: { file: 'edited.json', line: 1, column: 1 } });
  return o.findings.map((f) => ({ key: f.key, outcome: f.outcome, message: f.message, evidence: f.evidence, settings: f.settings, missing: f.missing }));
}

function mapped(data: unknown, trace: boolean) {
  const run = startRun(pack, snapshot, settings, layout, { trace });
  const o = processInvoice(run, { data: data as Record<string, unknown>, location: { file: 'edited.json', line: 1, column: 1 } });
  return { header: o.header, distributions: o.distributions, problems: o.mappingProblems, dates: o.dateProblems, exported: o.exported, lines: o.lines, hash: o.hash };
}

describe('invoice mapping', () => {
  test('maps every edited invoice as --trace does', () => {
    let withProblems = 0;
    for (const [name, edit] of EDITS) {
      const invoice = structuredClone(base);
      edit(invoice);
      const quick = mapped(structuredClone(invoice), false);
      expect(quick, name).toEqual(mapped(structuredClone(invoice), true));
      if (quick.problems.length > 0) withProblems++;
    }
    // The edits do reach the problem paths: absent facts, rejected amounts and dates.
    expect(withProblems).toBeGreaterThanOrEqual(8);
  });

  test('keeps, with problems only, exactly the problems of every finding', () => {
    const goldens = ['09-description-too-long', '13-commas-and-quotes', '14-character-outside-encoding', '10-missing-accounting-date'];
    let problems = 0;
    const invoices = [
      ...goldens.map((g) => JSON.parse(readFileSync(`fixtures/invoices/golden/${g}.json`, 'utf8'))),
      ...EDITS.map(([, edit]) => {
        const invoice = structuredClone(base);
        edit(invoice);
        return invoice;
      }),
    ];
    for (const invoice of invoices) {
      const all = findings(structuredClone(invoice), false).filter((f) => f.outcome === 'fail' || f.outcome === 'not-evaluable' || f.outcome === 'blocked');
      expect(findings(structuredClone(invoice), true)).toEqual(all);
      problems += all.length;
    }
    expect(problems).toBeGreaterThanOrEqual(10);
  });

  test('says what is wrong with a field', () => {
    const invoice = structuredClone(base);
    invoice.accounting_date = '2026-10-31T10:00:00Z';
    delete invoice.items[0].description_of_work;
    const { problems } = mapped(invoice, false);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^distribution\.description \(line 1\): .*not recorded: invoice\.items\.0\.description_of_work$/),
      'header.accountingDate: Acct Date: "2026-10-31T10:00:00Z" is not a date written YYYY-MM-DD, such as 2026-03-31',
    ]));
  });

  for (const trace of [false, true]) {
    test(`a date that is no calendar day is the invoice's problem, said once, not the mapped field's${trace ? ' (--trace)' : ''}`, () => {
      const invoice = structuredClone(base);
      invoice.billing_date = '2026-02-30';
      invoice.requisition_end = '2026-09-31';
      const { problems, dates, exported } = mapped(invoice, trace);
      expect(exported).toBe(false);
      expect(problems).toEqual([]);
      expect(dates).toEqual([
        { field: 'billing_date', value: '2026-02-30', message: 'billing_date: 2026-02-30 is not a calendar day (February 2026 has 28 days); correct the date in Procore' },
        { field: 'requisition_end', value: '2026-09-31', message: 'requisition_end: 2026-09-31 is not a calendar day (September 2026 has 30 days); correct the date in Procore' },
      ]);
    });
  }

  test('formulas that read nothing of the line are told apart', () => {
    const invariant = pack.mapping!.distribution.filter((f) => f.lineInvariant).map((f) => f.name);
    expect(invariant).toEqual(['commitment', 'job']);
    expect(readsNoLine({ var: 'invoice.project_id' })).toBe(true);
    expect(readsNoLine({ money_sum: { map: [{ var: 'invoice.items' }, { var: 'work_completed_this_period' }] } })).toBe(true);
    expect(readsNoLine({ setting: 'export.vendorIdSource' })).toBe(true);
    for (const reads of [
      { var: 'line.cost_code_id' },
      { var: ['invoice.x', { var: 'line.y' }] },
      { var: 'distribution.amount' },
      { var: '' },
      { var: { cat: ['invoice.', 'id'] } },
      { missing: ['invoice.id'] },
      { map: [{ var: 'line.items' }, { var: 'x' }] },
      { reduce: [{ var: 'invoice.items' }, { var: 'current' }, { var: 'line.start' }] },
      { if: [true, { get: [{ var: 'procore.costCodes' }, { var: 'line.cost_code_id' }] }] },
    ]) {
      expect(readsNoLine(reads), JSON.stringify(reads)).toBe(false);
    }
  });
});
