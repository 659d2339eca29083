// Reads a rendered live snapshot back exactly as `check --snapshot` reads its file, so evidence lines agree.
import { PreflightError } from '../../diagnostics.ts';
import { parseYaml } from '../../yaml/source.ts';
import { validateSource } from '../../schema/validate.ts';
import { snapshotSchema } from '../../schema/snapshot.schema.ts';
import { indexPointers } from '../../logic/context.ts';
import type { Snapshot, SnapshotMeta } from '../load.ts';

export function snapshotFromText(text: string, name: string): Snapshot {
  const source = parseYaml(text, name, 'a snapshot (meta, procore, hh2, sage, survey)', { maxBytes: Number.MAX_SAFE_INTEGER, maxAliasCount: 0 });
  const problems = validateSource(snapshotSchema, source);
  if (problems.length > 0) throw new PreflightError(problems);
  const data = source.data as Record<string, unknown>;
  return { file: name, meta: data.meta as SnapshotMeta, data, pointers: indexPointers(data), source };
}
