// The engine's entry points for in-process benchmarks, bundled by engine-bundle.js the way scripts/build.mjs
// bundles the CLI: the code users run, without tsx's per-function name keeping.
export { loadPack } from '../../src/pack/load.ts';
export { snapshotFromData } from '../../src/snapshot/load.ts';
export { evaluateRules, defaultSettings } from '../../src/engine/evaluate.ts';
export { buildReport } from '../../src/engine/report.ts';
export { FORMATTERS } from '../../src/report/formats.ts';
