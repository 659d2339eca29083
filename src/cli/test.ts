// `preflight test`: every rule's cases and doc examples; exit 1 when any case fails.
import { requirePack } from '../pack/load.ts';
import { loadCases } from '../pack/cases.ts';
import { runCases } from '../engine/cases.ts';
import { formatLocation } from '../diagnostics.ts';
import { COLORS, PLAIN } from '../report/colors.ts';
import { terminalText } from '../report/terminal-text.ts';
import { defaultPackDir } from './check.ts';
import { parseFlags } from './usage.ts';
import { TEST } from './commands.ts';
import { colorEnabled, type CliIO } from './io.ts';

export function testCommand(argv: string[], io: CliIO): number {
  const { values } = parseFlags(TEST, argv);
  const pack = requirePack(values.pack ?? defaultPackDir(io));
  const results = runCases(pack, loadCases(pack));
  const c = colorEnabled(io) ? COLORS : PLAIN;
  let failed = 0;
  for (const r of results) {
    if (r.failures.length === 0) {
      if (values.verbose) io.stdout(`${c.green('pass')}  ${terminalText(`${r.ruleId}: ${r.name}`)}\n`);
      continue;
    }
    failed++;
    io.stdout(`${c.red('FAIL')}  ${terminalText(`${formatLocation(r.location)}  ${r.ruleId}: ${r.name}`)}\n`);
    for (const f of r.failures) io.stdout(`        ${terminalText(f)}\n`);
  }
  const rules = new Set(results.map((r) => r.ruleId)).size;
  io.stdout(`${results.length - failed} cases passed, ${failed} failed (${rules} rules)\n`);
  return failed === 0 ? 0 : 1;
}
