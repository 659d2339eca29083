// Option values every command reads the same way: --set NAME=VALUE, dates, --max-file-size, --jobs.
import { compileSchema, valueProblem } from '../schema/validate.ts';
import { dayProblem } from '../logic/ops/dates.ts';
import { parseYaml, DEFAULT_LIMITS, type SourceLimits } from '../yaml/source.ts';
import type { Pack } from '../pack/types.ts';
import { UsageError } from './usage.ts';
import { parseSize } from './io.ts';

/**
 * --set NAME=VALUE pairs: the command-line layer of settings. The value reads as a YAML scalar or flow
 * collection (8, true, [a, b], "text"); the name must be a pack setting and the value must fit its schema.
 */
export function parseSetFlags(pairs: string[], pack: Pack): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes NAME=VALUE, not "${pair}"`);
    const name = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    const spec = pack.settings.get(name);
    if (!spec) throw new UsageError(`--set names an unknown setting "${name}"`);
    let value: unknown;
    try {
      value = (parseYaml(`v: ${text}`, '--set', 'a value').data as { v: unknown }).v;
    } catch {
      value = text;
    }
    const validate = compileSchema(spec.schema);
    if (!validate(value)) throw new UsageError(`--set ${name}=${text}: ${misfit(name, text, value, spec.schema) ?? valueProblem(validate.errors)}`);
    out[name] = value;
  }
  return out;
}

/** A text setting given what YAML reads as a number, true/false or null (4.8, 00123, true): how to make it text. */
function misfit(name: string, text: string, value: unknown, schema: Record<string, unknown>): string | undefined {
  if (![schema.type].flat().includes('string') || (value !== null && typeof value === 'object') || typeof value === 'string') return undefined;
  const read = value === null ? 'null (no value)' : `a ${typeof value}`;
  return `the setting is text, but ${text} reads as ${read}; write --set '${name}="${text}"' (double quotes make it text, the single quotes keep them from the shell)`;
}

/** A YYYY-MM-DD option value that is a real calendar day, or undefined when the option was not given. */
export function parseDateFlag(option: string, value: string | undefined): string | undefined {
  const problem = value === undefined ? undefined : dayProblem(value);
  if (problem !== undefined) throw new UsageError(`${option}: ${problem}`);
  return value;
}

/** Source limits with --max-file-size applied. */
export function limitsFlag(maxFileSize: string | undefined): SourceLimits {
  return maxFileSize ? { ...DEFAULT_LIMITS, maxBytes: parseSize(maxFileSize) } : DEFAULT_LIMITS;
}

/** --jobs N: a whole number of at least 1, or undefined when not given. */
export function jobsFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not "${value}"`);
  return jobs;
}
