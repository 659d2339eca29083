// `preflight check`: load the pack, read one snapshot, evaluate, write each requested report.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { requirePack } from '../pack/load.ts';
import { loadSnapshot } from '../snapshot/load.ts';
import { evaluateRules, defaultSettings } from '../engine/evaluate.ts';
import { buildReport, failsGate, type Report } from '../engine/report.ts';
import type { FailOn } from '../engine/types.ts';
import { formatStylish } from '../report/stylish.ts';
import { formatJson } from '../report/json.ts';
import { COLORS, PLAIN } from '../report/colors.ts';
import { UsageError } from './usage.ts';
import { PACKAGE_ROOT, colorEnabled, displayPath, parseSize, toolVersion, writeFileAtomic, type CliIO } from './io.ts';
import { DEFAULT_LIMITS, type SourceLimits } from '../yaml/source.ts';

export const FORMATS = ['stylish', 'json'] as const;
export type Format = (typeof FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

export interface CheckRequest {
  snapshot: string;
  pack: string;
  failOn: FailOn;
  limits?: SourceLimits;
  explain?: boolean;
}

export function defaultPackDir(io: CliIO): string {
  return displayPath(join(PACKAGE_ROOT, 'rules'), io.cwd);
}

/** Runs the evaluation and returns the report; no output. Shared by `check` and `demo`. */
export function runCheck(request: CheckRequest): Report {
  const pack = requirePack(request.pack, request.limits);
  const snapshot = loadSnapshot(request.snapshot, request.limits);
  const findings = evaluateRules(pack, snapshot, { settings: defaultSettings(pack), explain: request.explain });
  return buildReport({ pack, snapshot, findings, failOn: request.failOn, toolVersion: toolVersion(), snapshotFile: request.snapshot });
}

export interface RenderOptions {
  color: boolean;
  showPassed?: boolean;
}

export function render(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'stylish':
      return formatStylish(report, { colors: options.color ? COLORS : PLAIN, showPassed: options.showPassed });
    case 'json':
      return formatJson(report);
  }
}

export function checkCommand(argv: string[], io: CliIO): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      snapshot: { type: 'string' },
      pack: { type: 'string' },
      format: { type: 'string', multiple: true },
      output: { type: 'string', multiple: true },
      'fail-on': { type: 'string' },
      'show-passed': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      explain: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.snapshot) throw new UsageError('check needs --snapshot FILE');
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${values['fail-on']}"`);
  const formats = (values.format ?? ['stylish']) as Format[];
  for (const f of formats) if (!FORMATS.includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}"`);
  const outputs = values.output ?? [];
  if (outputs.length > formats.length) throw new UsageError('each --output needs its own --format, matched by position');

  const limits = values['max-file-size'] ? { ...DEFAULT_LIMITS, maxBytes: parseSize(values['max-file-size']) } : undefined;
  const report = runCheck({ snapshot: values.snapshot, pack: values.pack ?? defaultPackDir(io), failOn, limits, explain: values.explain });
  const showPassed = values['show-passed'];
  formats.forEach((format, i) => {
    const out = outputs[i];
    if (out) writeFileAtomic(resolve(io.cwd, out), render(report, format, { color: false, showPassed }));
    else io.stdout(render(report, format, { color: colorEnabled(io), showPassed }));
  });
  return failsGate(report) ? 1 : 0;
}
