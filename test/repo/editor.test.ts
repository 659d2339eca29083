// Editor support stays true: every YAML file outside test/ names its schema, and VS Code's mapping points
// at schemas that exist, so the editor and `preflight validate` report the same problems.
// test/ is exempt: its fixtures pin exact line:column positions and use a test pack of their own.
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { detectKind } from '../../src/cli/validate.ts';

const yamlFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.yaml', '*.yml'], { encoding: 'utf8' })
  .split('\n')
  // Export goldens' expected results are data reviewed by eye, not a preflight file kind.
  .filter((f) => f && !f.startsWith('test/') && !f.endsWith('.expected.yaml') && existsSync(f));

describe('editor schemas', () => {
  test('there are YAML files to check', () => {
    expect(yamlFiles.length).toBeGreaterThan(30);
  });

  test.each(yamlFiles)('%s starts with a schema modeline that points at an existing schema of its kind', (file) => {
    const first = readFileSync(file, 'utf8').split('\n')[0];
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, `${file} must start with "# yaml-language-server: $schema=…"`).not.toBeNull();
    if (/^https:\/\//.test(m![1])) {
      // Files of other tools (a GitHub workflow) name their public schema; preflight kinds never do.
      expect(detectKind(file)).toBeUndefined();
      return;
    }
    const target = normalize(join(dirname(file), m![1]));
    expect(existsSync(target), `${file} names ${target}`).toBe(true);
    expect(target).toBe(`schemas/${detectKind(file)}.schema.json`);
  });

  test('.vscode/settings.json maps every schema it names to files that exist', () => {
    const settings = JSON.parse(readFileSync('.vscode/settings.json', 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    for (const schema of Object.keys(settings['yaml.schemas'])) expect(existsSync(schema), schema).toBe(true);
    expect(Object.keys(settings['yaml.schemas']).length).toBeGreaterThanOrEqual(5);
  });
});
