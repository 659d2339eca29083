// The Sage AP import layout as data: loaded and checked once; per run resolved against settings; per invoice it
// turns mapped values into record lines and says, field by field, what would not fit (never truncating).
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { PreflightError } from '../diagnostics.ts';
import { readYamlFile, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { validateSource } from '../schema/validate.ts';
import { layoutSchema } from '../schema/layout.schema.ts';
import { parseNumericFormat, misfit, formatFixed, type NumericFormat } from '../logic/ops/money.ts';
import type { CompiledMapping, FieldType } from './mapping.ts';
import type { SettingSpec } from './types.ts';

type Ref<T> = T | { setting: string };

export interface LayoutField {
  name: string;
  type: 'text' | 'number' | 'date';
  value?: string;
  constant?: string;
  length?: Ref<number>;
  format?: Ref<string>;
  required: boolean;
  confirmed: boolean;
}

export interface LayoutRecord {
  id: string;
  level: 'header' | 'distribution';
  fields: LayoutField[];
}

export interface ImportLayout {
  name: string;
  file: string;
  lineEnd: '\r\n' | '\n';
  records: { invoice: LayoutRecord; distribution: LayoutRecord };
  yaml: YamlSource;
}

export const DATE_FORMATS = ['MM/DD/YYYY', 'MM/DD/YY', 'DD/MM/YYYY', 'YYYY-MM-DD'] as const;

export function loadLayout(file: string, mapping: CompiledMapping | undefined, settings: ReadonlyMap<string, SettingSpec>, limits: SourceLimits, diagnostics: Diagnostic[]): ImportLayout | undefined {
  let yaml: YamlSource;
  try {
    yaml = readYamlFile(file, 'an AP import layout (name, records)', limits);
  } catch (e) {
    if (e instanceof PreflightError) diagnostics.push(...e.diagnostics);
    else throw e;
    return undefined;
  }
  const problems = validateSource(layoutSchema, yaml);
  if (problems.length > 0) {
    diagnostics.push(...problems);
    return undefined;
  }
  const raw = yaml.data as { name: string; lineEnd?: 'CRLF' | 'LF'; records: Record<'invoice' | 'distribution', { id: string; fields: Record<string, unknown>[] }> };
  const record = (which: 'invoice' | 'distribution'): LayoutRecord => ({
    id: raw.records[which].id,
    level: which === 'invoice' ? 'header' : 'distribution',
    fields: raw.records[which].fields.map((f) => ({ required: false, confirmed: false, ...f }) as LayoutField),
  });
  const layout: ImportLayout = { name: raw.name, file, lineEnd: raw.lineEnd === 'LF' ? '\n' : '\r\n', records: { invoice: record('invoice'), distribution: record('distribution') }, yaml };
  const before = diagnostics.length;
  for (const which of ['invoice', 'distribution'] as const) {
    layout.records[which].fields.forEach((f, i) => diagnostics.push(...checkField(f, `/records/${which}/fields/${i}`, layout.records[which].level, mapping, settings, yaml)));
  }
  return diagnostics.length > before ? undefined : layout;
}

const COMPATIBLE: Record<LayoutField['type'], FieldType[]> = { text: ['text'], number: ['money', 'quantity'], date: ['date'] };

function checkField(f: LayoutField, pointer: string, level: 'header' | 'distribution', mapping: CompiledMapping | undefined, settings: ReadonlyMap<string, SettingSpec>, yaml: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (p: string) => yaml.locate(p) ?? yaml.locateNearest(p).location;
  const problem = (p: string, code: string, message: string) => out.push({ severity: 'error', code, message, location: at(p) });
  if (f.value !== undefined && f.constant !== undefined) problem(pointer, 'layout-field', `field "${f.name}" has both value and constant; give one`);
  if (f.value !== undefined && mapping) {
    const source = mapping[level].find((m) => m.name === f.value);
    if (!source) problem(`${pointer}/value`, 'unknown-field', `"${f.value}" is no ${level} field of the mapping; ${level} fields are ${mapping[level].map((m) => m.name).join(', ')}`);
    else if (!COMPATIBLE[f.type].includes(source.type)) problem(`${pointer}/type`, 'layout-type', `field "${f.name}" is ${f.type} but mapping field "${f.value}" is ${source.type}`);
  }
  const refSetting = (ref: unknown, p: string, want: 'integer' | 'string'): void => {
    if (ref === null || typeof ref !== 'object') return;
    const name = (ref as { setting: string }).setting;
    const spec = settings.get(name);
    if (!spec) problem(`${p}/setting`, 'unknown-setting', `unknown setting "${name}"`);
    else if (spec.type !== want) problem(`${p}/setting`, 'setting-type', `setting "${name}" is ${String(spec.type)}; ${p.endsWith('length') ? 'a length' : 'a format'} needs ${want === 'integer' ? 'an integer' : 'a string'}`);
  };
  refSetting(f.length, `${pointer}/length`, 'integer');
  refSetting(f.format, `${pointer}/format`, 'string');
  if (f.type === 'number') {
    if (f.format === undefined) problem(pointer, 'layout-format', `number field "${f.name}" needs a format such as "-9.2"`);
    else if (typeof f.format === 'string' && !parseNumericFormat(f.format)) problem(`${pointer}/format`, 'layout-format', `"${f.format}" is not a numeric format: write [-]digits.decimals, such as "-9.2" or "5.0"`);
  }
  if (f.type === 'date' && typeof f.format === 'string' && !(DATE_FORMATS as readonly string[]).includes(f.format)) {
    problem(`${pointer}/format`, 'layout-format', `"${f.format}" is not a date format; use one of ${DATE_FORMATS.join(', ')}`);
  }
  if (f.type !== 'text' && f.length !== undefined) problem(`${pointer}/length`, 'layout-length', `only text fields have a length; the ${f.type} field "${f.name}" is limited by its format`);
  return out;
}

// ---- per run: settings resolved once ----

export interface ResolvedField extends LayoutField {
  maxLength?: number;
  numeric?: NumericFormat;
  numericText?: string;
  dateFormat?: string;
}

export interface ResolvedLayout {
  layout: ImportLayout;
  encoding: string;
  invoice: ResolvedField[];
  distribution: ResolvedField[];
}

export function resolveLayout(layout: ImportLayout, settings: ReadonlyMap<string, unknown>): ResolvedLayout {
  const value = <T>(ref: Ref<T> | undefined): T | undefined => (ref !== null && typeof ref === 'object' ? (settings.get((ref as { setting: string }).setting) as T) : ref);
  const resolve = (f: LayoutField): ResolvedField => {
    const format = value(f.format);
    return {
      ...f,
      maxLength: value(f.length),
      ...(f.type === 'number' ? { numeric: parseNumericFormat(String(format)), numericText: String(format) } : {}),
      ...(f.type === 'date' ? { dateFormat: String(format ?? settings.get('sage.dateFormat') ?? 'MM/DD/YYYY') } : {}),
    };
  };
  return {
    layout,
    encoding: String(settings.get('sage.importEncoding') ?? 'windows-1252'),
    invoice: layout.records.invoice.fields.map(resolve),
    distribution: layout.records.distribution.fields.map(resolve),
  };
}

// ---- per invoice ----

/** What the invoice rules read about the import file (scope `import`): one list per kind of limit. */
export interface ImportFacts {
  lengths: { key: string; label: string; value: string; size: number; limit: string; tooLong: boolean }[];
  amounts: { key: string; label: string; value: string; limit: string; fits: boolean; misfit: string | null }[];
  texts: { key: string; label: string; value: string; limit: string; unencodable: string | null; lineBreak: string | null }[];
  required: { key: string; label: string; limit: string; blank: boolean }[];
}

export interface FieldCell {
  field: ResolvedField;
  value: unknown;
}

export function recordCells(fields: ResolvedField[], values: Record<string, unknown>): FieldCell[] {
  return fields.map((field) => ({ field, value: field.constant ?? (field.value !== undefined ? values[field.value] : null) }));
}

/** The facts for one record (line = null for the invoice record), appended to `facts`. */
export function describeRecord(id: string, line: number | null, cells: FieldCell[], encoding: string, facts: ImportFacts): void {
  for (const { field, value } of cells) {
    if (field.constant !== undefined) continue;
    const key = line === null ? `${id}/${field.name}` : `${id}/${line}/${field.name}`;
    const label = `${id} ${field.name}${line === null ? '' : ` (line ${line})`}`;
    const blank = value === null || value === undefined || value === '';
    if (field.required) facts.required.push({ key, label, limit: 'required', blank });
    if (blank) continue;
    const text = String(value);
    if (field.type === 'number' && field.numeric) {
      let why: string | undefined;
      try {
        why = misfit(value, field.numeric);
      } catch (e) {
        why = (e as Error).message;
      }
      facts.amounts.push({ key, label, value: text, limit: field.numericText!, fits: why === undefined, misfit: why ?? null });
      continue;
    }
    // Printable ASCII (the usual value) is one character per code unit, encodable everywhere, without breaks.
    const plain = PRINTABLE_ASCII.test(text);
    if (field.maxLength !== undefined) {
      const size = plain ? text.length : [...text].length;
      facts.lengths.push({ key, label, value: text, size, limit: `${field.maxLength} characters`, tooLong: size > field.maxLength });
    }
    facts.texts.push({ key, label, value: text, limit: encoding, unencodable: plain ? null : (unencodable(text, encoding) ?? null), lineBreak: plain ? null : (lineBreak(text) ?? null) });
  }
}

const PRINTABLE_ASCII = /^[\t\x20-\x7e]*$/;

/** One line of the import file (without its line end): text and dates double-quoted with quotes doubled, numbers bare. */
export function formatRecord(cells: FieldCell[]): string {
  return cells
    .map(({ field, value }) => {
      const blank = value === null || value === undefined || value === '';
      if (field.type === 'number') return blank ? '' : formatFixed(value, field.numeric!);
      const text = blank ? '' : field.type === 'date' ? formatDate(String(value), field.dateFormat!) : String(value);
      return `"${text.replace(/"/g, '""')}"`;
    })
    .join(',');
}

export function formatDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-');
  return format.replace('YYYY', y).replace('YY', y.slice(2)).replace('MM', m).replace('DD', d);
}

