// Every property of every published schema says what it is, so hovering any key in VS Code explains it.
import { describe, expect, test } from 'vitest';
import { publishedSchemas } from '../../src/schema/all.ts';
import { requirePack } from '../../src/pack/load.ts';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The paths of property schemas without a description: entries of `properties` and `patternProperties`, and
 * the value schema of a map (`additionalProperties`), wherever they stand (inside items, definitions, anyOf…).
 */
function undescribed(node: unknown, path = ''): string[] {
  if (!isNode(node)) return [];
  const out: string[] = [];
  const property = (child: unknown, at: string) => {
    if (isNode(child) && typeof child.description !== 'string') out.push(at);
    out.push(...undescribed(child, at));
  };
  for (const key of ['properties', 'patternProperties'] as const) {
    if (isNode(node[key])) for (const [name, child] of Object.entries(node[key])) property(child, `${path}/${name}`);
  }
  if (isNode(node.additionalProperties)) property(node.additionalProperties, `${path}/*`);
  for (const key of ['items', 'not', 'if', 'then', 'else', 'propertyNames'] as const) out.push(...undescribed(node[key], `${path}[${key}]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((branch, i) => out.push(...undescribed(branch, `${path}[${key} ${i}]`)));
  }
  for (const key of ['definitions', '$defs'] as const) {
    if (isNode(node[key])) for (const [name, child] of Object.entries(node[key])) out.push(...undescribed(child, `#${name}`));
  }
  return out;
}

const published = publishedSchemas(requirePack('rules'));

describe('schema descriptions', () => {
  test('the walk finds a property without a description, wherever it stands', () => {
    const schema = {
      properties: { a: { description: 'A.', properties: { b: { type: 'string' } } } },
      definitions: { d: { properties: { e: {} } } },
      items: { anyOf: [{ properties: { f: { type: 'number' } } }] },
      additionalProperties: { type: 'boolean' },
    };
    expect(undescribed(schema)).toEqual(['/a/b', '/*', '[items][anyOf 0]/f', '#d/e']);
  });

  test.each(Object.keys(published))('every property of %s has a description', (name) => {
    expect(undescribed(published[name])).toEqual([]);
    expect(typeof (published[name] as Node).description, 'the schema itself').toBe('string');
  });
});
