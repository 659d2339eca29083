// YAML (and JSON) with source positions: the only importer of `yaml`. JSON pointer → 1-based line:column.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, Node, ParsedNode } from 'yaml';
import type * as YamlModule from 'yaml';
import { PreflightError, capped, fileProblem, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { fastParse, type Positions } from './fast.ts';
import { MAX_NESTING, TOO_DEEP, nesting, scalarProblems, tooDeepOffset } from './checks.ts';

let yamlModule: typeof YamlModule | undefined;

/**
 * The yaml package, loaded by the first parse with positions: files in the fast path's shape never need
 * it. Not bundled (scripts/build.mjs keeps it external): it loads from node_modules when needed.
 */
function yaml(): typeof YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YamlModule);
}

export interface SourceLimits {
  /** Largest file read, in bytes; larger files are refused before they are read. */
  maxBytes: number;
  /** How many alias expansions one document may make (a "billion laughs" file needs millions). */
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: SourceLimits = { maxBytes: 10 * 1024 * 1024, maxAliasCount: 100 };

export interface YamlSource {
  file: string;
  text: string;
  data: unknown;
  /** Where a JSON pointer stands: the value, or with `key` the map key naming it. Undefined if absent. */
  locate(pointer: string, options?: { key?: boolean }): SourceLocation | undefined;
  /** The location of the deepest existing node on the way to `pointer`, and its pointer. */
  locateNearest(pointer: string): { pointer: string; location: SourceLocation };
  /** The parsed node at a pointer (aliases resolved), for checks that need the source text. */
  nodeAt(pointer: string): Node | undefined;
}

/** Reads a file as UTF-8 with the size limit applied first; every failure is a located PreflightError. */
export function readTextFile(file: string, limits: SourceLimits = DEFAULT_LIMITS): string {
  return decodeText(file, readFileBytes(file, limits));
}

/**
 * The bytes of a file: the one way preflight reads a whole input file. Only a regular file is read (a FIFO or
 * /dev/zero would be read forever), its stated size is checked before a byte is read, and at most one byte
 * more than the limit is ever read, so a file that grows while it is read (or a /proc file that states 0)
 * is refused too. Failures are located PreflightErrors.
 */
export function readFileBytes(file: string, limits: SourceLimits = DEFAULT_LIMITS): Buffer {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > limits.maxBytes) throw tooLarge(file, formatBytes(size), limits.maxBytes);
    return readAtMost(fd, file, size, limits.maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes of a regular file (fewer when it is shorter), for a look at its head. */
export function readFileHead(file: string, bytes: number): Buffer {
  const { fd } = openRegularFile(file);
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readFully(fd, file, buffer, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a file for reading once it is known to be a regular file: the path is checked before the open (a
 * device is never opened), the open does not wait (a FIFO's open would until a writer came), and the open
 * descriptor is checked again (the path may have been replaced in between). The caller closes `fd`.
 */
export function openRegularFile(file: string): { fd: number; size: number } {
  let fd: number | undefined;
  try {
    requireRegular(file, statSync(file));
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    requireRegular(file, stat);
    return { fd, size: stat.size };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw ioProblem(file, e);
  }
}

function requireRegular(file: string, stat: Stats): void {
  if (stat.isFile()) return;
  if (stat.isDirectory()) throw fileProblem(file, 'is-directory', 'is a directory; expected a file');
  throw fileProblem(file, 'not-a-regular-file', `is not a regular file (${fileKind(stat)}); preflight reads only regular files`);
}

/** What a path that is neither a regular file nor a folder is, in words. */
export function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return stat.isSocket() ? 'a socket' : 'an unknown kind of file';
}

/** Reads to the end, or until more than `limit` bytes are in: then the file is refused as too large. */
function readAtMost(fd: number, file: string, size: number, limit: number): Buffer {
  // Sized for the stated size and one byte more, which the read of a file that kept its size leaves empty.
  let buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let length = readFully(fd, file, buffer, 0);
  while (length === buffer.length && length <= limit) {
    const grown = Buffer.allocUnsafe(Math.min(Math.max(buffer.length * 2, 64 * 1024), limit + 1));
    buffer.copy(grown, 0, 0, length);
    buffer = grown;
    length = readFully(fd, file, buffer, length);
  }
  if (length > limit) throw tooLarge(file, `over ${formatBytes(limit)}`, limit);
  return buffer.subarray(0, length);
}

/** Fills `buffer` from `from` until it is full or the file ends; how many bytes it then holds. */
function readFully(fd: number, file: string, buffer: Buffer, from: number): number {
  let length = from;
  try {
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
  } catch (e) {
    throw ioProblem(file, e);
  }
  return length;
}

function tooLarge(file: string, size: string, limit: number): PreflightError {
  return fileProblem(file, 'file-too-large', `file is ${size}; the limit is ${formatBytes(limit)} (split it, or raise the limit with --max-file-size)`);
}

/**
 * The bytes as UTF-8 text, strictly: a leading byte order mark is dropped (editors on Windows write one; positions
 * count from the character after it), a byte that is not UTF-8 or a NUL byte is a located PreflightError. Never
 * decoded with U+FFFD in place of a bad byte: that character would travel into what preflight writes.
 */
export function decodeText(file: string, bytes: Buffer): string {
  const body = withoutBom(bytes);
  requireUtf8(file, body);
  const text = body.toString('utf8');
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    throw new PreflightError({
      severity: 'error',
      code: 'binary-file',
      message: 'contains a NUL byte; expected a UTF-8 text file (YAML or JSON)',
      location: { file, line: before.length, column: before[before.length - 1].length + 1 },
    });
  }
  return text;
}

/** The bytes after a leading UTF-8 byte order mark (EF BB BF), or all of them when there is none. */
export function withoutBom(bytes: Buffer): Buffer {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * Refuses bytes that are not UTF-8, at the first bad byte: file:line:col (column in characters, as every other
 * position) and the byte itself. `line` is the file's line the bytes start on (an NDJSON line is checked alone).
 */
export function requireUtf8(file: string, bytes: Buffer, line = 1): void {
  if (isUtf8(bytes)) return;
  const at = firstInvalidUtf8(bytes);
  let lineStart = 0;
  let lineNo = line;
  for (let nl = bytes.indexOf(0x0a); nl !== -1 && nl < at; nl = bytes.indexOf(0x0a, nl + 1)) {
    lineNo++;
    lineStart = nl + 1;
  }
  const column = bytes.toString('utf8', lineStart, at).length + 1;
  const byte = bytes[at];
  // A byte above 0xA0 is most often a character saved in Windows-1252 (or Latin-1): say which (blanks aside).
  const legacy = byte > 0xa0 && byte !== 0xad ? ` (in Windows-1252 it would be "${String.fromCharCode(byte)}")` : '';
  throw new PreflightError({
    severity: 'error',
    code: 'not-utf8',
    message: `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8 here${legacy}; save the file as UTF-8`,
    location: { file, line: lineNo, column },
  });
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlong form, surrogate or code point above U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    // The second byte's range narrows after E0 (overlong), ED (surrogates), F0 (overlong) and F4 (above U+10FFFF).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < size; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += size;
  }
  return bytes.length;
}

export interface ParseOptions {
  /**
   * "lazy" (default): a file in the common simple shape is read by the fast path (fast.ts) and parsed
   * with positions only when something asks where a value stands (a problem to report, --explain).
   * "eager": positions at once, for files whose locations are always read (snapshots: evidence).
   */
  positions?: 'lazy' | 'eager';
}

export function readYamlFile(file: string, expected: string, limits: SourceLimits = DEFAULT_LIMITS, options?: ParseOptions): YamlSource {
  return parseYaml(readTextFile(file, limits), file, expected, limits, options);
}

/**
 * Parses one YAML or JSON document. Syntax errors, duplicate keys, alias floods and empty files are
 * PreflightErrors that name the line and column. `expected` says what the file should hold.
 */
export function parseYaml(text: string, file: string, expected: string, limits: SourceLimits = DEFAULT_LIMITS, options?: ParseOptions): YamlSource {
  const data = options?.positions === 'eager' ? undefined : fastParse(text);
  if (!data) return parseWithPositions(text, file, expected, limits);
  // The full parse accepts whatever the fast path accepts, with equal data (test/yaml/fast.test.ts).
  let full: YamlSource | undefined;
  const positions = () => (full ??= parseWithPositions(text, file, expected, limits));
  // Where keys and values stand, recorded by the fast path run again on first need: most files (a valid
  // config) are never asked, and reading without recording builds no pointer and no position.
  let recorded: { keys: Positions; values: Positions } | undefined;
  const fast = () => {
    if (!recorded) {
      recorded = { keys: new Map(), values: new Map() };
      fastParse(text, recorded.keys, recorded.values);
    }
    return recorded;
  };
  return {
    file,
    text,
    data,
    // A block-mapping key (a rule's id, a setting's name) or a one-line scalar the fast path saw; anything
    // else from the full parse.
    locate: (pointer, locateOptions) => known(locateOptions?.key ? fast().keys : fast().values, pointer, file) ?? positions().locate(pointer, locateOptions),
    locateNearest: (pointer) => nearest(data, fast().keys, fast().values, pointer, file) ?? positions().locateNearest(pointer),
    nodeAt: (pointer) => positions().nodeAt(pointer),
  };
}

/** A position the fast path recorded, by the pointer as toPointer writes it (any other spelling: undefined). */
function known(positions: Positions, pointer: string, file: string): SourceLocation | undefined {
  const at = positions.get(pointer);
  return at && { file, line: at[0], column: at[1], endLine: at[2], endColumn: at[3] };
}

/** locateNearest from the fast path's positions: the deepest existing node's key (or item), if recorded. */
function nearest(data: unknown, keys: Positions, values: Positions, pointer: string, file: string): { pointer: string; location: SourceLocation } | undefined {
  const segments = parsePointer(pointer);
  let node = data;
  let depth = 0;
  for (const seg of segments) {
    if (Array.isArray(node)) {
      const index = /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : -1;
      if (index < 0 || index >= node.length) break;
      node = node[index];
    } else if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, seg)) {
      node = (node as Record<string, unknown>)[seg];
    } else break;
    depth++;
  }
  const at = toPointer(segments.slice(0, depth));
  const location = known(depth === 0 ? values : keys, at, file);
  return location && { pointer: at, location };
}

function parseWithPositions(text: string, file: string, expected: string, limits: SourceLimits): YamlSource {
  const lineCounter = new (yaml().LineCounter)();
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const doc = parseDocument(text, lineCounter, at);
  if (doc.errors.length > 0) {
    throw new PreflightError(
      doc.errors.map((e): Diagnostic => {
        const offset = errorOffset(e.message, text, e.pos[0]);
        const bracket = text[offset];
        const message =
          offset !== e.pos[0]
            ? `"${bracket}" is never closed: a flow ${bracket === '{' ? 'mapping' : 'sequence'} must end with "${bracket === '{' ? '}' : ']'}"`
            : describeYamlError(e.code, e.message, text, e.pos[0]);
        return { severity: 'error', code: e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', message, location: at(offset) };
      }),
    );
  }
  if (doc.contents === null || (yaml().isScalar(doc.contents) && doc.contents.value === null)) {
    throw fileProblem(file, 'empty-file', `file is empty; expected ${expected}`);
  }
  const scalars = scalarProblems(yaml(), doc, text, at);
  if (scalars.length > 0) throw new PreflightError(scalars);
  // Aliases can nest what they name: text that is not too deep may give data that is (never without a "*").
  const aliased = text.includes('*');
  const aliasAt = () => {
    const first = findFirstAlias(doc);
    return first !== undefined ? at(first) : { file, line: 1, column: 1 };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    if (e instanceof ReferenceError || (e instanceof Error && /alias/i.test(e.message))) {
      throw new PreflightError({
        severity: 'error',
        code: 'alias-limit',
        message: `too many YAML alias expansions (limit ${limits.maxAliasCount}); the file looks like an alias bomb`,
        location: aliasAt(),
      });
    }
    if (e instanceof RangeError && aliased) throw new PreflightError({ severity: 'error', code: 'too-deep', message: TOO_DEEP, location: aliasAt() });
    throw e;
  }
  if (aliased && nesting(data) > MAX_NESTING) throw new PreflightError({ severity: 'error', code: 'too-deep', message: TOO_DEEP, location: aliasAt() });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PreflightError({
      severity: 'error',
      code: 'not-a-mapping',
      message: `expected ${expected}, found ${describeKind(data)}`,
      location: doc.contents?.range ? at(doc.contents.range[0]) : { file, line: 1, column: 1 },
    });
  }

  const nodeAt = (pointer: string): Node | undefined => walk(doc, parsePointer(pointer)).node;
  return {
    file,
    text,
    data,
    nodeAt,
    locate(pointer, options) {
      const segments = parsePointer(pointer);
      const { node, keyNode, depth } = walk(doc, segments);
      if (depth < segments.length) return undefined;
      const target = options?.key && keyNode ? keyNode : node;
      return target?.range ? rangeLocation(target as ParsedNode, at) : { file, line: 1, column: 1 };
    },
    locateNearest(pointer) {
      const segments = parsePointer(pointer);
      const { node, keyNode, depth } = walk(doc, segments);
      const target = keyNode ?? node;
      const location = target?.range ? rangeLocation(target as ParsedNode, at) : { file, line: 1, column: 1 };
      return { pointer: toPointer(segments.slice(0, depth)), location };
    },
  };
}

/**
 * The yaml package's parseDocument, with one step between its parser and its composer: tokens nested more than
 * MAX_NESTING deep are refused there, before the composer (recursive) overflows the stack on them.
 */
function parseDocument(text: string, lineCounter: YamlModule.LineCounter, at: (offset: number) => SourceLocation): Document.Parsed {
  const { Composer, Parser, YAMLParseError } = yaml();
  function* checked(tokens: Iterable<YamlModule.CST.Token>): Generator<YamlModule.CST.Token> {
    for (const token of tokens) {
      const deep = tooDeepOffset(token);
      if (deep !== undefined) throw new PreflightError({ severity: 'error', code: 'too-deep', message: TOO_DEEP, location: at(deep) });
      yield token;
    }
  }
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ uniqueKeys: true, merge: false }).compose(checked(new Parser(lineCounter.addNewLine).parse(text)), true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

function rangeLocation(node: ParsedNode, at: (o: number) => SourceLocation): SourceLocation {
  const start = at(node.range[0]);
  const end = at(node.range[1]);
  return { ...start, endLine: end.line, endColumn: end.column };
}

interface WalkResult {
  node: Node | undefined;
  keyNode: Node | undefined;
  depth: number;
}

function walk(doc: Document, segments: string[]): WalkResult {
  let node = deref(doc, doc.contents as Node | null);
  let keyNode: Node | undefined;
  let depth = 0;
  for (const seg of segments) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => yaml().isPair(p) && keyString(p.key) === seg);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = deref(doc, pair.value as Node | null) ?? (pair.key as Node);
    } else if (yaml().isSeq(node)) {
      const index = /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : -1;
      if (index < 0 || index >= node.items.length) break;
      keyNode = undefined;
      node = deref(doc, node.items[index] as Node);
    } else break;
    depth++;
  }
  return { node: node ?? undefined, keyNode, depth };
}

