// Worker entry for `check --all --jobs N`: loads the worker module (bundle or tsx: loader hooks are per thread).
import { load } from './entry.js';

await load('check-worker', 'check-worker.ts');
