// JSON Schema (draft-07) of a rule file: the editor's and `preflight validate`'s single source of truth.

const logic = {
  description: 'A json-logic expression. Operations are checked when the pack loads (see docs/operations.md).',
};

export const ACTORS = {
  'procore-administrator': 'Procore Administrator',
  'sage-administrator': 'Sage 300 CRE administrator',
  'executive-sponsor': 'Executive Sponsor',
  'accounting-approver': 'Accounting approver',
  'it-administrator': 'IT administrator (Sage server)',
  'procore-support': 'Procore point of contact',
  consultant: 'Implementation consultant',
  'ap-staff': 'Accounts payable staff',
} as const;

export const CATEGORIES = ['permission', 'prerequisite', 'setting', 'mapping', 'limitation', 'invoice'] as const;
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/**
 * A string that names one of the pack's rules (given as id → what completion shows beside it): an enum, so
 * editors complete the ids and flag a misspelt one. `x-reference` lets validate say "unknown rule" with the
 * closest id instead of listing every allowed value.
 */
export function ruleIdEnum(rules: ReadonlyMap<string, string>): Record<string, unknown> {
  const ids = [...rules.keys()].sort();
  if (ids.length === 0) return { type: 'string' };
  return { type: 'string', enum: ids, enumDescriptions: ids.map((id) => rules.get(id)), 'x-reference': 'rule' };
}

export const ruleSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/rule.schema.json',
  title: 'preflight rule',
  description: 'One readiness rule: when it applies, what it checks, and how to fix a failure.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'severity', 'category', 'actor', 'confidence', 'source', 'check', 'message', 'remediation'],
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      'x-message': 'must be kebab-case (lower-case words joined by hyphens) and match the file name',
      description: 'Stable id; equals the file name without .yaml. Finding keys, waivers and reports use it.',
    },
    title: { type: 'string', minLength: 1, description: 'One line that states the requirement.' },
    severity: {
      enum: [...SEVERITIES],
      description: 'How much a failure matters; configs may override it.',
      enumDescriptions: ['Blocks the export.', 'Should be fixed; does not block.', 'Worth knowing.', 'A suggestion.'],
    },
    category: { enum: [...CATEGORIES], description: 'Groups findings in reports.' },
    actor: {
      enum: Object.keys(ACTORS),
      description: 'Who must act to fix a failure.',
      enumDescriptions: Object.values(ACTORS),
    },
    confidence: {
      enum: ['confirmed', 'unconfirmed'],
      description: 'Whether the requirement is confirmed by a public source; unconfirmed rules are marked in reports.',
    },
    source: { type: 'string', minLength: 1, description: 'Where the requirement comes from.' },
    scope: {
      enum: ['snapshot', 'invoice'],
      default: 'snapshot',
      description: 'What one evaluation sees: the customer snapshot, or one invoice during export.',
    },
    when: { ...logic, description: 'Applicability (json-logic). When false the finding is not-applicable.' },
    each: {
      type: ['string', 'object'],
      description:
        'A fact path (or json-logic yielding a list or mapping): the check runs once per item, bound as `item`, and each finding is keyed ruleId/itemKey.',
    },
    eachKey: {
      type: 'string',
      description: 'Path inside an object item that names it in the finding key; default: the item itself (text) or its mapping key.',
    },
    check: { ...logic, description: 'The requirement (json-logic). Truthy passes.' },
    values: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][A-Za-z0-9]*$' },
      additionalProperties: logic,
      description: 'Named json-logic values computed after the check (counts, lists); the message reads them as {{values.name}}.',
    },
    requires: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
      uniqueItems: true,
      description: 'Rule ids that must pass first; otherwise this finding is blocked.',
    },
    waivable: {
      type: 'boolean',
      description: 'false: no config may waive this rule (e.g. the physical import layout: a waived value would break the file Sage reads). Default true.',
    },
    message: {
      type: 'string',
      minLength: 1,
      description: 'Failure message (Handlebars): facts by path, e.g. {{hh2.client.version}}, `item`, and {{setting "name"}}.',
    },
    passMessage: { type: 'string', description: 'Optional message when the rule passes.' },
    remediation: { type: 'string', minLength: 1, description: 'Steps that fix a failure (markdown).' },
    docs: { type: 'string', description: 'Path of the rule doc relative to the rule file; default: the same name with .md.' },
  },
} as const;

/**
 * The rule schema as published for editors: `requires` completes the pack's rule ids. Rule files are validated
 * with ruleSchema itself (the ids are known only once every rule file is read); the pack loader then reports an
 * unknown id in `requires` as a reference problem, so editor and validate flag the same entries.
 */
export function publishedRuleSchema(rules: ReadonlyMap<string, string>): object {
  const { requires } = ruleSchema.properties;
  return { ...ruleSchema, properties: { ...ruleSchema.properties, requires: { ...requires, items: { ...requires.items, ...ruleIdEnum(rules) } } } };
}
