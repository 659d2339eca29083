// `preflight snapshot --live` and the live half of `check --live`: credentials from the environment,
// settings from the config, progress and debug log on stderr, every byte that leaves redacted.
import { dirname, join, relative, resolve } from 'node:path';
import { PreflightError } from '../diagnostics.ts';
import { requirePack } from '../pack/load.ts';
import { loadConfigLayers } from '../config/load.ts';
import { resolveConfig, settingValues } from '../config/resolve.ts';
import { loadSurvey } from '../snapshot/survey.ts';
import type { Snapshot } from '../snapshot/load.ts';
import type { SourceLimits } from '../yaml/source.ts';
import { captureLive, type Capture } from '../snapshot/live/capture.ts';
import type { LiveSettings } from '../snapshot/live/client.ts';
import { createRedactor, type Redactor } from '../snapshot/live/redact.ts';
import { createProgress } from '../snapshot/live/progress.ts';
import { UsageError, parseFlags } from './usage.ts';
import { SNAPSHOT } from './commands.ts';
import { limitsFlag, parseSetFlags } from './flags.ts';
import { configInputs, packInputs, checkOutputs } from './outputs.ts';
import { PACKAGE_ROOT, credentialsOf, displayPath, missingCredentials, toolVersion, writeFileAtomic, type CliIO } from './io.ts';

export interface LiveRequest {
  settings: ReadonlyMap<string, unknown>;
  survey?: string;
  customer?: string;
  invoices?: boolean;
  limits?: SourceLimits;
  /** --debug: request lines on stderr; --debug-log FILE: the same lines in a file. */
  debug?: boolean;
  debugLog?: string;
  /** Where the snapshot text will be written (for the modeline), if anywhere. */
  output?: string;
}

/** The snapshot `check --live` evaluates: collected now, named so reports say where it came from. */
export async function captureForCheck(io: CliIO, request: LiveRequest): Promise<Snapshot> {
  return (await runLive(io, request)).capture.snapshot;
}

export async function snapshotCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(SNAPSHOT, argv);
  const limits = limitsFlag(values['max-file-size']);
  const pack = requirePack(values.pack ?? displayPath(join(PACKAGE_ROOT, 'rules'), io.cwd), limits);
  const sets = parseSetFlags(values.set ?? [], pack);
  const config = resolveConfig(pack, values.config ? loadConfigLayers(values.config, pack, limits) : [], { settings: sets });
  const configured = config.snapshot?.value;
  const fromConfig = configured && !('file' in configured) ? configured : undefined;
  if (!values.live && !fromConfig) throw new UsageError('snapshot captures live Procore data: add --live (or use a --config whose snapshot is { live: true })');
  const survey = values.survey ?? fromConfig?.survey;
  checkOutputs(
    (['output', 'invoices-output', 'debug-log'] as const).map((name) => (values[name] === undefined ? undefined : { file: values[name], option: `--${name}` })),
    [...packInputs(pack), ...configInputs(config), survey === undefined ? undefined : { file: survey, role: 'the site survey' }],
    io.cwd,
  );

  const { capture, redact } = await runLive(io, {
    settings: settingValues(config),
    survey,
    customer: config.customer?.value,
    invoices: values['invoices-output'] !== undefined,
    limits,
    debug: values.debug,
    debugLog: values['debug-log'],
    output: values.output,
  });
  if (values.output) {
    writeFileAtomic(resolve(io.cwd, values.output), capture.text);
    io.stdout(`Wrote ${displayPath(resolve(io.cwd, values.output), io.cwd)}\n`);
  } else io.stdout(capture.text);
  if (values['invoices-output'] !== undefined) {
    const file = resolve(io.cwd, values['invoices-output']);
    writeFileAtomic(file, redact(JSON.stringify(capture.invoices ?? [], null, 2) + '\n'));
    const wrote = `Wrote ${displayPath(file, io.cwd)} (${capture.invoices?.length ?? 0} subcontractor invoices)\n`;
    if (values.output) io.stdout(wrote);
    else io.stderr(wrote); // stdout holds the snapshot itself
  }
  return 0;
}

