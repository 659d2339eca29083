// Scenario "validate-configs": `preflight validate` over N generated customer configs vs ajv-cli and Spectral on the same files, same verdicts checked first.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { parse } from 'yaml';
import { timedNode, shellLine, REPO_ROOT } from '../lib/spawn.js';
import { median, round } from '../lib/stats.js';
import { COMPETITOR_BINS, competitorVersions } from '../lib/competitors.js';

export const name = 'validate-configs';
export const description = 'N generated customer configs in one process each: `preflight validate` vs ajv-cli (same schema) vs Spectral (schema ruleset), and `node -e \'\'`';
export const notes = [
  'Configs are generated at bench time (never committed): each extends a shared organisation file, sets settings and rule levels, holds a waiver, and names one of the fixture snapshots (each snapshot is validated once and cached). Every 25th config carries one schema mistake (setting out of range, unknown rule level, waiver without ticket, unknown setting).',
  'Same verdicts first: the set of files each tool calls invalid must equal the set generated invalid; the untimed first run of each tool is that check (and its warm-up).',
  'Same schema: schemas/config.schema.json as `preflight schema --out-dir` writes it. ajv-cli 5 gets bench/lib/ajv-cli-preflight.cjs (-c), which adds the annotation keywords and the date/email formats preflight\'s ajv adds, with --all-errors --strict=true --allow-union-types. Spectral gets a one-rule ruleset: the core `schema` function with that schema, given `$`.',
  'ajv-cli reads YAML itself, but with js-yaml 3 (YAML 1.1): it turns `expires: 2027-01-31` into a Date and rejects every config. So ajv-cli is given JSON copies made with the `yaml` package (YAML 1.2, as preflight parses) in a temp dir, before timing; that conversion is not counted in its time.',
  'preflight validate does more than the schema: it loads and checks the rule pack, resolves `extends` chains, loads and validates each referenced snapshot, and locates every problem at file:line:col. The competitors check only the schema.',
  'ratio = tool median ÷ preflight median (>1: preflight is faster). Runs are interleaved, the order rotating each repetition.',
];

const SNAPSHOTS = ['ready-cedar-ridge', 'demo-harbor-point', 'old-hh2-northwind', 'canada-fraser-valley', 'no-hh2-survey-summit'];
const MISTAKES = [
  (lines) => lines.map((l) => (l.startsWith('  sage.vendorIdLength:') ? '  sage.vendorIdLength: 11' : l)),
  (lines) => lines.map((l) => (l.startsWith('  executive-sponsor-listed:') ? '  executive-sponsor-listed: critical' : l)),
  (lines) => lines.filter((l) => !l.startsWith('    ticket:')),
  (lines) => lines.map((l) => (l.startsWith('  sage.dateFormat:') ? '  sage.dateFormatt: MM/DD/YYYY' : l)),
];

/** Writes DIR/config/organisation.yaml and COUNT customer configs; returns the base names generated invalid. */
export function generateConfigs(dir, count, { invalidEvery = 25 } = {}) {
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'config', 'organisation.yaml'), 'extends: [preflight:recommended]\nsettings:\n  check.failOn: error\nrules:\n  hh2-platform-network: info\n');
  const invalid = [];
  for (let i = 0; i < count; i++) {
    const snapshot = join(REPO_ROOT, 'fixtures/snapshots', `${SNAPSHOTS[i % SNAPSHOTS.length]}.yaml`);
    const file = `customer-${String(i).padStart(4, '0')}.yaml`;
    let lines = [
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
    ];
    if (invalidEvery && i % invalidEvery === invalidEvery - 1) {
      lines = MISTAKES[Math.floor(i / invalidEvery) % MISTAKES.length](lines);
      invalid.push(file);
    }
    writeFileSync(join(dir, 'config', file), lines.join('\n'));
  }
  return invalid;
}

