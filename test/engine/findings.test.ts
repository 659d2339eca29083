// The engine decides outcomes first and works out a finding's message, evidence and location only when they are
// read (replaying the check with every fact recorded). --explain records everything while checking. Both must
// give the same findings, whatever is evaluated in between and whatever order the fields are read in.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPack, requirePack } from '../../src/pack/load.ts';
import { loadSnapshot, snapshotFromData, type Snapshot } from '../../src/snapshot/load.ts';
import { defaultSettings, evaluateRules } from '../../src/engine/evaluate.ts';
import { plainFinding } from '../../src/engine/finding.ts';
import { sortFindings } from '../../src/engine/report.ts';
import type { Finding } from '../../src/engine/types.ts';

const pack = requirePack('rules');
const settings = defaultSettings(pack);
const fixtures = readdirSync('fixtures/snapshots')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => loadSnapshot(join('fixtures/snapshots', f)));

/** A finding as the reports see it, without --explain's steps. */
function shown(f: Finding): unknown {
  const { explanation: _steps, ...rest } = plainFinding(f) as Finding;
  return JSON.parse(JSON.stringify(rest));
}

/** Every leaf of a snapshot's data as a path of keys (lists by index). */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => leaves(v, [...path, k]));
}

/** The snapshot without one fact (a copy; the fixture is left alone). */
function without(snapshot: Snapshot, path: string[]): Snapshot {
  const data = structuredClone(snapshot.data) as Record<string, unknown>;
  let node: any = data;
  for (const k of path.slice(0, -1)) node = node[k];
  if (Array.isArray(node)) node.splice(Number(path[path.length - 1]), 1);
  else delete node[path[path.length - 1]];
  return snapshotFromData(data, `${snapshot.file} without ${path.join('.')}`);
}

describe('findings worked out on first read', () => {
  test('equal the findings of --explain, which records every fact while checking, on every fixture', () => {
    // Evaluate every fixture first, read afterwards: a finding must not depend on what ran after it.
    const lazy = fixtures.map((s) => evaluateRules(pack, s, { settings }));
    const eager = fixtures.map((s) => evaluateRules(pack, s, { settings, explain: true }));
    let withEvidence = 0;
    const outcomes = new Set<string>();
    fixtures.forEach((s, i) => {
      expect(lazy[i].map(shown), s.file).toEqual(eager[i].map(shown));
      withEvidence += lazy[i].filter((f) => f.evidence.length > 0).length;
      lazy[i].forEach((f) => outcomes.add(f.outcome));
    });
    expect(withEvidence).toBeGreaterThan(100);
    expect([...outcomes].sort()).toEqual(['blocked', 'fail', 'not-applicable', 'not-evaluable', 'pass']);
  });

  test('equal them with any one fact missing (not evaluable and rejected values included)', () => {
    const outcomes = new Set<string>();
    let variants = 0;
    for (const fixture of fixtures.slice(0, 4)) {
      const paths = leaves(fixture.data).filter((p) => p.length > 1 && p[0] !== 'meta');
      // Every third leaf keeps the run short and still reaches every section of the snapshot.
      for (const path of paths.filter((_, i) => i % 3 === 0)) {
        const s = without(fixture, path);
        const lazy = evaluateRules(pack, s, { settings });
        const eager = evaluateRules(pack, s, { settings, explain: true });
        expect(lazy.map(shown), s.file).toEqual(eager.map(shown));
        lazy.forEach((f) => outcomes.add(f.outcome));
        variants++;
      }
    }
    expect(variants).toBeGreaterThan(50);
    expect([...outcomes].sort()).toEqual(expect.arrayContaining(['fail', 'not-applicable', 'not-evaluable', 'pass']));
  });

  test('read in any order, a finding gives the same message, evidence and location', () => {
    const s = fixtures.find((f) => f.file.includes('demo-harbor-point'))!;
    const first = evaluateRules(pack, s, { settings });
    const second = evaluateRules(pack, s, { settings });
    for (let i = 0; i < first.length; i++) {
      const a = first[i];
      const b = second[i];
      // a: location first (it reads the evidence), then message; b: message first, then evidence.
      const aLocation = a.location;
      const aMessage = a.message;
      const bMessage = b.message;
      const bEvidence = b.evidence;
      expect(aLocation).toEqual(b.location);
      expect(aMessage).toBe(bMessage);
      expect(a.evidence).toEqual(bEvidence);
    }
  });

  test('a finding reads as plain data: JSON, spreads and the fields its rule shares', () => {
    const s = fixtures.find((f) => f.file.includes('demo-harbor-point'))!;
    const [f] = evaluateRules(pack, s, { settings });
    const rule = pack.byId.get(f.ruleId)!;
    const json = JSON.parse(JSON.stringify(f));
    expect(Object.keys(json)).toEqual(['key', 'ruleId', 'outcome', 'severity', 'category', 'actor', 'confidence', 'title', 'message', 'evidence', 'settings', 'remediation', 'docs', 'ruleLocation', 'location']);
    expect(json).toEqual(JSON.parse(JSON.stringify(plainFinding(f))));
    expect({ ...plainFinding(f) }).toEqual(json);
    expect([f.severity, f.title, f.remediation, f.ruleLocation]).toEqual([rule.severity, rule.title, rule.remediation, rule.location]);
  });

  test('a severity set by a config changes only the severity', () => {
    const s = fixtures.find((f) => f.file.includes('demo-harbor-point'))!;
    const id = pack.rules.find((r) => r.scope === 'snapshot' && r.severity === 'error')!.id;
    const plain = evaluateRules(pack, s, { settings }).filter((f) => f.ruleId === id);
    const lowered = evaluateRules(pack, s, { settings, levels: new Map([[id, 'info']]) }).filter((f) => f.ruleId === id);
    expect(lowered.map((f) => f.severity)).toEqual(plain.map(() => 'info'));
    expect(lowered.map((f) => ({ ...shown(f) as object, severity: 'error' }))).toEqual(plain.map(shown));
    expect(pack.byId.get(id)!.severity).toBe('error');
  });

  test('come back in report order, so a report does not sort them again', () => {
    for (const s of fixtures) {
      const findings = evaluateRules(pack, s, { settings });
      // A copy is not known to be in order: sortFindings really sorts it.
      const sorted = sortFindings([...findings].reverse());
      expect(findings.map((f) => f.key), s.file).toEqual(sorted.map((f) => f.key));
    }
  });
});

