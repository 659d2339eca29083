// --print-config: the effective config as YAML, each value followed by where it came from.
import { formatLocation } from '../diagnostics.ts';
import type { Pack } from '../pack/types.ts';
import type { EffectiveConfig, Origin } from './resolve.ts';

function origin(o: Origin): string {
  if (o.from === 'default') return `default${o.location ? ` (${formatLocation(o.location)})` : ''}`;
  return o.location ? formatLocation(o.location) : o.from;
}

function scalar(value: unknown): string {
  return JSON.stringify(value);
}

function row(left: string, o: Origin): string {
  return `${left.padEnd(48)} # ${origin(o)}`;
}

export function formatPrintConfig(config: EffectiveConfig, pack: Pack): string {
  const lines: string[] = [`# Effective config for pack ${pack.name} ${pack.version}; layers: pack defaults${config.files.map((f) => ` → ${f}`).join('')}`];
  if (config.customer) lines.push(row(`customer: ${scalar(config.customer.value)}`, config.customer.origin));
  if (config.snapshot) {
    const v = config.snapshot.value;
    lines.push(row(`snapshot: ${'file' in v ? scalar(v.file) : scalar(v)}`, config.snapshot.origin));
  }
  lines.push('settings:');
  for (const [name, v] of [...config.settings].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(row(`  ${name}: ${scalar(v.value)}`, v.origin));
  lines.push('rules:');
  for (const [id, v] of [...config.rules].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(row(`  ${id}: ${v.value}`, v.origin));
  lines.push(config.waivers.length === 0 ? 'waivers: []' : 'waivers:');
  for (const w of config.waivers) {
    const target = w.key ? `key: ${scalar(w.key)}` : `rule: ${scalar(w.rule)}${w.scope ? `, scope: ${scalar(w.scope)}` : ''}`;
    lines.push(row(`  - { ${target}, expires: ${w.expires}, approver: ${scalar(w.approver)}, ticket: ${scalar(w.ticket)} }`, { from: w.location.file, location: w.location }));
  }
  return lines.join('\n') + '\n';
}
