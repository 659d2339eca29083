// The small pure parts of live collection: Link/Total paging, waits from headers, redaction, the YAML
// writer's round trip, canonical order, and REST-to-fact mapping that never guesses.
import { describe, expect, test } from 'vitest';
import { nextPage, parseLink } from '../../src/snapshot/live/paging.ts';
import { backoffMs, rateLimitResetMs, retryAfterMs, BACKOFF_CAP_MS } from '../../src/snapshot/live/waits.ts';
import { createRedactor } from '../../src/snapshot/live/redact.ts';
import { emitYaml } from '../../src/snapshot/live/emit.ts';
import { assembleSnapshot, canonical } from '../../src/snapshot/live/assemble.ts';
import { byId, companyCountry, compareIds, erpFacts, levelsByTemplate, mapUser } from '../../src/snapshot/live/map.ts';
import { parseYaml } from '../../src/yaml/source.ts';
import { snapshotSchema } from '../../src/schema/snapshot.schema.ts';

describe('paging', () => {
  test('Link headers: every rel, quoted or not, several rels in one', () => {
    const links = parseLink('<https://x/a?page=1&per_page=5>; rel="first", <https://x/a?page=4&per_page=5>; rel=next, <https://x/a?page=30>; rel="last prev"');
    expect(Object.fromEntries(links)).toEqual({ first: 'https://x/a?page=1&per_page=5', next: 'https://x/a?page=4&per_page=5', last: 'https://x/a?page=30', prev: 'https://x/a?page=30' });
    expect(parseLink(null).size).toBe(0);
  });

  test('the next page comes from Link, else from Total and Per-Page; an empty or backward page ends the list', () => {
    const h = (link: string | null, total: string | null, perPage: string | null) => ({ link, total, perPage });
    expect(nextPage(3, 5, 5, h('<https://x/a?page=4&per_page=5>; rel="next"', '150', '5'))).toBe(4);
    expect(nextPage(3, 5, 5, h('<https://x/a?page=2>; rel="next"', null, null))).toBeUndefined();
    expect(nextPage(1, 5, 5, h(null, '12', '5'))).toBe(2);
    expect(nextPage(3, 2, 5, h(null, '12', '5'))).toBeUndefined();
    expect(nextPage(1, 3, 100, h(null, '7', '3'))).toBe(2); // the server's Per-Page, not the one asked for
    expect(nextPage(1, 0, 5, h('<https://x/a?page=2>; rel="next"', '12', '5'))).toBeUndefined();
    expect(nextPage(1, 5, 5, h(null, null, null))).toBeUndefined();
  });
});

describe('waits', () => {
  test('backoff grows, is capped, and keeps half its ceiling with jitter on the other half', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(a, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(2, () => 1)).toBe(2000);
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS);
  });

  test('Retry-After in seconds or as a date; X-Rate-Limit-Reset in Unix seconds; nothing usable → undefined', () => {
    const now = Date.UTC(2026, 10, 2, 14, 30, 0);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Mon, 02 Nov 2026 14:30:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(rateLimitResetMs(String(now / 1000 + 60), now)).toBe(60_000);
    expect(rateLimitResetMs(String(now / 1000 - 5), now)).toBe(0);
    expect(rateLimitResetMs('tomorrow', now)).toBeUndefined();
  });
});

describe('redaction', () => {
  test('raw, JSON-escaped, URL- and form-encoded spellings, and secrets learnt later', () => {
    const secret = 'a+b/c="d"\\e f';
    const redact = createRedactor([secret, undefined, '']);
    const text = `raw ${secret} json ${JSON.stringify(secret)} url ${encodeURIComponent(secret)} form ${new URLSearchParams({ s: secret })}`;
    expect(redact(text)).toBe('raw [redacted] json "[redacted]" url [redacted] form s=[redacted]');
    expect(redact('token tok-123 here')).toBe('token tok-123 here');
    redact.add('tok-123');
    expect(redact('token tok-123 here')).toBe('token [redacted] here');
  });
});

