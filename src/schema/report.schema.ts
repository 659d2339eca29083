// JSON Schema (draft-07) of the JSON report written by `preflight check --format json`.
import { CATEGORIES, SEVERITIES } from './rule.schema.ts';

const position = (description: string) => ({ type: 'integer', minimum: 1, description });
const location = (description: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'column'],
  description,
  properties: {
    file: { type: 'string', description: 'The file, as the command was given it (relative when it was).' },
    line: position('The line, from 1.'),
    column: position('The column, from 1.'),
    endLine: position('The line where the span ends.'),
    endColumn: position('The column where the span ends.'),
  },
});
const count = (description: string) => ({ type: 'integer', minimum: 0, description });
/** What a waiver says, as the config wrote it. */
const waiverText = {
  reason: { type: 'string', description: 'Why the failure is accepted.' },
  approver: { type: 'string', description: 'Who accepted it.' },
  ticket: { type: 'string', description: 'The ticket that records the decision.' },
  expires: { type: 'string', description: 'The last day the waiver holds (inclusive), YYYY-MM-DD.' },
};
const waiverRecord = {
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'approver', 'ticket', 'expires', 'location', 'status', 'matched'],
  properties: {
    rule: { type: 'string', description: 'The rule it waives, when it names a rule.' },
    key: { type: 'string', description: 'The finding key it waives, when it names one finding.' },
    scope: { type: 'string', description: 'The item its rule is narrowed to.' },
    ...waiverText,
    location: location('Where the waiver stands in its config.'),
    status: { enum: ['active', 'expired', 'stale'], description: 'stale: matches no failing finding.' },
    matched: { type: 'array', items: { type: 'string' }, description: 'Finding keys the waiver covers.' },
  },
};

