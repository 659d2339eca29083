// The one table of Procore REST paths and field conventions the live collector relies on.
// Paths marked `confirmed: false` were not found in Procore's public reference; docs/live.md lists them.
// An `optional` endpoint that answers 403 or 404 leaves its facts absent (with a note) instead of failing.

export interface Endpoint {
  /** Path with {company_id} / {project_id} placeholders; query parameters are added by the collector. */
  path: string;
  /** Fixed query parameters (besides company_id / project_id / page / per_page). */
  query?: Record<string, string>;
  /** Paginated with page/per_page (Total, Per-Page and Link headers). */
  paged: boolean;
  optional: boolean;
  confirmed: boolean;
  /** What it is used for, for progress lines and notes. */
  label: string;
}

export const ENDPOINTS = {
  token: { path: '/oauth/token', paged: false, optional: false, confirmed: true, label: 'access token' },
  companies: { path: '/rest/v1.0/companies', paged: true, optional: false, confirmed: true, label: 'companies' },
  offices: { path: '/rest/v1.0/offices', query: { view: 'extended' }, paged: true, optional: true, confirmed: true, label: 'company offices (country)' },
  erpConnections: {
    path: '/rest/v1.0/companies/{company_id}/erp_connections',
    paged: false,
    optional: true,
    confirmed: false,
    label: 'ERP connection (ERP Integrations status and system)',
  },
  permissionTemplates: {
    path: '/rest/v1.0/companies/{company_id}/permission_templates',
    query: { 'filters[type]': 'company_tools', view: 'with_permissions' },
    paged: false,
    optional: true,
    confirmed: true,
    label: 'company permission templates (tool permissions)',
  },
  users: { path: '/rest/v1.0/companies/{company_id}/users', paged: true, optional: false, confirmed: true, label: 'company users' },
  vendors: { path: '/rest/v1.0/vendors', paged: true, optional: false, confirmed: true, label: 'vendors' },
  costTypes: { path: '/rest/v1.0/line_item_types', paged: true, optional: false, confirmed: true, label: 'cost types' },
  projects: { path: '/rest/v1.0/projects', paged: true, optional: false, confirmed: true, label: 'projects' },
  workOrderContracts: { path: '/rest/v1.0/work_order_contracts', paged: true, optional: false, confirmed: true, label: 'subcontracts' },
  purchaseOrderContracts: { path: '/rest/v1.0/purchase_order_contracts', paged: true, optional: false, confirmed: true, label: 'purchase orders' },
  subJobs: { path: '/rest/v1.0/sub_jobs', paged: true, optional: false, confirmed: true, label: 'sub jobs' },
  costCodes: { path: '/rest/v1.0/cost_codes', paged: true, optional: false, confirmed: true, label: 'cost codes' },
  requisitions: { path: '/rest/v1.1/requisitions', query: { view: 'extended' }, paged: true, optional: false, confirmed: true, label: 'subcontractor invoices' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/**
 * Keys of `user_access_levels` in a company permission template (unconfirmed: Procore documents the
 * object, not its tool keys) and the meaning of its numbers. A key that is missing leaves the fact absent.
 */
export const TOOL_KEYS = { erpIntegrations: 'erp_integrations', directory: 'directory' } as const;
export const ACCESS_LEVELS = ['none', 'read_only', 'standard', 'admin'] as const;

/** Procore's own client-credentials token lifetime, used when a token response omits expires_in. */
export const DEFAULT_TOKEN_SECONDS = 5400;
