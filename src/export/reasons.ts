// Why an invoice was not exported, one reason per failing finding or mapping problem: key, rule, field, value, limit.
import { formatLocation, type SourceLocation } from '../diagnostics.ts';
import { escapePointer } from '../yaml/source.ts';
import type { Pack } from '../pack/types.ts';
import type { InvoiceOutcome } from '../engine/invoice.ts';
import type { Finding } from '../engine/types.ts';
import type { InvoiceRecord } from './read.ts';

export interface Reason {
  key: string;
  rule: string;
  severity: string;
  field: string | null;
  value: string | null;
  limit: string | null;
  message: string;
  /** Where to look: the fact in the invoice file (or snapshot), as file:line:col. */
  location: string;
}

const isProblem = (f: Finding) => f.outcome === 'fail' || f.outcome === 'not-evaluable' || f.outcome === 'blocked';

export function reasonsOf(o: InvoiceOutcome, record: InvoiceRecord, pack: Pack): Reason[] {
  const out: Reason[] = o.dateProblems.map((p) => ({
    key: `invoice-date/${o.itemKey}/${p.field}`,
    rule: 'invoice-date',
    severity: 'error',
    field: `invoice.${p.field}`,
    value: p.value,
    limit: 'a calendar day',
    message: p.message,
    location: formatLocation(record.locate(`/${escapePointer(p.field)}`)),
  }));
  for (const p of o.mappingProblems) out.push({
    key: `mapping/${o.itemKey}/${p.field.split(' ')[0]}`,
    rule: 'mapping',
    severity: 'error',
    field: p.field,
    value: null,
    limit: null,
    message: p.message,
    location: formatLocation(p.missing[0]?.startsWith('/invoice') ? record.locate(p.missing[0].slice('/invoice'.length)) : record.location),
  });
  const errors = o.findings.filter((f) => f.severity === 'error' && isProblem(f));
  // A blocked finding is the consequence of another failure, which is listed; it counts only when alone.
  const listed = errors.some((f) => f.outcome !== 'blocked') || out.length > 0 ? errors.filter((f) => f.outcome !== 'blocked') : errors;
  for (const f of listed) out.push(reasonOf(f, o, record, pack));
  return out;
}

export function warningsOf(o: InvoiceOutcome): { key: string; rule: string; severity: string; message: string; location: SourceLocation }[] {
  return o.findings
    .filter((f) => f.severity !== 'error' && isProblem(f))
    .map((f) => ({ key: f.key, rule: f.ruleId, severity: f.severity, message: f.message, location: f.location }));
}

function reasonOf(f: Finding, o: InvoiceOutcome, record: InvoiceRecord, pack: Pack): Reason {
  const item = importItem(f, o, pack);
  const first = f.evidence.find((e) => e.present) ?? f.evidence[0];
  const where = first?.pointer.startsWith('/invoice/') ? record.locate(first.pointer.slice('/invoice'.length)) : item ? record.location : (first?.location ?? record.location);
  return {
    key: f.key,
    rule: f.ruleId,
    severity: f.severity,
    field: item?.label ?? first?.path ?? null,
    value: item ? (item.value ?? null) : first?.present ? text(first.value) : null,
    limit: item?.limit ?? null,
    message: f.message,
    location: formatLocation(where),
  };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
}

/** For rules that check each import field: the field's facts (label, value, limit), found by the finding's key. */
function importItem(f: Finding, o: InvoiceOutcome, pack: Pack): { label: string; value?: string; limit: string } | undefined {
  const each = pack.byId.get(f.ruleId)?.each as { var?: unknown } | undefined;
  const path = typeof each?.var === 'string' ? each.var : undefined;
  if (!path?.startsWith('import.') || f.itemKey === undefined) return undefined;
  const list = (o.importFacts as unknown as Record<string, { key: string; label: string; value?: string; limit: string }[]>)[path.slice('import.'.length)];
  const suffix = f.itemKey.slice(o.itemKey.length + 1);
  return list?.find((i) => i.key === suffix);
}
