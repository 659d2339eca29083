// Runs every test/scenarios/*.scenario: a command, its exact stdout and stderr, and its exit status.
//   $ preflight <args>          the command (arguments split on spaces; quote with "…")
//   status: N                   the exit status
//   mode: spawn                 optional: run bin/preflight.js in a child process instead of in-process
//   --- stdout / --- stderr     the exact output that follows, to the next section or the end
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

interface Scenario {
  name: string;
  args: string[];
  status: number;
  spawn: boolean;
  stdout: string;
  stderr: string;
}

function parseScenario(name: string, text: string): Scenario {
  const [head, ...sections] = text.split(/^--- (stdout|stderr)\n/m);
  const out: Record<string, string> = { stdout: '', stderr: '' };
  for (let i = 0; i < sections.length; i += 2) out[sections[i]] = sections[i + 1];
  const command = /^\$ preflight (.*)$/m.exec(head)?.[1];
  const status = /^status: (\d+)$/m.exec(head)?.[1];
  if (command === undefined || status === undefined) throw new Error(`${name}: needs "$ preflight …" and "status: N"`);
  const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  return { name, args, status: Number(status), spawn: /^mode: spawn$/m.test(head), stdout: out.stdout, stderr: out.stderr };
}

async function run(s: Scenario): Promise<{ status: number; stdout: string; stderr: string }> {
  if (s.spawn) {
    const r = spawnSync(process.execPath, ['bin/preflight.js', ...s.args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  let stdout = '';
  let stderr = '';
  const status = await main(s.args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
    isTTY: false,
  });
  return { status, stdout, stderr };
}

const dir = 'test/scenarios';
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.scenario'))
  .sort()
  .map((f) => parseScenario(f, readFileSync(join(dir, f), 'utf8')));

describe('CLI scenarios', () => {
  test('there are scenarios for exit codes 0, 1 and 2', async () => {
    expect(new Set(scenarios.map((s) => s.status))).toEqual(new Set([0, 1, 2]));
  });
  for (const s of scenarios) {
    test(s.name, async () => {
      const result = await run(s);
      expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout: s.stdout, stderr: s.stderr, status: s.status });
    });
  }
});
