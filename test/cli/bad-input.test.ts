// Bad input through the real CLI: every mistake is one located line on stderr (`file:line:col  error  message  code`),
// exit code 2, no stack trace, nothing on stdout, and no report file created or overwritten.
import { afterAll, describe, expect, test } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOOD_SNAPSHOT, ROOT, RULES, expectNoCrashOutput, expectRefused, parseDiagnostics, position, preflight, readinessOnly, replaceOnce, scratchDir, where } from './cli-run.ts';

const FIXTURES = 'test/cli/bad-input';

const scratch = scratchDir('preflight-bad-input-');

describe('check refuses a bad snapshot with one located message and exit 2', () => {
  test('1. malformed YAML (an unclosed flow mapping on line 3) → yaml-syntax at the unclosed "{"', () => {
    const file = `${FIXTURES}/unclosed-flow-map.yaml`;
    const text = readFileSync(join(ROOT, file), 'utf8');
    const open = position(text, '{company:'); // line 3, the "{" that is never closed
    expect(open.line).toBe(3);
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([`${file}:${open.line}:${open.column} yaml-syntax`]);
  });

  test('2. an alias bomb (9 levels of 9 aliases) → alias-limit at the first alias, without expanding it', () => {
    const file = `${FIXTURES}/alias-bomb.yaml`;
    const text = readFileSync(join(ROOT, file), 'utf8');
    const firstAlias = position(text, '*a0');
    const r = preflight('check', '--snapshot', file);
    console.info(`alias bomb refused in ${Math.round(r.ms)} ms`);
    const diagnostics = expectRefused(r);
    expect(diagnostics.map(where)).toEqual([`${file}:${firstAlias.line}:${firstAlias.column} alias-limit`]);
    expect(diagnostics[0].message).toContain('limit 100');
  });

  test('3. a 50 MB snapshot → file-too-large, refused by its size before it is read', () => {
    const file = join(scratch(), 'huge.yaml');
    const head = 'meta:\n  customer: Huge Ltd\n  captured_at: 2026-10-28T09:15:00Z\n';
    const line = '# padding padding padding padding padding padding padding padding padding padding\n';
    const size = 50 * 1024 * 1024;
    writeFileSync(file, head + line.repeat(Math.ceil((size - head.length) / line.length)));
    const r = preflight('check', '--snapshot', file);
    console.info(`50 MiB snapshot refused in ${Math.round(r.ms)} ms`);
    const diagnostics = expectRefused(r);
    expect(diagnostics.map(where)).toEqual([`${file}:1:1 file-too-large`]);
    expect(diagnostics[0].message).toContain('50.0 MiB');
    expect(diagnostics[0].message).toContain('the limit is 10.0 MiB');
  });

  test('3b. the way out that file-too-large suggests is one check accepts', () => {
    const file = join(scratch(), 'huge-hint.yaml');
    writeFileSync(file, 'meta:\n  customer: Huge Ltd\n' + '#'.repeat(11 * 1024 * 1024) + '\n');
    const [d] = expectRefused(preflight('check', '--snapshot', file));
    expect(d.code).toBe('file-too-large');
    const option = /(--[a-z][a-z-]*)/.exec(d.message)?.[1];
    if (option === undefined) return; // no option suggested: nothing more to check
    // Following the hint must not be answered with "Unknown option".
    const r = preflight('check', '--snapshot', GOOD_SNAPSHOT, option, String(100 * 1024 * 1024));
    expectNoCrashOutput(r.stderr);
    expect(r.stderr, `the message suggests ${option}, but check rejects it`).not.toMatch(/Unknown option/i);
  });

  test('5. values of the wrong type → wrong-type at each value, with the quote hint for 00123', () => {
    let text = readFileSync(join(ROOT, GOOD_SNAPSHOT), 'utf8');
    text = replaceOnce(text, /^( {4}version: )\S+$/m, '$1true'); // hh2.client.version
    text = replaceOnce(text, /^( {4}id: )"5130442"$/m, '$100123'); // procore.company.id
    const file = join(scratch(), 'wrong-type.yaml');
    writeFileSync(file, text);
    const version = position(text, 'version: true');
    const id = position(text, 'id: 00123');
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([
      `${file}:${id.line}:${id.column + 'id: '.length} wrong-type`,
      `${file}:${version.line}:${version.column + 'version: '.length} wrong-type`,
    ]);
    const [idProblem, versionProblem] = diagnostics;
    expect(idProblem.message).toContain('procore.company.id');
    expect(idProblem.message).toContain('write it in quotes ("00123")');
    expect(versionProblem.message).toContain('hh2.client.version');
    expect(versionProblem.message).toContain('boolean true');
  });

  test('6. an empty file → empty-file at 1:1 (also when it holds only comments)', () => {
    for (const name of ['empty.yaml', 'comments-only.yaml']) {
      const file = `${FIXTURES}/${name}`;
      const diagnostics = expectRefused(preflight('check', '--snapshot', file));
      expect(diagnostics.map(where)).toEqual([`${file}:1:1 empty-file`]);
      expect(diagnostics[0].message).toContain('expected a snapshot');
    }
  });

  test('7. a directory given as --snapshot → is-directory', () => {
    const diagnostics = expectRefused(preflight('check', '--snapshot', FIXTURES));
    expect(diagnostics.map(where)).toEqual([`${FIXTURES}:1:1 is-directory`]);
  });

  test('8. a missing file → file-not-found', () => {
    const file = `${FIXTURES}/no-such-snapshot.yaml`;
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([`${file}:1:1 file-not-found`]);
  });

  test('9. a duplicate key in a mapping → duplicate-key at the second occurrence', () => {
    const file = `${FIXTURES}/duplicate-key.yaml`;
    const text = readFileSync(join(ROOT, file), 'utf8');
    const second = position(text, '  customer: Duplicate Key Limited');
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([`${file}:${second.line}:${second.column + 2} duplicate-key`]);
  });

  test('10. a JSON snapshot with a syntax error (missing comma) → yaml-syntax at line 4, column 5', () => {
    const file = `${FIXTURES}/missing-comma.json`;
    const text = readFileSync(join(ROOT, file), 'utf8');
    const next = position(text, '"captured_at"'); // the member after the missing comma
    expect(next).toEqual({ line: 4, column: 5 });
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([`${file}:4:5 yaml-syntax`]);
  });

  test('13. an unquoted id key (00123:) under procore.users → ambiguous-key at the key', () => {
    const text = replaceOnce(readFileSync(join(ROOT, GOOD_SNAPSHOT), 'utf8'), /^ {4}"81002":$/m, '    00123:');
    const file = join(scratch(), 'ambiguous-key.yaml');
    writeFileSync(file, text);
    const key = position(text, '00123:');
    const diagnostics = expectRefused(preflight('check', '--snapshot', file));
    expect(diagnostics.map(where)).toEqual([`${file}:${key.line}:${key.column} ambiguous-key`]);
    expect(diagnostics[0].message).toContain('"00123"');
  });
});

