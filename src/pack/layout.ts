// The Sage AP import layout as data: loaded and checked once; per run resolved against settings; per invoice it
// turns mapped values into record lines and says, field by field, what would not fit (never truncating).
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { PreflightError } from '../diagnostics.ts';
import { readYamlFile, type SourceLimits, type YamlSource } from '../yaml/source.ts';
import { schemaProblems, usableIn, isMapping, type Usable } from '../schema/validate.ts';
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
  /** Whether the record has the field at all (default true): a customer's Import Format may lack it. */
  enabled?: Ref<boolean>;
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

/**
 * Loads the layout with every problem of it: schema problems leave each field that can be read to judge against
 * the mapping and the settings. Undefined when anything was reported.
 */
export function loadLayout(file: string, mapping: CompiledMapping | undefined, settings: ReadonlyMap<string, SettingSpec>, limits: SourceLimits, diagnostics: Diagnostic[]): ImportLayout | undefined {
  let yaml: YamlSource;
  try {
    yaml = readYamlFile(file, 'an AP import layout (name, records)', limits);
  } catch (e) {
    if (e instanceof PreflightError) diagnostics.push(...e.diagnostics);
    else throw e;
    return undefined;
  }
  const problems = schemaProblems(layoutSchema, yaml);
  diagnostics.push(...problems.map((p) => p.diagnostic));
  const usable = usableIn(problems);
  const raw = (isMapping(yaml.data) ? yaml.data : {}) as { name: string; lineEnd?: 'CRLF' | 'LF'; records?: unknown };
  const records = isMapping(raw.records) ? raw.records : {};
  // Each field with its place in the file: a field that is not a mapping has nothing to judge.
  const placed = (which: 'invoice' | 'distribution'): { field: LayoutField; pointer: string }[] => {
    const list = isMapping(records[which]) && Array.isArray(records[which].fields) ? records[which].fields : [];
    return list.flatMap((f: unknown, i: number) => (isMapping(f) ? [{ field: { required: false, confirmed: false, ...f } as LayoutField, pointer: `/records/${which}/fields/${i}` }] : []));
  };
  const fields = { invoice: placed('invoice'), distribution: placed('distribution') };
  const record = (which: 'invoice' | 'distribution'): LayoutRecord => ({
    id: (isMapping(records[which]) ? records[which].id : undefined) as string,
    level: which === 'invoice' ? 'header' : 'distribution',
    fields: fields[which].map((p) => p.field),
  });
  const layout: ImportLayout = { name: raw.name, file, lineEnd: raw.lineEnd === 'LF' ? '\n' : '\r\n', records: { invoice: record('invoice'), distribution: record('distribution') }, yaml };
  const before = diagnostics.length;
  for (const which of ['invoice', 'distribution'] as const) {
    for (const { field, pointer } of fields[which]) diagnostics.push(...checkField(field, pointer, layout.records[which].level, mapping, settings, yaml, usable));
  }
  return problems.length > 0 || diagnostics.length > before ? undefined : layout;
}

const COMPATIBLE: Record<LayoutField['type'], FieldType[]> = { text: ['text'], number: ['money', 'quantity'], date: ['date'] };

