// JSON Schema (draft-07) of a field mapping: each Sage AP invoice field as a json-logic formula over one Procore invoice.

const NAME = { pattern: '^[a-z][A-Za-z0-9]*$' };

const field = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'type', 'formula'],
  description: 'One Sage field: its label, its type and the formula that computes it.',
  properties: {
    label: { type: 'string', minLength: 1, description: 'The Sage field as Sage names it, e.g. "Acct Date".' },
    type: {
      enum: ['text', 'money', 'date', 'quantity'],
      description: 'What the formula must produce (or null): text; an amount as decimal text; a date YYYY-MM-DD; a quantity as decimal text.',
      enumDescriptions: ['Text.', 'An amount, exact decimal text such as "1234.50".', 'A date written YYYY-MM-DD.', 'A quantity as decimal text, such as "1250.000".'],
    },
    confidence: {
      enum: ['confirmed', 'unconfirmed'],
      default: 'confirmed',
      description: 'Whether public sources confirm this field mapping; unconfirmed ones are marked in traces.',
    },
    description: { type: 'string', description: 'Why the formula is what it is (markdown).' },
    formula: {
      description:
        'json-logic over `invoice` (the Procore requisition), the snapshot sections (procore, sage…), `computed`, and per section `line` + `distribution` or `distributions` + `header`. Amounts only through money_* operations.',
    },
  },
};

const section = (description: string) => ({
  type: 'object',
  description,
  propertyNames: { ...NAME, 'x-message': 'must be a camelCase name such as accountingDate' },
  additionalProperties: field,
});

export const mappingSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://preflight.example/schemas/mapping.schema.json',
  title: 'preflight field mapping',
  description: 'How one Procore subcontractor invoice becomes one Sage AP invoice: header fields and one distribution per line item.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'header', 'distribution'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', 'x-message': 'must be kebab-case', description: 'The mapping name (kebab-case).' },
    description: { type: 'string', description: 'What the mapping is for.' },
    computed: section('Named values computed once per invoice, before the distributions; formulas and rules read them as computed.<name>. Not exported.'),
    distribution: section('One Sage distribution per Procore line item, fields in order; formulas read `line` and earlier fields as distribution.<name>.'),
    header: section('The Sage AP invoice header, fields in order; formulas read `distributions` (the mapped list) and earlier fields as header.<name>.'),
  },
} as const;
