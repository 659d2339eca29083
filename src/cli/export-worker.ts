// Worker thread of a parallel `preflight export`: loads the same request from the same flags, then works out
// the batches of NDJSON lines it is sent and answers with their results, in order. It writes nothing.
import { parentPort, workerData } from 'node:worker_threads';
import { MAINTENANCE_EVERY, startExport } from '../export/run.ts';
import { renderLine, type LineResult, type LineTask, type WorkerReply } from '../export/parallel.ts';
import { exportRequest, type ExportWorkerData } from './export.ts';

const data = workerData as ExportWorkerData;
const reply = (m: WorkerReply) => parentPort!.postMessage(m);

let state: ReturnType<typeof startExport> | undefined;
try {
  // The duplicate check needs every invoice in order: the thread that writes does it.
  state = startExport(exportRequest(data.flags, { cwd: data.cwd, env: {} }), { trackSeen: false });
} catch (e) {
  reply({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}

let worked = 0;
parentPort!.on('message', (m: { id: number; batch: LineTask[] }) => {
  if (!state) return;
  const results: LineResult[] = new Array(m.batch.length);
  for (let i = 0; i < m.batch.length; i++) {
    results[i] = renderLine(state, m.batch[i]);
    if (++worked % MAINTENANCE_EVERY === 0) state.req.maintenance?.();
  }
  reply({ type: 'done', id: m.id, results });
});
