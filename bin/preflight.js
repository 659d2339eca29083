#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader; the CLI itself lives in src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runMain } = await import('../src/cli/main.ts');
await runMain();
