// `preflight demo` (npm start): check the bundled demo customer's config, print it, write reports/readiness.html and .json.
import { join, resolve } from 'node:path';
import { runCheck, render, defaultPackDir } from './check.ts';
import { parseFlags } from './usage.ts';
import { DEMO } from './commands.ts';
import { PACKAGE_ROOT, colorEnabled, displayPath, todayUtc, writeFileAtomic, type CliIO } from './io.ts';

export const DEMO_CONFIG = 'config/demo-harbor-point.yaml';

export function demoCommand(argv: string[], io: CliIO): number {
  parseFlags(DEMO, argv);
  const report = runCheck({ config: displayPath(join(PACKAGE_ROOT, DEMO_CONFIG), io.cwd), pack: defaultPackDir(io), asOf: todayUtc() });
  io.stdout(render(report, 'stylish', { color: colorEnabled(io) }));
  const out = resolve(io.cwd, 'reports/readiness.json');
  writeFileAtomic(out, render(report, 'json', { color: false }));
  const html = resolve(io.cwd, 'reports/readiness.html');
  writeFileAtomic(html, render(report, 'html', { color: false }));
  io.stdout(`\nWrote ${displayPath(html, io.cwd)} (open it in a browser)\nWrote ${displayPath(out, io.cwd)}\n`);
  return 0;
}
