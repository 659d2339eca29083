// Reads a snapshot file (YAML or JSON), validates it with located errors, and indexes it for evidence.
import { PreflightError } from '../diagnostics.ts';
import { readYamlFile, parseYaml, DEFAULT_LIMITS, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { validateSource } from '../schema/validate.ts';
import { snapshotSchema } from '../schema/snapshot.schema.ts';
import { indexPointers, type PointerIndex } from '../logic/context.ts';

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
  pointers: PointerIndex;
  source: YamlSource;
}

/**
 * Positions come from the fast path when the file has the simple shape (evidence locates the facts a rule
 * reads, nearly all one-line values); the full parse runs only for a location it did not record.
 */
export function loadSnapshot(file: string, limits: SourceLimits = DEFAULT_LIMITS): Snapshot {
  return snapshotFromSource(readYamlFile(file, EXPECTED, limits));
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