describe('check refuses a broken rule pack', () => {
  test('4. a rule with an unknown operation → unknown-operation at the operation key in the rule file', () => {
    const pack = join(scratch(), 'unknown-op-pack');
    mkdirSync(join(pack, 'readiness'), { recursive: true });
    writeFileSync(join(pack, 'pack.yaml'), readinessOnly(readFileSync(join(RULES, 'pack.yaml'), 'utf8')));
    const rule = replaceOnce(readFileSync(join(RULES, 'readiness/hh2-client-version.yaml'), 'utf8'), /^  version_gte:$/m, '  version_greater:');
    const ruleFile = join(pack, 'readiness', 'hh2-client-version.yaml');
    writeFileSync(ruleFile, rule);
    const op = position(rule, 'version_greater:');
    const diagnostics = expectRefused(preflight('check', '--snapshot', GOOD_SNAPSHOT, '--pack', pack));
    expect(diagnostics.map(where)).toEqual([`${ruleFile}:${op.line}:${op.column} unknown-operation`]);
    expect(diagnostics[0].message).toContain('"version_greater"');
  });
});

describe('command-line mistakes', () => {
  test('11. an unknown option → exit 2 with Run "preflight help check"', () => {
    const r = preflight('check', '--snapshot', GOOD_SNAPSHOT, '--no-such-option');
    expectNoCrashOutput(r.stderr);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('preflight: unknown option "--no-such-option"\nRun "preflight help check" for usage.\n');
  });

  test('11. an unknown command → exit 2 with Run "preflight help"', () => {
    const r = preflight('chekc', '--snapshot', GOOD_SNAPSHOT);
    expectNoCrashOutput(r.stderr);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"chekc"');
    expect(r.stderr).toContain('Run "preflight help"');
  });
});

