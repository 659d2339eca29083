// Reads invoices record by record: a JSON object, a JSON array, NDJSON (streamed line by line) or a folder of them.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { PreflightError, fileProblem, type SourceLocation } from '../diagnostics.ts';
import { readTextFile, formatBytes, DEFAULT_LIMITS, type SourceLimits } from '../yaml/source.ts';
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

/** Every invoice of every path, in input order. NDJSON is never held in memory whole. */
export async function* readInvoices(paths: string[], limits: ReadLimits = DEFAULT_READ_LIMITS): AsyncGenerator<InvoiceRecord> {
  for (const path of paths) {
    for (const file of invoiceFiles(path)) {
      if (NDJSON.has(extname(file).toLowerCase())) yield* readNdjson(file, limits);
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

async function* readNdjson(file: string, limits: ReadLimits): AsyncGenerator<InvoiceRecord> {
  let lineNo = 0;
  for await (const line of lines(file, limits.maxRecordBytes)) {
    lineNo++;
    if (line.trim() === '') continue;
    const lineOffset = lineNo - 1;
    const value = parseJsonQuick(line, { file, lineOffset });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new PreflightError({ severity: 'error', code: 'not-an-invoice', message: `each NDJSON line must be one invoice object, found ${describe(value)}`, location: { file, line: lineNo, column: 1 } });
    }
    yield { data: value, file, location: { file, line: lineNo, column: 1 }, locate: locator(line, (o) => offsetToLocation(line, o, file, lineOffset), file) };
  }
}

/** Lines of a file as text, streamed; a line longer than the limit is refused before it is held. */
async function* lines(file: string, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNo = 1;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      pending += decoder.write(chunk as Buffer);
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
        yield pending.slice(from, nl).replace(/\r$/, '');
        from = nl + 1;
        lineNo++;
      }
      pending = pending.slice(from);
      if (pending.length > maxBytes) {
        throw fileProblemAt(file, lineNo, 'record-too-large', `line ${lineNo} is longer than ${formatBytes(maxBytes)}; one NDJSON line must hold one invoice`);
      }
    }
  } catch (e) {
    if (e instanceof PreflightError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw fileProblem(file, code === 'ENOENT' ? 'file-not-found' : 'read-failed', code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (e as Error).message})`);
  } finally {
    stream.destroy();
  }
  pending += decoder.end();
  if (pending.includes('\u0000')) throw fileProblemAt(file, lineNo, 'binary-file', 'contains a NUL byte; expected UTF-8 text');
  if (pending.trim() !== '') yield pending.replace(/\r$/, '');
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
    let p = pointer;
    while (!positions.has(p) && p !== '') p = p.slice(0, p.lastIndexOf('/'));
    return at(positions.get(p) ?? 0);
  };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
