// What rules require of each other: ids that name no rule, cycles, and the evaluation order requires imply.
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { YamlSource } from '../yaml/source.ts';
import type { Usable } from '../schema/validate.ts';
import { suggest } from '../suggest.ts';
import type { CompiledRule } from './types.ts';

/** The one message for a rule id that names no rule of the pack (a waiver's, a rule's `requires`), with the closest id. */
export function unknownRule(what: string, id: string, known: Iterable<string>, location: SourceLocation): Diagnostic {
  // Sorted: of two ids equally close, the same one is named whatever order the pack's ids come in.
  const hint = suggest(id, [...known].sort());
  return { severity: 'error', code: 'unknown-rule', message: `${what} unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''}`, location };
}

/**
 * A rule as its `requires` are judged: also a rule file with schema problems, so that what it requires is checked
 * in the same run and rules requiring it do not read as naming an unknown rule.
 */
export interface RequiringRule {
  id: string;
  /** The rule file's `requires` as written. */
  requires: unknown;
  yaml: YamlSource;
  usable: Usable;
}

/** The ids a rule requires that can be judged (text the schema did not refuse), with their places in the list. */
function required(rule: RequiringRule): { id: string; i: number }[] {
  if (!Array.isArray(rule.requires)) return [];
  return rule.requires.flatMap((id: unknown, i: number) => (typeof id === 'string' && rule.usable(`/requires/${i}`) ? [{ id, i }] : []));
}

function at(rule: RequiringRule, i: number): SourceLocation {
  const pointer = `/requires/${i}`;
  return rule.yaml.locate(pointer) ?? rule.yaml.locateNearest(pointer).location;
}

/** Every required id names a rule (of `byId`: the first rule of each id), not the rule itself, and no requires form a cycle. */
export function checkRequires(rules: readonly RequiringRule[], byId: ReadonlyMap<string, RequiringRule>, diagnostics: Diagnostic[]): void {
  for (const rule of rules) {
    for (const { id, i } of required(rule)) {
      if (!byId.has(id)) diagnostics.push(unknownRule('requires', id, byId.keys(), at(rule, i)));
      else if (id === rule.id) diagnostics.push({ severity: 'error', code: 'requires-cycle', message: `rule "${id}" requires itself`, location: at(rule, i) });
    }
  }
  // Cycles longer than one: depth-first search, reported once at the rule that closes the loop.
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (rule: RequiringRule, trail: string[]): void => {
    state.set(rule.id, 'visiting');
    for (const { id, i } of required(rule)) {
      const next = byId.get(id);
      if (!next || id === rule.id) continue;
      if (state.get(id) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(id)), rule.id, id];
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          diagnostics.push({ severity: 'error', code: 'requires-cycle', message: `requires forms a cycle: ${cycle.join(' → ')}`, location: at(rule, i) });
        }
      } else if (!state.has(id)) visit(next, [...trail, rule.id]);
    }
    state.set(rule.id, 'done');
  };
  for (const rule of rules) if (!state.has(rule.id)) visit(rule, []);
}

/** Every rule after the rules it requires; ties by id. Only for a pack without problems (no unknown id, no cycle). */
export function orderByRequires(rules: CompiledRule[]): CompiledRule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const done = new Set<string>();
  const out: CompiledRule[] = [];
  const place = (rule: CompiledRule): void => {
    if (done.has(rule.id)) return;
    done.add(rule.id);
    for (const id of [...rule.requires].sort()) place(byId.get(id)!);
    out.push(rule);
  };
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) place(rule);
  return out;
}
