// The export's folder DIR: refuses a folder preflight did not write, lets one run write at a time, keeps each run
// in its own folder under runs/, and keeps the ledger in step with the runs.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileProblem } from '../diagnostics.ts';
import { OutputFolder, TEMP, type OutputOptions } from '../export/output.ts';
import { committedRuns, ledgerText, readLedger, withCommittedRuns, type Ledger } from '../export/ledger.ts';
import { takeLock, type Lock } from './lock.ts';
import { displayPath, requireFolder, writeFileAtomic } from './io.ts';
import type { SourceLimits } from '../yaml/source.ts';

/** The file that says DIR was written by preflight export (so a later run may write into it). */
export const MARKER = '.preflight-export';
const MARKER_TEXT =
  'This folder is written by `preflight export`.\n' +
  'runs/<time>-<id>/  one folder per run: payloads.json, ap-import.txt, rejections.json/.csv, summary.json and the\n' +
  '                   ledger entries the run added\n' +
  'ledger.json        every invoice exported by every run (an invoice on it is not exported again)\n' +
  'latest             the name of the newest run\n' +
  '.lock              present while a run is writing\n' +
  'Delete a run folder once Sage has imported its ap-import.txt; the ledger keeps its invoices.\n';

/** What the export wrote into DIR before run folders: such a folder is taken as an earlier export's first run. */
export const LEGACY_FILES = ['ap-import.txt', 'ledger.json', 'payloads.json', 'rejections.csv', 'rejections.json', 'summary.json'];

const LOCK = '.lock';
const FIX = 'name a new folder, an empty one, or one an earlier export wrote (it holds .preflight-export)';

export interface ExportDirOptions {
  dir: string;
  cwd: string;
  /** Every file and folder the export reads: DIR may be none of them and hold none of them. */
  inputs: string[];
  /** --ledger FILE, when the ledger is kept outside DIR. */
  ledgerFile?: string;
  /** Says something the user should know that is not an error (a stale lock taken over, an upgrade). */
  note: (text: string) => void;
  /** --max-file-size and the other limits, for reading ledgers. */
  limits: SourceLimits;
}

export interface Run {
  name: string;
  folder: OutputFolder;
}

/** DIR opened for one run: checked, locked, upgraded if need be, its ledger brought up to date with its runs. */
export class ExportDir {
  readonly dir: string;
  readonly shown: string;
  readonly ledgerFile: string;
  readonly ledgerShown: string;
  ledger!: Ledger;
  readonly #locks: Lock[] = [];
  readonly #cwd: string;
  readonly #external: boolean;
  /** DIR did not exist before this run: a run that fails before committing leaves no folder behind. */
  readonly #created: boolean;
  readonly #limits: SourceLimits;

