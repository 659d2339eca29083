// The pack's 31 snapshot rules written for json-rules-engine, as a JRE user would: conditions, shared conditions, derived facts, custom operators.
//
// Conventions (see BENCHMARKS.md): one JRE rule per preflight rule, named by its id, event.params.severity as in the
// pack. One static fact `snapshot` (the snapshot data) read through `path`; derived facts (engine.addFact) only where
// a JRE condition cannot reach the data: a lookup by a computed key or a projection of a list, which the conditions
// then test with JRE's everyFact/someFact decorators. `requires` becomes a shared condition (engine.setCondition)
// that the dependent rule must also meet. Settings are the pack defaults, written into the rules when they are built.
// A missing fact must never pass: where a JRE operator would pass on `undefined` (notIn, notEqual), the rule also
// demands `recorded`.

/** json-logic's truthiness (an empty list is false), as preflight's `!!` and `if` use it. */
const truthy = (v) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

/** Dotted versions compared part by part as numbers; `xxxx` matches any build. Anything else is invalid (false). */
function parseVersion(v) {
  if (typeof v !== 'string' || !/^\d+(\.(\d+|x+|\*)){1,3}$/i.test(v.trim())) return undefined;
  const parts = v.trim().split('.').map((p) => (/^(x+|\*)$/i.test(p) ? '*' : BigInt(p)));
  const w = parts.indexOf('*');
  if (w >= 0 && parts.slice(w).some((p) => p !== '*')) return undefined;
  while (parts.length < 4) parts.push(0n);
  return parts;
}
function versionGte(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  // A recorded version with a wildcard (1.31.xxxx) stands for many: preflight finds it not evaluable, never a pass.
  if (!x || !y || x.includes('*')) return false;
  for (let i = 0; i < 4; i++) {
    if (y[i] === '*') return true;
    if (x[i] !== y[i]) return x[i] > y[i];
  }
  return true;
}
/** True when `a` (exact: no wildcard) is one of the listed versions or an update of one (24.1 covers 24.1.2). */
function versionAmong(a, list) {
  const x = parseVersion(a);
  if (!x || x.includes('*') || !Array.isArray(list)) return false;
  return list.some((entry) => {
    const y = parseVersion(`${entry}.xxxx`);
    if (!y) return false;
    for (let i = 0; i < 4; i++) {
      if (y[i] === '*') return true;
      if (x[i] !== y[i]) return false;
    }
    return true;
  });
}
/** Days from 1970-01-01 of a YYYY-MM-DD text (or a timestamp's date part); undefined for anything else. */
function dayNumber(v) {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t / 86_400_000 : undefined;
}
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;
const isEmail = (v) => typeof v === 'string' && v.length <= 254 && EMAIL.test(v);
const own = (o, k) => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);
const valuesOf = (o) => (o !== null && typeof o === 'object' ? Object.values(o) : []);