function deref(doc: Document, node: Node | null | undefined): Node | undefined {
  if (node && yaml().isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return node ?? undefined;
}

function keyString(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return String(key);
}

function findFirstAlias(doc: Document): number | undefined {
  let found: number | undefined;
  const visit = (n: unknown): void => {
    if (found !== undefined || !n) return;
    if (yaml().isAlias(n)) {
      found = n.range?.[0];
      return;
    }
    if (yaml().isMap(n) || yaml().isSeq(n)) for (const item of n.items) visit(yaml().isPair(item) ? item.value : item);
  };
  visit(doc.contents);
  return found;
}

/**
 * Where the character at `offset` of a text value stands in the file (a mistake inside a template, say), or
 * undefined when it cannot be told. The value's non-blank characters are the source's, in order, for plain and
 * block scalars; folding and indentation only change blanks. A quoted scalar's escapes end the match.
 */
export function locateInString(source: YamlSource, pointer: string, offset: number): SourceLocation | undefined {
  const node = source.nodeAt(pointer);
  if (!node || !yaml().isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  let target = offset;
  while (target < value.length && /\s/.test(value[target])) target++;
  if (target >= value.length) return undefined;
  const [start, end] = node.range;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  let at = block ? source.text.indexOf('\n', start) + 1 : node.type === 'PLAIN' ? start : start + 1;
  if (block && at === 0) return undefined;
  for (let i = 0; i <= target; i++) {
    if (/\s/.test(value[i])) continue;
    while (at < end && /\s/.test(source.text[at])) at++;
    if (at >= end || source.text[at] !== value[i]) return undefined;
    if (i === target) break;
    at++;
  }
  const before = source.text.lastIndexOf('\n', at - 1);
  let line = 1;
  for (let i = source.text.indexOf('\n'); i >= 0 && i < at; i = source.text.indexOf('\n', i + 1)) line++;
  return { file: source.file, line, column: at - before };
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointer(String(s))).join('');
}

/** "/procore/vendors/2001/origin_code" → "procore.vendors.2001.origin_code": how rules and messages name facts. */
export function pointerToPath(pointer: string): string {
  return parsePointer(pointer).join('.');
}

function describeYamlError(code: string, message: string, text: string, offset: number): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*("[^"]*"|'[^']*'|[^:#\n]*?)\s*:/.exec(text.slice(offset))?.[1];
    return `duplicate key${key ? ` ${key}` : ''}: each key may appear once in a mapping`;
  }
  return first;
}

