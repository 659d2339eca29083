// Worker entry for a parallel `preflight export`: loads the worker module (bundle or tsx: loader hooks are per thread).
import { load } from './entry.js';

await load('export-worker', 'export-worker.ts');
