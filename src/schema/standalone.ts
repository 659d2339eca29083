// Build-time only: ajv standalone code for every published schema and for the schemas the default pack
// builds (settings, config), with the run-time ajv's options and formats, so a precompiled validator
// reports exactly the errors a run-time compiled one does.
import standaloneModule from 'ajv/dist/standalone/index.js';
import { ajvName, createAjv } from './validate.ts';
import { FORMATS_BINDING } from './formats.ts';
import { FIXED_SCHEMAS } from './all.ts';
import { anonymousConfigSchema } from '../config/load.ts';
import { loadPack } from '../pack/load.ts';

// The build binds this name in the code it writes around the validators.
export { FORMATS_BINDING };

// CommonJS with a `default` export: under nodenext the default import is the module object.
const standaloneCode = (standaloneModule as unknown as { default: (ajv: ReturnType<typeof createAjv>, validate: unknown) => string }).default;

export interface StandaloneValidators {
  /**
   * One CommonJS module per validator (module.exports is the validate function), by published schema file
   * name. Their only requires are ajv's runtime helpers (ajv/dist/runtime/*), which a bundler inlines; their
   * one free name is FORMATS_BINDING (formats.ts), which must hold FORMATS where the code runs.
   */
  published: Record<string, string>;
  /** The same, by the JSON text of a schema built from the default pack. */
  byContent: Record<string, string>;
}

/**
 * Standalone code of one schema, compiled alone with the run-time options. A format that is a function (a date
 * must be a real day) is reached through FORMATS_BINDING, which the code's loader binds to FORMATS.
 */
function moduleCode(schema: object): string {
  const instance = createAjv({ code: { source: true, esm: false, formats: ajvName(FORMATS_BINDING) } });
  return standaloneCode(instance, instance.compile(schema));
}

/** `packDir`: the default pack, whose setting and config schemas are precompiled too (skipped if invalid). */
export function standaloneValidators(packDir?: string): StandaloneValidators {
  const published: Record<string, string> = {};
  const byContent: Record<string, string> = {};
  for (const [file, schema] of Object.entries(FIXED_SCHEMAS)) published[file] = moduleCode(schema);
  const pack = packDir ? loadPack(packDir).pack : undefined;
  if (pack) {
    // The config schema as config/load.ts validates with it.
    for (const schema of [anonymousConfigSchema(pack), ...[...pack.settings.values()].map((s) => s.schema)]) {
      byContent[JSON.stringify(schema)] ??= moduleCode(schema);
    }
  }
  return { published, byContent };
}
