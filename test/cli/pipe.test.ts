// A reader that stops early (`preflight export --dry-run ... | head`) closes the pipe mid-output: preflight stops
// writing quietly, with no stack trace on stderr.
import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';

test('a closed stdout pipe ends the output without a stack trace', async () => {
  const child = spawn(process.execPath, ['bin/preflight.js', 'export', '--config', 'fixtures/invoices/config.yaml', '--invoices', 'fixtures/invoices/golden', '--dry-run'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let got = 0;
  // Read the first piece, then close our end, as `head -c` does.
  child.stdout.once('data', (d) => {
    got = d.length;
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(got).toBeGreaterThan(0);
  expect(stderr).not.toMatch(/EPIPE|at .*\(|Unhandled/);
  expect([0, 1]).toContain(code);
}, 60_000);
