// What a config names beyond its schema: the rules its waivers name, and rules set off that others require.
// Judged on every value a schema problem left usable, so one run reports a file's schema and reference problems.
import type { Diagnostic } from '../diagnostics.ts';
import type { YamlSource } from '../yaml/source.ts';
import { isMapping, type Usable } from '../schema/validate.ts';
import { unknownRule } from '../pack/requires.ts';
import type { ConfigLayer, RuleFacts } from './load.ts';

/**
 * Each waiver names exactly one of rule and key, narrows only a rule by scope, and names a rule the pack has and
 * allows to be waived. An id the schema already refused is not judged again: the pack's config schema holds the
 * rule ids as an enum, whose failure validate says once, with the closest id (this check speaks when it has none).
 */
export function waiverProblems(waivers: unknown, source: YamlSource, usable: Usable, rules: RuleFacts): Diagnostic[] {
  if (!Array.isArray(waivers)) return [];
  const out: Diagnostic[] = [];
  waivers.forEach((w: unknown, i: number) => {
    if (!isMapping(w)) return;
    const problem = (w.rule === undefined) === (w.key === undefined) ? 'needs exactly one of "rule" or "key"' : w.scope !== undefined && w.rule === undefined ? '"scope" narrows a "rule"; with "key" it has nothing to narrow' : undefined;
    if (problem) out.push({ severity: 'error', code: 'bad-waiver', message: `waiver ${problem}`, location: source.locate(`/waivers/${i}`)! });
    for (const field of ['rule', 'key'] as const) {
      const value = w[field];
      const pointer = `/waivers/${i}/${field}`;
      if (typeof value !== 'string' || !usable(pointer)) continue;
      const id = value.split('/')[0];
      if (!rules.ruleIds.has(id)) out.push(unknownRule('waiver names', id, rules.ruleIds, source.locate(pointer)!));
      else if (rules.unwaivable.has(id)) {
        const why = `rule "${id}" cannot be waived: it guards the physical import layout (waivable: false in its rule file), which no waiver can make Sage accept; correct the value instead`;
        out.push({ severity: 'error', code: 'unwaivable-rule', message: why, location: source.locate(pointer)! });
      }
    }
  });
  return out;
}

/**
 * A rule set `off` that others require, while one of them still runs: that one would be judged on facts the
 * prerequisite was meant to vouch for (an e-mail rule passing with no approvers at all). Judged on the layered
 * levels, at the `off` that holds; a waiver, not `off`, is how a failing prerequisite is accepted. A level a
 * layer writes in a form the schema refused is unknown: no rule is judged on it (neither as off nor as running).
 */
export function offPrerequisites(layers: readonly ConfigLayer[], rules: RuleFacts): Diagnostic[] {
  const level = new Map<string, { value?: string; layer: ConfigLayer }>();
  for (const layer of layers) {
    for (const [id, value] of Object.entries(layer.rules)) level.set(id, { value, layer });
    for (const id of layer.unreadLevels ?? []) level.set(id, { layer });
  }
  const out: Diagnostic[] = [];
  for (const [id, { value, layer }] of level) {
    if (value !== 'off') continue;
    const dependents = rules.dependents.get(id) ?? [];
    const running = dependents.filter((d) => !level.has(d) || (level.get(d)!.value !== undefined && level.get(d)!.value !== 'off'));
    if (running.length === 0) continue;
    const names = running.map((d) => `"${d}"`).join(', ');
    const message = `rule "${id}" is off, but ${names} ${running.length === 1 ? 'requires' : 'require'} it and would run on facts it guards; turn ${running.length === 1 ? 'that rule' : 'those rules'} off too, or keep "${id}" on and waive its failure`;
    out.push({ severity: 'error', code: 'off-required-rule', message, location: layer.source.locate(`/rules/${id}`)! });
  }
  return out;
}