/** A pack of the given readiness rules (the bundled manifest, without the export). */
function packOf(rules: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-order-'));
  const manifest = readFileSync('rules/pack.yaml', 'utf8')
    .replace(/rules:\n(  - .*\n)+/, 'rules:\n  - readiness\n')
    .replace(/^export:\n(  .*\n)+/m, '');
  mkdirSync(join(dir, 'readiness'));
  writeFileSync(join(dir, 'pack.yaml'), manifest);
  for (const [id, body] of Object.entries(rules)) {
    const head = [`id: ${id}`, 'title: T', 'severity: error', 'category: setting', 'actor: consultant', 'confidence: confirmed', 'source: s'];
    // Only a rule with `each` has an itemKey (loading the pack refuses a template that reads what it cannot see).
    const message = body.includes('each:') ? 'message: "{{itemKey}} failed"' : 'message: failed';
    writeFileSync(join(dir, 'readiness', `${id}.yaml`), [...head, body, message, 'remediation: r', ''].join('\n'));
    writeFileSync(join(dir, 'readiness', `${id}.md`), `# ${id}\n`);
  }
  const { pack, diagnostics } = loadPack(dir);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return pack!;
}

describe('evaluation order', () => {
  test('a rule listed before the rule it requires still waits for it, and findings come out in report order', () => {
    const ordered = packOf({
      // Reported first, evaluated last: it requires the rule of the last file.
      'a-needs-z': 'requires: [z-base]\ncheck: true',
      // Items whose list order (9, 10, 100: Procore ids ascend) is not key order ("10" < "100" < "9").
      'm-items': 'each: { var: procore.users }\ncheck: { "!!": { var: item.isAdmin } }',
      'z-base': 'check: { "===": [{ var: procore.erpIntegrations.enabled }, true] }',
    });
    const base = fixtures.find((f) => f.file.includes('demo-harbor-point'))!;
    const data = structuredClone(base.data) as any;
    data.procore.erpIntegrations.enabled = false;
    data.procore.users = { '9': { name: 'Nine', isAdmin: true }, '10': { name: 'Ten', isAdmin: false }, '100': { name: 'Hundred', isAdmin: true } };
    const snapshot = snapshotFromData(data, 'order');
    for (const explain of [false, true]) {
      const findings = evaluateRules(ordered, snapshot, { settings: defaultSettings(ordered), explain });
      expect(findings.map((f) => `${f.key} ${f.outcome}`)).toEqual(['a-needs-z blocked', 'm-items/10 fail', 'm-items/100 pass', 'm-items/9 pass', 'z-base fail']);
      expect(findings.map((f) => f.key)).toEqual(sortFindings([...findings].reverse()).map((f) => f.key));
      // Each item's finding keeps its own item, though the items were checked out of list order.
      expect(findings[1].message).toBe('10 failed');
      expect(findings[1].evidence.map((e) => [e.pointer, e.value])).toEqual([['/procore/users/10/isAdmin', false]]);
    }
    // Once the rule it requires passes, it runs.
    data.procore.erpIntegrations.enabled = true;
    const passing = evaluateRules(ordered, snapshotFromData(data, 'order'), { settings: defaultSettings(ordered) });
    expect(passing.map((f) => `${f.key} ${f.outcome}`)).toEqual(['a-needs-z pass', 'm-items/10 fail', 'm-items/100 pass', 'm-items/9 pass', 'z-base pass']);
  });
});

