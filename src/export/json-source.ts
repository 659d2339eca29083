// A strict JSON parser that knows where things are: syntax errors at line:column, values located by JSON pointer.
// JSON.parse says neither reliably, and invoices (JSON, arrays of them, NDJSON lines) need both.
import { escapePointer } from '../yaml/source.ts';
import { MAX_NESTING, TOO_DEEP, numberProblem } from '../yaml/checks.ts';
import { PreflightError, type SourceLocation } from '../diagnostics.ts';

export interface JsonRecord {
  value: unknown;
  /** Offsets of the record's text inside the parsed text. */
  start: number;
  end: number;
}

interface Options {
  file: string;
  /** Added to line numbers: the line of the text's first character, minus 1 (NDJSON records). */
  lineOffset?: number;
  /** When given, every value's start offset is recorded by JSON pointer. */
  positions?: Map<string, number>;
  /** Called for each element of a top-level array, with its offsets. */
  onElement?: (record: JsonRecord) => void;
}

/** A JSON number at lastIndex (sticky; one shared object, used synchronously). */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Parses one JSON text; a syntax error is a PreflightError naming the line and column. */
export function parseJson(text: string, options: Options): unknown {
  return new Parser(text, options).document();
}

/**
 * parseJson for text that is most likely valid (an NDJSON line): JSON.parse, then the checks only our parser
 * makes: no key twice, no "__proto__" key, no deeper nesting than ours, no number out of range. Text that
 * JSON.parse rejects or a check flags goes to parseJson, whose value or located error is the answer: the result
 * is always parseJson's.
 */
export function parseJsonQuick(text: string, options: Options): unknown {
  if (options.positions || options.onElement) return parseJson(text, options);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJson(text, options);
  }
  // JSON.parse keeps the last of a repeated key. The text's ":" are one per member plus those inside strings,
  // which the parsed keys and texts still hold (an escaped \u003a too): a dropped member leaves the count short.
  const weight = typeof value === 'object' && value !== null ? colonWeight(value, 0) : typeof value === 'string' ? colons(value) : typeof value === 'number' && !Number.isFinite(value) ? -1 : 0;
  if (weight < 0 || weight !== colons(text) + (text.includes('\\') ? escapedColons(text) : 0)) return parseJson(text, options);
  return value;
}

/**
 * Members plus ":" inside keys and texts, over the whole value; -1 where parseJson would refuse what JSON.parse
 * accepted. for…in lists only own keys here: JSON.parse builds plain objects, and Object.prototype has none.
 */
function colonWeight(value: object, depth: number): number {
  let n = 0;
  if (Array.isArray(value)) {
    if (depth >= MAX_NESTING && value.length > 0) return -1;
    for (let i = 0; i < value.length; i++) {
      const m = elementWeight(value[i], depth);
      if (m < 0) return -1;
      n += m;
    }
    return n;
  }
  for (const key in value) {
    if (depth >= MAX_NESTING || key === '__proto__') return -1;
    const m = elementWeight((value as Record<string, unknown>)[key], depth);
    if (m < 0) return -1;
    n += 1 + colons(key) + m;
  }
  return n;
}

/** colonWeight of one element or property value of a collection at `depth`. */
function elementWeight(v: unknown, depth: number): number {
  if (typeof v === 'string') return colons(v);
  if (typeof v === 'object') return v === null ? 0 : colonWeight(v, depth + 1);
  return typeof v === 'number' && !Number.isFinite(v) ? -1 : 0;
}

/** The ":" in a text, strings or not. */
function colons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/** Occurrences of the escape \u003a (either case): a ":" in the parsed value that is no ":" in the text. */
function escapedColons(text: string): number {
  let n = 0;
  for (const escape of ['\\u003a', '\\u003A']) for (let i = text.indexOf(escape); i !== -1; i = text.indexOf(escape, i + 1)) n++;
  return n;
}

