// Every example in every command's help runs as written, from a folder laid out like the repository.
import { describe, expect, test } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, main } from '../../src/cli/main.ts';
import { expectNoCrashOutput, scratchDir } from './cli-run.ts';
import { ROOT } from './spawn.ts';
import { exampleParts } from './examples.ts';

const scratch = scratchDir('preflight-help-examples-');

/**
 * A fresh folder that reads like the repository's root (its config, fixtures and rules, linked), so the examples'
 * relative paths work and whatever they write lands in the scratch folder, not in the repository.
 */
function repositoryLike(name: string): string {
  const dir = join(scratch(), name);
  mkdirSync(dir);
  for (const folder of ['config', 'fixtures', 'rules']) symlinkSync(join(ROOT, folder), join(dir, folder));
  return dir;
}

/**
 * `run` with the process in `dir`, as a shell would start preflight there: inputs are read and outputs written
 * relative to it. In process, not spawned: a spawn per example would load the whole engine again each time.
 */
async function inFolder<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}

describe.each(Object.keys(COMMANDS))('preflight %s --help', (name) => {
  const { spec } = COMMANDS[name];

  test('its examples run, in order, as written: none is refused', async () => {
    const cwd = repositoryLike(name);
    let ran = 0;
    for (const e of spec.examples) {
      const { env, command, args } = exampleParts(e.run);
      // Live examples need Procore's credentials and network: their flags are checked in help.test.ts.
      if (Object.keys(env).some((v) => v.startsWith('PROCORE_'))) continue;
      let stderr = '';
      const status = await inFolder(cwd, () => main([command, ...args], { stdout: () => {}, stderr: (t) => void (stderr += t), env: { NO_COLOR: '1' }, cwd, isTTY: false }));
      expectNoCrashOutput(stderr);
      expect(Object.keys(COMMANDS[command].spec.exits).filter((code) => code !== '2'), `${e.run}: exit ${status}\n${stderr}`).toContain(String(status));
      ran++;
    }
    expect(ran, 'at least one example runs offline').toBeGreaterThan(0);
    // Several whole checks in a row (check --all starts worker threads): on a loaded machine that takes a while.
  }, 180_000);
});
