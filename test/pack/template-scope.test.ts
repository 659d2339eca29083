// An invoice rule's templates are checked against shapes written down in template-scope.ts; the engine builds that
// scope in engine/invoice.ts. This keeps the two in step: every field the engine gives a template is declared
// (else a good template would be refused), and every declared field is given (else a typo would pass).
import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePack } from '../../src/pack/load.ts';
import { loadSnapshot } from '../../src/snapshot/load.ts';
import { defaultSettings } from '../../src/engine/evaluate.ts';
import { resolveLayout } from '../../src/pack/layout.ts';
import { processInvoice, startRun, type LedgerEntry } from '../../src/engine/invoice.ts';
import { packTemplateScope, ruleTemplateView } from '../../src/pack/template-scope.ts';
import { member, type Shape } from '../../src/pack/template-shape.ts';

/** The bundled pack plus an invoice rule that always fails with its whole template context as JSON. */
function packWithScopeDump() {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-template-scope-'));
  cpSync('rules', join(dir, 'rules'), { recursive: true });
  const rule = ['id: zz-scope-dump', 'title: dump', 'severity: info', 'category: invoice', 'actor: consultant', 'confidence: confirmed', 'source: test', 'scope: invoice', 'check: false', "message: '{{json this}}'", 'remediation: none'];
  writeFileSync(join(dir, 'rules', 'invoice', 'zz-scope-dump.yaml'), rule.join('\n') + '\n');
  try {
    return requirePack(join(dir, 'rules'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every path in a value, lists as their item paths ("payload.lines.0.job"). */
function paths(value: unknown, prefix: string, out: Set<string>): Set<string> {
  if (prefix !== '') out.add(prefix);
  if (Array.isArray(value)) value.forEach((v) => paths(v, `${prefix}.0`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** Every path a shape declares below `prefix` (nothing below a field that has no declared fields). */
function declared(shape: Shape, prefix: string, out: Set<string>): Set<string> {
  out.add(prefix);
  for (const [k, v] of Object.entries(shape.properties ?? {})) declared(v, `${prefix}.${k}`, out);
  if (shape.items) declared(shape.items, `${prefix}.0`, out);
  return out;
}

const OWN_PARTS = ['computed', 'payload', 'import', 'export'];
/** The invoice itself (and each line's Procore item) is input: its schema allows fields it does not list. */
const isInput = (path: string) => path.startsWith('invoice') || /^payload\.lines\.0\.procore\./.test(path);

describe('the scope an invoice rule template sees', () => {
  test('is what template-scope.ts declares, field by field', () => {
    const pack = packWithScopeDump();
    const snapshot = loadSnapshot('fixtures/invoices/snapshot.yaml');
    const settings = new Map([...defaultSettings(pack), ['export.accountingDate', '2026-11-30']]);
    const layout = resolveLayout(pack.layout!, settings);
    const invoices = readdirSync('fixtures/invoices/golden').filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join('fixtures/invoices/golden', f), 'utf8')));
    const seen = new Set<string>();
    const dump = (ledger: Map<string, LedgerEntry>) => {
      const run = startRun(pack, snapshot, settings, layout, { ledger });
      const outcomes = [...invoices, invoices[0]].map((data) => processInvoice(run, { data, location: { file: 'golden.json', line: 1, column: 1 } }));
      for (const o of outcomes) {
        const context = JSON.parse(o.findings.find((f) => f.ruleId === 'zz-scope-dump')!.message);
        for (const part of OWN_PARTS) paths(context[part], part, seen);
      }
      return outcomes;
    };
    // Once as a first export, once with every invoice already on the ledger (its previous export is then a mapping).
    const first = dump(new Map());
    dump(new Map(first.filter((o) => o.vendor.sageId && o.invoiceNumber).map((o) => [`${o.vendor.sageId}/${o.invoiceNumber}`, { vendor: o.vendor.sageId!, invoice: o.invoiceNumber!, procoreId: o.procoreId, hash: o.hash ?? '' }])));

    const view = ruleTemplateView({ scope: 'invoice' }, packTemplateScope(pack.settings, pack.mapping));
    const resolves = (path: string) => path.split('.').reduce<Shape | undefined>((shape, seg) => shape && member(shape, seg), view.root) !== undefined;
    expect([...seen].filter((p) => !isInput(p) && !resolves(p)), 'given to templates but not declared').toEqual([]);
    const promised = OWN_PARTS.flatMap((part) => [...declared(member(view.root, part)!, part, new Set())]);
    expect(promised.filter((p) => !isInput(p) && !seen.has(p)), 'declared but never given').toEqual([]);
  });
});