/** One field's references (mapping field, settings) and formats, each judged only when its value can be read. */
function checkField(f: LayoutField, pointer: string, level: 'header' | 'distribution', mapping: CompiledMapping | undefined, settings: ReadonlyMap<string, SettingSpec>, yaml: YamlSource, usable: Usable): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (p: string) => yaml.locate(p) ?? yaml.locateNearest(p).location;
  const problem = (p: string, code: string, message: string) => out.push({ severity: 'error', code, message, location: at(p) });
  const type = usable(`${pointer}/type`) ? f.type : undefined;
  const value = typeof f.value === 'string' && usable(`${pointer}/value`) ? f.value : undefined;
  const format = usable(`${pointer}/format`) ? f.format : undefined;
  if (f.value !== undefined && f.constant !== undefined) problem(pointer, 'layout-field', `field "${f.name}" has both value and constant; give one`);
  if (value !== undefined && mapping && !mapping.unread?.has(level)) {
    const source = mapping[level].find((m) => m.name === value);
    if (!source) problem(`${pointer}/value`, 'unknown-field', `"${value}" is no ${level} field of the mapping; ${level} fields are ${mapping[level].map((m) => m.name).join(', ')}`);
    else if (type !== undefined && !mapping.unread?.has(`${level}/${value}`) && !COMPATIBLE[type].includes(source.type)) problem(`${pointer}/type`, 'layout-type', `field "${f.name}" is ${type} but mapping field "${value}" is ${source.type}`);
  }
  const refSetting = (ref: unknown, p: string, want: 'integer' | 'string' | 'boolean', what: string): void => {
    if (!isMapping(ref) || typeof ref.setting !== 'string' || !usable(p)) return;
    const name = ref.setting;
    const spec = settings.get(name);
    if (!spec) problem(`${p}/setting`, 'unknown-setting', `unknown setting "${name}"`);
    // A setting whose declaration has problems has no type to compare (see loadSettings).
    else if (spec.type.length > 0 && spec.type !== want) problem(`${p}/setting`, 'setting-type', `setting "${name}" is ${String(spec.type)}; ${what} needs ${want === 'integer' ? 'an integer' : `a ${want}`}`);
  };
  refSetting(f.length, `${pointer}/length`, 'integer', 'a length');
  refSetting(format, `${pointer}/format`, 'string', 'a format');
  refSetting(f.enabled, `${pointer}/enabled`, 'boolean', 'enabled');
  if (type === 'number') {
    if (f.format === undefined) problem(pointer, 'layout-format', `number field "${f.name}" needs a format such as "-9.2"`);
    else if (typeof format === 'string' && !parseNumericFormat(format)) problem(`${pointer}/format`, 'layout-format', `"${format}" is not a numeric format: write [-]digits.decimals, such as "-9.2" or "5.0"`);
  }
  if (type === 'date' && typeof format === 'string' && !(DATE_FORMATS as readonly string[]).includes(format)) {
    problem(`${pointer}/format`, 'layout-format', `"${format}" is not a date format; use one of ${DATE_FORMATS.join(', ')}`);
  }
  if (type !== undefined && type !== 'text' && f.length !== undefined) problem(`${pointer}/length`, 'layout-length', `only text fields have a length; the ${type} field "${f.name}" is limited by its format`);
  return out;
}

// ---- per run: settings resolved once ----

export interface ResolvedField extends LayoutField {
  maxLength?: number;
  numeric?: NumericFormat;
  numericText?: string;
  dateFormat?: string;
  /** The per-invoice work that depends only on the field, done once (not enumerable; a copy compiles anew). */
  readonly compiled?: CompiledField;
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
    const field: ResolvedField = {
      ...f,
      maxLength: value(f.length),
      ...(f.type === 'number' ? { numeric: parseNumericFormat(String(format)), numericText: String(format) } : {}),
      ...(f.type === 'date' ? { dateFormat: String(format ?? settings.get('sage.dateFormat') ?? 'MM/DD/YYYY') } : {}),
    };
    compileField(field);
    return field;
  };
  // A field switched off is not in the record at all (no empty cell): the customer's Import Format lacks it.
  const present = (f: LayoutField) => value(f.enabled) !== false;
  return {
    layout,
    encoding: String(settings.get('sage.importEncoding') ?? 'windows-1252'),
    invoice: layout.records.invoice.fields.filter(present).map(resolve),
    distribution: layout.records.distribution.fields.filter(present).map(resolve),
  };
}

interface CompiledField {
  constant: boolean;
  /** A number field with a valid format: described as an amount (otherwise as text, like any other field). */
  amount: boolean;
  lengthLimit: string;
  misfits: { negative?: string; decimals?: string; integers?: string };
  /** Formats plain ISO dates ("2026-10-31"); undefined when the format is beyond the quick path. */
  date?: (iso: string) => string;
  /** A date field whose format writes the year in two digits (YY, not YYYY): only one century fits. */
  twoDigitYear: boolean;
  /** The constant's cell in a line, when it formats. */
  constantCell?: string;
  // Keys and labels of this field by line (0: the header record), for the record id they were made for.
  namesOf?: string;
  keys: string[];
  labels: string[];
}

