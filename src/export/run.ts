// `preflight export` without the command line: invoices in, record by record, to payloads, the AP import file,
// rejections, a summary that reconciles and the ledger. Output goes through a sink (the atomic folder, or none).
import type { Pack } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { PreflightError, formatLocation, type Diagnostic } from '../diagnostics.ts';
import { compileSchema, explainErrors } from '../schema/validate.ts';
import { invoiceSchema } from '../schema/invoice.schema.ts';
import { encodeLine, type ResolvedLayout } from '../pack/layout.ts';
import { formatAmount, parseAmount } from '../logic/ops/money.ts';
import { startRun, processInvoice, type InvoiceOutcome, type LedgerEntry } from '../engine/invoice.ts';
import type { Finding } from '../engine/types.ts';
import type { YamlSource } from '../yaml/source.ts';
import { readInvoices, type InvoiceRecord, type ReadLimits } from './read.ts';
import { reasonsOf, warningsOf, type Reason } from './reasons.ts';
import { csvRow, REJECTION_COLUMNS } from './csv.ts';

export interface ExportRequest {
  pack: Pack;
  snapshot: Snapshot;
  layout: ResolvedLayout;
  settings: ReadonlyMap<string, unknown>;
  levels?: ReadonlyMap<string, string>;
  waive?: (findings: Finding[]) => Finding[];
  invoices: string[];
  limits: ReadLimits;
  trace: boolean;
  allowReexport: boolean;
  ledger: LedgerEntry[];
  customer: string;
  /** Return the full ledger (old and new entries, serialized) for a ledger file kept outside the output folder. */
  keepLedger?: boolean;
  /** Called every MAINTENANCE_EVERY invoices: the CLI collects garbage there so a long run's memory stays flat. */
  maintenance?: () => void;
}

// A forced full collection costs more as the run's duplicate check grows: every 1,000 invoices they took about a
// quarter of a 20k-100k run's CPU. Every 5,000, peak RSS still grows 0.27 KiB per invoice 10k→100k (127 MB at 100k).
export const MAINTENANCE_EVERY = 5000;

/** Where outputs go: files by name (appended in order). A dry run passes a sink that keeps only what it prints. */
export interface Sink {
  write(name: string, data: string | Uint8Array): void;
}

export interface ExportSummary {
  schemaVersion: 1;
  customer: string;
  read: number;
  exported: number;
  rejected: number;
  reconciles: boolean;
  exportedAmount: string;
  exportedDistributions: number;
  warnings: number;
  rejectionsByRule: Record<string, number>;
  ledgerEntries: number;
}

export interface ExportResult {
  summary: ExportSummary;
  /** Located one-line problems (rejection reasons, then warnings), for the printed summary. */
  /** The first MAX_PRINTED lines to print (a 100k-invoice run must not hold every line); lineCount counts all. */
  lines: { severity: 'error' | 'warning'; text: string }[];
  lineCount: number;
  /** The ledger's entries as JSON text, one per entry; empty unless keepLedger (a long run does not hold them). */
  ledger: string[];
}

const MAX_SHAPE_PROBLEMS = 50;
/** Lines kept for the terminal; the files hold every reason. */
export const MAX_PRINTED = 50;