/** Line and column (1-based) of an offset, counting from the text's first line. */
export function offsetToLocation(text: string, offset: number, file: string, lineOffset = 0): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line: line + lineOffset, column: offset - lineStart + 1 };
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly options: Options,
  ) {}

  document(): unknown {
    this.space();
    if (this.i >= this.text.length) this.fail('the file holds no JSON value; expected an invoice object, an array of invoices or NDJSON lines');
    const value = this.value('', 0, true);
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
    return value;
  }

  private value(pointer: string, depth: number, top = false): unknown {
    if (depth > MAX_NESTING) this.fail(TOO_DEEP, this.i, 'too-deep');
    this.options.positions?.set(pointer, this.i);
    const c = this.text.charCodeAt(this.i);
    if (c === 0x7b) return this.object(pointer, depth);
    if (c === 0x5b) return this.array(pointer, depth, top);
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.text.startsWith('true', this.i)) return this.word(4, true);
    if (this.text.startsWith('false', this.i)) return this.word(5, false);
    if (this.text.startsWith('null', this.i)) return this.word(4, null);
    return this.fail(this.i >= this.text.length ? 'the JSON ends where a value was expected' : `expected a value, found ${this.describe()}`);
  }

  private word(length: number, value: unknown): unknown {
    this.i += length;
    return value;
  }

  private object(pointer: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.i) !== 0x22) this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyAt = this.i;
      const key = this.string();
      // Assigning "__proto__" would change the object's prototype instead of adding a key.
      if (key === '__proto__') this.fail('the key "__proto__" is not allowed', keyAt);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`duplicate key "${key}": each key may appear once in an object`, keyAt);
      this.space();
      if (this.text.charCodeAt(this.i) !== 0x3a) this.fail(`expected ":" after the property name "${key}", found ${this.describe()}`);
      this.i++;
      this.space();
      // Pointers are only built when positions are recorded (a bad record is parsed again, with positions).
      out[key] = this.value(this.options.positions ? `${pointer}/${escapePointer(key)}` : '', depth + 1);
      this.space();
      const c = this.text.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        this.space();
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return out;
      }
      this.fail(`expected "," or "}" after the value of "${key}", found ${this.describe()}`);
    }
  }

  private array(pointer: string, depth: number, top: boolean): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      const start = this.i;
      const value = this.value(this.options.positions ? `${pointer}/${out.length}` : '', depth + 1);
      if (top && this.options.onElement) this.options.onElement({ value, start, end: this.i });
      else out.push(value);
      if (top && this.options.onElement) out.length++; // keep the count for pointers, not the value
      this.space();
      const c = this.text.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        this.space();
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.fail(`expected "," or "]" after item ${out.length} of the list, found ${this.describe()}`);
    }
  }

  private string(): string {
    const start = ++this.i;
    const text = this.text;
    // Fast path: no escapes.
    for (let j = start; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        this.i = j + 1;
        return text.slice(start, j);
      }
      if (c === 0x5c || c < 0x20) break;
    }
    let out = '';
    let j = start;
    for (;;) {
      if (j >= text.length) this.fail('a string is never closed: add the closing double quote', start - 1);
      const c = text.charCodeAt(j);
      if (c === 0x22) break;
      if (c < 0x20) this.fail(c === 0x0a ? 'a line break inside a string must be written \\n' : `control character U+${c.toString(16).toUpperCase().padStart(4, '0')} inside a string must be escaped`, j);
      if (c !== 0x5c) {
        out += text[j++];
        continue;
      }
      const e = text[j + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        j += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        out += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
        j += 6;
      } else this.fail(`invalid escape "\\${e ?? ''}" in a string`, j);
    }
    this.i = j + 1;
    return out;
  }

  private number(): number {
    const m = NUMBER;
    m.lastIndex = this.i;
    const found = m.exec(this.text);
    if (!found) this.fail(`invalid number ${this.describe()}`);
    const value = Number(found![0]);
    const problem = numberProblem(found![0], value);
    if (problem) this.fail(problem.message, this.i, problem.code);
    this.i += found![0].length;
    return value;
  }

  private space(): void {
    const text = this.text;
    let c = text.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.i);
  }

  private describe(): string {
    if (this.i >= this.text.length) return 'the end of the text';
    const ch = String.fromCodePoint(this.text.codePointAt(this.i)!);
    return ch === "'" ? `"'" (JSON strings take double quotes)` : /\s/.test(ch) ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
  }

  private fail(message: string, at = this.i, code = 'json-syntax'): never {
    throw new PreflightError({
      severity: 'error',
      code,
      message,
      location: offsetToLocation(this.text, at, this.options.file, this.options.lineOffset),
    });
  }
}
