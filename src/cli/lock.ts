// One writer at a time: an exclusive lock file (pid, host, start time) created atomically, released at the end.
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { fileProblem } from '../diagnostics.ts';

export interface Lock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  started: string;
}

/**
 * Takes the lock `file` for `what` (e.g. "export is writing out/"), or throws a located refusal naming the holder.
 * A lock whose process is gone is taken over, with `note` saying so, only when it names this host: from another
 * host preflight cannot tell whether the holder still runs.
 */
export function takeLock(file: string, shown: string, what: string, note: (text: string) => void): Lock {
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies Holder) + '\n';
  let text: string | undefined;
  // A lock released between our failed create and the read is gone, not unreadable: try again (a few times).
  for (let attempt = 0; ; attempt++) {
    if (create(file, mine, shown)) return held(file, mine);
    text = readHolder(file);
    if (text !== undefined || attempt === 4 || existsSync(file)) break;
  }
  const holder = parseHolder(text);
  if (text !== undefined && holder && holder.host === hostname() && !running(holder.pid)) {
    // Move the stale lock aside first: of two runs taking it over at once, only one moves the same file.
    const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(file, aside);
      if (readHolder(aside) === text) {
        unlinkSync(aside);
        if (create(file, mine, shown)) {
          note(`took over ${shown}, left by pid ${holder.pid} (started ${holder.started}), which is no longer running`);
          return held(file, mine);
        }
      } else restore(aside, file);
    } catch {
      // someone else moved it first; fall through to the refusal with whatever holds it now
    }
    return refuse(file, shown, what, parseHolder(readHolder(file)) ?? holder);
  }
  return refuse(file, shown, what, holder);
}

function refuse(file: string, shown: string, what: string, holder: Holder | undefined): never {
  if (!holder) throw fileProblem(shown, 'locked', `another ${what} (the lock file cannot be read); if no such run is going on, delete ${shown}`);
  const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
  const fix = holder.host === hostname() ? 'wait for it to end' : `preflight cannot tell from here whether it still runs: once it has ended, delete ${shown}`;
  throw fileProblem(shown, 'locked', `another ${what} since ${holder.started} (${where}); ${fix}`);
}

/** Creates the lock with its whole content at once (written aside, then linked: link fails if the name exists). */
function create(file: string, content: string, shown: string): boolean {
  const tmp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileProblem(shown, 'write-failed', `cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}

function held(file: string, mine: string): Lock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only our own lock is removed (a lock taken over by another run is that run's).
      if (readHolder(file) === mine) unlinkSync(file);
    },
  };
}

function restore(aside: string, file: string): void {
  try {
    linkSync(aside, file);
  } catch {
    // a newer lock is already in place
  }
  unlinkSync(aside);
}

function readHolder(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string | undefined): Holder | undefined {
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as Holder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists here (EPERM: it does, under another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
