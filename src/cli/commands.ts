// Each command's flag table and help: its parser reads the flags from here, so help cannot drift from them.
// Light on purpose: main prints help from these tables without loading a command's module.
import type { CommandSpec } from './usage.ts';

const REPORT_FORMATS = 'stylish | json | html | sarif | junit | github';
const FAIL_ON = 'error | warning | info | hint | never';
const PACK = { type: 'string', value: 'DIR', default: 'the bundled pack, rules/', help: 'the rule pack folder' } as const;
const SET = { type: 'string', multiple: true, value: 'NAME=VALUE', help: 'a setting from the command line, the last layer over the config (e.g. sage.vendorIdLength=8)' } as const;
const AS_OF = { type: 'string', value: 'YYYY-MM-DD', default: 'today, in UTC', help: 'the day waivers are judged against' } as const;
const MAX_FILE_SIZE = { type: 'string', value: 'SIZE', default: '10MiB', help: 'the largest YAML or JSON file read, e.g. 50MB' } as const;
const DEBUG = { type: 'boolean', help: 'with live data: log each request to Procore on stderr (also PREFLIGHT_DEBUG=1)' } as const;
const DEBUG_LOG = { type: 'string', value: 'FILE', help: 'with live data: write the same request log, redacted, to FILE' } as const;
const ALLOW_OTHER = { type: 'boolean', help: 'compare reports of different customers or packs (else exit 2); every output then says so' } as const;
const CREDENTIALS = 'Live data: the client credentials come only from PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET; the company, URLs, page size, timeout and retries from the procore.* settings.';
const CANNOT = 'the tool could not do its job: wrong arguments, an unreadable path, a bad pack, config or snapshot (a located message)';

export const CHECK = {
  summary: 'evaluate the rules for one customer, or for every customer in a folder',
  usage: ['--config FILE [options]', '--snapshot FILE [options]', '--live [--survey FILE] [options]', '--all DIR [--out-dir DIR] [--jobs N] [options]'],
  options: {
    config: { type: 'string', value: 'FILE', help: "the customer's config: snapshot, settings, rule levels, waivers" },
    snapshot: { type: 'string', value: 'FILE', help: "the customer's snapshot (YAML or JSON); without --config, checked with the pack's defaults" },
    all: { type: 'string', value: 'DIR', help: 'check every customer config under DIR, one report folder each' },
    'out-dir': { type: 'string', value: 'DIR', default: 'reports', help: 'with --all: where the reports go, a folder per config (DIR/east/acme.yaml → reports/east/acme/)' },
    jobs: { type: 'string', value: 'N', default: 'the cores', help: 'with --all: customers checked at once, never more than the cores or the customers' },
    live: { type: 'boolean', help: "read the Procore facts from Procore's API now (see preflight help snapshot)" },
    survey: { type: 'string', value: 'FILE', help: 'with --live: the hh2, Sage and on-site facts, from a filled site survey' },
    pack: PACK,
    format: { type: 'string', multiple: true, value: 'F', default: 'stylish; json with --all', help: `${REPORT_FORMATS}; each --output takes the --format in its place` },
    output: { type: 'string', multiple: true, value: 'FILE', default: 'standard output', help: 'write the report of the matching --format to FILE' },
    'fail-on': { type: 'string', value: 'LEVEL', default: 'error', help: `exit 1 when a finding at or above LEVEL fails, is blocked or not evaluable: ${FAIL_ON}` },
    set: SET,
    'as-of': AS_OF,
    'print-config': { type: 'boolean', help: 'print every effective setting with the file:line it came from; check nothing' },
    'show-passed': { type: 'boolean', help: 'list passed and not-applicable findings too' },
    explain: { type: 'boolean', help: 'show, under each finding, every sub-expression of its check and its value' },
    baseline: { type: 'string', value: 'OLD.json', help: 'also show what changed since an earlier JSON report (stylish, html, sarif)' },
    'allow-other-customer': { ...ALLOW_OTHER, help: 'with --baseline: compare with a report of another customer or pack (else exit 2)' },
    'max-file-size': MAX_FILE_SIZE,
    debug: DEBUG,
    'debug-log': DEBUG_LOG,
  },
  examples: [
    { run: 'preflight check --config config/demo-harbor-point.yaml', does: 'one customer, from its config (Harbor Point is not ready: exit 1)', common: true },
    { run: 'preflight check --snapshot fixtures/snapshots/ready-cedar-ridge.yaml --show-passed', does: "a snapshot with the pack's defaults, every finding listed" },
    { run: 'preflight check --config config/demo-harbor-point.yaml --format html --output reports/readiness.html --format json --output reports/readiness.json', does: 'two reports from one evaluation' },
    { run: 'preflight check --all config --out-dir reports --format json --format html', does: 'every customer in config/, reports in reports/<customer>/' },
  ],
  exits: { 0: 'ready: no finding at or above --fail-on failed (with --all: every customer)', 1: 'not ready: such a finding failed, is blocked or not evaluable', 2: CANNOT },
  notes: [CREDENTIALS],
} as const satisfies CommandSpec;

