// Asks Procore for everything the pack reads: company, ERP tool, users, vendors, cost types, projects and,
// per project, commitments, sub jobs, cost codes and (when asked) subcontractor invoices.
import { ENDPOINTS, type Endpoint } from './endpoints.ts';
import type { ProcoreClient } from './client.ts';
import { endpointProblem } from './problems.ts';
import {
  byId,
  companyCountry,
  compareIds,
  erpFacts,
  idOf,
  levelsByTemplate,
  mapCommitment,
  mapCostCode,
  mapCostType,
  mapProject,
  mapSubJob,
  mapUser,
  mapVendor,
  type Row,
} from './map.ts';

export interface Collected {
  companyId: string;
  /** The snapshot's procore section. */
  procore: Row;
  /** Requisitions in the REST shape (view=extended), by project then id; only when asked for. */
  invoices?: unknown[];
  /** Facts that stayed absent because an optional endpoint was unavailable, in words. */
  notes: string[];
}

export interface CollectOptions {
  invoices: boolean;
  /** Called as each kind of record is fetched, for the progress line. */
  onStep?: (label: string) => void;
}

export async function collectProcore(client: ProcoreClient, options: CollectOptions): Promise<Collected> {
  const notes: string[] = [];
  const step = (e: Endpoint) => options.onStep?.(e.label);
  const fill = (e: Endpoint, ids: Record<string, string>) => e.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(ids[k]));
  const list = async (e: Endpoint, ids: Record<string, string>, query: Record<string, string>) => {
    if (!('project_id' in query)) step(e); // per-project lists are covered by the project's own step
    const rows = await client.list(fill(e, ids), { ...query, ...(('query' in e ? e.query : {}) as Record<string, string>) }, { optional: e.optional, label: e.label, paged: e.paged });
    if (rows === undefined) notes.push(`${e.label}: ${e.path} is not available to this app (403/404); the facts it gives stay absent${e.confirmed ? '' : ' (this path is unconfirmed, see docs/live.md)'}`);
    return rows;
  };

  const companies = (await list(ENDPOINTS.companies, {}, {}))!;
  const companyId = client.companyId ?? onlyCompany(companies);
  client.companyId = companyId;
  const company = companies.find((c) => idOf(c) === companyId) as Row | undefined;
  if (!company) throw notVisible(companyId, companies);
  const ids = { company_id: companyId };
  const byCompany = { company_id: companyId };

  const offices = await list(ENDPOINTS.offices, ids, byCompany);
  step(ENDPOINTS.erpConnections);
  const erp = await client.getJson(fill(ENDPOINTS.erpConnections, ids), {}, { optional: true, label: ENDPOINTS.erpConnections.label });
  if (erp === undefined) notes.push(`${ENDPOINTS.erpConnections.label}: ${ENDPOINTS.erpConnections.path} is not available (403/404); record procore.erpIntegrations in the survey (this path is unconfirmed, see docs/live.md)`);
  const templates = await list(ENDPOINTS.permissionTemplates, ids, {});
  const users = (await list(ENDPOINTS.users, ids, {}))!;
  const vendors = (await list(ENDPOINTS.vendors, ids, byCompany))!;
  const costTypes = (await list(ENDPOINTS.costTypes, ids, byCompany))!;
  const projects = (await list(ENDPOINTS.projects, ids, byCompany))!;

  const commitments: unknown[][] = [];
  const subJobs: unknown[] = [];
  const costCodes: unknown[] = [];
  const invoices: unknown[] = [];
  const projectIds = projects.map(idOf).filter((id): id is string => id !== undefined).sort(compareIds);
  for (const [i, projectId] of projectIds.entries()) {
    options.onStep?.(`project ${projectId} (${i + 1} of ${projectIds.length}): commitments, sub jobs, cost codes${options.invoices ? ', invoices' : ''}`);
    const byProject = { project_id: projectId };
    for (const e of [ENDPOINTS.workOrderContracts, ENDPOINTS.purchaseOrderContracts]) {
      commitments.push(((await list(e, ids, byProject)) ?? []).map((c) => ({ ...(c as Row), project_id: (c as Row).project_id ?? projectId })));
    }
    subJobs.push(...((await list(ENDPOINTS.subJobs, ids, byProject)) ?? []));
    costCodes.push(...((await list(ENDPOINTS.costCodes, ids, byProject)) ?? []));
    if (options.invoices) {
      const reqs = (await list(ENDPOINTS.requisitions, ids, byProject)) ?? [];
      invoices.push(...reqs.sort((a, b) => compareIds(idOf(a) ?? '', idOf(b) ?? '')));
    }
  }

  const erpIntegrations = erpFacts(erp);
  const procore: Row = {
    company: dropUndefined({ id: companyId, name: typeof company.name === 'string' ? company.name : undefined, country: companyCountry(offices) }),
    ...(Object.keys(erpIntegrations).length > 0 ? { erpIntegrations } : {}),
    users: byId(users, mapUser(levelsByTemplate(templates))),
    vendors: byId(vendors, mapVendor),
    commitments: byId(commitments.flat(), (c) => mapCommitment(String(c.project_id))(c)),
    projects: byId(projects, mapProject),
    subJobs: byId(subJobs, mapSubJob),
    costCodes: byId(costCodes, mapCostCode),
    costTypes: byId(costTypes, mapCostType),
  };
  return { companyId, procore, ...(options.invoices ? { invoices } : {}), notes };
}

function dropUndefined(o: Row): Row {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Without procore.companyId, the credentials must see exactly one company; otherwise say which to pick. */
function onlyCompany(companies: unknown[]): string {
  const ids = companies.map(idOf).filter((id): id is string => id !== undefined);
  if (ids.length === 1) return ids[0];
  throw endpointProblem(
    ENDPOINTS.companies.path,
    'procore-company-unknown',
    ids.length === 0
      ? 'these credentials see no Procore company; install the app in the customer\'s company first'
      : `procore.companyId is not set and these credentials see ${ids.length} companies: ${describeCompanies(companies)}; set procore.companyId (in the config or with --set 'procore.companyId="ID"')`,
  );
}

function notVisible(companyId: string, companies: unknown[]) {
  return endpointProblem(
    ENDPOINTS.companies.path,
    'procore-company-not-visible',
    `procore.companyId is "${companyId}", but these credentials see ${companies.length === 0 ? 'no company' : describeCompanies(companies)}; check the id or install the app in that company`,
  );
}

function describeCompanies(companies: unknown[]): string {
  return companies
    .slice(0, 10)
    .map((c) => `${idOf(c)} (${String((c as Row).name ?? '?')})`)
    .join(', ')
    .concat(companies.length > 10 ? ', …' : '');
}
