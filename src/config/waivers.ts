// Waivers, decided in one place for every command: which finding a waiver covers, and whether it holds.
import { isProblem, type Finding } from '../engine/types.ts';
import { plainFinding } from '../engine/finding.ts';
import { isInReportOrder, markInReportOrder } from '../engine/report.ts';
import type { Waiver } from './load.ts';

export type WaiverStatus = 'active' | 'expired' | 'stale';

export interface WaiverRecord extends Waiver {
  status: WaiverStatus;
  /** Finding keys the waiver matched (waived while active, failing again once expired). */
  matched: string[];
}

/** True when the waiver names this finding: its key, or its rule narrowed by scope (the item part of the key). */
export function waiverCovers(w: Waiver, f: Finding): boolean {
  if (w.key !== undefined) return f.key === w.key;
  if (w.rule !== f.ruleId) return false;
  if (w.scope === undefined) return true;
  return f.itemKey === w.scope || f.key === `${w.rule}/${w.scope}` || (f.itemKey ?? '').startsWith(`${w.scope}/`);
}

/** Expiry is inclusive: a waiver expiring on 2026-12-31 still holds on that day. Dates compare as YYYY-MM-DD. */
export function isExpired(w: Waiver, asOf: string): boolean {
  return asOf > w.expires;
}

/**
 * Applies waivers to findings: an active waiver turns a failing finding into `waived` (never into pass);
 * an expired one leaves it failing with a note; a waiver that matches no failing finding is stale.
 */
export function applyWaivers(findings: Finding[], waivers: Waiver[], asOf: string): { findings: Finding[]; register: WaiverRecord[] } {
  const register: WaiverRecord[] = waivers.map((w) => ({ ...w, status: 'stale', matched: [] }));
  const out = findings.map((f) => {
    if (!isProblem(f)) return f;
    const records = register.filter((r) => waiverCovers(r, f));
    if (records.length === 0) return f;
    for (const r of records) r.matched.push(f.key);
    const active = records.find((r) => !isExpired(r, asOf));
    if (active) {
      return {
        ...plainFinding(f),
        outcome: 'waived' as const,
        waivedOutcome: f.outcome,
        message: `${f.message} (waived until ${active.expires} by ${active.approver}, ${active.ticket}: ${active.reason})`,
        waiver: { reason: active.reason, approver: active.approver, ticket: active.ticket, expires: active.expires, location: active.location },
      };
    }
    const last = records.reduce((a, b) => (a.expires > b.expires ? a : b));
    return { ...plainFinding(f), message: `${f.message} (waiver expired on ${last.expires}; it was approved by ${last.approver}, ${last.ticket})` };
  });
  for (const r of register) if (r.matched.length > 0) r.status = isExpired(r, asOf) ? 'expired' : 'active';
  // One to one, same keys: a list in report order stays in it.
  if (isInReportOrder(findings)) markInReportOrder(out);
  return { findings: out, register };
}
