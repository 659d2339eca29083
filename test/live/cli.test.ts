// `snapshot --live` and `check --live` end to end against the fake Procore on 127.0.0.1: record once and
// replay offline with identical findings, determinism, configs, progress, exit 2 messages, no leaked secrets.
import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { loadSnapshot } from '../../src/snapshot/load.ts';
import { startFakeProcore, type Fault, type FakeProcore } from './fake-procore.ts';
import { CLIENT_ID, CLIENT_SECRET, COMPANY_ID, fakeOptions, harborPoint } from './fixture-data.ts';

const CREDS = { PROCORE_CLIENT_ID: CLIENT_ID, PROCORE_CLIENT_SECRET: CLIENT_SECRET, NO_COLOR: '1' };

const SURVEY = `meta:
  customer: Harbor Point Builders (survey)
  captured_at: 2026-11-02T14:30:00Z
  captured_by: dana.reyes@consultants.example.com
procore:
  company:
    executiveSponsor:
      name: Morgan Ellis
      email: morgan.ellis@harborpoint.example.com
  erpIntegrations:
    taxCodesImported: false
  users:
    "73002":
      erpPermission: admin
hh2:
  client:
    version: 1.31.470.1000
  advancedMappings:
    Distribution (AP): true
    Distribution Payment (AP): true
    Invoice (AP): true
    Payment (AP): true
    Invoice Payment (AP): true
    Invoice Settings (AP): true
  platform:
    dotNetFramework: "4.8"
    windowsServer: "2019"
    outboundPortsOnly80And443: true
    dedicatedSageUser: true
sage:
  ap:
    invoiceSettings:
      dateReceivedUsage: Not Used
      paymentDateUsage:
survey:
  setupUser:
    procoreUserId: "73001"
    hasHh2Credentials: true
  featureRequest:
    requestedBy: "73001"
    approverEmailsSent: true
`;

let fake: FakeProcore | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function serve(faults: Fault[] = [], data = harborPoint()) {
  fake = await startFakeProcore(fakeOptions({ faults, data }));
  return fake;
}

function workdir() {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-live-'));
  writeFileSync(join(dir, 'survey.yaml'), SURVEY);
  return dir;
}

const at = (f: FakeProcore, company: string | null = COMPANY_ID) => [
  '--set',
  `procore.apiBaseUrl=${f.url}`,
  '--set',
  `procore.loginBaseUrl=${f.url}`,
  ...(company ? ['--set', `procore.companyId="${company}"`] : []),
  '--set',
  'procore.maxRetries=2',
];

async function cli(args: string[], env: Record<string, string> = CREDS, isTTY = false) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: process.cwd(), isTTY });
  return { status, stdout, stderr };
}

