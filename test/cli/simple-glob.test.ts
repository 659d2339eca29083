// `dir/*.yaml` read with one folder listing matches exactly what tinyglobby matches, or is left to it.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { globSync } from 'tinyglobby';
import { simpleGlob } from '../../src/cli/simple-glob.ts';

const root = mkdtempSync(join(tmpdir(), 'preflight-glob-'));
mkdirSync(join(root, 'configs', 'nested.yaml'), { recursive: true });
mkdirSync(join(root, 'links'));
for (const f of ['a.yaml', 'b.yml', 'c.json', '.hidden.yaml', 'x.yaml.bak', 'a b.yaml', 'ünï.yaml', 'd.YAML', 'e$.yaml', 'f^.yaml']) writeFileSync(join(root, 'configs', f), 'a: 1\n');
writeFileSync(join(root, 'configs', 'nested.yaml', 'deep.yaml'), 'a: 1\n');
writeFileSync(join(root, 'links', 'real.yaml'), 'a: 1\n');
symlinkSync(join(root, 'links', 'real.yaml'), join(root, 'links', 'link.yaml'));

const PATTERNS = ['configs/*.yaml', 'configs/*', 'configs/a*', 'configs/*.y*ml', 'configs/*$.yaml', 'configs/*^.yaml', 'configs/*.YAML', 'configs/nested.yaml/*.yaml', 'configs/none*', 'missing/*.yaml', 'links/*.yaml', 'configs/**/*.yaml', 'configs/?.yaml', 'configs/{a,b}.yaml', 'configs/.*.yaml', 'configs/*.json', 'configs/*b*'];

describe('simpleGlob', () => {
  for (const cwd of [root, join(root, 'links'), process.cwd()]) {
    for (const p of PATTERNS) {
      const pattern = cwd === root ? p : relative(cwd, join(root, p));
      test(`${pattern} from ${cwd === root ? 'the folder' : cwd === process.cwd() ? 'the repository' : 'a sibling folder'}`, () => {
        const fast = simpleGlob(pattern, cwd);
        if (fast !== undefined) expect(fast).toEqual(globSync([pattern], { cwd, dot: false }).sort());
      });
    }
  }

  test('serves the plain shape and leaves the rest', () => {
    expect(simpleGlob('configs/*.json', root)).toEqual(['configs/c.json']);
    expect(simpleGlob('configs/*$.yaml', root)).toEqual(['configs/e$.yaml']);
    expect(simpleGlob('configs/*.yaml', root)).toBeUndefined(); // nested.yaml/ is a folder: tinyglobby expands it
    expect(simpleGlob('configs/**/*.yaml', root)).toBeUndefined();
    expect(simpleGlob('links/*.yaml', root)).toBeUndefined();
  });
});
