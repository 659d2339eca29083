// Procore REST client: OAuth client-credentials token, Procore-Company-Id, retries, rate limits, pagination.
import { ENDPOINTS, DEFAULT_TOKEN_SECONDS } from './endpoints.ts';
import { backoffMs, rateLimitResetMs, retryAfterMs } from './waits.ts';
import { nextPage } from './paging.ts';
import { systemClock, type Clock } from './clock.ts';
import { bodySnippet, endpointProblem } from './problems.ts';
import type { Redactor } from './redact.ts';

export interface LiveSettings {
  apiBaseUrl: string;
  loginBaseUrl: string;
  companyId: string | null;
  perPage: number;
  timeoutMs: number;
  maxRetries: number;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export type LiveEvent =
  | { kind: 'request'; url: string }
  | { kind: 'wait'; ms: number; reason: string }
  | { kind: 'page'; label: string; page: number; pages?: number; items: number };

export interface ClientDeps {
  redact: Redactor;
  /** Debug log sink: one line per request and per retry, already free of secrets. */
  debug?: (line: string) => void;
  onEvent?: (event: LiveEvent) => void;
  /** Token lifetimes, waits between attempts and request deadlines; the system clock unless given. */
  clock?: Clock;
  /** Jitter for backoff; Math.random unless given. */
  random?: () => number;
}

export interface RequestOptions {
  /** 403 and 404 give undefined instead of an error: the facts it would give stay absent. */
  optional?: boolean;
  /** For progress lines. */
  label?: string;
  /** False for list endpoints Procore does not paginate: one request, no page/per_page. */
  paged?: boolean;
}

export interface ProcoreClient {
  /** The company every call names in Procore-Company-Id; unset only while discovering it. */
  companyId: string | undefined;
  getJson(path: string, query?: Record<string, string>, options?: RequestOptions): Promise<unknown>;
  list(path: string, query?: Record<string, string>, options?: RequestOptions): Promise<unknown[] | undefined>;
  readonly requestCount: number;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  url: string;
}

const TRANSIENT = new Set([502, 503, 504]);

export function createClient(settings: LiveSettings, credentials: Credentials, deps: ClientDeps): ProcoreClient {
  const { redact } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const debug = (line: string) => deps.debug?.(redact(line));
  let token: { value: string; expiresAt: number } | undefined;
  let requestCount = 0;

  const apiUrl = (path: string, query: Record<string, string>) => {
    const url = new URL(settings.apiBaseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  };

  /** One request with the retry policy; 2xx answers come back, everything else throws (or is undefined when optional). */
  async function send(method: 'GET' | 'POST', url: string, init: { body?: string; headers: Record<string, string>; auth: boolean }, options: RequestOptions): Promise<Answer | undefined> {
    const shown = `${method} ${url}`;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
      if (init.auth) headers.authorization = `Bearer ${await accessToken()}`;
      const started = clock.now();
      let answer: Answer;
      try {
        requestCount++;
        deps.onEvent?.({ kind: 'request', url });
        const res = await fetch(url, { method, headers, body: init.body, signal: clock.deadline(settings.timeoutMs), redirect: 'error' });
        answer = { status: res.status, headers: res.headers, text: await res.text(), url };
      } catch (e) {
        const why = networkFailure(e, settings.timeoutMs);
        if (attempt < settings.maxRetries) {
          const ms = backoffMs(attempt, random);
          debug(`${shown} → ${why}; retrying in ${ms} ms (attempt ${attempt + 2} of ${settings.maxRetries + 1})`);
          await wait(ms, `no answer from Procore (${why})`);
          continue;
        }
        debug(`${shown} → ${why}; giving up`);
        throw endpointProblem(url, 'procore-unreachable', redact(`${shown} failed: ${why}, ${attempts(attempt)}. Check procore.apiBaseUrl / procore.loginBaseUrl and the network, then run again`));
      }
      debug(`${shown} → ${answer.status} (${clock.now() - started} ms)`);
      if (answer.status >= 200 && answer.status < 300) return answer;

      if (answer.status === 401 && init.auth && !refreshed) {
        refreshed = true; // the token may have expired early or been revoked: one fresh token, then give up
        token = undefined;
        attempt--;
        continue;
      }
      const retryable = answer.status === 429 || TRANSIENT.has(answer.status);
      if (retryable && attempt < settings.maxRetries) {
        const now = clock.now();
        const ms =
          answer.status === 429
            ? rateLimitResetMs(answer.headers.get('x-rate-limit-reset'), now) ?? retryAfterMs(answer.headers.get('retry-after'), now) ?? backoffMs(attempt, random)
            : retryAfterMs(answer.headers.get('retry-after'), now) ?? backoffMs(attempt, random);
        const reason = answer.status === 429 ? 'rate limit reached (429); waiting for X-Rate-Limit-Reset' : `Procore is busy (${answer.status})`;
        debug(`${shown} → ${reason}; retrying in ${ms} ms`);
        await wait(ms, reason);
        continue;
      }
      if (options.optional && (answer.status === 403 || answer.status === 404)) return undefined;
      throw httpProblem(shown, answer, attempt, refreshed, !init.auth);
    }
  }

  function httpProblem(shown: string, answer: Answer, attempt: number, refreshed: boolean, isToken: boolean) {
    const body = bodySnippet(redact(answer.text));
    if (isToken && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
      return endpointProblem(answer.url, 'procore-auth-failed', redact(`${shown} refused the client credentials (${answer.status}); check PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET: ${body}`));
    }
    const code = answer.status === 401 ? 'procore-unauthorized' : answer.status === 403 ? 'procore-forbidden' : answer.status === 429 ? 'procore-rate-limited' : 'procore-http-error';
    const hint =
      answer.status === 401
        ? refreshed
          ? '; a fresh access token was refused too: check that the app is installed in this company'
          : '; check PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET'
        : answer.status === 403
          ? '; the app needs read access to this tool in the company (Directory → the app → Permissions)'
          : answer.status === 429 || TRANSIENT.has(answer.status)
            ? `, ${attempts(attempt)}`
            : '';
    return endpointProblem(answer.url, code, redact(`${shown} answered ${answer.status}${hint}: ${body}`));
  }

  async function wait(ms: number, reason: string): Promise<void> {
    deps.onEvent?.({ kind: 'wait', ms, reason });
    await clock.sleep(ms);
  }

  async function accessToken(): Promise<string> {
    if (token && clock.now() < token.expiresAt) return token.value;
    const url = settings.loginBaseUrl.replace(/\/+$/, '') + ENDPOINTS.token.path;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }).toString();
    const answer = await send('POST', url, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: false }, {});
    const json = parseJson(`POST ${url}`, answer!) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json?.access_token !== 'string' || json.access_token === '') {
      throw endpointProblem(url, 'procore-bad-token', `POST ${url} answered without an access_token`);
    }
    redact.add(json.access_token);
    const seconds = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : DEFAULT_TOKEN_SECONDS;
    // Renew a minute early (or at half-life for short tokens) so a request never carries a token that dies in flight.
    token = { value: json.access_token, expiresAt: clock.now() + seconds * 1000 - Math.min(60_000, (seconds * 1000) / 2) };
    return token.value;
  }

  function parseJson(shown: string, answer: Answer): unknown {
    try {
      return JSON.parse(answer.text);
    } catch (e) {
      throw endpointProblem(answer.url, 'procore-bad-json', redact(`${shown} answered ${answer.status} with malformed JSON (${(e as Error).message}): ${bodySnippet(answer.text)}`));
    }
  }

  const companyHeaders = (): Record<string, string> => (client.companyId ? { 'procore-company-id': client.companyId } : {});

  const client: ProcoreClient = {
    companyId: settings.companyId ?? undefined,
    get requestCount() {
      return requestCount;
    },
    async getJson(path, query = {}, options = {}) {
      const url = apiUrl(path, query);
      const answer = await send('GET', url, { headers: companyHeaders(), auth: true }, options);
      return answer === undefined ? undefined : parseJson(`GET ${url}`, answer);
    },
    async list(path, query = {}, options = {}) {
      const items: unknown[] = [];
      for (let page: number | undefined = 1; page !== undefined; ) {
        const url = apiUrl(path, options.paged === false ? query : { ...query, page: String(page), per_page: String(settings.perPage) });
        const answer = await send('GET', url, { headers: companyHeaders(), auth: true }, options);
        if (answer === undefined) return undefined;
        const json = parseJson(`GET ${url}`, answer);
        const rows = Array.isArray(json) ? json : Array.isArray((json as { data?: unknown })?.data) ? (json as { data: unknown[] }).data : undefined;
        if (!rows) throw endpointProblem(url, 'procore-unexpected-shape', `GET ${url} answered with ${describe(json)} where a list was expected`);
        items.push(...rows);
        const headers = { link: answer.headers.get('link'), total: answer.headers.get('total'), perPage: answer.headers.get('per-page') };
        const total = Number(headers.total);
        const pages = headers.total !== null && Number.isFinite(total) ? Math.max(1, Math.ceil(total / (Number(headers.perPage) || settings.perPage))) : undefined;
        deps.onEvent?.({ kind: 'page', label: options.label ?? path, page, pages, items: items.length });
        page = options.paged === false ? undefined : nextPage(page, rows.length, settings.perPage, headers);
      }
      return items;
    },
  };
  return client;
}

function attempts(attempt: number): string {
  return attempt === 0 ? 'on the first attempt' : `after ${attempt + 1} attempts`;
}

function describe(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'a list';
  return typeof json === 'object' ? 'an object' : `a ${typeof json}`;
}

/** A fetch failure in words: a timeout, a refused or reset connection, an unknown host. */
function networkFailure(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code;
  if (code) return `connection failed (${code})`;
  return `connection failed (${err?.cause?.message ?? err?.message ?? String(e)})`;
}
