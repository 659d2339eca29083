// Generates snapshot data in memory: seeded (mulberry32) variations of the facts in fixtures/snapshots/*.yaml.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REPO_ROOT } from './spawn.js';

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIXTURE_DIR = `${REPO_ROOT}fixtures/snapshots/`;

/** The fixtures' data, parsed once (YAML 1.2 core schema, as preflight reads them), sorted by file name. */
export function loadFixtures() {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), data: parse(readFileSync(FIXTURE_DIR + f, 'utf8')) }));
}

const pick = (rng, list) => list[Math.floor(rng() * list.length)];
const ensure = (obj, ...keys) => keys.reduce((o, k) => (o[k] !== null && typeof o[k] === 'object' ? o[k] : (o[k] = {})), obj);
const entries = (obj) => (obj && typeof obj === 'object' ? Object.keys(obj) : []);

const BOOLEAN_FACTS = [
  ['procore', 'erpIntegrations', 'enabled'],
  ['procore', 'erpIntegrations', 'taxCodesImported'],
  ['survey', 'setupUser', 'hasHh2Credentials'],
  ['survey', 'featureRequest', 'approverEmailsSent'],
  ['hh2', 'platform', 'outboundPortsOnly80And443'],
  ['hh2', 'platform', 'dedicatedSageUser'],
  ['hh2', 'platform', 'antivirusExclusions'],
  ['hh2', 'service', 'runsAsLocalSystem'],
  ['hh2', 'service', 'restartRoutineKnown'],
];
/** Facts a mutation may delete, so that "not recorded" (not-evaluable) outcomes occur too. */
const DELETABLE = [
  ...BOOLEAN_FACTS,
  ['procore', 'company', 'country'],
  ['procore', 'company', 'executiveSponsor'],
  ['procore', 'erpIntegrations', 'erpSystem'],
  ['hh2', 'client', 'version'],
  ['hh2', 'platform', 'dotNetFramework'],
  ['hh2', 'platform', 'windowsServer'],
  ['hh2', 'client', 'lastUpdated'],
  ['hh2', 'service', 'startupType'],
  ['sage', 'version'],
  ['sage', 'ap', 'invoiceSettings', 'dateReceivedUsage'],
  ['sage', 'ap', 'invoiceSettings', 'paymentDateUsage'],
  ['survey', 'setupUser', 'procoreUserId'],
  ['survey', 'featureRequest', 'requestedBy'],
  ['procore', 'users'],
  ['hh2', 'advancedMappings'],
];
const MAPPINGS = ['Distribution (AP)', 'Distribution Payment (AP)', 'Invoice (AP)', 'Payment (AP)', 'Invoice Payment (AP)', 'Invoice Settings (AP)'];

const setAt = (data, path, value) => {
  ensure(data, ...path.slice(0, -1))[path[path.length - 1]] = value;
};

/** Each mutation changes one fact (or one item of a list) to a value drawn from a spread of good and bad values. */
const MUTATIONS = [
  (d, r) => setAt(d, pick(r, BOOLEAN_FACTS), r() < 0.6),
  (d, r) => setAt(d, ['hh2', 'client', 'version'], pick(r, ['1.31.467.0', '1.31.466.2210', '1.31.467.5120', '1.32.0.1', '1.30.999.9', '2.0', 'latest', '1.31.xxxx'])),
  (d, r) => setAt(d, ['hh2', 'platform', 'dotNetFramework'], pick(r, ['4.7.2', '4.8', '4.8.1', '3.5', '4.x'])),
  (d, r) => setAt(d, ['hh2', 'platform', 'windowsServer'], pick(r, ['2012 R2', '2016', '2019', '2022', 'unknown'])),
  (d, r) => setAt(d, ['hh2', 'client', 'lastUpdated'], pick(r, ['2026-10-20', '2026-09-01', '2026-06-30', '2027-01-15', '2025-11-02'])),
  (d, r) => setAt(d, ['hh2', 'service', 'startupType'], pick(r, ['Automatic', 'Automatic (Delayed Start)', 'Manual', 'Disabled'])),
  (d, r) => setAt(d, ['sage', 'version'], pick(r, ['24.1', '20.4.2', '17.1', '20.10', '16.1', '25.1', '24.x', 'latest'])),
  (d, r) => setAt(d, ['procore', 'company', 'country'], pick(r, ['US', 'US', 'CA', 'GB'])),
  (d, r) => setAt(d, ['procore', 'erpIntegrations', 'erpSystem'], pick(r, ['Sage 300 CRE', ' sage 300 cre ', 'SAGE 300 CRE', 'Viewpoint Vista', 'QuickBooks Online'])),
  (d, r) => setAt(d, ['sage', 'ap', 'invoiceSettings', pick(r, ['dateReceivedUsage', 'paymentDateUsage'])], pick(r, ['Not Used', 'Not Required', 'Required'])),
  (d, r) => setAt(d, ['procore', 'company', 'executiveSponsor'], r() < 0.5 ? null : { name: 'Generated Sponsor', email: 'sponsor@generated.example.com' }),
  (d, r) => setAt(d, ['hh2', 'advancedMappings', pick(r, MAPPINGS)], r() < 0.6),
  (d, r) => mutateUserRef(d, r),
  (d, r) => mutateUser(d, r),
  (d, r) => mutateUser(d, r),
  (d, r) => addUsers(d, r),
  (d, r) => mutateReference(d, r),
  (d, r) => addReferences(d, r),
  (d, r) => deleteFact(d, r),
];