// ---- encodings ----

/** Windows-1252 bytes 0x80–0x9F and the characters they stand for (0x81, 0x8D, 0x8F, 0x90, 0x9D are unused). */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

function cp1252Byte(code: number): number | undefined {
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  return CP1252_HIGH[code];
}

const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

export function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) ? hex : `"${ch}" (${hex})`;
}

/** The first character the encoding cannot represent (control characters count), described; else undefined. */
export function unencodable(text: string, encoding: string): string | undefined {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (LINE_BREAKS.has(code)) continue; // reported as a line break
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return describeCharacter(ch);
    if (encoding === 'utf-8') {
      if (code >= 0xd800 && code <= 0xdfff) return describeCharacter(ch);
    } else if (cp1252Byte(code) === undefined) return describeCharacter(ch);
  }
  return undefined;
}

export function lineBreak(text: string): string | undefined {
  for (const ch of text) if (LINE_BREAKS.has(ch.codePointAt(0)!)) return describeCharacter(ch);
  return undefined;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Bytes of a line in the import encoding. Callers have rejected anything unencodable first. */
export function encodeLine(text: string, encoding: string): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  // ASCII is the same bytes in every encoding we write.
  if (ASCII.test(text)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const ch of text) {
    const b = cp1252Byte(ch.codePointAt(0)!);
    if (b === undefined) throw new Error(`internal: ${describeCharacter(ch)} reached the ${encoding} encoder`);
    out[n++] = b;
  }
  return out.subarray(0, n);
}

export type { SourceLocation };
