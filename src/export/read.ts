// Reads invoices record by record: a JSON object, a JSON array, NDJSON (streamed line by line) or a folder of them.
import { closeSync, readSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { PreflightError, fileProblem, type SourceLocation } from '../diagnostics.ts';
import { readTextFile, formatBytes, ioProblem, openRegularFile, requireUtf8, withoutBom, DEFAULT_LIMITS, type SourceLimits } from '../yaml/source.ts';
import { parseJson, parseJsonQuick, offsetToLocation, type JsonRecord } from './json-source.ts';

export interface InvoiceRecord {
  data: unknown;
  /** The file as the user named it (or the folder joined with the file name). */
  file: string;
  /** Where the record starts. */
  location: SourceLocation;
  /** Where a JSON pointer inside the record stands (parsed again, with positions, only when asked). */
  locate(pointer: string): SourceLocation;
}

export interface ReadLimits extends SourceLimits {
  /** Longest NDJSON line. */
  maxRecordBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { ...DEFAULT_LIMITS, maxRecordBytes: 1024 * 1024 };

const NDJSON = new Set(['.ndjson', '.jsonl']);
const JSON_EXT = new Set(['.json', ...NDJSON]);

/** The files a path names: itself, or a folder's .json/.ndjson/.jsonl files in name order. */
export function invoiceFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw fileProblem(path, 'file-not-found', 'no such file or folder; --invoices takes a JSON or NDJSON file, or a folder of them');
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((n) => JSON_EXT.has(extname(n).toLowerCase()))
    .sort()
    .map((n) => join(path, n));
  if (files.length === 0) throw fileProblem(path, 'no-invoices', 'the folder holds no .json, .ndjson or .jsonl file');
  return files;
}

/**
 * Every invoice of every path, in input order. NDJSON is never held in memory whole. Synchronous: a run reads
 * one chunk, hands out every complete line in it, then reads the next (no promise per record).
 */
export function* readInvoices(paths: string[], limits: ReadLimits = DEFAULT_READ_LIMITS): Generator<InvoiceRecord> {
  for (const path of paths) {
    for (const file of invoiceFiles(path)) {
      if (isNdjson(file)) yield* readNdjson(file, limits);
      else yield* readJsonDocument(file, limits);
    }
  }
}

function* readJsonDocument(file: string, limits: ReadLimits): Generator<InvoiceRecord> {
  const text = readTextFile(file, limits);
  const records: JsonRecord[] = [];
  const value = parseJson(text, { file, onElement: (r) => records.push(r) });
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) records.push({ value, start: text.search(/\S/), end: text.length });
  else if (!Array.isArray(value)) throw new PreflightError({ severity: 'error', code: 'not-an-invoice', message: `expected an invoice object or an array of invoices, found ${describe(value)}`, location: { file, line: 1, column: 1 } });
  const lines = lineStarts(text);
  const at = (offset: number): SourceLocation => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lines[lo] + 1 };
  };
  for (const r of records) {
    yield { data: r.value, file, location: at(r.start), locate: locator(text.slice(r.start, r.end), (o) => at(r.start + o), file) };
  }
}

/** An NDJSON line's invoice; its text is parsed again, with positions, only when a pointer is located. */
class NdjsonRecord implements InvoiceRecord {
  readonly location: SourceLocation;
  private positions: Map<string, number> | undefined;

  constructor(
    readonly data: unknown,
    readonly file: string,
    private readonly text: string,
    line: number,
  ) {
    this.location = { file, line, column: 1 };
  }

  locate(pointer: string): SourceLocation {
    if (!this.positions) parseJson(this.text, { file: this.file, positions: (this.positions = new Map()) });
    return offsetToLocation(this.text, nearestOffset(this.positions, pointer), this.file, this.location.line - 1);
  }
}

function* readNdjson(file: string, limits: ReadLimits): Generator<InvoiceRecord> {
  for (const { text, line } of ndjsonLines(file, limits)) yield ndjsonRecord(file, text, line);
}

/** Whether a file is read as NDJSON (by its extension). */
export function isNdjson(file: string): boolean {
  return NDJSON.has(extname(file).toLowerCase());
}

/** An NDJSON file's non-blank lines with their line numbers, unparsed (a parallel export parses them in workers). */
export function* ndjsonLines(file: string, limits: ReadLimits): Generator<{ text: string; line: number }> {
  let lineNo = 0;
  for (const text of lines(file, limits.maxRecordBytes)) {
    lineNo++;
    if (text.trim() !== '') yield { text, line: lineNo };
  }
}