function mutateUserRef(d, r) {
  // Points the setup user or the requester at an existing user, or at an id no user has.
  const ids = entries(d.procore?.users);
  const id = ids.length > 0 && r() < 0.8 ? pick(r, ids) : '99999';
  if (r() < 0.5) setAt(d, ['survey', 'setupUser', 'procoreUserId'], id);
  else setAt(d, ['survey', 'featureRequest', 'requestedBy'], id);
}

function mutateUser(d, r) {
  const ids = entries(d.procore?.users);
  if (ids.length === 0) return addUsers(d, r);
  const user = d.procore.users[pick(r, ids)];
  switch (Math.floor(r() * 5)) {
    case 0: user.erp_integrated_accountant = r() < 0.5; break;
    case 1: user.erpPermission = pick(r, ['none', 'read_only', 'standard', 'admin']); break;
    case 2: user.email = pick(r, ['not-an-email', 'someone@localhost', 'a b@example.com', 'ok.user@example.com', 'x@y.example.org']); break;
    case 3: user.isAdmin = r() < 0.5; break;
    default: delete user[pick(r, ['email', 'erpPermission', 'erp_integrated_accountant', 'isAdmin'])];
  }
}

let serial = 0;
function addUsers(d, r) {
  const users = ensure(d, 'procore', 'users');
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const id = String(80000 + (serial++ % 10000));
    users[id] = {
      name: `Generated User ${id}`,
      email: r() < 0.9 ? `user${id}@generated.example.com` : 'bad address',
      isAdmin: r() < 0.2,
      erpPermission: pick(r, ['none', 'read_only', 'standard', 'standard', 'admin']),
      erp_integrated_accountant: r() < 0.3,
    };
  }
}

const REFERENCE_LISTS = ['vendors', 'commitments', 'costCodes', 'costTypes'];

function mutateReference(d, r) {
  const list = pick(r, REFERENCE_LISTS);
  const ids = entries(d.procore?.[list]);
  if (ids.length === 0) return addReferences(d, r, list);
  const item = d.procore[list][pick(r, ids)];
  if (list === 'commitments') {
    if (r() < 0.7) item.synced_to_erp = r() < 0.5;
    else item.number = r() < 0.5 ? '' : 'SC-99';
  } else if (list === 'vendors' && r() < 0.3) item.name = pick(r, ['Short Name LLC', 'Exactly Thirty Characters Co.!', 'A Vendor Name Far Longer Than Sage Allows Inc.']);
  else item.origin_code = r() < 0.5 ? null : 'SAGE-1';
}

function addReferences(d, r, list = pick(r, REFERENCE_LISTS)) {
  const items = ensure(d, 'procore', list);
  const n = 1 + Math.floor(r() * 20);
  for (let i = 0; i < n; i++) {
    const id = String(600000 + (serial++ % 100000));
    const synced = r() < 0.9;
    if (list === 'vendors') items[id] = { name: `Vendor ${id}`, origin_id: synced ? `V-${id}` : null, origin_code: synced ? `V${id}` : null, synced_to_erp: synced };
    else if (list === 'commitments') items[id] = { number: `SC-${id}`, title: `Scope ${id}`, vendor_id: '910201', project_id: '5500101', origin_id: synced ? `SC-${id}` : null, synced_to_erp: synced, accounting_method: 'amount' };
    else if (list === 'costCodes') items[id] = { full_code: `${id.slice(0, 2)}-${id.slice(2)}`, name: `Code ${id}`, origin_id: synced ? id : null, origin_code: synced ? id : null };
    else items[id] = { code: `T${id}`, name: `Type ${id}`, origin_id: synced ? `T${id}` : null, origin_code: synced ? `T${id}` : null };
  }
}

function deleteFact(d, r) {
  const path = pick(r, DELETABLE);
  let node = d;
  for (const k of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !(k in node)) return;
    node = node[k];
  }
  if (node && typeof node === 'object') delete node[path[path.length - 1]];
}

/**
 * `count` snapshot data objects, deterministic for a seed: a fixture chosen at random, then 0–3 mutations.
 * Yields { name, data } lazily so callers can work in chunks.
 */
export function* generateSnapshots(count, seed = 20261126) {
  const fixtures = loadFixtures();
  const rng = prng(seed);
  serial = 0;
  for (let i = 0; i < count; i++) {
    const base = pick(rng, fixtures);
    const data = structuredClone(base.data);
    const mutations = Math.floor(rng() * 4);
    for (let m = 0; m < mutations; m++) pick(rng, MUTATIONS)(data, rng);
    data.meta.customer = `${data.meta.customer} #${i}`;
    yield { name: `generated/${base.name}-${i}.yaml`, data };
  }
}
