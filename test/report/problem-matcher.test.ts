// The VS Code problem matcher in .vscode/tasks.json picks up exactly the finding lines of the stylish output.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { GOLDEN } from './helpers.ts';

interface Matcher {
  fileLocation: string[];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number };
}

const tasks = JSON.parse(readFileSync('.vscode/tasks.json', 'utf8')) as { tasks: { label: string; problemMatcher: Matcher }[] };

function problems(matcher: Matcher, text: string) {
  const re = new RegExp(matcher.pattern.regexp);
  return text.split('\n').flatMap((line) => {
    const m = re.exec(line);
    if (!m) return [];
    const p = matcher.pattern;
    return [{ file: m[p.file], line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity], message: m[p.message], code: m[p.code] }];
  });
}

describe('.vscode/tasks.json problem matcher', () => {
  test('every task uses the same matcher, relative to the workspace', () => {
    const matchers = tasks.tasks.map((t) => JSON.stringify(t.problemMatcher));
    expect(new Set(matchers).size).toBe(1);
    expect(tasks.tasks[0].problemMatcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
  });

  test('one problem per finding line, with file, position, severity, message and key', () => {
    const matcher = tasks.tasks[0].problemMatcher;
    const found = problems(matcher, readFileSync(`${GOLDEN}/mixed.stylish.txt`, 'utf8'));
    expect(found).toHaveLength(6);
    expect(found[1]).toEqual({
      file: 'test/fixtures/snapshots/mixed.yaml',
      line: 12,
      column: 1,
      severity: 'error',
      message: '[not evaluable] Not recorded: hh2.client.version. On the Sage server, open the hh2 Sync Client and record the version from its About box or title bar.',
      code: 'hh2-version',
    });
    expect(found.map((p) => p.code)).toEqual(['erp-enabled', 'hh2-version', 'erp-system', 'advanced-mapping/Invoice (AP)', 'advanced-mapping/Distribution (AP)', 'sponsor-email']);
    expect(found[5]).toMatchObject({ severity: 'warning', line: 8, column: 14 });
  });

  test('headings, waiver lines, the changes section and the verdict are not problems', () => {
    const matcher = tasks.tasks[0].problemMatcher;
    const found = problems(matcher, readFileSync(`${GOLDEN}/customer-since-mixed.stylish.txt`, 'utf8'));
    expect(found.map((p) => p.code)).toEqual(['hh2-version', 'advanced-mapping/Distribution (AP)', 'advanced-mapping/Invoice (AP)']);
  });
});