export const EXPORT = {
  summary: 'turn approved Procore invoices into Sage AP payloads and the AP import file',
  usage: ['(--config FILE | --snapshot FILE) --invoices PATH (--out-dir DIR | --dry-run) [options]'],
  options: {
    config: { type: 'string', value: 'FILE', help: "the customer's config: its snapshot holds the reference data the export looks up" },
    snapshot: { type: 'string', value: 'FILE', help: "the customer's snapshot, with the pack's default settings" },
    invoices: { type: 'string', multiple: true, value: 'PATH', help: 'the invoices: JSON (one or an array), NDJSON, or a folder of them' },
    'out-dir': { type: 'string', value: 'DIR', help: 'a new, empty or earlier export\'s folder (never . or an input); each run writes DIR/runs/<UTC time>-<id>/, visible once complete, and DIR/ledger.json; one export at a time per DIR' },
    'dry-run': { type: 'boolean', help: 'print the payloads and the summary; write nothing' },
    trace: { type: 'boolean', help: 'each payload field with its formula and the Procore values it read' },
    'accounting-date': { type: 'string', value: 'YYYY-MM-DD', default: 'the export.accountingDate setting', help: 'the accounting date of invoices that carry none' },
    'allow-reexport': { type: 'boolean', help: 'export invoices the ledger says were exported before' },
    ledger: { type: 'string', value: 'FILE', default: 'DIR/ledger.json', help: 'keep the ledger in FILE, locked as FILE.lock' },
    layout: { type: 'string', value: 'FILE', default: "the pack's layout", help: "the customer's corrected AP import layout" },
    pack: PACK,
    set: SET,
    'as-of': AS_OF,
    'max-file-size': MAX_FILE_SIZE,
    jobs: { type: 'string', value: 'N', default: '1', help: 'work NDJSON invoices out in N worker threads: the same output, more memory; at most the cores and the batches of 128 invoices' },
  },
  examples: [
    { run: 'preflight export --config fixtures/invoices/config.yaml --invoices fixtures/invoices/golden --dry-run', does: 'what would be exported and what rejected, writing nothing', common: true },
    { run: 'preflight export --config fixtures/invoices/config.yaml --invoices fixtures/invoices/golden --out-dir out/export', does: "a run folder under out/export/runs/ with the payloads and Sage's import file; exported invoices go in the ledger" },
    { run: 'preflight export --config fixtures/invoices/config.yaml --invoices fixtures/invoices/golden --dry-run --trace --accounting-date 2026-03-31', does: 'each field with the formula and the Procore values behind it' },
  ],
  exits: { 0: 'every invoice exported', 1: 'some invoices were rejected (rejections.json says why)', 2: `${CANNOT}; nothing is written` },
} as const satisfies CommandSpec;