describe('YAML writer', () => {
  test('what it writes reads back as the same data, ids and look-alike values staying text', () => {
    const data = {
      meta: { customer: 'Acme: "Builders" #1', captured_at: '2026-11-02T14:30:00Z' },
      procore: {
        users: { '00123': { name: 'Zoë O’Neil', isAdmin: true }, '73001': { name: 'yes', email: 'a@b.example' } },
        vendors: { '9': { origin_id: null, origin_code: 'null' } },
        empty: {},
      },
      hh2: { client: { version: '1.31.467.1200' }, advancedMappings: { 'Invoice (AP)': false, 'Payment (AP)': true } },
      sage: { apInvoices: [{ vendor: 'V1', invoice: '0042', amount: '-12.50' }, { vendor: 'V2', invoice: 'line\nbreak\ttab' }], none: [] },
      list: [['nested', 1], 2.5, -3, 'trailing space '],
    };
    const text = emitYaml(data);
    expect(parseYaml(text, 'x.yaml', 'data').data).toEqual(data);
    expect(text).toContain('    "00123":\n      name: "Zoë O’Neil"');
    expect(text).toContain('      name: "yes"');
    expect(text).toContain('  apInvoices:\n    - vendor: V1\n      invoice: "0042"');
  });

  test('canonical order: schema order for known keys, ids sorted numerically, unknown keys after', () => {
    const ordered = canonical(
      { survey: {}, procore: { users: { '10': {}, '9': {}, '100': {} }, company: { name: 'n', id: '1' } }, meta: { sources: {}, customer: 'c' } },
      snapshotSchema as never,
    ) as any;
    expect(Object.keys(ordered)).toEqual(['meta', 'procore', 'survey']);
    expect(Object.keys(ordered.meta)).toEqual(['customer', 'sources']);
    expect(Object.keys(ordered.procore)).toEqual(['company', 'users']);
    expect(Object.keys(ordered.procore.company)).toEqual(['id', 'name']);
    expect(Object.keys(ordered.procore.users)).toEqual(['9', '10', '100']);
    expect(['598134325779301', '73001', 'abc', '9'].sort(compareIds)).toEqual(['9', '73001', '598134325779301', 'abc']);
  });

  test('the content hash covers the facts, not the capture time', () => {
    const at = (iso: string) => assembleSnapshot({ procore: { company: { id: '1', name: 'A' } }, capturedAt: new Date(iso), toolVersion: '0' }).data.meta as any;
    expect(at('2026-11-02T14:30:00.123Z').captured_at).toBe('2026-11-02T14:30:00Z');
    expect(at('2026-11-02T14:30:00Z').content_hash).toBe(at('2026-12-02T09:00:00Z').content_hash);
  });
});

describe('REST records to facts', () => {
  test('users: permissions from their company template; no template or no tool key → those facts absent', () => {
    const templates = levelsByTemplate([
      { id: 1, user_access_levels: { directory: 3, erp_integrations: 1 } },
      { id: 2, user_access_levels: { directory: 0 } },
      { id: 3, user_access_levels: { directory: 7 } },
    ]);
    const user = mapUser(templates);
    expect(user({ id: 5, first_name: 'A', last_name: 'B', email_address: 'a@b', erp_integrated_accountant: true, company_permission_template: { id: 1 } })).toEqual({
      name: 'A B',
      email: 'a@b',
      isAdmin: true,
      erpPermission: 'read_only',
      erp_integrated_accountant: true,
    });
    expect(user({ id: 6, name: 'C', company_permission_template: { id: 2 } })).toEqual({ name: 'C', isAdmin: false });
    expect(user({ id: 7, name: 'D', company_permission_template: { id: 3 } })).toEqual({ name: 'D' });
    expect(user({ id: 8, name: 'E', company_permission_template: null })).toEqual({ name: 'E' });
  });

  test('country from the main office (or the only one); ERP facts only from a connection', () => {
    expect(companyCountry([{ country_code: 'ca', main_office: true }, { country_code: 'US' }])).toBe('CA');
    expect(companyCountry([{ country_code: 'US' }])).toBe('US');
    expect(companyCountry([{ country_code: 'US' }, { country_code: 'CA' }])).toBeUndefined();
    expect(companyCountry(undefined)).toBeUndefined();
    expect(erpFacts([{ metadata: { settings: { labels: { name: 'Sage 300 CRE' } } } }])).toEqual({ enabled: true, erpSystem: 'Sage 300 CRE' });
    expect(erpFacts([])).toEqual({});
    expect(erpFacts(undefined)).toEqual({});
  });

  test('records keyed by id in id order; records without a usable id are left out', () => {
    const keyed = byId([{ id: 20, name: 'b' }, { id: 3, name: 'a' }, { name: 'no id' }, { id: 'bad id!' }], (r) => ({ name: r.name }));
    expect(Object.keys(keyed)).toEqual(['3', '20']);
  });
});
