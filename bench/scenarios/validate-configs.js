// Scenario "validate-configs": `preflight validate` over 1,000 generated customer configs in one run.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedNode, shellLine, REPO_ROOT } from '../lib/spawn.js';
import { median, round } from '../lib/stats.js';

export const name = 'validate-configs';
export const description = '`preflight validate` over N generated customer configs (one process), vs `node -e \'\'`';
export const notes = [
  'Configs are generated at bench time (never committed): each extends a shared organisation file, sets settings and rule levels, holds a waiver, and names one of the fixture snapshots (each snapshot is validated once and cached).',
  'per_config_ms = (median − baseline median) / N: the marginal cost of one config.',
];

const SNAPSHOTS = ['ready-cedar-ridge', 'demo-harbor-point', 'old-hh2-northwind', 'canada-fraser-valley', 'no-hh2-survey-summit'];

export function generateConfigs(dir, count) {
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'config', 'organisation.yaml'), 'extends: [preflight:recommended]\nsettings:\n  check.failOn: error\nrules:\n  hh2-platform-network: info\n');
  for (let i = 0; i < count; i++) {
    const snapshot = join(REPO_ROOT, 'fixtures/snapshots', `${SNAPSHOTS[i % SNAPSHOTS.length]}.yaml`);
    writeFileSync(
      join(dir, 'config', `customer-${String(i).padStart(4, '0')}.yaml`),
      [
        `customer: Generated Customer ${i}`,
        'extends: [organisation.yaml]',
        `snapshot: ${snapshot}`,
        'settings:',
        `  sage.vendorIdLength: ${1 + (i % 10)}`,
        `  sage.dateFormat: ${i % 2 ? 'MM/DD/YYYY' : 'YYYY-MM-DD'}`,
        'rules:',
        `  executive-sponsor-listed: ${i % 3 ? 'warning' : 'info'}`,
        'waivers:',
        '  - rule: hh2-platform-dotnet-framework',
        '    reason: Scheduled upgrade.',
        '    approver: controller@example.com',
        `    ticket: CHG-${i}`,
        '    expires: 2027-01-31',
        '',
      ].join('\n'),
    );
  }
}

export async function run({ quick, log }) {
  const sizes = quick ? [200] : [1000];
  const reps = quick ? 2 : 5;
  const rows = [];
  for (const count of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-validate-'));
    try {
      log(`generating ${count} configs`);
      generateConfigs(dir, count);
      const args = ['bin/preflight.js', 'validate', join(dir, 'config/*.yaml')];
      timedNode(args); // warm-up: tsx transform cache
      const base = [];
      const runs = [];
      for (let r = 0; r < reps; r++) {
        base.push(timedNode(['-e', '']).ms);
        const result = timedNode(args);
        if (!result.stdout.startsWith(`No problems in ${count + 1} files.`)) throw new Error(`validate did not pass the generated configs:\n${result.stdout.slice(0, 800)}`);
        runs.push(result.ms);
      }
      const m = median(runs);
      rows.push({
        label: `${count} configs`,
        command: shellLine(args),
        runs: reps,
        median_ms: round(m),
        baseline_ms: round(median(base)),
        per_config_ms: round((m - median(base)) / count, 3),
        ratio: round(m / median(base), 2),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
