// What a command writes is never what it reads: its output files are held against its inputs before any is written.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PreflightError, fileProblem, type Diagnostic } from '../diagnostics.ts';
import type { EffectiveConfig } from '../config/resolve.ts';
import type { Pack } from '../pack/types.ts';
import { displayPath, unwritable } from './io.ts';

/** A file the command will write, as typed, and the option that named it. */
export interface Output {
  file: string;
  option: string;
}

/** A file the command reads, as shown to the user, and what it is to the command. */
export interface Input {
  file: string;
  role: string;
}

/**
 * Refuses, before anything is written (exit 2, one located problem per output), an output that cannot be written
 * as a file (a folder, or a file where its folder should be), that is one of the inputs, or that another output
 * names too: the same file by any spelling, through symbolic and hard links.
 */
export function checkOutputs(outputs: readonly (Output | undefined)[], inputs: readonly (Input | undefined)[], cwd: string): void {
  const named = outputs.filter((o): o is Output => o !== undefined);
  if (named.length === 0) return;
  const read = new Map<string, Input>();
  // The first named wins; an input that is not there (a rule without cases) has nothing to overwrite.
  for (const input of inputs.filter((i): i is Input => i !== undefined).reverse()) {
    const abs = resolve(cwd, input.file);
    if (existsSync(abs)) read.set(identity(abs), input);
  }
  const written = new Map<string, Output>();
  const problems: Diagnostic[] = [];
  for (const output of named) {
    const abs = resolve(cwd, output.file);
    const id = identity(abs);
    const input = read.get(id);
    const other = written.get(id);
    const blocked = unwritable(abs, cwd);
    if (blocked) problems.push(problem(output.file, blocked.code, `${blocked.message}; ${output.option} takes the path of a file to write`));
    else if (input) problems.push(problem(output.file, 'output-is-input', `${output.option} would overwrite ${displayPath(input.file, cwd)} (${input.role}), which this command reads; name another file`));
    else if (other) problems.push(problem(output.file, 'duplicate-output', `${output.option} names the same file as ${other.option} ${other.file}; each output needs a file of its own`));
    written.set(id, output);
  }
  if (problems.length > 0) throw new PreflightError(problems);
}

/** The files of a loaded pack: its manifest, each rule with its doc and cases, the export mapping and layout. */
export function packInputs(pack: Pack): Input[] {
  return [
    { file: pack.file, role: 'the rule pack manifest' },
    ...pack.rules.flatMap((r) => [
      { file: r.file, role: `rule ${r.id}` },
      { file: r.docs, role: `the doc of rule ${r.id}` },
      { file: r.file.replace(/\.yaml$/, '.cases.yaml'), role: `the cases of rule ${r.id}` },
    ]),
    ...(pack.mapping ? [{ file: pack.mapping.file, role: 'the export mapping' }] : []),
    ...(pack.layout ? [{ file: pack.layout.file, role: 'the AP import layout' }] : []),
  ];
}

/** The config files applied: the customer's and every layer it extends. */
export function configInputs(config: EffectiveConfig): Input[] {
  return config.files.map((file, i) => ({ file, role: i === config.files.length - 1 ? 'the customer config' : 'a config the customer config extends' }));
}

/** What makes two paths the same file: device and inode when it exists (links included), else the real path. */
function identity(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    if (stat.ino !== 0n) return `inode ${stat.dev}:${stat.ino}`;
  } catch {
    /* not there (yet): the path itself, with its folders' links resolved */
  }
  return realPath(path);
}

/** The real path of `path`, or of its nearest existing folder with the rest of the path joined on. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

function problem(file: string, code: string, message: string): Diagnostic {
  return fileProblem(file, code, message).diagnostics[0];
}
