// A run's output folder, written atomically: every file goes into a temporary sibling folder, renamed into place
// (a new name: nothing is replaced) only when complete.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileProblem } from '../diagnostics.ts';

export const TEMP = '.preflight-tmp-';

export interface OutputOptions {
  /** Called after every write with the bytes written so far to all files (the test hook for killing mid-file). */
  onBytes?: (total: number) => void;
}

/** Bytes held per file before they are written: one system call per this much output, not one per record. */
const BUFFER_BYTES = 256 * 1024;

/** A file's bytes not yet written: text is encoded straight into one reused buffer (no Buffer per write). */
interface Held {
  buffer: Buffer;
  used: number;
}

export class OutputFolder {
  readonly temp: string;
  private readonly fds = new Map<string, number>();
  private readonly pending = new Map<string, Held>();
  private total = 0;

  constructor(
    readonly dir: string,
    private readonly options: OutputOptions = {},
  ) {
    const parent = dirname(dir);
    this.temp = join(parent, `.${basename(dir)}${TEMP}${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(parent, { recursive: true });
      mkdirSync(this.temp);
    } catch (e) {
      throw fileProblem(dir, 'write-failed', `cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  write(name: string, data: string | Uint8Array): void {
    // The test hook counts bytes as they reach the file, so it writes through; otherwise writes are batched.
    if (this.options.onBytes) {
      this.writeOut(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      this.options.onBytes(this.total);
      return;
    }
    let held = this.pending.get(name);
    if (!held) this.pending.set(name, (held = { buffer: Buffer.allocUnsafeSlow(BUFFER_BYTES), used: 0 }));
    // A UTF-16 unit takes at most 3 bytes in UTF-8, so text of n units fits in 3n bytes.
    const room = typeof data === 'string' ? data.length * 3 : data.length;
    if (room > BUFFER_BYTES - held.used) {
      this.flush(name, held);
      if (room > BUFFER_BYTES) {
        this.writeOut(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        return;
      }
    }
    if (typeof data === 'string') held.used += held.buffer.write(data, held.used);
    else {
      held.buffer.set(data, held.used);
      held.used += data.length;
    }
  }

  private flush(name: string, held: Held): void {
    if (held.used === 0) return;
    const used = held.used;
    held.used = 0;
    this.writeOut(name, held.buffer.subarray(0, used));
  }

  private writeOut(name: string, bytes: Uint8Array): void {
    let fd = this.fds.get(name);
    try {
      if (fd === undefined) {
        fd = openSync(join(this.temp, name), 'w');
        this.fds.set(name, fd);
      }
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      this.total += bytes.length;
    } catch (e) {
      throw fileProblem(join(this.dir, name), 'write-failed', `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  /** Flushes and closes every file, then renames the folder to DIR, which must not exist. */
  commit(): void {
    for (const [name, held] of this.pending) {
      // A file written only empty pieces is still created (ap-import.txt of a run that exports nothing).
      if (held.used === 0 && !this.fds.has(name)) this.writeOut(name, held.buffer.subarray(0, 0));
      this.flush(name, held);
    }
    this.pending.clear();
    try {
      for (const fd of this.fds.values()) {
        fsyncSync(fd);
        closeSync(fd);
      }
      this.fds.clear();
      renameSync(this.temp, this.dir);
    } catch (e) {
      throw fileProblem(this.dir, 'write-failed', `cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  /** Drops the temporary folder; DIR is not created. */
  abort(): void {
    this.pending.clear();
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.fds.clear();
    rmSync(this.temp, { recursive: true, force: true });
  }
}
