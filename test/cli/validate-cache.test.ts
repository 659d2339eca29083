// validate's cache of a pack's config view (src/pack/config-view.ts): keyed by the build and every file the
// pack loads, never stale, ignored when unreadable or unwritable, and the same problems with it as without.
import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheKey, loadConfigView } from '../../src/pack/config-view.ts';
import { anonymousConfigSchema } from '../../src/config/load.ts';
import { requirePack } from '../../src/pack/load.ts';
import { validateFiles } from '../../src/cli/validate.ts';
import { DEFAULT_LIMITS } from '../../src/yaml/source.ts';
import { PreflightError } from '../../src/diagnostics.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'preflight-config-view-'));

/** A copy of the default pack that a test may edit. */
function packCopy(): string {
  const dir = join(temp(), 'rules');
  cpSync('rules', dir, { recursive: true });
  return dir;
}

const entries = (dir: string): string[] => readdirSync(dir).sort();

describe('pack config view cache', () => {
  test('a miss stores the view of the loaded pack; a hit serves the stored entry', () => {
    const cache = { dir: join(temp(), 'cache'), buildId: 'build-1' };
    const pack = requirePack('rules', DEFAULT_LIMITS, 'snapshot-rules');
    const first = loadConfigView('rules', DEFAULT_LIMITS, cache);
    expect(first.configSchema).toEqual(anonymousConfigSchema(pack));
    expect([...first.ruleIds].sort()).toEqual([...pack.byId.keys()].sort());
    const [entry] = entries(cache.dir);
    expect(entries(cache.dir)).toEqual([`config-view-${cacheKey('rules', DEFAULT_LIMITS, 'build-1')}.json`]);
    // Served from the entry: a marker written into it comes back.
    const stored = JSON.parse(readFileSync(join(cache.dir, entry), 'utf8'));
    writeFileSync(join(cache.dir, entry), JSON.stringify({ ...stored, ruleIds: [...stored.ruleIds, 'marker-from-cache'] }));
    expect(loadConfigView('rules', DEFAULT_LIMITS, cache).ruleIds.has('marker-from-cache')).toBe(true);
  });

  test('the key changes with any rule file, the manifest, a new rule file, the build and the limits; not with files the pack does not load', () => {
    const dir = packCopy();
    const key = () => cacheKey(dir, DEFAULT_LIMITS, 'build-1');
    const original = key();
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(original); // deterministic
    expect(cacheKey(dir, DEFAULT_LIMITS, 'build-2')).not.toBe(original);
    expect(cacheKey(dir, { ...DEFAULT_LIMITS, maxBytes: 1000 }, 'build-1')).not.toBe(original);
    appendFileSync(join(dir, 'readiness', 'hh2-platform-dotnet-framework.cases.yaml'), '\n# not read by loadPack\n');
    appendFileSync(join(dir, 'readiness', 'hh2-platform-dotnet-framework.md'), '\nnot read either\n');
    expect(key()).toBe(original);
    const seen = new Set([original]);
    const changed = (edit: () => void) => {
      edit();
      const next = key();
      expect(seen.has(next!)).toBe(false);
      seen.add(next!);
    };
    changed(() => appendFileSync(join(dir, 'readiness', 'hh2-platform-dotnet-framework.yaml'), '# one more comment\n'));
    changed(() => appendFileSync(join(dir, 'invoice', readdirSync(join(dir, 'invoice')).find((n) => n.endsWith('.yaml') && !n.endsWith('.cases.yaml'))!), ' '));
    changed(() => appendFileSync(join(dir, 'pack.yaml'), '# comment\n'));
    changed(() => writeFileSync(join(dir, 'readiness', 'zz-new-rule.yaml'), 'id: zz-new-rule\n'));
  });

  test('a rule edited after its view was cached is loaded afresh: a mistake is reported, a fix is seen', () => {
    const dir = packCopy();
    const cache = { dir: join(temp(), 'cache'), buildId: 'build-1' };
    const ruleFile = join(dir, 'readiness', 'hh2-platform-dotnet-framework.yaml');
    const text = readFileSync(ruleFile, 'utf8');
    expect(loadConfigView(dir, DEFAULT_LIMITS, cache).ruleIds.has('hh2-platform-dotnet-framework')).toBe(true);
    writeFileSync(ruleFile, text.replace(/^id: .*$/m, 'id: renamed-rule'));
    expect(() => loadConfigView(dir, DEFAULT_LIMITS, cache)).toThrow(PreflightError);
    writeFileSync(ruleFile, text.replace(/^title: .*$/m, 'title: A new title'));
    const view = loadConfigView(dir, DEFAULT_LIMITS, cache);
    expect(JSON.stringify(view.configSchema)).toContain('A new title');
    expect(entries(cache.dir)).toHaveLength(2); // the original and the fixed pack; never the broken one
  });

  test('a pack with problems throws what requirePack throws, and nothing is stored', () => {
    const cache = { dir: join(temp(), 'cache'), buildId: 'build-1' };
    const dir = packCopy();
    appendFileSync(join(dir, 'readiness', 'hh2-platform-dotnet-framework.yaml'), 'unknownField: 1\n');
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error('expected a PreflightError');
    };
    const expected = error(() => requirePack(dir, DEFAULT_LIMITS, 'snapshot-rules')) as PreflightError;
    const actual = error(() => loadConfigView(dir, DEFAULT_LIMITS, cache)) as PreflightError;
    expect(actual).toBeInstanceOf(PreflightError);
    expect(actual.diagnostics).toEqual(expected.diagnostics);
    mkdirSync(cache.dir, { recursive: true });
    expect(entries(cache.dir)).toEqual([]);
  });

  test('a corrupt or foreign entry is ignored and replaced; an unwritable cache is ignored', () => {
    const cache = { dir: join(temp(), 'cache'), buildId: 'build-1' };
    const fresh = loadConfigView('rules', DEFAULT_LIMITS);
    const file = join(cache.dir, `config-view-${cacheKey('rules', DEFAULT_LIMITS, 'build-1')}.json`);
    mkdirSync(cache.dir, { recursive: true });
    for (const bad of ['{"key": "trunc', JSON.stringify({ key: 'another', configSchema: {}, ruleIds: [] }), JSON.stringify({ key: 'x' }), '[]', '']) {
      writeFileSync(file, bad);
      const view = loadConfigView('rules', DEFAULT_LIMITS, cache);
      expect(view.configSchema).toEqual(fresh.configSchema);
      expect(view.ruleIds).toEqual(fresh.ruleIds);
      expect(JSON.parse(readFileSync(file, 'utf8')).key).toBe(cacheKey('rules', DEFAULT_LIMITS, 'build-1'));
    }
    const blocked = join(temp(), 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would be');
    const view = loadConfigView('rules', DEFAULT_LIMITS, { dir: join(blocked, 'cache'), buildId: 'build-1' });
    expect(view.configSchema).toEqual(fresh.configSchema);
  });

  test('validate reports the same problems with the cache (cold and warm) as without it', () => {
    const files = ['test/fixtures/configs/mistakes.yaml', 'test/fixtures/configs/bad-waivers.yaml', 'test/fixtures/configs/customer.yaml', 'test/fixtures/configs/erp-off.yaml', 'test/fixtures/configs/unsafe-levels.yaml', 'config/demo-harbor-point.yaml', 'config/organisation.yaml'];
    const cache = { dir: join(temp(), 'cache'), buildId: 'build-1' };
    const without = validateFiles(files, { pack: 'rules' });
    expect(without.diagnostics.length).toBeGreaterThan(3);
    // What the cache must carry besides the schema and the ids: which rules cannot be waived, and who requires whom.
    expect(without.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['unwaivable-rule', 'off-required-rule']));
    expect(validateFiles(files, { pack: 'rules', packCache: cache })).toEqual(without);
    expect(entries(cache.dir)).toHaveLength(1);
    expect(validateFiles(files, { pack: 'rules', packCache: cache })).toEqual(without);
  });
});
