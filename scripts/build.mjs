// Bundles the CLI (and the `check --all` worker) into dist/ with esbuild, so a cold start loads one file
// instead of transpiling ~100 TypeScript modules through tsx. Run by `npm ci` (prepare) and `npm run build`.
// bin/ uses the bundle only while it is newer than every file in src/; otherwise it falls back to tsx.
// The bundle carries the published schemas' validators precompiled (ajv standalone code): a run never
// compiles them (src/schema/precompiled.ts, empty in the sources, is replaced by the generated module).
import { build, transform } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const banner = "import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);";

/** The standalone validators as an ES module exporting PRECOMPILED, by published schema file name. */
async function precompiledModule() {
  // Inside node_modules, so the generator resolves ajv (kept external) the way the sources do.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const scratch = mkdtempSync(join(root, 'node_modules', '.cache', 'preflight-build-'));
  try {
    // The generator is TypeScript next to the schemas: bundle it once into scratch and run it here.
    const generator = join(scratch, 'standalone.mjs');
    await build({ absWorkingDir: root, entryPoints: ['src/schema/standalone.ts'], outfile: generator, bundle: true, platform: 'node', format: 'esm', target: 'node20', banner: { js: banner }, logLevel: 'warning' });
    const { standaloneValidators } = await import(pathToFileURL(generator).href);
    const { published, byContent } = standaloneValidators(join(root, 'rules'));
    // Each validator's module in a function: V8 only scans it at start, and builds it on first use.
    const loader = async (code) => {
      const cjs = (await transform(code, { loader: 'js', format: 'cjs', minify: true, target: 'node20' })).code;
      return `once(() => { const module = { exports: {} }; const exports = module.exports;\n${cjs}\nreturn module.exports; })`;
    };
    const table = async (codes) => `{\n${(await Promise.all(Object.entries(codes).map(async ([key, code]) => `  ${JSON.stringify(key)}: ${await loader(code)},\n`))).join('')}}`;
    return `const once = (build) => { let fn; return () => (fn ??= build()); };\nexport const PRECOMPILED = ${await table(published)};\nexport const PRECOMPILED_BY_CONTENT = ${await table(byContent)};\n`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
    entryPoints: { preflight: 'src/cli/main.ts', 'check-worker': 'src/cli/check-worker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
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
