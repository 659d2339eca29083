// Worker thread for `check --all`: receives customer tasks, answers with their results.
import { parentPort } from 'node:worker_threads';
import { checkOneCustomer, type CustomerTask } from './check-customer.ts';

parentPort?.on('message', (m: { index: number; task: CustomerTask }) => {
  parentPort!.postMessage({ index: m.index, result: checkOneCustomer(m.task) });
});
