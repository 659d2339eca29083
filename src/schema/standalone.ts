// Build-time only: ajv standalone code for every published schema and for the schemas the default pack
// builds (settings, config), with the run-time ajv's options and formats, so a precompiled validator
// reports exactly the errors a run-time compiled one does.
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv } from './validate.ts';
import { PUBLISHED_SCHEMAS } from './all.ts';
import { configSchema } from './config.schema.ts';
import { loadPack } from '../pack/load.ts';

// CommonJS with a `default` export: under nodenext the default import is the module object.
const standaloneCode = (standaloneModule as unknown as { default: (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string }).default;

export interface StandaloneValidators {
  /** A CommonJS module; its only requires are ajv's runtime helpers (ajv/dist/runtime/*), which a bundler inlines. */
  code: string;
  /** Export name by published schema file name. */
  published: Record<string, string>;
  /** Export name by the JSON text of a schema built from the default pack. */
  byContent: Record<string, string>;
}

/** `packDir`: the default pack, whose setting and config schemas are precompiled too (skipped if invalid). */
export function standaloneValidators(packDir?: string): StandaloneValidators {
  const instance = createAjv({ code: { source: true, esm: false } });
  const refs: Record<string, string> = {};
  const published: Record<string, string> = {};
  const byContent: Record<string, string> = {};
  for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    const id = (schema as { $id?: string }).$id;
    if (!id) throw new Error(`${file} has no $id`);
    instance.addSchema(schema);
    const name = file.replace(/\.schema\.json$/, '').replace(/[^A-Za-z0-9]/g, '_');
    refs[name] = id;
    published[file] = name;
  }
  const pack = packDir ? loadPack(packDir).pack : undefined;
  if (pack) {
    // The config schema as config/load.ts validates with it: without $id.
    const { $id: _id, ...config } = configSchema(pack) as Record<string, unknown>;
    const built = [config, ...[...pack.settings.values()].map((s) => s.schema)];
    built.forEach((schema, i) => {
      const key = JSON.stringify(schema);
      if (byContent[key]) return;
      const name = `built${i}`;
      instance.addSchema(schema, `preflight:built/${i}`);
      refs[name] = `preflight:built/${i}`;
      byContent[key] = name;
    });
  }
  return { code: standaloneCode(instance, refs), published, byContent };
}
