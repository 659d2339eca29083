// A message template that still fails when rendered (loading the pack checks what templates call and read, so
// only what that cannot see) is a located error naming the rule, exit 2 through the CLI, never an internal error.
import { describe, expect, test } from 'vitest';
import { requirePack } from '../../src/pack/load.ts';
import { loadSnapshot } from '../../src/snapshot/load.ts';
import { defaultSettings, evaluateRules } from '../../src/engine/evaluate.ts';
import { PreflightError } from '../../src/diagnostics.ts';
import type { CompiledRule, Pack } from '../../src/pack/types.ts';

const pack = requirePack('test/fixtures/pack');

/** The pack with rule `id`'s message replaced by one that throws as a Handlebars helper can. */
function withFailingMessage(id: string): Pack {
  const failing = Object.assign(
    () => {
      throw new Error('Missing helper: "nohelper"\n(second line)');
    },
    { direct: false },
  );
  const rules = pack.rules.map((r): CompiledRule => (r.id === id ? Object.create(r, { message: { value: failing } }) : r));
  return { ...pack, rules, byId: new Map(rules.map((r) => [r.id, r])) };
}

describe('a template that fails when rendered', () => {
  test('reading the message throws a PreflightError at the rule\'s message, naming the rule', () => {
    const findings = evaluateRules(withFailingMessage('hh2-version'), loadSnapshot('fixtures/snapshots/old-hh2-northwind.yaml'), { settings: defaultSettings(pack) });
    const failed = findings.find((f) => f.ruleId === 'hh2-version')!;
    expect(failed.outcome).toBe('fail');
    let error: unknown;
    try {
      void failed.message;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'template-failed',
        message: 'rule "hh2-version": its message template failed: Missing helper: "nohelper"',
        location: expect.objectContaining({ file: 'test/fixtures/pack/checks/hh2-version.yaml', line: 9, column: 10 }),
      },
    ]);
  });
});