const sameSet = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export async function run({ quick, log }) {
  const count = quick ? 100 : 1000;
  const reps = quick ? 1 : 5;
  for (const [tool, bin] of Object.entries(COMPETITOR_BINS)) {
    if (!existsSync(bin)) throw new Error(`${tool} is not installed in bench/node_modules (run \`npm install --prefix bench\`)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-validate-'));
  try {
    log(`generating ${count} configs`);
    const expectedInvalid = generateConfigs(dir, count);
    const files = count + 1;

    // The schema exactly as preflight publishes it, then the competitors' inputs (untimed).
    timedNode(['bin/preflight.js', 'schema', '--out-dir', join(dir, 'schemas')]);
    const schemaFile = join(dir, 'schemas', 'config.schema.json');
    mkdirSync(join(dir, 'json'));
    for (const f of readdirSync(join(dir, 'config'))) {
      writeFileSync(join(dir, 'json', f.replace(/\.yaml$/, '.json')), JSON.stringify(parse(readFileSync(join(dir, 'config', f), 'utf8'))));
    }
    const ruleset = join(dir, 'spectral-ruleset.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    writeFileSync(ruleset, JSON.stringify({ rules: { 'preflight-config-schema': { description: 'customer config matches config.schema.json', message: '{{error}}', given: '$', severity: 'error', then: { function: 'schema', functionOptions: { schema, allErrors: true } } } } }));

    const versions = competitorVersions();
    const tools = [
      {
        label: 'preflight validate',
        args: ['bin/preflight.js', 'validate', join(dir, 'config/*.yaml'), '--format', 'json'],
        invalid: (r) => [...new Set(JSON.parse(r.stdout).problems.map((p) => basename(p.location.file)))],
      },
      {
        label: `ajv-cli ${versions['ajv-cli']} (JSON copies)`,
        args: [COMPETITOR_BINS.ajvCli, 'validate', '-s', schemaFile, '-d', join(dir, 'json/*.json'), '-c', new URL('../lib/ajv-cli-preflight.cjs', import.meta.url).pathname, '--all-errors', '--strict=true', '--allow-union-types'],
        invalid: (r) => [...r.stderr.matchAll(/^(\S+) invalid$/gm)].map((m) => basename(m[1]).replace(/\.json$/, '.yaml')),
        display: (args) => ['ajv', ...args.slice(1)],
      },
      {
        label: `spectral ${versions['@stoplight/spectral-cli']} (schema ruleset)`,
        args: [COMPETITOR_BINS.spectral, 'lint', '--ruleset', ruleset, join(dir, 'config/*.yaml'), '--format', 'json', '--quiet'],
        invalid: (r) => [...new Set(JSON.parse(r.stdout || '[]').filter((d) => d.severity === 0).map((d) => basename(d.source)))],
        display: (args) => ['spectral', ...args.slice(1)],
      },
    ];
    const okCodes = expectedInvalid.length > 0 ? [1] : [0];

    // Checked before timing (and warm-up): every tool flags exactly the generated mistakes.
    for (const tool of tools) {
      log(`checking ${tool.label}`);
      const r = timedNode(tool.args, { okCodes });
      const flagged = tool.invalid(r);
      if (!sameSet(flagged, expectedInvalid)) {
        throw new Error(`${tool.label} called ${flagged.length} files invalid, expected ${expectedInvalid.length}: ${flagged.filter((f) => !expectedInvalid.includes(f)).slice(0, 5).join(', ')} / missed ${expectedInvalid.filter((f) => !flagged.includes(f)).slice(0, 5).join(', ')}`);
      }
    }

    log(`${reps} interleaved repetition(s)`);
    const samples = { baseline: [], ...Object.fromEntries(tools.map((t) => [t.label, []])) };
    const all = [{ label: 'baseline', args: ['-e', ''], ok: [0] }, ...tools.map((t) => ({ ...t, ok: okCodes }))];
    for (let r = 0; r < reps; r++) {
      const shift = r % all.length;
      for (const t of [...all.slice(shift), ...all.slice(0, shift)]) samples[t.label].push(timedNode(t.args, { okCodes: t.ok }).ms);
    }

    const pf = median(samples['preflight validate']);
    const base = median(samples.baseline);
    return [
      { label: 'baseline', command: shellLine(['-e', '']), files, runs: reps, median_ms: round(base), per_file_ms: null, ratio: null },
      ...tools.map((t) => {
        const m = median(samples[t.label]);
        return {
          label: t.label,
          command: t.display ? shellLine(t.display(t.args)).replace(/^node /, '') : shellLine(t.args),
          files,
          invalid: expectedInvalid.length,
          runs: reps,
          median_ms: round(m),
          per_file_ms: round((m - base) / files, 3),
          ratio: t.label === 'preflight validate' ? 1 : round(m / pf, 2),
          samples_ms: samples[t.label].map((x) => round(x, 1)),
        };
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