describe('a recorded version that stands for many (1.31.xxxx)', () => {
  const versions = packOf({
    'v-check': 'check: { version_gte: [{ var: hh2.client.version }, "1.31.467.xxxx"] }',
    'v-items': 'each: { var: procore.users }\ncheck: { version_lt: [{ var: item.name }, "2.xxxx"] }',
    'v-literal': 'check: { version_compare: ["1.x", "1.0"] }',
    'v-when': 'when: { version_gte: [{ var: hh2.client.version }, "1.0"] }\ncheck: true',
  });
  const base = fixtures.find((f) => f.file.includes('demo-harbor-point'))!;
  const data = structuredClone(base.data) as any;
  data.hh2.client.version = '1.31.x';
  // Users' names stand in for a list of versions.
  data.procore.users = { '7': { name: '1.9.3' }, '8': { name: '1.xxxx' } };
  const snapshot = snapshotFromData(data, 'versions');

  test('is not evaluable, naming the fact to record exactly and how, the same with and without --explain', () => {
    for (const explain of [false, true]) {
      const findings = evaluateRules(versions, snapshot, { settings: defaultSettings(versions), explain });
      const by = new Map(findings.map((f) => [f.key, f]));
      expect(findings.map((f) => `${f.key} ${f.outcome}`)).toEqual(['v-check not-evaluable', 'v-items/7 pass', 'v-items/8 not-evaluable', 'v-literal fail', 'v-when not-evaluable']);
      for (const key of ['v-check', 'v-when']) {
        const f = by.get(key)!;
        expect(f.message).toBe(
          'Not recorded exactly: hh2.client.version: "1.31.x" stands for many versions (x stands for any number); the exact one is needed, every part a number. ' +
            'On the Sage server, open the hh2 Sync Client and record the version from its About box or title bar.',
        );
        expect(f.missing).toEqual([{ path: 'hh2.client.version', collect: expect.stringContaining('About box') }]);
        expect(f.evidence.map((e) => [e.path, e.value])).toEqual([['hh2.client.version', '1.31.x']]);
      }
      expect(by.get('v-items/8')!.message).toMatch(/^Not recorded exactly: procore\.users\.8\.name: "1\.xxxx" stands for many versions/);
      // A wildcard the rule itself wrote is the rule's mistake: nothing to record, so it fails as any invalid value does.
      expect(by.get('v-literal')!.message).toBe('T: "1.x" stands for many versions (x stands for any number); the exact one is needed, every part a number');
    }
  });

  test("the export's view (problems only) gives the same outcomes for the items", () => {
    const problems = evaluateRules(versions, snapshot, { settings: defaultSettings(versions), problemsOnly: true });
    expect(problems.map((f) => `${f.key} ${f.outcome}`)).toEqual(['v-check not-evaluable', 'v-items/8 not-evaluable', 'v-literal fail', 'v-when not-evaluable']);
  });
});