/**
 * Where to point for a syntax error. The yaml library reports an unclosed flow collection where it gave
 * up (often the next line); the person needs the bracket that was never closed.
 */
function errorOffset(message: string, text: string, offset: number): number {
  if (!/^Flow (map|sequence)/.test(message) && !/Expected flow (map|sequence) to end/.test(message)) return offset;
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '{' || ch === '[') open.push(i);
    else if ((ch === '}' || ch === ']') && open.length > 0) open.pop();
  }
  return open.length > 0 ? open[open.length - 1] : offset;
}

/**
 * What a file holds instead of a mapping, by kind only: a file of the wrong kind (a .env, a key file) may hold a
 * secret on its first line, and the message goes to terminals, logs and CI annotations.
 */
function describeKind(value: unknown): string {
  if (typeof value === 'string') return 'plain text, not a YAML mapping (`key: value` lines)';
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value}, not a YAML mapping (\`key: value\` lines)`;
  return describeValue(value);
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${capped(JSON.stringify(value))}`;
}


/** A failed open, stat or read as a located problem (a PreflightError passes through as it is). */
export function ioProblem(file: string, e: unknown): PreflightError {
  if (e instanceof PreflightError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return fileProblem(file, 'file-not-found', 'no such file');
  if (code === 'EISDIR') return fileProblem(file, 'is-directory', 'is a directory; expected a file');
  if (code === 'EACCES' || code === 'EPERM') return fileProblem(file, 'permission-denied', 'permission denied');
  return fileProblem(file, 'read-failed', `cannot be read (${code ?? (e as Error)?.message ?? 'unknown error'})`);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