/** A dotted-path resolver for JRE's `pathResolver` option ("$.a.b.c"): the fast alternative to its JSONPath default. */
export function plainPathResolver(value, path) {
  let node = value;
  for (const key of path.slice(2).split('.')) {
    if (!own(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

const S = (path) => ({ fact: 'snapshot', path: `$.${path}` });

/** Builds a configured engine. `settings`: the pack's settings by dotted name (defaults). */
export function buildEngine(Engine, settings, { pathResolver } = {}) {
  const engine = new Engine([], { allowUndefinedFacts: true, ...(pathResolver ? { pathResolver } : {}) });
  const set = (name) => settings.get(name);

  engine.addOperator('recorded', (a) => a !== undefined);
  engine.addOperator('truthy', (a, b) => truthy(a) === b);
  engine.addOperator('isEmail', (a, b) => isEmail(a) === b);
  engine.addOperator('versionGte', (a, b) => versionGte(a, b));
  engine.addOperator('versionAmong', (a, b) => versionAmong(a, b));
  engine.addOperator('equalIgnoringCaseAndSpace', (a, b) => typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase());

  // Derived facts: the snapshot is the only input; each is computed once per run and cached by the almanac.
  const users = async (almanac) => valuesOf((await almanac.factValue('snapshot', {}, '$.procore.users')) ?? {});
  const approvers = async (almanac) => (await users(almanac)).filter((u) => u.erp_integrated_accountant === true);
  const lookupUser = (idPath) => async (_params, almanac) => {
    const snapshot = await almanac.factValue('snapshot');
    const id = idPath.reduce((o, k) => (own(o, k) ? o[k] : undefined), snapshot);
    const all = snapshot?.procore?.users;
    return own(all, String(id)) ? all[String(id)] : {};
  };
  engine.addFact('accountantFlags', async (_p, almanac) => (await users(almanac)).map((u) => u.erp_integrated_accountant));
  engine.addFact('approverEmails', async (_p, almanac) => (await approvers(almanac)).map((u) => u.email));
  engine.addFact('approverPermissions', async (_p, almanac) => (await approvers(almanac)).map((u) => u.erpPermission));
  engine.addFact('requester', lookupUser(['survey', 'featureRequest', 'requestedBy']));
  engine.addFact('setupUser', lookupUser(['survey', 'setupUser', 'procoreUserId']));
  engine.addFact('requiredMappingStates', async (_p, almanac) => {
    const mappings = await almanac.factValue('snapshot', {}, '$.hh2.advancedMappings');
    return set('hh2.requiredAdvancedMappings').map((name) => (own(mappings, name) ? mappings[name] : undefined));
  });
  const listOf = (list, project) => async (_p, almanac) => valuesOf(await almanac.factValue('snapshot', {}, `$.procore.${list}`)).map(project);
  engine.addFact('commitmentsResolved', listOf('commitments', (c) => c.synced_to_erp === true && truthy(c.number)));
  engine.addFact('costCodeSageCodes', listOf('costCodes', (c) => c.origin_code));
  engine.addFact('costTypeSageCodes', listOf('costTypes', (c) => c.origin_code));
  // The as-of day: preflight's rule cases and this bench judge a snapshot as of its capture day.
  engine.addFact('clientUpdateAge', async (_p, almanac) => {
    const snapshot = await almanac.factValue('snapshot');
    const updated = dayNumber(snapshot?.hh2?.client?.lastUpdated);
    const asOf = dayNumber(snapshot?.meta?.captured_at);
    return updated === undefined || asOf === undefined ? undefined : asOf - updated;
  });
  // Each vendor the commitments use, once: its name's length in characters (undefined when not recorded).
  engine.addFact('usedVendorNameLengths', async (_p, almanac) => {
    const procore = (await almanac.factValue('snapshot'))?.procore;
    const ids = [];
    for (const c of valuesOf(procore?.commitments)) {
      if (!own(c, 'vendor_id')) return [undefined];
      if (!ids.includes(c.vendor_id)) ids.push(c.vendor_id);
    }
    return ids.map((id) => {
      const vendor = own(procore?.vendors, String(id)) ? procore.vendors[String(id)] : undefined;
      return own(vendor, 'name') && typeof vendor.name === 'string' ? [...vendor.name].length : undefined;
    });
  });
  const vendorField = set('export.vendorIdSource');
  engine.addFact('vendorSageIds', listOf('vendors', (v) => (own(v, vendorField) ? v[vendorField] : null)));

  // `requires` targets, shared by the rules that depend on them.
  engine.setCondition('erp-integrations-enabled', { all: [{ ...S('procore.erpIntegrations.enabled'), operator: 'equal', value: true }] });
  engine.setCondition('accounting-approver-designated', { all: [{ fact: 'accountantFlags', operator: 'someFact:equal', value: true }] });

  const rule = (id, severity, conditions) => engine.addRule({ name: id, conditions, event: { type: id, params: { severity } } });
  const allOf = (...c) => ({ all: c });

  rule('accounting-approver-designated', 'error', allOf({ condition: 'accounting-approver-designated' }));
  // Picking the approvers reads every user's flag: the list (and each flag) must be recorded.
  const usersRecorded = { all: [{ ...S('procore.users'), operator: 'recorded', value: true }, { fact: 'accountantFlags', operator: 'everyFact:recorded', value: true }] };
  rule('accounting-approver-email', 'error', allOf(usersRecorded, { fact: 'approverEmails', operator: 'everyFact:isEmail', value: true }));
  rule('accounting-approver-erp-permission', 'error', allOf({ condition: 'erp-integrations-enabled' }, usersRecorded, { fact: 'approverPermissions', operator: 'everyFact:in', value: set('procore.approverErpPermissions') }));
  rule('approver-emails-sent-to-procore', 'error', allOf({ condition: 'accounting-approver-designated' }, { ...S('survey.featureRequest.approverEmailsSent'), operator: 'equal', value: true }));
  rule('company-country-supported', 'warning', allOf({ ...S('procore.company.country'), operator: 'recorded', value: true }, { ...S('procore.company.country'), operator: 'notIn', value: set('procore.unsupportedCountries') }));
  rule('erp-integrations-enabled', 'error', allOf({ condition: 'erp-integrations-enabled' }));
  rule('erp-integrations-sage-300-cre', 'error', allOf({ condition: 'erp-integrations-enabled' }, { ...S('procore.erpIntegrations.erpSystem'), operator: 'equalIgnoringCaseAndSpace', value: set('procore.erpSystem') }));
  rule('executive-sponsor-listed', 'warning', allOf({ ...S('procore.company.executiveSponsor'), operator: 'recorded', value: true }, { ...S('procore.company.executiveSponsor'), operator: 'notEqual', value: null }));
  rule('feature-requested-by-administrator', 'error', allOf({ ...S('survey.featureRequest.requestedBy'), operator: 'truthy', value: true }, { fact: 'requester', path: '$.isAdmin', operator: 'equal', value: true }));
  rule('hh2-advanced-mappings', 'error', allOf({ fact: 'requiredMappingStates', operator: 'everyFact:equal', value: true }));
  rule('hh2-client-version', 'error', allOf({ ...S('hh2.client.version'), operator: 'versionGte', value: set('hh2.minimumClientVersion') }));
  rule('hh2-platform-dotnet-framework', 'warning', allOf({ ...S('hh2.platform.dotNetFramework'), operator: 'versionGte', value: set('hh2.minimumDotNetFramework') }));
  rule('hh2-platform-network', 'info', allOf({ ...S('hh2.platform.outboundPortsOnly80And443'), operator: 'equal', value: true }));
  rule('hh2-platform-sage-service-account', 'warning', allOf({ ...S('hh2.platform.dedicatedSageUser'), operator: 'equal', value: true }));
  rule('hh2-practice-antivirus-exclusions', 'info', allOf({ ...S('hh2.platform.antivirusExclusions'), operator: 'equal', value: true }));
  rule('hh2-practice-client-updated', 'info', allOf({ fact: 'clientUpdateAge', operator: 'greaterThanInclusive', value: 0 }, { fact: 'clientUpdateAge', operator: 'lessThanInclusive', value: set('hh2.clientUpdateMaxAgeDays') }));
  rule('hh2-practice-service-local-system', 'info', allOf({ ...S('hh2.service.runsAsLocalSystem'), operator: 'equal', value: true }));
  rule('hh2-practice-service-restarts', 'info', allOf({ ...S('hh2.service.restartRoutineKnown'), operator: 'equal', value: true }));
  rule('hh2-practice-service-startup', 'info', allOf({ ...S('hh2.service.startupType'), operator: 'in', value: ['Automatic', 'Automatic (Delayed Start)'] }));
  rule('hh2-platform-windows-server', 'warning', allOf({ ...S('hh2.platform.windowsServer'), operator: 'greaterThanInclusive', value: set('hh2.minimumWindowsServer') }));
  // Mapping rules do not apply when the list is absent or empty (preflight: not-applicable), so an empty projection passes.
  rule('mapping-commitments-synced', 'warning', allOf({ fact: 'commitmentsResolved', operator: 'everyFact:equal', value: true }));
  rule('mapping-cost-codes', 'warning', allOf({ fact: 'costCodeSageCodes', operator: 'everyFact:truthy', value: true }));
  rule('mapping-cost-types', 'warning', allOf({ fact: 'costTypeSageCodes', operator: 'everyFact:truthy', value: true }));
  rule('mapping-vendor-name-length', 'warning', allOf({ fact: 'usedVendorNameLengths', operator: 'everyFact:lessThanInclusive', value: set('sage.vendorNameLength') }));
  rule('mapping-vendor-ids', 'warning', allOf({ fact: 'vendorSageIds', operator: 'everyFact:truthy', value: true }));
  rule('sage-date-received-usage', 'error', allOf({ ...S('sage.ap.invoiceSettings.dateReceivedUsage'), operator: 'in', value: set('sage.acceptedDateUsage') }));
  rule('sage-payment-date-usage', 'error', allOf({ ...S('sage.ap.invoiceSettings.paymentDateUsage'), operator: 'in', value: set('sage.acceptedDateUsage') }));
  rule('sage-version-supported', 'warning', allOf({ ...S('sage.version'), operator: 'versionAmong', value: set('sage.supportedVersions') }));
  rule('sage-tax-codes-not-imported', 'error', allOf({ ...S('procore.erpIntegrations.taxCodesImported'), operator: 'equal', value: false }));
  rule('setup-user-erp-admin', 'error', allOf({ condition: 'erp-integrations-enabled' }, { ...S('survey.setupUser.procoreUserId'), operator: 'truthy', value: true }, { fact: 'setupUser', path: '$.erpPermission', operator: 'equal', value: 'admin' }));
  rule('setup-user-hh2-credentials', 'error', allOf({ ...S('survey.setupUser.hasHh2Credentials'), operator: 'equal', value: true }));
  return engine;
}

/** One run → { verdicts: Map(ruleId → 'pass'|'fail'), ready }. Ready: no error-severity rule failed. */
export async function evaluateJre(engine, data) {
  const { results, failureResults } = await engine.run({ snapshot: data });
  const verdicts = new Map();
  let ready = true;
  for (const r of results) verdicts.set(r.name, 'pass');
  for (const r of failureResults) {
    verdicts.set(r.name, 'fail');
    if (r.event.params.severity === 'error') ready = false;
  }
  return { verdicts, ready };
}
