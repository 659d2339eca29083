// The command line itself: each command's flag table drives both its parser and its help; mistakes exit 2.
// Light on purpose (no engine imports): main reads it to print help without loading any command.
import { parseArgs } from 'node:util';
import { capped } from '../diagnostics.ts';
import { suggest } from '../suggest.ts';

export class UsageError extends Error {
  /** Every "quoted" value in the message is capped in length: an option's value may be a pasted file or secret. */
  constructor(message: string) {
    super(message.replace(/"([^"\n]*)"/g, (_all, value: string) => `"${capped(value)}"`));
    this.name = 'UsageError';
  }
}

/** One flag: what the parser needs (type, multiple) and what help says about it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** The value's name in help: FILE, DIR, N. */
  readonly value?: string;
  /** What the command does when the flag is not given, as help words it. */
  readonly default?: string;
  readonly help: string;
}

export interface CommandSpec {
  /** One line, for the overview and the head of the command's help. */
  readonly summary: string;
  /** The ways to call it, after `preflight CMD`. */
  readonly usage: readonly string[];
  /** Arguments that are not flags; a command without them refuses any. */
  readonly arguments?: readonly { readonly name: string; readonly help: string }[];
  readonly options: Readonly<Record<string, FlagSpec>>;
  /** Each `run` is a command line that works as written from the repository's root. `common`: shown in the overview. */
  readonly examples: readonly { readonly run: string; readonly does: string; readonly common?: boolean }[];
  readonly exits: Readonly<Partial<Record<0 | 1 | 2, string>>>;
  /** Anything else a user must know (where credentials come from, say). */
  readonly notes?: readonly string[];
}

type Options = CommandSpec['options'];
type Scalar<F> = F extends { type: 'boolean' } ? boolean : string;
type FlagValue<F> = F extends { multiple: true } ? Scalar<F>[] : Scalar<F>;
/** What parseFlags returns for a table: each flag's value, undefined when it was not given. */
export type FlagValues<O extends Options> = { -readonly [K in keyof O]?: FlagValue<O[K]> };

/** The flags node's parser takes: the table without its help texts, plus --help (-h). */
function parserOptions(options: Options) {
  const out: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(options)) out[name] = flag.multiple ? { type: flag.type, multiple: true } : { type: flag.type };
  return out;
}

/**
 * argv parsed against a command's table. A flag the table lacks is refused with the closest one it has; a value
 * that starts with a dash is joined to its flag first (`--jobs -1` → `--jobs=-1`): node's parser would read it as
 * a forgotten value ("argument is ambiguous"), so a negative number would never reach the flag's own check.
 */
export function parseFlags<O extends Options>(spec: CommandSpec & { options: O }, argv: string[]): { values: FlagValues<O>; positionals: string[] } {
  const options = parserOptions(spec.options);
  const args = negativeValuesJoined(argv, options);
  const unknown = scan(args, options).find((t) => t.kind === 'option' && !Object.hasOwn(options, t.name));
  if (unknown?.kind === 'option') throw unknownFlag(unknown.rawName, Object.keys(spec.options));
  const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: spec.arguments !== undefined });
  return { values: values as FlagValues<O>, positionals };
}

function negativeValuesJoined(argv: string[], options: Record<string, { type: string }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** argv read leniently, as tokens: what is a flag and what is a flag's value, without refusing anything. */
function scan(args: string[], options: ReturnType<typeof parserOptions>) {
  return parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true }).tokens;
}

/** Whether argv asks for the command's help (--help or -h, anywhere before a `--`): help wins over any mistake. */
export function wantsHelp(spec: CommandSpec, argv: string[]): boolean {
  return scan(argv, parserOptions(spec.options)).some((t) => t.kind === 'option' && t.name === 'help');
}

function unknownFlag(flag: string, names: string[]): UsageError {
  const hint = flag.startsWith('--') ? suggest(flag.slice(2), [...names, 'help']) : undefined;
  return new UsageError(`unknown option "${flag}"${hint ? `; did you mean --${hint}?` : ''}`);
}

