// Entry point: dispatch a command, turn every user mistake into a located message and an exit code.
import { PreflightError, formatDiagnostic } from '../diagnostics.ts';
import { terminalText } from '../report/terminal-text.ts';
import { UsageError, HELP } from './usage.ts';
import { secretsRedactor, toolVersion, type CliIO, type StopSignal } from './io.ts';

type Command = (argv: string[], io: CliIO) => number | Promise<number>;

// Commands may be async (live collection talks to Procore); main awaits every one. Each command's module is
// imported when it runs, so the bundle splits along these imports: `validate` or `--version` never loads the
// engine or the report formatters.
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.ts')).checkCommand,
  validate: async () => (await import('./validate.ts')).validateCommand,
  demo: async () => (await import('./demo.ts')).demoCommand,
  schema: async () => (await import('./schema.ts')).schemaCommand,
  test: async () => (await import('./test.ts')).testCommand,
  rules: async () => (await import('./rules.ts')).rulesCommand,
  survey: async () => (await import('./survey.ts')).surveyCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  diff: async () => (await import('./diff.ts')).diffCommand,
  snapshot: async () => (await import('./snapshot.ts')).snapshotCommand,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!load) throw new UsageError(`unknown command "${command}"`);
    const run = await load();
    return await run(rest, io);
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: CliIO): number {
  if (e instanceof PreflightError) {
    for (const d of e.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
    return 2;
  }
  if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    io.stderr(`preflight: ${terminalText((e as Error).message.split('\n')[0])}\nRun "preflight help" for usage.\n`);
    return 2;
  }
  // A bug in preflight, not a user mistake: say so plainly; the stack only when asked for.
  io.stderr(`preflight: internal error: ${terminalText((e as Error)?.message ?? String(e))}\n`);
  if (io.env.PREFLIGHT_DEBUG) io.stderr(String((e as Error)?.stack) + '\n');
  return 2;
}

/** The only place that touches `process`: used by bin/preflight.js. */
export async function runMain(): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, not with a stack trace. The
  // command's files are written by then or left untouched (outputs are atomic), so its exit code still stands.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  // Every byte that leaves goes through the redactor: no message may show the Procore credentials.
  const redact = secretsRedactor(process.env);
  const code = await main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(redact(t)),
    stderr: (t) => process.stderr.write(redact(t)),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    onStop,
  });
  process.exitCode = code;
}

/** The exit code of a run stopped by a signal, as shells report it: 128 + the signal's number. */
const STOP_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** CliIO.onStop for the real process: the cleanup runs once, then the process exits with the signal's code. */
function onStop(cleanup: (signal: StopSignal) => void): () => void {
  const handlers = (Object.keys(STOP_CODES) as StopSignal[]).map((signal) => {
    const handler = () => {
      try {
        cleanup(signal);
      } finally {
        process.exit(STOP_CODES[signal]);
      }
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}