export async function runExport(req: ExportRequest, sink: Sink): Promise<ExportResult> {
  const ledgerMap = new Map(req.ledger.map((e) => [`${e.vendor}/${e.invoice}`, e]));
  // Passing checks are no rejection reason: the run keeps only the invoice rules' problems.
  const run = startRun(req.pack, req.snapshot, req.settings, req.layout, { levels: req.levels, ledger: ledgerMap, allowReexport: req.allowReexport, trace: req.trace, waive: req.waive, problemsOnly: true });
  const validate = compileSchema(invoiceSchema);
  const shapeProblems: Diagnostic[] = [];
  // The ledger is streamed: old entries first, each new one as it is exported (same bytes as writing it at the end).
  const kept: string[] = [];
  let ledgerEntries = 0;
  const addLedgerEntry = (e: LedgerEntry) => {
    const text = JSON.stringify(e);
    sink.write('ledger.json', `${ledgerEntries++ === 0 ? '' : ','}\n    ${text}`);
    if (req.keepLedger) kept.push(text);
  };
  const printed: ExportResult['lines'] = [];
  let lineCount = 0;
  const byRule: Record<string, number> = {};
  let read = 0;
  let exported = 0;
  let rejected = 0;
  let warnings = 0;
  let distributions = 0;
  let total = parseAmount('0');
  let firstPayload = true;
  let firstRejection = true;
  const eol = req.layout.layout.lineEnd;

  sink.write('payloads.json', `{\n  "schemaVersion": 1,\n  "customer": ${JSON.stringify(req.customer)},\n  "invoices": [`);
  sink.write('rejections.json', `{\n  "schemaVersion": 1,\n  "customer": ${JSON.stringify(req.customer)},\n  "rejections": [`);
  sink.write('rejections.csv', '\uFEFF' + csvRow(REJECTION_COLUMNS));
  sink.write('ap-import.txt', new Uint8Array(0));
  sink.write('ledger.json', '{\n  "schemaVersion": 1,\n  "entries": [');
  req.ledger.forEach(addLedgerEntry);

  for (const record of readInvoices(req.invoices, req.limits)) {
    read++;
    if (req.maintenance && read % MAINTENANCE_EVERY === 0) req.maintenance();
    if (!validate(record.data)) {
      for (const d of explainErrors(validate.errors ?? [], sourceOf(record))) {
        // The record is one invoice, not the whole file; and a missing `items` has one usual cause.
        const message = d.message.replace('missing required key "items" at the top level', 'missing required key "items": Procore sends line items only with view=extended').replace(' at the top level', ' in the invoice');
        shapeProblems.push({ ...d, message });
      }
      if (shapeProblems.length >= MAX_SHAPE_PROBLEMS) break;
      continue;
    }
    if (shapeProblems.length > 0) continue; // keep reading only to report every bad record in one run
    const outcome = processInvoice(run, { data: record.data as Record<string, unknown>, location: record.location });
    const source = formatLocation(record.location);
    const warned = warningsOf(outcome);
    warnings += warned.length;
    // Only the first lines are kept for the terminal, so the text of the others is never built.
    for (const w of warned) if (lineCount++ < MAX_PRINTED) printed.push({ severity: 'warning', text: `${formatLocation(w.location)}  warning  ${w.message}  ${w.key}` });
    if (outcome.exported) {
      exported++;
      distributions += outcome.distributions.length;
      total = total.plus(parseAmount(outcome.header.amount));
      addLedgerEntry({ vendor: String(outcome.header.vendor), invoice: String(outcome.invoiceNumber), procoreId: outcome.procoreId, hash: outcome.hash });
      sink.write('payloads.json', firstPayload ? '\n' : ',\n');
      sink.write('payloads.json', indentedJson(payloadEntry(outcome, source, warned, req)));
      firstPayload = false;
      // The encoding maps character by character, so one invoice's lines are encoded together.
      if (outcome.lines.length > 0) sink.write('ap-import.txt', encodeLine(outcome.lines.join(eol) + eol, req.layout.encoding));
      continue;
    }
    rejected++;
    const reasons = reasonsOf(outcome, record, run.pack);
    for (const r of reasons) {
      byRule[r.rule] = (byRule[r.rule] ?? 0) + 1;
      if (lineCount++ < MAX_PRINTED) printed.push({ severity: 'error', text: `${r.location}  error  ${r.message}  ${r.key}` });
      sink.write('rejections.csv', csvRow([outcome.itemKey, source, outcome.procoreId, outcome.vendor.sageId ?? '', outcome.vendor.name ?? '', outcome.invoiceNumber ?? '', r.key, r.rule, r.field ?? '', r.value ?? '', r.limit ?? '', r.message]));
    }
    const entry = { key: outcome.itemKey, source, procoreId: outcome.procoreId, vendor: outcome.vendor, invoice: outcome.invoiceNumber, reasons, warnings: warned };
    sink.write('rejections.json', firstRejection ? '\n' : ',\n');
    sink.write('rejections.json', indentedJson(entry));
    firstRejection = false;
  }
  if (shapeProblems.length > 0) throw new PreflightError(shapeProblems.slice(0, MAX_SHAPE_PROBLEMS));

  sink.write('payloads.json', `${firstPayload ? '' : '\n  '}]\n}\n`);
  sink.write('rejections.json', `${firstRejection ? '' : '\n  '}]\n}\n`);
  sink.write('ledger.json', `${ledgerEntries ? '\n  ' : ''}]\n}\n`);
  const summary: ExportSummary = {
    schemaVersion: 1,
    customer: req.customer,
    read,
    exported,
    rejected,
    reconciles: read === exported + rejected,
    exportedAmount: formatAmount(total),
    exportedDistributions: distributions,
    warnings,
    rejectionsByRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
    ledgerEntries,
  };
  sink.write('summary.json', JSON.stringify(summary, null, 2) + '\n');
  return { summary, lines: printed, lineCount, ledger: kept };
}

function payloadEntry(o: InvoiceOutcome, source: string, warned: { key: string }[], req: ExportRequest) {
  const mapping = req.pack.mapping!;
  // With --trace each field carries its value, formula (and where it stands) and the Procore values it read.
  const traced = (values: Record<string, unknown>, traces: Record<string, unknown> | undefined, fields: { name: string; location: { line: number; column: number } }[]) =>
    traces
      ? Object.fromEntries(Object.keys(values).map((k) => {
          const at = fields.find((f) => f.name === k)?.location;
          return [k, { ...(traces[k] as object), formulaAt: `${mapping.file}:${at?.line ?? 1}:${at?.column ?? 1}` }];
        }))
      : values;
  return {
    key: o.itemKey,
    source,
    procoreId: o.procoreId,
    vendorName: o.vendor.name,
    header: traced(o.header, o.trace?.header, mapping.header),
    distributions: o.distributions.map((d, i) => traced(d, o.trace?.distributions[i], mapping.distribution)),
    ...(o.trace ? { computed: o.trace.computed } : {}),
    warnings: warned.map((w) => w.key),
    hash: o.hash,
  };
}

/**
 * A value as JSON.stringify(value, null, 2) writes it, every line indented by 4 more spaces (an element of the
 * files' top-level list). Nested two lists deep, the value is laid out exactly so by JSON.stringify itself: one
 * native call and a slice of its own brackets, instead of a second pass over the text.
 */
export function indentedJson(value: unknown): string {
  return JSON.stringify([[value]], null, 2).slice(OPEN.length, -CLOSE.length);
}
const OPEN = '[\n  [\n';
const CLOSE = '\n  ]\n]';

/** ajv errors of one record, located in its file (the record is parsed again with positions only here). */
function sourceOf(record: InvoiceRecord): YamlSource {
  return {
    file: record.file,
    text: '',
    data: record.data,
    nodeAt: () => undefined,
    locate: (pointer) => record.locate(pointer),
    locateNearest: (pointer) => ({ pointer, location: record.locate(pointer) }),
  };
}

export type { Reason };
