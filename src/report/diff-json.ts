// `preflight diff --format json`: the comparison as data, findings cut down to what changed about them.
import type { Finding } from '../engine/types.ts';
import type { ReportComparison } from './compare.ts';

export const DIFF_SCHEMA_VERSION = 1;

export function formatDiffJson(comparison: ReportComparison, files: { before: string; after: string }): string {
  const brief = (f: Finding | undefined) =>
    f && { outcome: f.outcome, severity: f.severity, message: f.message, location: f.location };
  return (
    JSON.stringify(
      {
        schemaVersion: DIFF_SCHEMA_VERSION,
        before: { file: files.before, ...comparison.before },
        after: { file: files.after, ...comparison.after },
        ...(comparison.mismatch ? { mismatch: comparison.mismatch } : {}),
        counts: comparison.counts,
        changes: comparison.changes.map((c) => ({ kind: c.kind, key: c.key, before: brief(c.before), after: brief(c.after), values: c.values })),
      },
      null,
      2,
    ) + '\n'
  );
}
