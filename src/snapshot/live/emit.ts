// Writes snapshot data as block YAML, deterministically: keys in the order given, strings quoted unless plainly safe.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN_TEXT = /^[A-Za-z][A-Za-z0-9 _.,()&'@/+-]*$/;
// Words YAML 1.1 or 1.2 would read as booleans or null; quoting them keeps them text in every reader.
const KEYWORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

export function emitYaml(value: Record<string, unknown>): string {
  const lines: string[] = [];
  writeMapping(value, 0, lines);
  return lines.join('\n') + '\n';
}

function writeMapping(map: Record<string, unknown>, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const key = PLAIN_KEY.test(k) && !KEYWORDS.has(k.toLowerCase()) ? k : JSON.stringify(k);
    if (isMapping(v) && Object.keys(v).length > 0) {
      lines.push(`${pad}${key}:`);
      writeMapping(v, depth + 1, lines);
    } else if (Array.isArray(v) && v.length > 0) {
      lines.push(`${pad}${key}:`);
      writeSequence(v, depth + 1, lines);
    } else lines.push(`${pad}${key}: ${scalar(v)}`);
  }
}

function writeSequence(items: unknown[], depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  for (const item of items) {
    if ((isMapping(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
      const nested: string[] = [];
      if (Array.isArray(item)) writeSequence(item, depth + 1, nested);
      else writeMapping(item as Record<string, unknown>, depth + 1, nested);
      // The first line of the nested block moves up beside the dash.
      lines.push(`${pad}- ${nested[0].trimStart()}`, ...nested.slice(1));
    } else lines.push(`${pad}- ${scalar(item)}`);
  }
}

function scalar(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'string') return PLAIN_TEXT.test(v) && !v.endsWith(' ') && !KEYWORDS.has(v.toLowerCase()) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return '[]';
  if (isMapping(v)) return '{}';
  return JSON.stringify(String(v));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
