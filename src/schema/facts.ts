// What the snapshot schema says about one fact: its description and how a person collects it.
import { snapshotSchema } from './snapshot.schema.ts';

export interface FactInfo {
  description?: string;
  collect?: string;
}

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: SchemaNode | boolean; items?: SchemaNode; description?: string; 'x-collect'?: string };

/** Walks the snapshot schema along a JSON pointer; the nearest `x-collect` on the way is kept. */
export function describeFact(pointer: string): FactInfo {
  let node: SchemaNode | undefined = snapshotSchema as unknown as SchemaNode;
  let collect: string | undefined;
  for (const seg of pointer.split('/').slice(1)) {
    if (!node) break;
    const next: SchemaNode | undefined =
      node.properties?.[seg] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined) ?? (/^\d+$/.test(seg) ? node.items : undefined);
    node = next;
    if (node?.['x-collect']) collect = node['x-collect'];
  }
  return { description: node?.description, collect };
}
