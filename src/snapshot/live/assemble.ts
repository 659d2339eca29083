// Live Procore facts + survey facts → one snapshot document with provenance, in a stable order, as text.
import { createHash } from 'node:crypto';
import { snapshotSchema } from '../../schema/snapshot.schema.ts';
import { mergePatch } from '../patch.ts';
import { compareIds, type Row } from './map.ts';
import { emitYaml } from './emit.ts';

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: SchemaNode | boolean; items?: SchemaNode };

export interface AssembleInput {
  procore: Row;
  /** What loadSurvey returned (blank values already dropped), or undefined without a survey. */
  survey?: Row;
  /** The config's customer name, when a config names one. */
  customer?: string;
  capturedAt: Date;
  toolVersion: string;
}

export interface Assembled {
  data: Row;
  /** Survey values the live data replaced (path: survey value → live value), for a note to the user. */
  overridden: string[];
  /** When the survey says it was recorded: meta holds one capture time, so the file's header keeps this one. */
  surveyRecorded?: string;
}

const SURVEY_SECTIONS = ['hh2', 'sage', 'survey'] as const;

/**
 * The survey fills what the API cannot tell (x-survey facts, hh2, Sage, on-site answers); where both
 * hold a fact, the live value wins, since it is what Procore says now.
 */
export function assembleSnapshot(input: AssembleInput): Assembled {
  const { meta: surveyMeta, ...surveyFacts } = (input.survey ?? {}) as Row & { meta?: Row };
  const overridden: string[] = [];
  findOverrides(surveyFacts.procore, input.procore, 'procore', overridden);
  const facts = canonical(mergePatch(surveyFacts, { procore: input.procore }), snapshotSchema as unknown as SchemaNode) as Row;

  const sources: Row = { procore: 'live' };
  for (const s of SURVEY_SECTIONS) if (facts[s] !== undefined) sources[s] = 'survey';
  const company = (input.procore.company ?? {}) as Row;
  const customer = input.customer ?? nonEmpty(surveyMeta?.customer) ?? nonEmpty(company.name) ?? `Procore company ${String(company.id)}`;
  const meta: Row = {
    customer,
    captured_at: input.capturedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(nonEmpty(surveyMeta?.captured_by) ? { captured_by: surveyMeta!.captured_by } : {}),
    tool_version: input.toolVersion,
    content_hash: `sha256:${createHash('sha256').update(JSON.stringify(facts)).digest('hex')}`,
    sources,
  };
  const recorded = surveyMeta?.captured_at;
  return { data: { meta, ...facts }, overridden, ...(recorded instanceof Date || nonEmpty(recorded) ? { surveyRecorded: recorded instanceof Date ? recorded.toISOString() : String(recorded) } : {}) };
}

/** The snapshot as a YAML file: a schema modeline, a provenance comment, then the document. */
export function renderSnapshot(data: Row, schemaPath: string, surveyRecorded?: string): string {
  const survey = surveyRecorded ? `the survey recorded ${surveyRecorded.replace(/\s+/g, ' ')}` : 'the survey (when given)';
  return `# yaml-language-server: $schema=${schemaPath}\n# Procore facts captured live by \`preflight snapshot --live\`; hh2, Sage and on-site facts from ${survey}.\n${emitYaml(data)}`;
}

/** Keys in the snapshot schema's order; maps keyed by id (reference data, mappings) sorted by key. */
export function canonical(value: unknown, schema: SchemaNode | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, schema?.items));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Row;
  const known = Object.keys(schema?.properties ?? {}).filter((k) => k in record);
  const rest = Object.keys(record)
    .filter((k) => !known.includes(k))
    .sort(compareIds);
  const extra = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return Object.fromEntries([...known.map((k) => [k, canonical(record[k], schema!.properties![k])]), ...rest.map((k) => [k, canonical(record[k], extra)])]);
}

function findOverrides(survey: unknown, live: unknown, path: string, out: string[]): void {
  if (survey === undefined || live === undefined) return;
  const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isMap(survey) && isMap(live)) {
    for (const [k, v] of Object.entries(survey as Row)) findOverrides(v, (live as Row)[k], `${path}.${k}`, out);
    return;
  }
  if (JSON.stringify(survey) !== JSON.stringify(live)) out.push(`${path}: survey ${JSON.stringify(survey)} → live ${JSON.stringify(live)}`);
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
