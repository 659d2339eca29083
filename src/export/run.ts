// `preflight export` without the command line: invoices in, record by record, to payloads, the AP import file,
// rejections, a summary that reconciles and the ledger. Output goes through a sink (the atomic folder, or none).
import type { Pack } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { formatLocation, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { compileSchema, explainErrors } from '../schema/validate.ts';
import { invoiceSchema } from '../schema/invoice.schema.ts';
import { encodeLine, type ResolvedLayout } from '../pack/layout.ts';
import { startRun, processInvoice, type InvoiceOutcome, type InvoiceRun, type LedgerEntry, type Waive } from '../engine/invoice.ts';
import type { Waiver } from '../config/load.ts';
import type { YamlSource } from '../yaml/source.ts';
import { readInvoices, type InvoiceRecord, type ReadLimits } from './read.ts';
import { reasonsOf, warningsOf, type Reason } from './reasons.ts';
import { ExportWriter } from './writer.ts';
import { csvRow } from './csv.ts';
import { terminalText } from '../report/terminal-text.ts';

export interface ExportRequest {
  pack: Pack;
  snapshot: Snapshot;
  layout: ResolvedLayout;
  settings: ReadonlyMap<string, unknown>;
  levels?: ReadonlyMap<string, string>;
  waive?: Waive;
  /** The config's waivers, in the order `waive` numbers them: the summary lists those that applied. */
  waivers?: Waiver[];
  invoices: string[];
  limits: ReadLimits;
  trace: boolean;
  allowReexport: boolean;
  /** The day dates are weighed against (`--as-of`). */
  asOf: string;
  ledger: LedgerEntry[];
  customer: string;
  /** The run folder's name under DIR/runs/ (none for a dry run): the summary says where the import file is. */
  run?: string;
  /** Called every MAINTENANCE_EVERY invoices: the CLI collects garbage there so a long run's memory stays flat. */
  maintenance?: () => void;
}

export { MAINTENANCE_EVERY, MAX_PRINTED } from './writer.ts';

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
  /** Entries in the ledger once this run is recorded: the earlier runs' and this one's. */
  ledgerEntries: number;
  /** Every waiver that waived at least one finding of this run, in the config's order. */
  waivers: AppliedWaiver[];
  run?: string;
  /** The AP import file, relative to DIR. */
  importFile?: string;
}

/** A waiver the run applied, as the summary and the terminal list it. */
export interface AppliedWaiver {
  rule?: string;
  key?: string;
  scope?: string;
  approver: string;
  ticket: string;
  expires: string;
  reason: string;
  /** How many findings of this run it waived. */
  waived: number;
}

export interface ExportResult {
  summary: ExportSummary;
  /** Located one-line problems (rejection reasons, then warnings), for the printed summary. */
  /** The first MAX_PRINTED lines to print (a 100k-invoice run must not hold every line); lineCount counts all. */
  lines: { severity: 'error' | 'warning'; text: string }[];
  lineCount: number;
  /** The entries this run adds to the ledger, as JSON text, one per entry. */
  ledger: string[];
}

/**
 * Runs the export. Records are worked out one by one (renderRecord) and written in input order (ExportWriter);
 * `parallel` works them out in worker threads instead, which write nothing: same outputs, byte for byte.
 */
