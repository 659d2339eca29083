// The Procore client against a real HTTP server on 127.0.0.1: token reuse and refresh, Procore-Company-Id,
// pagination, 429/503 waits from the server's headers, timeouts, malformed JSON, errors that name the endpoint.
// Time is a fake clock: the tests check the waits the client asked for and the order of its requests, and
// nothing waits for real, so a loaded machine gives the same results.
import { afterEach, describe, expect, test } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type LiveEvent, type LiveSettings } from '../../src/snapshot/live/client.ts';
import { createRedactor } from '../../src/snapshot/live/redact.ts';
import { PreflightError, type Diagnostic } from '../../src/diagnostics.ts';
import { startFakeProcore, type Fault, type FakeProcore } from './fake-procore.ts';
import { fakeClock } from './fake-clock.ts';
import { CLIENT_ID, CLIENT_SECRET, COMPANY_ID, fakeOptions } from './fixture-data.ts';

let fake: FakeProcore | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A request deadline far longer than any test may take: it passes only when the fake clock says so. */
const TIMEOUT_MS = 60_000;

async function setup(faults: Fault[] = [], settings: Partial<LiveSettings> = {}, secret = CLIENT_SECRET, tokenSeconds?: number) {
  const clock = fakeClock();
  const all: LiveSettings = { apiBaseUrl: '', loginBaseUrl: '', companyId: COMPANY_ID, perPage: 100, timeoutMs: TIMEOUT_MS, maxRetries: 2, ...settings };
  // A hanging request: its deadline passes at once (fake time), so the client's timeout path runs without a real wait.
  fake = await startFakeProcore(fakeOptions({ faults, tokenSeconds, now: clock.now, onHang: () => clock.advance(all.timeoutMs) }));
  const events: LiveEvent[] = [];
  const debug: string[] = [];
  const client = createClient(
    { ...all, apiBaseUrl: fake.url, loginBaseUrl: fake.url },
    { clientId: CLIENT_ID, clientSecret: secret },
    { redact: createRedactor([CLIENT_ID, secret]), debug: (l) => debug.push(l), onEvent: (e) => events.push(e), clock, random: () => 0 },
  );
  return { fake, client, events, debug, clock };
}

async function problem(promise: Promise<unknown>): Promise<Diagnostic> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PreflightError);
  expect((e as PreflightError).diagnostics).toHaveLength(1);
  return (e as PreflightError).diagnostics[0];
}

const rest = (f: FakeProcore, path: string) => f.requests.filter((r) => r.path === path);
const USERS = `/rest/v1.0/companies/${COMPANY_ID}/users`;

describe('tokens, headers and pages', () => {
  test('one token serves every call; every REST call names the company; lists follow every page', async () => {
    const { fake, client } = await setup();
    const users = await client.list(USERS);
    const vendors = await client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID });
    expect(users!.map((u) => (u as { id: number }).id)).toEqual([73007, 73001, 73002, 73003, 73004, 73005, 73006]);
    expect(vendors).toHaveLength(4);
    expect(fake.tokensIssued).toBe(1);
    const calls = fake.requests.filter((r) => r.path.startsWith('/rest/'));
    expect(calls.every((r) => r.companyHeader === COMPANY_ID && r.authorization?.startsWith('Bearer tok-1-'))).toBe(true);
    // The server gives 3 per page whatever per_page asks; Link drops company_id, the client keeps it.
    expect(rest(fake, USERS).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(rest(fake, USERS).every((r) => r.query.per_page === '100')).toBe(true);
    expect(rest(fake, '/rest/v1.0/vendors').map((r) => [r.query.page, r.query.company_id])).toEqual([
      ['1', COMPANY_ID],
      ['2', COMPANY_ID],
    ]);
    const token = fake.requests.find((r) => r.path === '/oauth/token')!;
    expect(new URLSearchParams(token.body).get('grant_type')).toBe('client_credentials');
  });

  test('without Link headers, Total and Per-Page decide the last page', async () => {
    const { client, fake } = await setup([], { perPage: 2 });
    const costTypes = await client.list('/rest/v1.0/line_item_types', { company_id: COMPANY_ID });
    expect(costTypes).toHaveLength(2);
    expect(rest(fake, '/rest/v1.0/line_item_types')).toHaveLength(1);
  });

  test('a 401 in the middle forces one fresh token, and the list goes on', async () => {
    const { client, fake } = await setup([{ path: USERS, kind: 'revoke-token', from: 2 }]);
    expect(await client.list(USERS)).toHaveLength(7);
    expect(fake.tokensIssued).toBe(2);
    expect(rest(fake, USERS).map((r) => [r.query.page, r.status])).toEqual([
      ['1', 200],
      ['2', 401],
      ['2', 200],
      ['3', 200],
    ]);
    expect(rest(fake, USERS).at(-1)!.authorization).toMatch(/^Bearer tok-2-/);
  });

  test('a 401 that survives a fresh token stops, naming the endpoint; the token is refreshed only once', async () => {
    const { client, fake } = await setup([{ path: USERS, kind: 'revoke-token', times: Infinity }]);
    const d = await problem(client.list(USERS));
    expect(d.code).toBe('procore-unauthorized');
    expect(d.location.file).toBe(`${fake.url}${USERS}?page=1&per_page=100`);
    expect(d.message).toContain(`GET ${fake.url}${USERS}`);
    expect(d.message).toContain('answered 401');
    expect(fake.tokensIssued).toBe(2);
  });

  test('wrong credentials: the token endpoint is named, and its echo of the secret is redacted', async () => {
    const { client, fake } = await setup([], {}, 'not-the-secret+/=');
    const d = await problem(client.list(USERS));
    expect(d.code).toBe('procore-auth-failed');
    expect(d.location.file).toBe(`${fake.url}/oauth/token`);
    expect(d.message).toContain('PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET');
    expect(d.message).toContain('[redacted]');
    for (const form of ['not-the-secret+/=', encodeURIComponent('not-the-secret+/='), CLIENT_ID]) expect(d.message).not.toContain(form);
  });
});

