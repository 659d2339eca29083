// `preflight export`: approved Procore invoices → Sage payloads, AP import file, rejections, summary and ledger.
import { join, resolve } from 'node:path';
import { requirePack } from '../pack/load.ts';
import { loadLayout, resolveLayout } from '../pack/layout.ts';
import { loadSnapshot } from '../snapshot/load.ts';
import { ruleLevels, settingValues } from '../config/resolve.ts';
import { applyWaivers } from '../config/waivers.ts';
import { PreflightError, fileProblem, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { DEFAULT_READ_LIMITS, invoiceFiles, isNdjson } from '../export/read.ts';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_PRINTED, runExport, type ExportRequest, type ExportSummary, type ParallelRun, type Sink } from '../export/run.ts';
import { inWorkers } from '../export/parallel.ts';
import { readLedger } from '../export/ledger.ts';
import { ExportDir, type Run } from './export-dir.ts';
import { terminalText } from '../report/terminal-text.ts';
import { UsageError, parseFlags, type FlagValues } from './usage.ts';
import { EXPORT } from './commands.ts';
import { defaultPackDir, effectiveConfig } from './check.ts';
import { PACKAGE_ROOT, displayPath, todayUtc, type CliIO } from './io.ts';
import { jobsFlag, limitsFlag, parseDateFlag } from './flags.ts';
import { capJobs, coresLimit } from '../jobs.ts';
import { availableParallelism } from 'node:os';

/** The export's flags as parsed: also what a worker of a parallel export gets, to load the same request. */
export type ExportFlags = FlagValues<typeof EXPORT.options>;

export async function exportCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(EXPORT, argv);
  if (!values.snapshot && !values.config) throw new UsageError('export needs --snapshot FILE or --config FILE');
  if (!values.invoices?.length) throw new UsageError('export needs --invoices PATH (a JSON or NDJSON file, or a folder of them)');
  if (!values['out-dir'] && !values['dry-run']) throw new UsageError('export needs --out-dir DIR (or --dry-run to write nothing)');
  const jobs = jobsFlag(values.jobs);
  // Today is read once: every worker of a parallel export must judge waivers on the same day.
  const flags: ExportFlags = { ...values, 'as-of': parseDateFlag('--as-of', values['as-of']) ?? todayUtc() };
  const { request, inputs } = loadExport(flags, io);
  const note = (text: string) => io.stderr(`preflight: note: ${text}\n`);
  const parallel = parallelPlan(request, jobs, { flags, cwd: io.cwd }, note);

  if (values['dry-run']) {
    const ledgerFile = ledgerPath(flags, io);
    request.ledger = ledgerFile ? readLedger(ledgerFile, displayPath(ledgerFile, io.cwd), request.limits).entries : [];
    let payloads = '';
    const sink: Sink = { write: (name, data) => void (name === 'payloads.json' && typeof data === 'string' ? (payloads += data) : undefined) };
    const result = await runExport(request, sink, parallel);
    io.stdout(payloads);
    io.stdout(summaryText(result, 'Dry run: nothing written.'));
    return result.summary.rejected > 0 ? 1 : 0;
  }

  const ledger = values.ledger ? resolve(io.cwd, values.ledger) : undefined;
  const dir = new ExportDir({ dir: resolve(io.cwd, values['out-dir']!), cwd: io.cwd, inputs, ledgerFile: ledger, note, limits: request.limits });
  let result;
  let run: Run | undefined;
  let failed = true;
  // Stopped mid-run (Ctrl-C, kill): the unfinished run's folder and the lock go, as when the run fails.
  const unwatch = io.onStop?.((signal) => {
    run?.folder.abort();
    dir.release(true);
    io.stderr(`preflight: stopped by ${signal}; ${run ? `run ${run.name} was not written` : 'nothing was written'}, nothing was exported\n`);
  });
  try {
    request.ledger = dir.ledger.entries;
    run = dir.startRun({ onBytes: pauseHook(io) });
    request.run = run.name;
    try {
      result = await runExport(request, run.folder, parallel);
    } catch (e) {
      run.folder.abort();
      throw e;
    }
    dir.commit(run, result.ledger);
    failed = false;
  } finally {
    unwatch?.();
    dir.release(failed);
  }
  const folder = terminalText(displayPath(run.folder.dir, io.cwd));
  io.stdout(
    summaryText(
      result,
      `Wrote run ${run.name} to ${folder}: payloads.json, ap-import.txt, rejections.json, rejections.csv, summary.json.\n` +
        `Import into Sage: ${join(folder, 'ap-import.txt')}\n` +
        `Ledger: ${terminalText(dir.ledgerShown)} (${plural(result.summary.ledgerEntries, 'invoice')} from ${plural(dir.ledger.runs.length + 1, 'run')}).`,
    ),
  );
  return result.summary.rejected > 0 ? 1 : 0;
}

