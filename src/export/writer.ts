// The export's outputs, written record by record in input order: payloads, the AP import file, rejections
// (JSON and CSV), the ledger, and at the end the summary that reconciles them. Records are worked out elsewhere
// (renderRecord in src/export/run.ts, in this thread or in workers); this only writes and counts.
import { PreflightError, type Diagnostic } from '../diagnostics.ts';
import { formatAmount, parseAmount } from '../logic/ops/money.ts';
import type { LedgerEntry } from '../engine/invoice.ts';
import { csvRow, REJECTION_COLUMNS } from './csv.ts';
import type { Waiver } from '../config/load.ts';
import type { AppliedWaiver, ExportRequest, ExportResult, ExportSummary, PrintLine, RecordOutput, Sink } from './run.ts';

// How often the loop asks for maintenance: the CLI's collects garbage only once the heap has grown enough (a
// forced full collection at a fixed interval costs more as the run's duplicate check grows).
export const MAINTENANCE_EVERY = 1000;

const MAX_SHAPE_PROBLEMS = 50;
/** Lines kept for the terminal; the files hold every reason. */
export const MAX_PRINTED = 50;

/** Writes records' outputs in input order, keeps the counts, and ends the files and the summary. */
export class ExportWriter {
  readonly #req: ExportRequest;
  readonly #sink: Sink;
  readonly #shapeProblems: Diagnostic[] = [];
  // The run's own ledger holds the entries it adds, streamed as invoices are exported; they are also kept, as
  // text, for the ledger of every run (written once the run's folder is in place).
  readonly #kept: string[] = [];
  readonly #printed: PrintLine[] = [];
  #lineCount = 0;
  readonly #byRule: Record<string, number> = {};
  /** Findings waived, by the waiver's index in the config's list. */
  readonly #waived: number[] = [];
  #read = 0;
  #exported = 0;
  #rejected = 0;
  #warnings = 0;
  #distributions = 0;
  #total = parseAmount('0');
  #firstPayload = true;
  #firstRejection = true;

  constructor(req: ExportRequest, sink: Sink) {
    this.#req = req;
    this.#sink = sink;
    sink.write('payloads.json', `{\n  "schemaVersion": 1,\n  "customer": ${JSON.stringify(req.customer)},\n  "invoices": [`);
    sink.write('rejections.json', `{\n  "schemaVersion": 1,\n  "customer": ${JSON.stringify(req.customer)},\n  "rejections": [`);
    sink.write('rejections.csv', '\uFEFF' + csvRow(REJECTION_COLUMNS));
    sink.write('ap-import.txt', new Uint8Array(0));
    sink.write('ledger.json', '{\n  "schemaVersion": 1,\n  "entries": [');
  }

  /** True once a record was bad: the rest are only validated, and the run fails at the end. */
  get failed(): boolean {
    return this.#shapeProblems.length > 0;
  }

  /** Writes the next record's output; 'stop' when enough bad records were found to stop reading. */
  commit(out: RecordOutput): 'go' | 'stop' {
    this.#read++;
    if (this.#req.maintenance && this.#read % MAINTENANCE_EVERY === 0) this.#req.maintenance();
    if (out.kind === 'shape') {
      for (const d of out.problems) this.#shapeProblems.push(d);
      return this.#shapeProblems.length >= MAX_SHAPE_PROBLEMS ? 'stop' : 'go';
    }
    if (out.kind === 'skipped' || this.failed) return 'go';
    const sink = this.#sink;
    this.#warnings += out.warnings;
    for (const i of out.waivedBy) this.#waived[i] = (this.#waived[i] ?? 0) + 1;
    // Only the first lines are kept for the terminal.
    for (const line of out.lines) if (this.#lineCount++ < MAX_PRINTED) this.#printed.push(line);
    if (out.exported) {
      this.#exported++;
      this.#distributions += out.distributions;
      this.#total = this.#total.plus(parseAmount(out.amount));
      this.#addLedgerEntry(out.ledger!);
      sink.write('payloads.json', this.#firstPayload ? '\n' : ',\n');
      sink.write('payloads.json', out.entry);
      this.#firstPayload = false;
      if (out.importBytes) sink.write('ap-import.txt', out.importBytes);
      return 'go';
    }
    this.#rejected++;
    for (const rule of out.rules) this.#byRule[rule] = (this.#byRule[rule] ?? 0) + 1;
    if (out.csv !== '') sink.write('rejections.csv', out.csv);
    sink.write('rejections.json', this.#firstRejection ? '\n' : ',\n');
    sink.write('rejections.json', out.entry);
    this.#firstRejection = false;
    return 'go';
  }

  #addLedgerEntry(e: LedgerEntry): void {
    const text = JSON.stringify(e);
    this.#sink.write('ledger.json', `${this.#kept.length === 0 ? '' : ','}\n    ${text}`);
    this.#kept.push(text);
  }

  /** Ends the files and writes the summary; throws the bad records' problems, if any. */
  finish(): ExportResult {
    if (this.failed) throw new PreflightError(this.#shapeProblems.slice(0, MAX_SHAPE_PROBLEMS));
    const sink = this.#sink;
    sink.write('payloads.json', `${this.#firstPayload ? '' : '\n  '}]\n}\n`);
    sink.write('rejections.json', `${this.#firstRejection ? '' : '\n  '}]\n}\n`);
    sink.write('ledger.json', `${this.#kept.length ? '\n  ' : ''}]\n}\n`);
    const summary: ExportSummary = {
      schemaVersion: 1,
      customer: this.#req.customer,
      read: this.#read,
      exported: this.#exported,
      rejected: this.#rejected,
      reconciles: this.#read === this.#exported + this.#rejected,
      exportedAmount: formatAmount(this.#total),
      exportedDistributions: this.#distributions,
      warnings: this.#warnings,
      rejectionsByRule: Object.fromEntries(Object.entries(this.#byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      ledgerEntries: this.#req.ledger.length + this.#kept.length,
      waivers: appliedWaivers(this.#req.waivers ?? [], this.#waived),
      ...(this.#req.run && { run: this.#req.run, importFile: `runs/${this.#req.run}/ap-import.txt` }),
    };
    sink.write('summary.json', JSON.stringify(summary, null, 2) + '\n');
    return { summary, lines: this.#printed, lineCount: this.#lineCount, ledger: this.#kept };
  }
}

/** The waivers that waived something, in the config's order, each with how many findings it waived. */
function appliedWaivers(waivers: Waiver[], waived: number[]): AppliedWaiver[] {
  const out: AppliedWaiver[] = [];
  waivers.forEach((w, i) => {
    if (!waived[i]) return;
    out.push({
      ...(w.rule !== undefined && { rule: w.rule }),
      ...(w.key !== undefined && { key: w.key }),
      ...(w.scope !== undefined && { scope: w.scope }),
      approver: w.approver,
      ticket: w.ticket,
      expires: w.expires,
      reason: w.reason,
      waived: waived[i],
    });
  });
  return out;
}
