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

/**
 * True when the waiver names this finding: its key, or its rule narrowed by scope. A scope matches whole parts
 * of the item, never a text prefix: the vendor, the vendor and the whole invoice number, or those and the item.
 * Invoice numbers may hold "/", so the parts come from `prefix` (the invoice's vendor and number, as the export
 * knows them), not from splitting the joined key: `910201/BE-24017-04` does not cover invoice `BE-24017-04/B`.
 */
export function waiverCovers(w: Waiver, f: Finding, prefix?: readonly string[]): boolean {
  if (w.key !== undefined) return f.key === w.key;
  if (w.rule !== f.ruleId) return false;
  if (w.scope === undefined) return true;
  let joined: string | undefined;
  for (const part of itemParts(f, prefix)) {
    joined = joined === undefined ? part : `${joined}/${part}`;
    if (joined === w.scope) return true;
  }
  return false;
}

/** A finding's item key in its parts: the given prefix (vendor, invoice number), then the rule's own item key. */
function itemParts(f: Finding, prefix: readonly string[] | undefined): readonly string[] {
  if (f.itemKey === undefined) return [];
  if (prefix === undefined) return [f.itemKey];
  const joined = prefix.join('/');
  return f.itemKey === joined ? prefix : [...prefix, f.itemKey.slice(joined.length + 1)];
}

/** Expiry is inclusive: a waiver expiring on 2026-12-31 still holds on that day. Dates compare as YYYY-MM-DD. */
export function isExpired(w: Waiver, asOf: string): boolean {
  return asOf > w.expires;
}

/**
 * Applies waivers to findings: an active waiver turns a failing finding into `waived` (never into pass);
 * an expired one leaves it failing with a note; a waiver that matches no failing finding is stale.
 * `prefix`: the structured parts every item key starts with (an invoice's vendor and number). `waivedBy`: for
 * each finding waived, the index in `waivers` of the waiver that holds.
 */
export function applyWaivers(findings: Finding[], waivers: Waiver[], asOf: string, prefix?: readonly string[]): { findings: Finding[]; register: WaiverRecord[]; waivedBy: number[] } {
  const register: WaiverRecord[] = waivers.map((w) => ({ ...w, status: 'stale', matched: [] }));
  const waivedBy: number[] = [];
  const out = findings.map((f) => {
    if (!isProblem(f)) return f;
    const records = register.filter((r) => waiverCovers(r, f, prefix));
    if (records.length === 0) return f;
    for (const r of records) r.matched.push(f.key);
    const active = records.find((r) => !isExpired(r, asOf));
    if (active) {
      waivedBy.push(register.indexOf(active));
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
  return { findings: out, register, waivedBy };
}
