// Procore REST records → snapshot facts. A field the API did not send stays absent, never guessed.
import { ACCESS_LEVELS, TOOL_KEYS } from './endpoints.ts';

export type Row = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
const nonEmpty = (v: unknown): string | undefined => {
  const t = text(v);
  return t === undefined || t === '' ? undefined : t;
};
/** Origin ids and codes: null is a fact ("not synced"), so it is kept. */
const nullableText = (v: unknown): string | null | undefined => (v === null ? null : text(v));
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const row = (v: unknown): Row | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : undefined);

/** An object of the defined values only, in the order given (the snapshot schema's order). */
function facts(pairs: [string, unknown][]): Row {
  return Object.fromEntries(pairs.filter(([, v]) => v !== undefined));
}

export function idOf(record: unknown): string | undefined {
  return nonEmpty(row(record)?.id);
}

/** Ids as Procore gives them are numbers: compare numerically when both are digits, as text otherwise. */
export function compareIds(a: string, b: string): number {
  const da = /^\d+$/.test(a);
  const db = /^\d+$/.test(b);
  if (da && db) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (da !== db) return da ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Records keyed by Procore id, in id order, so two captures of the same data are byte-identical. */
export function byId(records: unknown[], map: (r: Row) => Row): Record<string, Row> {
  const keyed = new Map<string, Row>();
  for (const r of records) {
    const id = idOf(r);
    if (id !== undefined && /^[A-Za-z0-9_.:-]+$/.test(id)) keyed.set(id, map(r as Row));
  }
  return Object.fromEntries([...keyed].sort(([a], [b]) => compareIds(a, b)));
}

export function mapVendor(r: Row): Row {
  return facts([
    ['name', text(r.name)],
    ['origin_id', nullableText(r.origin_id)],
    ['origin_code', nullableText(r.origin_code)],
    ['synced_to_erp', bool(r.synced_to_erp)],
  ]);
}

export function mapCommitment(projectId: string) {
  return (r: Row): Row =>
    facts([
      ['number', text(r.number)],
      ['title', text(r.title)],
      ['vendor_id', nonEmpty(row(r.vendor)?.id) ?? nonEmpty(r.vendor_id)],
      ['project_id', nonEmpty(row(r.project)?.id) ?? projectId],
      ['origin_id', nullableText(r.origin_id)],
      ['synced_to_erp', bool(r.synced_to_erp)],
      ['accounting_method', r.accounting_method === 'amount' || r.accounting_method === 'unit' ? r.accounting_method : undefined],
    ]);
}

export function mapProject(r: Row): Row {
  return facts([
    ['name', text(r.name)],
    ['project_number', text(r.project_number)],
    ['origin_id', nullableText(r.origin_id)],
  ]);
}

export function mapSubJob(r: Row): Row {
  return facts([
    ['name', text(r.name)],
    ['code', text(r.code)],
    ['origin_id', nullableText(r.origin_id)],
  ]);
}

export function mapCostCode(r: Row): Row {
  return facts([
    ['full_code', text(r.full_code)],
    ['name', text(r.name)],
    ['origin_id', nullableText(r.origin_id)],
    ['origin_code', nullableText(r.origin_code)],
  ]);
}

export function mapCostType(r: Row): Row {
  return facts([
    ['code', text(r.code)],
    ['name', text(r.name)],
    ['origin_id', nullableText(r.origin_id)],
    ['origin_code', nullableText(r.origin_code)],
  ]);
}

/** Tool access levels (0–3) of each company permission template, by template id. */
export function levelsByTemplate(templates: unknown[] | undefined): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const t of templates ?? []) {
    const id = idOf(t);
    const levels = row(row(t)?.user_access_levels);
    if (id !== undefined && levels) out.set(id, levels);
  }
  return out;
}

function level(levels: Row | undefined, tool: string): (typeof ACCESS_LEVELS)[number] | undefined {
  const n = levels?.[tool];
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < ACCESS_LEVELS.length ? ACCESS_LEVELS[n] : undefined;
}

export function mapUser(templates: Map<string, Row>) {
  return (r: Row): Row => {
    const templateId = nonEmpty(row(r.company_permission_template)?.id);
    const levels = templateId === undefined ? undefined : templates.get(templateId);
    const directory = level(levels, TOOL_KEYS.directory);
    const joined = [text(r.first_name), text(r.last_name)].filter(Boolean).join(' ');
    return facts([
      ['name', nonEmpty(r.name) ?? (joined || undefined)],
      ['email', nonEmpty(r.email_address)],
      ['isAdmin', directory === undefined ? undefined : directory === 'admin'],
      ['erpPermission', level(levels, TOOL_KEYS.erpIntegrations)],
      ['erp_integrated_accountant', bool(r.erp_integrated_accountant)],
    ]);
  };
}

/** The main office's country (the only office when none is marked main); absent when unclear. */
export function companyCountry(offices: unknown[] | undefined): string | undefined {
  const list = (offices ?? []).map(row).filter((o): o is Row => o !== undefined);
  const main = list.filter((o) => o.main_office === true);
  const office = main.length === 1 ? main[0] : main.length === 0 && list.length === 1 ? list[0] : undefined;
  const code = text(office?.country_code)?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? code : undefined;
}

/**
 * ERP Integrations facts from the company's ERP connection: one exists → the tool is enabled, and the
 * ERP system is the integration's display name (metadata labels.name). No connection proves nothing.
 */
export function erpFacts(answer: unknown): Row {
  const list = Array.isArray(answer) ? answer : row(answer) ? [answer] : [];
  const connection = row(list[0]);
  if (!connection) return {};
  const labels = row(row(row(connection.metadata)?.settings)?.labels);
  return facts([
    ['enabled', true],
    ['erpSystem', nonEmpty(labels?.name) ?? nonEmpty(connection.erp_system)],
  ]);
}
