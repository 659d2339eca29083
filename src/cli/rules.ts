// `preflight rules`: the pack at a glance — id, severity, actor, category, confidence, title.
import { requirePack } from '../pack/load.ts';
import { ACTORS } from '../schema/rule.schema.ts';
import { terminalText } from '../report/terminal-text.ts';
import { UsageError, parseFlags } from './usage.ts';
import { RULES } from './commands.ts';
import { defaultPackDir } from './check.ts';
import type { CliIO } from './io.ts';

export function rulesCommand(argv: string[], io: CliIO): number {
  const { values } = parseFlags(RULES, argv);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  const pack = requirePack(values.pack ?? defaultPackDir(io));
  const rows = [...pack.rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({ id: r.id, severity: r.severity, actor: r.actor, category: r.category, confidence: r.confidence, scope: r.scope, title: r.title }));
  if (format === 'json') {
    io.stdout(JSON.stringify({ pack: { name: pack.name, version: pack.version }, rules: rows }, null, 2) + '\n');
    return 0;
  }
  const columns = ['id', 'severity', 'actor', 'category', 'confidence', 'title'] as const;
  const cells = rows.map((r) => columns.map((c) => terminalText(c === 'actor' ? ACTORS[r.actor as keyof typeof ACTORS] ?? r.actor : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ') + '\n';
  io.stdout(`${terminalText(`${pack.name} ${pack.version}`)}: ${rows.length} rules\n\n`);
  io.stdout(line(columns));
  for (const row of cells) io.stdout(line(row));
  return 0;
}