export const reportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/report.schema.json',
  title: 'preflight readiness report',
  description: 'One customer checked against one rule pack. Findings are ordered by rule file, line, column and key.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'pack', 'customer', 'snapshot', 'config', 'asOf', 'failOn', 'verdict', 'summary', 'findings', 'waivers'],
  properties: {
    schemaVersion: { const: 1, description: 'Bumped on any change a reader must know about.' },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      description: 'The tool that wrote the report.',
      properties: { name: { const: 'preflight', description: 'Always preflight.' }, version: { type: 'string', description: 'Its version.' } },
    },
    pack: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      description: 'The rule pack the customer was checked against.',
      properties: { name: { type: 'string', description: 'The pack name.' }, version: { type: 'string', description: 'The pack version.' } },
    },
    customer: { type: 'string', description: "The customer's name: the config's customer, else the snapshot's meta.customer." },
    snapshot: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'captured_at'],
      description: 'The snapshot the facts came from.',
      properties: {
        file: { type: 'string', description: 'The snapshot file.' },
        captured_at: { type: 'string', description: 'When its facts were captured (ISO 8601).' },
        captured_by: { type: 'string', description: 'Who captured them.' },
        sources: {
          type: 'object',
          description: 'Where each section came from, by section.',
          additionalProperties: { type: 'string', description: 'fixture, live or survey.' },
        },
      },
    },
    config: { type: 'array', items: { type: 'string' }, description: 'Config files applied, most general first; empty without --config.' },
    asOf: { type: 'string', format: 'date', description: 'The day waivers were judged against (UTC).' },
    failOn: { enum: [...SEVERITIES, 'never'], description: 'The lowest severity whose problems made the run exit 1 (--fail-on, or check.failOn).' },
    verdict: {
      enum: ['ready', 'not-ready'],
      description: 'not-ready when an error-severity finding failed, is not evaluable or is blocked. The exit code follows failOn.',
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['blocking', 'warnings', 'notes', 'passed', 'notEvaluable', 'blocked', 'notApplicable', 'waived'],
      description: 'How many findings came out each way.',
      properties: {
        blocking: count('Failed error-severity findings.'),
        warnings: count('Failed warning-severity findings.'),
        notes: count('Failed info- and hint-severity findings.'),
        passed: count('Findings that passed.'),
        notEvaluable: count('Findings that could not be judged: a fact they read is not recorded.'),
        blocked: count('Findings not judged because a rule they require did not pass.'),
        notApplicable: count('Findings whose rule does not apply to this customer.'),
        waived: count('Failures an active waiver accepts.'),
      },
    },
    waivers: { type: 'array', items: waiverRecord, description: 'The waiver register: every waiver of the config with its status.' },
    findings: {
      type: 'array',
      description: 'One finding per rule, or per item of a rule that checks each item of a list.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'ruleId', 'outcome', 'severity', 'category', 'actor', 'confidence', 'title', 'message', 'evidence', 'settings', 'ruleLocation', 'location'],
        properties: {
          key: { type: 'string', description: 'ruleId or ruleId/itemKey; stable across runs.' },
          ruleId: { type: 'string', description: 'The rule that produced the finding.' },
          itemKey: { type: 'string', description: 'For a rule that checks each item: which item.' },
          outcome: { enum: ['pass', 'fail', 'not-evaluable', 'blocked', 'not-applicable', 'waived'], description: 'How the finding came out.' },
          severity: { enum: [...SEVERITIES], description: "The rule's severity after the config's overrides." },
          category: { enum: [...CATEGORIES], description: "The rule's category." },
          actor: { type: 'string', description: 'Who must act to fix a failure.' },
          confidence: { enum: ['confirmed', 'unconfirmed'], description: 'Whether a public source confirms the requirement.' },
          title: { type: 'string', description: "The rule's title." },
          message: { type: 'string', description: 'What was found, in words (the failure message, or the pass message).' },
          evidence: {
            type: 'array',
            description: 'Every fact the rule read, with its value and where it stands in the snapshot.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'pointer', 'present', 'location'],
              properties: {
                path: { type: 'string', description: 'Fact name, e.g. hh2.client.version.' },
                pointer: { type: 'string', description: 'JSON pointer into the snapshot.' },
                present: { type: 'boolean', description: 'false when the snapshot does not record the fact.' },
                value: { description: 'The value read (absent when the fact is missing).' },
                location: location('Where the fact stands; for a missing fact, its nearest parent.'),
              },
            },
          },
          settings: {
            type: 'array',
            description: 'Every setting the rule read, with its effective value.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'value'],
              properties: { name: { type: 'string', description: 'The setting, by dotted name.' }, value: { description: 'Its effective value.' } },
            },
          },
          missing: {
            type: 'array',
            description: 'For a finding that is not evaluable: each fact that is not recorded.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path'],
              properties: {
                path: { type: 'string', description: 'The fact, by dotted path.' },
                collect: { type: 'string', description: 'How a person records it.' },
              },
            },
          },
          blockedBy: { type: 'array', items: { type: 'string' }, description: 'For a blocked finding: the required rules that did not pass.' },
          waivedOutcome: { enum: ['fail', 'not-evaluable', 'blocked'], description: 'For a waived finding: its outcome without the waiver.' },
          waiver: {
            type: 'object',
            additionalProperties: false,
            required: ['reason', 'approver', 'ticket', 'expires', 'location'],
            description: 'For a waived finding, or one whose waiver expired: the waiver.',
            properties: { ...waiverText, location: location('Where the waiver stands in its config.') },
          },
          explanation: {
            type: 'array',
            description: 'With --explain: each operation of the deciding expression, in order, with the values it produced.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['depth', 'expression', 'location'],
              properties: {
                depth: { type: 'integer', minimum: 0, description: 'How deep the operation is nested in the expression (0: the whole check).' },
                expression: { type: 'string', description: 'The operation, as json-logic text.' },
                location: location('Where the operation stands in the rule file.'),
                values: { type: 'array', description: 'Absent when the operation was never evaluated (short-circuit).' },
                raised: { type: 'boolean', description: 'The operation started but rejected a value (e.g. not a version).' },
              },
            },
          },
          remediation: { type: 'string', description: "The rule's remediation steps (markdown)." },
          docs: { type: 'string', description: "Path of the rule's doc, relative when the rule file's path was." },
          ruleLocation: location("The rule's file, at its id."),
          location: location('Where the finding is shown: its first evidence, else its rule.'),
        },
      },
    },
  },
} as const;