describe('--output is never created or half-written when the input is bad', () => {
  const outDir = join(ROOT, 'reports-tmp', `bad-input-${process.pid}`);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    try {
      rmdirSync(join(ROOT, 'reports-tmp')); // only when empty: another run may be using it
    } catch {
      /* not empty or already gone */
    }
  });
  const leftovers = () => (existsSync(outDir) ? readdirSync(outDir).filter((n) => n.startsWith('.preflight-tmp-')) : []);

  test('12. --output reports-tmp/…/x.json --format json with a broken snapshot → no file afterwards', () => {
    const out = join(outDir, 'x.json');
    const file = `${FIXTURES}/unclosed-flow-map.yaml`;
    const diagnostics = expectRefused(preflight('check', '--snapshot', file, '--format', 'json', '--output', out.slice(ROOT.length)));
    expect(diagnostics[0].code).toBe('yaml-syntax');
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  test('12b. an existing report is left exactly as it was when the snapshot is broken', () => {
    const out = join(outDir, 'existing.json');
    mkdirSync(outDir, { recursive: true });
    const before = '{"previous":"report"}\n';
    writeFileSync(out, before);
    const diagnostics = expectRefused(
      preflight('check', '--snapshot', `${FIXTURES}/duplicate-key.yaml`, '--format', 'json', '--output', out.slice(ROOT.length)),
    );
    expect(diagnostics[0].code).toBe('duplicate-key');
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('validate reports every mistake in a pack, located, in one run', () => {
  test('three independent mistakes in three rule files → exactly three diagnostics, exit 1', () => {
    const pack = join(scratch(), 'three-mistakes');
    mkdirSync(join(pack, 'readiness'), { recursive: true });
    writeFileSync(join(pack, 'pack.yaml'), readinessOnly(readFileSync(join(RULES, 'pack.yaml'), 'utf8')));
    const read = (id: string) => readFileSync(join(RULES, 'readiness', `${id}.yaml`), 'utf8');
    const mistakes: { id: string; text: string; needle: string; offset: number; code: string }[] = [
      {
        id: 'hh2-client-version',
        text: replaceOnce(read('hh2-client-version'), /^  version_gte:$/m, '  version_greater:'),
        needle: 'version_greater:',
        offset: 0,
        code: 'unknown-operation',
      },
      {
        id: 'sage-date-received-usage',
        text: replaceOnce(read('sage-date-received-usage'), /^severity: error$/m, 'severity: critical'),
        needle: 'severity: critical',
        offset: 'severity: '.length,
        code: 'not-allowed',
      },
      {
        id: 'sage-payment-date-usage',
        text: replaceOnce(read('sage-payment-date-usage'), 'setting: sage.acceptedDateUsage\n', 'setting: sage.acceptedDateUsages\n'),
        needle: 'setting: sage.acceptedDateUsages',
        offset: 'setting: '.length,
        code: 'unknown-setting',
      },
    ];
    const expected: string[] = [];
    // Each rule with its cases and doc, and the snapshot its cases patch: the three mistakes are all there is.
    cpSync(join(ROOT, 'fixtures', 'snapshots'), join(scratch(), 'fixtures', 'snapshots'), { recursive: true });
    for (const m of mistakes) {
      const file = join(pack, 'readiness', `${m.id}.yaml`);
      for (const beside of ['.cases.yaml', '.md']) cpSync(join(RULES, 'readiness', `${m.id}${beside}`), join(pack, 'readiness', `${m.id}${beside}`));
      writeFileSync(file, m.text);
      const p = position(m.text, m.needle);
      expected.push(`${file}:${p.line}:${p.column + m.offset} ${m.code}`);
    }

    const r = preflight('validate', pack);
    const context = `exit ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
    expectNoCrashOutput(r.stdout + r.stderr);
    expect(r.stderr, context).toBe('');
    expect(r.status, context).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 problems in 3 files.');
    const diagnostics = parseDiagnostics(lines.slice(0, -1).join('\n'));
    expect(diagnostics.map(where)).toEqual(expected);
  });
});