export const SNAPSHOT = {
  summary: 'record a live snapshot: Procore facts from its API, the rest from the site survey',
  usage: ['--live [--survey FILE] [--output FILE] [options]', '--config FILE [options]   (a config whose snapshot is { live: true })'],
  options: {
    live: { type: 'boolean', help: 'read the Procore facts now (needed unless the --config says live: true)' },
    survey: { type: 'string', value: 'FILE', help: 'the filled site survey, merged in (live values win)' },
    output: { type: 'string', value: 'FILE', default: 'standard output', help: 'write the snapshot to FILE' },
    'invoices-output': { type: 'string', value: 'FILE', help: "also write the subcontractor invoices to FILE, as JSON in Procore's REST shape" },
    config: { type: 'string', value: 'FILE', help: "the customer's config: its procore.* settings and survey" },
    set: SET,
    pack: PACK,
    debug: DEBUG,
    'debug-log': DEBUG_LOG,
    'max-file-size': MAX_FILE_SIZE,
  },
  examples: [
    { run: 'preflight survey --output survey.yaml', does: 'first, the blank site survey, to be filled in on site' },
    { run: 'PROCORE_CLIENT_ID=… PROCORE_CLIENT_SECRET=… preflight snapshot --live --survey survey.yaml --output fixtures/snapshots/acme.yaml', does: 'record once; check --snapshot on the file replays it offline', common: true },
    { run: "PROCORE_CLIENT_ID=… PROCORE_CLIENT_SECRET=… preflight snapshot --live --set 'procore.companyId=\"4264\"' --invoices-output acme-invoices.json", does: 'one company of several the app sees, with its invoices for preflight export' },
  ],
  exits: { 0: 'the snapshot was written', 2: `${CANNOT}, or Procore refused or could not be reached; nothing is written` },
  notes: [CREDENTIALS],
} as const satisfies CommandSpec;

export const VALIDATE = {
  summary: 'check packs, configs, snapshots and surveys: every problem of every file in one run',
  usage: ['PATH|GLOB... [options]'],
  arguments: [{ name: 'PATH|GLOB...', help: "files, folders and globs (quote globs from the shell), e.g. 'config/**/*.yaml' rules/" }],
  options: {
    format: { type: 'string', value: 'F', default: 'stylish', help: 'stylish | json | sarif | github' },
    output: { type: 'string', value: 'FILE', default: 'standard output', help: 'write the problems to FILE' },
    pack: { ...PACK, help: 'the pack configs and snapshots are checked against' },
    'max-file-size': MAX_FILE_SIZE,
  },
  examples: [
    { run: "preflight validate 'config/**/*.yaml' rules/ fixtures/snapshots/", does: 'every config, the pack and every snapshot', common: true },
    { run: 'preflight validate config/demo-harbor-point.yaml', does: 'one customer config, with the files it extends' },
    { run: 'preflight validate rules/ --format sarif --output reports/validate.sarif', does: 'the pack, as SARIF for code scanning' },
  ],
  exits: { 0: 'no problems', 1: 'problems found (all of them are listed)', 2: 'wrong arguments, or a path that could not be read' },
} as const satisfies CommandSpec;

export const TEST = {
  summary: "run every rule's cases (<id>.cases.yaml) and doc examples (<id>.md)",
  usage: ['[--pack DIR] [--verbose]'],
  options: {
    pack: PACK,
    verbose: { type: 'boolean', help: 'list passing cases too' },
  },
  examples: [
    { run: 'preflight test', does: "the bundled pack's cases and examples", common: true },
    { run: 'preflight test --pack rules --verbose', does: 'a pack folder, every case named' },
  ],
  exits: { 0: 'every case passed', 1: 'a case failed', 2: 'the pack or its cases could not be loaded' },
} as const satisfies CommandSpec;