/** Collects with progress and the debug log; any error that escapes is redacted first. */
async function runLive(io: CliIO, request: LiveRequest): Promise<{ capture: Capture; redact: Redactor }> {
  const settings = liveSettings(request.settings);
  const [clientId, clientSecret] = credentialsOf(io.env);
  if (!clientId || !clientSecret) {
    throw new UsageError(`${missingCredentials(io.env)}: live Procore data needs the app's client credentials in the environment`);
  }
  const redact = createRedactor([clientId, clientSecret]);
  const err = (text: string) => io.stderr(redact(text));
  const debugLines: string[] = [];
  const debugToStderr = request.debug || !/^(0|false|no|off)?$/i.test(io.env.PREFLIGHT_DEBUG?.trim() ?? '');
  const debug = debugToStderr || request.debugLog ? (line: string) => {
    if (debugToStderr) err(`debug: ${line}\n`);
    if (request.debugLog) debugLines.push(redact(line));
  } : undefined;
  const survey = request.survey ? loadSurvey(request.survey, request.limits) : undefined;
  const out = request.output ? resolve(io.cwd, request.output) : undefined;
  const schema = join(PACKAGE_ROOT, 'schemas', 'snapshot.schema.json');
  try {
    const capture = await captureLive({
      settings,
      credentials: { clientId, clientSecret },
      deps: { redact, debug },
      progress: createProgress(err, io.isTTY && !io.env.CI),
      survey: survey as Record<string, unknown> | undefined,
      customer: request.customer,
      invoices: request.invoices ?? false,
      toolVersion: toolVersion(),
      capturedAt: () => new Date(),
      schemaPath: out ? relative(dirname(out), schema) : relative(io.cwd, schema) || schema,
      name: (companyId) => (out ? displayPath(out, io.cwd) : `live:procore-company-${companyId}`),
    });
    for (const note of capture.notes) err(`preflight: note: ${note}\n`);
    err(`preflight: collected from Procore in ${capture.requestCount} requests\n`);
    return { capture, redact };
  } catch (e) {
    throw redactError(e, redact);
  } finally {
    if (request.debugLog) writeFileAtomic(resolve(io.cwd, request.debugLog), debugLines.map((l) => `${l}\n`).join(''));
  }
}

function redactError(e: unknown, redact: Redactor): unknown {
  if (e instanceof PreflightError) {
    return new PreflightError(e.diagnostics.map((d) => ({ ...d, message: redact(d.message), location: { ...d.location, file: redact(d.location.file) } })));
  }
  if (e instanceof UsageError) return new UsageError(redact(e.message));
  // A bug: keep it an internal error, but its message (and so its stack) must not carry a secret.
  return e instanceof Error ? new Error(redact(e.message)) : new Error(redact(String(e)));
}

/** The procore.* settings, checked here too because --set values skip the config schema. */
export function liveSettings(settings: ReadonlyMap<string, unknown>): LiveSettings {
  const url = (name: string, fallback: string) => {
    const v = settings.get(name) ?? fallback;
    let parsed: URL | undefined;
    try {
      parsed = typeof v === 'string' ? new URL(v) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) throw new UsageError(`${name} must be an https URL, not ${JSON.stringify(v)}`);
    // Credentials and tokens never cross the network unencrypted: plain http only to this machine (a test server).
    if (parsed.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
      throw new UsageError(`${name} must use https (plain http is allowed only for localhost), not ${JSON.stringify(v)}`);
    }
    return v as string;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const v = settings.get(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
    return v;
  };
  const company = settings.get('procore.companyId');
  if (company !== null && company !== undefined && !/^\d+$/.test(String(company))) {
    throw new UsageError(`procore.companyId must be the company's numeric Procore id, not ${JSON.stringify(company)}`);
  }
  return {
    apiBaseUrl: url('procore.apiBaseUrl', 'https://api.procore.com'),
    loginBaseUrl: url('procore.loginBaseUrl', 'https://login.procore.com'),
    companyId: company === null || company === undefined ? null : String(company),
    perPage: int('procore.perPage', 100, 1, 10_000),
    timeoutMs: int('procore.timeoutMs', 30_000, 1, 600_000),
    maxRetries: int('procore.maxRetries', 4, 0, 20),
  };
}
