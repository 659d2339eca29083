// Bundles the CLI (and the `check --all` worker) into dist/ with esbuild: an entry and a chunk per command, so
// a cold start loads a few files instead of transpiling ~100 TypeScript modules through tsx. Run by `npm ci`
// (prepare) and `npm run build`. bin/ uses the bundle only while it is newer than every file in src/; otherwise
// it falls back to tsx. The bundle carries precompiled validators (ajv standalone code) for the published
// schemas and for the default pack's config and setting schemas, and a build id: a run never compiles those
// schemas (src/schema/precompiled.ts, empty in the sources, is replaced by the generated module).
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A precompiled validator at least this large (minified) goes to a file of its own (dist/validators/). */
const SEPARATE_VALIDATOR_BYTES = 16 * 1024;
const banner = "import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);";

/** The generated module: PRECOMPILED (by published schema file name), PRECOMPILED_BY_CONTENT (by a default pack schema's JSON text), BUILD_ID. */
async function precompiledModule() {
  // Inside node_modules, so the generator resolves ajv (kept external) the way the sources do.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const scratch = mkdtempSync(join(root, 'node_modules', '.cache', 'preflight-build-'));
  try {
    // The generator is TypeScript next to the schemas: bundle it once into scratch and run it here.
    const generator = join(scratch, 'standalone.mjs');
    await build({ absWorkingDir: root, entryPoints: ['src/schema/standalone.ts'], outfile: generator, bundle: true, platform: 'node', format: 'esm', target: 'node20', banner: { js: banner }, logLevel: 'warning' });
    const { standaloneValidators, FORMATS_BINDING } = await import(pathToFileURL(generator).href);
    const { published, byContent } = standaloneValidators(join(root, 'rules'));
    // Each validator's module in a function: V8 only scans it at start, and builds it on first use. A large
    // one (the report's, the survey's, ...: 20 KB to 110 KB each) is a file of its own in dist/validators/,
    // required on first use, so a command never even scans the validators it does not use.
    mkdirSync(join(root, 'dist', 'validators'), { recursive: true });
    let files = 0;
    // The code's one free name, FORMATS_BINDING, is bound to the run-time FORMATS: by the import below for a
    // validator written in line, as the argument of its file's exported function for one in a file of its own.
    const loader = async (code) => {
      const cjs = (await transform(code, { loader: 'js', format: 'cjs', minify: true, target: 'node20' })).code;
      if (cjs.length < SEPARATE_VALIDATOR_BYTES) return `once(() => { const module = { exports: {} }; const exports = module.exports;\n${cjs}\nreturn module.exports; })`;
      const name = `validator-${files++}.cjs`;
      writeFileSync(join(root, 'dist', 'validators', name), `'use strict';\nmodule.exports = (${FORMATS_BINDING}) => { const module = { exports: {} }; const exports = module.exports;\n${cjs}\nreturn module.exports; };\n`);
      return `once(() => requireValidator(${JSON.stringify(name)})(${FORMATS_BINDING}))`;
    };
    const table = async (codes) => {
      const entries = [];
      for (const [key, code] of Object.entries(codes)) entries.push(`  ${JSON.stringify(key)}: ${await loader(code)},\n`);
      return `{\n${entries.join('')}}`;
    };
    const header = [
      "import { createRequire } from 'node:module';",
      "import { join } from 'node:path';",
      "import { PACKAGE_ROOT } from '../package-root.ts';",
      `import { FORMATS as ${FORMATS_BINDING} } from './formats.ts';`,
      'const once = (build) => { let fn; return () => (fn ??= build()); };',
      "const requireValidator = (name) => createRequire(import.meta.url)(join(PACKAGE_ROOT, 'dist', 'validators', name));",
    ].join('\n');
    return `${header}\nexport const PRECOMPILED = ${await table(published)};\nexport const PRECOMPILED_BY_CONTENT = ${await table(byContent)};\nexport const BUILD_ID = ${JSON.stringify(buildId())};\n`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** sha256 of every source file, this script and the locked dependencies: what a cache entry of this build depends on. */
function buildId() {
  const files = ['package.json', 'package-lock.json', 'scripts/build.mjs'];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('src');
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const bytes = existsSync(join(root, file)) ? readFileSync(join(root, file)) : Buffer.alloc(0);
    hash.update(`${file}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

try {
  rmSync(`${root}dist`, { recursive: true, force: true });
  const contents = await precompiledModule();
  const precompiledPlugin = {
    name: 'precompiled-validators',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]schema[\\/]precompiled\.ts$/ }, () => ({
        loader: 'js',
        resolveDir: join(root, 'src', 'schema'),
        contents,
      }));
    },
  };
  await build({
    absWorkingDir: root,
    entryPoints: { preflight: 'src/cli/main.ts', 'check-worker': 'src/cli/check-worker.ts', 'export-worker': 'src/cli/export-worker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    // Code shared by the entries and the commands main.ts imports on demand goes to chunks: a command loads
    // only the modules it uses (validate: no engine, no report formatters).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: banner },
    legalComments: 'none',
    // Less text for V8 to scan at every start; names are kept, so profiles and stacks stay readable.
    minifyWhitespace: true,
    // Loaded from node_modules only when needed (both are dependencies): ajv when a schema has no
    // precompiled validator, yaml when a file needs the full parse (src/yaml/source.ts). Subpaths too: the
    // precompiled validators require ajv/dist/runtime/*.
    external: ['ajv', 'yaml'],
    logLevel: 'warning',
    plugins: [precompiledPlugin],
  });
  console.log('preflight: built dist/preflight.mjs');
} catch (e) {
  // Never fail an install over it: without dist/, bin/ runs the sources through tsx.
  console.warn(`preflight: bundle not built (${e instanceof Error ? e.message : e}); the CLI will run through tsx`);
}