  constructor(options: ExportDirOptions) {
    const { dir, cwd, note } = options;
    this.dir = dir;
    this.#cwd = cwd;
    this.shown = displayPath(dir, cwd);
    const own = join(dir, 'ledger.json');
    this.#external = options.ledgerFile !== undefined && resolve(options.ledgerFile) !== own;
    this.ledgerFile = this.#external ? options.ledgerFile! : own;
    this.ledgerShown = displayPath(this.ledgerFile, cwd);
    refuseForeign(dir, this.shown, options.inputs, cwd);
    this.#created = !existsSync(dir);
    this.#limits = options.limits;
    try {
      mkdirSync(dir, { recursive: true });
      if (this.#external) mkdirSync(dirname(this.ledgerFile), { recursive: true });
    } catch (e) {
      throw fileProblem(this.shown, 'write-failed', `cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    this.#locks.push(takeLock(join(dir, LOCK), displayPath(join(dir, LOCK), cwd), `export is writing ${this.shown}`, note));
    try {
      if (this.#external) this.#locks.push(takeLock(`${this.ledgerFile}.lock`, `${this.ledgerShown}.lock`, `export is writing the ledger ${this.ledgerShown}`, note));
      // Checked again under the lock: another run may have changed DIR since.
      const state = folderState(dir);
      if (state.kind === 'foreign') throw fileProblem(this.shown, 'out-dir-refused', `holds files that preflight export did not write (${state.names}); ${FIX}`);
      if (state.kind === 'legacy') note(`moved the earlier export's files in ${this.shown} into ${this.shown}/runs/${this.#upgrade()}/, its first run`);
      if (state.kind !== 'ours') this.#write(join(dir, MARKER), MARKER_TEXT);
      this.#dropTemporaries();
      this.ledger = this.#recover(note);
    } catch (e) {
      this.release(true);
      throw e;
    }
  }

  /** A new run's folder (written under a temporary name until commit). */
  startRun(options: OutputOptions = {}): Run {
    const now = new Date().toISOString();
    const name = `${now.slice(0, 10).replaceAll('-', '')}T${now.slice(11, 19).replaceAll(':', '')}Z-${randomBytes(3).toString('hex')}`;
    mkdirSync(join(this.dir, 'runs'), { recursive: true });
    return { name, folder: new OutputFolder(join(this.dir, 'runs', name), options) };
  }

  /**
   * Makes the run visible (one rename of its complete folder), then records its entries in the ledger. If the
   * ledger cannot be written, the run's folder is removed again: a failed run leaves no invoice marked exported.
   * With --ledger FILE, FILE.pending names the run between the two, for a later run to finish if this one is
   * killed there (a run folder in DIR is found by its name; one elsewhere only through the note).
   */
  commit(run: Run, added: string[]): void {
    const journal = `${this.ledgerFile}.pending`;
    if (this.#external) this.#write(journal, join(this.dir, 'runs', run.name) + '\n');
    run.folder.commit();
    try {
      this.#writeLedger({ runs: [...this.ledger.runs, run.name], entries: this.ledger.entries }, added);
    } catch (e) {
      rmSync(run.folder.dir, { recursive: true, force: true });
      if (this.#external) rmSync(journal, { force: true });
      throw e;
    }
    if (this.#external) rmSync(journal, { force: true });
    this.#write(join(this.dir, 'latest'), run.name + '\n');
  }

  /** Ends the run: releases the locks; after a failed run, removes DIR again if this run created it. */
  release(failed = false): void {
    const discard = failed && this.#created && committedRuns(join(this.dir, 'runs')).length === 0 && !existsSync(join(this.dir, 'ledger.json'));
    for (const lock of this.#locks.splice(0).reverse()) lock.release();
    if (discard) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Moves today's files of a pre-run-folder export into runs/ (named for the time of its summary). */
  #upgrade(): string {
    const when = statSync(join(this.dir, 'summary.json')).mtime.toISOString();
    const name = `${when.slice(0, 10).replaceAll('-', '')}T${when.slice(11, 19).replaceAll(':', '')}Z-legacy`;
    const temp = join(this.dir, 'runs', `.${name}${TEMP}upgrade`);
    mkdirSync(temp, { recursive: true });
    for (const file of LEGACY_FILES) renameSync(join(this.dir, file), join(temp, file));
    renameSync(temp, join(this.dir, 'runs', name));
    // Its ledger held every invoice exported into DIR so far: it becomes DIR's ledger, with this as its first run.
    if (!this.#external) this.#writeLedger({ runs: [name], entries: readLedger(join(this.dir, 'runs', name, 'ledger.json'), `${this.shown}/runs/${name}/ledger.json`, this.#limits).entries }, []);
    return name;
  }

  /** Temporary files and folders a killed run of ours left (DIR is ours: it holds the marker). */
  #dropTemporaries(): void {
    const runs = join(this.dir, 'runs');
    const stale = [
      ...readdirSync(this.dir).filter((n) => n.startsWith(TEMP)).map((n) => join(this.dir, n)),
      ...(existsSync(runs) ? readdirSync(runs).filter((n) => n.startsWith('.') && n.includes(TEMP)).map((n) => join(runs, n)) : []),
    ];
    for (const path of stale) rmSync(path, { recursive: true, force: true });
  }

  /** The ledger, with every committed run it does not list added (and written back if any was). */
  #recover(note: (text: string) => void): Ledger {
    let ledger = readLedger(this.ledgerFile, this.ledgerShown, this.#limits);
    const added: string[] = [];
    const journal = `${this.ledgerFile}.pending`;
    if (this.#external && existsSync(journal)) {
      const folder = readJournal(journal);
      if (folder && !ledger.runs.includes(basename(folder)) && existsSync(join(folder, 'ledger.json'))) {
        const own = readLedger(join(folder, 'ledger.json'), displayPath(join(folder, 'ledger.json'), this.#cwd), this.#limits);
        ledger = { runs: [...ledger.runs, basename(folder)], entries: [...ledger.entries, ...own.entries] };
        added.push(basename(folder));
      }
    }
    const found = withCommittedRuns(ledger, join(this.dir, 'runs'), `${this.shown}/runs`, this.#limits);
    added.push(...found.added);
    if (added.length > 0) {
      this.#writeLedger(found.ledger, []);
      note(`added ${added.length === 1 ? 'run' : 'runs'} ${added.join(', ')} to ${this.ledgerShown}: ${added.length === 1 ? 'it was' : 'they were'} written but not yet recorded (an earlier run was stopped)`);
    }
    if (this.#external) rmSync(journal, { force: true });
    return found.ledger;
  }

  #writeLedger(ledger: Ledger, added: string[]): void {
    const text = ledgerText(ledger.runs, ledger.entries.map((e) => JSON.stringify(e)).concat(added));
    this.#write(this.ledgerFile, text);
  }

  #write(file: string, text: string): void {
    writeFileAtomic(file, text);
  }
}

type FolderState = { kind: 'absent' | 'empty' | 'ours' | 'legacy' } | { kind: 'foreign'; names: string };

function folderState(dir: string): FolderState {
  if (!existsSync(dir)) return { kind: 'absent' };
  const names = readdirSync(dir).filter((n) => n !== LOCK && !n.startsWith(`${LOCK}.`));
  if (names.includes(MARKER)) return { kind: 'ours' };
  if (names.length === 0) return { kind: 'empty' };
  if (names.length === LEGACY_FILES.length && LEGACY_FILES.every((n) => names.includes(n))) return { kind: 'legacy' };
  const sorted = names.sort();
  return { kind: 'foreign', names: sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, and ${sorted.length - 5} more` : '') };
}

/** Refuses, before anything is touched, a DIR that is the working directory, an input, holds one, or is a file. */
function refuseForeign(dir: string, shown: string, inputs: string[], cwd: string): void {
  const target = realPath(dir);
  const refuse = (why: string) => fileProblem(shown, 'out-dir-refused', `${why}; ${FIX}`);
  const here = realPath(cwd);
  if (target === here) throw refuse('is the working directory');
  if (inside(here, target)) throw refuse('holds the working directory');
  for (const input of inputs) {
    const path = realPath(input);
    if (path === target) throw refuse(`is an input of this export`);
    if (inside(path, target)) throw refuse(`holds ${displayPath(input, cwd)}, an input of this export`);
  }
  requireFolder(shown, '--out-dir', cwd);
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return; // absent: created later
  }
  if (stat.isSymbolicLink()) stat = statSync(dir);
  if (!stat.isDirectory()) throw refuse('is a file, not a folder');
  const state = folderState(dir);
  if (state.kind === 'foreign') throw refuse(`holds files that preflight export did not write (${state.names})`);
}

/** The path with symbolic links resolved as far as it exists (the rest as given). */
function realPath(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPath(parent), basename(abs));
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function readJournal(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