function compileField(field: ResolvedField): CompiledField {
  const numeric = field.type === 'number' ? field.numeric : undefined;
  const c: CompiledField = {
    constant: field.constant !== undefined,
    amount: numeric !== undefined,
    lengthLimit: `${field.maxLength} characters`,
    misfits: numeric ? misfitMessages(numeric) : {},
    date: field.type === 'date' && typeof field.dateFormat === 'string' ? compileDate(field.dateFormat) : undefined,
    twoDigitYear: field.type === 'date' && typeof field.dateFormat === 'string' && field.dateFormat.includes('YY') && !field.dateFormat.includes('YYYY'),
    keys: [],
    labels: [],
  };
  Object.defineProperty(field, 'compiled', { value: c, enumerable: false, configurable: true });
  if (field.constant !== undefined) {
    try {
      c.constantCell = formatCell(field, field.constant);
    } catch {
      // Left to fail where the line is formatted, as it always has.
    }
  }
  return c;
}

const compiledOf = (field: ResolvedField): CompiledField => field.compiled ?? compileField(field);

// ---- per invoice ----

/** What the invoice rules read about the import file (scope `import`): one list per kind of limit. */
export interface ImportFacts {
  lengths: { key: string; label: string; value: string; size: number; limit: string; tooLong: boolean }[];
  amounts: { key: string; label: string; value: string; limit: string; fits: boolean; misfit: string | null }[];
  texts: { key: string; label: string; value: string; limit: string; unencodable: string | null; lineBreak: string | null }[];
  required: { key: string; label: string; limit: string; blank: boolean }[];
  /** Each date with its format; `year` is null for a value that is no YYYY-MM-DD (rejected on its own). */
  dates: { key: string; label: string; value: string; limit: string; year: number | null; twoDigitYear: boolean }[];
}

export interface FieldCell {
  field: ResolvedField;
  value: unknown;
}

export function recordCells(fields: ResolvedField[], values: Record<string, unknown>): FieldCell[] {
  const cells: FieldCell[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    cells[i] = { field, value: field.constant ?? (field.value !== undefined ? values[field.value] : null) };
  }
  return cells;
}

// Invoices rarely have more lines; beyond, keys are made each time.
const CACHED_LINES = 1_000;

/** The facts for one record (line = null for the invoice record), appended to `facts`. */
export function describeRecord(id: string, line: number | null, cells: FieldCell[], encoding: string, facts: ImportFacts): void {
  const slot = line === null ? 0 : Number.isInteger(line) && line > 0 && line <= CACHED_LINES ? line : -1;
  for (let i = 0; i < cells.length; i++) {
    const { field, value } = cells[i];
    const c = compiledOf(field);
    if (c.constant) continue;
    let key: string | undefined;
    let label: string | undefined;
    if (slot >= 0 && c.namesOf === id) {
      key = c.keys[slot];
      label = c.labels[slot];
    }
    if (key === undefined || label === undefined) {
      key = line === null ? `${id}/${field.name}` : `${id}/${line}/${field.name}`;
      label = `${id} ${field.name}${line === null ? '' : ` (line ${line})`}`;
      if (slot >= 0) {
        if (c.namesOf !== id) {
          c.namesOf = id;
          c.keys = [];
          c.labels = [];
        }
        c.keys[slot] = key;
        c.labels[slot] = label;
      }
    }
    const blank = value === null || value === undefined || value === '';
    if (field.required) facts.required.push({ key, label, limit: 'required', blank });
    if (blank) continue;
    const text = typeof value === 'string' ? value : String(value);
    if (field.type === 'date') facts.dates.push({ key, label, value: text, limit: field.dateFormat!, year: isoDigits(text) ? Number(text.slice(0, 4)) : null, twoDigitYear: c.twoDigitYear });
    if (c.amount) {
      let why = typeof value === 'string' ? quickMisfit(value, field.numeric!, c.misfits) : null;
      if (why === null) {
        try {
          why = misfit(value, field.numeric!);
        } catch (e) {
          why = (e as Error).message;
        }
      }
      facts.amounts.push({ key, label, value: text, limit: field.numericText!, fits: why === undefined, misfit: why ?? null });
      continue;
    }
    // Printable ASCII (the usual value) is one character per code unit, encodable everywhere, without breaks.
    const plain = PRINTABLE_ASCII.test(text);
    if (!plain) scanText(text, encoding);
    if (field.maxLength !== undefined) {
      const size = plain ? text.length : scanned.size;
      facts.lengths.push({ key, label, value: text, size, limit: c.lengthLimit, tooLong: size > field.maxLength });
    }
    facts.texts.push({ key, label, value: text, limit: encoding, unencodable: plain ? null : scanned.unencodable, lineBreak: plain ? null : scanned.lineBreak });
  }
}

