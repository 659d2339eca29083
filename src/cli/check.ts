// `preflight check`: resolve the config, load the pack and snapshot, evaluate, write each requested report.
import { resolve } from 'node:path';
import { requirePack } from '../pack/load.ts';
import type { Pack } from '../pack/types.ts';
import { loadSnapshot, type Snapshot } from '../snapshot/load.ts';
import { evaluateRules } from '../engine/evaluate.ts';
import { buildReport, failsGate, type Report } from '../engine/report.ts';
import type { FailOn } from '../engine/types.ts';
import { loadConfigLayers } from '../config/load.ts';
import { resolveConfig, ruleLevels, settingValues, type EffectiveConfig, type FlagLayer } from '../config/resolve.ts';
import { applyWaivers } from '../config/waivers.ts';
import { formatPrintConfig } from '../config/print.ts';
import { FORMATTERS, isFormat, type Format, type FormatOptions } from '../report/formats.ts';
import { PreflightError } from '../diagnostics.ts';
import type { SourceLimits } from '../yaml/source.ts';
import { UsageError, parseFlags } from './usage.ts';
import { CHECK } from './commands.ts';
import { jobsFlag, limitsFlag, parseDateFlag, parseSetFlags } from './flags.ts';
import { readReport, requireComparable } from './diff.ts';
import { checkAll } from './check-all.ts';
import { captureForCheck } from './snapshot.ts';
import { configInputs, packInputs, checkOutputs } from './outputs.ts';
import { colorEnabled, defaultPackDir, toolVersion, todayUtc, writeFileAtomic, type CliIO } from './io.ts';

const FAIL_ON = ['error', 'warning', 'info', 'hint', 'never'] as const;

export interface CheckRequest {
  pack: string;
  /** A customer config; its snapshot is used unless `snapshot` is given. */
  config?: string;
  snapshot?: string;
  /** --fail-on; otherwise the check.failOn setting, otherwise error. */
  failOn?: FailOn;
  /** --set NAME=VALUE pairs as typed: the command-line layer of settings (parsed against the pack). */
  sets?: string[];
  /** Settings a command supplies itself (export's --accounting-date), before --set. */
  settings?: Record<string, unknown>;
  asOf: string;
  limits?: SourceLimits;
  explain?: boolean;
  /** --live [--survey FILE]: facts from Procore now (and the survey), instead of a snapshot file. */
  live?: { survey?: string };
  /** The live snapshot, collected before the (synchronous) evaluation. */
  collected?: Snapshot;
  /** The pack, when already loaded (check loads it first, to know its files before writing any report). */
  loaded?: Pack;
  /** The effective config, when already resolved from the pack, the config's layers and the flags. */
  resolved?: EffectiveConfig;
}

export { defaultPackDir } from './io.ts';

/** The effective config for a request: pack defaults, the config's layers, then flags. */
export function effectiveConfig(pack: Pack, request: CheckRequest): EffectiveConfig {
  const flags: FlagLayer = { settings: { ...request.settings, ...parseSetFlags(request.sets ?? [], pack) }, snapshot: request.snapshot };
  if (request.failOn && pack.settings.has('check.failOn')) flags.settings!['check.failOn'] = request.failOn;
  for (const name of Object.keys(flags.settings!)) {
    if (!pack.settings.has(name)) throw new UsageError(`unknown setting "${name}"`);
  }
  const layers = request.config ? loadConfigLayers(request.config, pack, request.limits) : [];
  return resolveConfig(pack, layers, flags);
}

/** Runs the evaluation and returns the report; no output. Shared by `check` and `demo`. */
export function runCheck(request: CheckRequest): Report {
  const pack = request.loaded ?? requirePack(request.pack, request.limits, 'snapshot-rules');
  const config = request.resolved ?? effectiveConfig(pack, request);
  const source = request.live ? { live: true as const, ...request.live } : config.snapshot?.value;
  if (!source) throw new UsageError('check needs --snapshot FILE, or --config FILE whose config names a snapshot');
  if (!('file' in source) && !request.collected) {
    const at = config.snapshot?.origin.location;
    throw new PreflightError({ severity: 'error', code: 'live-unavailable', message: 'a live snapshot is collected only by `preflight check --config` and `preflight snapshot --live`; capture a snapshot file and name it here', location: at ?? { file: config.snapshot?.origin.from ?? 'command line', line: 1, column: 1 } });
  }
  const snapshot = 'file' in source ? loadSnapshot(source.file, request.limits) : request.collected!;
  const settings = settingValues(config);
  const evaluated = evaluateRules(pack, snapshot, { settings, asOf: request.asOf, explain: request.explain, levels: ruleLevels(config) });
  const { findings, register } = applyWaivers(evaluated, config.waivers, request.asOf);
  const failOn = request.failOn ?? (settings.get('check.failOn') as FailOn | undefined) ?? 'error';
  return buildReport({
    pack,
    snapshot,
    findings,
    failOn,
    toolVersion: toolVersion(),
    snapshotFile: snapshot.file,
    customer: config.customer?.value,
    configFiles: config.files,
    asOf: request.asOf,
    waivers: register,
  });
}

export function render(report: Report, format: Format, options: FormatOptions): string {
  return FORMATTERS[format](report, options);
}

