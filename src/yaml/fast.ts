// Fast path of the YAML reader: the plain data of the common, simple shape of our files (block mappings and
// sequences, one-line scalars and flow collections, block scalars), without source positions. Anything
// outside that shape, and anything the full parser would reject or read differently (tabs, anchors, tags,
// duplicate or non-string keys, multi-line plain or quoted scalars, ...), returns undefined: the caller
// then parses with the `yaml` package, which has the final word. test/yaml/fast.test.ts holds them equal.

/** Thrown inside the fast parser to give up; never escapes fastParse. */
class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/** 1-based line and column of the first character, and of the position after the last one. */
export type Position = [line: number, column: number, endLine: number, endColumn: number];

/** Positions by JSON pointer (segments escaped as toPointer does). */
export type Positions = Map<string, Position>;

const escapeSegment = (key: string): string => (key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);

/** "-" followed by a space or the end of the line, at column `i`: a block sequence entry. */
const isDash = (text: string, i: number): boolean => text.charCodeAt(i) === 45 && (i + 1 === text.length || text.charCodeAt(i + 1) === 32);

import { MAX_NESTING } from './checks.ts';

/** Longest line the fast path reads (below YAML's 1024-character limit on keys). */
const MAX_LINE = 1000;

/**
 * The data of `text` when it is a mapping in the simple shape, else undefined (use the full parser).
 * `keys`, when given, receives the position of every block-mapping key (not of flow-mapping keys);
 * `values`, that of every one-line scalar value of a block mapping or list.
 */
