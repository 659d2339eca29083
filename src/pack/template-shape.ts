// Shapes of what a message template reads: JSON Schema nodes (the snapshot's, the invoice's, a setting's), where a
// node that says nothing (`{}`) stands for a value whose shape is not declared and is not checked.
import type { FactSchema } from '../schema/facts.ts';

export type Shape = FactSchema;

/** A value of undeclared shape: any name under it is accepted. */
export const ANY: Shape = Object.freeze({});

function typesOf(shape: Shape): string[] | undefined {
  if (shape.type !== undefined) return Array.isArray(shape.type) ? shape.type : [shape.type];
  if (shape.enum) return [...new Set(shape.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v)))];
  return undefined;
}

/** True when nothing is declared about a value's fields: any name under it is accepted. */
export function isAny(shape: Shape): boolean {
  const types = typesOf(shape);
  return (types === undefined || types.includes('object')) && shape.properties === undefined && shape.additionalProperties === undefined && shape.items === undefined;
}

/**
 * The shape of `value[name]`, as Handlebars reads it (own properties only, so a list's and a text's `length`
 * too), or undefined when the shape says there is no such field. A mapping that lists its fields is closed.
 */
export function member(shape: Shape, name: string): Shape | undefined {
  if (isAny(shape)) return ANY;
  if (shape.properties && Object.prototype.hasOwnProperty.call(shape.properties, name)) return shape.properties[name];
  if (typeof shape.additionalProperties === 'object') return shape.additionalProperties;
  if (shape.additionalProperties === true) return ANY;
  const types = typesOf(shape) ?? [];
  if (types.includes('array') || shape.items) {
    if (/^(0|[1-9]\d*)$/.test(name)) return shape.items ?? ANY;
    if (name === 'length') return { type: 'integer' };
  }
  if (types.includes('string') && name === 'length') return { type: 'integer' };
  return undefined;
}

/** What #each over a value gives: its items and their keys; undefined when it is no list or mapping. */
export function elementsOf(shape: Shape): { item: Shape; key: Shape } | undefined {
  const types = typesOf(shape);
  if (shape.items || types?.includes('array')) return { item: shape.items ?? ANY, key: { type: 'integer' } };
  if (typeof shape.additionalProperties === 'object') return { item: shape.additionalProperties, key: { type: 'string' } };
  if (types && !types.includes('object')) return undefined;
  return { item: ANY, key: { type: 'string' } };
}

/** How a message names a kind of value. */
export function describeShape(shape: Shape): string {
  const types = (typesOf(shape) ?? []).filter((t) => t !== 'null');
  if (isAny(shape)) return 'anything';
  if (types.includes('array') || shape.items) return 'a list';
  if (types.includes('object') || shape.properties || shape.additionalProperties !== undefined) return 'a mapping';
  if (types.length === 0) return 'nothing';
  if (types.every((t) => t === 'boolean')) return 'true or false';
  if (types.every((t) => t === 'number' || t === 'integer')) return 'a number';
  if (types.every((t) => t === 'string')) return 'text';
  return types.join(' or ');
}
