// The export ledger: every invoice sent to Sage and the runs that sent them; read strictly, written as one text.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileProblem } from '../diagnostics.ts';
import { readTextFile, type SourceLimits } from '../yaml/source.ts';
import type { LedgerEntry } from '../engine/invoice.ts';
import { parseJson } from './json-source.ts';

export interface Ledger {
  /** The runs whose entries the ledger holds (run folder names); a ledger older than run folders has none. */
  runs: string[];
  entries: LedgerEntry[];
}

const EXPECTED = 'expected a preflight ledger: {"schemaVersion": 1, "runs": […], "entries": [{"vendor", "invoice", "procoreId", "hash"}, …]}';

/**
 * The largest ledger read, unless --max-file-size allows more: a ledger grows with every run (about 150 bytes an
 * invoice, so 10 MiB, the default limit for input files, is some 70,000 invoices), and it is preflight's own file.
 */
export const LEDGER_MAX_BYTES = 512 * 1024 * 1024;

/** The ledger in `file` (shown as `shown`); a missing file is an empty ledger, anything unreadable stops the run. */
export function readLedger(file: string, shown: string, limits: SourceLimits): Ledger {
  if (!existsSync(file)) return { runs: [], entries: [] };
  const text = readTextFile(file, { ...limits, maxBytes: Math.max(limits.maxBytes, LEDGER_MAX_BYTES) });
  if (text.trim() === '') throw fileProblem(shown, 'bad-ledger', `is an empty file, not a ledger; ${EXPECTED}. A ledger with no invoices yet is {"schemaVersion": 1, "runs": [], "entries": []}`);
  const data = parseJson(text, { file: shown }) as { entries?: unknown; runs?: unknown };
  const entries = data && typeof data === 'object' ? data.entries : undefined;
  const runs = data && typeof data === 'object' ? (data.runs ?? []) : undefined;
  const ok =
    Array.isArray(entries) &&
    entries.every((e) => e && typeof e === 'object' && ['vendor', 'invoice', 'procoreId', 'hash'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string')) &&
    Array.isArray(runs) &&
    runs.every((r) => typeof r === 'string');
  if (!ok) throw fileProblem(shown, 'bad-ledger', `is not a preflight ledger; ${EXPECTED}`);
  return { runs: runs as string[], entries: entries as LedgerEntry[] };
}

/**
 * A ledger's text from its runs and its entries as JSON text: one entry per line, in the order given (old runs
 * first), so a diff shows what a run added.
 */
export function ledgerText(runs: readonly string[], entries: readonly string[]): string {
  const list = (items: readonly string[]) => `[${items.map((e) => `\n    ${e}`).join(',')}${items.length ? '\n  ' : ''}]`;
  return `{\n  "schemaVersion": 1,\n  "runs": ${list(runs.map((r) => JSON.stringify(r)))},\n  "entries": ${list(entries)}\n}\n`;
}

/**
 * The ledger with every committed run of `runsDir` that it does not list added (a run killed after its folder
 * was renamed into place but before the ledger was written); `added` names them. Run folders are listed in name
 * order, which is time order.
 */
export function withCommittedRuns(ledger: Ledger, runsDir: string, shownDir: string, limits: SourceLimits): { ledger: Ledger; added: string[] } {
  const known = new Set(ledger.runs);
  const added = committedRuns(runsDir).filter((name) => !known.has(name));
  if (added.length === 0) return { ledger, added };
  const runs = [...ledger.runs];
  const entries = [...ledger.entries];
  for (const name of added) {
    const own = readLedger(join(runsDir, name, 'ledger.json'), `${shownDir}/${name}/ledger.json`, limits);
    runs.push(name);
    entries.push(...own.entries);
  }
  return { ledger: { runs, entries }, added };
}

/** Run folder names: `<UTC yyyymmddThhmmssZ>-<id>`, sorted. Temporary folders (a dot first) are not runs. */
export function committedRuns(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && RUN_NAME.test(d.name))
    .map((d) => d.name)
    .sort();
}

export const RUN_NAME = /^\d{8}T\d{6}Z-[0-9a-z]+$/;
