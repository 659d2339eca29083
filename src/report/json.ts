// The JSON report: the Report value as documented by schemas/report.schema.json, keys in a fixed order.
import type { Report } from '../engine/report.ts';

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
