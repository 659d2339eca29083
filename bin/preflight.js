#!/usr/bin/env node
// The `preflight` command: runs src/cli/main.ts (bundled in dist/ when fresh, else through tsx).
import { load } from './entry.js';

const { runMain } = await load('preflight', 'main.ts');
await runMain();
