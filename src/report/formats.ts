// The one list of report formats: name → formatter. `check --format` accepts exactly these keys.
import type { Report } from '../engine/report.ts';
import { formatStylish } from './stylish.ts';
import { formatJson } from './json.ts';
import { COLORS, PLAIN } from './colors.ts';
import { formatHtml } from './html.ts';
import { formatSarif } from './sarif.ts';
import { formatJunit } from './junit.ts';
import { formatGithub } from './github.ts';
import type { Baseline } from './compare.ts';
import type { ExportSummarySlot } from './export-slot.ts';

export interface FormatOptions {
  /** Colour codes allowed (stylish on a terminal only). */
  color: boolean;
  showPassed?: boolean;
  /** A previous run's report (check --baseline): stylish, html and sarif show what changed since. */
  baseline?: Baseline;
  /** The export's summary, for the HTML report's optional section (filled by `preflight export`). */
  exportSummary?: ExportSummarySlot;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS = {
  stylish: (report, options) => formatStylish(report, { colors: options.color ? COLORS : PLAIN, showPassed: options.showPassed, baseline: options.baseline }),
  json: (report) => formatJson(report),
  html: (report, options) => formatHtml(report, { baseline: options.baseline, exportSummary: options.exportSummary }),
  sarif: (report, options) => formatSarif(report, { baseline: options.baseline }),
  junit: (report) => formatJunit(report),
  github: (report) => formatGithub(report),
} satisfies Record<string, Formatter>;

export type Format = keyof typeof FORMATTERS;

export function isFormat(name: string): name is Format {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name);
}