export function checkCommand(argv: string[], io: CliIO): number | Promise<number> {
  const { values } = parseFlags(CHECK, argv);
  if (!values.snapshot && !values.config && !values.all && !values.live) throw new UsageError('check needs --snapshot FILE, --config FILE, --live or --all DIR');
  if (values.live && (values.snapshot || values.all)) throw new UsageError('--live collects the snapshot from Procore; it does not go with --snapshot or --all');
  const failOn = values['fail-on'] as FailOn | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`);
  const formats = values.format ?? ['stylish'];
  for (const f of formats) if (!isFormat(f)) throw new UsageError(`--format must be one of ${Object.keys(FORMATTERS).join(', ')}, not "${f}"`);
  const outputs = values.output ?? [];
  if (outputs.length > formats.length) throw new UsageError('each --output needs its own --format, matched by position');
  const toStdout = formats.slice(outputs.length);
  if (values.all === undefined && toStdout.length > 1) throw new UsageError(`${toStdout.map((f) => `--format ${f}`).join(' and ')} would all be written to stdout, one after the other; give each but the last an --output FILE`);
  const asOf = parseDateFlag('--as-of', values['as-of']) ?? todayUtc();
  const limits = limitsFlag(values['max-file-size']);
  const jobs = jobsFlag(values.jobs);
  if (jobs !== undefined && values.all === undefined) throw new UsageError('--jobs goes with --all (one customer is checked in one thread)');
  // The previous run's JSON report, read before the evaluation so a wrong file fails fast.
  const baseline = values.baseline === undefined ? undefined : readReport(values.baseline, limits);
  if (values['allow-other-customer'] && !baseline) throw new UsageError('--allow-other-customer goes with --baseline');
  const request: CheckRequest = {
    pack: values.pack ?? defaultPackDir(io),
    config: values.config,
    snapshot: values.snapshot,
    failOn,
    sets: values.set,
    asOf,
    limits,
    explain: values.explain,
  };

  if (values.all !== undefined) {
    if (values.snapshot || values.config || outputs.length > 0) throw new UsageError('--all checks every config in a folder; it takes --out-dir, not --snapshot, --config or --output');
    const twice = formats.find((f, i) => formats.indexOf(f) !== i);
    if (twice !== undefined) throw new UsageError(`--format ${twice} is given twice; --all writes one readiness file per format for each customer`);
    // One earlier report is of one customer: it cannot be the baseline of every customer in the folder.
    if (baseline) throw new UsageError('--baseline compares one customer with an earlier report of it; it does not go with --all');
    const { config: _c, snapshot: _s, ...task } = request;
    return checkAll(
      { dir: values.all, outDir: values['out-dir'] ?? 'reports', jobs, formats: values.format ?? ['json'], task: { ...task, cwd: io.cwd } },
      io,
    );
  }
  if (values['print-config']) {
    const pack = requirePack(request.pack, limits, 'snapshot-rules');
    io.stdout(formatPrintConfig(effectiveConfig(pack, request), pack));
    return 0;
  }
  const write = (report: Report): number => {
    if (baseline) requireComparable({ ...baseline, name: 'the baseline' }, { report, name: 'this check' }, values['allow-other-customer']);
    const showPassed = values['show-passed'];
    (formats as Format[]).forEach((format, i) => {
      const out = outputs[i];
      if (out) writeFileAtomic(resolve(io.cwd, out), render(report, format, { color: false, showPassed, baseline }));
      else io.stdout(render(report, format, { color: colorEnabled(io), showPassed, baseline }));
    });
    return failsGate(report) ? 1 : 0;
  };
  const loaded = requirePack(request.pack, limits, 'snapshot-rules');
  const resolved = effectiveConfig(loaded, request);
  const live = liveSource(resolved, values.live === true, values.survey);
  const snapshot = resolved.snapshot?.value;
  checkOutputs(
    [...outputs.map((file) => ({ file, option: '--output' })), live && values['debug-log'] !== undefined ? { file: values['debug-log'], option: '--debug-log' } : undefined],
    [
      ...packInputs(loaded),
      ...configInputs(resolved),
      !live && snapshot && 'file' in snapshot ? { file: snapshot.file, role: 'the snapshot' } : undefined,
      live?.survey !== undefined ? { file: live.survey, role: 'the site survey' } : undefined,
      baseline && { file: baseline.file, role: 'the baseline report' },
    ],
    io.cwd,
  );
  // Live facts are collected (asynchronously) first; the evaluation itself stays synchronous.
  if (!live) return write(runCheck({ ...request, loaded, resolved }));
  return captureForCheck(io, { ...live, limits, debug: values.debug, debugLog: values['debug-log'] }).then((collected) =>
    write(runCheck({ ...request, loaded, resolved, live: { survey: live.survey }, collected })),
  );
}

/** What to collect when the facts are live (--live, or a config whose snapshot is { live: true }); else undefined. */
function liveSource(config: EffectiveConfig, flag: boolean, survey: string | undefined) {
  const configured = config.snapshot?.value;
  const fromConfig = configured && !('file' in configured) ? configured : undefined;
  if (!flag && !fromConfig) {
    if (survey !== undefined) throw new UsageError('--survey goes with --live');
    return undefined;
  }
  return { settings: settingValues(config), survey: survey ?? fromConfig?.survey, customer: config.customer?.value };
}
