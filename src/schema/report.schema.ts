// JSON Schema (draft-07) of the JSON report written by `preflight check --format json`.
import { CATEGORIES, SEVERITIES } from './rule.schema.ts';

const location = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'column'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
};
const count = { type: 'integer', minimum: 0 };
const waiverRecord = {
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'approver', 'ticket', 'expires', 'location', 'status', 'matched'],
  properties: {
    rule: { type: 'string' },
    key: { type: 'string' },
    scope: { type: 'string' },
    reason: { type: 'string' },
    approver: { type: 'string' },
    ticket: { type: 'string' },
    expires: { type: 'string' },
    location,
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
      properties: { name: { const: 'preflight' }, version: { type: 'string' } },
    },
    pack: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { type: 'string' }, version: { type: 'string' } },
    },
    customer: { type: 'string' },
    snapshot: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'captured_at'],
      properties: {
        file: { type: 'string' },
        captured_at: { type: 'string' },
        captured_by: { type: 'string' },
        sources: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    config: { type: 'array', items: { type: 'string' }, description: 'Config files applied, most general first; empty without --config.' },
    asOf: { type: 'string', format: 'date', description: 'The day waivers were judged against (UTC).' },
    failOn: { enum: [...SEVERITIES, 'never'] },
    verdict: {
      enum: ['ready', 'not-ready'],
      description: 'not-ready when an error-severity finding failed, is not evaluable or is blocked. The exit code follows failOn.',
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['blocking', 'warnings', 'notes', 'passed', 'notEvaluable', 'blocked', 'notApplicable', 'waived'],
      properties: {
        blocking: { ...count, description: 'Failed error-severity findings.' },
        warnings: { ...count, description: 'Failed warning-severity findings.' },
        notes: { ...count, description: 'Failed info- and hint-severity findings.' },
        passed: count,
        notEvaluable: count,
        blocked: count,
        notApplicable: count,
        waived: count,
      },
    },
    waivers: { type: 'array', items: waiverRecord, description: 'The waiver register: every waiver of the config with its status.' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'ruleId', 'outcome', 'severity', 'category', 'actor', 'confidence', 'title', 'message', 'evidence', 'settings', 'ruleLocation', 'location'],
        properties: {
          key: { type: 'string', description: 'ruleId or ruleId/itemKey; stable across runs.' },
          ruleId: { type: 'string' },
          itemKey: { type: 'string' },
          outcome: { enum: ['pass', 'fail', 'not-evaluable', 'blocked', 'not-applicable', 'waived'] },
          severity: { enum: [...SEVERITIES] },
          category: { enum: [...CATEGORIES] },
          actor: { type: 'string' },
          confidence: { enum: ['confirmed', 'unconfirmed'] },
          title: { type: 'string' },
          message: { type: 'string' },
          evidence: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'pointer', 'present', 'location'],
              properties: {
                path: { type: 'string', description: 'Fact name, e.g. hh2.client.version.' },
                pointer: { type: 'string', description: 'JSON pointer into the snapshot.' },
                present: { type: 'boolean' },
                value: { description: 'The value read (absent when the fact is missing).' },
                location: { ...location, description: 'Where the fact stands; for a missing fact, its nearest parent.' },
              },
            },
          },
          settings: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'value'],
              properties: { name: { type: 'string' }, value: {} },
            },
          },
          missing: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path'],
              properties: { path: { type: 'string' }, collect: { type: 'string' } },
            },
          },
          blockedBy: { type: 'array', items: { type: 'string' } },
          waivedOutcome: { enum: ['fail', 'not-evaluable', 'blocked'], description: 'For a waived finding: its outcome without the waiver.' },
          waiver: {
            type: 'object',
            additionalProperties: false,
            required: ['reason', 'approver', 'ticket', 'expires', 'location'],
            properties: { reason: { type: 'string' }, approver: { type: 'string' }, ticket: { type: 'string' }, expires: { type: 'string' }, location },
          },
          explanation: {
            type: 'array',
            description: 'With --explain: each operation of the deciding expression, in order, with the values it produced.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['depth', 'expression', 'location'],
              properties: {
                depth: { type: 'integer', minimum: 0 },
                expression: { type: 'string' },
                location,
                values: { type: 'array', description: 'Absent when the operation was never evaluated (short-circuit).' },
                raised: { type: 'boolean', description: 'The operation started but rejected a value (e.g. not a version).' },
              },
            },
          },
          remediation: { type: 'string', description: "The rule's remediation steps (markdown)." },
          docs: { type: 'string', description: "Path of the rule's doc, relative when the rule file's path was." },
          ruleLocation: location,
          location,
        },
      },
    },
  },
} as const;