// A regular expression, not a loop: mapped texts may be concatenations, which it flattens once.
const PRINTABLE_ASCII = /^[\t\x20-\x7e]*$/;

/** One line of the import file (without its line end): text and dates double-quoted with quotes doubled, numbers bare. */
export function formatRecord(cells: FieldCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const { field, value } = cells[i];
    const c = compiledOf(field);
    const cell = c.constantCell !== undefined && value === field.constant ? c.constantCell : formatCell(field, value);
    line = i === 0 ? cell : line + ',' + cell;
  }
  return line;
}

function formatCell(field: ResolvedField, value: unknown): string {
  const blank = value === null || value === undefined || value === '';
  if (field.type === 'number') {
    if (blank) return '';
    const quick = typeof value === 'string' && field.numeric ? quickFixed(value, field.numeric.decimals) : null;
    return quick ?? formatFixed(value, field.numeric!);
  }
  if (blank) return '""';
  let text: string;
  if (field.type === 'date') {
    const date = compiledOf(field).date;
    text = date && typeof value === 'string' && isoDigits(value) ? date(value) : formatDate(String(value), field.dateFormat!);
  } else text = typeof value === 'string' ? value : String(value);
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : '"' + text + '"';
}

export function formatDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-');
  return format.replace('YYYY', y).replace('YY', y.slice(2)).replace('MM', m).replace('DD', d);
}

// For a date of digits, formatDate's replacements land where they land for any other non-letters: run it once
// on stand-ins for the ten characters and keep which character of the date goes where.
const STAND_IN_DATE = '\x01\x02\x03\x04-\x05\x06-\x07\x08';
const STAND_IN_POSITION = [-1, 0, 1, 2, 3, 5, 6, 8, 9];

function compileDate(format: string): ((iso: string) => string) | undefined {
  if (/[\x01-\x08]/.test(format)) return undefined;
  const template = formatDate(STAND_IN_DATE, format);
  // Runs of the template: a literal text, or [from, to) of the date.
  const parts: (string | [number, number])[] = [];
  for (const ch of template) {
    const code = ch.charCodeAt(0);
    const last = parts[parts.length - 1];
    if (code >= 1 && code <= 8) {
      const at = STAND_IN_POSITION[code];
      if (Array.isArray(last) && last[1] === at) last[1]++;
      else parts.push([at, at + 1]);
    } else if (typeof last === 'string') parts[parts.length - 1] = last + ch;
    else parts.push(ch);
  }
  // An export's dates are few (one accounting date, invoice dates repeating): the last one is kept.
  let lastIso = '';
  let lastOut = '';
  return (iso) => {
    if (iso === lastIso) return lastOut;
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : iso.slice(p[0], p[1]);
    lastIso = iso;
    lastOut = out;
    return out;
  };
}

function isoDigits(text: string): boolean {
  if (text.length !== 10) return false;
  for (let i = 0; i < 10; i++) {
    const code = text.charCodeAt(i);
    if (i === 4 || i === 7 ? code !== 0x2d : code < 0x30 || code > 0x39) return false;
  }
  return true;
}

// ---- amounts in plain decimal text, without big.js ----

// The last decimal text read by readDecimal (one at a time; read right after).
const decimal = { negative: false, zero: false, integerStart: 0, integerEnd: 0, fractionStart: 0, fractionEnd: 0, decimals: 0 };

/** Reads text of AMOUNT_PATTERN (-, 1–15 digits, optionally . and 1–6 digits) into `decimal`; false for anything else. */
function readDecimal(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  const start = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === start || i - start > 15) return false;
  let integerStart = start;
  while (integerStart < i - 1 && text.charCodeAt(integerStart) === 0x30) integerStart++;
  decimal.integerStart = integerStart;
  decimal.integerEnd = i;
  decimal.fractionStart = decimal.fractionEnd = i;
  decimal.decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 0x2e) return false;
    const from = ++i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (!isDigit(code)) return false;
      i++;
      if (code !== 0x30) decimal.decimals = i - from;
    }
    if (i === from || i - from > 6) return false;
    decimal.fractionStart = from;
    decimal.fractionEnd = i;
  }
  decimal.negative = start === 1;
  decimal.zero = decimal.decimals === 0 && decimal.integerEnd - integerStart === 1 && text.charCodeAt(integerStart) === 0x30;
  return true;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

