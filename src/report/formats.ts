// The one list of report formats: name → formatter. `check --format` accepts exactly these keys.
import type { Report } from '../engine/report.ts';
import { formatStylish } from './stylish.ts';
import { formatJson } from './json.ts';
import { COLORS, PLAIN } from './colors.ts';

export interface FormatOptions {
  /** Colour codes allowed (stylish on a terminal only). */
  color: boolean;
  showPassed?: boolean;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS = {
  stylish: (report, options) => formatStylish(report, { colors: options.color ? COLORS : PLAIN, showPassed: options.showPassed }),
  json: (report) => formatJson(report),
} satisfies Record<string, Formatter>;

export type Format = keyof typeof FORMATTERS;

export function isFormat(name: string): name is Format {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name);
}
