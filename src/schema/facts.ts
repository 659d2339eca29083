// What the snapshot schema says about one fact: its schema, how a person collects it, whether only a person can.
import { snapshotSchema } from './snapshot.schema.ts';
import { parsePointer } from '../yaml/source.ts';

export type FactSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, FactSchema>;
  additionalProperties?: FactSchema | boolean;
  items?: FactSchema;
  description?: string;
  'x-collect'?: string;
  'x-survey'?: boolean;
  'x-survey-keys'?: string;
};

export interface FactInfo {
  /** The fact's schema node; undefined when the schema does not know the path. */
  schema?: FactSchema;
  description?: string;
  /** The nearest How-to-collect text on the way to the fact. */
  collect?: string;
  /** Only a person can record it: hh2, Sage and survey facts, and Procore facts marked x-survey. */
  surveyOnly: boolean;
}

const SURVEY_SECTIONS = new Set(['hh2', 'sage', 'survey']);

/** Walks the snapshot schema along a fact's segments (from a JSON pointer, or a dotted path split on dots). */
export function describeFact(pointerOrSegments: string | string[]): FactInfo {
  const segments = typeof pointerOrSegments === 'string' ? parsePointer(pointerOrSegments) : pointerOrSegments;
  let node: FactSchema | undefined = snapshotSchema as unknown as FactSchema;
  let collect: string | undefined;
  let surveyOnly = SURVEY_SECTIONS.has(segments[0]);
  for (const seg of segments) {
    node = node.properties?.[seg] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined) ?? (/^\d+$/.test(seg) ? node.items : undefined);
    if (!node) break;
    surveyOnly ||= node['x-survey'] === true;
    collect = node['x-collect'] ?? collect;
  }
  return { schema: node, description: node?.description, collect, surveyOnly };
}
