// Help on every command, walked from the CLI's own command table: a command added later is covered too.
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../src/cli/main.ts';
import { parseFlags } from '../../src/cli/usage.ts';
import { described, runCli } from './spawn.ts';
import { exampleParts } from './examples.ts';

const NAMES = Object.keys(COMMANDS);

/** The three ways to ask for a command's help. */
const ASKS = (name: string) => [[name, '--help'], [name, '-h'], ['help', name]];

describe.each(NAMES)('preflight %s', (name) => {
  const { spec } = COMMANDS[name];

  test('--help, -h and help CMD print its usage, every flag its parser takes, examples and exit codes; exit 0', () => {
    const outputs = ASKS(name).map((args) => {
      const r = runCli(args);
      expect(r.status, described(r)).toBe(0);
      expect(r.stderr).toBe('');
      return r.stdout;
    });
    expect(new Set(outputs).size, 'the three ways print the same help').toBe(1);
    const help = outputs[0];
    expect(help.startsWith(`preflight ${name} — ${spec.summary}\n`)).toBe(true);
    for (const flag of Object.keys(spec.options)) expect(help, `--${flag}`).toMatch(new RegExp(`^ {2}--${flag}\\b`, 'm'));
    expect(help).toMatch(/^ {2}-h, --help +show this help$/m);
    expect(spec.examples.length).toBeGreaterThanOrEqual(2);
    expect(spec.examples.length).toBeLessThanOrEqual(4);
    const examples = help.slice(help.indexOf('\nExamples:\n'), help.indexOf('\nExit codes:\n'));
    for (const e of spec.examples) expect(examples).toContain(`\n  ${e.run}\n`);
    expect(help).toMatch(/\nExit codes:\n {2}0 {2}\S/);
    expect(help).toMatch(/^ {2}2 {2}\S/m);
    // Only this command's usage: no other command's flags table.
    for (const other of NAMES.filter((n) => n !== name)) expect(help).not.toContain(`preflight ${other} — `);
  });

  test("every example's flags are ones its command takes", () => {
    for (const e of spec.examples) {
      const { command, args } = exampleParts(e.run);
      expect(NAMES, e.run).toContain(command);
      expect(() => parseFlags(COMMANDS[command].spec, args), e.run).not.toThrow();
    }
  });

  test('a misspelt flag is refused with the flag meant, pointing at its own help; exit 2', () => {
    // The longest flag with one letter left out (a command without flags: --help itself).
    const flag = [...Object.keys(spec.options), 'help'].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0];
    const typo = flag.slice(0, 2) + flag.slice(3);
    const r = runCli([name, `--${typo}`, 'x']);
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: `preflight: unknown option "--${typo}"; did you mean --${flag}?\nRun "preflight help ${name}" for usage.\n` });
  });
});

describe('preflight --help: the overview', () => {
  test('help, --help, -h (and help --help) print every command in one line and the common examples; exit 0', () => {
    const outputs = [['help'], ['--help'], ['-h'], ['help', '--help']].map((args) => {
      const r = runCli(args);
      expect(r.status, described(r)).toBe(0);
      return r.stdout;
    });
    expect(new Set(outputs).size).toBe(1);
    const overview = outputs[0];
    for (const name of NAMES) expect(overview).toMatch(new RegExp(`^ {2}${name} +${COMMANDS[name].spec.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const common = NAMES.flatMap((n) => COMMANDS[n].spec.examples.filter((e) => e.common));
    expect(common.length).toBeGreaterThanOrEqual(3);
    for (const e of common) expect(overview).toContain(`\n  ${e.run}\n`);
    // The details are each command's own: no flag table here.
    expect(overview).not.toMatch(/^ {2}--/m);
    expect(overview.split('\n').length).toBeLessThan(40);
  });

  test('bare preflight prints the overview but exits 2', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(runCli(['help']).stdout);
  });
});

describe('did you mean', () => {
  test.each([
    [['chekc'], 'unknown command "chekc"; did you mean "check"?'],
    [['valdiate', 'rules/'], 'unknown command "valdiate"; did you mean "validate"?'],
    [['help', 'exprot'], 'unknown command "exprot"; did you mean "export"?'],
    [['--verison'], 'unknown option "--verison"; did you mean --version?'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('preflight %j → exit 2 with the command meant', (args, message) => {
    expect(runCli(args)).toMatchObject({ status: 2, stdout: '', stderr: `preflight: ${message}\nRun "preflight help" for usage.\n` });
  });

  test('check --confg x → did you mean --config?; a flag like no other gets no guess', () => {
    expect(runCli(['check', '--confg', 'x']).stderr).toBe('preflight: unknown option "--confg"; did you mean --config?\nRun "preflight help check" for usage.\n');
    expect(runCli(['check', '--zzzzzzzz']).stderr).toBe('preflight: unknown option "--zzzzzzzz"\nRun "preflight help check" for usage.\n');
  });

  test('help takes one command', () => {
    expect(runCli(['help', 'check', 'validate'])).toMatchObject({ status: 2, stdout: '', stderr: 'preflight: help takes one command, not 2\nRun "preflight help" for usage.\n' });
  });

  test('--help wins over a mistake on the same line', () => {
    const r = runCli(['check', '--confg', 'x', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('preflight check — ')).toBe(true);
  });
});
