// The bundle's precompiled validators (ajv standalone code) give exactly the run-time validators' errors.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { standaloneValidators } from '../../src/schema/standalone.ts';
import { createAjv } from '../../src/schema/validate.ts';
import { FIXED_SCHEMAS } from '../../src/schema/all.ts';
import { configSchema } from '../../src/schema/config.schema.ts';
import { requirePack } from '../../src/pack/load.ts';
import { FORMATS, FORMATS_BINDING } from '../../src/schema/formats.ts';

const generated = standaloneValidators('rules');
/** Runs one generated CommonJS module as the bundle does (its formats bound), and returns its validator. */
function load(code: string | undefined): ValidateFunction | undefined {
  if (code === undefined) return undefined;
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', FORMATS_BINDING, code)(module, module.exports, createRequire(import.meta.url), FORMATS);
  return module.exports as ValidateFunction;
}
const runtime = createAjv();

/** Valid data, then the same data with one value at a time swapped for a wrong one, or a key dropped or added. */
function variants(data: unknown): unknown[] {
  const out: unknown[] = [data, {}, [], 'text'];
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (paths.length > 60) return;
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
  for (const path of paths.slice(1)) {
    for (const wrong of [12345, 'not-valid', null, [], {}, true, undefined, 'extra']) {
      const copy = structuredClone(data) as Record<string | number, unknown>;
      let parent = copy;
      for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (wrong === undefined) delete parent[last];
      else if (wrong === 'extra' && parent && typeof parent === 'object' && !Array.isArray(parent)) parent[`${String(last)}Typo`] = 1;
      else parent[last] = wrong;
      out.push(copy);
    }
  }
  return out;
}

function sameErrors(precompiled: ValidateFunction | undefined, schema: object, samples: unknown[]): void {
  expect(precompiled).toBeTypeOf('function');
  const compiled = runtime.compile(schema);
  for (const data of samples) {
    const a = precompiled!(data);
    const b = compiled(data);
    expect(a).toBe(b);
    expect(JSON.parse(JSON.stringify(precompiled!.errors ?? null))).toEqual(JSON.parse(JSON.stringify(compiled.errors ?? null)));
  }
}

const yaml = (file: string) => parse(readFileSync(file, 'utf8'));
const SAMPLES: Record<string, unknown> = {
  'pack.schema.json': yaml('rules/pack.yaml'),
  'rule.schema.json': yaml('rules/invoice/import-field-length.yaml'),
  'snapshot.schema.json': yaml('fixtures/snapshots/demo-harbor-point.yaml'),
  'cases.schema.json': yaml('rules/readiness/hh2-client-version.cases.yaml'),
  'mapping.schema.json': yaml('rules/mapping/sage300-ap-invoice.yaml'),
  'layout.schema.json': yaml('rules/layouts/sage300-ap-import-fixed.yaml'),
  'invoice.schema.json': JSON.parse(readFileSync('fixtures/invoices/golden/01-one-line.json', 'utf8')),
  'survey.schema.json': {},
  'report.schema.json': {},
};

describe('precompiled validators', () => {
  test('every published schema is precompiled', () => {
    expect(Object.keys(generated.published).sort()).toEqual(Object.keys(FIXED_SCHEMAS).sort());
  });

  for (const file of Object.keys(FIXED_SCHEMAS)) {
    test(`${file}: same verdicts and errors as the run-time validator`, () => {
      sameErrors(load(generated.published[file]), FIXED_SCHEMAS[file], variants(SAMPLES[file]));
    });
  }

  test("the default pack's config and setting schemas: found by content, same errors", () => {
    const pack = requirePack('rules');
    const { $id: _id, ...config } = configSchema(pack) as Record<string, unknown>;
    const customer = { customer: 'X', extends: ['a.yaml'], snapshot: 's.yaml', settings: { 'sage.vendorIdLength': 10 }, rules: { 'hh2-client-version': 'warning' }, waivers: [{ rule: 'hh2-client-version', reason: 'r', approver: 'a', ticket: 't', expires: '2027-01-31' }] };
    sameErrors(load(generated.byContent[JSON.stringify(config)]), config, variants(customer));
    for (const spec of pack.settings.values()) {
      sameErrors(load(generated.byContent[JSON.stringify(spec.schema)]), spec.schema, [spec.default, 12, 'x', null, [], {}, [1, 1], ['x', 'x']]);
    }
  });
});