describe('snapshot --live', () => {
  test('writes a valid snapshot with provenance, live facts sorted by id, survey facts merged, and the invoices file', async () => {
    const f = await serve();
    const dir = workdir();
    const r = await cli(['snapshot', '--live', '--survey', join(dir, 'survey.yaml'), '--output', join(dir, 'acme.yaml'), '--invoices-output', join(dir, 'invoices.json'), ...at(f)]);
    expect(r.stderr).toContain('collected from Procore in');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`Wrote ${join(dir, 'acme.yaml')}\nWrote ${join(dir, 'invoices.json')} (3 subcontractor invoices)\n`);

    expect(readFileSync(join(dir, 'acme.yaml'), 'utf8').split('\n')[1]).toBe(
      '# Procore facts captured live by `preflight snapshot --live`; hh2, Sage and on-site facts from the survey recorded 2026-11-02T14:30:00Z.',
    );
    const snap = loadSnapshot(join(dir, 'acme.yaml'));
    const data = snap.data as any;
    expect(data.meta).toMatchObject({
      customer: 'Harbor Point Builders (survey)',
      captured_by: 'dana.reyes@consultants.example.com',
      tool_version: expect.any(String),
      content_hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      sources: { procore: 'live', hh2: 'survey', sage: 'survey', survey: 'survey' },
    });
    expect(data.meta.captured_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(data.meta.captured_at).not.toBe('2026-11-02T14:30:00Z'); // the capture time, not the survey's
    expect(data.procore.company).toEqual({
      id: COMPANY_ID,
      name: 'Harbor Point Builders, Inc.',
      country: 'US',
      executiveSponsor: { name: 'Morgan Ellis', email: 'morgan.ellis@harborpoint.example.com' },
    });
    expect(data.procore.erpIntegrations).toEqual({ enabled: true, erpSystem: 'Sage 300 CRE', taxCodesImported: false });
    expect(Object.keys(data.procore.users)).toEqual(['73001', '73002', '73003', '73004', '73005', '73006', '73007']);
    expect(data.procore.users['73001']).toEqual({
      name: 'Priya Natarajan',
      email: 'priya.natarajan@harborpoint.example.com',
      isAdmin: true,
      erpPermission: 'admin',
      erp_integrated_accountant: false,
    });
    // Live wins over the survey where both know a fact, and the user is told.
    expect(data.procore.users['73002'].erpPermission).toBe('standard');
    expect(r.stderr).toContain('note: the live value replaced the survey\'s: procore.users.73002.erpPermission: survey "admin" → live "standard"');
    // No permission template: those facts stay absent rather than guessed.
    expect(data.procore.users['73004']).toEqual({ name: 'Tom Berg', email: 'tom.berg@harborpoint.example.com', erp_integrated_accountant: false });
    expect(Object.keys(data.procore.vendors)).toEqual(['910201', '910202', '910203', '910204']);
    expect(data.procore.commitments['880002']).toEqual({ number: 'SC-002', title: 'Concrete', vendor_id: '910202', project_id: '5500101', origin_id: null, accounting_method: 'unit' });
    expect(Object.keys(data.procore.commitments)).toEqual(['880001', '880002', '880003', '890001']);
    expect(Object.keys(data.procore.costCodes)).toEqual(['700001', '700002', '700101']);
    expect(data.procore.projects['5500101']).toEqual({ name: 'Pier 9 Medical Office Building', project_number: '24-017', origin_id: '24-017' });
    expect(data.hh2.client.version).toBe('1.31.470.1000');
    expect(data.sage.ap.invoiceSettings).toEqual({ dateReceivedUsage: 'Not Used' }); // the blank value stays unrecorded

    const invoices = JSON.parse(readFileSync(join(dir, 'invoices.json'), 'utf8'));
    expect(invoices.map((i: any) => [i.project_id, i.id])).toEqual([
      [5500101, 300],
      [5500101, 301],
      [5500102, 310],
    ]);
    expect(invoices[0].items[0].work_completed_this_period).toBe('10000.00');
    expect(f.requests.filter((q) => q.path === '/rest/v1.1/requisitions').every((q) => q.query.view === 'extended')).toBe(true);
    // Templates are not paginated by Procore: one request with the documented filter and view.
    expect(f.requests.filter((q) => q.path.endsWith('/permission_templates')).map((q) => q.query)).toEqual([{ 'filters[type]': 'company_tools', view: 'with_permissions' }]);
    // Every REST call named the company.
    expect(f.requests.filter((q) => q.path.startsWith('/rest/')).every((q) => q.companyHeader === COMPANY_ID)).toBe(true);
  });

  test('two captures of the same server state are byte-identical except meta.captured_at, which is the capture time', async () => {
    const f = await serve();
    const dir = workdir();
    // captured_at is in whole seconds: the second the capture ran in lies between these two, whatever the load.
    const second = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const capture = async (name: string) => {
      const before = second();
      const r = await cli(['snapshot', '--live', '--survey', join(dir, 'survey.yaml'), '--output', join(dir, `${name}.yaml`), '--invoices-output', join(dir, `${name}.json`), ...at(f)]);
      const after = second();
      expect(r.status).toBe(0);
      const text = readFileSync(join(dir, `${name}.yaml`), 'utf8');
      const capturedAt = /^ {2}captured_at: "?([^"\s]+)"?$/m.exec(text)?.[1];
      expect(capturedAt! >= before && capturedAt! <= after, `captured_at ${capturedAt} not in [${before}, ${after}]`).toBe(true);
      return [text, readFileSync(join(dir, `${name}.json`), 'utf8')];
    };
    const [a, ai] = await capture('a');
    const [b, bi] = await capture('b');
    const mask = (t: string) => t.replace(/^( {2}captured_at: ).*$/m, '$1X');
    expect(mask(a)).not.toBe(a);
    expect(mask(a)).toBe(mask(b));
    expect(ai).toBe(bi);
  });

  test('without a survey, facts only a person can record stay absent and their rules say to record them', async () => {
    const f = await serve();
    const dir = workdir();
    const r = await cli(['snapshot', '--live', '--output', join(dir, 'bare.yaml'), ...at(f)]);
    expect(r.status).toBe(0);
    const data = loadSnapshot(join(dir, 'bare.yaml')).data as any;
    expect(data.meta.sources).toEqual({ procore: 'live' });
    expect(data.meta.customer).toBe('Harbor Point Builders, Inc.');
    expect(data.procore.company.executiveSponsor).toBeUndefined();
    expect(data.procore.erpIntegrations.taxCodesImported).toBeUndefined();
    const check = await cli(['check', '--snapshot', join(dir, 'bare.yaml'), '--format', 'json', '--as-of', '2026-11-20']);
    const findings = Object.fromEntries(JSON.parse(check.stdout).findings.map((x: any) => [x.key, x]));
    expect(findings['executive-sponsor-listed'].outcome).toBe('not-evaluable');
    expect(findings['executive-sponsor-listed'].message).toContain('Account Information → Executive Sponsor');
    expect(findings['sage-tax-codes-not-imported'].outcome).toBe('not-evaluable');
    expect(findings['sage-tax-codes-not-imported'].message).toContain("Procore's API does not report it: record it in the survey (npx preflight survey).");
    // A fact the API does report but this company lacks is not sent to the survey.
    const procoreOnly = Object.values(findings).filter((x: any) => x.outcome === 'not-evaluable' && x.missing.every((m: any) => m.path.startsWith('procore.users')));
    for (const x of procoreOnly as any[]) expect(x.message).not.toContain('record it in the survey');
  });

  test('an optional endpoint that is missing leaves its facts absent, with a note', async () => {
    const f = await serve([{ path: `/rest/v1.0/companies/${COMPANY_ID}/erp_connections`, kind: 'not-found' }]);
    const r = await cli(['snapshot', '--live', ...at(f)]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('erpIntegrations:');
    expect(r.stderr).toContain('note: ERP connection (ERP Integrations status and system): /rest/v1.0/companies/{company_id}/erp_connections is not available (403/404)');
  });

  test('without procore.companyId, the one company the credentials see is used; with two, the user is asked to choose', async () => {
    const one = harborPoint();
    one.companies = one.companies.filter((c: any) => String(c.id) === COMPANY_ID);
    const f = await serve([], one);
    const r = await cli(['snapshot', '--live', ...at(f, null)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`id: "${COMPANY_ID}"`);
    await f.close();

    const g = await serve();
    const two = await cli(['snapshot', '--live', ...at(g, null)]);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain(
      `/rest/v1.0/companies:1:1  error  procore.companyId is not set and these credentials see 2 companies: 1234 (Some Other Company), ${COMPANY_ID} (Harbor Point Builders, Inc.); set procore.companyId`,
    );
    const wrong = await cli(['snapshot', '--live', ...at(g, '999')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('procore.companyId is "999", but these credentials see 1234 (Some Other Company), 4820017 (Harbor Point Builders, Inc.); check the id');
  });
});

describe('check --live', () => {
  test('record once, replay offline: check --live and check --snapshot on the recorded file give identical findings', async () => {
    const f = await serve();
    const dir = workdir();
    const live = await cli(['check', '--live', '--survey', join(dir, 'survey.yaml'), '--format', 'json', '--as-of', '2026-11-20', ...at(f)]);
    const rec = await cli(['snapshot', '--live', '--survey', join(dir, 'survey.yaml'), '--output', join(dir, 'acme.yaml'), ...at(f)]);
    await f.close(); // offline from here on
    const replay = await cli(['check', '--snapshot', join(dir, 'acme.yaml'), '--format', 'json', '--as-of', '2026-11-20']);
    expect(rec.status).toBe(0);
    expect(live.status).toBe(replay.status);
    const a = JSON.parse(live.stdout);
    const b = JSON.parse(replay.stdout);
    expect(a.snapshot.file).toBe(`live:procore-company-${COMPANY_ID}`);
    expect(a.snapshot.sources).toEqual({ procore: 'live', hh2: 'survey', sage: 'survey', survey: 'survey' });
    const named = (r: any) => JSON.parse(JSON.stringify(r.findings).split(JSON.stringify(r.snapshot.file)).join('"SNAPSHOT"'));
    expect(named(a)).toEqual(named(b));
    expect(a.summary).toEqual(b.summary);
    expect(a.verdict).toBe(b.verdict);
    // The findings really did read live facts (with their lines in the snapshot text).
    const approver = a.findings.find((x: any) => x.key === 'accounting-approver-erp-permission/Luis Ortega');
    expect(approver).toMatchObject({ outcome: 'pass', evidence: [{ path: 'procore.users.73002.erpPermission', value: 'standard', location: { file: a.snapshot.file } }] });
  });

  test('a config with snapshot: { live: true, survey } works for check and for snapshot', async () => {
    const f = await serve();
    const dir = workdir();
    writeFileSync(
      join(dir, 'customer.yaml'),
      `customer: Harbor Point (config)\nsnapshot: { live: true, survey: survey.yaml }\nsettings:\n  procore.apiBaseUrl: ${f.url}\n  procore.loginBaseUrl: ${f.url}\n  procore.companyId: "${COMPANY_ID}"\n`,
    );
    const r = await cli(['check', '--config', join(dir, 'customer.yaml'), '--format', 'json', '--as-of', '2026-11-20']);
    expect(r.stderr).not.toContain('error');
    const report = JSON.parse(r.stdout);
    expect(report.customer).toBe('Harbor Point (config)');
    expect(report.snapshot.sources.hh2).toBe('survey');
    expect(report.findings.find((x: any) => x.key === 'hh2-client-version').outcome).toBe('pass');

    const s = await cli(['snapshot', '--config', join(dir, 'customer.yaml'), '--output', join(dir, 'out.yaml')]);
    expect(s.status).toBe(0);
    expect((loadSnapshot(join(dir, 'out.yaml')).data as any).meta.customer).toBe('Harbor Point (config)');
  });

  test('progress goes to stderr: plain lines off a terminal, one updating line on it; stdout is only the report', async () => {
    const f = await serve();
    const plain = await cli(['check', '--live', '--format', 'json', '--as-of', '2026-11-20', ...at(f)]);
    expect(() => JSON.parse(plain.stdout)).not.toThrow();
    expect(plain.stderr).toContain('preflight: collecting vendors\n');
    expect(plain.stderr).toContain('preflight: collecting project 5500101 (1 of 2): commitments, sub jobs, cost codes\n');
    expect(plain.stderr).not.toContain('\r');

    const tty = await cli(['check', '--live', '--format', 'json', '--as-of', '2026-11-20', ...at(f)], CREDS, true);
    expect(() => JSON.parse(tty.stdout)).not.toThrow();
    expect(tty.stderr).toContain('\r\u001b[2KCollecting from Procore: company users, page 2 of 3');
    expect(tty.stderr).not.toContain('preflight: collecting');
  });
});

describe('failures: exit 2, a located message naming the endpoint, no stack, no half-written file', () => {
  test('no credentials in the environment', async () => {
    const f = await serve();
    const r = await cli(['check', '--live', ...at(f)], { NO_COLOR: '1' });
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: 'preflight: PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET are not set: live Procore data needs the app\'s client credentials in the environment\nRun "preflight help check" for usage.\n',
    });
    expect(f.requests).toHaveLength(0);
  });

  test('Procore unreachable', async () => {
    const f = await serve();
    const url = f.url;
    await f.close();
    const r = await cli(['snapshot', '--live', ...at(f), '--set', 'procore.maxRetries=0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${url}/oauth/token:1:1  error  POST ${url}/oauth/token failed: connection failed (ECONNREFUSED), on the first attempt. Check procore.apiBaseUrl / procore.loginBaseUrl and the network, then run again  procore-unreachable\n`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('malformed JSON mid-run: the endpoint is named and --output is not written', async () => {
    const f = await serve([{ path: '/rest/v1.0/sub_jobs', kind: 'malformed' }]);
    const dir = workdir();
    const r = await cli(['snapshot', '--live', '--output', join(dir, 'acme.yaml'), ...at(f)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/rest\/v1\.0\/sub_jobs\?project_id=5500101&page=1&per_page=100:1:1 {2}error {2}GET .* answered 200 with malformed JSON .* {2}procore-bad-json\n/);
    expect(existsSync(join(dir, 'acme.yaml'))).toBe(false);
  });

  test('--live with --snapshot, and --survey without --live, are usage mistakes', async () => {
    expect((await cli(['check', '--live', '--snapshot', 'x.yaml'])).stderr).toContain('--live collects the snapshot from Procore; it does not go with --snapshot or --all');
    expect((await cli(['check', '--snapshot', 'fixtures/snapshots/ready-cedar-ridge.yaml', '--survey', 's.yaml'])).stderr).toContain('--survey goes with --live');
    expect((await cli(['snapshot'])).stderr).toContain('snapshot captures live Procore data: add --live');
  });

  test('settings are checked before anything is sent: https only (http just for localhost), numbers in range', async () => {
    const f = await serve();
    const bad = async (...set: string[]) => (await cli(['snapshot', '--live', ...at(f), ...set.flatMap((x) => ['--set', x])])).stderr.split('\n')[0];
    expect(await bad('procore.loginBaseUrl=http://login.procore.com')).toBe(
      'preflight: procore.loginBaseUrl must use https (plain http is allowed only for localhost), not "http://login.procore.com"',
    );
    // --set values meet the setting's schema first (as config files do), so this one stops there.
    expect(await bad('procore.apiBaseUrl=ftp://api.procore.com')).toBe('preflight: --set procore.apiBaseUrl=ftp://api.procore.com: the value must match pattern "^https?://[^\\s/]+"');
    expect(await bad('procore.timeoutMs=0')).toBe('preflight: --set procore.timeoutMs=0: the value must be >= 1');
    expect(await bad('procore.companyId=acme')).toBe('preflight: --set procore.companyId=acme: the value must match pattern "^[0-9]+$"');
    expect(f.requests).toHaveLength(0);
  });
});

describe('credentials never leave', () => {
  test('the secret, the client id and every access token appear in no stream, output file or debug log', async () => {
    // The server echoes the secret in a 503 body (retried), and the run also meets a 429 and a 401.
    const f = await serve([
      { path: '/rest/v1.0/vendors', kind: 'busy' },
      { path: '/rest/v1.0/projects', kind: 'rate-limit' },
      { path: '/rest/v1.0/line_item_types', kind: 'revoke-token' },
    ]);
    const dir = workdir();
    const ok = await cli(
      ['snapshot', '--live', '--survey', join(dir, 'survey.yaml'), '--output', join(dir, 'acme.yaml'), '--invoices-output', join(dir, 'invoices.json'), '--debug', '--debug-log', join(dir, 'debug.log'), ...at(f)],
      { ...CREDS, PREFLIGHT_DEBUG: '1' },
    );
    expect(ok.status).toBe(0);
    expect(f.tokensIssued).toBe(2);
    const check = await cli(['check', '--live', '--survey', join(dir, 'survey.yaml'), '--format', 'json', '--output', join(dir, 'report.json'), '--debug', ...at(f)]);
    expect([0, 1]).toContain(check.status);

    // Then a failure whose body echoes the secret raw and URL-encoded.
    const g = await serve([{ path: '/rest/v1.0/vendors', kind: 'error-500' }]);
    const failed = await cli(['check', '--live', '--debug-log', join(dir, 'debug-fail.log'), ...at(g)]);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('answered 500: {"errors":"internal error while handling client_secret=[redacted] [redacted]"}');

    const debugLog = readFileSync(join(dir, 'debug.log'), 'utf8');
    expect(debugLog).toContain(`GET ${f.url}/rest/v1.0/vendors?company_id=${COMPANY_ID}&page=1&per_page=100 → 503`);
    expect(debugLog).toContain('rate limit reached (429)');
    expect(ok.stderr).toContain('debug: POST');

    const tokens = [...new Set([...f.requests, ...g.requests].map((q) => /^Bearer (.+)$/.exec(q.authorization ?? '')?.[1]).filter((t): t is string => !!t))];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const secrets = [CLIENT_SECRET, JSON.stringify(CLIENT_SECRET).slice(1, -1), encodeURIComponent(CLIENT_SECRET), CLIENT_ID, ...tokens];
    const texts = {
      'snapshot stdout': ok.stdout,
      'snapshot stderr': ok.stderr,
      'check stdout': check.stdout,
      'check stderr': check.stderr,
      'failed stdout': failed.stdout,
      'failed stderr': failed.stderr,
      'acme.yaml': readFileSync(join(dir, 'acme.yaml'), 'utf8'),
      'invoices.json': readFileSync(join(dir, 'invoices.json'), 'utf8'),
      'report.json': readFileSync(join(dir, 'report.json'), 'utf8'),
      'debug.log': debugLog,
      'debug-fail.log': readFileSync(join(dir, 'debug-fail.log'), 'utf8'),
    };
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of secrets) expect(text.includes(secret), `${name} contains a credential`).toBe(false);
    }
  });
});
