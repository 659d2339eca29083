// Entry point: dispatch a command, turn every user mistake into a located message and an exit code.
import { PreflightError, formatDiagnostic } from '../diagnostics.ts';
import { terminalText } from '../report/terminal-text.ts';
import { UsageError, commandHelp, overviewHelp, parseFlags, unknownCommand, usageHint, wantsHelp, type CommandSpec } from './usage.ts';
import { CHECK, DEMO, DIFF, EXPORT, RULES, SCHEMA, SNAPSHOT, SURVEY, TEST, VALIDATE } from './commands.ts';
import { secretsRedactor, toolVersion, type CliIO, type StopSignal } from './io.ts';

type Command = (argv: string[], io: CliIO) => number | Promise<number>;

/**
 * Every command: its flag table and help (light), and its module, imported only when it runs. The bundle splits
 * along these imports: help, `validate` or `--version` never loads the engine or the report formatters. Commands
 * may be async (live collection talks to Procore); main awaits every one. Help and its tests walk this table.
 */
export const COMMANDS: Readonly<Record<string, { spec: CommandSpec; load: () => Promise<Command> }>> = {
  check: { spec: CHECK, load: async () => (await import('./check.ts')).checkCommand },
  export: { spec: EXPORT, load: async () => (await import('./export.ts')).exportCommand },
  validate: { spec: VALIDATE, load: async () => (await import('./validate.ts')).validateCommand },
  test: { spec: TEST, load: async () => (await import('./test.ts')).testCommand },
  rules: { spec: RULES, load: async () => (await import('./rules.ts')).rulesCommand },
  survey: { spec: SURVEY, load: async () => (await import('./survey.ts')).surveyCommand },
  snapshot: { spec: SNAPSHOT, load: async () => (await import('./snapshot.ts')).snapshotCommand },
  diff: { spec: DIFF, load: async () => (await import('./diff.ts')).diffCommand },
  schema: { spec: SCHEMA, load: async () => (await import('./schema.ts')).schemaCommand },
  demo: { spec: DEMO, load: async () => (await import('./demo.ts')).demoCommand },
};

const HELP_WORDS = ['help', '--help', '-h'];

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  /** The command once it is known to exist: its usage errors point at its own help. */
  let known: string | undefined;
  try {
    if (command === '--version') {
      io.stdout(`${toolVersion()}\n`);
      return 0;
    }
    // Bare `preflight` is a mistake that still deserves the overview; `help` alone (or `help --help`) asks for it.
    if (command === undefined || [command, ...rest].every((word) => HELP_WORDS.includes(word))) {
      io.stdout(overviewHelp(Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.spec]))));
      return command === undefined ? 2 : 0;
    }
    if (HELP_WORDS.includes(command)) {
      if (rest.length > 1) throw new UsageError(`help takes one command, not ${rest.length}`);
      io.stdout(commandHelp(rest[0], entry(rest[0]).spec));
      return 0;
    }
    const { spec, load } = entry(command);
    known = command;
    if (wantsHelp(spec, rest)) {
      io.stdout(commandHelp(command, spec));
      return 0;
    }
    // A mistake in the flags is found before the command's module (and the engine) loads; it parses them again.
    parseFlags(spec, rest);
    const run = await load();
    return await run(rest, io);
  } catch (e) {
    return report(e, io, known);
  }
}

/** The table's entry for a command name, or a usage error with the name the user probably meant. */
function entry(name: string) {
  if (!Object.hasOwn(COMMANDS, name)) throw unknownCommand(name, Object.keys(COMMANDS));
  return COMMANDS[name];
}

/** Any error as the user sees it: located diagnostics, or a usage line pointing at the command's help; exit 2. */
function report(e: unknown, io: CliIO, command: string | undefined): number {
  if (e instanceof PreflightError) {
    for (const d of e.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
    return 2;
  }
  if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    io.stderr(`preflight: ${terminalText((e as Error).message.split('\n')[0])}\n${usageHint(command)}`);
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