describe('waiting and retrying', () => {
  test('a 429 waits exactly until X-Rate-Limit-Reset, then asks again', async () => {
    const { client, fake, events, clock } = await setup([{ path: '/rest/v1.0/vendors', kind: 'rate-limit', seconds: 2 }]);
    expect(await client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID })).toHaveLength(4);
    expect(rest(fake, '/rest/v1.0/vendors').map((r) => [r.query.page, r.status])).toEqual([
      ['1', 429],
      ['1', 200],
      ['2', 200],
    ]);
    expect(clock.sleeps).toEqual([2000]);
    expect(events.filter((e) => e.kind === 'wait')).toEqual([{ kind: 'wait', ms: 2000, reason: 'rate limit reached (429); waiting for X-Rate-Limit-Reset' }]);
  });

  test('a 503 honours Retry-After, then asks for the same page again', async () => {
    const { client, fake, events, clock } = await setup([{ path: USERS, kind: 'busy', from: 2, seconds: 3 }]);
    expect(await client.list(USERS)).toHaveLength(7);
    expect(rest(fake, USERS).map((r) => [r.query.page, r.status])).toEqual([
      ['1', 200],
      ['2', 503],
      ['2', 200],
      ['3', 200],
    ]);
    expect(clock.sleeps).toEqual([3000]);
    expect(events.filter((e) => e.kind === 'wait')).toEqual([{ kind: 'wait', ms: 3000, reason: 'Procore is busy (503)' }]);
  });

  test('503s until the retries run out: a clear failure naming the endpoint and the attempts', async () => {
    const { client, fake, clock } = await setup([{ path: USERS, kind: 'busy', times: Infinity, seconds: 1 }], { maxRetries: 2 });
    const d = await problem(client.list(USERS));
    expect(d.code).toBe('procore-http-error');
    expect(d.message).toContain(`GET ${fake.url}${USERS}?page=1&per_page=100 answered 503, after 3 attempts`);
    expect(d.message).toContain('[redacted]');
    expect(d.message).not.toContain(CLIENT_SECRET);
    expect(rest(fake, USERS)).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  test('a timeout is retried after a backoff, then the answer is used', async () => {
    const { client, fake, debug, clock } = await setup([{ path: USERS, kind: 'hang' }]);
    expect(await client.list(USERS)).toHaveLength(7);
    expect(rest(fake, USERS).map((r) => r.query.page)).toEqual(['1', '1', '2', '3']);
    expect(clock.sleeps).toEqual([250]);
    expect(debug).toContain(`GET ${fake.url}${USERS}?page=1&per_page=100 → no answer within ${TIMEOUT_MS} ms; retrying in 250 ms (attempt 2 of 3)`);
  });

  test('timeouts until the retries run out: backoff doubles each time, then an exit-2 problem naming the endpoint', async () => {
    const { client, fake, clock } = await setup([{ path: USERS, kind: 'hang', times: Infinity }], { timeoutMs: 200, maxRetries: 3 });
    const d = await problem(client.list(USERS));
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(rest(fake, USERS)).toHaveLength(4);
    expect(d).toMatchObject({ severity: 'error', code: 'procore-unreachable', location: { file: `${fake.url}${USERS}?page=1&per_page=100`, line: 1, column: 1 } });
    expect(d.message).toBe(
      `GET ${fake.url}${USERS}?page=1&per_page=100 failed: no answer within 200 ms, after 4 attempts. Check procore.apiBaseUrl / procore.loginBaseUrl and the network, then run again`,
    );
  });

  test('the token is renewed a minute before it expires, not earlier', async () => {
    const { client, fake, clock } = await setup([], {}, CLIENT_SECRET, 600);
    await client.getJson('/rest/v1.0/companies');
    clock.advance(539_000); // 1 s before the renewal point (600 s - 60 s)
    await client.getJson('/rest/v1.0/companies');
    expect(fake.tokensIssued).toBe(1);
    clock.advance(1000);
    await client.getJson('/rest/v1.0/companies');
    expect(fake.tokensIssued).toBe(2);
    expect(rest(fake, '/rest/v1.0/companies').map((r) => r.authorization?.split('-')[1])).toEqual(['1', '1', '2']);
    expect(clock.sleeps).toEqual([]);
  });

  test('without an injected clock the system one is used: a request past its real deadline ends as a timeout', async () => {
    fake = await startFakeProcore(fakeOptions({ faults: [{ path: USERS, kind: 'hang' }] }));
    const client = createClient(
      { apiBaseUrl: fake.url, loginBaseUrl: fake.url, companyId: COMPANY_ID, perPage: 100, timeoutMs: 1, maxRetries: 0 },
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { redact: createRedactor([CLIENT_SECRET]) },
    );
    // Real time passes here, so only the outcome is checked: whichever request met the 1 ms deadline first (the
    // token's, on a loaded machine, or the hanging one) ends as a timeout, not as a hang or another failure.
    const d = await problem(client.list(USERS));
    expect(d.code).toBe('procore-unreachable');
    expect(d.message).toMatch(/ failed: no answer within 1 ms, on the first attempt\. /);
  });

  test('nobody listening: connection refused, retried after a backoff, then a clear failure', async () => {
    const port = await freePort();
    const clock = fakeClock();
    const client = createClient(
      { apiBaseUrl: `http://127.0.0.1:${port}`, loginBaseUrl: `http://127.0.0.1:${port}`, companyId: COMPANY_ID, perPage: 100, timeoutMs: TIMEOUT_MS, maxRetries: 1 },
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { redact: createRedactor([CLIENT_SECRET]), clock, random: () => 0 },
    );
    const d = await problem(client.list(USERS));
    expect(d.code).toBe('procore-unreachable');
    expect(d.location.file).toBe(`http://127.0.0.1:${port}/oauth/token`);
    expect(d.message).toContain('connection failed (ECONNREFUSED), after 2 attempts');
    expect(clock.sleeps).toEqual([250]);
  });
});