export async function runExport(req: ExportRequest, sink: Sink, parallel?: ParallelRun): Promise<ExportResult> {
  const state = startExport(req);
  const writer = new ExportWriter(req, sink);
  if (parallel) await parallel(state, writer);
  else {
    let count = 0;
    for (const record of readInvoices(req.invoices, req.limits)) {
      // After a bad record the rest are only validated: the run reports every bad record, then stops.
      if (writer.commit(renderRecord(state, record, !writer.failed)) === 'stop') break;
      // A pause now and then lets a stop (Ctrl-C) be handled mid-run: the CLI then removes the unfinished run.
      if (++count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return writer.finish();
}

/** Records between two pauses of the loop: often enough to stop within a blink, rarely enough to cost nothing. */
const YIELD_EVERY = 100;

/** Works the records out elsewhere (worker threads), handing each one's output to the writer in input order. */
export type ParallelRun = (state: ExportState, writer: ExportWriter) => Promise<void>;

/** What working out a record needs: the invoice run (pack, snapshot, duplicate check) and the invoice schema. */
export interface ExportState {
  req: ExportRequest;
  run: InvoiceRun;
  validate: ReturnType<typeof compileSchema>;
}

export function startExport(req: ExportRequest, options: { trackSeen?: boolean } = {}): ExportState {
  const ledgerMap = new Map(req.ledger.map((e) => [`${e.vendor}/${e.invoice}`, e]));
  // Passing checks are no rejection reason: the run keeps only the invoice rules' problems.
  const run = startRun(req.pack, req.snapshot, req.settings, req.layout, { levels: req.levels, ledger: ledgerMap, allowReexport: req.allowReexport, asOf: req.asOf, trace: req.trace, waive: req.waive, problemsOnly: true, trackSeen: options.trackSeen });
  return { req, run, validate: compileSchema(invoiceSchema) };
}

export type PrintLine = ExportResult['lines'][number];

/** One record's share of the outputs: plain data (a worker sends it back to be written). */
export type RecordOutput =
  | { kind: 'shape'; problems: Diagnostic[] }
  /** A valid record that was not worked out (the run already has a bad record). */
  | { kind: 'skipped' }
  | {
      kind: 'invoice';
      /** Where the record starts, and the key of the run's duplicate check (null: the invoice has no number). */
      location: SourceLocation;
      dedupe: string | null;
      warnings: number;
      /** Terminal lines: warnings, then rejection reasons. */
      lines: PrintLine[];
      exported: boolean;
      distributions: number;
      /** The header's amount (exported invoices), for the run's total. */
      amount: unknown;
      ledger: LedgerEntry | undefined;
      /** payloads.json's or rejections.json's entry. */
      entry: string;
      importBytes: Uint8Array | undefined;
      /** The rule of each rejection reason, and their rejections.csv rows. */
      rules: string[];
      csv: string;
      /** The waiver index of each finding a waiver turned into `waived`. */
      waivedBy: number[];
    };

/** Validates a record and, when `work` says so, works it out: the invoice through the pack, and its output text. */
export function renderRecord(state: ExportState, record: InvoiceRecord, work: boolean): RecordOutput {
  const { req, run, validate } = state;
  if (!validate(record.data)) {
    const problems = explainErrors(validate.errors ?? [], sourceOf(record)).map((d) => ({
      ...d,
      // The record is one invoice, not the whole file; and a missing `items` has one usual cause.
      message: d.message.replace('missing required key "items" at the top level', 'missing required key "items": Procore sends line items only with view=extended').replace(' at the top level', ' in the invoice'),
    }));
    return { kind: 'shape', problems };
  }
  if (!work) return { kind: 'skipped' };
  const outcome = processInvoice(run, { data: record.data as Record<string, unknown>, location: record.location });
  const source = formatLocation(record.location);
  const warned = warningsOf(outcome);
  const lines: PrintLine[] = warned.map((w) => printLine('warning', formatLocation(w.location), w.message, w.key));
  if (outcome.exported) {
    const eol = req.layout.layout.lineEnd;
    // Written out in full, not spread from a shared part: V8 (Node 20) builds a spread with more keys slowly.
    return {
      kind: 'invoice',
      location: record.location,
      dedupe: outcome.dedupe,
      warnings: warned.length,
      lines,
      exported: true,
      distributions: outcome.distributions.length,
      amount: outcome.header.amount,
      ledger: { vendor: String(outcome.header.vendor), invoice: String(outcome.invoiceNumber), procoreId: outcome.procoreId, hash: outcome.hash! },
      entry: indentedJson(payloadEntry(outcome, source, warned, req)),
      // The encoding maps character by character, so one invoice's lines are encoded together.
      importBytes: outcome.lines.length > 0 ? encodeLine(outcome.lines.join(eol) + eol, req.layout.encoding) : undefined,
      rules: [],
      csv: '',
      waivedBy: outcome.waivedBy,
    };
  }
  const reasons = reasonsOf(outcome, record, run.pack);
  let csv = '';
  for (const r of reasons) {
    lines.push(printLine('error', r.location, r.message, r.key));
    csv += csvRow([outcome.itemKey, source, outcome.procoreId, outcome.vendor.sageId ?? '', outcome.vendor.name ?? '', outcome.invoiceNumber ?? '', r.key, r.rule, r.field ?? '', r.value ?? '', r.limit ?? '', r.message]);
  }
  const entry = { key: outcome.itemKey, source, procoreId: outcome.procoreId, vendor: outcome.vendor, invoice: outcome.invoiceNumber, reasons, warnings: warned };
  return {
    kind: 'invoice',
    location: record.location,
    dedupe: outcome.dedupe,
    warnings: warned.length,
    lines,
    exported: false,
    distributions: 0,
    amount: null,
    ledger: undefined,
    entry: indentedJson(entry),
    importBytes: undefined,
    rules: reasons.map((r) => r.rule),
    csv,
    waivedBy: outcome.waivedBy,
  };
}

/** A located problem as the terminal shows it; invoice numbers and names may hold control characters. */
function printLine(severity: PrintLine['severity'], location: string, message: string, key: string): PrintLine {
  return { severity, text: terminalText(`${location}  ${severity}  ${message}  ${key}`) };
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