export function fastParse(text: string, keys?: Positions, values?: Positions): Record<string, unknown> | undefined {
  // Characters the full parser treats specially or may reject, and the non-ASCII spaces that JavaScript's
  // trim and \s take for white space but YAML reads as content: give them to it.
  if (/[\t\r\u0000-\u0008\u000b-\u001f\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(text)) return undefined;
  const texts = text.split('\n');
  const indents: number[] = new Array(texts.length);
  const blank: boolean[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const line = texts[i];
    // YAML refuses a key over 1024 characters, block or flow: a line that long is the full parser's to judge.
    if (line.length > MAX_LINE) return undefined;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    indents[i] = n;
    blank[i] = n === line.length || line.charCodeAt(n) === 35; // empty, or a comment line
  }
  try {
    const parser = new Parser(texts, indents, blank, keys, values);
    parser.skipBlank();
    if (parser.at >= texts.length) return undefined; // empty document: the full parser says so
    const first = texts[parser.at];
    if (indents[parser.at] !== 0 || /^(---|\.\.\.|%)/.test(first) || isDash(first, 0)) return undefined;
    const data = parser.mapping(0, 0, '');
    const root = values?.get('');
    if (root) keys?.set('', root); // the document has no key: asking for one gives the document
    parser.skipBlank();
    if (parser.at < texts.length) return undefined;
    return data;
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class Parser {
  at = 0;
  /** Whether positions are recorded: only then are JSON pointers built. */
  readonly recording: boolean;
  /** Where the one-line scalar `value` just read stands; undefined for anything else. */
  scalar: Position | undefined;
  /**
   * The line (0-based) of the last value read, when it ended cleanly: a one-line scalar with nothing after
   * it, or a collection that so ended. A collection's range then runs to the start of the next line.
   */
  end: number | undefined;
  /** How many collections are open: past MAX_NESTING, the full parser says where. */
  depth = 0;
  constructor(
    private readonly texts: string[],
    private readonly indents: number[],
    private readonly blank: boolean[],
    private readonly keys: Positions | undefined,
    private readonly values: Positions | undefined,
  ) {
    this.recording = keys !== undefined || values !== undefined;
  }

  /**
   * Records where a block collection stands (from its first key or dash, `first`:`col`, to the start of
   * the line after its last value) when that value ended cleanly on line `last` and the next line is
   * content or the final end of the text; then the collection itself ended cleanly there.
   */
  range<T>(collection: T, pointer: string, first: number, col: number, last: number | undefined): T {
    const after = last === undefined ? undefined : last + 1;
    this.depth--;
    const clean = after !== undefined && after < this.texts.length && (!this.blank[after] || (after === this.texts.length - 1 && this.texts[after] === ''));
    this.end = clean ? last : undefined;
    this.scalar = undefined;
    if (clean && this.values) this.values.set(pointer, [first + 1, col + 1, after! + 1, 1]);
    return collection;
  }

  /** Skips empty lines and comment lines. */
  skipBlank(): void {
    while (this.at < this.texts.length && this.blank[this.at]) this.at++;
  }

  /** A block mapping whose keys stand at `indent`; its first key starts at column `col` of the current line. */
  mapping(indent: number, col: number, pointer: string): Record<string, unknown> {
    if (++this.depth > MAX_NESTING) bail();
    const out: Record<string, unknown> = {};
    const first = this.at;
    let start = col;
    for (;;) {
      let last = this.simpleEntry(out, start, pointer);
      if (last === undefined) {
        const rest = this.texts[this.at].slice(start);
        const { key, after, length } = mappingKey(rest);
        if (key === '' || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) bail();
        const at = this.recording ? `${pointer}/${escapeSegment(key)}` : '';
        this.keys?.set(at, [this.at + 1, start + 1, this.at + 1, start + length + 1]);
        out[key] = this.value(indent, after, true, at);
        if (this.scalar) this.values?.set(at, this.scalar);
        last = this.end;
      } else {
        // As value() does after a one-line scalar: a more indented line would continue it.
        this.skipBlank();
        if (this.at < this.texts.length && this.indents[this.at] > indent) bail();
      }
      this.skipBlank();
      if (this.at >= this.texts.length) return this.range(out, pointer, first, col, last);
      const next = this.indents[this.at];
      if (next < indent) return this.range(out, pointer, first, col, last);
      if (next > indent) bail();
      if (isDash(this.texts[this.at], indent)) return this.range(out, pointer, first, col, last); // a sequence at the parent's level ends us: let the caller decide
      start = indent;
    }
  }

  /**
   * Most lines of our files, in one regular expression: "key: value" at column `start`, a plain word key and a
   * plain one-line value of letters, digits and a few safe characters (no indicator first, no ": " or " #"
   * inside, no trailing space), read as mappingKey and value() would read them. Stores the entry, records its
   * positions, moves past the line and returns its index; undefined (nothing done) for any other line.
   */
  simpleEntry(out: Record<string, unknown>, start: number, pointer: string): number | undefined {
    const text = this.texts[this.at];
    SIMPLE_ENTRY.lastIndex = start;
    const m = SIMPLE_ENTRY.exec(text);
    if (!m) return undefined;
    const key = m[1];
    if (resolvePlain(key) !== key) return undefined;
    if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) bail();
    const raw = m[2];
    out[key] = resolvePlain(raw);
    const line = this.at;
    if (this.recording) {
      const at = `${pointer}/${escapeSegment(key)}`;
      this.keys?.set(at, [line + 1, start + 1, line + 1, start + key.length + 1]);
      this.values?.set(at, [line + 1, text.length - raw.length + 1, line + 1, text.length + 1]);
    }
    this.scalar = undefined;
    this.end = line;
    this.at++;
    return line;
  }

  /** A block sequence whose dashes stand at `indent`, starting at the current line. */
  sequence(indent: number, pointer: string): unknown[] {
    if (++this.depth > MAX_NESTING) bail();
    const out: unknown[] = [];
    const first = this.at;
    for (;;) {
      const text = this.texts[this.at];
      if (this.indents[this.at] !== indent || !isDash(text, indent)) bail();
      const rest = text.slice(indent + 1);
      const content = rest.trimStart();
      const col = indent + 1 + rest.length - content.length;
      const at = this.recording ? `${pointer}/${out.length}` : '';
      if (content !== '' && !content.startsWith('#') && isMappingStart(content)) {
        out.push(this.mapping(col, col, at)); // "- key: value" and the keys below it, aligned
      } else {
        out.push(this.value(indent, rest, false, at));
        if (this.scalar) this.values?.set(at, this.scalar);
      }
      // A list item has no key: asking for its key's location gives the item's.
      const item = this.values?.get(at);
      if (item) this.keys?.set(at, item);
      const last = this.end;
      this.skipBlank();
      if (this.at >= this.texts.length) return this.range(out, pointer, first, indent, last);
      const next = this.indents[this.at];
      if (next < indent) return this.range(out, pointer, first, indent, last);
      if (next > indent || !isDash(this.texts[this.at], indent)) return this.range(out, pointer, first, indent, last); // the caller checks what follows
    }
  }

  /**
   * The value after "key:" or "-" on the current line (`rest`), owned by a node at `indent`; consumes its
   * lines. `inMapping`: a sequence may then start at `indent` itself.
   */
  value(indent: number, rest: string, inMapping: boolean, pointer: string): unknown {
    this.scalar = undefined;
    this.end = undefined;
    const content = stripComment(rest.trimStart());
    if (rest !== '' && !rest.startsWith(' ') && content !== '') bail(); // "key:value" is one plain scalar in YAML
    if (content === '') {
      const nested = this.nested(indent, inMapping, pointer);
      this.scalar = undefined; // (set by the nested values; `end` stays: the nested collection's)
      if (nested === null) this.end = undefined;
      return nested;
    }
    const c = content[0];
    if (c === '|' || c === '>') return this.blockScalar(indent, content);
    let value: unknown;
    let tail: string;
    if (c === '"' || c === "'") [value, tail] = quoted(content);
    else if (c === '{' || c === '[') {
      const base = this.texts[this.at].length - rest.trimStart().length;
      [value, tail] = flow(content, 0, { line: this.at + 1, base, keys: this.keys, values: this.values }, pointer, this.depth);
    }
    else {
      if (/^[&*!%@`?,\]}#]/.test(content) || /^[-:](\s|$)/.test(content)) bail();
      if (/:(\s|$)/.test(content) || / #/.test(content)) bail();
      value = resolvePlain(content);
      tail = '';
    }
    if (tail.trim() !== '') bail();
    if (this.values) {
      if (c !== '{' && c !== '[') {
        // A one-line scalar: from its first character (a quote included) to its last.
        const start = this.texts[this.at].length - rest.trimStart().length;
        const length = c === '"' || c === "'" ? content.length - quotedRaw(content)[1].length : content.length;
        this.scalar = [this.at + 1, start + 1, this.at + 1, start + length + 1];
      }
      this.end = content.length === rest.trim().length ? this.at : undefined; // nothing (no comment) after it
    }
    this.at++;
    // A more indented line after a one-line scalar would continue it (or be an error): the full parser decides.
    this.skipBlank();
    if (this.at < this.texts.length && this.indents[this.at] > indent) bail();
    return value;
  }

  /** The block collection (or nothing: null) on the lines after a "key:" or "-" with nothing after it. */
  nested(indent: number, inMapping: boolean, pointer: string): unknown {
    this.at++;
    this.skipBlank();
    if (this.at >= this.texts.length) return null;
    const next = this.indents[this.at];
    const isSeq = isDash(this.texts[this.at], next);
    if (next > indent) return isSeq ? this.sequence(next, pointer) : this.mapping(next, next, pointer);
    if (next === indent && inMapping && isSeq) return this.sequence(indent, pointer);
    return null;
  }

  /** A literal (|) or folded (>) block scalar with clip or strip chomping, its content more indented than `indent`. */
  blockScalar(indent: number, header: string): string {
    const m = /^([|>])(-?)$/.exec(header);
    if (!m) bail();
    const [, style, strip] = m!;
    this.at++;
    const body: string[] = [];
    let n = -1;
    while (this.at < this.texts.length) {
      const text = this.texts[this.at];
      const lineIndent = this.indents[this.at];
      if (lineIndent === text.length) {
        // An empty (or all-space) line; a comment-looking line is content here.
        if (n < 0 || text.length > n) bail(); // leading blank lines, or spaces that would be content
        body.push('');
        this.at++;
        continue;
      }
      if (n < 0) {
        if (lineIndent <= indent) break;
        n = lineIndent;
      }
      if (lineIndent < n) break;
      body.push(text.slice(n));
      this.at++;
    }
    if (n < 0) bail(); // empty block scalar
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    let text: string;
    if (style === '|') text = body.join('\n');
    else {
      // Folding only the plain case: no blank or more-indented lines inside.
      if (body.some((l) => l === '' || l.startsWith(' '))) bail();
      text = body.join(' ');
    }
    // What follows must be less indented than the owner's content; a stray deeper line is for the full parser.
    this.skipBlank();
    if (this.at < this.texts.length && this.indents[this.at] > indent) bail();
    return strip ? text : `${text}\n`;
  }
}

/** See Parser.simpleEntry: a word key, a colon and spaces, a plain value of safe characters ending the line. */
const SIMPLE_ENTRY = /([A-Za-z_][\w.-]*): +([\w/](?:[\w./@+ -]*[\w./@+-])?)$/y;

/** "key: rest" → the key and what follows the colon. Only plain or quoted keys that stay strings. */
function mappingKey(text: string): { key: string; after: string; length: number } {
  if (text[0] === '"' || text[0] === "'") {
    const [key, tail] = quoted(text);
    if (!tail.startsWith(':') || !/^:( |$)/.test(tail)) bail();
    return { key: key as string, after: tail.slice(1), length: text.length - tail.length };
  }
  const m = /^([^\s#'"{}[\]&*!|>%@`?,:-][^#]*?)\s*:( |$)/.exec(text);
  if (!m) bail();
  const key = m![1];
  if (/: |[\s]#/.test(key) || resolvePlain(key) !== key || key === '<<') bail();
  return { key, after: text.slice(m![0].length - m![2].length), length: key.length };
}

function isMappingStart(text: string): boolean {
  if (text[0] === '"' || text[0] === "'") {
    try {
      const [, tail] = quoted(text);
      return /^:( |$)/.test(tail);
    } catch (e) {
      if (e instanceof Bail) return false;
      throw e;
    }
  }
  return /^[^\s#'"{}[\]&*!|>%@`?,:-][^#]*?:( |$)/.test(text);
}

/** Drops a trailing comment (" #…") outside quotes; the rest, right-trimmed. */
function stripComment(text: string): string {
  if (text.startsWith('#')) return '';
  if (text[0] === '"' || text[0] === "'" || text[0] === '{' || text[0] === '[') return text.trimEnd(); // their own readers handle what follows
  const hash = text.search(/\s#/);
  return (hash >= 0 ? text.slice(0, hash) : text).trimEnd();
}

/** quotedRaw, then what follows the closing quote checked: a comment there needs a space before it. */
function quoted(text: string): [string, string] {
  const [value, tail] = quotedRaw(text);
  return [value, afterScalar(tail)];
}

/** After a quoted scalar: a comment needs a space before it. */
function afterScalar(tail: string): string {
  if (tail.startsWith('#')) bail();
  const t = tail.trimStart();
  return t.startsWith('#') ? '' : tail;
}

/** Where a one-line flow collection stands: its line, the column of text[0], and where to record positions. */
interface FlowContext {
  line: number;
  base: number;
  keys?: Positions;
  values?: Positions;
}

/**
 * A one-line flow collection at `text[i]`: its value and the text after it (comments dropped). `depth`: how many
 * collections hold it.
 */
function flow(text: string, i: number, at: FlowContext, pointer: string, depth: number): [unknown, string] {
  const [value, end] = flowScalarOrCollection(text, i, at, pointer, depth);
  const tail = text.slice(end);
  if (tail !== '' && !tail.startsWith(' ')) bail();
  const t = tail.trimStart();
  return [value, t.startsWith('#') ? '' : t];
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ') i++;
  return i;
}

function flowNode(text: string, i: number, at: FlowContext, pointer: string, depth: number): [unknown, number] {
  const c = text[i];
  if (c === '[') {
    const out: unknown[] = [];
    i = skipSpaces(text, i + 1);
    if (text[i] === ']') return [out, i + 1];
    for (;;) {
      const itemPointer = at.keys || at.values ? `${pointer}/${out.length}` : '';
      const [item, end] = flowScalarOrCollection(text, i, at, itemPointer, depth + 1);
      const position = at.values?.get(itemPointer);
      if (position) at.keys?.set(itemPointer, position); // a list item has no key: its key's location is the item's
      i = skipSpaces(text, end);
      if (text[i] === ':') bail(); // a single-pair mapping inside a sequence
      out.push(item);
      if (text[i] === ']') return [out, i + 1];
      if (text[i] !== ',') bail();
      i = skipSpaces(text, i + 1);
      if (text[i] === ']') bail(); // trailing comma: the full parser decides
    }
  }
  if (c === '{') {
    const out: Record<string, unknown> = {};
    i = skipSpaces(text, i + 1);
    if (text[i] === '}') return [out, i + 1];
    for (;;) {
      const [key, end] = flowScalarOrCollection(text, i, NO_POSITIONS, '', depth + 1);
      if (typeof key !== 'string' || key === '' || key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key)) bail();
      const quotedKey = text[i] === '"' || text[i] === "'";
      if (!quotedKey && resolvePlain(key as string) !== key) bail();
      const entry = at.keys || at.values ? `${pointer}/${escapeSegment(key as string)}` : '';
      at.keys?.set(entry, [at.line, at.base + i + 1, at.line, at.base + end + 1]);
      i = end;
      if (text[i] !== ':' || text[i + 1] !== ' ') bail();
      i = skipSpaces(text, i + 1);
      if (text[i] === ',' || text[i] === '}') bail(); // empty value
      const [value, after] = flowScalarOrCollection(text, i, at, entry, depth + 1);
      out[key as string] = value;
      i = skipSpaces(text, after);
      if (text[i] === '}') return [out, i + 1];
      if (text[i] !== ',') bail();
      i = skipSpaces(text, i + 1);
      if (text[i] === '}') bail();
    }
  }
  return bail();
}

const NO_POSITIONS: FlowContext = { line: 0, base: 0 };

/** A scalar or collection inside a flow collection at text[i], recorded under `pointer`. */
function flowScalarOrCollection(text: string, i: number, at: FlowContext, pointer: string, depth: number): [unknown, number] {
  const [value, end] = flowValue(text, i, at, pointer, depth);
  at.values?.set(pointer, [at.line, at.base + i + 1, at.line, at.base + end + 1]);
  return [value, end];
}

function flowValue(text: string, i: number, at: FlowContext, pointer: string, depth: number): [unknown, number] {
  if (depth > MAX_NESTING) bail();
  const c = text[i];
  if (c === '[' || c === '{') return flowNode(text, i, at, pointer, depth);
  if (c === '"' || c === "'") {
    const [value, tail] = quotedRaw(text.slice(i));
    return [value, text.length - tail.length];
  }
  // A plain scalar in flow: ends before ", [ ] { }", ": " / ":," / ":}" / ":]", or " #".
  const m = /^[^\s#'"{}[\]&*!|>%@`?,:-](?:[^,[\]{}:#\s]|:(?![\s,\]}])|\s+(?![\s#,\]}:])|#)*/.exec(text.slice(i));
  if (!m) bail();
  const raw = m![0];
  if (/\s#/.test(raw)) bail();
  return [resolvePlain(raw), i + raw.length];
}

/** A one-line quoted scalar at the start of `text`: its value and the text after the closing quote, unchecked. */
function quotedRaw(text: string): [string, string] {
  const q = text[0];
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === q) {
      if (q === "'" && text[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      return [out, text.slice(i + 1)];
    }
    if (q === '"' && ch === '\\') {
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t' };
      if (e === undefined || !(e in simple)) bail();
      out += simple[e];
      i++;
      continue;
    }
    out += ch;
  }
  return bail();
}

/** The `yaml` package's core-schema number patterns (yaml/dist/schema/core): a plain scalar matching one is a number. */
const CORE_NUMBERS = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/**
 * A plain scalar as the YAML 1.2 core schema reads it (the `yaml` package's default): null, booleans, and
 * plain decimal integers and floats; every other number form (octal, hex, exponents, infinities, NaN, signs,
 * leading zeros, long integers) is left to the full parser. Everything else is a string.
 */
function resolvePlain(s: string): unknown {
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  const c = s[0];
  if ((c >= '0' && c <= '9') || c === '-' || c === '+' || c === '.') {
    if (/^-?(0|[1-9][0-9]{0,14})$/.test(s)) return parseInt(s, 10);
    if (/^-?(0|[1-9][0-9]{0,14})\.[0-9]+$/.test(s)) return parseFloat(s);
    if (CORE_NUMBERS.some((re) => re.test(s))) bail();
  }
  return s;
}
