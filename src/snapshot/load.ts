// Reads a snapshot file (YAML or JSON), validates it with located errors, and indexes it for evidence.
import { PreflightError } from '../diagnostics.ts';
import { readYamlFile, parseYaml, DEFAULT_LIMITS, type ParseOptions, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { validateSource } from '../schema/validate.ts';
import { snapshotSchema } from '../schema/snapshot.schema.ts';
import { indexPointers } from '../logic/context.ts';

export interface SnapshotMeta {
  customer: string;
  captured_at: string;
  captured_by?: string;
  sources?: Record<string, string>;
  tool_version?: string;
  content_hash?: string;
}

export interface Snapshot {
  file: string;
  meta: SnapshotMeta;
  /** The whole document: meta, procore, hh2, sage, survey. Rules read facts from here. */
  data: Record<string, unknown>;
  pointers: WeakMap<object, string>;
  source: YamlSource;
}

/**
 * `positions`: "eager" (default) when the snapshot will be evaluated (evidence locates every fact a rule
 * reads); "lazy" when it is only checked (validate), so a valid file is never parsed with positions.
 */
export function loadSnapshot(file: string, limits: SourceLimits = DEFAULT_LIMITS, positions: ParseOptions['positions'] = 'eager'): Snapshot {
  return snapshotFromSource(readYamlFile(file, EXPECTED, limits, { positions }));
}

const EXPECTED = 'a snapshot (meta, procore, hh2, sage, survey)';

/** A snapshot built in memory (rule cases, doc examples), under a name that says where it came from. */
export function snapshotFromData(data: unknown, name: string): Snapshot {
  return snapshotFromSource(parseYaml(JSON.stringify(data, null, 1), name, EXPECTED, DEFAULT_LIMITS, { positions: 'eager' }));
}

function snapshotFromSource(source: YamlSource): Snapshot {
  const file = source.file;
  const problems = validateSource(snapshotSchema, source);
  if (problems.length > 0) throw new PreflightError(problems);
  const data = source.data as Record<string, unknown>;
  return { file, meta: data.meta as SnapshotMeta, data, pointers: indexPointers(data), source };
}