export const RULES = {
  summary: "list the pack's rules: id, severity, actor, category, confidence, title",
  usage: ['[--format table|json] [--pack DIR]'],
  options: {
    format: { type: 'string', value: 'F', default: 'table', help: 'table | json' },
    pack: PACK,
  },
  examples: [
    { run: 'preflight rules', does: 'the pack at a glance' },
    { run: 'preflight rules --format json', does: 'the same, for scripts' },
  ],
  exits: { 0: 'listed', 2: 'the pack could not be loaded' },
} as const satisfies CommandSpec;

export const SURVEY = {
  summary: 'write the blank site survey: every fact the pack reads that only a person can record',
  usage: ['[--output FILE] [--pack DIR]'],
  options: {
    output: { type: 'string', value: 'FILE', default: 'standard output', help: 'write the survey to FILE' },
    pack: PACK,
  },
  examples: [
    { run: 'preflight survey --output survey.yaml', does: 'a commented form to fill in; blank answers stay "not recorded"' },
    { run: 'preflight survey', does: 'the same, on standard output' },
  ],
  exits: { 0: 'written', 2: 'the pack could not be loaded, or FILE is one of its inputs' },
} as const satisfies CommandSpec;

export const DIFF = {
  summary: 'compare two JSON reports: new, fixed, still failing, now waived, changed values',
  usage: ['OLD.json NEW.json [options]'],
  arguments: [{ name: 'OLD.json NEW.json', help: 'two reports written by check --format json, of the same customer and pack' }],
  options: {
    format: { type: 'string', value: 'F', default: 'stylish', help: 'stylish | json' },
    output: { type: 'string', value: 'FILE', default: 'standard output', help: 'write the comparison to FILE' },
    'fail-on': { type: 'string', value: 'LEVEL', default: 'error', help: `exit 1 when a problem new since OLD is at or above LEVEL: ${FAIL_ON}` },
    'allow-other-customer': ALLOW_OTHER,
    'max-file-size': MAX_FILE_SIZE,
  },
  examples: [
    { run: 'preflight check --config config/demo-harbor-point.yaml --as-of 2026-12-01 --format json --output reports/december.json', does: 'first, a report to compare with later' },
    { run: 'preflight check --config config/demo-harbor-point.yaml --as-of 2027-02-01 --format json --output reports/february.json', does: 'then the same customer once its waiver has expired' },
    { run: 'preflight diff reports/december.json reports/february.json --fail-on warning', does: 'what is new: the waived warning fails again (exit 1)', common: true },
  ],
  exits: { 0: 'nothing new at or above --fail-on', 1: 'NEW has such a problem that OLD did not', 2: 'wrong arguments, a file that is not a report, or reports of different customers or packs' },
} as const satisfies CommandSpec;

export const SCHEMA = {
  summary: 'write the JSON Schemas editors use to complete and check the YAML files',
  usage: ['--out-dir DIR [--pack DIR]'],
  options: {
    'out-dir': { type: 'string', value: 'DIR', help: 'where to write them (created when missing; the repository keeps them in schemas/)' },
    pack: PACK,
  },
  examples: [
    { run: 'preflight schema --out-dir schemas', does: "regenerate the repository's schemas after changing the pack" },
    { run: 'preflight schema --pack rules --out-dir out/schemas', does: "a pack's schemas, somewhere else" },
  ],
  exits: { 0: 'written', 2: 'the pack could not be loaded, or DIR cannot be a folder' },
} as const satisfies CommandSpec;

export const DEMO = {
  summary: 'check the bundled demo customer and write reports/readiness.html and .json (npm start)',
  usage: [''],
  options: {},
  examples: [
    { run: 'preflight demo', does: 'Harbor Point Builders, on the terminal and in reports/' },
    { run: 'preflight check --config config/demo-harbor-point.yaml --explain', does: 'the same check, with why each finding came out as it did' },
  ],
  exits: { 0: 'always: it is a demonstration', 2: 'the bundled files could not be read' },
} as const satisfies CommandSpec;