/** The request a worker of a parallel export works from: loaded as the command loads it, with the ledger as it is now. */
export function exportRequest(values: ExportFlags, io: Pick<CliIO, 'cwd' | 'env'>): ExportRequest {
  const { request } = loadExport(values, io);
  const ledgerFile = ledgerPath(values, io);
  if (ledgerFile) request.ledger = readLedger(ledgerFile, displayPath(ledgerFile, io.cwd), request.limits).entries;
  return request;
}

/**
 * Loads what the export needs (pack, config, snapshot, layout) from its flags, and lists every file it read
 * (the output folder may be none of them); the ledger is left empty, for the caller to read. Writes nothing.
 */
function loadExport(values: ExportFlags, io: Pick<CliIO, 'cwd' | 'env'>): { request: ExportRequest; inputs: string[] } {
  const accountingDate = parseDateFlag('--accounting-date', values['accounting-date']);
  const asOf = values['as-of']!;
  const limits = { ...DEFAULT_READ_LIMITS, maxBytes: limitsFlag(values['max-file-size']).maxBytes };

  const pack = requirePack(values.pack ?? defaultPackDir(io), limits);
  if (!pack.mapping || !pack.layout) throw fileProblem(pack.file, 'no-export', 'the pack has no `export` (mapping and layout); it cannot export invoices');
  const config = effectiveConfig(pack, {
    pack: pack.dir,
    config: values.config,
    snapshot: values.snapshot,
    sets: values.set,
    settings: accountingDate ? { 'export.accountingDate': accountingDate } : {},
    asOf,
    limits,
  });
  const source = config.snapshot?.value;
  if (!source || !('file' in source)) throw new UsageError('export needs a snapshot file: --snapshot FILE, or a config that names one');
  const snapshot = loadSnapshot(source.file, limits);
  const settings = settingValues(config);
  let layout = pack.layout;
  if (values.layout) {
    const problems: Diagnostic[] = [];
    const custom = loadLayout(values.layout, pack.mapping, pack.settings, limits, problems);
    if (!custom) throw new PreflightError(sortDiagnostics(problems));
    layout = custom;
  }

  const request: ExportRequest = {
    pack,
    snapshot,
    layout: resolveLayout(layout, settings),
    settings,
    levels: ruleLevels(config),
    waive: (findings, prefix) => applyWaivers(findings, config.waivers, asOf, prefix),
    waivers: config.waivers,
    invoices: values.invoices!,
    limits,
    trace: Boolean(values.trace),
    allowReexport: Boolean(values['allow-reexport']),
    asOf,
    ledger: [],
    customer: config.customer?.value ?? snapshot.meta.customer,
    maintenance: fullCollection(),
  };
  const inputs = [...values.invoices!, ...config.files, source.file, pack.dir, ...(values.layout ? [values.layout] : [])].map((p) => resolve(io.cwd, p));
  return { request, inputs };
}

/** Where the ledger is read from: --ledger, else the output folder's. */
function ledgerPath(values: ExportFlags, io: Pick<CliIO, 'cwd'>): string | undefined {
  const outDir = values['out-dir'] ? resolve(io.cwd, values['out-dir']) : undefined;
  return values.ledger ? resolve(io.cwd, values.ledger) : outDir ? join(outDir, 'ledger.json') : undefined;
}

/**
 * Whether to work the invoices out in worker threads: --jobs N (N > 1), for NDJSON input only. Off by default:
 * each worker holds its own pack and snapshot (about 65 MB more peak memory each: 243 against 115 MiB for two
 * at 100k invoices), and on two cores the gain was 1.24× to 1.63× (see BENCHMARKS.md); with more cores a long
 * export is worth it. Outputs are the same byte for byte either way.
 */