/** `preflight chekc`: the command, or the top-level flag, the user probably meant. */
export function unknownCommand(word: string, commands: string[]): UsageError {
  if (word.startsWith('-')) {
    const hint = word.startsWith('--') ? suggest(word.slice(2), ['help', 'version']) : undefined;
    return new UsageError(`unknown option "${word}"${hint ? `; did you mean --${hint}?` : ''}`);
  }
  const hint = suggest(word, [...commands, 'help']);
  return new UsageError(`unknown command "${word}"${hint ? `; did you mean "${hint}"?` : ''}`);
}

/** The line under every usage error: where to read how the command is called. */
export function usageHint(command: string | undefined): string {
  return `Run "preflight help${command ? ` ${command}` : ''}" for usage.\n`;
}

const WIDTH = 100;

/** `text` wrapped to the help's width, every line after the first indented by `indent`. */
function wrap(text: string, first: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  let room = WIDTH - first;
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Rows of `  left  text`, the texts aligned in one column and wrapped under it. */
function table(rows: [string, string][]): string {
  const column = Math.min(28, Math.max(...rows.map(([left]) => left.length)) + 4);
  return rows.map(([left, text]) => (left.length + 2 > column - 2 ? `  ${left}\n${' '.repeat(column)}` : `  ${left.padEnd(column - 2)}`) + wrap(text, column, column)).join('\n');
}

function flagRow(name: string, flag: FlagSpec): [string, string] {
  const notes = [flag.multiple ? 'repeatable' : undefined, flag.default === undefined ? undefined : `default: ${flag.default}`].filter(Boolean);
  return [`--${name}${flag.value ? ` ${flag.value}` : ''}`, `${flag.help}${notes.length ? ` (${notes.join('; ')})` : ''}`];
}

/** `preflight CMD --help`: the command's usage, flags with their defaults, examples and exit codes. */
export function commandHelp(name: string, spec: CommandSpec): string {
  const parts = [`preflight ${name} — ${spec.summary}`, `Usage:\n${spec.usage.map((u) => `  preflight ${name} ${u}`.trimEnd()).join('\n')}`];
  if (spec.arguments) parts.push(`Arguments:\n${table(spec.arguments.map((a) => [a.name, a.help]))}`);
  const flags = Object.entries(spec.options).map(([flag, s]) => flagRow(flag, s));
  parts.push(`Options:\n${table([...flags, ['-h, --help', 'show this help']])}`);
  parts.push(`Examples:\n${spec.examples.map((e) => `  ${e.run}\n      ${wrap(e.does, 6, 6)}`).join('\n')}`);
  parts.push(`Exit codes:\n${table(Object.entries(spec.exits).map(([code, text]) => [code, text]))}`);
  if (spec.notes) parts.push(spec.notes.map((n) => wrap(n, 0, 0)).join('\n'));
  return parts.join('\n\n') + '\n';
}

/** `preflight --help`: every command in one line, the most common examples, where to read more. */
export function overviewHelp(commands: Readonly<Record<string, CommandSpec>>): string {
  const entries = Object.entries(commands);
  const examples = entries.flatMap(([, spec]) => spec.examples.filter((e) => e.common).map((e) => `  ${e.run}`));
  return `preflight — readiness checks for the Procore → Sage 300 CRE subcontractor invoice export

Usage: preflight <command> [options]

Commands:
${table([...entries.map(([name, spec]): [string, string] => [name, spec.summary]), ['help CMD', "a command's options, examples and exit codes (also: preflight CMD --help)"]])}

Common examples:
${examples.join('\n')}

Exit codes: 0 ready/valid, 1 findings at or above --fail-on (or problems found), 2 the tool could not do its job.
preflight --version prints the version. Run "preflight help CMD" for a command's details.
`;
}
