// A parallel export: this thread and jobs − 1 worker threads work the records out (parse, validate, map, check,
// lay out); this thread also reads the lines, puts the results back in input order and writes them. Same outputs
// as one thread, byte for byte: every thread runs the same renderRecord, and the run's duplicate check is done
// here, in input order, as results are written (a thread working out a batch may not have seen the earlier ones,
// so none of them tracks duplicates; an invoice found to repeat an earlier one is worked out again here, where
// the earlier one is known).
import { Worker } from 'node:worker_threads';
import { PreflightError, type Diagnostic } from '../diagnostics.ts';
import { invoiceFiles, ndjsonLines, ndjsonRecord, type ReadLimits } from './read.ts';
import { renderRecord, startExport, type ExportState, type ParallelRun, type RecordOutput } from './run.ts';
import type { ExportWriter } from './writer.ts';

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
/**
 * Batches read and not yet written, per thread, before this thread stops working out batches of its own to wait
 * for the workers. Two per thread (as the workers hold) left it idle a quarter of the time on two cores.
 */
const WAITING_PER_JOB = 4;

export interface ParallelOptions {
  /** Threads that work records out: this one and jobs − 1 workers. */
  jobs: number;
  /** The worker's entry file, and what it needs to load the same request (see src/cli/export-worker.ts). */
  workerFile: string;
  workerData: unknown;
}

export function inWorkers(options: ParallelOptions): ParallelRun {
  return (state, writer) => runInWorkers(state, writer, options);
}

interface WorkerSlot {
  worker: Worker;
  busy: number;
}

/**
 * This thread reads the lines and hands batches to the workers, keeping each one IN_FLIGHT batches ahead; while
 * they are busy it works out the next batch itself. Batches are numbered as they are read and committed in that
 * order, whoever worked them out. Its own batches go through a run that does not track duplicates either: it may
 * work a batch out before an earlier one comes back.
 */
async function runInWorkers(state: ExportState, writer: ExportWriter, options: ParallelOptions): Promise<void> {
  const { req } = state;
  const local = startExport(req, { trackSeen: false });
  const source = allLines(req.invoices, req.limits);
  let readDone = false;
  let readError: unknown;
  let failure: unknown;
  let failed = false;
  let ending = false;
  let stopped = false;
  let nextId = 0;
  let nextCommit = 0;
  const sent = new Map<number, LineTask[]>();
  const results = new Map<number, LineResult[]>();
  const workers: WorkerSlot[] = [];
  // Woken when a worker answers (or fails).
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (e: unknown) => {
    if (failed) return;
    failed = true;
    failure = e;
    signal();
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
  const feed = () => {
    for (const w of workers) {
      while (w.busy < IN_FLIGHT && !readDone && !stopped) {
        const batch = nextBatch();
        if (batch.length === 0) break;
        const id = nextId++;
        sent.set(id, batch);
        w.busy++;
        w.worker.postMessage({ id, batch });
      }
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
  // Batches read and not yet committed: this thread works one out itself only while there are fewer than
  // WAITING_PER_JOB per thread, so a slow worker holds back no more than that many batches' results.
  const waiting = () => nextId - nextCommit;
  const limit = options.jobs * WAITING_PER_JOB;

  for (let i = 1; i < options.jobs; i++) {
    const slot: WorkerSlot = { worker: new Worker(options.workerFile, { workerData: options.workerData }), busy: 0 };
    workers.push(slot);
    slot.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'failed') return fail(new Error(`an export worker could not start: ${m.message}`));
      slot.busy--;
      results.set(m.id, m.results);
      signal();
    });
    slot.worker.on('error', (e) => fail(e));
    slot.worker.on('exit', (code) => {
      if (!ending && code !== 0) fail(new Error(`an export worker stopped (exit code ${code})`));
    });
  }
  try {
    while (!failed) {
      commitReady();
      if (stopped || (readDone && nextCommit === nextId)) break;
      feed();
      if (!readDone && waiting() < limit) {
        // Every worker has its batches: this thread works out the next one.
        const batch = nextBatch();
        if (batch.length > 0) {
          const id = nextId++;
          sent.set(id, batch);
          const done: LineResult[] = new Array(batch.length);
          for (let i = 0; i < batch.length; i++) done[i] = renderLine(local, batch[i]);
          results.set(id, done);
        }
        // Lets the workers' answers in before the next batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (results.has(nextCommit)) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    ending = true;
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  if (failed) throw failure;
  if (!stopped && readError !== undefined) throw readError;
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