function parallelPlan(request: ExportRequest, asked: number | undefined, workerData: ExportWorkerData, note: (text: string) => void): ParallelRun | undefined {
  if (asked === undefined || asked < 2) return undefined;
  let files: string[];
  try {
    files = request.invoices.flatMap(invoiceFiles);
  } catch {
    return undefined; // the sequential reader reports it, where it would
  }
  if (files.length === 0 || !files.every(isNdjson)) return undefined;
  // The cores are known now; how many batches the invoices fill, only once the first batches are read.
  const cores = coresLimit(availableParallelism());
  const { jobs, note: capped } = capJobs(asked, [cores]);
  if (jobs < 2) {
    if (capped) note(capped);
    return undefined;
  }
  return inWorkers({ jobs: asked, limits: [cores], workerFile: EXPORT_WORKER, workerData, note });
}

const EXPORT_WORKER = join(PACKAGE_ROOT, 'bin', 'export-worker.js');

/** What a worker of a parallel export gets: the same flags (today fixed) and working directory. */
export interface ExportWorkerData {
  flags: ExportFlags;
  cwd: string;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function summaryText(result: Awaited<ReturnType<typeof runExport>>, last: string): string {
  const s = result.summary;
  const shown = result.lines.slice(0, MAX_PRINTED).map((l) => `  ${l.text}\n`).join('');
  const more = result.lineCount > MAX_PRINTED ? `  … and ${result.lineCount - MAX_PRINTED} more (see rejections.csv and payloads.json)\n` : '';
  return (
    shown +
    more +
    `Read ${s.read} invoice${s.read === 1 ? '' : 's'}: ${s.exported} exported + ${s.rejected} rejected${s.reconciles ? '' : ' (DOES NOT RECONCILE)'}.\n` +
    `Exported total ${s.exportedAmount} in ${s.exported} invoice${s.exported === 1 ? '' : 's'}, ${s.exportedDistributions} distribution${s.exportedDistributions === 1 ? '' : 's'}; ${s.warnings} warning${s.warnings === 1 ? '' : 's'}.\n` +
    s.waivers.map(waiverLine).join('') +
    `${last}\n`
  );
}

/** One line per waiver the run applied: what it names, how many findings it waived, who approved it, until when, why. */
function waiverLine(w: ExportSummary['waivers'][number]): string {
  const names = w.key ?? `${w.rule}${w.scope === undefined ? '' : ` (scope ${w.scope})`}`;
  return terminalText(`Waiver ${names} waived ${plural(w.waived, 'finding')}: ${w.reason} (approved by ${w.approver}, ${w.ticket}, until ${w.expires})`) + '\n';
}

/**
 * Test hook, honoured only for the atomic-write test: PREFLIGHT_TEST_PAUSE_AFTER_BYTES=N makes the writer stop
 * for good once N bytes are written (mid-file), after saying so on stderr, so the test can SIGKILL it.
 */
function pauseHook(io: CliIO): ((total: number) => void) | undefined {
  const n = Number(io.env.PREFLIGHT_TEST_PAUSE_AFTER_BYTES);
  if (!io.env.PREFLIGHT_TEST_PAUSE_AFTER_BYTES || !Number.isInteger(n) || n <= 0) return undefined;
  return (total) => {
    if (total < n) return;
    io.stderr('preflight: paused for test\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
}

/**
 * A full garbage collection when the heap has grown by HEAP_GROWTH since the last one, for the export loop to
 * ask every thousand invoices. V8 otherwise lets the heap grow with the amount of short-lived garbage (RSS 113 MB
 * at 1k invoices, 295 MB at 100k, though the live set stays under 48 MB), and a streaming export must keep its
 * memory flat; a collection at a fixed interval costs more and more as the run's duplicate check grows. Node
 * exposes gc only by flag.
 */
function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    let after = getHeapStatistics().used_heap_size;
    return () => {
      if (getHeapStatistics().used_heap_size < after + HEAP_GROWTH) return;
      (gc as () => void)();
      after = getHeapStatistics().used_heap_size;
    };
  } catch {
    return undefined;
  }
}

const HEAP_GROWTH = 32 * 1024 * 1024;