// The wording stays money.ts's: each message is asked of misfit once, with a value just past that limit. Limits
// that no decimal text can pass (6 decimals, 15 digits) need none.
function misfitMessages(format: NumericFormat): CompiledField['misfits'] {
  try {
    return {
      negative: format.signed ? undefined : misfit('-1', format),
      decimals: format.decimals < 6 ? misfit(`0.${'0'.repeat(format.decimals)}1`, format) : undefined,
      integers: format.integers < 15 ? misfit(`1${'0'.repeat(format.integers)}`, format) : undefined,
    };
  } catch {
    return {}; // a format parseNumericFormat never makes: every amount goes to misfit itself
  }
}

/** misfit() for decimal text, in the same order; null when the text is not plain decimal text or no message is known. */
function quickMisfit(text: string, format: NumericFormat, messages: CompiledField['misfits']): string | undefined | null {
  if (!readDecimal(text)) return null;
  if (decimal.negative && !decimal.zero && !format.signed) return messages.negative ?? null;
  if (decimal.decimals > format.decimals) return messages.decimals ?? null;
  if (decimal.integerEnd - decimal.integerStart > format.integers) return messages.integers ?? null;
  return undefined;
}

/** formatFixed() for decimal text that needs no rounding (never a "-" on zero); null otherwise. */
function quickFixed(text: string, decimals: number): string | null {
  if (!readDecimal(text) || decimal.decimals > decimals) return null;
  const given = decimal.fractionEnd - decimal.fractionStart;
  // Already in the format (the usual mapped amount): the text itself.
  if (given === decimals && decimal.integerStart === (decimal.negative ? 1 : 0) && !(decimal.negative && decimal.zero)) return text;
  let out = decimal.negative && !decimal.zero ? '-' : '';
  out += text.slice(decimal.integerStart, decimal.integerEnd);
  if (decimals === 0) return out;
  const fraction = given === 0 ? '' : text.slice(decimal.fractionStart, decimal.fractionStart + Math.min(given, decimals));
  return out + '.' + (fraction.length === decimals ? fraction : fraction + ZEROS.slice(0, decimals - fraction.length));
}

const ZEROS = '0000000000';

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

const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;

export function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) ? hex : `"${ch}" (${hex})`;
}

// What scanText found (read right after).
const scanned = { size: 0, unencodable: null as string | null, lineBreak: null as string | null };

/** One pass over the characters (code points): how many, the first unencodable one, the first line break. */
function scanText(text: string, encoding: string): void {
  const utf8 = encoding === 'utf-8';
  let size = 0;
  let bad: string | null = null;
  let lineBreak: string | null = null;
  for (let i = 0; i < text.length; size++) {
    let code = text.charCodeAt(i);
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        width = 2;
      }
    }
    if (isLineBreak(code)) {
      // reported as a line break, not as unencodable
      if (lineBreak === null) lineBreak = describeCharacter(text.slice(i, i + width));
    } else if (bad === null && ((code < 0x20 && code !== 0x09) || code === 0x7f || (utf8 ? code >= 0xd800 && code <= 0xdfff : cp1252Byte(code) === undefined))) {
      bad = describeCharacter(text.slice(i, i + width));
    }
    i += width;
  }
  scanned.size = size;
  scanned.unencodable = bad;
  scanned.lineBreak = lineBreak;
}

/** The first character the encoding cannot represent (control characters count), described; else undefined. */
export function unencodable(text: string, encoding: string): string | undefined {
  scanText(text, encoding);
  return scanned.unencodable ?? undefined;
}

export function lineBreak(text: string): string | undefined {
  scanText(text, 'utf-8');
  return scanned.lineBreak ?? undefined;
}

/** Bytes of a line in the import encoding. Callers have rejected anything unencodable first. */
export function encodeLine(text: string, encoding: string): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  // Latin-1 is cp1252 outside 0x80–0x9F, byte for byte. ASCII (the usual line) is told by a native count:
  // as many UTF-8 bytes as code units. Scanning a concatenated line in JS costs more than encoding it.
  if (Buffer.byteLength(text, 'utf8') === text.length || LATIN1.test(text)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const ch of text) {
    const b = cp1252Byte(ch.codePointAt(0)!);
    if (b === undefined) throw new Error(`internal: ${describeCharacter(ch)} reached the ${encoding} encoder`);
    out[n++] = b;
  }
  return out.subarray(0, n);
}

const LATIN1 = /^[\x00-\x7f\xa0-\xff]*$/;

export type { SourceLocation };
