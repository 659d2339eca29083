// How a scope's rules are evaluated: their order, and where their findings go in the report. Worked out once
// per pack and scope.
import type { CompiledRule, Pack } from '../pack/types.ts';
import { cmp } from '../diagnostics.ts';

/** How a scope's rules are evaluated, worked out once per pack and scope. */
export interface Plan {
  /** The rules in the order they are evaluated: every rule after the rules it requires. */
  rules: CompiledRule[];
  /** Each evaluated rule's place in report order, when that differs from the evaluation order. */
  ranks?: number[];
  /** A rule's items are checked in key order, so its findings come out in report order (snapshot scope). */
  byKey: boolean;
  /** The ids some rule of the pack requires: only their outcomes are kept while evaluating. */
  required: Set<string>;
}

const plans = new WeakMap<Pack, Partial<Record<'snapshot' | 'invoice', Plan>>>();

export function planOf(pack: Pack, scope: 'snapshot' | 'invoice'): Plan {
  let byScope = plans.get(pack);
  if (byScope === undefined) plans.set(pack, (byScope = {}));
  return (byScope[scope] ??= makePlan(pack, scope));
}

function makePlan(pack: Pack, scope: 'snapshot' | 'invoice'): Plan {
  const required = new Set(pack.rules.flatMap((r) => r.requires));
  const rules = pack.rules.filter((r) => r.scope === scope); // the pack lists rules in dependency order
  if (scope === 'invoice') return { rules, byKey: false, required };
  const report = [...rules].sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
  // Report order serves as evaluation order when no rule comes before one it requires: findings then go
  // straight into the report's list.
  const seen = new Set<string>();
  const ids = new Set(rules.map((r) => r.id));
  let dependencyOrder = true;
  for (const rule of report) {
    if (rule.requires.some((id) => ids.has(id) && !seen.has(id))) dependencyOrder = false;
    seen.add(rule.id);
  }
  if (dependencyOrder) return { rules: report, byKey: true, required };
  const rank = new Map(report.map((r, i) => [r, i]));
  return { rules, ranks: rules.map((r) => rank.get(r)!), byKey: true, required };
}