describe('answers that cannot be used', () => {
  test('malformed JSON stops at once, naming the endpoint', async () => {
    const { client, fake } = await setup([{ path: '/rest/v1.0/vendors', kind: 'malformed' }]);
    const d = await problem(client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID }));
    expect(d.code).toBe('procore-bad-json');
    expect(d.message).toContain(`GET ${fake.url}/rest/v1.0/vendors?company_id=${COMPANY_ID}&page=1&per_page=100 answered 200 with malformed JSON`);
    expect(rest(fake, '/rest/v1.0/vendors')).toHaveLength(1);
  });

  test('a 500 is not retried; its body is quoted with the secret redacted in every spelling', async () => {
    const { client, fake } = await setup([{ path: '/rest/v1.0/vendors', kind: 'error-500' }]);
    const d = await problem(client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID }));
    expect(d.code).toBe('procore-http-error');
    expect(d.message).toMatch(/answered 500: \{"errors":"internal error while handling client_secret=\[redacted\] \[redacted\]"\}$/);
    expect(rest(fake, '/rest/v1.0/vendors')).toHaveLength(1);
  });

  test('a list endpoint that answers an object is refused', async () => {
    const { client } = await setup([{ path: '/rest/v1.0/vendors', kind: 'not-a-list' }]);
    const d = await problem(client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID }));
    expect(d.code).toBe('procore-unexpected-shape');
    expect(d.message).toContain('answered with an object where a list was expected');
  });

  test('an optional endpoint that is forbidden or missing gives undefined; a required one fails', async () => {
    const { client } = await setup([
      { path: '/rest/v1.0/offices', kind: 'forbidden' },
      { path: '/rest/v1.0/vendors', kind: 'forbidden' },
    ]);
    expect(await client.list('/rest/v1.0/offices', { company_id: COMPANY_ID }, { optional: true })).toBeUndefined();
    expect(await client.getJson('/rest/v1.0/no_such_thing', {}, { optional: true })).toBeUndefined();
    expect((await problem(client.list('/rest/v1.0/vendors', { company_id: COMPANY_ID }))).code).toBe('procore-forbidden');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
