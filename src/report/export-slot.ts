// The HTML report's optional export summary: what `preflight export` fills in once it exists (left empty till then).

/** Shown under "Export summary" when given (FormatOptions.exportSummary); every value is escaped like the rest. */
export interface ExportSummarySlot {
  /** A heading such as "Approved invoices, dry run of 2026-11-26". */
  title: string;
  /** Counts that must reconcile: invoices read, exported, rejected, payload totals… */
  rows: { label: string; value: string }[];
  /** Each rejected invoice with the reasons, keyed like export rejections. */
  rejections?: { invoice: string; reason: string }[];
  notes?: string[];
}
