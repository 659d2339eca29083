// Mistakes on the command line itself: exit 2 with a one-line message and a pointer to help.
import { capped } from '../diagnostics.ts';

export class UsageError extends Error {
  /** Every "quoted" value in the message is capped in length: an option's value may be a pasted file or secret. */
  constructor(message: string) {
    super(message.replace(/"([^"\n]*)"/g, (_all, value: string) => `"${capped(value)}"`));
    this.name = 'UsageError';
  }
}

export const HELP = `preflight — readiness checks for the Procore → Sage 300 CRE subcontractor invoice export

Usage: preflight <command> [options]

Commands:
  check      evaluate the rules for one customer
               --config FILE          the customer's config (snapshot, settings, rule levels, waivers)
               --snapshot FILE        the customer's snapshot (YAML or JSON); alone: the pack's defaults
               --all DIR              every customer config under DIR; with --out-dir OUT (default reports/:
                                      DIR/east/acme.yaml reports in OUT/east/acme/) and --jobs N (default:
                                      the cores; never more than the cores or customers)
               --live                 read the Procore facts from Procore's API now (see snapshot)
               --survey FILE          with --live: hh2, Sage and on-site facts from a filled survey
               --pack DIR             rule pack folder (default: the bundled pack)
               --format F             stylish (default) | json | html | sarif | junit | github;
                                      repeat with --output for several reports from one run
               --output FILE          write the report to FILE instead of standard output
               --fail-on LEVEL        error (default) | warning | info | hint | never
               --set NAME=VALUE       a setting from the command line (the last layer)
               --as-of YYYY-MM-DD     the day waivers are judged against (default: today, UTC)
               --print-config         print the effective config, each value with its file:line; no check
               --show-passed          list passed and not-applicable findings too
               --explain              show, under each finding, the sub-expressions of its check and their values
               --baseline OLD.json    also show what changed since an earlier JSON report (stylish, html, sarif)
               --allow-other-customer compare with a baseline of another customer or pack (else exit 2)
               --max-file-size SIZE   largest YAML/JSON file read (default 10MiB), e.g. 50MB
  export     turn approved Procore invoices into Sage AP payloads and the AP import file
               --config FILE | --snapshot FILE   the customer (reference data for lookups)
               --invoices PATH        JSON (one invoice or an array), NDJSON, or a folder of them; repeatable
               --out-dir DIR          a new, empty or earlier export's folder (never . or an input): each
                                      run writes DIR/runs/<UTC time>-<id>/ (payloads.json, ap-import.txt,
                                      rejections.json/.csv, summary.json), visible only once complete;
                                      DIR/ledger.json lists every invoice exported, DIR/latest the newest
                                      run; one export at a time per DIR (DIR/.lock)
               --dry-run              print the payloads and the summary; write nothing
               --trace                each payload field with its formula and the Procore values it read
               --accounting-date D    accounting date (YYYY-MM-DD) for invoices that carry none
               --allow-reexport       export invoices the ledger says were exported before
               --ledger FILE          keep the ledger in FILE instead of DIR/ledger.json (locked as FILE.lock)
               --layout FILE          the customer's corrected AP import layout
               --jobs N               work NDJSON invoices out in N worker threads (default 1; same output,
                                      more memory; worth it on more than two cores; at most the cores and
                                      the batches of 128 invoices)
               exit 0 all exported, 1 some rejected, 2 the run could not happen
  validate   check packs (with cases and docs), configs, snapshots and surveys: schemas, references,
             formulas; every problem of every file in one run (exit 1 when there are problems)
               PATH|GLOB...           files, folders and globs, e.g. 'config/**/*.yaml' rules/
               --format F             stylish (default) | json | sarif | github;  --output FILE
               --pack DIR             the pack configs are checked against (default: the bundled pack)
  test       run every rule's cases (<id>.cases.yaml) and doc examples (<id>.md)
               --pack DIR  --verbose
  survey     write the blank site survey of every fact the pack reads that only a person can record
               --output FILE  --pack DIR
  diff       compare two JSON reports by finding key: new, fixed, still failing, now waived, changed values
               OLD.json NEW.json      reports written by check --format json
               --format F             stylish (default) | json;  --output FILE
               --fail-on LEVEL        exit 1 when a problem new since OLD is at or above LEVEL (default error)
               --allow-other-customer compare reports of different customers or packs (else exit 2)
  snapshot   capture a live snapshot: Procore facts from its REST API, the rest from the survey
               --live                 required (or a --config whose snapshot is { live: true })
               --survey FILE          the filled site survey, merged in (live values win)
               --output FILE          write the snapshot there (default: standard output)
               --invoices-output FILE also write the subcontractor invoices, as JSON in Procore's REST shape
               --config FILE  --set NAME=VALUE  --pack DIR
               --debug                log each request to stderr (also PREFLIGHT_DEBUG=1); --debug-log FILE
             credentials only from PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET; company, URLs,
             page size, timeout and retries from the procore.* settings
  rules      list the pack's rules (--format table|json, --pack DIR)
  schema     write the JSON Schemas for editors
               --out-dir DIR          where to write them (the repository keeps them in schemas/)
  demo       check the bundled demo customer and write reports/readiness.html and .json (npm start)
  help       show this text

Exit codes: 0 ready/valid, 1 findings at or above --fail-on (or problems found by validate),
2 the tool could not do its job (bad rule file, bad snapshot, unreadable path, a file that is not a report,
reports of different customers or packs).
diff exits 1 when NEW has a problem at or above --fail-on that OLD did not have, else 0.
`;
