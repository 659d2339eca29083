// Makes sure the competitors in bench/package.json are installed into bench/node_modules, and says where their entry points are.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const BENCH_DIR = new URL('../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${BENCH_DIR}package.json`, 'utf8'));
const require = createRequire(`${BENCH_DIR}package.json`);

/** Entry points run with `node` (what each package's bin runs). */
export const COMPETITOR_BINS = {
  ajvCli: `${BENCH_DIR}node_modules/ajv-cli/dist/index.js`,
  spectral: `${BENCH_DIR}node_modules/@stoplight/spectral-cli/dist/index.js`,
};

const installedVersion = (name) => {
  try {
    return JSON.parse(readFileSync(`${BENCH_DIR}node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** { name: version } of every competitor as installed. */
export function competitorVersions() {
  return Object.fromEntries(Object.keys(manifest.dependencies).map((name) => [name, installedVersion(name) ?? 'missing']));
}

/**
 * Installs the competitors when any is missing or at another version (`npm install --prefix bench`).
 * Returns { ok, message }: never throws, so the runner can go on with the scenarios that need nothing.
 */
export function ensureCompetitors(log = (m) => process.stderr.write(`${m}\n`)) {
  const missing = Object.entries(manifest.dependencies).filter(([name, version]) => installedVersion(name) !== version || !existsSync(`${BENCH_DIR}node_modules/${name}`));
  if (missing.length === 0) return { ok: true, message: 'competitors installed' };
  log(`installing benchmark competitors into bench/node_modules: ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} (npm install --prefix bench)`);
  const r = spawnSync('npm', ['install', '--prefix', BENCH_DIR, '--no-audit', '--no-fund'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SCARF_ANALYTICS: 'false' } });
  const still = Object.entries(manifest.dependencies).filter(([name, version]) => installedVersion(name) !== version);
  if (r.status === 0 && still.length === 0) return { ok: true, message: 'competitors installed now' };
  const lines = (r.error?.message ?? r.stderr ?? '').trim().split('\n');
  const why = lines.find((l) => /npm error (code|errno|network|request|404)/i.test(l)) ?? lines[0];
  return {
    ok: false,
    message: `could not install the benchmark competitors (${still.map(([n]) => n).join(', ')}): ${why || `npm exited ${r.status}`}. ` +
      'Offline? Run `npm install --prefix bench` once with access to the npm registry; scenarios that compare against them are marked failed until then, the others still run.',
  };
}

/** require() from bench/node_modules, with a clear message when the package is not there. */
export function requireCompetitor(name) {
  try {
    return require(name);
  } catch (e) {
    throw new Error(`${name} is not installed in bench/node_modules (run \`npm install --prefix bench\`): ${e.message}`);
  }
}