/** The invoice of one NDJSON line, or a located error. */
export function ndjsonRecord(file: string, text: string, lineNo: number): InvoiceRecord {
  const value = parseJsonQuick(text, { file, lineOffset: lineNo - 1 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PreflightError({ severity: 'error', code: 'not-an-invoice', message: `each NDJSON line must be one invoice object, found ${describe(value)}`, location: { file, line: lineNo, column: 1 } });
  }
  return new NdjsonRecord(value, file, text, lineNo);
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Lines of a file as text (without "\n" or "\r\n"), read a chunk at a time; a line longer than the limit is
 * refused before it is held. Lines are cut in the bytes ("\n" is never part of a UTF-8 sequence) and each is
 * checked and decoded whole, so a character cut by a chunk's end is read as the one character it is.
 */
function* lines(file: string, maxBytes: number): Generator<string> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer | undefined; // the start of a line that goes on in the next chunk
  let lineNo = 1;
  let fd: number | undefined;
  try {
    fd = openRegularFile(file).fd;
    for (let n = readSync(fd, chunk, 0, CHUNK_BYTES, null); n > 0; n = readSync(fd, chunk, 0, CHUNK_BYTES, null)) {
      const bytes = n === CHUNK_BYTES ? chunk : chunk.subarray(0, n);
      let from = 0;
      for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, from)) {
        let text: string;
        if (carry) {
          const line = Buffer.concat([carry, bytes.subarray(0, nl)]);
          carry = undefined;
          text = lineText(file, line, 0, line.length, lineNo);
        } else text = lineText(file, bytes, from, nl, lineNo);
        // A line that ends in the chunk where it passed the limit was never carried over it: checked whole.
        if (text.length > maxBytes) throw tooLong(file, lineNo, maxBytes);
        yield text;
        from = nl + 1;
        lineNo++;
      }
      if (from < n) carry = carry ? Buffer.concat([carry, bytes.subarray(from)]) : Buffer.from(bytes.subarray(from));
      // The limit counts characters decoded so far (a character's bytes cut by the chunk's end wait for the next).
      if (carry && carry.length > maxBytes && new StringDecoder('utf8').write(carry).length > maxBytes) throw tooLong(file, lineNo, maxBytes);
    }
  } catch (e) {
    throw ioProblem(file, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const text = carry ? lineText(file, carry, 0, carry.length, lineNo) : '';
  if (text.includes('\u0000')) throw fileProblemAt(file, lineNo, 'binary-file', 'contains a NUL byte; expected UTF-8 text');
  if (text.length > maxBytes) throw tooLong(file, lineNo, maxBytes);
  if (text.trim() !== '') yield text;
}

function tooLong(file: string, lineNo: number, maxBytes: number): PreflightError {
  return fileProblemAt(file, lineNo, 'record-too-large', `line ${lineNo} is longer than ${formatBytes(maxBytes)}; one NDJSON line must hold one invoice`);
}

/**
 * The text of line `lineNo`, bytes [start, end), without a final "\r" (nor a byte order mark on the first line),
 * decoded strictly: a byte that is not UTF-8 is refused where it stands, never replaced.
 */
function lineText(file: string, bytes: Buffer, start: number, end: number, lineNo: number): string {
  let line = bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
  if (lineNo === 1) line = withoutBom(line);
  requireUtf8(file, line, lineNo);
  return line.toString('utf8');
}

function fileProblemAt(file: string, line: number, code: string, message: string): PreflightError {
  return new PreflightError({ severity: 'error', code, message, location: { file, line, column: 1 } });
}

/** Locates pointers inside one record's text; positions are computed on the first call only. */
function locator(text: string, at: (offset: number) => SourceLocation, file: string): (pointer: string) => SourceLocation {
  let positions: Map<string, number> | undefined;
  return (pointer) => {
    if (!positions) {
      positions = new Map();
      parseJson(text, { file, positions });
    }
    return at(nearestOffset(positions, pointer));
  };
}

/** Where the pointer's value starts, or its nearest located parent's. */
function nearestOffset(positions: Map<string, number>, pointer: string): number {
  let p = pointer;
  while (!positions.has(p) && p !== '') p = p.slice(0, p.lastIndexOf('/'));
  return positions.get(p) ?? 0;
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
