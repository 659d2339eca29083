// A parallel export: worker threads work the records out (parse, validate, map, check, lay out), this thread
// reads the lines, puts the results back in input order and writes them. Same outputs as one thread, byte for
// byte: the workers run the same renderRecord, and the run's duplicate check stays here, in input order (a
// worker, seeing only some invoices, leaves it out; an invoice found to repeat an earlier one is worked out
// again here, where the earlier one is known).
import { Worker } from 'node:worker_threads';
import { PreflightError, type Diagnostic } from '../diagnostics.ts';
import { invoiceFiles, ndjsonLines, ndjsonRecord, type ReadLimits } from './read.ts';
import { renderRecord, type ExportState, type ParallelRun, type RecordOutput } from './run.ts';
import type { ExportWriter } from './writer.ts';
import { capJobs, type JobsLimit } from '../jobs.ts';

/** One NDJSON line to work out. */
export interface LineTask {
  file: string;
  text: string;
  line: number;
}

/** A line's output, or the located error its parse gave. */
export type LineResult = RecordOutput | { kind: 'error'; diagnostics: Diagnostic[] };

/** What a worker says: a batch's results in order, or that it could not start. */
export type WorkerReply = { type: 'done'; id: number; results: LineResult[] } | { type: 'failed'; message: string };

/** Works one line out the way the sequential reader and loop would: a parse error becomes the line's result. */
export function renderLine(state: ExportState, task: LineTask): LineResult {
  try {
    return renderRecord(state, ndjsonRecord(task.file, task.text, task.line), true);
  } catch (e) {
    if (e instanceof PreflightError) return { kind: 'error', diagnostics: e.diagnostics };
    throw e;
  }
}

/** Lines per message: enough that messaging costs little per record, few enough to keep memory flat. */
const BATCH_LINES = 128;
/** Batches a worker holds at once: one to work on, one waiting. */
const IN_FLIGHT = 2;

export interface ParallelOptions {
  /** --jobs N as asked: capped at `limits` (the cores) and at the batches the invoices fill. */
  jobs: number;
  limits: JobsLimit[];
  /** Says when fewer workers start than asked. */
  note: (text: string) => void;
  /** The worker's entry file, and what it needs to load the same request (see src/cli/export-worker.ts). */
  workerFile: string;
  workerData: unknown;
}

export function inWorkers(options: ParallelOptions): ParallelRun {
  return (state, writer) => runInWorkers(state, writer, options);
}

function runInWorkers(state: ExportState, writer: ExportWriter, options: ParallelOptions): Promise<void> {
  const { req } = state;
  return new Promise<void>((resolve, reject) => {
    const source = allLines(req.invoices, req.limits);
    let readDone = false;
    let readError: unknown;
    let stopped = false;
    let settled = false;
    let nextId = 0;
    let nextCommit = 0;
    const sent = new Map<number, LineTask[]>();
    const results = new Map<number, LineResult[]>();
    const workers: { worker: Worker; busy: number }[] = [];
    /** Batches read but not yet sent: the first ones, read before any worker starts, tell how many to start. */
    const pending: LineTask[][] = [];

    const end = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const nextBatch = (): LineTask[] => {
      const batch: LineTask[] = [];
      try {
        while (batch.length < BATCH_LINES) {
          const step = source.next();
          if (step.done) {
            readDone = true;
            break;
          }
          batch.push(step.value);
        }
      } catch (e) {
        // Thrown where the sequential reader would throw it: after every line before it is written.
        readDone = true;
        readError = e;
      }
      return batch;
    };
    const take = (): LineTask[] | undefined => {
      const batch = pending.shift() ?? (readDone ? undefined : nextBatch());
      return batch?.length ? batch : undefined;
    };
    const feed = (w: { worker: Worker; busy: number }) => {
      while (w.busy < IN_FLIGHT && !stopped) {
        const batch = take();
        if (!batch) break;
        const id = nextId++;
        sent.set(id, batch);
        w.busy++;
        w.worker.postMessage({ id, batch });
      }
    };
    const commitReady = () => {
      while (!stopped && results.has(nextCommit)) {
        const batch = sent.get(nextCommit)!;
        const done = results.get(nextCommit)!;
        results.delete(nextCommit);
        sent.delete(nextCommit);
        nextCommit++;
        for (let i = 0; i < done.length && !stopped; i++) {
          if (commitOne(state, writer, done[i], batch[i]) === 'stop') stopped = true;
        }
      }
    };
    const settleIfDone = () => {
      if (stopped) end();
      else if (readDone && pending.length === 0 && nextCommit === nextId) end(readError);
    };

    while (pending.length < options.jobs && !readDone) {
      const batch = nextBatch();
      if (batch.length > 0) pending.push(batch);
    }
    const batches = { limit: pending.length, because: `the invoices fill ${pending.length === 1 ? '1 batch' : `${pending.length} batches`} of up to ${BATCH_LINES} lines` };
    const { jobs, note } = pending.length === 0 ? { jobs: 0 } : capJobs(options.jobs, [...options.limits, batches]);
    if (note) options.note(note);
    for (let i = 0; i < jobs; i++) {
      const w = { worker: new Worker(options.workerFile, { workerData: options.workerData }), busy: 0 };
      workers.push(w);
      w.worker.on('message', (m: WorkerReply) => {
        if (settled) return;
        if (m.type === 'failed') return end(new Error(`an export worker could not start: ${m.message}`));
        w.busy--;
        results.set(m.id, m.results);
        try {
          commitReady();
        } catch (e) {
          return end(e);
        }
        for (const x of workers) feed(x);
        settleIfDone();
      });
      w.worker.on('error', (e) => end(e));
      w.worker.on('exit', (code) => {
        if (!settled && code !== 0) end(new Error(`an export worker stopped (exit code ${code})`));
      });
    }
    for (const w of workers) feed(w);
    settleIfDone();
  });
}

/** Every line of every NDJSON file, in input order. */
function* allLines(paths: string[], limits: ReadLimits): Generator<LineTask> {
  for (const path of paths) for (const file of invoiceFiles(path)) for (const { text, line } of ndjsonLines(file, limits)) yield { file, text, line };
}

/** Hands a line's result to the writer, after the run's duplicate check (which only this thread can do). */
function commitOne(state: ExportState, writer: ExportWriter, result: LineResult, task: LineTask): 'go' | 'stop' {
  if (result.kind === 'error') throw new PreflightError(result.diagnostics);
  let out: RecordOutput = result;
  if (out.kind === 'invoice' && out.dedupe !== null && !writer.failed) {
    const seen = state.run.seen;
    // A repeat of an earlier invoice: worked out again here, where the run knows the first one.
    if (seen.has(out.dedupe)) out = renderRecord(state, ndjsonRecord(task.file, task.text, task.line), true);
    else seen.set(out.dedupe, out.location);
  }
  return writer.commit(out);
}
