// A fake Procore on 127.0.0.1 for tests: OAuth client credentials, paginated REST lists with Link/Total/
// Per-Page and rate-limit headers, and scripted faults (429, 503, 401, a hang, malformed JSON, 500).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'rate-limit' | 'busy' | 'revoke-token' | 'hang' | 'malformed' | 'error-500' | 'forbidden' | 'not-found' | 'not-a-list';

export interface Fault {
  /** Path the fault applies to (exact, without query); '*' for any REST path. */
  path: string;
  kind: FaultKind;
  /** How many matching requests it hits (default 1); Infinity for all. */
  times?: number;
  /** Only the Nth matching request onwards (1-based, default 1). */
  from?: number;
  /** rate-limit: the window reopens this many seconds from now; busy: the Retry-After. Default 0: no real wait. */
  seconds?: number;
}

export interface FakeData {
  companies: object[];
  offices: object[];
  erpConnections?: object[];
  templates: object[];
  users: object[];
  vendors: object[];
  lineItemTypes: object[];
  projects: object[];
  workOrders: Record<string, object[]>;
  purchaseOrders: Record<string, object[]>;
  subJobs: Record<string, object[]>;
  costCodes: Record<string, object[]>;
  requisitions: Record<string, object[]>;
}

export interface FakeOptions {
  clientId: string;
  clientSecret: string;
  companyId: string;
  data: FakeData;
  /** The server never returns more than this per page, whatever per_page asks (forces several pages). */
  maxPerPage?: number;
  tokenSeconds?: number;
  faults?: Fault[];
  /** The server's clock, for rate-limit headers (the test's fake clock, so reset times match the client's). */
  now?: () => number;
  /** Called when a request meets a hang fault: the test then lets the client's deadline pass. */
  onHang?: (path: string) => void;
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  companyHeader?: string;
  body?: string;
  status?: number;
}

export interface FakeProcore {
  url: string;
  requests: Recorded[];
  tokensIssued: number;
  close(): Promise<void>;
}

export async function startFakeProcore(options: FakeOptions): Promise<FakeProcore> {
  const tokens = new Set<string>();
  const faults = (options.faults ?? []).map((f) => ({ ...f, seen: 0, left: f.times ?? 1 }));
  const state: FakeProcore = { url: '', requests: [], tokensIssued: 0, close: async () => {} };
  const now = options.now ?? Date.now;
  const epochSeconds = (ahead: number) => String(Math.floor(now() / 1000) + ahead);
  const rateHeaders = () => ({ 'x-rate-limit-limit': '3600', 'x-rate-limit-remaining': '3500', 'x-rate-limit-reset': epochSeconds(3600) });

  const routes: Record<string, (q: Record<string, string>) => object[] | object | undefined> = {
    '/rest/v1.0/companies': () => options.data.companies,
    '/rest/v1.0/offices': (q) => (q.company_id === options.companyId ? options.data.offices : undefined),
    [`/rest/v1.0/companies/${options.companyId}/erp_connections`]: () => options.data.erpConnections,
    [`/rest/v1.0/companies/${options.companyId}/permission_templates`]: () => options.data.templates,
    [`/rest/v1.0/companies/${options.companyId}/users`]: () => options.data.users,
    '/rest/v1.0/vendors': (q) => (q.company_id === options.companyId ? options.data.vendors : undefined),
    '/rest/v1.0/line_item_types': (q) => (q.company_id === options.companyId ? options.data.lineItemTypes : undefined),
    '/rest/v1.0/projects': (q) => (q.company_id === options.companyId ? options.data.projects : undefined),
    '/rest/v1.0/work_order_contracts': (q) => options.data.workOrders[q.project_id],
    '/rest/v1.0/purchase_order_contracts': (q) => options.data.purchaseOrders[q.project_id],
    '/rest/v1.0/sub_jobs': (q) => options.data.subJobs[q.project_id],
    '/rest/v1.0/cost_codes': (q) => options.data.costCodes[q.project_id],
    '/rest/v1.1/requisitions': (q) => (q.view === 'extended' ? options.data.requisitions[q.project_id] : undefined),
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', state.url);
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    const record: Recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      companyHeader: req.headers['procore-company-id'] as string | undefined,
      ...(body ? { body } : {}),
    };
    state.requests.push(record);
    const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders(), ...headers });
      res.end(payload);
    };

    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        // Like a careless server: the rejected secret comes back in the error body, raw and URL-encoded.
        return send(401, JSON.stringify({ error: 'invalid_client', error_description: `Client authentication failed for ${form.get('client_secret')} (${body})` }));
      }
      const token = `tok-${++state.tokensIssued}-${Math.random().toString(36).slice(2)}`;
      tokens.add(token);
      return send(200, JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: options.tokenSeconds ?? 5400, created_at: Number(epochSeconds(0)) }));
    }

    const fault = faults.find((f) => (f.path === '*' || f.path === url.pathname) && ++f.seen >= (f.from ?? 1) && f.left > 0);
    if (fault) fault.left--;
    switch (fault?.kind) {
      case 'rate-limit':
        return send(429, 'You have surpassed the max number of requests for an hour. Please wait until your limit resets.', {
          'content-type': 'text/plain',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': epochSeconds(fault.seconds ?? 0),
        });
      case 'busy':
        return send(503, JSON.stringify({ error: `Service Unavailable (diagnostic: client_secret=${options.clientSecret})` }), { 'retry-after': String(fault.seconds ?? 0) });
      case 'revoke-token':
        tokens.clear();
        break;
      case 'hang':
        options.onHang?.(url.pathname);
        return; // never answers: the client's deadline must pass
      case 'malformed':
        return send(200, '[{"id": 1, "name": "Truncat', {});
      case 'error-500':
        return send(500, JSON.stringify({ errors: `internal error while handling client_secret=${options.clientSecret} ${encodeURIComponent(options.clientSecret)}` }));
      case 'forbidden':
        return send(403, JSON.stringify({ errors: 'forbidden' }));
      case 'not-found':
        return send(404, JSON.stringify({ errors: 'not found' }));
      case 'not-a-list':
        return send(200, JSON.stringify({ message: 'hello' }));
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) return send(401, JSON.stringify({ error: 'invalid_token' }));
    const needsCompany = url.pathname !== '/rest/v1.0/companies';
    if (needsCompany && req.headers['procore-company-id'] !== options.companyId) return send(403, JSON.stringify({ errors: 'Procore-Company-Id missing or wrong' }));
    const route = routes[url.pathname];
    const result = route?.(query);
    if (result === undefined) return send(404, JSON.stringify({ errors: `no route for ${url.pathname}` }));
    if (!Array.isArray(result)) return send(200, JSON.stringify(result));
    const asked = Number(query.per_page ?? 30);
    const perPage = Math.min(asked, options.maxPerPage ?? asked);
    const page = Number(query.page ?? 1);
    const last = Math.max(1, Math.ceil(result.length / perPage));
    // Like Procore's documented example: Link URLs carry only page and per_page.
    const link = (p: number, rel: string) => `<${state.url}${url.pathname}?page=${p}&per_page=${perPage}>; rel="${rel}"`;
    const links = [page > 1 ? link(1, 'first') : '', page > 2 ? link(page - 1, 'prev') : '', page < last ? link(last, 'last') : '', page < last ? link(page + 1, 'next') : '']
      .filter(Boolean)
      .join(', ');
    return send(200, JSON.stringify(result.slice((page - 1) * perPage, page * perPage)), {
      total: String(result.length),
      'per-page': String(perPage),
      ...(links ? { link: links } : {}),
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
  });
}

