// The survey's schema, derived from the snapshot's: every fact may be left blank (null) until recorded.
import { snapshotSchema } from './snapshot.schema.ts';

type Node = Record<string, unknown>;

function nullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === 'required') continue;
    out[k] = k === 'properties' || k === 'additionalProperties' || k === 'items' ? (k === 'properties' ? mapValues(v as Node) : nullable(v)) : v;
  }
  if (typeof out.type === 'string' && out.type !== 'null') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function mapValues(props: Node): Node {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, nullable(v)]));
}

/** The survey schema of a snapshot schema (the fixed one, or the copy published with the pack's names). */
export function surveyFrom(snapshot: typeof snapshotSchema): object {
  const { $id: _id, title: _title, description: _description, ...rest } = snapshot;
  return {
    ...(nullable(rest) as object),
    $id: 'https://preflight.example/schemas/survey.schema.json',
    title: 'preflight site survey',
    description: 'Facts a person records on site, in snapshot shape; blank (null) means not recorded yet.',
  };
}

export const surveySchema = surveyFrom(snapshotSchema);
