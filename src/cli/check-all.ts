// `preflight check --all DIR`: every customer config under DIR, spread over worker threads, one line each.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { capJobs, coresLimit } from '../jobs.ts';
import { terminalText } from '../report/terminal-text.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { PreflightError, cmp, formatDiagnostic, fileProblem, type Diagnostic } from '../diagnostics.ts';
import { readTextFile, type SourceLimits } from '../yaml/source.ts';
import { folderFiles } from './folder-files.ts';
import { REPORT_FILES, checkOneCustomer, removeReports, type CustomerResult, type CustomerTask } from './check-customer.ts';
import { PACKAGE_ROOT, displayPath, requireFolder, type CliIO } from './io.ts';

/**
 * The customer configs under `dir`, as paths relative to it ('/'-separated, sorted): configs that name a customer
 * or a snapshot; shared layers (organisation files) are not customers.
 */
export function findCustomerConfigs(dir: string, cwd: string, limits?: SourceLimits): { configs: string[]; unreadable: Diagnostic[] } {
  const abs = resolve(cwd, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw fileProblem(dir, 'not-a-folder', 'is not a folder; --all takes a folder of customer configs');
  const { files, unreadable } = folderFiles(dir, abs, ['**/*.{yaml,yml}']);
  // The folder itself cannot be listed: there is nothing to check, and "no customer config" would mislead.
  const root = unreadable.find((d) => d.location.file === dir);
  if (root) throw new PreflightError(root);
  return { configs: files.filter((f) => isCustomerConfig(join(abs, f), limits)), unreadable };
}

function isCustomerConfig(file: string, limits?: SourceLimits): boolean {
  try {
    return /^(customer|snapshot):/m.test(readTextFile(file, limits));
  } catch {
    return true; // a file that cannot be read is checked with the customers, so its problem is reported with theirs
  }
}

/** Where a customer's reports go: its config's path under DIR without .yaml/.yml (east/acme.yaml → east/acme). */
export function reportFolder(config: string): string {
  return config.replace(/\.ya?ml$/, '');
}

/** Two configs whose reports would share a folder (x.yaml beside x.yml) are refused before anything is written. */
function refuseSharedFolders(dir: string, outDir: string, configs: string[]): void {
  const first = new Map<string, string>();
  const problems: Diagnostic[] = [];
  for (const config of configs) {
    const folder = reportFolder(config);
    const other = first.get(folder);
    if (other === undefined) {
      first.set(folder, config);
      continue;
    }
    problems.push({
      severity: 'error',
      code: 'report-folder-clash',
      message: `its reports would go to ${join(outDir, folder)}, as those of ${join(dir, other)} do; rename one of the two`,
      location: { file: join(dir, config), line: 1, column: 1 },
      related: [{ message: 'the config whose reports go there too', location: { file: join(dir, other), line: 1, column: 1 } }],
    });
  }
  if (problems.length > 0) throw new PreflightError(problems);
}

export interface CheckAllOptions {
  dir: string;
  outDir: string;
  /** --jobs N; by default, one worker per core. */
  jobs?: number;
  formats: string[];
  task: Omit<CustomerTask, 'config' | 'outDir' | 'formats'>;
}

export async function checkAll(options: CheckAllOptions, io: CliIO): Promise<number> {
  const { configs, unreadable } = findCustomerConfigs(options.dir, io.cwd, options.task.limits);
  if (configs.length === 0 && unreadable.length === 0) throw fileProblem(options.dir, 'no-customers', 'holds no customer config (a config with `customer:` or `snapshot:`)');
  refuseSharedFolders(options.dir, options.outDir, configs);
  requireFolder(options.outDir, '--out-dir', io.cwd);
  const tasks: CustomerTask[] = configs.map((config) => ({ ...options.task, config: join(options.dir, config), outDir: join(options.outDir, reportFolder(config)), formats: options.formats }));
  const progress = io.isTTY && !io.env.CI ? (done: number) => io.stderr(`\r\u001b[2KChecking customers ${done}/${tasks.length} ${bar(done, tasks.length)}`) : undefined;
  const cores = availableParallelism();
  const customers = { limit: tasks.length, because: `there ${tasks.length === 1 ? 'is 1 customer' : `are ${tasks.length} customers`}` };
  const { jobs, note } = capJobs(options.jobs ?? cores, [coresLimit(cores), customers]);
  if (note && options.jobs !== undefined) io.stderr(`preflight: note: ${note}\n`);
  const results = tasks.length === 0 ? [] : jobs === 1 ? runInline(tasks, progress) : await runInWorkers(tasks, jobs, progress);
  if (progress) io.stderr('\r\u001b[2K');

  // A folder that could not be read stands in the list where its customers would have.
  const folders: CustomerResult[] = unreadable.map((d) => ({ config: d.location.file, error: [d, ...clearUnder(options, d.location.file, io.cwd)] }));
  for (const r of [...results, ...folders].sort((a, b) => cmp(a.config, b.config))) io.stdout(summaryLine(r) + '\n');
  const failed = results.filter((r) => r.error).length;
  const ready = results.filter((r) => r.verdict === 'ready').length;
  const notRead = folders.length > 0 ? `; ${folders.length} folder${folders.length === 1 ? '' : 's'} could not be read` : '';
  io.stdout(`\n${tasks.length} customers: ${ready} ready, ${results.length - ready - failed} not ready${failed ? `, ${failed} could not be checked` : ''}${notRead}. Reports in ${displayPath(options.outDir, io.cwd)}\n`);
  if (failed > 0 || folders.length > 0) return 2;
  return results.some((r) => r.failsGate) ? 1 : 0;
}

/**
 * The customers in a folder that could not be read are unknown, but their reports from earlier runs lie in the
 * report folders under its own: those verdicts no longer hold, so they are removed (only preflight's report files).
 */
function clearUnder(options: CheckAllOptions, folder: string, cwd: string): Diagnostic[] {
  const rel = relative(options.dir, folder);
  if (rel.startsWith('..') || isAbsolute(rel)) return []; // reached through a link: no report folder of its own
  const base = resolve(cwd, options.outDir, rel);
  try {
    const below = existsSync(base) ? readdirSync(base, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()) : [];
    for (const entry of below) removeReports(join(entry.parentPath, entry.name), REPORT_FILES);
    return [];
  } catch (e) {
    return e instanceof PreflightError ? e.diagnostics : [fileProblem(base, 'remove-failed', `holds reports of earlier runs that cannot be removed (${(e as NodeJS.ErrnoException).code})`).diagnostics[0]];
  }
}

function summaryLine(r: CustomerResult): string {
  if (r.error) return `ERROR      ${terminalText(r.config)}\n${r.error.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`;
  const verdict = r.verdict === 'ready' ? 'ready    ' : 'NOT READY';
  const extra = `${r.notEvaluable ? `, ${r.notEvaluable} not evaluable` : ''}${r.blocked ? `, ${r.blocked} blocked` : ''}`;
  return `${verdict}  ${terminalText(r.customer ?? '')}  ${r.blocking} blocking, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}${extra}  (${terminalText(r.config)})`;
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function runInline(tasks: CustomerTask[], progress?: (done: number) => void): CustomerResult[] {
  return tasks.map((t, i) => {
    const r = checkOneCustomer(t);
    progress?.(i + 1);
    return r;
  });
}

const WORKER = join(PACKAGE_ROOT, 'bin', 'check-worker.js');

/** A fixed pool: each worker takes the next task when it finishes one; results keep the tasks' order. */
function runInWorkers(tasks: CustomerTask[], jobs: number, progress?: (done: number) => void): Promise<CustomerResult[]> {
  return new Promise((resolvePromise, reject) => {
    const results: CustomerResult[] = new Array(tasks.length);
    let next = 0;
    let done = 0;
    const workers: Worker[] = [];
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const index = next++;
        w.postMessage({ index, task: tasks[index] });
      } else void w.terminate();
    };
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(WORKER);
      workers.push(w);
      w.on('message', (m: { index: number; result: CustomerResult }) => {
        results[m.index] = m.result;
        done++;
        progress?.(done);
        if (done === tasks.length) {
          workers.forEach((x) => void x.terminate());
          resolvePromise(results);
        } else feed(w);
      });
      w.on('error', (e) => {
        workers.forEach((x) => void x.terminate());
        reject(e instanceof Error ? e : new Error(String(e)));
      });
      feed(w);
    }
  });
}

