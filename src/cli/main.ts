// Entry point: dispatch a command, turn every user mistake into a located message and an exit code.
import { PreflightError, formatDiagnostic } from '../diagnostics.ts';
import { UsageError, HELP } from './usage.ts';
import { checkCommand } from './check.ts';
import { validateCommand } from './validate.ts';
import { demoCommand } from './demo.ts';
import { schemaCommand } from './schema.ts';
import { testCommand } from './test.ts';
import { rulesCommand } from './rules.ts';
import { surveyCommand } from './survey.ts';
import { exportCommand } from './export.ts';
import { diffCommand } from './diff.ts';
import { snapshotCommand } from './snapshot.ts';
import { toolVersion, type CliIO } from './io.ts';

// Commands may be async (live collection talks to Procore); main awaits every one.
const COMMANDS: Record<string, (argv: string[], io: CliIO) => number | Promise<number>> = {
  check: checkCommand,
  validate: validateCommand,
  demo: demoCommand,
  schema: schemaCommand,
  test: testCommand,
  rules: rulesCommand,
  survey: surveyCommand,
  export: exportCommand,
  diff: diffCommand,
  snapshot: snapshotCommand,
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
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!run) throw new UsageError(`unknown command "${command}"`);
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
    io.stderr(`preflight: ${(e as Error).message.split('\n')[0]}\nRun "preflight help" for usage.\n`);
    return 2;
  }
  // A bug in preflight, not a user mistake: say so plainly; the stack only when asked for.
  io.stderr(`preflight: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  if (io.env.PREFLIGHT_DEBUG) io.stderr(String((e as Error)?.stack) + '\n');
  return 2;
}

/** The only place that touches `process`: used by bin/preflight.js. */
export async function runMain(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
