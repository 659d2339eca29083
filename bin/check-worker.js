// Worker entry for `check --all --jobs N`: each thread registers tsx itself (loader hooks are per thread).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/check-worker.ts');
